#!/bin/sh
# Truncated and byte-flipped variants of every corpus capture: tlsview must
# exit 0 or 1 (never a signal, never a sanitizer report) and, with --json,
# print only valid JSON lines.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python

python3 "$TV_SRCDIR/tests/e2e/mangle.py" "$TV_CORPUS" "$TMP/m" || skip_all "could not build variants"
count=0
bad=0
for f in "$TMP"/m/*; do
	count=$((count + 1))
	"$TLSVIEW" -r "$f" --json >"$TMP/out" 2>"$TMP/err"
	st=$?
	if [ "$st" -gt 1 ] || grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$TMP/err"; then
		bad=$((bad + 1))
		diag "$(basename "$f"): exit $st: $(head -c 300 "$TMP/err")"
		continue
	fi
	if ! python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"): json.loads(l)' "$TMP/out" 2>/dev/null; then
		bad=$((bad + 1))
		diag "$(basename "$f"): output is not valid JSON Lines"
	fi
	"$TLSVIEW" -r "$f" --text -v >"$TMP/out" 2>"$TMP/err"
	st=$?
	if [ "$st" -gt 1 ] || LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMP/out"; then
		bad=$((bad + 1))
		diag "$(basename "$f"): --text exit $st or raw control characters"
	fi
done
ok $([ "$count" -gt 100 ]; echo $?) "built $count mangled captures"
ok $([ "$bad" -eq 0 ]; echo $?) "no crash, no sanitizer report, valid output on all of them ($bad bad)"
done_testing
