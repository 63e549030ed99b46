#!/bin/sh
# The full --json output of the shipped captures, compared with checked-in
# expectations (tests/expected/NAME.jsonl), line by line and field by field.
# After a deliberate change of the output, review the difference and
# regenerate with:  TV_UPDATE_EXPECTED=1 make check TESTS=tests/e2e/captures_json.sh
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python

# Validation must not depend on the machine's trust store: each capture is
# checked against its own throwaway root only, given by a path relative to
# the source tree (the store name appears in the output).
cd "$TV_SRCDIR" || exit 1
for pcap in captures/*.pcap tests/corpus/tls12-clientauth.pcap tests/corpus/tls13-hrr.pcap; do
	name=$(basename "$pcap" .pcap)
	exp=$TV_SRCDIR/tests/expected/$name.jsonl
	case $pcap in
	captures/*) ca=captures/demo-root-ca.crt ;;
	*) ca=tests/corpus/root-ca.crt ;;
	esac
	if "$TLSVIEW" -r "$pcap" --json --no-system-ca --ca-file "$ca" \
		>"$TMP/$name.jsonl" 2>"$TMP/$name.err"; then
		echo "ok $name: tlsview exits 0"
	else
		echo "not ok $name: tlsview exits 0"
	fi
	if [ -n "${TV_UPDATE_EXPECTED:-}" ]; then
		cp "$TMP/$name.jsonl" "$exp"
		echo "# updated $exp"
	fi
	if [ ! -f "$exp" ]; then
		echo "not ok $name: expectation $exp exists"
		continue
	fi
	python3 - "$exp" "$TMP/$name.jsonl" "$name" <<'PY'
import json, sys
exp_path, got_path, name = sys.argv[1:]
exp = [json.loads(l) for l in open(exp_path, encoding='utf-8')]
got = [json.loads(l) for l in open(got_path, encoding='utf-8')]

def diff(a, b, path):
    """First difference between two JSON values, as a path and values."""
    if type(a) != type(b):
        return f"{path}: {json.dumps(b)[:120]} != expected {json.dumps(a)[:120]}"
    if isinstance(a, dict):
        for k in a:
            if k not in b:
                return f"{path}.{k}: missing"
            d = diff(a[k], b[k], f"{path}.{k}")
            if d: return d
        for k in b:
            if k not in a:
                return f"{path}.{k}: unexpected"
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(b)} elements, expected {len(a)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, f"{path}[{i}]")
            if d: return d
    elif a != b:
        return f"{path}: {json.dumps(b)[:120]} != expected {json.dumps(a)[:120]}"
    return None

n = max(len(exp), len(got))
print(("ok" if len(exp) == len(got) else "not ok") + f" {name}: {len(exp)} connections")
for i in range(min(len(exp), len(got))):
    d = diff(exp[i], got[i], f"#{i + 1}")
    print(("ok" if d is None else "not ok") + f" {name} #{i + 1}: JSON equals the expectation")
    if d: print("# " + d)
PY
done >"$TMP/results"
while IFS= read -r line; do
	case $line in
	"ok "*) ok 0 "${line#ok }" ;;
	"not ok "*) ok 1 "${line#not ok }" ;;
	*) echo "$line" ;;
	esac
done <"$TMP/results"
done_testing
