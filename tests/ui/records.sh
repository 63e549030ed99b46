#!/bin/sh
# The ladder marks TLS record boundaries: rN beside the first message of
# its side's record N, a bar beside a message that shares the record of
# its side's message before.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing (apt-get install openssl)"

# rows of the ladder as "C|S MARK LABEL", in order
rows() {
	grep -E '▶|◀' "$TMP/screen" | sed -e 's/─//g' | sed -E \
		-e 's/^ *[-+][0-9.]+  (r[0-9]+|│|) +(.*[^ ]) +▶$/C \1 \2/' \
		-e 's/^ *[-+][0-9.]+  (r[0-9]+|│|) +◀ +(.*)$/S \1 \2/' | tr '\n' ','
}

# demo.pcapng #1 (TLS 1.3): every message is a record of its own; the
# server's record 1 is its ChangeCipherSpec, the client's record 1 too
ui_start 120 40 LC_ALL=C.UTF-8 -- -r "'$DEMO'" --no-system-ca
see "7 connections" "demo: the list"
keys Enter
see "handshake ladder" "demo: the ladder of connection 1"
got=$(rows)
want="C r0 ClientHello,S r0 ServerHello,S r2 [EncryptedExtensions],S r3 [CertificateRequest],S r4 [Certificate],S r5 [CertificateVerify],S r6 [Finished],C r2 [Certificate],C r3 [Finished],S r7 [NewSessionTicket],S r8 [NewSessionTicket],S  [Alert warning close_notify],C  [Alert warning close_notify],"
[ "$got" = "$want" ]
ok $? "demo #1: a new record at every message, numbered per side (r1 is not a handshake record)"
[ "$got" = "$want" ] || diag "got:  $got" "want: $want"
grep -q "^ *rec  client " "$TMP/screen"
ok $? "demo #1: the column is headed rec"
grep -q "rec: rN starts its side's TLS record N, │ shares the record" "$TMP/screen"
ok $? "demo #1: the marks are explained below the ladder"
keys q q
see "TLSVIEW-EXITED 0" "demo: quits"

# a TLS 1.2 server flight in one record (tests/e2e/mkcapture.py)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-subj "/CN=www.example.test" -days 30 -keyout "$TMP/k.pem" \
	-out "$TMP/c.pem" >/dev/null 2>&1 || { echo "Bail out! openssl req failed"; exit 1; }
python3 "$TV_SRCDIR/tests/e2e/mkcapture.py" "$TMP/one.pcap" 2030-01-01 \
	www.example.test "$TMP/c.pem" || { echo "Bail out! mkcapture.py failed"; exit 1; }
ui_start 120 40 LC_ALL=C.UTF-8 -- -r one.pcap --no-system-ca
see "1 connection" "one record: the list"
keys Enter
see "handshake ladder" "one record: the ladder"
got=$(rows)
want="C r0 ClientHello,S r0 ServerHello,S │ Certificate,S │ ServerHelloDone,"
[ "$got" = "$want" ]
ok $? "one record: the messages after the first of the server's record share it"
[ "$got" = "$want" ] || diag "got:  $got" "want: $want"
keys q q
see "TLSVIEW-EXITED 0" "one record: quits"

# 80 columns: the record column stays while the two sides fit with it
ui_start 80 24 LC_ALL=C.UTF-8 -- -r one.pcap --no-system-ca
see "1 connection" "80x24: the list"
keys Enter
see "handshake ladder" "80x24: the ladder"
got=$(rows)
[ "$got" = "$want" ]
ok $? "80x24: short labels leave room for the record marks"
[ "$got" = "$want" ] || diag "got:  $got" "want: $want"
ui_start 80 24 LC_ALL=C.UTF-8 -- -r "'$DEMO'" --no-system-ca
see "7 connections" "80x24 demo: the list"
keys Enter
see "(5 more columns show where each TLS record starts)" \
	"80x24 demo: the alerts' long labels leave no room; the ladder says so and keeps both sides"
grep -q "^ *+0.000389  ClientHello  " "$TMP/screen"
ok $? "80x24 demo: the client's column follows the time"

# ASCII: the bar is |
ui_start 120 40 LC_ALL=C -- -r one.pcap --no-system-ca
see "1 connection" "ASCII: the list"
keys Enter
see "handshake ladder" "ASCII: the ladder"
grep -q "^ *+0.000000  |  .*  Certificate$" "$TMP/screen"
st=$?
ok $st "ASCII: a message sharing a record is marked with |"
[ $st -eq 0 ] || diag "$(cat "$TMP/screen")"
done_testing
