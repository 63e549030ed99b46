#!/bin/sh
# Generate the test PKI for cert_reasons.sh in DIR with GnuTLS's certtool:
# one certificate per failure, everything valid 2020-2040 unless a test
# needs otherwise, so the tests check at a fixed --at time (2030-01-01)
# and never depend on today's date.  OCSP responses (NAME.ocsp) are made
# too when python3 has the cryptography module and openssl is installed
# (DIR/.ocsp says so); the tests skip the OCSP cases otherwise.
#   mkpki.sh DIR
set -e
D=$1
[ -n "$D" ] || { echo "usage: mkpki.sh DIR" >&2; exit 2; }
mkdir -p "$D"

FROM='activation_date = "2020-01-01 00:00:00"'
UNTIL='expiration_date = "2040-01-01 00:00:00"'

run() { # quiet unless it fails
	if ! "$@" >"$D/.log" 2>&1; then
		cat "$D/.log" >&2
		echo "mkpki.sh: failed: $*" >&2
		exit 1
	fi
}

key() { # NAME [TYPE [BITS]]
	run certtool --generate-privkey --key-type "${2:-ecdsa}" \
		${3:+--bits "$3"} --outfile "$D/$1.key"
}

tmpl() { # NAME LINE...: a template; default dates unless given
	name=$1
	shift
	printf '%s\n' "$@" >"$D/$name.tmpl"
	grep -q activation_date "$D/$name.tmpl" || echo "$FROM" >>"$D/$name.tmpl"
	grep -q expiration_date "$D/$name.tmpl" || echo "$UNTIL" >>"$D/$name.tmpl"
}

selfsign() { # NAME KEY [certtool options]
	n=$1 k=$2
	shift 2
	run certtool --generate-self-signed --load-privkey "$D/$k.key" \
		--template "$D/$n.tmpl" --outfile "$D/$n.crt" "$@"
}

issue() { # NAME KEY CA [certtool options]: CA's key is CA.key
	n=$1 k=$2 ca=$3
	shift 3
	run certtool --generate-certificate --load-privkey "$D/$k.key" \
		--load-ca-privkey "$D/$ca.key" --load-ca-certificate "$D/$ca.crt" \
		--template "$D/$n.tmpl" --outfile "$D/$n.crt" "$@"
}

ca_tmpl() { # NAME CN [LINE...]
	n=$1 cn=$2
	shift 2
	tmpl "$n" "cn = \"$cn\"" 'organization = "tlsview tests"' ca \
		cert_signing_key crl_signing_key "$@"
}

server_tmpl() { # NAME [LINE...]: www.example.test, 192.0.2.1
	n=$1
	shift
	tmpl "$n" 'cn = "www.example.test"' 'dns_name = "www.example.test"' \
		'ip_address = "192.0.2.1"' tls_www_server signing_key \
		encryption_key "$@"
}

# keys (a CA's is named after it): EC is fast; RSA where a test needs it
for k in root root2 inter leaf notca inter-pl0 inter-sub inter-nc inter-noku; do
	key $k
done
key rsaroot rsa 2048
key weak rsa 1024

# the good chain: root -> inter -> leaf (with AIA, OCSP, CRL DP)
ca_tmpl root "Test Root CA"
selfsign root root
# the same root (name and key) in an out-of-date copy: a store holding it
# refuses what root.crt accepts
ca_tmpl root-expired "Test Root CA" 'expiration_date = "2025-01-01 00:00:00"'
selfsign root-expired root
ca_tmpl root2 "Other Root CA"
selfsign root2 root2
ca_tmpl inter "Test Intermediate CA"
issue inter inter root
server_tmpl leaf 'ca_issuers_uri = "http://ca.example.test/inter.crt"' \
	'ocsp_uri = "http://ocsp.example.test/"' \
	'crl_dist_points = "http://crl.example.test/inter.crl"'
issue leaf leaf inter
server_tmpl leaf-noaia
issue leaf-noaia leaf inter
tmpl leaf-wild 'cn = "*.wild.example.test"' 'dns_name = "*.wild.example.test"' \
	tls_www_server signing_key encryption_key
issue leaf-wild leaf inter

# self-signed leaves
tmpl self 'cn = "self.example.test"' 'dns_name = "self.example.test"' \
	tls_www_server signing_key encryption_key
selfsign self leaf
tmpl self-expired 'cn = "self.example.test"' 'dns_name = "self.example.test"' \
	tls_www_server signing_key encryption_key \
	'activation_date = "2020-01-01 00:00:00"' \
	'expiration_date = "2021-01-01 00:00:00"'
