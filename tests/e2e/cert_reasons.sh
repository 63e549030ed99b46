#!/bin/sh
# `tlsview cert` on a PKI generated at test time (tests/e2e/mkpki.sh), one
# case per reason code and some combinations, checked at a fixed time
# (--at 2030-01-01) so nothing depends on today's date.  Each case asserts
# the verdict in --json (code, severity, certificate, depth, key words of
# the explanation, anchor, path, per-store results), that the --text
# output says the same within 80 columns with nothing unescaped, and that
# `openssl verify` (a second implementation) reaches the same
# trusted / not trusted verdict on the same files.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python
command -v certtool >/dev/null 2>&1 ||
	skip_all "certtool missing (apt-get install gnutls-bin)"

P=$TMP/pki
if ! sh "$TV_SRCDIR/tests/e2e/mkpki.sh" "$P" >"$TMP/mkpki.log" 2>&1; then
	diag "$(cat "$TMP/mkpki.log")"
	ok 1 "mkpki.sh generates the test PKI"
	done_testing
	exit 1
fi
cd "$P" || exit 1
VERDICT=$TV_SRCDIR/tests/e2e/verdict.py
H=www.example.test
AT=2030-01-01
AT_EPOCH=1893456000
have_openssl=false
command -v openssl >/dev/null 2>&1 && have_openssl=true

relay() { # TAP-like lines of verdict.py into ok/diag
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}

json_trusted() { # FILE: "true" or "false"
	python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1]))["validation"]["trusted"]).lower())' "$1"
}

# tv NAME "ARGS" "OPENSSL-ARGS" EXPECTATION...
#   runs `tlsview cert --no-system-ca --at 2030-01-01 ARGS` with --json
#   and --text; OPENSSL-ARGS ("-" for none) are the referee's arguments
#   after `openssl verify -attime ... -purpose sslserver -auth_level 2`.
tv() {
	name=$1 args=$2 ref=$3
	shift 3
	# shellcheck disable=SC2086
	"$TLSVIEW" cert --no-system-ca --at "$AT" $args --json \
		>"$TMP/$name.json" 2>"$TMP/$name.err"
	ok $? "$name: exits 0"
	python3 "$VERDICT" "$name" "$TMP/$name.json" "$@" >"$TMP/$name.res"
	relay "$TMP/$name.res"
	# shellcheck disable=SC2086
	"$TLSVIEW" cert --no-system-ca --at "$AT" $args --text \
		>"$TMP/$name.txt" 2>>"$TMP/$name.err"
	long=$(awk 'length > 80' "$TMP/$name.txt" | head -1)
	ok $([ -z "$long" ] && [ -s "$TMP/$name.txt" ]; echo $?) \
		"$name: text within 80 columns"
	[ -z "$long" ] || diag "too long: $long"
	ok $(! grep -q "$(printf '\033')" "$TMP/$name.txt"; echo $?) \
		"$name: no raw escape character in the text"
	[ "$ref" = - ] || referee "$name" "$ref"
}

referee() { # NAME OPENSSL-ARGS
	$have_openssl || return 0
	# shellcheck disable=SC2086
	if openssl verify -attime "$AT_EPOCH" -purpose sslserver \
		-auth_level 2 $2 >"$TMP/$1.openssl" 2>&1; then
		want=true
	else
		want=false
	fi
	got=$(json_trusted "$TMP/$1.json")
	ok $([ "$got" = "$want" ]; echo $?) \
		"$1: openssl verify agrees (trusted $want)"
	[ "$got" = "$want" ] || diag "$(cat "$TMP/$1.openssl")"
}

text_has() { # NAME TEXT: a line of the --text output contains TEXT
	grep -qF -- "$2" "$TMP/$1.txt"
	ok $? "$1: text says '$2'"
}

R="--ca-file root.crt --host $H"
V="-CAfile root.crt -verify_hostname $H"

# ---- chains that validate ----
tv good "$R leaf.crt inter.crt" "$V -untrusted inter.crt leaf.crt" \
	trusted=true codes= anchor=root.crt "anchor_subject=CN=Test Root CA" \
	path=peer,peer,store host=$H checked=2030-01-01T00:00:00.000000Z \
	time_source=at store=root.crt:true
