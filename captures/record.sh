#!/bin/bash
# Re-record the demo captures shipped in captures/ from real TLS peers on
# loopback: a throwaway PKI (root -> intermediate -> leaves, fixed dates),
# OpenSSL and GnuTLS servers and clients, tcpdump on lo.  Needs root (for
# tcpdump) and the Debian packages openssl, gnutls-bin, tcpdump, tshark, python3.
#   bash captures/record.sh [OUTDIR]    (default: the captures/ directory)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "${1:-$here}" && pwd)
work=$(mktemp -d /tmp/tlsview-record.XXXXXX)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT INT TERM
cd "$work"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { i=0; while ! ss -ltn "sport = :$1" | grep -q LISTEN; do i=$((i+1)); [ $i -gt 50 ] && exit 1; sleep 0.1; done; }

# --- the PKI: fixed validity so the demo never expires by accident -------
tmpl() { # tmpl FILE CN [extra lines]
	f=$1 cn=$2; shift 2
	{ echo "cn = \"$cn\""; echo 'organization = "tlsview demo"';
	  echo 'activation_date = "2026-01-01 00:00:00 UTC"';
	  echo 'expiration_date = "2036-01-01 00:00:00 UTC"';
	  for l in "$@"; do echo "$l"; done; } >"$f"
}
tmpl root.t "tlsview Demo Root CA" ca cert_signing_key crl_signing_key "serial = 1"
tmpl inter.t "tlsview Demo Intermediate CA" ca cert_signing_key "path_len = 0" "serial = 2"
tmpl leaf.t "www.demo.test" 'dns_name = "www.demo.test"' 'dns_name = "demo.test"' \
	'ip_address = "127.0.0.1"' tls_www_server signing_key encryption_key "serial = 3"
tmpl self.t "self-signed.demo.test" 'dns_name = "self-signed.demo.test"' tls_www_server \
	signing_key encryption_key "serial = 4"
tmpl client.t "demo client" tls_www_client signing_key "serial = 5"
certtool -p --ecc --curve secp384r1 --outfile root.key 2>/dev/null
certtool -s --load-privkey root.key --template root.t --outfile root.crt 2>/dev/null
certtool -p --ecc --outfile inter.key 2>/dev/null
certtool -c --load-privkey inter.key --load-ca-privkey root.key --load-ca-certificate root.crt \
	--template inter.t --outfile inter.crt 2>/dev/null
certtool -p --rsa --bits 2048 --outfile leaf.key 2>/dev/null
certtool -c --load-privkey leaf.key --load-ca-privkey inter.key --load-ca-certificate inter.crt \
	--template leaf.t --outfile leaf.crt 2>/dev/null
certtool -p --ecc --outfile self.key 2>/dev/null
certtool -s --load-privkey self.key --template self.t --outfile self.crt 2>/dev/null
certtool -p --ecc --outfile client.key 2>/dev/null
certtool -c --load-privkey client.key --load-ca-privkey inter.key --load-ca-certificate inter.crt \
	--template client.t --outfile client.crt 2>/dev/null
cat leaf.crt inter.crt >chain.crt
cp root.crt "$out/demo-root-ca.crt"

p1=$(port); p2=$(port); p3=$(port); p4=$(port)
tcpdump -i lo -U -s 0 -w demo.pcap "tcp and (port $p1 or port $p2 or port $p3 or port $p4)" 2>/dev/null &
pids="$pids $!"
sleep 1

# 1. OpenSSL server, full chain, TLS 1.3 and 1.2 clients, ALPN, client certificate optional
openssl s_server -accept "$p1" -cert leaf.crt -key leaf.key -cert_chain inter.crt \
	-alpn h2,http/1.1 -verify 2 -CAfile root.crt -quiet -naccept 3 >/dev/null 2>&1 &
pids="$pids $!"
# 2. GnuTLS server with a self-signed certificate
gnutls-serv --port "$p2" --x509certfile self.crt --x509keyfile self.key --echo >/dev/null 2>&1 &
pids="$pids $!"
# 3. OpenSSL server that speaks TLS 1.2 only, RSA key exchange among the suites
openssl s_server -accept "$p3" -cert leaf.crt -key leaf.key -cert_chain inter.crt \
	-tls1_2 -cipher 'AES256-SHA256:ECDHE-RSA-CHACHA20-POLY1305' -quiet -naccept 2 >/dev/null 2>&1 &
pids="$pids $!"
# 4. OpenSSL server that only takes P-384: a client offering X25519 first gets a HelloRetryRequest
openssl s_server -accept "$p4" -cert leaf.crt -key leaf.key -cert_chain inter.crt \
	-groups P-384 -quiet -naccept 1 >/dev/null 2>&1 &
pids="$pids $!"
wait_port "$p1"; wait_port "$p2"; wait_port "$p3"; wait_port "$p4"

export SSLKEYLOGFILE="$work/demo.keys"
say() { printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.3; }
say | openssl s_client -connect "127.0.0.1:$p1" -servername www.demo.test -alpn h2,http/1.1 \
	-CAfile root.crt -keylogfile demo.keys -quiet >/dev/null 2>&1 || true
say | openssl s_client -connect "127.0.0.1:$p1" -servername www.demo.test -tls1_2 \
	-alpn http/1.1 -CAfile root.crt -keylogfile demo.keys -quiet >/dev/null 2>&1 || true
say | openssl s_client -connect "127.0.0.1:$p1" -servername www.demo.test -cert client.crt \
	-key client.key -CAfile root.crt -keylogfile demo.keys -quiet >/dev/null 2>&1 || true
say | openssl s_client -connect "127.0.0.1:$p4" -servername www.demo.test -groups X25519:P-384 \
	-keylogfile demo.keys -quiet >/dev/null 2>&1 || true
# the self-signed server: a verifying client refuses it (bad_certificate alert)
say | gnutls-cli --port "$p2" --sni-hostname self-signed.demo.test --x509cafile root.crt \
	127.0.0.1 >/dev/null 2>&1 || true
say | openssl s_client -connect "127.0.0.1:$p3" -servername www.demo.test -cipher AES256-SHA256 \
	-keylogfile demo.keys -quiet >/dev/null 2>&1 || true
say | openssl s_client -connect "127.0.0.1:$p3" -servername www.demo.test \
	-keylogfile demo.keys -quiet >/dev/null 2>&1 || true
sleep 1
kill $pids 2>/dev/null || true
sleep 0.5
cp demo.pcap "$out/demo.pcap"
cp demo.keys "$out/demo.keys"
cp leaf.key "$out/demo-server.key"
chmod 644 "$out/demo-server.key" # a throwaway demo key, shipped on purpose
# the same capture as pcapng with the key log inside (Decryption Secrets Block)
editcap --inject-secrets tls,demo.keys -F pcapng demo.pcap "$out/demo.pcapng"
# tshark's reference decode, which tests compare tlsview with
python3 "$here/../tests/corpus/tshark-reduce.py" demo.pcap demo.keys >"$out/demo.expected.json"
echo "wrote $out/demo.pcap, demo.keys, demo-server.key, demo-root-ca.crt"
