#!/bin/sh
# The start screen (tlsview with no argument on a terminal): its menu,
# o opens a capture, c connects to a host (a local openssl s_server) and
# adds the live connection to the list, a failed connection says why,
# and what was opened is offered again as a recent target.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"

SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; ui_cleanup' EXIT INT TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- --no-system-ca --ca-file "'$ROOT'"
see "What would you like to look at?" "start: the start screen"
grep -q "^  c  Connect to a host\.\.\. " "$TMP/screen" &&
	grep -q "^  o  Open a capture\.\.\. " "$TMP/screen" &&
	grep -q "^  L  Start the workshop lab " "$TMP/screen" &&
	grep -q "^  a  Trust anchors " "$TMP/screen"
ok $? "start: connect, open, lab and anchors offered"
grep -q "(no recent target yet" "$TMP/screen"
ok $? "start: no recent target yet"
grep -q "^Enter does the selected thing" "$TMP/screen"
ok $? "start: the status bar says what Enter does"
attr reverse | grep -q "^  c  Connect to a host"
ok $? "start: the first item is selected (reverse video)"
keys a
see "1 of 1 anchors in 1 store" "anchors: a shows the trust anchors"
grep -q "^ CN=tlsview Demo Root CA,O=tlsview demo  .*2036-01-01$" "$TMP/screen" &&
	grep -q "^   store .*demo-root-ca.crt, file " "$TMP/screen"
ok $? "anchors: the demo root, its store and expiry"
grep -q "^   sha256 7af3a39b3cae7d1574c6267779cd9c3d8019fd7f023f807d1fd2181733eb18ad" "$TMP/screen"
ok $? "anchors: the selected anchor in full"
keys /
wait_screen "Anchors with:"
keys -l "no such anchor"
keys Enter
see "0 of 1 anchors in 1 store with no such anchor" "anchors: / narrows the list"
grep -q "(no anchor)" "$TMP/screen"
ok $? "anchors: none left"
keys q
keys o
see "Open capture:" "open: o asks for a file"
keys -l "$DEMO"
keys Enter
see "7 connections, sorted by time" "open: the capture's connections are listed"
grep -q "^   1 09:09:43.845 127.0.0.1:46462 -> " "$TMP/screen"
ok $? "open: row 1"