text_has good "validation: trusted"
text_has good "checked at 2030-01-01 00:00:00.000000 UTC (given with --at)"
text_has good "2 CN=Test Root CA,O=tlsview tests (trust anchor from root.crt)"
text_has good "anchor CN=Test Root CA,O=tlsview tests from root.crt"
text_has good "root.crt: trusted (anchor CN=Test Root CA,O=tlsview tests)"

tv any-order "$R inter.crt leaf.crt" "$V -untrusted inter.crt leaf.crt" \
	trusted=true codes= path=peer,peer,store
text_has any-order "0 CN=www.example.test (sent, certificate 1)"

tv bundle-reversed "$R chain-reversed.pem" \
	"$V -untrusted chain-reversed.pem leaf.crt" \
	trusted=true "reason=chain_order:warning:1:0:not the first" \
	codes=chain_order
text_has bundle-reversed "validation: trusted (1 warning)"

tv root-sent "$R chain-full.pem" "$V -untrusted chain-full.pem leaf.crt" \
	trusted=true codes= anchor=root.crt path=peer,peer,store

tv ca-dir "--ca-dir cadir --host $H leaf.crt inter.crt" \
	"-CAfile root.crt -untrusted inter.crt leaf.crt" \
	trusted=true anchor=cadir store=cadir:true

tv self-trusted "--ca-file self.crt --host self.example.test self.crt" \
	"-CAfile self.crt -verify_hostname self.example.test self.crt" \
	trusted=true codes= anchor=self.crt path=peer

tv wildcard "--ca-file root.crt --host a.wild.example.test leaf-wild.crt inter.crt" \
	"-CAfile root.crt -verify_hostname a.wild.example.test -untrusted inter.crt leaf-wild.crt" \
	trusted=true codes=

tv ip-address "--ca-file root.crt --host 192.0.2.1 leaf.crt inter.crt" \
	"-CAfile root.crt -verify_ip 192.0.2.1 -untrusted inter.crt leaf.crt" \
	trusted=true codes= host=192.0.2.1

tv crl-not-listed "$R --crl inter.crl leaf.crt inter.crt" \
	"$V -crl_check -CRLfile inter.crl -untrusted inter.crt leaf.crt" \
	trusted=true codes=

# ---- one reason each ----
tv self-signed "--ca-file root.crt --host self.example.test self.crt" \
	"-CAfile root.crt -verify_hostname self.example.test self.crt" \
	trusted=false codes=self_signed anchor=null path=peer \
	"reason=self_signed:error:0:0:same|own public key|--ca-file|Let's Encrypt|domain name" \
	store=root.crt:false:self_signed:0
text_has self-signed "validation: NOT TRUSTED (1 error)"
text_has self-signed "error self_signed (certificate 0): self-signed certificate"
text_has self-signed "anchor: none (no path reaches a trust anchor)"

tv untrusted-root "--ca-file root2.crt --host $H chain-full.pem" \
	"-CAfile root2.crt -verify_hostname $H -untrusted chain-full.pem leaf.crt" \
	trusted=false codes=untrusted_root \
	"reason=untrusted_root:error:2:2:sent along|not in any trust store|installed" \
	path=peer,peer,peer anchor=null

tv incomplete-chain "$R leaf.crt" "$V leaf.crt" \
	trusted=false codes=incomplete_chain \
	"reason=incomplete_chain:error:0:0:http://ca.example.test/inter.crt|depends on the client|full chain" \
	ca_issuers=http://ca.example.test/inter.crt \
	store=root.crt:false:incomplete_chain:0:name\ chaining
text_has incomplete-chain "the missing issuer is at http://ca.example.test/inter.crt"

tv unknown-issuer "$R leaf-noaia.crt" "$V leaf-noaia.crt" \
	trusted=false codes=unknown_issuer \
	"reason=unknown_issuer:error:0:0:CN=Test Intermediate CA|neither among the certificates sent"

tv expired "$R leaf-expired.crt inter.crt" \
	"$V -untrusted inter.crt leaf-expired.crt" \
	trusted=false codes=expired \
	"reason=expired:error:0:0:2021-01-01|3287 days|renew" \
	store=root.crt:false:expired:0:validity anchor=root.crt
text_has expired "error expired (certificate 0): certificate expired"
text_has expired "expired 3287 days before the check"

tv not-yet-valid "$R leaf-future.crt inter.crt" \
	"$V -untrusted inter.crt leaf-future.crt" \
	trusted=false codes=not_yet_valid \
	"reason=not_yet_valid:error:0:0:2035-01-01|1826 days|clock"

