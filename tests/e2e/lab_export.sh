#!/bin/sh
# `tlsview lab --export DIR`: the PKI files and README.md.  Runs every
# case's ```sh block of the README in a scratch copy of the export (the
# openssl commands that make the certificate by hand, then openssl verify
# on the lab's file and on the hand-made one) and checks that: the block
# runs, verify prints what the README says, the hand-made certificate
# gets the same verdict as the lab's, and `tlsview cert` (the command the
# block names) agrees with openssl verify on every case.  A second export
# to the same directory is refused.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing"

D=$TMP/lab
E=$TMP/export
"$TLSVIEW" lab --dir "$D" --export "$E" >"$TMP/export.out" 2>"$TMP/export.err"
ok $? "lab --export: exit 0"
diag "$(cat "$TMP/export.err")"
grep -q "written to $E" "$TMP/export.out"
ok $? "lab --export says where it wrote"
missing=
for f in README.md root-ca.crt root-ca.key intermediate-ca.crt \
	intermediate-ca.key intermediate-ca.csr good.crt good.key good.csr \
	good-chain.pem revoked.crt lab.crl client.crt client.key; do
	[ -s "$E/$f" ] || missing="$missing $f"
done
[ -z "$missing" ]
ok $? "the export has the README, keys, certificates, CSRs, CRL (missing:$missing)"
bad=$(find "$E" -name '*.key' ! -perm 600 | head -1)
[ -z "$bad" ]
ok $? "exported keys are 0600 ($bad)"
cmp -s "$D/good.crt" "$E/good.crt" && cmp -s "$D/lab.crl" "$E/lab.crl"
ok $? "the exported files are the lab's"
openssl req -in "$E/good.csr" -noout -verify >/dev/null 2>&1
ok $? "good.csr is a CSR with a valid self-signature (openssl req -verify)"

"$TLSVIEW" lab --dir "$D" --export "$E" >/dev/null 2>"$TMP/again.err"
st=$?
[ $st -eq 1 ] && [ "$(wc -l <"$TMP/again.err")" = 1 ] &&
	grep -q '^tlsview: lab: .*already exists' "$TMP/again.err"
ok $? "a second export to the same directory: one line, exit 1"
cmp -s "$D/good.crt" "$E/good.crt"
ok $? "... and nothing was overwritten"

S=$TMP/scratch
cp -r "$E" "$S"
cat >"$TMP/run.py" <<'PY'
import json, re, subprocess, sys
tlsview, scratch = sys.argv[1], sys.argv[2]
md = open(scratch + "/README.md").read()
blocks = re.findall(r"^### ([a-z0-9-]+):.*?^```sh\n(.*?)^```", md,
                    re.S | re.M)
def ok(cond, name):
    print(("ok - " if cond else "not ok - ") + name)
ok(len(blocks) == 14, "README.md has one sh block per case (14)")
for name, block in blocks:
    r = subprocess.run(["sh", "-c", block], cwd=scratch,
                       capture_output=True, text=True)
    out = r.stdout + r.stderr
    # each openssl verify ends with "FILE: OK" or "error FILE: verification
    # failed"; the error lines before say why
    verdicts, cur = [], []
    for line in out.splitlines():
        m = re.match(r"error (\d+) at \d+ depth", line)
        if m:
            cur.append(int(m.group(1)))
        if re.search(r": OK$", line) or re.search(r": verification failed$", line):
            verdicts.append((line.endswith(": OK"), cur))
            cur = []
    ok(len(verdicts) == 2, "%s: the block runs both openssl verify" % name)
    if len(verdicts) != 2:
        print("# " + out.replace("\n", "\n# "))
        continue
    prints = re.search(r"# the lab's own file; prints: (.*)", block).group(1)
    first = [l for l in out.splitlines()
             if re.match(r"error \d+ at|.*: OK$", l)][0]
    ok(first == prints, "%s: openssl verify prints what the README says "
       "(%s)" % (name, prints))
    ok(verdicts[0] == verdicts[1], "%s: the hand-made certificate gets "
       "the same verdict (%s)" % (name, verdicts[1]))
    args = re.search(r"# tlsview agrees: tlsview (.*)", block).group(1)
    t = subprocess.run([tlsview] + args.split() + ["--json"], cwd=scratch,
                       capture_output=True, text=True)
    v = json.loads(t.stdout)["validation"] if t.returncode == 0 else {}
    ok(t.returncode == 0 and v["trusted"] == verdicts[0][0],
       "%s: tlsview cert agrees with openssl verify (trusted: %s)"
       % (name, verdicts[0][0]))
PY
python3 "$TMP/run.py" "$TLSVIEW" "$S" >"$TMP/run.res" 2>&1
while IFS= read -r line; do
	case $line in
	"ok - "*) ok 0 "${line#ok - }" ;;
	"not ok - "*) ok 1 "${line#not ok - }" ;;
	*) echo "$line" ;;
	esac
done <"$TMP/run.res"
done_testing
