#!/bin/sh
# The UI's screens on captures/demo.pcapng (it decrypts with its own
# Decryption Secrets Blocks), driven in tmux at 120x40: the list, the
# ladder, the field <-> hex highlight, the chain with its explanations,
# export, help, search, filter, sort and writing JSON.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"

# row N: the list row of connection N on the last screen
row() { grep -E "^ +$1 [0-9]{2}:" "$TMP/screen"; }

ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- -r "'$DEMO'" --no-system-ca \
	--ca-file "'$ROOT'"
see "7 connections, sorted by time" "list: the title counts the 7 connections"
r=$(row 1)
case $r in
*"09:09:43.845 127.0.0.1:46462 -> 127.0.0.1:59559"*"www.demo.test"*"TLS 1.3 TLS_AES_256_GCM_SHA384"*"✓"*" 11") st=0 ;;
*) st=1 ;;
esac
ok $st "list: row 1 has time, client -> server, SNI, version, suite, a trusted mark and 11 messages"
[ $st -eq 0 ] || diag "$r"
r=$(row 5)
case $r in *"self-signed.demo."*"TLS 1.3"*"✗"*" 7") st=0 ;; *) st=1 ;; esac
ok $st "list: row 5 (self-signed) has the untrusted mark"
[ $st -eq 0 ] || diag "$r"
attr reverse | grep -q "^ *1 09:09:43.845"
ok $? "list: the first row is selected"

# the ladder of connection 1
keys Enter
see "handshake ladder" "ladder: Enter opens it"
got=$(grep -E '▶|◀' "$TMP/screen" | sed -e 's/─//g' | sed -E \
	-e 's/^ *[-+][0-9.]+  (r[0-9]+|│|) +(.*[^ ]) +▶$/C \2/' \
	-e 's/^ *[-+][0-9.]+  (r[0-9]+|│|) +◀ +(.*)$/S \2/' | tr '\n' ',')
want="C ClientHello,S ServerHello,S [EncryptedExtensions],S [CertificateRequest],S [Certificate],S [CertificateVerify],S [Finished],C [Certificate],C [Finished],S [NewSessionTicket],S [NewSessionTicket],S [Alert warning close_notify],C [Alert warning close_notify],"
[ "$got" = "$want" ]
ok $? "ladder: one arrow per message in time order, client and server sides, [..] for decrypted"
[ "$got" = "$want" ] || diag "got:  $got" "want: $want"
grep -q "^ *+0.000389  r0   ClientHello  " "$TMP/screen"
ok $? "ladder: the delta time before the ClientHello"
grep -q "\[...\] was read after decryption" "$TMP/screen"
ok $? "ladder: the mark for decrypted messages is explained"

# the ClientHello's fields beside its bytes
keys Enter
see "ClientHello  client ->  328 bytes" "detail: Enter on the ClientHello opens its fields"
attr reverse | grep -q "legacy_version: 771 (TLS 1.2)"
ok $? "detail: the first field is selected"
# the highlighted hex bytes (two hex digits alone: not the ASCII column)
hl_bytes() { attr underline | tr -s ' ' '\n' | grep -E '^[0-9a-f]{2}$' | tr '\n' ' '; }
[ "$(hl_bytes)" = "03 03 " ]
ok $? "detail: exactly the bytes of legacy_version (offset 4-5) are highlighted"
keys Down
wait_screen "random:"
sleep 0.2
screen
[ "$(hl_bytes | wc -w)" = 32 ] && hl_bytes | grep -q "^c1 cd 0e d1 .* cf 7e $"
ok $? "detail: Down selects random, its 32 bytes highlighted"
# Tab: the hex pane; the cursor's byte selects the field that owns it
keys Tab
wait_screen "bytes (Tab)"
keys Left Left
sleep 0.3
screen
attr underline | grep -q "legacy_version: 771"
ok $? "hex: moving the cursor onto byte 4 selects legacy_version"
attr reverse | grep -q "^ *03 *\. *$" || attr reverse | grep -q "03"
ok $? "hex: the cursor's byte is shown"
keys Right Right Right Right Right Right Right Right Right Right Right Right \
	Right Right Right Right Right Right Right Right Right Right Right \
	Right Right Right Right Right Right Right Right Right Right Right Right
sleep 0.3
screen
attr underline | grep -q "session_id: "
ok $? "hex: 34 bytes further (offset 38) the cursor is in session_id"
keys Tab Left
sleep 0.2

