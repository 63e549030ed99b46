#!/bin/sh
# `tlsview lab --check`: the lab makes its PKI in a fresh --dir, serves
# every case on free ports and judges each as a client would.  Asserts
# each case's reason codes (written here, independently of the lab's own
# table), "lab root" as the good chains' anchor, the HelloRetryRequest,
# TLS 1.2 and client certificate cases on the wire, the PKI made on the
# first run and reused (in under 2 s) on the second, the files' modes,
# a PKI made again when a file is missing, and the text output.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python

D=$TMP/lab
"$TLSVIEW" lab --dir "$D" --port 0 --check --json >"$TMP/first.json" \
	2>"$TMP/first.err"
ok $? "lab --check --json: every case as expected (exit 0)"
diag "$(cat "$TMP/first.err")"

cat >"$TMP/check.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
made = sys.argv[2] == "made"
want = {
    "good": [], "self-signed": ["self_signed"],
    "untrusted-root": ["untrusted_root"],
    "incomplete-chain": ["unknown_issuer"], "expired": ["expired"],
    "not-yet-valid": ["not_yet_valid"], "wrong-host": ["hostname_mismatch"],
    "sha1": ["insecure_signature_algorithm"], "rsa-1024": ["weak_key"],
    "not-a-ca": ["issuer_not_ca", "key_usage"], "revoked": ["revoked"],
    "client-cert": [], "tls12": [], "hrr": [],
}
n = 0
def ok(cond, name):
    global n
    n += 1
    print(("ok - " if cond else "not ok - ") + name)
ok(d["lab"]["made"] is made, "lab.made is %s" % made)
ok(len(d["lab"]["root_sha256"]) == 64, "lab.root_sha256 is a SHA-256")
ok([c["name"] for c in d["cases"]] == list(want),
   "the cases, in the lab's order: " + " ".join(want))
ok(d["passed"] == len(want) and d["failed"] == 0, "passed 14, failed 0")
ports = set()
for c in d["cases"]:
    name, conn = c["name"], c["connection"]
    ports.add(c["port"])
    ok(c["reasons"] == want[name] and c["expect"] == want[name],
       "%s: reasons %s" % (name, ",".join(want[name]) or "none"))
    ok(c["as_expected"] is True, "%s: as_expected" % name)
    ok(c["trusted"] is (not want[name]),
       "%s: trusted is %s" % (name, not want[name]))
    v = conn["validation"]
    ok([r["code"] for r in v["reasons"]] == want[name],
       "%s: the connection's verdict has the same codes" % name)
    if not want[name]:
        ok(v["anchor"]["source"] == "lab root",
           "%s: the anchor's store is \"lab root\"" % name)
    ok(conn["sni"] == "localhost", "%s: SNI localhost" % name)
    types = [m["type"] for m in conn["messages"]]
    if name == "hrr":
        ok("hello_retry_request" in types and types.count("client_hello") == 2,
           "hrr: a HelloRetryRequest and a second ClientHello")
    if name == "tls12":
        ok(conn["version"]["id"] == 0x0303, "tls12: TLS 1.2 negotiated")
    elif name != "client-cert":
        ok(conn["version"]["id"] == 0x0304, "%s: TLS 1.3 negotiated" % name)
    if name == "client-cert":
        ok(c["alert"] == "certificate_required" and
           c["expect_alert"] == "certificate_required" and
           "certificate_request" in types,
           "client-cert: CertificateRequest, then certificate_required")
    else:
        ok(c["alert"] is None and c["error"] is None,
           "%s: the handshake completes, no alert" % name)
ok(len(ports) == 14 and 0 not in ports, "14 distinct ports")
PY

relay() {
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		*) diag "$line" ;;
		esac
	done <"$1"
}
python3 "$TMP/check.py" "$TMP/first.json" made >"$TMP/first.res" 2>&1
relay "$TMP/first.res"

