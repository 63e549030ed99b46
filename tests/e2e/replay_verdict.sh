#!/bin/sh
# Replayed captures get a chain verdict checked at the capture's time (and
# say so), or at --at: the shipped demo capture is trusted with its demo
# root as the anchor, named by its store, and refused without it; the
# corpus's self-signed server is self_signed.  Synthetic captures with a
# fixed date (tests/e2e/mkcapture.py) prove the capture's time is the one
# used and that a stapled OCSP response is checked.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python

VERDICT=$TV_SRCDIR/tests/e2e/verdict.py
DEMO=captures/demo.pcap
CA=captures/demo-root-ca.crt

relay() { # TAP-like lines of verdict.py into ok/diag
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}

# replay NAME "TLSVIEW ARGS" CONN EXPECTATION...
replay() {
	name=$1 args=$2
	shift 2
	# shellcheck disable=SC2086
	"$TLSVIEW" $args --json >"$TMP/$name.json" 2>"$TMP/$name.err"
	ok $? "$name: exits 0"
	python3 "$VERDICT" "$name" "$TMP/$name.json" "$@" >"$TMP/$name.res"
	relay "$TMP/$name.res"
}

cd "$TV_SRCDIR" || exit 1

# ---- the shipped demo capture ----
replay demo-with-root "-r $DEMO --no-system-ca --ca-file $CA" '#2' \
	trusted=true codes= anchor=$CA "anchor_subject=CN=tlsview Demo Root CA" \
	path=peer,peer,store host=www.demo.test time_source=capture \
	checked=2026-11-23T09:09:44.159616Z store=$CA:true
for id in 6 7; do
	python3 "$VERDICT" "demo-with-root #$id" "$TMP/demo-with-root.json" \
		"#$id" trusted=true anchor=$CA >"$TMP/r.res"
	relay "$TMP/r.res"
done
python3 "$VERDICT" "demo: TLS 1.3 without keys" "$TMP/demo-with-root.json" \
	'#1' validation=null >"$TMP/r.res"
relay "$TMP/r.res"

replay demo-without-root "-r $DEMO --no-system-ca" '#2' \
	trusted=false codes=unknown_issuer anchor=null path=peer,peer \
	"reason=unknown_issuer:error:1:1:CN=tlsview Demo Root CA" \
	time_source=capture
replay demo-system-store "-r $DEMO" '#2' \
	trusted=false anchor=null store=system:false:unknown_issuer:1
replay demo-two-stores "-r $DEMO --ca-file tests/corpus/root-ca.crt --ca-file $CA --no-system-ca" '#2' \
	trusted=true anchor=$CA store=$CA:true \
	store=tests/corpus/root-ca.crt:false:unknown_issuer:1
replay demo-at "-r $DEMO --no-system-ca --ca-file $CA --at 2037-01-01" '#2' \
	trusted=false time_source=at checked=2037-01-01T00:00:00.000000Z \
	reason=expired:error:0:0 reason=expired:error:1:1 reason=expired:error:null:2
replay demo-host "-r $DEMO --no-system-ca --ca-file $CA --host other.test" '#2' \
	trusted=false codes=hostname_mismatch host=other.test

"$TLSVIEW" -r "$DEMO" --text --no-system-ca --ca-file "$CA" >"$TMP/demo.txt"
grep -qF "checked at 2026-11-23 09:09:44.159616 UTC (the capture's time)" "$TMP/demo.txt"
ok $? "the text says the chain was checked at the capture's time"
grep -qF "(trust anchor from $CA)" "$TMP/demo.txt"
ok $? "the text names the anchor's store"

"$TLSVIEW" -r "$DEMO" --json --no-system-ca --fail-untrusted >/dev/null 2>&1
st=$?
ok $([ "$st" -eq 3 ]; echo $?) "--fail-untrusted: exit 3 when a chain is refused (got $st)"
"$TLSVIEW" -r "$DEMO" --json --no-system-ca --ca-file "$CA" --fail-untrusted >/dev/null 2>&1
st=$?
ok $([ "$st" -eq 0 ]; echo $?) "--fail-untrusted: exit 0 when every chain is trusted (got $st)"
"$TLSVIEW" -r "$DEMO" --at 2030-02-30 >/dev/null 2>"$TMP/err"
st=$?
ok $([ "$st" -eq 2 ] && grep -q '^tlsview: --at 2030-02-30: not a time' "$TMP/err"; echo $?) \
	"replay with a bad --at: exit 2 (got $st)"