# the chain of connection 1: trusted, with the root from the store
keys q q
wait_screen "connection list"
keys C
see "Verdict: trusted" "chain: C opens the verdict"
grep -q "✓ 0 CN=www.demo.test,O=tlsview demo   sent, certificate 0" "$TMP/screen" &&
grep -q "✓ 1 CN=tlsview Demo Intermediate CA,O=tlsview demo   sent, certificate 1" "$TMP/screen" &&
grep -q "✓ 2 CN=tlsview Demo Root CA,O=tlsview demo   trust anchor from .*demo-root-ca.crt" "$TMP/screen"
ok $? "chain: leaf to anchor, a mark per link"
grep -q "Selected: certificate 0" "$TMP/screen" && grep -q "SAN www.demo.test, demo.test, 127.0.0.1" "$TMP/screen"
ok $? "chain: the selected certificate's detail"
keys Down
see "Selected: certificate 1" "chain: Down selects the intermediate"
keys e
see "Export PEM to: cert-257307f8ff65456f.pem" "export: the default name is cert-SHA256PREFIX.pem"
keys Enter
see "wrote cert-257307f8ff65456f.pem" "export: written"
fp=$(openssl x509 -in "$TMP/cert-257307f8ff65456f.pem" -noout -fingerprint -sha256 2>/dev/null | tr -d ':' | tr 'A-F' 'a-f')
case $fp in *257307f8ff65456f53086a04993fe180b1e3e666dfb1200e7e8f4169302bbcdf) st=0 ;; *) st=1 ;; esac
ok $st "export: the file is the intermediate's certificate in PEM"
keys e
wait_screen "Export PEM to:"
keys Enter
see "exists: overwrite it? (y/N)" "export: an existing file is not overwritten without asking"
keys n Enter
see "not written" "export: no is no"

# connection 5: self-signed, the reason and its explanation
keys q
wait_screen "connection list"
keys Down Down Down Down C
see "Verdict: NOT TRUSTED  (1 error, 0 warnings)" "chain: the self-signed chain is not trusted"
grep -q "✗ error self_signed (certificate 0): self-signed certificate" "$TMP/screen"
ok $? "chain: the reason, its code and title"
grep -q "^      The certificate is signed by its own key: it vouches for itself" "$TMP/screen"
ok $? "chain: the reason's explanation, wrapped below it"
grep -q "✗ .*demo-root-ca.crt: not trusted" "$TMP/screen"
ok $? "chain: the per-store view"

# help, from the same key table
keys q '?'
see "this help" "help: ? lists the keys"
grep -q "^connection list" "$TMP/screen" && grep -q "^handshake ladder" "$TMP/screen"
ok $? "help: grouped by screen"
st=0
for k in "Up k " "Down j " "PgUp " "PgDn " "Home " "End " "/ " "n " "N " "f " \
	"s " "C " "w " "? " "Esc " "q " "Enter "; do
	grep -q "^  $k" "$TMP/screen" || { st=1; diag "no key $k"; }
done
ok $st "help: every key of the connection list"
keys End
see "connect to the selected case and show its handshake" "help: End shows the rest (the lab's keys)"
keys PgUp
see "export the selected certificate as PEM" "help: PgUp shows the chain's keys"
grep -q "^  Tab  *switch between the field tree and the hex pane" "$TMP/screen" &&
grep -q "^  Left h  *collapse" "$TMP/screen"
ok $? "help: the detail screen's keys"
keys q

# search, filter, sort
wait_screen "connection list"
keys Home / self-signed Enter
sleep 0.3
screen
attr reverse | grep -q "self-signed"
ok $? "search: / selects the first matching row"
keys f
see "(1 shown)" "filter: f shows only the matches"
[ "$(grep -cE '^ +[0-9]+ [0-9]{2}:' "$TMP/screen")" = 1 ]
ok $? "filter: one row left"
keys f / "TLS 1.2" Enter
sleep 0.3
screen
attr reverse | grep -q "^ *6 .*TLS 1.2"
ok $? "search: from row 5 the next match is row 6"
keys n
sleep 0.3
screen
attr reverse | grep -q "^ *7 .*TLS 1.2"
ok $? "search: n goes to the next match"
keys N
sleep 0.3
screen
attr reverse | grep -q "^ *6 .*TLS 1.2"
ok $? "search: N goes back"
keys s
see "sorted by client" "sort: s sorts by the next column"
[ "$(grep -E '^ +[0-9]+ [0-9]{2}:' "$TMP/screen" | awk '{print $1}' | tr '\n' ' ')" = "6 7 5 1 2 3 4 " ]
ok $? "sort: by client address and port"

# w: the selected connection as JSON
keys w
see "Write JSON to: conn-6.json" "json: w proposes conn-ID.json"
keys Enter
see "wrote conn-6.json" "json: written"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["id"] != 6)' "$TMP/conn-6.json"
ok $? "json: the file is connection 6's JSON"

keys q
see "TLSVIEW-EXITED 0" "q on the list quits with status 0"

# without the demo root: the verdict says why
ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- -r "'$DEMO'" --no-system-ca
see "7 connections" "no root: the list"
keys C
see "Verdict: NOT TRUSTED" "no root: connection 1 is not trusted"
grep -q "✗ error " "$TMP/screen"
ok $? "no root: a reason is given"

# TLS 1.3 without keys: what is there, then the line for the rest
ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- -r "'$TV_CORPUS/tls13-hrr.pcap'"
see "1 connection" "no keys: the list"
keys Enter
see "── encrypted handshake, no keys (5 records) ──" "no keys: the ladder says the handshake is encrypted"
grep -q "◀.*  HelloRetryRequest$" "$TMP/screen"
ok $? "no keys: the HelloRetryRequest is on the ladder"
grep -q "^  - TLS 1.3: the handshake after ServerHello is encrypted" "$TMP/screen"
ok $? "no keys: the notes are below the ladder"
keys C
see "no certificates in this connection" "no keys: C says there is no chain to show"
done_testing