# the files: keys 0600, the directory 0700
[ "$(stat -c %a "$D")" = 700 ]
ok $? "the lab directory is 0700"
bad=$(find "$D" -name '*.key' ! -perm 600 | head -1)
[ -z "$bad" ] && [ -f "$D/good.key" ]
ok $? "every key is 0600 ($bad)"
missing=
for f in root-ca.crt intermediate-ca.crt intermediate-ca.csr good.crt \
	good.key good.csr lab.crl client.crt client.key; do
	[ -s "$D/$f" ] || missing="$missing $f"
done
[ -z "$missing" ]
ok $? "the PKI has root-ca.crt, good.crt/.key/.csr, lab.crl, client.crt... (missing:$missing)"

# reuse: the second run makes nothing and starts quickly
t0=$(date +%s%N)
"$TLSVIEW" lab --dir "$D" --port 0 --check --json >"$TMP/second.json" \
	2>"$TMP/second.err"
st=$?
t1=$(date +%s%N)
ok $st "second run: exit 0"
python3 "$TMP/check.py" "$TMP/second.json" reused >"$TMP/second.res" 2>&1
grep -q '^not ok' "$TMP/second.res"
ok $((!$?)) "second run: the PKI reused and every case as before"
grep '^not ok' "$TMP/second.res" | while IFS= read -r l; do diag "$l"; done
ms=$(((t1 - t0) / 1000000))
[ "$ms" -lt 2000 ]
ok $? "reused PKI: the whole check took ${ms} ms (< 2000)"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lab"]["root_sha256"])' "$TMP/first.json")" = \
	  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["lab"]["root_sha256"])' "$TMP/second.json")" ]
ok $? "reused PKI: the same lab root"

# a missing file: everything made again
rm -f "$D/good.key"
"$TLSVIEW" lab --dir "$D" --port 0 --check --json >"$TMP/third.json" \
	2>/dev/null
ok $? "a file missing: exit 0"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["lab"]["made"] and d["failed"] == 0 else 1)' "$TMP/third.json"
ok $? "a file missing: the PKI is made again, every case as expected"

# the text output: one aligned line per case
"$TLSVIEW" lab --dir "$D" --port 0 --check >"$TMP/text.out" 2>&1
ok $? "lab --check (text): exit 0"
[ "$(grep -c '^[a-z0-9-]* *PASS  ' "$TMP/text.out")" = 14 ]
ok $? "text: 14 PASS lines"
grep -q '^good             PASS  trusted (lab root) (expected trusted)$' \
	"$TMP/text.out"
ok $? "text: the good line names the lab root"
grep -q '^revoked          PASS  revoked (expected revoked)$' "$TMP/text.out"
ok $? "text: the revoked line"
grep -q '^client-cert      PASS  trusted (lab root); alert certificate_required (expected trusted; alert certificate_required)$' \
	"$TMP/text.out"
ok $? "text: the client-cert line with its alert"
tail -1 "$TMP/text.out" | grep -q '^14 of 14 cases as expected$'
ok $? "text: the summary line"

# usage
"$TLSVIEW" lab --dir "$D" --json >/dev/null 2>"$TMP/usage.err"
[ $? -eq 2 ] && grep -q 'json goes with --check' "$TMP/usage.err"
ok $? "--json without --check: usage error, exit 2"
"$TLSVIEW" lab --dir "$D" --port 70000 --check >/dev/null 2>"$TMP/usage.err"
[ $? -eq 2 ] && [ "$(wc -l <"$TMP/usage.err")" = 1 ]
ok $? "--port 70000: one usage line, exit 2"
"$TLSVIEW" lab --dir "$D" --listen not-an-ip --check >/dev/null \
	2>"$TMP/usage.err"
[ $? -eq 2 ] && grep -q '^tlsview: lab: --listen not-an-ip' "$TMP/usage.err"
ok $? "--listen not-an-ip: one line, exit 2"
touch "$TMP/file"
"$TLSVIEW" lab --dir "$TMP/file/lab" --check >/dev/null 2>"$TMP/dir.err"
[ $? -eq 1 ] && grep -q '^tlsview: lab: cannot make the directory' \
	"$TMP/dir.err"
ok $? "a --dir that cannot be made: one line, exit 1"

done_testing