tv wrong-host "--ca-file root.crt --host other.example.test leaf.crt inter.crt" \
	"-CAfile root.crt -verify_hostname other.example.test -untrusted inter.crt leaf.crt" \
	trusted=false codes=hostname_mismatch \
	"reason=hostname_mismatch:error:0:0:other.example.test|www.example.test|192.0.2.1|wildcard"

tv wildcard-two-labels "--ca-file root.crt --host a.b.wild.example.test leaf-wild.crt inter.crt" \
	"-CAfile root.crt -verify_hostname a.b.wild.example.test -untrusted inter.crt leaf-wild.crt" \
	trusted=false codes=hostname_mismatch \
	"reason=hostname_mismatch:error:0:0:*.wild.example.test|exactly one label"

tv wrong-ip "--ca-file root.crt --host 192.0.2.2 leaf.crt inter.crt" \
	"-CAfile root.crt -verify_ip 192.0.2.2 -untrusted inter.crt leaf.crt" \
	trusted=false codes=hostname_mismatch \
	"reason=hostname_mismatch:error:0:0:192.0.2.2"

tv sha1 "--ca-file rsaroot.crt --host $H leaf-sha1.crt" \
	"-CAfile rsaroot.crt -verify_hostname $H leaf-sha1.crt" \
	trusted=false codes=insecure_signature_algorithm \
	"reason=insecure_signature_algorithm:error:0:0:SHA1|collisions|SHA-256"

tv md5 "--ca-file rsaroot.crt --host $H leaf-md5.crt" \
	"-CAfile rsaroot.crt -verify_hostname $H leaf-md5.crt" \
	trusted=false codes=insecure_signature_algorithm \
	"reason=insecure_signature_algorithm:error:0:0:MD5"

tv rsa-1024 "$R leaf-weak.crt" "$V leaf-weak.crt" \
	trusted=false codes=weak_key \
	"reason=weak_key:error:0:0:1024-bit RSA|2048"

tv ca-false-issuer "$R leaf-by-notca.crt notca.crt" \
	"$V -untrusted notca.crt leaf-by-notca.crt" \
	trusted=false codes=issuer_not_ca,key_usage \
	"reason=issuer_not_ca:error:1:1:CA:FALSE|not allowed to act as a certificate authority" \
	"reason=key_usage:error:1:1:keyCertSign" \
	store=root.crt:false:issuer_not_ca:1:basic\ constraints

tv v1-issuer "$R leaf-by-v1.crt notca-v1.crt" \
	"$V -untrusted notca-v1.crt leaf-by-v1.crt" \
	trusted=false codes=issuer_not_ca \
	"reason=issuer_not_ca:error:1:1:no basic constraints"

tv path-length "$R leaf-deep.crt inter-sub.crt inter-pl0.crt" \
	"$V -untrusted inter-sub.crt -untrusted inter-pl0.crt leaf-deep.crt" \
	trusted=false codes=path_length_exceeded \
	"reason=path_length_exceeded:error:2:2:at most 0|pathLenConstraint|1 follow" \
	store=root.crt:false:path_length_exceeded:2:path\ length

tv name-constraints "$R leaf-nc.crt inter-nc.crt" \
	"$V -untrusted inter-nc.crt leaf-nc.crt" \
	trusted=false codes=name_constraints \
	"reason=name_constraints:error:0:0:outside|Constrained CA"

tv ca-without-keycertsign "$R leaf-noku.crt inter-noku.crt" \
	"$V -untrusted inter-noku.crt leaf-noku.crt" \
	trusted=false codes=key_usage "reason=key_usage:error:1:1:keyCertSign"

tv leaf-key-usage "$R leaf-ku.crt inter.crt" \
	"$V -untrusted inter.crt leaf-ku.crt" \
	trusted=false codes=key_usage \
	"reason=key_usage:error:0:0:digitalSignature|keyEncipherment"

tv client-auth-only "$R leaf-client.crt inter.crt" \
	"$V -untrusted inter.crt leaf-client.crt" \
	trusted=false codes=purpose_mismatch \
	"reason=purpose_mismatch:error:0:0:clientAuth|serverAuth" \
	store=root.crt:false:purpose_mismatch:0:extended\ key\ usage