"$TLSVIEW" -r "$DEMO" --ca-file "$TMP/nope.pem" >/dev/null 2>"$TMP/err"
st=$?
ok $([ "$st" -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
	grep -q "^tlsview: $TMP/nope.pem: No such file" "$TMP/err"; echo $?) \
	"replay with a missing --ca-file: exit 1, one line (got $st)"

replay corpus-self-signed "-r $TV_CORPUS/tls12-selfsigned-alert.pcap --no-system-ca --ca-file $TV_CORPUS/root-ca.crt" '#1' \
	trusted=false codes=self_signed host=self.referee.test

# ---- synthetic captures at fixed dates ----
command -v certtool >/dev/null 2>&1 || {
	diag "no synthetic captures: certtool missing (apt-get install gnutls-bin)"
	done_testing
	exit $?
}
P=$TMP/pki
if ! sh "$TV_SRCDIR/tests/e2e/mkpki.sh" "$P" >"$TMP/mkpki.log" 2>&1; then
	diag "$(cat "$TMP/mkpki.log")"
	ok 1 "mkpki.sh generates the test PKI"
	done_testing
	exit 1
fi
MK=$TV_SRCDIR/tests/e2e/mkcapture.py
H=www.example.test
# leaf-future is valid 2035-2040: refused in a capture of 2030, accepted in
# one of 2036, whatever today's date is (pcap times end in 2038: libpcap
# reads them as signed 32-bit seconds)
python3 "$MK" "$TMP/2030.pcap" 2030-01-01 $H "$P/leaf-future.crt" "$P/inter.crt"
python3 "$MK" "$TMP/2036.pcap" 2036-01-01 $H "$P/leaf-future.crt" "$P/inter.crt"
replay capture-2030 "-r $TMP/2030.pcap --no-system-ca --ca-file $P/root.crt" '#1' \
	trusted=false codes=not_yet_valid time_source=capture \
	checked=2030-01-01T00:00:00.000000Z host=$H path=peer,peer,store \
	"reason=not_yet_valid:error:0:0:2035-01-01|1826 days"
replay capture-2036 "-r $TMP/2036.pcap --no-system-ca --ca-file $P/root.crt" '#1' \
	trusted=true codes= time_source=capture checked=2036-01-01T00:00:00.000000Z
replay capture-2036-at "-r $TMP/2036.pcap --no-system-ca --ca-file $P/root.crt --at 2030-01-01" '#1' \
	trusted=false codes=not_yet_valid time_source=at
"$TLSVIEW" -r "$TMP/2036.pcap" --no-system-ca --ca-file "$P/root.crt" --text \
	>"$TMP/2036.txt"
grep -qF "checked at 2036-01-01 00:00:00.000000 UTC (the capture's time)" "$TMP/2036.txt"
ok $? "capture-2036: the text says the capture's time was used"

if [ -f "$P/.ocsp" ]; then
	python3 "$MK" "$TMP/good.pcap" 2030-01-01 $H --ocsp "$P/leaf-good.ocsp" \
		"$P/leaf.crt" "$P/inter.crt"
	python3 "$MK" "$TMP/revoked.pcap" 2030-01-01 $H \
		--ocsp "$P/leaf-revoked.ocsp" "$P/leaf-revoked.crt" "$P/inter.crt"
	python3 "$MK" "$TMP/stale.pcap" 2030-01-01 $H --ocsp "$P/leaf-good.ocsp" \
		"$P/leaf.crt" "$P/inter.crt"
	replay stapled-good "-r $TMP/good.pcap --no-system-ca --ca-file $P/root.crt" '#1' \
		trusted=true codes= ocsp=good:0
	replay stapled-revoked "-r $TMP/revoked.pcap --no-system-ca --ca-file $P/root.crt" '#1' \
		trusted=false codes=revoked ocsp=revoked:0 \
		"reason=revoked:error:0:0:stapled by the server|revoked on 2029-06-01"
	replay stapled-out-of-date "-r $TMP/stale.pcap --no-system-ca --ca-file $P/root.crt --at 2031-01-01" '#1' \
		trusted=true codes=ocsp_invalid ocsp=unusable:0 \
		"reason=ocsp_invalid:warning:0:0:stapled by the server|out of date"
else
	diag "no stapled OCSP cases: python3 cryptography or openssl missing"
fi

done_testing