selfsign self-expired leaf

# validity periods
server_tmpl leaf-expired 'expiration_date = "2021-01-01 00:00:00"'
issue leaf-expired leaf inter
server_tmpl leaf-future 'activation_date = "2035-01-01 00:00:00"'
issue leaf-future leaf inter

# certificates that are not CAs but sign anyway: version 1 (no basic
# constraints, no key usage), and CA:FALSE (certtool then also gives it
# only digitalSignature)
tmpl notca-v1 'cn = "Version 1 Not A CA"'
issue notca-v1 notca root --v1
cp "$D/notca.key" "$D/notca-v1.key"
server_tmpl leaf-by-v1
issue leaf-by-v1 leaf notca-v1
tmpl notca 'cn = "Not A CA"' cert_signing_key
issue notca notca root
server_tmpl leaf-by-notca
issue leaf-by-notca leaf notca

# pathLenConstraint 0, then a second intermediate
ca_tmpl inter-pl0 "Path Length Zero CA" 'path_len = 0'
issue inter-pl0 inter-pl0 root
ca_tmpl inter-sub "Sub CA"
issue inter-sub inter-sub inter-pl0
server_tmpl leaf-deep
issue leaf-deep leaf inter-sub

# name constraints: only allowed.test
ca_tmpl inter-nc "Constrained CA" 'nc_permit_dns = "allowed.test"'
issue inter-nc inter-nc root
server_tmpl leaf-nc
issue leaf-nc leaf inter-nc

# key usage: a CA without keyCertSign, a leaf with only cRLSign
tmpl inter-noku 'cn = "No keyCertSign CA"' ca signing_key
issue inter-noku inter-noku root
server_tmpl leaf-noku
issue leaf-noku leaf inter-noku
# (certtool adds digitalSignature to non-CA and TLS server certificates:
# this leaf is CA:TRUE without an extended key usage)
tmpl leaf-ku 'cn = "www.example.test"' 'dns_name = "www.example.test"' \
	ca crl_signing_key
issue leaf-ku leaf inter

# purpose: a client certificate
tmpl leaf-client 'cn = "www.example.test"' 'dns_name = "www.example.test"' \
	tls_www_client signing_key
issue leaf-client leaf inter

# algorithms and key sizes (RSA root: MD5 and SHA-1 need RSA)
ca_tmpl rsaroot "RSA Root CA"
selfsign rsaroot rsaroot
server_tmpl leaf-sha1
issue leaf-sha1 leaf rsaroot --hash SHA1
server_tmpl leaf-md5
issue leaf-md5 leaf rsaroot --hash MD5
server_tmpl leaf-weak
issue leaf-weak weak root
# several at once: expired, 1024-bit, SHA-1
server_tmpl leaf-combo 'expiration_date = "2021-01-01 00:00:00"'
issue leaf-combo weak rsaroot --hash SHA1

# revocation: inter's CRL lists leaf-revoked
server_tmpl leaf-revoked
issue leaf-revoked leaf inter
tmpl crl 'crl_this_update_date = "2020-01-01 00:00:00"' \
	'crl_next_update_date = "2040-01-01 00:00:00"' \
	'crl_revocation_date = "2020-06-01 00:00:00"' 'crl_number = 1'
run certtool --generate-crl --load-ca-privkey "$D/inter.key" \
	--load-ca-certificate "$D/inter.crt" --load-certificate "$D/leaf-revoked.crt" \
	--template "$D/crl.tmpl" --outfile "$D/inter.crl"

# CRLs of inter out of date, and from the future, at 2030-01-01
tmpl crl-old 'crl_this_update_date = "2020-01-01 00:00:00"' \
	'crl_next_update_date = "2025-01-01 00:00:00"' 'crl_number = 2'
run certtool --generate-crl --load-ca-privkey "$D/inter.key" \
	--load-ca-certificate "$D/inter.crt" --template "$D/crl-old.tmpl" \
	--outfile "$D/inter-old.crl"
tmpl crl-future 'crl_this_update_date = "2035-01-01 00:00:00"' \
	'crl_next_update_date = "2040-01-01 00:00:00"' 'crl_number = 3'
run certtool --generate-crl --load-ca-privkey "$D/inter.key" \
	--load-ca-certificate "$D/inter.crt" --template "$D/crl-future.tmpl" \
	--outfile "$D/inter-future.crl"

