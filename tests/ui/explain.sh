#!/bin/sh
# x on the handshake ladder: a plain-words note under each arrow (the
# guide's note, report/guide.h) naming this connection's real suite and
# group, within 80x24; x again hides the notes; the help lists the key.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"

# what tlsview's --json says of connection 1: version, cipher, group, SNI
"$TLSVIEW" -r "$DEMO" --json --no-system-ca 2>/dev/null | head -n 1 >"$TMP/c1.json"
python3 - "$TMP/c1.json" >"$TMP/want" <<'PY'
import json, sys
c = json.loads(open(sys.argv[1]).read())
name = c['cipher_suite']['name']            # TLS_AES_256_GCM_SHA384
cipher = name[4:].rsplit('_', 1)[0].replace('_', '-')
sh = [m for m in c['messages'] if m['type'] == 'server_hello'][0]
ks = [e for e in sh['fields']['extensions'] if e['type_id'] == 51][0]
g = {'x25519': 'X25519', 'secp256r1': 'P-256', 'secp384r1': 'P-384'}.get(
    ks['server_share']['group_name'], ks['server_share']['group_name'])
print('the server picks %s, %s and %s' % (c['version']['name'], cipher, g))
print(c['sni'])
PY
want=$(sed -n 1p "$TMP/want")
sni=$(sed -n 2p "$TMP/want")
diag "expecting: $want"

# gone TEXT: poll until TEXT is no longer on the pane (5 s)
gone() {
	i=0
	while :; do
		screen
		grep -qF -- "$1" "$TMP/screen" || return 0
		i=$((i + 1))
		[ $i -gt 50 ] && return 1
		sleep 0.1
	done
}

ui_start 80 24 LC_ALL=C.UTF-8 -- -r "'$DEMO'" --no-system-ca
see "7 connections" "the list"
keys Enter
see "ClientHello" "the ladder of connection 1"
grep -qF "the server picks" "$TMP/screen"
ok $((! $?)) "no notes before x: the ladder looks as before"
keys x
see "$want" "x: the ServerHello note names the real version, suite and group"
grep -qF "the client opens the handshake for $sni" "$TMP/screen"
ok $? "x: the ClientHello note names the SNI $sni"
python3 -c 'import sys; sys.exit(any(len(l) > 80 for l in
    open(sys.argv[1], encoding="utf-8").read().splitlines()))' "$TMP/screen"
ok $? "x: every line fits 80 columns"
grep -qF "…" "$TMP/screen"
ok $? "x: a note longer than the line ends in an ellipsis"
python3 - "$TMP/screen" <<'PY'
import sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
i = [n for n, l in enumerate(lines) if l.endswith('  ServerHello')][0]
col = [l for l in lines if l.strip().startswith('client')][0].index('client')
note = lines[i + 1]
sys.exit(0 if note.startswith(' ' * col + 'the server picks') else 1)
PY
ok $? "x: the note is the line under its arrow, at the label column"
keys x
gone "the server picks"
ok $? "x again: the notes are hidden"
grep -qF "x: a plain-words note under each message" "$TMP/screen" ||
	keys End
see "x: a plain-words note under each message" "the ladder's footer says what x does"
keys '?'
n=0
wait_screen "this help" >/dev/null
while screen && ! grep -qF "x             explain: a plain-words note beside each" \
	"$TMP/screen" && [ $n -lt 8 ]; do
	keys NPage
	sleep 0.3
	n=$((n + 1))
done
grep -qF "x             explain: a plain-words note beside each" "$TMP/screen"
ok $? "the help lists x on the ladder"
keys q q q
see "TLSVIEW-EXITED 0" "quits"

# --explain on a terminal: the UI, with the notes already on
ui_start 80 24 LC_ALL=C.UTF-8 -- -r "'$DEMO'" --no-system-ca --explain
see "7 connections" "--explain on a terminal opens the UI"
keys Enter
see "$want" "--explain: the ladder opens with its notes on"
keys x
gone "$want"
ok $? "--explain: x hides them"
keys q q
see "TLSVIEW-EXITED 0" "--explain: quits"
done_testing
