#!/bin/sh
# The shipped recording of the workshop lab (captures/lab.pcapng, made by
# captures/record-lab.sh): replayed offline with its own secrets (pcapng
# Decryption Secrets Blocks), its root and its CRL, every case gets its
# own verdict, TLS 1.3's encrypted messages are decrypted, the TLS 1.2
# case and the HelloRetryRequest show, and the client-cert case ends with
# the server's certificate_required alert.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python
C=$TV_SRCDIR/captures
"$TLSVIEW" -r "$C/lab.pcapng" --no-system-ca --ca-file "$C/lab-root-ca.crt" \
	--crl "$C/lab.crl" --json >"$TMP/lab.json" 2>"$TMP/err"
ok $? "replay: exit 0"
[ ! -s "$TMP/err" ]
ok $? "replay: nothing on stderr"
python3 - "$TMP/lab.json" >"$TMP/results" <<'PY'
import json, sys
conns = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
if len(conns) == 1 and isinstance(conns[0], list):
    conns = conns[0]
want = [
    ("good", []), ("self-signed", ["self_signed"]),
    ("untrusted-root", ["untrusted_root"]),
    ("incomplete-chain", ["unknown_issuer"]), ("expired", ["expired"]),
    ("not-yet-valid", ["not_yet_valid"]),
    ("wrong-host", ["hostname_mismatch"]),
    ("sha1", ["insecure_signature_algorithm"]), ("rsa-1024", ["weak_key"]),
    ("not-a-ca", ["issuer_not_ca", "key_usage"]), ("revoked", ["revoked"]),
    ("client-cert", []), ("tls12", []), ("hrr", []),
]
def ok(cond, name):
    print("%d %s" % (0 if cond else 1, name))
ok(len(conns) == len(want), "14 connections, one per case")
for c, (name, codes) in zip(conns, want):
    v = c["validation"]
    got = [r["code"] for r in v["reasons"] if r["severity"] == "error"]
    ok(got == codes, "%s: reasons %s (got %s)" % (name, codes, got))
    if not codes:
        ok(v["trusted"] and v["anchor"]["subject"] == "CN=tlsview lab Root CA,O=tlsview lab",
           "%s: trusted, anchored at the lab root" % name)
    types = [m["type"] for m in c["messages"]]
    if name == "tls12":
        ok(c["version"]["name"] == "TLS 1.2" and "server_key_exchange" in types,
           "tls12: TLS 1.2 with a ServerKeyExchange")
    elif name == "hrr":
        ok(types[:3] == ["client_hello", "hello_retry_request", "client_hello"],
           "hrr: ClientHello, HelloRetryRequest, a second ClientHello")
    else:
        ok("encrypted_extensions" in types and "finished" in types,
           "%s: TLS 1.3's encrypted messages decrypted" % name)
    if name == "client-cert":
        ok("certificate_request" in types and
           any(a["description"] == "certificate_required" for a in c.get("alerts", [])),
           "client-cert: CertificateRequest, then the certificate_required alert")
PY
ok $? "the JSON is read"
while read -r st name; do
	ok "$st" "$name"
done <"$TMP/results"
done_testing
