#!/bin/sh
# tlsview cert FILE... on a terminal: the certificate chain screen on the
# files, with the verdict tlsview cert computes and each reason's
# explanation; the trust anchors it was checked against; q quits.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing (apt-get install openssl)"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-subj "/CN=selfsigned.test" -days 30 -keyout "$TMP/self.key" \
	-out "$TMP/self.crt" >/dev/null 2>&1 || { echo "Bail out! openssl req failed"; exit 1; }

ui_start 120 40 LC_ALL=C.UTF-8 -- cert self.crt --host selfsigned.test --no-system-ca
see "certificate chain for selfsigned.test" "cert: the chain screen opens on the file"
grep -q "^ tlsview  self.crt  |  certificate chain" "$TMP/screen"
ok $? "cert: the title bar names the file, not a connection count"
grep -q "0 CN=selfsigned.test   sent, certificate 0" "$TMP/screen"
ok $? "cert: the path holds the certificate, leaf at depth 0"
grep -q "Verdict: NOT TRUSTED  (1 error, 0 warnings)" "$TMP/screen"
ok $? "cert: the verdict is tlsview cert's (not trusted, one error)"
grep -q "error self_signed (certificate 0): self-signed certificate" "$TMP/screen"
ok $? "cert: the reason is named"
grep -q "The certificate is signed by its own key: it vouches for itself" "$TMP/screen"
ok $? "cert: and explained"
grep -q "checked at .* (now), host name selfsigned.test" "$TMP/screen"
ok $? "cert: checked now, against --host"
grep -q "Selected: certificate 0" "$TMP/screen" && grep -q "X.509 v3, CA, self-signed" "$TMP/screen"
ok $? "cert: the certificate in full below"
keys w
see "no connection here" "cert: w says there is no connection to write"
keys q
see "TLSVIEW-EXITED 0" "cert: q on the chain screen quits, exit status 0"

# trusted through --ca-file: the store's view and its anchors
ui_start 120 40 LC_ALL=C.UTF-8 -- cert self.crt --ca-file self.crt --no-system-ca
see "Verdict: trusted" "cert --ca-file: trusted"
grep -q "self.crt: trusted, anchor CN=selfsigned.test" "$TMP/screen"
ok $? "cert --ca-file: the store's verdict names the anchor"
keys a
see "trust anchors" "cert: a opens the trust anchors"
grep -q "CN=selfsigned.test" "$TMP/screen"
ok $? "cert: the anchors are those it was checked against"
keys q
see "certificate chain" "cert: q goes back to the chain"
keys q
see "TLSVIEW-EXITED 0" "cert: then q quits"

# --json and --text print as before, even on a terminal
ui_start 120 40 LC_ALL=C.UTF-8 -- cert self.crt --no-system-ca --text
see "TLSVIEW-EXITED 0" "cert --text: exits"
grep -q "^validation: NOT TRUSTED (1 error)" "$TMP/screen"
ok $? "cert --text: the text report, no UI"
done_testing