tv revoked-crl "$R --crl inter.crl leaf-revoked.crt inter.crt" \
	"$V -crl_check -CRLfile inter.crl -untrusted inter.crt leaf-revoked.crt" \
	trusted=false codes=revoked \
	"reason=revoked:error:0:0:inter.crl|revoked|new key" \
	store=root.crt:false:revoked:0:revocation

tv crl-expired "$R --crl inter-old.crl leaf.crt inter.crt" \
	"$V -crl_check -CRLfile inter-old.crl -untrusted inter.crt leaf.crt" \
	trusted=false codes=crl_expired \
	"reason=crl_expired:error:0:0:2025-01-01|inter-old.crl"

tv crl-not-yet-valid "$R --crl inter-future.crl leaf.crt inter.crt" \
	"$V -crl_check -CRLfile inter-future.crl -untrusted inter.crt leaf.crt" \
	trusted=false codes=crl_not_yet_valid \
	"reason=crl_not_yet_valid:error:0:0:2035-01-01"

tv critical-extension "$R leaf-crit.crt inter.crt" \
	"$V -untrusted inter.crt leaf-crit.crt" \
	trusted=false codes=unknown_critical_extension \
	"reason=unknown_critical_extension:error:0:0:1.3.6.1.4.1.55555.1|critical"

tv bad-signature "$R leaf-badsig.crt inter.crt" \
	"$V -untrusted inter.crt leaf-badsig.crt" \
	trusted=false codes=bad_signature \
	"reason=bad_signature:error:0:0:does not verify|CN=Test Intermediate CA" \
	store=root.crt:false:bad_signature:0:signature

tv duplicate "$R chain-dup.pem" "$V -untrusted chain-dup.pem leaf.crt" \
	trusted=true codes=chain_order \
	"reason=chain_order:warning:2:null:copy of certificate 1"

tv unrelated-extra "$R chain-extra.pem" "$V -untrusted chain-extra.pem leaf.crt" \
	trusted=true codes=chain_order \
	"reason=chain_order:warning:2:null:Other Root CA|not part of the chain"

# ---- several at once ----
tv expired-sha1-rsa1024 "--ca-file rsaroot.crt --host $H leaf-combo.crt" \
	"-CAfile rsaroot.crt -verify_hostname $H leaf-combo.crt" \
	trusted=false codes=expired,insecure_signature_algorithm,weak_key \
	reason=expired:error:0:0 reason=weak_key:error:0:0 \
	reason=insecure_signature_algorithm:error:0:0

tv self-signed-expired \
	"--ca-file root.crt --host self.example.test self-expired.crt" \
	"-CAfile root.crt -verify_hostname self.example.test self-expired.crt" \
	trusted=false codes=self_signed,expired \
	reason=self_signed:error:0:0 reason=expired:error:0:0

# ---- trusted here, refused there: several stores side by side ----
tv two-stores "--ca-file root2.crt --ca-file root.crt --host $H leaf.crt inter.crt" \
	"$V -untrusted inter.crt leaf.crt" \
	trusted=true anchor=root.crt store=root.crt:true \
	"store=root2.crt:false:unknown_issuer:1:name chaining"
text_has two-stores "root2.crt: not trusted: name chaining check fails at depth 1"

tv outdated-store "--ca-file root-expired.crt --ca-file root.crt --host $H leaf.crt inter.crt" \
	"$V -untrusted inter.crt leaf.crt" \
	trusted=true anchor=root.crt store=root.crt:true \
	store=root-expired.crt:false:expired:2:validity
text_has outdated-store "root-expired.crt: not trusted: validity check fails at depth 2"

tv refused-everywhere "--ca-file root-expired.crt --ca-file root2.crt --host $H leaf.crt inter.crt" \
	"-CAfile root-expired.crt -verify_hostname $H -untrusted inter.crt leaf.crt" \
	trusted=false reason=expired:error:null:2 \
	store=root-expired.crt:false:expired:2 store=root2.crt:false:unknown_issuer:1

# openssl ocsp as the referee of an OCSP response: the same status, and a
# signature that verifies (it checks the response's dates against the real
# clock only, so those are not compared)
ocsp_referee() { # NAME RESPONSE CERT
	$have_openssl || return 0
	openssl ocsp -respin "$2" -issuer inter.crt -cert "$3" \
		-CAfile root.crt >"$TMP/$1.openssl" 2>&1
	want=$(grep -Eo '(^|: )(good|revoked|unknown)$' "$TMP/$1.openssl" |
		sed 's/^: //')
	got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["validation"]["ocsp"][0]["status"])' "$TMP/$1.json")
	ok $([ -n "$want" ] && [ "$got" = "$want" ] &&
		grep -q '^Response verify OK' "$TMP/$1.openssl"; echo $?) \
		"$1: openssl ocsp agrees (status $want, signature verifies)"
}

