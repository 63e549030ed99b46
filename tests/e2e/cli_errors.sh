#!/bin/sh
# Bad input gets one clear line naming the file and the problem, and the
# documented exit status: 1 for runtime failures, 2 for usage errors.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

check() { # check NAME WANT-STATUS PATTERN -- ARGS...
	name=$1 want=$2 pat=$3
	shift 4
	"$TLSVIEW" "$@" >"$TMP/out" 2>"$TMP/err"
	st=$?
	ok $([ "$st" -eq "$want" ]; echo $?) "$name: exit status $want (got $st)"
	lines=$(wc -l <"$TMP/err")
	ok $([ "$lines" -eq 1 ] && grep -q "$pat" "$TMP/err"; echo $?) \
		"$name: one line on stderr matching '$pat'"
	[ "$lines" -eq 1 ] && grep -q "$pat" "$TMP/err" || diag "stderr: $(cat "$TMP/err")"
	ok $([ ! -s "$TMP/out" ]; echo $?) "$name: nothing on stdout"
}

check "missing file" 1 "^tlsview: $TMP/nope.pcap: cannot open: No such file or directory" -- -r "$TMP/nope.pcap"
printf 'hello, this is not a capture\n' >"$TMP/text.pcap"
check "text file" 1 "^tlsview: $TMP/text.pcap: not a pcap or pcapng capture file" -- -r "$TMP/text.pcap"
: >"$TMP/empty.pcap"
check "empty file" 1 "^tlsview: $TMP/empty.pcap: " -- -r "$TMP/empty.pcap"
check "directory" 1 "^tlsview: $TMP: " -- -r "$TMP"
# a pcap header for link type 105 (IEEE 802.11) and no packets
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\151\000\000\000' >"$TMP/wifi.pcap"
check "unsupported link type" 1 "link type 105 .* is not supported" -- -r "$TMP/wifi.pcap"
check "unknown option" 2 "^tlsview: unknown option --frobnicate" -- --frobnicate
check "missing argument" 2 "^tlsview: -r needs an argument" -- -r

"$TLSVIEW" --help >"$TMP/out" 2>&1
ok $? "--help exits 0"
grep -q -- '-r, --read FILE' "$TMP/out"
ok $? "--help documents -r"
"$TLSVIEW" --version >"$TMP/out" 2>&1
grep -q '^tlsview [0-9]' "$TMP/out"
ok $? "--version prints the version"

# A capture cut in the middle of a packet: decoded as far as it goes,
# a warning line, exit 0.
f=$TV_CORPUS/tls12-ecdhe-rsa-gcm.pcap
size=$(wc -c <"$f")
head -c $((size - 100)) "$f" >"$TMP/cut.pcap"
"$TLSVIEW" -r "$TMP/cut.pcap" --json >"$TMP/out" 2>"$TMP/err"
ok $? "a cut capture exits 0"
grep -q 'ends in the middle of a packet' "$TMP/err"
ok $? "a cut capture says so on stderr"
grep -q '"client_hello"' "$TMP/out"
ok $? "a cut capture is still decoded"

done_testing
