#!/bin/sh
# `tlsview lab --text`: the PKI made, the cases listed with their ports,
# served until SIGINT.  Other clients (tlsview HOST:PORT, gnutls-cli)
# connect to it; a client that stalls does not hold the stop; after
# SIGINT the exit status is 0 and `ss -ltn` shows none of its ports.
# --listen 127.0.0.2 and --listen ::1 are printed (without the network
# warning: both are loopback) and serve there, to tlsview and openssl
# s_client; a busy --port gives one line naming the port.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/e2e/lab_lib.sh"
need_python
command -v ss >/dev/null 2>&1 || skip_all "ss missing (apt-get install iproute2)"

D=$TMP/lab
lab_start "$D"
ok $? "the lab serves and lists its cases"
diag "$(cat "$TMP/lab.err")"
head -1 "$TMP/lab.out" | grep -q "^tlsview lab: PKI in $D (made)$"
ok $? "the first line names the directory and says made"
ports=$(lab_ports)
[ "$(echo "$ports" | grep -c '^[1-9][0-9]*$')" = 14 ]
ok $? "14 case lines, each with its port"
grep -q '^  good  *127\.0\.0\.1:[0-9]*  a good chain' "$TMP/lab.out"
ok $? "a case line: name, 127.0.0.1:PORT, title"
grep -q "^  tlsview localhost:$(lab_port good) --ca-file $D/root-ca.crt" \
	"$TMP/lab.out" && grep -q '^  openssl s_client -connect' "$TMP/lab.out"
ok $? "the tlsview and openssl s_client hints"
threads=$(ls "/proc/$LAB_PID/task" | wc -l)
[ "$threads" -ge 2 ]
ok $? "the servers are threads of tlsview ($threads threads)"
listening=0
for p in $ports; do
	ss -ltnH "sport = :$p" | grep -q 127.0.0.1 && listening=$((listening + 1))
done
[ $listening = 14 ]
ok $? "ss -ltn shows the 14 ports on 127.0.0.1"

"$TLSVIEW" "localhost:$(lab_port good)" --ca-file "$D/root-ca.crt" \
	--crl "$D/lab.crl" --json >"$TMP/good.json" 2>"$TMP/good.err"
ok $? "tlsview localhost:PORT (good): exit 0"
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["validation"]; sys.exit(0 if v["trusted"] and v["anchor"]["source"] == sys.argv[2] else 1)' \
	"$TMP/good.json" "$D/root-ca.crt"
ok $? "good: trusted, anchored in the lab root"
"$TLSVIEW" "localhost:$(lab_port expired)" --ca-file "$D/root-ca.crt" \
	--no-system-ca --json >"$TMP/expired.json" 2>/dev/null
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["validation"]; sys.exit(0 if [r["code"] for r in v["reasons"]] == ["expired"] else 1)' \
	"$TMP/expired.json"
ok $? "expired: tlsview says expired"

if command -v gnutls-cli >/dev/null 2>&1; then
	gnutls-cli --x509cafile "$D/root-ca.crt" -p "$(lab_port good)" \
		localhost </dev/null >"$TMP/gc.out" 2>&1
	grep -q 'hello from the tlsview lab, case good' "$TMP/gc.out"
	ok $? "gnutls-cli accepts the good case and reads its hello"
	gnutls-cli --x509cafile "$D/root-ca.crt" -p "$(lab_port wrong-host)" \
		localhost </dev/null >"$TMP/gc2.out" 2>&1
	[ $? -ne 0 ] && grep -qi 'does not match' "$TMP/gc2.out"
	ok $? "gnutls-cli refuses wrong-host: the name does not match"
	gnutls-cli --x509cafile "$D/root-ca.crt" -p "$(lab_port tls12)" \
		localhost </dev/null >"$TMP/gc3.out" 2>&1
	grep -q '(TLS1.2-X.509)' "$TMP/gc3.out"
	ok $? "gnutls-cli: tls12 speaks TLS 1.2"
fi

# a client that connects and says nothing holds a worker, not the stop
python3 - "$(lab_port good)" >"$TMP/stall.out" 2>&1 <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
print("connected", flush=True)
time.sleep(30)
PY
stall=$!
sleep 0.3
pid=$LAB_PID
t0=$(date +%s%N)
lab_stop
t1=$(date +%s%N)
kill "$stall" 2>/dev/null
ok $lab_status "SIGINT: exit 0"
ms=$(((t1 - t0) / 1000000))
[ "$ms" -lt 3000 ]
ok $? "SIGINT with a stalled client connected: stopped in ${ms} ms"
tail -1 "$TMP/lab.out" | grep -q 'stopped; every server and port is closed'
ok $? "it says it stopped"
! kill -0 "$pid" 2>/dev/null
ok $? "no lab process left"
left=
for p in $ports; do
	ss -ltnH "sport = :$p" | grep -q . && left="$left $p"
done
[ -z "$left" ]
ok $? "ss -ltn shows none of its ports ($left)"

