#!/bin/sh
# --starttls PROTO: the plaintext preamble of each protocol against small
# servers speaking it (tests/e2e/peer.py), then TLS through the same
# decoder; the preamble is shown so the user sees where TLS begins.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/e2e/live_lib.sh"

sh "$E2E/mklivepki.sh" "$TMP/pki" || { echo "Bail out! mklivepki.sh failed"; exit 1; }
K=$TMP/pki
TRUST="--no-system-ca --ca-file $K/root.crt --at 2030-01-01"
PROTOS="smtp imap pop3 ftp xmpp postgres ldap mysql"

start "$TMP/peer.log" "$PY" "$E2E/peer.py" "$K/chain-ec.pem" "$K/leaf.key" "$TMP/ports" \
	$PROTOS smtp-nostarttls postgres-refuses
i=0
while [ ! -s "$TMP/ports" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/ports" ] || { echo "Bail out! peer.py did not start: $(cat "$TMP/peer.log")"; exit 1; }
port() { awk -v m="$1" '$1 == m { print $2 }' "$TMP/ports"; }

# the last line the server sends before TLS, per protocol
last_server_line() {
	case $1 in
	smtp) echo "220 2.0.0 Ready to start TLS" ;;
	imap) echo "a002 OK Begin TLS negotiation now" ;;
	pop3) echo "+OK Begin TLS negotiation" ;;
	ftp) echo "234 AUTH TLS OK." ;;
	xmpp) echo "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" ;;
	postgres) echo "S (the server agrees: TLS follows)" ;;
	ldap) echo "ExtendedResponse: 0 (success)" ;;
	mysql) echo "greeting: protocol 10, server 8.0.36-test, TLS supported" ;;
	esac
}
last_client_line() {
	case $1 in
	smtp) echo "STARTTLS" ;;
	imap) echo "a002 STARTTLS" ;;
	pop3) echo "STLS" ;;
	ftp) echo "AUTH TLS" ;;
	xmpp) echo "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" ;;
	postgres) echo "SSLRequest (code 80877103: the client asks for TLS)" ;;
	ldap) echo "ExtendedRequest StartTLS (1.3.6.1.4.1.1466.20037)" ;;
	mysql) echo "SSLRequest (CLIENT_SSL: the client asks for TLS)" ;;
	esac
}

for proto in $PROTOS; do
	out=$TMP/$proto
	# shellcheck disable=SC2086
	"$TLSVIEW" --json $TRUST --starttls "$proto" --sni www.example.test \
		"127.0.0.1:$(port "$proto")" >"$out" 2>"$out.err"
	ok $? "$proto: STARTTLS then TLS succeeds"
	[ -s "$out.err" ] && diag "$(cat "$out.err")"
	facts "$out"
	has "$out" "1 starttls $proto" "$proto: the connection says which STARTTLS"
	has "$out" "1 pre server $(last_server_line "$proto")" "$proto: the server's go-ahead is in the preamble"
	has "$out" "1 pre client $(last_client_line "$proto")" "$proto: the client's request is in the preamble"
	has "$out" "1 msg server certificate decrypted" "$proto: the TLS 1.3 handshake after it is decrypted"
	has "$out" "1 trusted true" "$proto: the chain validates"
done

# where TLS begins, in the text report
"$TLSVIEW" --text $TRUST --starttls smtp --sni www.example.test \
	"127.0.0.1:$(port smtp)" >"$TMP/smtp.txt" 2>&1
grep -q '^    STARTTLS smtp in plain text before TLS:$' "$TMP/smtp.txt" &&
	grep -q '<--  220 mail.example.test ESMTP test$' "$TMP/smtp.txt" &&
	grep -q -- '-->  EHLO tlsview.invalid$' "$TMP/smtp.txt" &&
	grep -q '^    TLS begins here:$' "$TMP/smtp.txt"
ok $? "--text shows the SMTP dialogue, then where TLS begins"

# failures are explained
# shellcheck disable=SC2086
"$TLSVIEW" --json $TRUST --starttls smtp "127.0.0.1:$(port smtp-nostarttls)" >"$TMP/nost" 2>"$TMP/nost.err"
ok $([ $? -eq 1 ]; echo $?) "an SMTP server without STARTTLS: exit status 1"
grep -q "^tlsview: 127.0.0.1:[0-9]*: SMTP STARTTLS: the server does not offer STARTTLS" "$TMP/nost.err"
ok $? "an SMTP server without STARTTLS: the error says so"
facts "$TMP/nost"
has "$TMP/nost" "1 pre server 250 8BITMIME" "the failed preamble is still shown"
# shellcheck disable=SC2086
"$TLSVIEW" --json $TRUST --starttls postgres "127.0.0.1:$(port postgres-refuses)" >/dev/null 2>"$TMP/pgn.err"
ok $([ $? -eq 1 ]; echo $?) "a PostgreSQL server refusing TLS: exit status 1"
grep -q "PostgreSQL STARTTLS: the server answered N: it does not do TLS" "$TMP/pgn.err"
ok $? "a PostgreSQL server refusing TLS: the error says so"
# a STARTTLS port without --starttls: TLS fails on the greeting, with a hint
"$TLSVIEW" --json --starttls smtp --timeout 3 "127.0.0.1:$(port pop3)" >/dev/null 2>"$TMP/wrong.err"
grep -q "SMTP STARTTLS: expected a numbered reply to the connection (the greeting), got '+OK test POP3 ready'" "$TMP/wrong.err"
ok $? "the wrong protocol's greeting is named"

stop_servers
done_testing
