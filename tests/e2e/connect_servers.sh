#!/bin/sh
# tlsview HOST:PORT against real servers on loopback (openssl s_server,
# gnutls-serv, nginx when installed): the handshake is decoded through the
# same decoder as a capture, TLS 1.3's encrypted messages decrypted with
# the session's own secrets, and the chain gets its verdict.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/e2e/live_lib.sh"
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing (apt-get install openssl)"
command -v gnutls-serv >/dev/null 2>&1 || skip_all "gnutls-serv missing (apt-get install gnutls-bin)"

sh "$E2E/mklivepki.sh" "$TMP/pki" || { echo "Bail out! mklivepki.sh failed"; exit 1; }
K=$TMP/pki
TRUST="--no-system-ca --ca-file $K/root.crt --ca-file $K/rsaroot.crt --at 2030-01-01"

ossl() { # ossl PORT ARGS...: openssl s_server on 127.0.0.1:PORT
	port=$1
	shift
	start "$TMP/ossl-$port.log" openssl s_server -accept "127.0.0.1:$port" -quiet "$@"
	wait_listen "$port" || diag "openssl s_server on $port did not start: $(cat "$TMP/ossl-$port.log")"
}
gserv() { # gserv PORT ARGS...
	port=$1
	shift
	start "$TMP/gserv-$port.log" gnutls-serv --port "$port" "$@"
	wait_listen "$port" || diag "gnutls-serv on $port did not start: $(cat "$TMP/gserv-$port.log")"
}
conn() { # conn NAME ARGS...: tlsview --json into $TMP/NAME, facts made
	name=$1
	shift
	# shellcheck disable=SC2086
	"$TLSVIEW" --json $TRUST "$@" >"$TMP/$name" 2>"$TMP/$name.err"
	echo $? >"$TMP/$name.st"
	facts "$TMP/$name"
	[ -s "$TMP/$name.err" ] && diag "$name stderr: $(cat "$TMP/$name.err")"
}
status_is() { # status_is NAME WANT
	ok $([ "$(cat "$TMP/$1.st")" = "$2" ]; echo $?) "$1: exit status $2"
}
EC="-cert $K/leaf.crt -key $K/leaf.key -cert_chain $K/inter.crt"
RSA="-cert $K/rsaleaf.crt -key $K/rsaleaf.key"

# --- TLS 1.3, ECDSA chain (openssl) ---------------------------------------
p=$(free_port)
# shellcheck disable=SC2086
ossl "$p" $EC
conn t13 "127.0.0.1:$p" --sni www.example.test
status_is t13 0
has "$TMP/t13" "1 version TLS 1.3" "TLS 1.3 negotiated with openssl s_server"
has "$TMP/t13" "1 sni www.example.test" "--sni is sent"
has "$TMP/t13" "1 server 127.0.0.1 $p" "the server endpoint is the real one"
has "$TMP/t13" "1 msg server encrypted_extensions decrypted" "TLS 1.3 EncryptedExtensions decrypted with the session's own secrets"
has "$TMP/t13" "1 msg server certificate decrypted" "TLS 1.3 Certificate decrypted"
has "$TMP/t13" "1 msg server certificate_verify decrypted" "TLS 1.3 CertificateVerify decrypted"
has "$TMP/t13" "1 msg server finished decrypted" "TLS 1.3 server Finished decrypted"
has "$TMP/t13" "1 msg client finished decrypted" "TLS 1.3 client Finished decrypted"
has "$TMP/t13" "1 msg server new_session_ticket decrypted" "session tickets after the handshake are read too"
has "$TMP/t13" "1 certs 2" "the ECDSA chain has two certificates"
has "$TMP/t13" "1 cert 0 EC 256" "the leaf's key is ECDSA P-256"
has "$TMP/t13" "1 trusted true" "the ECDSA chain validates against its root"
hasnt "$TMP/t13" "1 note TLS 1.3: the handshake after ServerHello is encrypted (5 records skipped); give a key log (--keylog) to see EncryptedExtensions, Certificate, CertificateVerify and Finished" "no note about missing keys"

