#!/bin/sh
# The PKI of the live connection tests, made with GnuTLS's certtool:
#   root (ECDSA) -> inter -> leaf, client        chain-ec.pem, client-chain.pem
#   rsaroot (RSA) -> rsaleaf                      chain-rsa.pem
#   self: self-signed, expired in 2021
# Valid 2020-2040 otherwise, so the tests check at --at 2030-01-01 and
# never depend on today's date.
#   mklivepki.sh DIR
set -e
D=$1
[ -n "$D" ] || { echo "usage: mklivepki.sh DIR" >&2; exit 2; }
mkdir -p "$D"

run() { # quiet unless it fails
	if ! "$@" >"$D/.log" 2>&1; then
		cat "$D/.log" >&2
		exit 1
	fi
}
tmpl() { # NAME LINE...
	n=$1
	shift
	printf '%s\n' "$@" >"$D/$n.tmpl"
	grep -q activation_date "$D/$n.tmpl" ||
		echo 'activation_date = "2020-01-01 00:00:00"' >>"$D/$n.tmpl"
	grep -q expiration_date "$D/$n.tmpl" ||
		echo 'expiration_date = "2040-01-01 00:00:00"' >>"$D/$n.tmpl"
}
server() { # NAME CN: a TLS server certificate for the loopback names
	tmpl "$1" "cn = \"$2\"" "dns_name = \"$2\"" 'dns_name = "localhost"' \
		'ip_address = "127.0.0.1"' 'ip_address = "::1"' tls_www_server \
		signing_key encryption_key
}

run certtool --generate-privkey --key-type ecdsa --outfile "$D/root.key"
run certtool --generate-privkey --key-type ecdsa --outfile "$D/inter.key"
run certtool --generate-privkey --key-type ecdsa --outfile "$D/leaf.key"
run certtool --generate-privkey --key-type ecdsa --outfile "$D/client.key"
run certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$D/rsaroot.key"
run certtool --generate-privkey --key-type rsa --bits 2048 --outfile "$D/rsaleaf.key"

tmpl root 'cn = "Live Test Root CA"' ca cert_signing_key crl_signing_key
run certtool --generate-self-signed --load-privkey "$D/root.key" \
	--template "$D/root.tmpl" --outfile "$D/root.crt"
tmpl inter 'cn = "Live Test Intermediate CA"' ca cert_signing_key
run certtool --generate-certificate --load-privkey "$D/inter.key" \
	--load-ca-privkey "$D/root.key" --load-ca-certificate "$D/root.crt" \
	--template "$D/inter.tmpl" --outfile "$D/inter.crt"
server leaf www.example.test
run certtool --generate-certificate --load-privkey "$D/leaf.key" \
	--load-ca-privkey "$D/inter.key" --load-ca-certificate "$D/inter.crt" \
	--template "$D/leaf.tmpl" --outfile "$D/leaf.crt"
tmpl client 'cn = "live test client"' tls_www_client signing_key
run certtool --generate-certificate --load-privkey "$D/client.key" \
	--load-ca-privkey "$D/inter.key" --load-ca-certificate "$D/inter.crt" \
	--template "$D/client.tmpl" --outfile "$D/client.crt"

tmpl rsaroot 'cn = "Live Test RSA Root CA"' ca cert_signing_key
run certtool --generate-self-signed --load-privkey "$D/rsaroot.key" \
	--template "$D/rsaroot.tmpl" --outfile "$D/rsaroot.crt"
server rsaleaf rsa.example.test
run certtool --generate-certificate --load-privkey "$D/rsaleaf.key" \
	--load-ca-privkey "$D/rsaroot.key" --load-ca-certificate "$D/rsaroot.crt" \
	--template "$D/rsaleaf.tmpl" --outfile "$D/rsaleaf.crt"

server self self.example.test
sed -i 's/^expiration_date.*/expiration_date = "2021-01-01 00:00:00"/' "$D/self.tmpl"
run certtool --generate-self-signed --load-privkey "$D/leaf.key" \
	--template "$D/self.tmpl" --outfile "$D/self.crt"

cat "$D/leaf.crt" "$D/inter.crt" >"$D/chain-ec.pem"
cat "$D/rsaleaf.crt" >"$D/chain-rsa.pem"
cat "$D/client.crt" "$D/inter.crt" >"$D/client-chain.pem"
rm -f "$D/.log" "$D"/*.tmpl
