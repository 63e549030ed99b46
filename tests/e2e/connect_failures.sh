#!/bin/sh
# Connections that fail are results, explained in one line on stderr
# (exit status 1), never crashes: refused, timeout, a server that is not
# TLS, fatal alerts, no shared version; bad command lines exit 2.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/e2e/live_lib.sh"
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing (apt-get install openssl)"

sh "$E2E/mklivepki.sh" "$TMP/pki" || { echo "Bail out! mklivepki.sh failed"; exit 1; }
K=$TMP/pki

fails() { # fails NAME STATUS PATTERN -- ARGS...: one stderr line
	name=$1 want=$2 pat=$3
	shift 4
	"$TLSVIEW" "$@" >"$TMP/out" 2>"$TMP/err"
	st=$?
	ok $([ "$st" -eq "$want" ]; echo $?) "$name: exit status $want (got $st)"
	lines=$(wc -l <"$TMP/err")
	ok $([ "$lines" -eq 1 ] && grep -q -- "$pat" "$TMP/err"; echo $?) \
		"$name: one line on stderr matching '$pat'"
	[ "$lines" -eq 1 ] && grep -q -- "$pat" "$TMP/err" || diag "stderr: $(cat "$TMP/err")"
}

# --- nothing listens --------------------------------------------------------
p=$(free_port)
fails "refused" 1 "^tlsview: 127.0.0.1:$p: cannot connect to 127.0.0.1:$p: connection refused (nothing listens on that port)$" \
	-- "127.0.0.1:$p"
ok $([ ! -s "$TMP/out" ]; echo $?) "refused: nothing on stdout"
fails "unknown service name" 1 "unknown port name 'no-such-service'" -- "127.0.0.1:no-such-service"

# --- listens, never answers ---------------------------------------------------
start "$TMP/peer.log" "$PY" "$E2E/peer.py" "$K/chain-ec.pem" "$K/leaf.key" "$TMP/ports" silent http
i=0
while [ ! -s "$TMP/ports" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
port() { awk -v m="$1" '$1 == m { print $2 }' "$TMP/ports"; }
t0=$(date +%s)
fails "timeout" 1 "no answer to the ClientHello within 1 s (--timeout)" -- --timeout 1 --json "127.0.0.1:$(port silent)"
t1=$(date +%s)
ok $([ $((t1 - t0)) -le 4 ]; echo $?) "timeout: --timeout 1 gives up within seconds ($((t1 - t0)) s)"
facts "$TMP/out"
has "$TMP/out" "1 msg client client_hello plain" "timeout: the ClientHello that went unanswered is shown"

# --- not TLS ------------------------------------------------------------------
fails "plain HTTP" 1 'the server does not speak TLS here: it answered "HTTP/1.1 400 Bad Request" (an HTTP server)$' \
	-- --json "127.0.0.1:$(port http)"

# --- fatal alerts ---------------------------------------------------------------
p=$(free_port)
start "$TMP/req.log" openssl s_server -accept "127.0.0.1:$p" -quiet -cert "$K/leaf.crt" \
	-key "$K/leaf.key" -cert_chain "$K/inter.crt" -Verify 1 -CAfile "$K/root.crt"
wait_listen "$p"
fails "client certificate required" 1 "the server sent a fatal alert, certificate_required (116): the server requires a client certificate (--client-cert and --client-key)" \
	-- --json "127.0.0.1:$p"
facts "$TMP/out"
has "$TMP/out" "1 alert server fatal certificate_required" "the (decrypted) alert is in the connection"
p=$(free_port)
start "$TMP/t12.log" openssl s_server -accept "127.0.0.1:$p" -quiet -cert "$K/leaf.crt" \
	-key "$K/leaf.key" -tls1_2
wait_listen "$p"
fails "no shared version" 1 "fatal alert, protocol_version (70): the server speaks none of the TLS versions offered" \
	-- --tls1.3 --json "127.0.0.1:$p"
facts "$TMP/out"
has "$TMP/out" "1 alert server fatal protocol_version" "the protocol_version alert is shown"
p=$(free_port)
start "$TMP/suite.log" openssl s_server -accept "127.0.0.1:$p" -quiet -cert "$K/leaf.crt" \
	-key "$K/leaf.key" -tls1_2 -cipher AES256-SHA256
wait_listen "$p"
fails "no shared cipher suite" 1 "fatal alert, handshake_failure (40): the server accepts nothing the ClientHello offers" \
	-- --priority 'NORMAL:-RSA' --json "127.0.0.1:$p"

# --- usage errors ---------------------------------------------------------------
fails "unknown STARTTLS protocol" 2 "^tlsview: --starttls gopher: not a protocol tlsview speaks (smtp, imap" -- --starttls gopher example.test
fails "bad port" 2 "not HOST\[:PORT\]" -- example.test:99999
fails "unclosed bracket" 2 "no ']' after the IPv6 address" -- "[::1:443"
fails "--sni with --no-sni" 2 "exclude each other" -- --sni a --no-sni example.test
fails "bad version" 2 "--min-version 1.4: give a TLS version" -- --min-version 1.4 example.test
fails "bounds inverted" 2 "above --max-version" -- --min-version 1.3 --max-version 1.2 example.test
fails "bad priority" 2 "^tlsview: --priority NOPE: GnuTLS does not accept it" -- --priority NOPE example.test
fails "bad ALPN list" 2 "each protocol name has 1 to 255 bytes" -- --alpn 'h2,,x' example.test
fails "two hosts" 2 "give one HOST" -- a.example b.example
fails "a capture file" 2 "a capture file, not a host (read it with -r x.pcap)" -- x.pcap
fails "missing client key file" 1 "cannot load the client certificate and key" -- --client-cert "$TMP/none.pem" example.test

# -w into a directory that does not exist: an error, and no file
p=$(free_port)
start "$TMP/w.log" openssl s_server -accept "127.0.0.1:$p" -quiet -cert "$K/leaf.crt" -key "$K/leaf.key"
wait_listen "$p"
fails "-w unwritable" 1 "^tlsview: $TMP/no/dir/x.pcapng: cannot create a file next to it" -- -w "$TMP/no/dir/x.pcapng" --json "127.0.0.1:$p"
ok $([ ! -e "$TMP/no" ]; echo $?) "-w unwritable: nothing created"

stop_servers
done_testing
