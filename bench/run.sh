#!/usr/bin/env bash
# run.sh: time tlsview, tshark, ssldump and the libpcap read floor on the same captures.
#
#   bench/run.sh [-n RUNS] [-c] [-t TLSVIEW] [-d DIR] [-o OUT.md] [FILE...]
#
# FILEs default to DIR/big-100M.pcap, DIR/big-1G.pcap and DIR/conns-100k.pcap (made by
# bench/make-capture.sh; DIR defaults to $TMPDIR/tlsview-bench).  For each file:
#   1. the file is read once to warm the page cache;
#   2. one untimed pass counts the connections each decoder reports: tlsview's JSON lines,
#      tshark's ClientHellos, ssldump's connections with a ClientHello; FILE.meta (written by
#      make-capture.sh from the packets themselves) holds the true number;
#   3. RUNS rounds (default 3) run every command once each, in turn, so that a slow moment of
#      the machine hits every tool alike, under /usr/bin/time -v (peak RSS), stdout to
#      /dev/null;
#   4. the medians go into a Markdown table: MB/s (10^6 bytes of file per second), TLS
#      connections per second, peak RSS, the counts, and how tlsview compares.
# Speeds are per second of elapsed time; with -c, per second of CPU time (user + system),
# which stays meaningful when other work shares the machine (the table says which).
# The commands:
#   tlsview -r FILE --json
#   tshark -r FILE -Y tls.handshake -T fields -e frame.number -e tls.handshake.type
#          -e tls.handshake.extensions_server_name -e tls.handshake.ciphersuite
#   ssldump -r FILE -n -j
#   tcpdump -r FILE -w /dev/null
#   pcap-floor FILE (every packet's headers) and pcap-floor -a FILE (every byte)
# TOOLS="tlsview tshark ssldump tcpdump floor floor-all" picks the commands to run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUNS=3
CLOCK=wall
DIR=${TMPDIR:-/tmp}/tlsview-bench
TLSVIEW=
OUT=
TOOLS=${TOOLS:-"tlsview tshark ssldump tcpdump floor floor-all"}
PORTS=${BENCH_PORTS:-443,853,993,465,995}

usage() {
	echo "usage: $0 [-n RUNS] [-c] [-t TLSVIEW] [-d DIR] [-o OUT.md] [FILE...]" >&2
	exit 2
}

while getopts n:ct:d:o:h o; do
	case $o in
	n) RUNS=$OPTARG ;;
	c) CLOCK=cpu ;;
	t) TLSVIEW=$OPTARG ;;
	d) DIR=$OPTARG ;;
	o) OUT=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || usage

if [[ -z $TLSVIEW ]]; then
	if [[ -x $HERE/../tlsview ]]; then TLSVIEW=$HERE/../tlsview; else TLSVIEW=$(command -v tlsview || true); fi
fi
[[ -n $TLSVIEW && -x $TLSVIEW ]] || { echo "run.sh: no tlsview binary (give -t PATH)" >&2; exit 1; }
TLSVIEW=$(cd "$(dirname "$TLSVIEW")" && pwd)/$(basename "$TLSVIEW")

if (($# == 0)); then
	for f in big-100M.pcap big-1G.pcap conns-100k.pcap; do
		[[ -s $DIR/$f ]] && set -- "$@" "$DIR/$f"
	done
	(($#)) || { echo "run.sh: no captures in $DIR (run bench/make-capture.sh)" >&2; exit 1; }
fi

log() { printf '[run] %s\n' "$*" >&2; }

have() { [[ " $TOOLS " == *" $1 "* ]]; }
for t in tshark ssldump tcpdump; do
	if have "$t" && ! command -v "$t" >/dev/null; then
		log "$t is not installed: skipped (apt-get install $t)"
		TOOLS=${TOOLS//$t/}
	fi
done
[[ -x /usr/bin/time ]] || { log "needs /usr/bin/time (apt-get install time)"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tlsview-run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
if have floor || have floor-all; then
	cc -O2 -o "$WORK/pcap-floor" "$HERE/pcap-floor.c" -lpcap
fi

TSHARK_ARGS=(-Y tls.handshake -T fields -e frame.number -e tls.handshake.type
	-e tls.handshake.extensions_server_name -e tls.handshake.ciphersuite)

# The command of one tool on one file.
cmd_of() {
	local tool=$1 f=$2
	case $tool in
	tlsview) CMD=("$TLSVIEW" -r "$f" --json) ;;
	tshark) CMD=(tshark -r "$f" "${TSHARK_ARGS[@]}") ;;
	ssldump) CMD=(ssldump -r "$f" -n -j) ;;
	tcpdump) CMD=(tcpdump -r "$f" -w /dev/null) ;;
	floor) CMD=("$WORK/pcap-floor" "$f") ;;
	floor-all) CMD=("$WORK/pcap-floor" -a "$f") ;;
	esac
}