# ---- OCSP responses (--ocsp), when they could be made ----
if [ -f .ocsp ]; then
	tv ocsp-good "$R --ocsp leaf-good.ocsp leaf.crt inter.crt" - \
		trusted=true codes= ocsp=good:0
	text_has ocsp-good "OCSP leaf-good.ocsp: good, about certificate 0"
	ocsp_referee ocsp-good leaf-good.ocsp leaf.crt
	tv ocsp-revoked "$R --ocsp leaf-revoked.ocsp leaf-revoked.crt inter.crt" - \
		trusted=false codes=revoked ocsp=revoked:0 \
		"reason=revoked:error:0:0:OCSP response from leaf-revoked.ocsp|2029-06-01"
	ocsp_referee ocsp-revoked leaf-revoked.ocsp leaf-revoked.crt
	tv ocsp-stale "$R --ocsp leaf-stale.ocsp leaf.crt inter.crt" - \
		trusted=true codes=ocsp_invalid ocsp=unusable:0 \
		"reason=ocsp_invalid:warning:0:0:out of date|2025-02-01"
	tv ocsp-other-cert "$R --ocsp leaf-revoked.ocsp leaf.crt inter.crt" - \
		trusted=true codes=ocsp_invalid ocsp=unusable \
		"reason=ocsp_invalid:warning:null:null:none of the certificates"
	tv ocsp-no-issuer "$R --ocsp leaf-good.ocsp leaf.crt" - \
		trusted=false codes=incomplete_chain,ocsp_invalid \
		ocsp=unusable:0 "reason=ocsp_invalid:warning:0:0:issuer is not on the path"
else
	diag "no OCSP cases: python3 cryptography or openssl missing"
fi

# ---- certificate strings reach the terminal escaped ----
tv escapes "--ca-file root.crt --host evil.test leaf-esc.crt inter.crt" \
	"-CAfile root.crt -verify_hostname evil.test -untrusted inter.crt leaf-esc.crt" \
	trusted=false codes=hostname_mismatch
text_has escapes 'CN=\x1b[31mEvil\x1b[0m \u{202e}txt.exe'
grep -qF '\u001b[31mEvil' "$TMP/escapes.json"
ok $? "escapes: JSON escapes ESC as \\u001b"

# ---- --export-certs: each certificate as PEM, as given ----
"$TLSVIEW" cert --no-system-ca --at "$AT" --export-certs "$TMP/exp" \
	chain.pem >/dev/null 2>&1
ok $? "--export-certs: exits 0"
for i in 0 1; do
	f=leaf.crt
	[ $i -eq 1 ] && f=inter.crt
	want=$(certtool --fingerprint --hash sha256 --infile "$f" 2>/dev/null)
	got=$(certtool --fingerprint --hash sha256 --infile "$TMP/exp/cert$i.pem" 2>/dev/null)
	ok $([ -n "$want" ] && [ "$got" = "$want" ]; echo $?) \
		"--export-certs: cert$i.pem is $f"
done
: >"$TMP/file"
"$TLSVIEW" cert --no-system-ca --export-certs "$TMP/file/x" leaf.crt \
	>/dev/null 2>"$TMP/err"
ok $([ $? -eq 1 ] && grep -q "^tlsview: $TMP/file/x: cannot create the directory" "$TMP/err"; echo $?) \
	"--export-certs into an impossible directory: exit 1, one line"

