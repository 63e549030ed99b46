#!/bin/sh
# Every capture of the corpus against tshark's reference decode: endpoints,
# handshake messages per direction, version, cipher suite, SNI, ALPN, and
# the SHA-256 of every certificate.  Twice: without keys (only what is sent
# in plaintext is compared) and with the key log tshark had (NAME.keys;
# everything, decrypted messages, TLS 1.3 chains and alerts included).
# The static-RSA captures are also decrypted with the server's private key
# alone (NAME.server.key; captures/demo-server.key for the demo's conn 6).
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python
unset SSLKEYLOGFILE # only the keys each run is given

# compare NAME EXPECTED COMPARE-OPTIONS -- TLSVIEW-ARGS...
compare() {
	cname=$1 exp=$2 copts=$3
	shift 4
	"$TLSVIEW" "$@" --json >"$TMP/out.jsonl" 2>"$TMP/err"
	ok $? "$cname: tlsview exits 0"
	if [ -s "$TMP/err" ]; then
		diag "stderr:" "$(cat "$TMP/err")"
	fi
	# shellcheck disable=SC2086
	python3 "$TV_SRCDIR/tests/e2e/compare_tshark.py" $copts \
		"$cname" "$exp" "$TMP/out.jsonl" >"$TMP/tap"
	while IFS= read -r line; do
		case $line in
		"ok "*) ok 0 "${line#ok }" ;;
		"not ok "*) ok 1 "${line#not ok }" ;;
		*) echo "$line" ;;
		esac
	done <"$TMP/tap"
	# decrypting must leave no complaint behind
	if [ "$copts" != --plaintext-only ]; then
		python3 - "$TMP/out.jsonl" "$copts" >"$TMP/notes" <<'PY'
import json, sys
only = None
if sys.argv[2].startswith('--conns'):
    only = {int(x) for x in sys.argv[2].split()[1].split(',')}
for line in open(sys.argv[1], encoding='utf-8'):
    c = json.loads(line)
    if only and c['id'] not in only:
        continue
    for n in c['notes']:
        if 'decrypt' in n or 'key log' in n or 'rsa-key' in n:
            print(f"#{c['id']}: {n}")
PY
		[ ! -s "$TMP/notes" ]
		ok $? "$cname: no note says something could not be decrypted"
		[ -s "$TMP/notes" ] && diag "$(cat "$TMP/notes")"
	fi
}

# the corpus, and the demo captures shipped in captures/ (pcap and pcapng)
for pcap in "$TV_CORPUS"/*.pcap "$TV_SRCDIR"/captures/*.pcap "$TV_SRCDIR"/captures/*.pcapng; do
	base=${pcap%.*}
	name=$(basename "$pcap")
	exp=$base.expected.json
	[ -f "$exp" ] || continue
	compare "$name" "$exp" --plaintext-only -- -r "$pcap"
	[ -f "$base.keys" ] &&
		compare "$name --keylog" "$exp" "" -- -r "$pcap" \
			--keylog "$base.keys"
	# a pcapng's Decryption Secrets Blocks decrypt it with no --keylog
	case $pcap in
	*.pcapng) compare "$name (its own Decryption Secrets Blocks)" "$exp" "" \
		-- -r "$pcap" ;;
	esac
	[ -f "$base.server.key" ] &&
		compare "$name --rsa-key" "$exp" "" -- -r "$pcap" \
			--rsa-key "$base.server.key"
done
compare "demo.pcap --rsa-key (conn 6)" "$TV_SRCDIR/captures/demo.expected.json" \
	"--conns 6" -- -r "$TV_SRCDIR/captures/demo.pcap" \
	--rsa-key "$TV_SRCDIR/captures/demo-server.key"
done_testing
