#!/bin/sh
# -i IFACE: sniffing the loopback interface while curl and openssl make
# TLS connections reports them through the same pipeline as -r, each as
# it completes; SIGINT stops the capture and flushes the one still open.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/e2e/live_lib.sh"
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing (apt-get install openssl)"
command -v curl >/dev/null 2>&1 || skip_all "curl missing (apt-get install curl)"

# sniff OUT ARGS...: tlsview -i lo in the background ($SNIFF), once it
# says it is listening (or has exited)
sniff() {
	out=$1
	shift
	"$TLSVIEW" -i lo --json "$@" >"$out" 2>"$out.err" &
	SNIFF=$!
	i=0
	while ! grep -q 'listening on lo' "$out.err" && kill -0 $SNIFF 2>/dev/null &&
		[ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# stop_sniff: SIGINT, and its exit status once it has flushed; never
# leaves it running
stop_sniff() {
	kill -INT $SNIFF 2>/dev/null
	i=0
	while kill -0 $SNIFF 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL $SNIFF 2>/dev/null
	wait $SNIFF
}

# permission to capture: a tiny capture of lo says whether we have it
sniff "$TMP/perm" -f 'tcp port 1'
stop_sniff
if grep -q 'needs root or the CAP_NET_RAW' "$TMP/perm.err"; then
	skip_all "no permission to capture on lo (needs root or CAP_NET_RAW and CAP_NET_ADMIN)"
fi
grep -q 'listening on lo' "$TMP/perm.err" || skip_all "cannot capture on lo: $(cat "$TMP/perm.err")"

sh "$E2E/mklivepki.sh" "$TMP/pki" || { echo "Bail out! mklivepki.sh failed"; exit 1; }
K=$TMP/pki
p=$(free_port)
start "$TMP/server.log" openssl s_server -accept "127.0.0.1:$p" -www -quiet \
	-cert "$K/leaf.crt" -key "$K/leaf.key" -cert_chain "$K/inter.crt"
wait_listen "$p"

lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
wait_lines() { # wait_lines FILE N: up to 10 s
	i=0
	while [ "$(lines "$1")" -lt "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

sniff "$TMP/a" -f "tcp port $p"
curl -sk --tlsv1.2 --tls-max 1.2 --resolve "www.example.test:$p:127.0.0.1" \
	"https://www.example.test:$p/" -o /dev/null
ok $? "curl makes a TLS 1.2 connection"
wait_lines "$TMP/a" 1
ok $([ "$(lines "$TMP/a")" -eq 1 ]; echo $?) "the connection is reported as soon as it completes, before the capture stops"
curl -sk --tlsv1.3 "https://127.0.0.1:$p/" -o /dev/null
ok $? "curl makes a TLS 1.3 connection"
wait_lines "$TMP/a" 2
stop_sniff
ok $? "SIGINT ends the capture with exit status 0"
facts "$TMP/a"
has "$TMP/a" "1 sni www.example.test" "curl's SNI is seen"
has "$TMP/a" "1 version TLS 1.2" "curl's TLS 1.2 connection is decoded"
has "$TMP/a" "1 server 127.0.0.1 $p" "the server endpoint is right"
has "$TMP/a" "1 msg server certificate plain" "the TLS 1.2 Certificate is decoded"
has "$TMP/a" "1 certs 2" "the chain is extracted"
has "$TMP/a" "2 version TLS 1.3" "curl's TLS 1.3 connection is decoded"
has "$TMP/a" "2 msg server server_hello plain" "the TLS 1.3 ServerHello is decoded"

# a connection still open when the capture stops is flushed
sniff "$TMP/b" -f "tcp port $p"
(sleep 4 | openssl s_client -connect "127.0.0.1:$p" -quiet >/dev/null 2>&1) &
client=$!
sleep 1
stop_sniff
ok $? "SIGINT with a connection open: exit status 0"
facts "$TMP/b"
has "$TMP/b" "1 msg server server_hello plain" "the open connection is reported at SIGINT"
has "$TMP/b" "1 msg client client_hello plain" "the open connection's ClientHello is in the report"
kill $client 2>/dev/null
wait $client 2>/dev/null

# -Z: the capture goes on as another user
if id nobody >/dev/null 2>&1; then
	sniff "$TMP/z" -f "tcp port $p" -Z nobody
	uid=$(awk '/^Uid:/ { print $2 }' "/proc/$SNIFF/status" 2>/dev/null)
	ok $([ "$uid" = "$(id -u nobody)" ]; echo $?) "-Z nobody: the capture runs as nobody (uid $uid)"
	curl -sk "https://127.0.0.1:$p/" -o /dev/null
	wait_lines "$TMP/z" 1
	stop_sniff
	ok $([ "$(lines "$TMP/z")" -eq 1 ]; echo $?) "-Z nobody: connections are still captured"
	"$TLSVIEW" -i lo -Z no-such-user-here >/dev/null 2>"$TMP/zerr"
	ok $([ $? -eq 2 ] && grep -q -- '-Z no-such-user-here: no such user' "$TMP/zerr"; echo $?) \
		"-Z with an unknown user is a usage error"
fi

# errors: permission, interface, filter
if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1 &&
	setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups \
		test -x "$TLSVIEW" 2>/dev/null; then
	setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups \
		"$TLSVIEW" -i lo >/dev/null 2>"$TMP/eperm"
	ok $([ $? -eq 1 ] && grep -q '^tlsview: capturing on lo needs root or the CAP_NET_RAW and CAP_NET_ADMIN capabilities' "$TMP/eperm"; echo $?) \
		"without permission the error says what is needed"
else
	ok 0 "# SKIP cannot run tlsview as nobody here"
fi
"$TLSVIEW" -i no-such-if0 >/dev/null 2>"$TMP/eif"
ok $([ $? -eq 1 ] && grep -q 'no-such-if0' "$TMP/eif"; echo $?) "an unknown interface: exit status 1, named"
"$TLSVIEW" -i lo -f 'tcp port' >/dev/null 2>"$TMP/ef"
ok $([ $? -eq 2 ] && grep -q "^tlsview: -f 'tcp port': not a capture filter" "$TMP/ef"; echo $?) \
	"a bad filter is a usage error"
"$TLSVIEW" -f 'tcp' -r x.pcap >/dev/null 2>"$TMP/eu"
ok $([ $? -eq 2 ]; echo $?) "-f without -i is a usage error"

stop_servers
done_testing
