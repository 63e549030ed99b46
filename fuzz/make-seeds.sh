#!/bin/sh
# Seed corpora for the fuzz harnesses, per harness, from the captures in
# captures/ and tests/corpus/ (whole files, TCP payloads, handshake
# messages, extension blocks, certificates) and, when GnuTLS's certtool is
# there, the test PKI of tests/e2e/mkpki.sh (certificates that fail each
# check).  Nothing here is committed: the seeds are rebuilt from the
# captures.
#   make-seeds.sh SRCDIR OUTDIR
set -eu
src=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
certs="$src/tests/corpus/root-ca.crt $src/captures/demo-root-ca.crt $src/captures/lab-root-ca.crt"
if command -v certtool >/dev/null 2>&1; then
	pki="$out/.pki"
	if sh "$src/tests/e2e/mkpki.sh" "$pki" >/dev/null 2>&1; then
		certs="$certs $(ls "$pki"/*.crt "$pki"/*.pem "$pki"/*.crl 2>/dev/null || true)"
	else
		echo "make-seeds.sh: mkpki.sh failed; seeding without the test PKI" >&2
	fi
fi
# shellcheck disable=SC2086 # word splitting of the file lists is intended
python3 "$src/fuzz/seeds.py" "$out" "$src"/tests/corpus/*.pcap \
	"$src"/captures/*.pcap "$src"/captures/*.pcapng -- $certs
rm -rf "$out/.pki"
for d in "$out"/*/; do
	echo "make-seeds.sh: $(basename "$d"): $(ls "$d" | wc -l) seeds"
done
