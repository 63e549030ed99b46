#!/bin/sh
# The verdict and certificate caches change nothing but the speed: every
# capture of the corpus and of captures/ (decrypted with its key log when
# there is one), checked against its own root only and against the
# system store, gives the same output byte for byte with the caches on
# and with either or both turned off (TLSVIEW_NO_VERDICT_CACHE=1,
# TLSVIEW_NO_CERT_CACHE=1).  demo.pcap repeats one chain over several
# connections, so verdicts are reused there.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

cd "$TV_SRCDIR" || exit 1

# run NAME ENV... -- ARGS...: tlsview's stdout and exit status in $TMP/NAME
run() {
	out=$1
	shift
	env_args=
	while [ "$1" != -- ]; do
		env_args="$env_args $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	env $env_args "$TLSVIEW" "$@" >"$TMP/$out" 2>"$TMP/$out.err"
	echo "exit $?" >>"$TMP/$out"
}

OFF_V=TLSVIEW_NO_VERDICT_CACHE=1
OFF_C=TLSVIEW_NO_CERT_CACHE=1
n_caps=0
for pcap in tests/corpus/*.pcap captures/*.pcap captures/*.pcapng; do
	[ -f "$pcap" ] || continue
	n_caps=$((n_caps + 1))
	name=$(basename "$pcap")
	case $pcap in
	captures/*) ca=captures/demo-root-ca.crt keys=captures/demo.keys ;;
	*) ca=tests/corpus/root-ca.crt keys=${pcap%.pcap}.keys ;;
	esac
	set -- -r "$pcap"
	[ -f "$keys" ] && set -- "$@" --keylog "$keys"
	for store in own system; do
		if [ $store = own ]; then
			set -- "$@" --no-system-ca --ca-file "$ca"
		fi
		for fmt in json text; do
			run on -- "$@" --$fmt
			run off $OFF_V $OFF_C -- "$@" --$fmt
			cmp -s "$TMP/on" "$TMP/off"
			ok $? "$name, $store store, --$fmt: the same with the caches off"
			if [ $fmt = json ]; then
				run offv $OFF_V -- "$@" --$fmt
				cmp -s "$TMP/on" "$TMP/offv"
				ok $? "$name, $store store: the same without the verdict cache"
				run offc $OFF_C -- "$@" --$fmt
				cmp -s "$TMP/on" "$TMP/offc"
				ok $? "$name, $store store: the same without the certificate cache"
			fi
		done
		if [ $store = own ]; then
			# back to the capture's arguments for the system store
			set -- -r "$pcap"
			[ -f "$keys" ] && set -- "$@" --keylog "$keys"
		fi
	done
done
ok $([ "$n_caps" -ge 10 ]; echo $?) "$n_caps captures compared (10 or more)"

# the demo's connections 2, 6 and 7 share one chain: all trusted, and the
# reused verdicts carry each connection's own time
run demo -- -r captures/demo.pcap --keylog \
	captures/demo.keys --no-system-ca --ca-file captures/demo-root-ca.crt \
	--json
n=$(grep -c '"trusted":true' "$TMP/demo")
ok $([ "$n" -ge 3 ]; echo $?) "demo: $n trusted chains (3 or more)"
n=$(grep -o '"checked_at":"[^"]*"' "$TMP/demo" | sort -u | wc -l)
ok $([ "$n" -ge 3 ]; echo $?) "demo: $n distinct checked_at times (3 or more)"

done_testing
