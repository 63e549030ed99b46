#!/bin/sh
# Every capture of the corpus against tshark's reference decode: endpoints,
# plaintext handshake messages per direction, version, cipher suite, SNI,
# ALPN, and the SHA-256 of every certificate sent in plaintext.
# The shipped demo captures (captures/) are checked the same way.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python

# the corpus, and the demo captures shipped in captures/ (pcap and pcapng)
for pcap in "$TV_CORPUS"/*.pcap "$TV_SRCDIR"/captures/*.pcap "$TV_SRCDIR"/captures/*.pcapng; do
	base=${pcap%.*}
	name=$(basename "$pcap")
	exp=$base.expected.json
	[ -f "$exp" ] || continue
	"$TLSVIEW" -r "$pcap" --json >"$TMP/$name.jsonl" 2>"$TMP/$name.err"
	ok $? "$name: tlsview exits 0"
	python3 "$TV_SRCDIR/tests/e2e/compare_tshark.py" --plaintext-only \
		"$name" "$exp" "$TMP/$name.jsonl" >"$TMP/$name.tap"
	while IFS= read -r line; do
		case $line in
		"ok "*) ok 0 "${line#ok }" ;;
		"not ok "*) ok 1 "${line#not ok }" ;;
		*) echo "$line" ;;
		esac
	done <"$TMP/$name.tap"
done
done_testing
