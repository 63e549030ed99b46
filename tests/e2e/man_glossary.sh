#!/bin/sh
# The GLOSSARY of man/tlsview.1 is what man/gen-glossary prints from the
# guide's table (regenerate with `make man-glossary`), every term of the
# table is in it, and the page documents --explain and the x key.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
: "${TV_BUILDDIR:=$TV_SRCDIR}"
GEN=$TV_BUILDDIR/man/gen-glossary
PAGE=$TV_SRCDIR/man/tlsview.1
[ -x "$GEN" ] || skip_all "$GEN not built (make check builds it)"

"$GEN" >"$TMP/gen"
ok $? "gen-glossary exits 0"
sed -n '/^\.\\" glossary begin$/,/^\.\\" glossary end$/p' "$PAGE" |
	sed '1d;$d' >"$TMP/page"
[ "$(grep -c '^\.\\" glossary begin$' "$PAGE")" -eq 1 ] &&
	[ "$(grep -c '^\.\\" glossary end$' "$PAGE")" -eq 1 ]
ok $? "the page has one pair of glossary markers"
cmp -s "$TMP/gen" "$TMP/page"
st=$?
ok $st "the committed GLOSSARY is the generator's output (else: make man-glossary)"
[ $st -eq 0 ] || diag "$(diff "$TMP/page" "$TMP/gen" | head -20)"
grep -q '^\.SH GLOSSARY$' "$TMP/gen"
ok $? "the section is headed GLOSSARY"
for term in ClientHello ServerHello HelloRetryRequest EncryptedExtensions \
	Certificate CertificateRequest CertificateVerify ServerKeyExchange \
	ServerHelloDone ClientKeyExchange ChangeCipherSpec Finished \
	NewSessionTicket KeyUpdate EndOfEarlyData HelloRequest Alert \
	"Application data" "Encrypted handshake, no keys"; do
	[ "$(grep -cx "\.B $term" "$TMP/gen")" -eq 1 ]
	ok $? "the glossary has the term $term once"
done
grep -q '^\.B \\-\\-explain$' "$PAGE"
ok $? "the page documents --explain"
grep -A1 '^\.B x$' "$PAGE" | grep -q 'On the ladder: explain'
ok $? "the page documents the x key"
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$PAGE" 2>"$TMP/groff"
	[ ! -s "$TMP/groff" ]
	ok $? "groff has no warning about the page"
	[ -s "$TMP/groff" ] && diag "$(head -5 "$TMP/groff")"
fi
done_testing