# --listen 127.0.0.2: printed, warned, served there (and the PKI's names
# now include that address, so the PKI is made again)
if ip addr show lo 2>/dev/null | grep -q '127.0.0.1/8'; then
	lab_start "$D" --listen 127.0.0.2
	ok $? "--listen 127.0.0.2: the lab serves"
	grep -q '^tlsview lab: PKI in .* (made)$' "$TMP/lab.out"
	ok $? "--listen 127.0.0.2: the PKI is made again for the new address"
	! grep -q 'WARNING' "$TMP/lab.out" &&
		grep -q '^serving 14 cases on 127.0.0.2' "$TMP/lab.out"
	ok $? "--listen: the address is printed, no network warning (127.0.0.2 is loopback)"
	grep -q '^  good  *127\.0\.0\.2:[0-9]* ' "$TMP/lab.out"
	ok $? "--listen: each case line has 127.0.0.2:PORT"
	"$TLSVIEW" "127.0.0.2:$(lab_port good)" --sni localhost \
		--ca-file "$D/root-ca.crt" --crl "$D/lab.crl" --no-system-ca \
		--json >"$TMP/l.json" 2>"$TMP/l.err"
	python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["validation"]["trusted"] else 1)' \
		"$TMP/l.json"
	ok $? "--listen: tlsview 127.0.0.2:PORT --sni localhost is trusted"
	ss -ltnH "sport = :$(lab_port good)" | grep -q '127.0.0.1:'
	ok $((!$?)) "--listen: nothing on 127.0.0.1 for that port"
	lab_stop
	ok $lab_status "--listen: SIGINT, exit 0"
fi

# --listen ::1: IPv6 loopback, bracketed in every address printed
if ip -6 addr show dev lo 2>/dev/null | grep -q '::1'; then
	lab_start "$D" --listen ::1
	ok $? "--listen ::1: the lab serves"
	grep -q '^tlsview lab: PKI in .* (made)$' "$TMP/lab.out"
	ok $? "--listen ::1: the PKI is made again for the new address"
	! grep -q 'WARNING' "$TMP/lab.out" &&
		grep -q '^serving 14 cases on ::1 ' "$TMP/lab.out"
	ok $? "--listen ::1: the address is printed, no network warning"
	[ "$(sed -n '/^serving/,/^try/p' "$TMP/lab.out" |
		grep -c '^  [a-z0-9-]*  *\[::1\]:[0-9]* ')" = 14 ]
	ok $? "--listen ::1: the 14 case lines have [::1]:PORT"
	p6=$(lab_port good)
	grep -q "^  tlsview \[::1\]:$p6 --sni localhost " "$TMP/lab.out" &&
		grep -q "^  openssl s_client -connect \[::1\]:$p6 " "$TMP/lab.out"
	ok $? "--listen ::1: the hints connect to [::1]:PORT"
	ss -ltnH "sport = :$p6" | grep -q '\[::1\]:'
	ok $? "--listen ::1: ss -ltn shows the good case on [::1]"
	"$TLSVIEW" "[::1]:$p6" --sni localhost --ca-file "$D/root-ca.crt" \
		--crl "$D/lab.crl" --no-system-ca --json >"$TMP/v6.json" \
		2>"$TMP/v6.err"
	python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); sys.exit(0 if c["validation"]["trusted"] and c["server"]["ip"] == "::1" else 1)' \
		"$TMP/v6.json"
	ok $? "--listen ::1: tlsview [::1]:PORT --sni localhost is trusted, server ::1"
	"$TLSVIEW" "[::1]:$(lab_port expired)" --sni localhost \
		--ca-file "$D/root-ca.crt" --no-system-ca --json \
		>"$TMP/v6e.json" 2>/dev/null
	python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["validation"]; sys.exit(0 if [r["code"] for r in v["reasons"]] == ["expired"] else 1)' \
		"$TMP/v6e.json"
	ok $? "--listen ::1: the expired case still fails as expired"
	if command -v openssl >/dev/null 2>&1; then
		openssl s_client -connect "[::1]:$p6" -servername localhost \
			-CAfile "$D/root-ca.crt" -verify_return_error \
			-verify_hostname localhost </dev/null >"$TMP/v6o.out" 2>&1
		grep -q 'Verify return code: 0 (ok)' "$TMP/v6o.out"
		ok $? "--listen ::1: openssl s_client verifies the good case"
	fi
	lab_stop
	ok $lab_status "--listen ::1: SIGINT, exit 0"
fi

# a busy port: one line naming it
python3 - >"$TMP/busy.port" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
time.sleep(20)
PY
busy=$!
i=0
while [ ! -s "$TMP/busy.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
bp=$(cat "$TMP/busy.port")
"$TLSVIEW" lab --dir "$D" --port "$bp" --text >/dev/null 2>"$TMP/busy.err"
st=$?
kill "$busy" 2>/dev/null
[ $st -eq 1 ] && [ "$(wc -l <"$TMP/busy.err")" = 1 ] &&
	grep -q "^tlsview: lab: port $bp is in use (case good on 127.0.0.1); give another --port, or --port 0" \
		"$TMP/busy.err"
ok $? "a busy --port: one line naming the port, exit 1"
diag "$(cat "$TMP/busy.err")"
done_testing