# --- TLS 1.2, RSA chain (openssl) ---------------------------------------
p=$(free_port)
# shellcheck disable=SC2086
ossl "$p" $RSA -tls1_2
conn t12 "127.0.0.1:$p" --sni rsa.example.test
status_is t12 0
has "$TMP/t12" "1 version TLS 1.2" "TLS 1.2 with a server that only speaks 1.2"
has "$TMP/t12" "1 msg server certificate plain" "TLS 1.2: the Certificate is in the clear"
has "$TMP/t12" "1 msg server server_key_exchange plain" "TLS 1.2: ServerKeyExchange"
has "$TMP/t12" "1 msg client finished decrypted" "TLS 1.2: the client Finished decrypted (CLIENT_RANDOM secret)"
has "$TMP/t12" "1 msg server finished decrypted" "TLS 1.2: the server Finished decrypted"
has "$TMP/t12" "1 cert 0 RSA 2048" "the leaf's key is RSA 2048"
has "$TMP/t12" "1 trusted true" "the RSA chain validates"

# --- gnutls-serv, TLS 1.3 and --tls1.2 ----------------------------------
p=$(free_port)
gserv "$p" --x509certfile "$K/chain-rsa.pem" --x509keyfile "$K/rsaleaf.key" \
	--x509certfile "$K/chain-ec.pem" --x509keyfile "$K/leaf.key"
conn g13 "127.0.0.1:$p" --sni www.example.test
status_is g13 0
has "$TMP/g13" "1 version TLS 1.3" "TLS 1.3 with gnutls-serv"
has "$TMP/g13" "1 msg server certificate decrypted" "gnutls-serv's TLS 1.3 Certificate decrypted"
has "$TMP/g13" "1 trusted true" "gnutls-serv's chain validates"
conn g12 "127.0.0.1:$p" --sni www.example.test --tls1.2
status_is g12 0
has "$TMP/g12" "1 version TLS 1.2" "--tls1.2 limits the client to TLS 1.2"
has "$TMP/g12" "1 msg server finished decrypted" "gnutls-serv TLS 1.2 Finished decrypted"
conn g12r "127.0.0.1:$p" --sni www.example.test --max-version 1.2 --resume
status_is g12r 0
has "$TMP/g12r" "2 resumed true" "--resume: TLS 1.2 session resumed"
has "$TMP/g12r" "1 resumed false" "--resume: the first connection is a full handshake"
hasnt "$TMP/g12r" "2 msg server certificate plain" "the resumed TLS 1.2 handshake has no Certificate"
has "$TMP/g12r" "2 msg server finished decrypted" "the resumed TLS 1.2 handshake is decrypted too"

# --- a client certificate request ----------------------------------------
p=$(free_port)
# shellcheck disable=SC2086
ossl "$p" $EC -verify 1 -CAfile "$K/root.crt"
conn cr "127.0.0.1:$p" --client-cert "$K/client-chain.pem" --client-key "$K/client.key"
status_is cr 0
has "$TMP/cr" "1 msg server certificate_request decrypted" "the server's CertificateRequest is shown"
has "$TMP/cr" "1 msg client certificate decrypted" "the client's Certificate is shown"
has "$TMP/cr" "1 msg client certificate_verify decrypted" "the client's CertificateVerify is shown"
has "$TMP/cr" "1 client_certs 2" "the client sent its certificate and intermediate"
conn cr0 "127.0.0.1:$p"
status_is cr0 0
has "$TMP/cr0" "1 client_certs 0" "without --client-cert an empty Certificate answers the request"