# a subject with terminal escape sequences and a bidi override (U+202E)
tmpl leaf-esc "cn = \"$(printf '\033[31mEvil\033[0m \342\200\256txt.exe')\"" \
	'dns_name = "www.example.test"' tls_www_server signing_key
issue leaf-esc leaf inter

# an extension nobody knows, marked critical
server_tmpl leaf-crit 'add_critical_extension = "1.3.6.1.4.1.55555.1 0x0500"'
issue leaf-crit leaf inter

# a bad signature: the last byte of the leaf's signature flipped
python3 - "$D/leaf.crt" "$D/leaf-badsig.crt" <<'EOF'
import base64, sys
pem = open(sys.argv[1]).read()
body = "".join(l for l in pem.splitlines() if not l.startswith("-----"))
der = bytearray(base64.b64decode(body))
der[-1] ^= 0x01
b64 = base64.b64encode(bytes(der)).decode()
lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
open(sys.argv[2], "w").write("-----BEGIN CERTIFICATE-----\n" +
                             "\n".join(lines) + "\n-----END CERTIFICATE-----\n")
EOF

# a PEM block that is not a certificate
printf '%s\n' '-----BEGIN CERTIFICATE-----' 'aGVsbG8sIHRoaXMgaXMgbm90IGEgY2VydGlmaWNhdGU=' \
	'-----END CERTIFICATE-----' >"$D/garbage.pem"

# bundles
cat "$D/leaf.crt" "$D/inter.crt" >"$D/chain.pem"
cat "$D/inter.crt" "$D/leaf.crt" >"$D/chain-reversed.pem"
cat "$D/leaf.crt" "$D/inter.crt" "$D/inter.crt" >"$D/chain-dup.pem"
cat "$D/leaf.crt" "$D/inter.crt" "$D/root2.crt" >"$D/chain-extra.pem"
cat "$D/leaf.crt" "$D/inter.crt" "$D/root.crt" >"$D/chain-full.pem"
cat "$D/root.crt" "$D/root.crt" "$D/rsaroot.crt" >"$D/roots-dup.pem"
mkdir -p "$D/cadir"
cp "$D/root.crt" "$D/cadir/root.pem"
run certtool --certificate-info --infile "$D/rsaroot.crt" --outder \
	--outfile "$D/cadir/rsaroot.der"
echo "not a certificate" >"$D/cadir/README"

# OCSP responses from inter about leaf (good, and out of date) and about
# leaf-revoked, valid 2029-12-01 to 2030-06-01
rm -f "$D/.ocsp"
if command -v openssl >/dev/null 2>&1 &&
	python3 -c 'import cryptography.x509.ocsp' >/dev/null 2>&1; then
	run openssl pkey -in "$D/inter.key" -out "$D/inter.p8.key"
	run python3 - "$D" <<'EOF'
import datetime, sys
from cryptography import x509
from cryptography.x509 import ocsp
from cryptography.hazmat.primitives import hashes, serialization

d = sys.argv[1]
def load(name):
    return x509.load_pem_x509_certificate(open(f"{d}/{name}.crt", "rb").read())
def when(s):
    return datetime.datetime(*map(int, s.split("-")), tzinfo=datetime.timezone.utc)
key = serialization.load_pem_private_key(open(f"{d}/inter.p8.key", "rb").read(), None)
inter = load("inter")

def response(leaf, status, out, this="2029-12-01", nxt="2030-06-01"):
    revoked = status == ocsp.OCSPCertStatus.REVOKED
    b = ocsp.OCSPResponseBuilder().add_response(
        cert=load(leaf), issuer=inter, algorithm=hashes.SHA1(),
        cert_status=status, this_update=when(this), next_update=when(nxt),
        revocation_time=when("2029-06-01") if revoked else None,
        revocation_reason=x509.ReasonFlags.key_compromise if revoked else None)
    b = b.responder_id(ocsp.OCSPResponderEncoding.HASH, inter)
    der = b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
    open(f"{d}/{out}", "wb").write(der)

response("leaf", ocsp.OCSPCertStatus.GOOD, "leaf-good.ocsp")
response("leaf", ocsp.OCSPCertStatus.GOOD, "leaf-stale.ocsp", "2025-01-01", "2025-02-01")
response("leaf-revoked", ocsp.OCSPCertStatus.REVOKED, "leaf-revoked.ocsp")
EOF
	: >"$D/.ocsp"
fi
rm -f "$D/.log"
