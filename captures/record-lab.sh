#!/bin/sh
# Record captures/lab.pcapng: one connection to each case of the workshop
# lab (tlsview lab), made by tlsview as a client, captured by tcpdump on
# lo, with the sessions' secrets put into the file as Decryption Secrets
# Blocks (editcap --inject-secrets).  The lab's root and CRL are copied
# next to it, so the capture replays offline with every verdict:
#   ./tlsview -r captures/lab.pcapng --no-system-ca \
#       --ca-file captures/lab-root-ca.crt --crl captures/lab.crl
# Needs root (tcpdump) and the Debian packages tcpdump, tshark (editcap),
# iproute2; run from a built tree:  sh captures/record-lab.sh [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=$(cd "${1:-$here}" && pwd)
tlsview=${TLSVIEW:-$top/tlsview}
work=$(mktemp -d /tmp/tlsview-record-lab.XXXXXX)
lab_pid="" dump_pid=""
cleanup() {
	[ -n "$dump_pid" ] && kill "$dump_pid" 2>/dev/null
	[ -n "$lab_pid" ] && kill -INT "$lab_pid" 2>/dev/null && wait "$lab_pid"
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# the lab, on any free ports, in a fresh directory
"$tlsview" lab --dir "$work/lab" --port 0 --text >"$work/lab.out" 2>&1 &
lab_pid=$!
i=0
until grep -q "^try" "$work/lab.out"; do
	i=$((i + 1))
	[ $i -gt 100 ] && { cat "$work/lab.out" >&2; exit 1; }
	sleep 0.1
done
# "  NAME  127.0.0.1:PORT  title"
sed -n 's/^  \([a-z0-9-]*\) *127\.0\.0\.1:\([0-9]*\) .*/\1 \2/p' \
	"$work/lab.out" >"$work/cases"
[ -s "$work/cases" ] || { cat "$work/lab.out" >&2; exit 1; }
filter=$(awk '{ printf "%sport %s", (NR > 1 ? " or " : ""), $2 }' "$work/cases")

tcpdump -i lo -U -s 0 -w "$work/lab.pcap" "tcp and ($filter)" 2>"$work/tcpdump.log" &
dump_pid=$!
i=0
until grep -q "listening on" "$work/tcpdump.log"; do
	i=$((i + 1))
	[ $i -gt 50 ] && { cat "$work/tcpdump.log" >&2; exit 1; }
	sleep 0.1
done

# one connection per case, in the lab's order; a failing case is the
# point of most of them, so the exit status is not an error here
while read -r name port; do
	"$tlsview" "127.0.0.1:$port" --sni localhost --no-system-ca \
		--ca-file "$work/lab/root-ca.crt" --crl "$work/lab/lab.crl" \
		--keylog-out "$work/lab.keys" --text >"$work/$name.txt" 2>&1 || :
	sleep 0.2
done <"$work/cases"
sleep 1
kill "$dump_pid"
wait "$dump_pid" 2>/dev/null || :
dump_pid=""

editcap --inject-secrets "tls,$work/lab.keys" "$work/lab.pcap" "$out/lab.pcapng"
cp "$work/lab/root-ca.crt" "$out/lab-root-ca.crt"
cp "$work/lab/lab.crl" "$out/lab.crl"
cp "$work/lab.keys" "$out/lab.keys"
echo "wrote $out/lab.pcapng ($(wc -l <"$work/cases") connections), lab.keys, lab-root-ca.crt, lab.crl"