label_of() {
	case $1 in
	tlsview) echo 'tlsview `-r FILE --json`' ;;
	tshark) echo 'tshark `-Y tls.handshake -T fields ...`' ;;
	ssldump) echo 'ssldump `-n -j`' ;;
	tcpdump) echo 'tcpdump `-r FILE -w /dev/null`' ;;
	floor) echo 'libpcap loop, headers (the floor)' ;;
	floor-all) echo 'libpcap loop, every byte' ;;
	esac
}

# Untimed: the number of connections the tool reports.
count_of() {
	local tool=$1 f=$2
	case $tool in
	tlsview) "$TLSVIEW" -r "$f" --json | wc -l ;;
	tshark)
		tshark -r "$f" "${TSHARK_ARGS[@]}" 2>/dev/null |
			awk -F'\t' '{ n = split($2, t, ","); for (i = 1; i <= n; i++) if (t[i] == "1") c++ }
				END { print c + 0 }'
		;;
	ssldump)
		ssldump -r "$f" -n -j 2>/dev/null |
			grep -F '"handshake_type": "ClientHello"' |
			grep -o '"connection_number": [0-9]*' | sort -u | wc -l
		;;
	floor) "$WORK/pcap-floor" "$f" | awk '{ print $6 " SYNs" }' ;;
	*) echo "" ;;
	esac
}

