#!/bin/sh
# A second client judges the lab: `openssl s_client -verify_return_error`
# with the lab root as its only CA, the host name checked and the lab's
# CRL checked, connects to every case.  It must accept exactly the good
# cases (good, client-cert with the lab's client certificate, tls12, hrr)
# and refuse each broken one for that case's own reason, as tlsview does.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/e2e/lab_lib.sh"
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing"

D=$TMP/lab
lab_start "$D"
ok $? "the lab serves (tlsview lab --text --port 0)"
diag "$(cat "$TMP/lab.err")"

# NAME ACCEPT(0/1) OPENSSL-VERIFY-ERROR-WORDS
while read -r name accept why; do
	port=$(lab_port "$name")
	extra=
	[ "$name" = client-cert ] &&
		extra="-cert $D/client.crt -key $D/client.key"
	# shellcheck disable=SC2086
	timeout 10 openssl s_client -ign_eof -connect "127.0.0.1:$port" \
		-servername localhost -verify_return_error \
		-CAfile "$D/root-ca.crt" -verify_hostname localhost \
		-crl_check -CRL "$D/lab.crl" $extra </dev/null >"$TMP/$name.out" 2>&1
	st=$?
	if [ "$accept" = 1 ]; then
		[ $st -eq 0 ] && grep -q 'Verify return code: 0 (ok)' \
			"$TMP/$name.out" &&
			grep -q "hello from the tlsview lab, case $name" \
				"$TMP/$name.out"
		r=$?
		ok $r "$name: openssl accepts it and reads the server's hello"
	else
		[ $st -ne 0 ] && grep -q "verify error:.*$why" "$TMP/$name.out"
		r=$?
		ok $r "$name: openssl refuses it: $why"
	fi
	[ $r -eq 0 ] || diag "$(grep -m3 -iE 'error|verify' "$TMP/$name.out")"
done <<'CASES'
good 1
self-signed 0 self-signed certificate
untrusted-root 0 self-signed certificate in certificate chain
incomplete-chain 0 unable to get local issuer certificate
expired 0 certificate has expired
not-yet-valid 0 certificate is not yet valid
wrong-host 0 hostname mismatch
sha1 0 too weak
rsa-1024 0 key too weak
not-a-ca 0 invalid CA certificate
revoked 0 certificate revoked
client-cert 1
tls12 1
hrr 1
CASES

# without the client certificate the server ends with certificate_required
timeout 10 openssl s_client -ign_eof -connect "127.0.0.1:$(lab_port client-cert)" \
	-servername localhost -CAfile "$D/root-ca.crt" </dev/null >"$TMP/nocert.out" 2>&1
grep -q 'alert certificate required' "$TMP/nocert.out" &&
	! grep -q 'hello from the tlsview lab' "$TMP/nocert.out"
ok $? "client-cert without a certificate: alert certificate_required, no hello"

# the ladders differ: TLS 1.2 for tls12, a HelloRetryRequest for hrr
timeout 10 openssl s_client -ign_eof -connect "127.0.0.1:$(lab_port tls12)" \
	-servername localhost -CAfile "$D/root-ca.crt" </dev/null >"$TMP/v.out" 2>&1
grep -q 'Protocol *: TLSv1.2' "$TMP/v.out" ||
	grep -q 'New, TLSv1.2' "$TMP/v.out"
ok $? "tls12: openssl negotiates TLS 1.2"
timeout 10 openssl s_client -ign_eof -connect "127.0.0.1:$(lab_port hrr)" \
	-servername localhost -CAfile "$D/root-ca.crt" -msg </dev/null >"$TMP/hrr.out" 2>&1
[ "$(grep -c 'Handshake \[length [0-9a-f]*\], ClientHello' "$TMP/hrr.out")" = 2 ]
ok $? "hrr: openssl sends a second ClientHello (after a HelloRetryRequest)"

lab_stop
ok $lab_status "SIGINT: the lab stops with exit 0"
done_testing