if command -v openssl >/dev/null 2>&1 &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 30 \
		-subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
		>/dev/null 2>&1; then
	port=$(free_port)
	openssl s_server -accept "$port" -cert "$TMP/cert.pem" \
		-key "$TMP/key.pem" -www -quiet </dev/null >"$TMP/server.log" 2>&1 &
	SERVER=$!
	i=0
	until python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && break
		sleep 0.1
	done
	keys c
	see "Connect to HOST[:PORT]:" "connect: c asks for a host"
	keys -l "localhost:$port"
	keys Enter
	see "connected: connection 8" "connect: the live connection is added as connection 8"
	grep -q "^   8 .* 127.0.0.1:$port .*localhost .*TLS 1.3 .*✗ " "$TMP/screen"
	ok $? "connect: its row (self-signed: not trusted)"
	keys End Enter
	see "[EncryptedExtensions]" "connect: its ladder, decrypted with the session's own secrets"
	keys C
	see "CN=localhost" "connect: its chain"
	keys q q
	# tlsview HOST on a terminal: the UI, opened on the connection
	# (--alpn: the command line's options apply)
	keys o
	wait_screen "Open capture:"
	keys Escape
	ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- "localhost:$port" \
		--alpn h2,http/1.1 --no-system-ca --ca-file "'$TMP/cert.pem'"
	see "connected: connection 1" "tlsview HOST: the UI opens on the connection"
	grep -q "^   1 .* 127.0.0.1:$port .*localhost .*TLS 1.3 .*✓ " "$TMP/screen"
	ok $? "tlsview HOST: its row, trusted with --ca-file"
	keys Enter
	see "ClientHello" "tlsview HOST: its ladder"
	keys w
	wait_screen "Write JSON to: conn-1.json"
	keys Enter
	see "wrote conn-1.json" "tlsview HOST: w writes its JSON"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["alpn"]["offered"] != ["h2", "http/1.1"])' "$TMP/conn-1.json"
	ok $? "tlsview HOST: --alpn h2,http/1.1 was offered"
	keys q q
	see "TLSVIEW-EXITED 0" "tlsview HOST: q quits with status 0"
	ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- -r "'$DEMO'" --no-system-ca
	see "7 connections" "the capture again"
	kill $SERVER 2>/dev/null
	wait $SERVER 2>/dev/null
	SERVER=""
	keys c
	wait_screen "Connect to HOST[:PORT]:"
	keys -l "127.0.0.1:$port"
	keys Enter
	see "refused" "connect: a refused connection says so"
	[ "$(grep -cE '^ +[0-9]+ [0-9]{2}:' "$TMP/screen")" = 7 ]
	ok $? "connect: the list is unchanged"
	keys q
	see "TLSVIEW-EXITED 0" "connect: q quits"
	ui_start 80 24 LC_ALL=C.UTF-8 -- "127.0.0.1:$port" --no-system-ca
	see "refused" "tlsview HOST: a refused connection is said on the terminal"
	wait_screen "TLSVIEW-EXITED"
	grep -q "TLSVIEW-EXITED 1" "$TMP/screen"
	ok $? "tlsview HOST: exit status 1 when the connection fails"
	ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- --no-system-ca --ca-file "'$ROOT'"
	wait_screen "What would you like"
	grep -q "^  [0-9]  connect  localhost:$port  (20[0-9][0-9]-" "$TMP/screen"
	ok $? "recent: the host connected to is offered again"
else
	ok 1 "connect: a certificate for the test server (openssl req)"
	ok 1 "recent: the host connected to is offered again"
	ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- --no-system-ca --ca-file "'$ROOT'"
	wait_screen "What would you like"
fi
# the capture opened with o, and the one of the command line
full=$(cd "$(dirname "$DEMO")" && pwd -P)/$(basename "$DEMO")
grep -q "^  1  open     $full  (20[0-9][0-9]-" "$TMP/screen"
ok $? "recent: the last capture opened comes first, by its full path"
grep -c "  open     $full" "$TMP/screen" | grep -qx 1
ok $? "recent: a target is listed once"
keys o
wait_screen "Open capture:"
keys -l "$TMP/none.pcap"
keys Enter
see "cannot open: No such file" "open: a file that cannot be read says why"
grep -q "What would you like" "$TMP/screen"
ok $? "open: after the failure, back on the start screen"
! grep -q "none.pcap  (" "$TMP/screen"
ok $? "recent: a capture that could not be opened is not remembered"
# Enter on the first recent target opens it again
keys Down Down Down Down
keys Enter
see "7 connections, sorted by time" "recent: Enter opens the recent capture again"
keys q
see "What would you like" "start: q on the list goes back to the start screen"
keys q
see "TLSVIEW-EXITED 0" "start: q quits with status 0"
# a damaged recent file is read as far as it is good, never shown raw
printf 'h\t1\tgood.example\nh\t2\tbad\033[31mred\nf\t3\n' >"$TMP/state/tlsview/recent"
ui_start 80 24 LC_ALL=C.UTF-8 -- --no-system-ca
see "What would you like" "recent: a damaged file does not stop the start screen"
grep -q "^  1  connect  good.example  (" "$TMP/screen"
ok $? "recent: its good line is offered"
! grep -q "red" "$TMP/screen"
ok $? "recent: its line with an escape sequence is not"
keys q
see "TLSVIEW-EXITED 0" "start: q quits"
ui_start 80 24 LC_ALL=C.UTF-8 HOME= XDG_STATE_HOME= -- --no-system-ca
see "recent targets are not kept" "recent: without HOME nor XDG_STATE_HOME, nothing is kept, and it says so"
keys q
done_testing