# ---- certificate details ----
python3 - "$TMP/good.json" >"$TMP/details.res" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
leaf, inter = d["certificates"]
e = leaf["extensions"]
checks = [
    ("leaf: key usage", e["key_usage"] == ["digitalSignature"]),
    ("leaf: extended key usage", e["extended_key_usage"] == ["serverAuth"]),
    ("leaf: basic constraints CA:FALSE", e["basic_constraints"] == {"ca": False, "path_len": None}),
    ("leaf: AIA OCSP and caIssuers", e["ocsp"] == ["http://ocsp.example.test/"] and e["ca_issuers"] == ["http://ca.example.test/inter.crt"]),
    ("leaf: CRL distribution point", e["crl_distribution_points"] == ["http://crl.example.test/inter.crl"]),
    ("leaf: AKI is the intermediate's SKI", e["authority_key_id"] == inter["extensions"]["subject_key_id"] and e["authority_key_id"]),
    ("leaf: no SCT extension, not must-staple", e["scts"] is None and e["must_staple"] is False),
    ("leaf: SHA-1 and SHA-256 fingerprints, version 3", len(leaf["sha1"]) == 40 and len(leaf["sha256"]) == 64 and leaf["version"] == 3),
    ("intermediate: CA with keyCertSign", inter["extensions"]["basic_constraints"]["ca"] and "keyCertSign" in inter["extensions"]["key_usage"]),
]
for name, good in checks:
    print(("ok" if good else "not ok") + " - details: " + name)
PY
relay "$TMP/details.res"
text_has good "CA issuers http://ca.example.test/inter.crt"
text_has good "valid from 2020-01-01 until 2040-01-01 (3652 days left)"

# ---- exit status and one-line errors ----
err() { # NAME WANT-STATUS PATTERN -- ARGS...
	name=$1 want=$2 pat=$3
	shift 4
	"$TLSVIEW" "$@" >"$TMP/out" 2>"$TMP/err"
	st=$?
	ok $([ "$st" -eq "$want" ]; echo $?) "$name: exit status $want (got $st)"
	lines=$(wc -l <"$TMP/err")
	ok $([ "$lines" -eq 1 ] && grep -q -- "$pat" "$TMP/err"; echo $?) \
		"$name: one line on stderr matching '$pat'"
	[ "$lines" -eq 1 ] && grep -q -- "$pat" "$TMP/err" ||
		diag "stderr: $(cat "$TMP/err")"
}
err "missing file" 1 "^tlsview: nope.crt: No such file or directory (" \
	-- cert nope.crt
err "not a certificate" 1 "^tlsview: garbage.pem: certificate 1 of the file is not a valid certificate: .*(give PEM or DER" \
	-- cert garbage.pem
err "a key, not a certificate" 1 "^tlsview: root.key: .*(give PEM or DER certificates)" \
	-- cert root.key
err "bad --at" 2 "^tlsview: --at 2030-13-01: not a time (use RFC 3339" \
	-- cert --at 2030-13-01 leaf.crt
err "no file" 2 "^tlsview: cert needs at least one certificate file" -- cert
err "missing CA file" 1 "^tlsview: nope.pem: No such file or directory (" \
	-- cert --ca-file nope.pem leaf.crt
err "CA file without certificates" 1 "^tlsview: inter.crl: .*(" \
	-- cert --no-system-ca --ca-file inter.crl leaf.crt
err "not a CRL" 1 "^tlsview: leaf.crt: not a CRL (" \
	-- cert --no-system-ca --crl leaf.crt leaf.crt
err "not an OCSP response" 1 "^tlsview: leaf.crt: not an OCSP response (" \
	-- cert --no-system-ca --ocsp leaf.crt leaf.crt
err "--ocsp outside cert" 2 "^tlsview: --ocsp is an option of tlsview cert" \
	-- anchors --ocsp x
mkdir -p "$TMP/empty"
err "CA directory without certificates" 1 "^tlsview: $TMP/empty: no certificate file in this directory (" \
	-- cert --no-system-ca --ca-dir "$TMP/empty" leaf.crt

"$TLSVIEW" cert --no-system-ca --at "$AT" --fail-untrusted self.crt >/dev/null 2>&1
st=$?
ok $([ "$st" -eq 3 ]; echo $?) "--fail-untrusted: exit 3 for an untrusted chain (got $st)"
"$TLSVIEW" cert --no-system-ca --at "$AT" --fail-untrusted $R leaf.crt inter.crt >/dev/null 2>&1
st=$?
ok $([ "$st" -eq 0 ]; echo $?) "--fail-untrusted: exit 0 for a trusted chain (got $st)"
"$TLSVIEW" cert --at 2030-01-01T00:00:00Z self.crt --json >"$TMP/sys.json" 2>&1
ok $? "the system store is used by default (exit 0)"
python3 "$VERDICT" system-store "$TMP/sys.json" store=system:false \
	checked=2030-01-01T00:00:00.000000Z >"$TMP/sys.res"
relay "$TMP/sys.res"

done_testing
