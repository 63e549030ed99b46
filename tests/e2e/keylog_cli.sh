#!/bin/sh
# Key logs through the binary: the wrong one, a truncated one, one with
# garbage lines, one that is not text at all, $SSLKEYLOGFILE, and a
# missing file.  Each gives the right note or warning, never a crash, and
# the good lines of a damaged key log are still used.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python

DEMO=$TV_SRCDIR/captures/demo.pcap
KEYS=$TV_SRCDIR/captures/demo.keys
OTHER=$TV_CORPUS/gnutls-tls13-peers.keys

# summary JSONL: one line per connection "ID ENCRYPTED-MESSAGES NOTES..."
summary() {
	python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    c = json.loads(line)
    enc = sum(1 for m in c["messages"] if m["encrypted"])
    print(c["id"], enc, " | ".join(c["notes"]))
' "$1"
}
# run NAME ARGS...: tlsview -r on the demo; exit status in $rc
run() {
	name=$1
	shift
	"$TLSVIEW" -r "$DEMO" --json --no-system-ca "$@" >"$TMP/$name.json" 2>"$TMP/$name.err"
	rc=$?
	summary "$TMP/$name.json" >"$TMP/$name.sum"
}
# decrypted FILE: how many connections had at least one message decrypted
decrypted() { awk '$2 > 0' "$1" | wc -l; }

run good --keylog "$KEYS"
ok $([ $rc -eq 0 ] && [ "$(decrypted "$TMP/good.sum")" -eq 7 ] && [ ! -s "$TMP/good.err" ]; echo $?) \
	"the demo's own key log decrypts all 7 connections, silently"

# another capture's key log: nothing decrypts, each connection says why
run other --keylog "$OTHER"
ok $([ $rc -eq 0 ]; echo $?) "another capture's key log: exit status 0"
ok $([ "$(decrypted "$TMP/other.sum")" -eq 0 ]; echo $?) "another capture's key log: nothing decrypted"
ok $([ "$(grep -c 'no key log entry for client random [0-9a-f]\{64\}' "$TMP/other.sum")" -eq 7 ]; echo $?) \
	"another capture's key log: every connection names its client random that has no entry"
ok $([ ! -s "$TMP/other.err" ]; echo $?) "another capture's key log: no warning (its lines are well formed)"

# a key log cut in the middle of a line: a warning for that line, the
# lines before it used
lines=$(wc -l <"$KEYS")
keep=$((lines / 2))
head -n "$keep" "$KEYS" >"$TMP/trunc.keys"
sed -n "$((keep + 1))p" "$KEYS" | cut -c1-70 | tr -d '\n' >>"$TMP/trunc.keys"
run trunc --keylog "$TMP/trunc.keys"
ok $([ $rc -eq 0 ]; echo $?) "a truncated key log: exit status 0"
ok $(grep -q "^tlsview: $TMP/trunc.keys:$((keep + 1)): " "$TMP/trunc.err"; echo $?) \
	"a truncated key log: the cut line is named by number"
ok $([ "$(wc -l <"$TMP/trunc.err")" -eq 1 ]; echo $?) "a truncated key log: one warning"
n=$(decrypted "$TMP/trunc.sum")
ok $([ "$n" -ge 1 ] && [ "$n" -lt 7 ]; echo $?) \
	"a truncated key log: the connections whose secrets came before the cut decrypt ($n of 7)"
ok $(grep -q 'the key log has no \|no key log entry' "$TMP/trunc.sum"; echo $?) \
	"a truncated key log: the others say which secret is missing"
[ "$n" -ge 1 ] && [ "$n" -lt 7 ] || diag "$(cat "$TMP/trunc.sum")"

# garbage lines among the good ones: one warning each, all still decrypt
{
	echo "# a comment"
	echo ""
	echo "hello world"
	cat "$KEYS"
	printf 'CLIENT_RANDOM 00\n'
	printf 'CLIENT_HANDSHAKE_TRAFFIC_SECRET %064d zz\n' 0
	printf '\033[31mred\033[0m\n'
} >"$TMP/garbage.keys"
run garbage --keylog "$TMP/garbage.keys"
ok $([ $rc -eq 0 ] && [ "$(decrypted "$TMP/garbage.sum")" -eq 7 ]; echo $?) \
	"garbage lines: the good lines still decrypt all 7 connections"
ok $([ "$(wc -l <"$TMP/garbage.err")" -eq 4 ]; echo $?) \
	"garbage lines: one warning per bad line (comments and blank lines are fine)"
ok $(grep -q "^tlsview: $TMP/garbage.keys:3: " "$TMP/garbage.err"; echo $?) \
	"garbage lines: the warning names the file and line"
ok $(! grep -q "$(printf '\033')" "$TMP/garbage.err"; echo $?) \
	"garbage lines: an escape sequence in the key log never reaches the terminal"

# not a key log at all: binary bytes; warnings are capped, no crash
head -c 200000 "$DEMO" >"$TMP/binary.keys"
run binary --keylog "$TMP/binary.keys"
ok $([ $rc -eq 0 ]; echo $?) "a binary file as key log: exit status 0, no crash"
ok $([ "$(wc -l <"$TMP/binary.err")" -le 21 ]; echo $?) \
	"a binary file as key log: the warnings are capped ($(wc -l <"$TMP/binary.err") lines)"
ok $(! grep -q "$(printf '\033')" "$TMP/binary.err" && python3 -c '
import sys; open(sys.argv[1], encoding="utf-8").read()' "$TMP/binary.err"; echo $?) \
	"a binary file as key log: the warnings are clean UTF-8 without escapes"

# several --keylog: the union
grep -v CLIENT_RANDOM "$KEYS" >"$TMP/tls13.keys"
grep CLIENT_RANDOM "$KEYS" >"$TMP/tls12.keys"
run union --keylog "$TMP/tls13.keys" --keylog "$TMP/tls12.keys"
ok $([ "$(decrypted "$TMP/union.sum")" -eq 7 ]; echo $?) "two --keylog files: their union is used"

# $SSLKEYLOGFILE, used only without --keylog; unreadable: a warning
SSLKEYLOGFILE=$KEYS run env
ok $([ "$(decrypted "$TMP/env.sum")" -eq 7 ]; echo $?) "SSLKEYLOGFILE is used when no --keylog is given"
SSLKEYLOGFILE=$KEYS run env2 --keylog "$OTHER"
ok $([ "$(decrypted "$TMP/env2.sum")" -eq 0 ]; echo $?) "--keylog takes the place of SSLKEYLOGFILE"
SSLKEYLOGFILE=$TMP/none.keys run env3
ok $([ $rc -eq 0 ] && grep -q "^tlsview: $TMP/none.keys: .*SSLKEYLOGFILE" "$TMP/env3.err"; echo $?) \
	"an unreadable SSLKEYLOGFILE: a warning naming it, and the replay goes on"

# a missing --keylog is an error
run missing --keylog "$TMP/none.keys"
ok $([ $rc -eq 1 ] && [ "$(wc -l <"$TMP/missing.err")" -eq 1 ] &&
	grep -q "^tlsview: $TMP/none.keys: " "$TMP/missing.err" && [ ! -s "$TMP/missing.json" ]; echo $?) \
	"a missing --keylog: exit status 1, one line naming the file, no output"

done_testing