# One timed run: prints "wall_ns cpu_ns peak_rss_kib".
measure() {
	local t0 t1 rss cpu
	t0=$(date +%s%N)
	if ! /usr/bin/time -v -o "$WORK/time.txt" "${CMD[@]}" >/dev/null 2>"$WORK/stderr.txt"; then
		log "failed: ${CMD[*]}"
		sed 's/^/    /' "$WORK/stderr.txt" | tail -5 >&2
	fi
	t1=$(date +%s%N)
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")
	cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.0f", s * 1e9 }' "$WORK/time.txt")
	echo "$((t1 - t0)) ${cpu:-0} ${rss:-0}"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

meta() { awk -F= -v k="$2" '$1 == k { print $2 }' "$1.meta" 2>/dev/null; }

group() { echo "$1" | sed -e ':a' -e 's/^\([0-9]\+\)\([0-9]\{3\}\)/\1,\2/;ta'; }

SUMMARY=()
DETAIL=()
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

bench_file() {
	local f=$1 bytes expected reuse tool r
	bytes=$(stat -c %s "$f")
	if [[ ! -s $f.meta ]]; then
		log "$f.meta missing: counting the connections in the packets (server ports $PORTS)"
		python3 "$HERE/pcap-scale.py" --server-ports "$PORTS" --copies 1 "$f" "$f" 2>/dev/null ||
			true
	fi
	expected=$(meta "$f" tls_conns)
	reuse=$(meta "$f" tls_conns_reusing_tuple)
	log "$(basename "$f"): $bytes bytes, ${expected:-?} TLS connections; warming the cache"
	cat "$f" >/dev/null

	declare -A count ns cns rss
	for tool in $TOOLS; do
		log "counting: $tool"
		count[$tool]=$(count_of "$tool" "$f")
	done
	for ((r = 1; r <= RUNS; r++)); do
		for tool in $TOOLS; do
			cmd_of "$tool" "$f"
			read -r t u m < <(measure)
			ns[$tool]+="$t "
			cns[$tool]+="$u "
			rss[$tool]+="$m "
			log "run $r/$RUNS $tool: $(awk -v t="$t" -v u="$u" 'BEGIN { printf "%.3f s (CPU %.3f s)", t / 1e9, u / 1e9 }') $((m / 1024)) MiB"
		done
	done

	local conns=${expected:-${count[tlsview]:-0}}
	declare -A mbs sec wall cpu mib
	for tool in $TOOLS; do
		wall[$tool]=$(echo "${ns[$tool]}" | tr ' ' '\n' | grep . | median | awk '{ printf "%.3f", $1 / 1e9 }')
		cpu[$tool]=$(echo "${cns[$tool]}" | tr ' ' '\n' | grep . | median | awk '{ printf "%.3f", $1 / 1e9 }')
		if [[ $CLOCK == cpu ]]; then sec[$tool]=${cpu[$tool]}; else sec[$tool]=${wall[$tool]}; fi
		# a run too short for the clock still counts as 1 ms
		sec[$tool]=$(awk -v s="${sec[$tool]}" 'BEGIN { printf "%.3f", s < 0.001 ? 0.001 : s }')
		mib[$tool]=$(echo "${rss[$tool]}" | tr ' ' '\n' | grep . | median | awk '{ printf "%.0f", $1 / 1024 }')
		mbs[$tool]=$(awk -v b="$bytes" -v s="${sec[$tool]}" 'BEGIN { printf "%.1f", b / 1e6 / s }')
	done

	local name title
	name=$(basename "$f")
	title="### \`$name\`: $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }') MB, $(group "${expected:-?}") TLS connections"
	[[ -n $reuse ]] && title+=" ($(group "$reuse") reusing an earlier connection's 4-tuple)"
	DETAIL+=("" "$title" ""
		"| command | elapsed (s) | CPU (s) | MB/s | conns/s | peak RSS (MiB) | connections reported | tlsview's speed ÷ this |"
		"|---|---:|---:|---:|---:|---:|---:|---:|")
	for tool in $TOOLS; do
		local cps c ratio
		cps=$(awk -v n="$conns" -v s="${sec[$tool]}" 'BEGIN { printf "%.0f", n / s }')
		c=${count[$tool]:-}
		case $tool in
		tlsview)
			if [[ -n $expected ]]; then
				[[ $c == "$expected" ]] && c="$(group "$c") (exact)" || c="$(group "$c") (expected $(group "$expected"))"
			fi
			;;
		tshark) c="$(group "$c") ClientHellos" ;;
		ssldump) c="$(group "$c")" ;;
		floor) c="$(group "${c% *}") SYNs" ;;
		*) c="-" ;;
		esac
		ratio=-
		have tlsview && ratio=$(awk -v a="${mbs[tlsview]}" -v b="${mbs[$tool]}" 'BEGIN { printf "%.2f", a / b }')
		DETAIL+=("| $(label_of "$tool") | ${wall[$tool]} | ${cpu[$tool]} | $(group "${mbs[$tool]%.*}") | $(group "$cps") | $(group "${mib[$tool]}") | $c | $ratio |")
	done

	if have tlsview; then
		local exact=no vs_t=- vs_s=- vs_f=-
		[[ ${count[tlsview]} == "${expected:-}" ]] && exact=yes
		have tshark && vs_t=$(awk -v a="${mbs[tlsview]}" -v b="${mbs[tshark]}" 'BEGIN { printf "%.1f×", a / b }')
		have ssldump && vs_s=$(awk -v a="${mbs[tlsview]}" -v b="${mbs[ssldump]}" 'BEGIN { printf "%.1f×", a / b }')
		have floor && vs_f=$(awk -v a="${mbs[tlsview]}" -v b="${mbs[floor]}" 'BEGIN { printf "%.2f", a / b }')
		SUMMARY+=("| \`$name\` | $(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }') | $(group "${expected:-?}") | $(group "${mbs[tlsview]%.*}") | $(group "$(awk -v n="$conns" -v s="${sec[tlsview]}" 'BEGIN { printf "%.0f", n / s }')") | $(group "${mib[tlsview]}") | $(group "${count[tlsview]}") ($exact) | $vs_t | $vs_s | $vs_f |")
	fi
}

for f in "$@"; do bench_file "$f"; done

report() {
	local per="elapsed time"
	[[ $CLOCK == cpu ]] && per="CPU time (user + system)"
	echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) × $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, warm page cache, medians of $RUNS alternating runs; speeds per second of $per; load average $LOAD0 before, $(cut -d' ' -f1-3 /proc/loadavg) after."
	local commit
	commit=$(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo "${BENCH_COMMIT:-}")
	echo "$("$TLSVIEW" --version 2>/dev/null || echo tlsview)${commit:+ (commit $commit)}; $(tshark --version 2>/dev/null | head -1 | sed 's/ (Git.*//; s/\.$//'); ssldump $(ssldump -v 2>&1 | awk '/^ssldump/ { print $2; exit }'); $(tcpdump --version 2>&1 | head -1); $(tcpdump --version 2>&1 | sed -n 2p)."
	if ((${#SUMMARY[@]})); then
		echo
		echo "| capture | MB | TLS conns | tlsview MB/s | conns/s | peak RSS (MiB) | conns reported (exact?) | × tshark | × ssldump | ÷ libpcap floor |"
		echo "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|"
		printf '%s\n' "${SUMMARY[@]}"
	fi
	printf '%s\n' "${DETAIL[@]}"
}

if [[ -n $OUT ]]; then
	report | tee "$OUT"
else
	report
fi
