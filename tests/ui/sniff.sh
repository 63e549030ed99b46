#!/bin/sh
# tlsview -i IFACE on a terminal: the UI sniffs the interface in its
# loader thread, a connection made meanwhile appears in the list as it
# completes, Esc stops the capture and q quits; a capture that cannot be
# opened ends the UI and says why on the restored terminal.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/e2e/live_lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"
command -v curl >/dev/null 2>&1 || skip_all "curl missing (apt-get install curl)"
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing (apt-get install openssl)"
trap 'stop_servers; ui_cleanup' EXIT INT TERM

# permission to capture: a tiny capture of lo says whether we have it
timeout -s INT 2 "$TLSVIEW" -i lo --json -f 'tcp port 1' >/dev/null 2>"$TMP/perm"
if grep -q 'needs root or the CAP_NET_RAW' "$TMP/perm"; then
	skip_all "no permission to capture on lo (needs root or CAP_NET_RAW and CAP_NET_ADMIN)"
fi
grep -q 'listening on lo' "$TMP/perm" || skip_all "cannot capture on lo: $(cat "$TMP/perm")"

sh "$E2E/mklivepki.sh" "$TMP/pki" >/dev/null || { echo "Bail out! mklivepki.sh failed"; exit 1; }
K=$TMP/pki
p=$(free_port)
start "$TMP/server.log" openssl s_server -accept "127.0.0.1:$p" -www -quiet \
	-cert "$K/leaf.crt" -key "$K/leaf.key" -cert_chain "$K/inter.crt"
wait_listen "$p" || { echo "Bail out! openssl s_server did not start"; exit 1; }

ui_start 120 40 LC_ALL=C.UTF-8 -- -i lo -f "'tcp port $p'" --no-system-ca
see "listening on lo, 0 connections  (Esc stops)" "sniff: the status says the interface is being listened on"
grep -q " tlsview  -i lo  0 connections" "$TMP/screen"
ok $? "sniff: the title names the interface"
curl -sk --tlsv1.2 --tls-max 1.2 --resolve "www.example.test:$p:127.0.0.1" \
	"https://www.example.test:$p/" -o /dev/null
ok $? "curl makes a TLS 1.2 connection to the test's s_server"
see "listening on lo, 1 connection  (Esc stops)" "sniff: the connection is counted as it completes"
grep -E -q "^ +1 [0-9:.]+ +127\.0\.0\.1:[0-9]+ -> 127\.0\.0\.1:$p +www\.example\.test +TLS 1\.2" "$TMP/screen"
st=$?
ok $st "sniff: its row is in the list (client -> server, SNI, version)"
[ $st -eq 0 ] || diag "$(cat "$TMP/screen")"
keys Enter
see "ClientHello" "sniff: keys work while sniffing (the ladder opens)"
keys q Escape
see "capture stopped: 1 connection" "sniff: Esc on the list stops the capture, the rows stay"
keys q
see "TLSVIEW-EXITED 0" "sniff: q quits with exit status 0"

# a capture that cannot be opened
ui_start 120 40 -- -i no-such-if0
see "TLSVIEW-EXITED 1" "no such interface: the UI ends with exit status 1"
grep -q "^tlsview: .*no-such-if0" "$TMP/screen"
ok $? "no such interface: the one-line error names it on the restored terminal"
if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1 &&
	setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups \
		test -x "$TLSVIEW" 2>/dev/null; then
	TM kill-server 2>/dev/null
	UI_N=$((UI_N + 1))
	SOCK="tlsview-ui-$$-$(basename "$0" .sh)-$UI_N"
	TM new-session -d -x 120 -y 40 "cd /; setpriv --reuid=$(id -u nobody) \
		--regid=$(id -g nobody) --clear-groups '$TLSVIEW' -i lo;
		echo TLSVIEW-EXITED \$?; sleep 600"
	see "TLSVIEW-EXITED 1" "no permission: the UI ends with exit status 1"
	grep -q "^tlsview: capturing on lo needs root or the CAP_NET_RAW" "$TMP/screen"
	ok $? "no permission: the one-line error says what is needed"
else
	ok 0 "# SKIP cannot run tlsview as nobody here"
	ok 0 "# SKIP cannot run tlsview as nobody here"
fi
stop_servers
done_testing
