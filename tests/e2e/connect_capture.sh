#!/bin/sh
# -w FILE.pcapng saves a live session as a capture with its secrets in a
# Decryption Secrets Block: `tlsview -r` of it shows exactly what the live
# run showed, and tshark decodes (and decrypts) it with no key log.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/e2e/live_lib.sh"
command -v openssl >/dev/null 2>&1 || skip_all "openssl missing (apt-get install openssl)"

sh "$E2E/mklivepki.sh" "$TMP/pki" || { echo "Bail out! mklivepki.sh failed"; exit 1; }
K=$TMP/pki
TRUST="--no-system-ca --ca-file $K/root.crt --at 2030-01-01"

p13=$(free_port)
start "$TMP/s13.log" openssl s_server -accept "127.0.0.1:$p13" -quiet -cert "$K/leaf.crt" \
	-key "$K/leaf.key" -cert_chain "$K/inter.crt"
p12=$(free_port)
start "$TMP/s12.log" openssl s_server -accept "127.0.0.1:$p12" -quiet -cert "$K/rsaleaf.crt" \
	-key "$K/rsaleaf.key" -tls1_2
wait_listen "$p13" && wait_listen "$p12"

# same NAME LIVE REPLAY: the two JSON outputs are identical
same() {
	cmp -s "$2" "$3"
	ok $? "$1"
	cmp -s "$2" "$3" || diag "$(diff "$2" "$3" | cut -c1-300 | head -6)"
}

for case in "tls13 $p13" "tls12 $p12" "resume $p13 --resume"; do
	set -- $case
	name=$1 port=$2
	shift 2
	# shellcheck disable=SC2086
	"$TLSVIEW" --json $TRUST --sni www.example.test -w "$TMP/$name.pcapng" \
		--keylog-out "$TMP/$name.keys" "$@" "127.0.0.1:$port" >"$TMP/$name.live" 2>"$TMP/$name.err"
	ok $? "$name: connect -w succeeds"
	[ -s "$TMP/$name.err" ] && diag "$(cat "$TMP/$name.err")"
	ok $([ "$(ls "$TMP" | grep -c "^$name.pcapng")" -eq 1 ]; echo $?) \
		"$name: the capture is in place and no temporary file is left"
	# shellcheck disable=SC2086
	"$TLSVIEW" -r "$TMP/$name.pcapng" --keylog "$TMP/$name.keys" --json $TRUST \
		>"$TMP/$name.replay" 2>&1
	same "$name: -r of the capture with --keylog-out's key log gives the same JSON" \
		"$TMP/$name.live" "$TMP/$name.replay"
	# shellcheck disable=SC2086
	"$TLSVIEW" -r "$TMP/$name.pcapng" --json $TRUST >"$TMP/$name.dsb" 2>&1
	same "$name: -r of the capture alone (its Decryption Secrets Block) gives the same JSON" \
		"$TMP/$name.live" "$TMP/$name.dsb"
done
facts "$TMP/resume.live"
has "$TMP/resume.live" "2 resumed true" "both connections of --resume are in the capture (the second resumed)"
grep -q '^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]\{64\} [0-9a-f]\{64,96\}$' "$TMP/tls13.keys"
ok $? "--keylog-out writes NSS key log lines (TLS 1.3 secrets)"
grep -q '^CLIENT_RANDOM [0-9a-f]\{64\} [0-9a-f]\{96\}$' "$TMP/tls12.keys"
ok $? "--keylog-out writes the TLS 1.2 master secret as CLIENT_RANDOM"
ok $([ "$(stat -c %a "$TMP/tls13.pcapng")" = 600 ] && [ "$(stat -c %a "$TMP/tls13.keys")" = 600 ]; echo $?) \
	"the capture and the key log, which hold keys, are private to their owner (0600)"

# -w replaces an existing file
echo old >"$TMP/over.pcapng"
# shellcheck disable=SC2086
"$TLSVIEW" --json $TRUST -w "$TMP/over.pcapng" "127.0.0.1:$p13" >/dev/null 2>&1
ok $([ "$(head -c 4 "$TMP/over.pcapng" | od -An -tx1 | tr -d ' ')" = 0a0d0d0a ]; echo $?) \
	"-w replaces an existing file with a pcapng capture"

if command -v tshark >/dev/null 2>&1; then
	for name in tls13 tls12; do
		tshark -r "$TMP/$name.pcapng" -Y 'tls.handshake.type == 11' -T fields \
			-e tls.handshake.type >"$TMP/$name.tshark" 2>"$TMP/$name.tshark.err"
		ok $([ -s "$TMP/$name.tshark" ]; echo $?) "$name: tshark decodes the Certificate message"
		tshark -r "$TMP/$name.pcapng" -Y 'tls.handshake.type == 20' -T fields \
			-e frame.number >"$TMP/$name.fin" 2>/dev/null
		ok $([ "$(wc -l <"$TMP/$name.fin")" -eq 2 ]; echo $?) \
			"$name: tshark decrypts both Finished messages with no key log argument"
		tshark -r "$TMP/$name.pcapng" -Y '_ws.malformed || _ws.expert.severity >= "warning"' \
			>"$TMP/$name.bad" 2>/dev/null
		ok $([ ! -s "$TMP/$name.bad" ]; echo $?) "$name: tshark finds nothing malformed (checksums, sequence numbers)"
		[ -s "$TMP/$name.bad" ] && diag "$(head -5 "$TMP/$name.bad")"
	done
	tshark -r "$TMP/resume.pcapng" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' \
		-T fields -e tcp.srcport >"$TMP/syn" 2>/dev/null
	ok $([ "$(wc -l <"$TMP/syn")" -eq 2 ]; echo $?) "tshark sees the two TCP connections of --resume"
else
	ok 0 "# SKIP tshark missing"
fi

stop_servers
done_testing
