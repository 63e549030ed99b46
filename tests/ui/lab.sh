#!/bin/sh
# The workshop lab in the UI: `tlsview lab` opens on the case list with
# each case's port and teaching note; Enter connects and opens the
# handshake, C the chain with "lab root" as anchor or the case's own
# reason; the list marks each verdict; Tab shows the connections; q
# stops the servers.  And the start screen's L starts the lab too.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"

LAB=$TMP/lab
ui_start 100 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- lab --dir "'$LAB'" --port 0
see "workshop lab" "lab: tlsview lab opens on the lab's screen"
wait_screen "good "
for c in good self-signed untrusted-root incomplete-chain expired \
	not-yet-valid wrong-host sha1 rsa-1024 not-a-ca revoked client-cert tls12 hrr; do
	grep -qE "^ $c +[0-9]+  " "$TMP/screen" || diag "case $c not listed"
done
[ "$(grep -cE '^ [a-z0-9-]+ +[1-9][0-9]*  [A-Za-z]' "$TMP/screen")" -ge 14 ]
ok $? "lab: at least 14 cases, each with its port"
grep -q "^ What it shows: " "$TMP/screen" && grep -q "^ A browser says: " "$TMP/screen" &&
	grep -q "^ The fix: " "$TMP/screen"
ok $? "lab: the selected case's teaching note"
keys Enter
see "ClientHello" "lab: Enter connects to the good case and shows its handshake"
grep -q "ServerHello" "$TMP/screen" && grep -q "\[Finished\]" "$TMP/screen"
ok $? "lab: the ladder has the decrypted TLS 1.3 messages"
keys C
see "lab root" "lab: C shows the chain, anchored at the lab root"
keys q q
see "workshop lab" "lab: q goes back to the lab's screen"
grep -qE "^ good .*✓ trusted" "$TMP/screen"
ok $? "lab: the good case is marked trusted"
# the expired case: its own reason, not an unknown root
n=$(grep -nE "^ [a-z0-9-]+ +[0-9]+  " "$TMP/screen" | grep -n " expired " | cut -d: -f1)
i=1
while [ "$i" -lt "${n:-1}" ]; do keys Down; i=$((i + 1)); done
see "What it shows:" "lab: moved to the expired case"
keys Enter
see "ClientHello" "lab: its handshake"
keys q
wait_screen "workshop lab"
grep -qE "^ expired .*✗ expired" "$TMP/screen"
ok $? "lab: the expired case fails for being expired"
! grep -E "^ expired " "$TMP/screen" | grep -q "untrusted_root\|unknown_issuer"
ok $? "lab: and not for an unknown root"
keys C
see "certificate expired" "lab: C on the lab screen shows the case's chain and why"
keys q Tab
see "2 connections" "lab: Tab lists the connections made"
keys q
wait_screen "workshop lab"
keys q
see "TLSVIEW-EXITED 0" "lab: q quits with status 0"

# the start screen's L: the lab in the default directory, under
# XDG_CACHE_HOME
ui_start 100 40 LC_ALL=C.UTF-8 NO_COLOR=1 XDG_CACHE_HOME="'$TMP/cache'" -- --no-system-ca
see "What would you like" "start: the start screen"
keys L
see "workshop lab" "start: L starts the lab"
[ -f "$TMP/cache/tlsview/lab/root-ca.crt" ]
ok $? "start: the lab's PKI is made under XDG_CACHE_HOME"
keys Enter
see "ClientHello" "start: a lab case connects"
keys q q
see "What would you like" "start: q goes back to the start screen"
keys q
see "TLSVIEW-EXITED 0" "start: q quits"
done_testing