# --- HelloRetryRequest, ALPN, resumption ---------------------------------
p=$(free_port)
# shellcheck disable=SC2086
ossl "$p" $EC -groups P-384 -alpn http/1.1
conn hrr "127.0.0.1:$p" --alpn h2,http/1.1 --resume
status_is hrr 0
has "$TMP/hrr" "1 msg server hello_retry_request plain" "a group mismatch makes a HelloRetryRequest"
has "$TMP/hrr" "1 version TLS 1.3" "TLS 1.3 after the HelloRetryRequest"
[ "$(grep -c '^1 msg client client_hello' "$TMP/hrr.facts")" -eq 2 ]
ok $? "the client sends a second ClientHello after the HelloRetryRequest"
has "$TMP/hrr" "1 alpn offered h2,http/1.1" "ALPN: both protocols offered, in order"
has "$TMP/hrr" "1 alpn selected http/1.1" "ALPN: the server's choice is shown"
has "$TMP/hrr" "2 resumed true" "--resume: the TLS 1.3 session is resumed with a ticket"
hasnt "$TMP/hrr" "2 msg server certificate decrypted" "the resumed TLS 1.3 handshake has no Certificate"
has "$TMP/hrr" "2 msg server finished decrypted" "the resumed TLS 1.3 handshake is decrypted"

# --- a chain that fails validation -----------------------------------------
p=$(free_port)
ossl "$p" -cert "$K/self.crt" -key "$K/leaf.key"
conn bad "127.0.0.1:$p" --sni self.example.test
status_is bad 0
has "$TMP/bad" "1 trusted false" "a self-signed expired chain is not trusted"
has "$TMP/bad" "1 reason self_signed" "the reason self_signed is given"
has "$TMP/bad" "1 reason expired" "the reason expired is given"
conn badf "127.0.0.1:$p" --sni self.example.test --fail-untrusted
status_is badf 3
conn host "127.0.0.1:$p" --sni self.example.test --host other.example.test
has "$TMP/host" "1 reason hostname_mismatch" "--host names the name checked"

# --- IPv6 -------------------------------------------------------------------
if ip -6 addr show dev lo 2>/dev/null | grep -q '::1'; then
	p=$(free_port)
	start "$TMP/ossl6.log" openssl s_server -6 -accept "$p" -quiet -cert "$K/leaf.crt" \
		-key "$K/leaf.key" -cert_chain "$K/inter.crt"
	wait_listen "$p"
	conn v6 "[::1]:$p"
	status_is v6 0
	has "$TMP/v6" "1 server ::1 $p" "[::1]:PORT connects over IPv6"
	has "$TMP/v6" "1 client ::1" "the client endpoint is IPv6 too"
	has "$TMP/v6" "1 sni null" "no SNI is sent for an IP address"
	has "$TMP/v6" "1 trusted true" "the leaf's IP address ::1 matches"
else
	ok 0 "# SKIP no ::1 on lo"
fi

# --- nginx ------------------------------------------------------------------
if command -v nginx >/dev/null 2>&1; then
	p=$(free_port)
	mkdir -p "$TMP/nginx"
	cat >"$TMP/nginx/nginx.conf" <<NGINX
daemon off;
master_process off;
error_log $TMP/nginx/error.log;
pid $TMP/nginx/nginx.pid;
events { worker_connections 16; }
http {
	access_log off;
	client_body_temp_path $TMP/nginx;
	proxy_temp_path $TMP/nginx;
	fastcgi_temp_path $TMP/nginx;
	uwsgi_temp_path $TMP/nginx;
	scgi_temp_path $TMP/nginx;
	server {
		listen 127.0.0.1:$p ssl http2;
		ssl_certificate $K/chain-ec.pem;
		ssl_certificate_key $K/leaf.key;
		ssl_protocols TLSv1.2 TLSv1.3;
		location / { return 200 "hello\n"; }
	}
}
NGINX
	start "$TMP/nginx.log" nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf"
	if wait_listen "$p"; then
		conn ngx "127.0.0.1:$p" --sni www.example.test --alpn h2,http/1.1
		status_is ngx 0
		has "$TMP/ngx" "1 version TLS 1.3" "TLS 1.3 with nginx"
		has "$TMP/ngx" "1 alpn selected h2" "nginx selects h2"
		has "$TMP/ngx" "1 msg server certificate decrypted" "nginx's Certificate decrypted"
		has "$TMP/ngx" "1 trusted true" "nginx's chain validates"
	else
		diag "nginx did not start: $(cat "$TMP/nginx.log" "$TMP/nginx/error.log" 2>/dev/null)"
		ok 1 "nginx starts"
	fi
else
	ok 0 "# SKIP nginx missing"
fi

stop_servers
done_testing
