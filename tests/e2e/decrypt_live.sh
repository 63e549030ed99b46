#!/bin/sh
# Decryption against real peers, without root: OpenSSL's s_server and
# GnuTLS's gnutls-serv on 127.0.0.1, their clients writing key logs
# (-keylogfile, SSLKEYLOGFILE), and between them tcp_record.py, a relay
# that writes what it relays as a pcap (tcpdump would need root).  Each
# capture is decoded with its key log (and --rsa-key for static RSA) and
# every handshake message, decrypted ones included, must be listed in
# order, every alert decrypted, and no note may say something did not
# decrypt.  Cases: the five TLS 1.3 suites, KeyUpdate, HelloRetryRequest,
# 0-RTT accepted and rejected; TLS 1.2 AES-GCM, ChaCha20, AES-CCM(-8),
# CBC with and without encrypt_then_mac, Camellia, 3DES, RC4, NULL,
# static RSA with and without extended_master_secret (--rsa-key alone),
# renegotiation; TLS 1.1 and 1.0 CBC.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
need_python
unset SSLKEYLOGFILE
have_openssl=false
have_gnutls=false
command -v openssl >/dev/null 2>&1 && have_openssl=true
command -v gnutls-serv >/dev/null 2>&1 && command -v gnutls-cli >/dev/null 2>&1 &&
	have_gnutls=true
$have_openssl || $have_gnutls ||
	skip_all "neither openssl nor gnutls-bin is installed"

# the interpreter itself: a version manager's shim costs seconds a call
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
key=$TV_SRCDIR/captures/demo-server.key
record=$TV_SRCDIR/tests/e2e/tcp_record.py
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	exec 3>&- 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
cd "$TMP" || exit 1

# A certificate for the shipped RSA key (RSA serves static RSA too).
if $have_openssl; then
	openssl req -x509 -new -key "$key" -subj /CN=localhost -days 2 \
		-out cert.pem 2>/dev/null
elif $have_gnutls; then
	printf 'cn = localhost\nexpiration_days = 2\n' >cert.tmpl
	certtool -s --load-privkey "$key" --template cert.tmpl \
		--outfile cert.pem 2>/dev/null
fi
[ -s cert.pem ] || skip_all "cannot make a test certificate"

# a peer that hangs must not hang the test
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout 20"

# free ports for the servers, asked for at once (each python start costs)
ports=$("$PYTHON" -c '
import socket
socks = [socket.socket() for _ in range(40)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
free_port() {
	set -- $ports
	ports=${ports#* }
	port=$1
}

# wait_for FILE TEXT: until FILE holds TEXT (5 s at most)
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.05
	done
}

# The server reads its stdin: a fifo held open keeps it from quitting.
hold_stdin() {
	rm -f hold
	mkfifo hold
	exec 3<>hold
}

# start_relay CONNECTIONS SERVER-PORT: the recording relay (it connects
# to the server only when a client comes, so both can start at once)
start_relay() {
	rm -f portfile rec.pcap
	"$PYTHON" "$record" portfile "$2" rec.pcap "$1" &
	relay=$!
	pids="$pids $relay"
}

# relay_port: wait for the relay to listen; sets rport
relay_port() {
	wait_for portfile . || return 1
	rport=$(cat portfile)
}

stop() { # stop PID...: servers are ended by their PID
	for p in "$@"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	exec 3>&- 2>/dev/null
}

# The verdicts are checked at the end, all in one python run.
cat >check.py <<'PY'
import json, re, sys
# cases.txt: one line per case: N<TAB>NAME<TAB>WANT|WANT...; case N's
# output in out-N.jsonl, its stderr in err-N.txt.  WANT is
# "c:1 20* s:2 8* ..." per connection (* = read after decryption), or
# alternatives "A||B" where the peers' timing decides.
for line in open('cases.txt', encoding='utf-8'):
    n, name, wants = line.rstrip('\n').split('\t')
    want = re.split(r'(?<!\|)\|(?!\|)', wants)
    problems = []
    try:
        conns = [json.loads(l) for l in open(f'out-{n}.jsonl', encoding='utf-8')]
    except (OSError, ValueError) as e:
        conns = []
        problems.append(f"no output: {e}")
    if len(conns) != len(want):
        problems.append(f"{len(conns)} connections, expected {len(want)}")
    for c, w in zip(conns, want):
        got = ' '.join(
            f"{d[0]}:" + ' '.join(f"{m['type_id']}{'*' if m['encrypted'] else ''}"
                                  for m in c['messages'] if m['dir'] == d)
            for d in ('client', 'server'))
        if got not in w.split('||'):
            problems.append(f"#{c['id']} messages {got}, expected {w}")
        if not c['app_data_bytes']['client']:
            problems.append(f"#{c['id']} no application data from the client")
        if not c['alerts'] or not all(a['encrypted'] for a in c['alerts']):
            problems.append(f"#{c['id']} alerts {c['alerts']}")
        for note in c['notes']:
            if 'decrypt' in note or 'key log' in note or 'rsa-key' in note:
                problems.append(f"#{c['id']} note: {note}")
    print(("not ok " if problems else "ok ") + name)
    for p in problems:
        print("# " + p)
    if problems:
        for l in open(f'err-{n}.txt', encoding='utf-8', errors='replace'):
            print("# stderr: " + l.rstrip())
PY
: >cases.txt
ncase=0

# verdict NAME TLSVIEW-ARGS -- WANT...: decode rec.pcap now, judge later
verdict() {
	vname=$1
	shift
	args=""
	while [ "$1" != -- ]; do
		args="$args $1"
		shift
	done
	shift
	ncase=$((ncase + 1))
	# shellcheck disable=SC2086
	"$TLSVIEW" -r rec.pcap $args --json >"out-$ncase.jsonl" \
		2>"err-$ncase.txt"
	wants=$1
	shift
	for w in "$@"; do
		wants="$wants|$w"
	done
	printf '%s\t%s\t%s\n' "$ncase" "$vname" "$wants" >>cases.txt
}

T13="c:1 20* s:2 8* 11* 15* 20* 4* 4*"
T12="c:1 16 20* s:2 11 12 14 4 20*"
T12RSA="c:1 16 20* s:2 11 14 4 20*"

# ossl NAME 'SERVER-ARGS' 'CLIENT-ARGS' WANT [INPUT-SCRIPT]
ossl() {
	name=$1 sargs=$2 cargs=$3 want=$4 input=${5:-"printf 'hello\n'"}
	free_port
	rm -f keys srv.txt
	# shellcheck disable=SC2086
	openssl s_server -accept "$port" -cert cert.pem -key "$key" \
		-naccept 1 -rev $sargs </dev/null >srv.txt 2>&1 &
	server=$!
	pids="$pids $server"
	start_relay 1 "$port"
	if ! wait_for srv.txt ACCEPT || ! relay_port; then
		ok 1 "$name: the server starts"
		diag "$(cat srv.txt)"
		stop $server $relay
		return
	fi
	# shellcheck disable=SC2086
	(eval "$input"; sleep 0.3) | $limit openssl s_client -connect \
		"127.0.0.1:$rport" -keylogfile keys $cargs >cli.txt 2>&1
	wait $relay
	stop $server
	verdict "$name" --keylog keys -- "$want"
}

# gnu NAME 'SERVER-PRIORITY' 'CLIENT-ARGS' WANT [TLSVIEW-ARGS]
gnu() {
	name=$1 sprio=$2 cargs=$3 want=$4 targs=${5:---keylog keys}
	free_port
	rm -f keys srv.txt
	gnutls-serv --port "$port" --x509certfile cert.pem --x509keyfile "$key" \
		--echo -a --priority "${sprio:-NORMAL}" </dev/null >srv.txt 2>&1 &
	server=$!
	pids="$pids $server"
	start_relay 1 "$port"
	if ! wait_for srv.txt listening || ! relay_port; then
		ok 1 "$name: the server starts"
		diag "$(cat srv.txt)"
		stop $server $relay
		return
	fi
	# shellcheck disable=SC2086
	(printf 'hello\n'; sleep 0.3) | SSLKEYLOGFILE=$PWD/keys $limit gnutls-cli \
		--insecure -p "$rport" 127.0.0.1 $cargs >cli.txt 2>&1
	wait $relay
	stop $server
	# shellcheck disable=SC2086
	verdict "$name" $targs -- "$want"
}

# 0-RTT: a first connection for the ticket (the client stays until it
# has it), a second with early data
early() {
	name=$1 sargs=$2 want2=$3
	free_port
	rm -f keys srv.txt sess.pem
	printf 'early bird\n' >early.txt
	hold_stdin
	# shellcheck disable=SC2086
	openssl s_server -accept "$port" -cert cert.pem -key "$key" \
		-naccept 2 -max_early_data 16384 $sargs <hold >srv.txt 2>&1 &
	server=$!
	pids="$pids $server"
	start_relay 2 "$port"
	if ! wait_for srv.txt ACCEPT || ! relay_port; then
		ok 1 "$name: the server starts"
		stop $server $relay
		return
	fi
	(printf 'first\n'; wait_for sess.pem .) | $limit openssl s_client -connect \
		"127.0.0.1:$rport" -keylogfile keys -sess_out sess.pem \
		>cli.txt 2>&1
	(printf 'second\n'; sleep 0.3) | $limit openssl s_client -connect \
		"127.0.0.1:$rport" -keylogfile keys -sess_in sess.pem \
		-early_data early.txt >>cli.txt 2>&1
	wait $relay
	stop $server
	verdict "$name" --keylog keys -- "c:1 20* s:2 8* 11* 15* 20* 4* 4*" \
		"$want2"
}

if $have_openssl; then
	for cs in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 \
		TLS_CHACHA20_POLY1305_SHA256 TLS_AES_128_CCM_SHA256 \
		TLS_AES_128_CCM_8_SHA256; do
		ossl "OpenSSL TLS 1.3 $cs" "-ciphersuites $cs" \
			"-ciphersuites $cs" "$T13"
	done
	# the client's records after its KeyUpdate must decrypt; the server
	# answers with its own unless the client has already gone
	ossl "OpenSSL TLS 1.3 KeyUpdate: both sides' secrets ratchet" "" "" \
		"c:1 20* 24* s:2 8* 11* 15* 20* 4* 4* 24*||c:1 20* 24* s:2 8* 11* 15* 20* 4* 4*" \
		"sleep 0.5; printf 'K\n'; sleep 0.5; printf 'after the update\n'; sleep 0.5"
	ossl "OpenSSL TLS 1.3 HelloRetryRequest" "-groups P-384" \
		"-groups X25519:P-384" "c:1 1 20* s:2 2 8* 11* 15* 20* 4* 4*"
	early "OpenSSL TLS 1.3 0-RTT accepted: EndOfEarlyData decrypted" \
		-early_data "c:1 5* 20* s:2 8* 20* 4*"
	early "OpenSSL TLS 1.3 0-RTT rejected: the early data is skipped" -rev \
		"c:1 20* s:2 8* 20* 4*"
	for c in ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384 \
		ECDHE-RSA-CHACHA20-POLY1305 ECDHE-RSA-AES128-SHA \
		ECDHE-RSA-AES256-SHA384; do
		ossl "OpenSSL TLS 1.2 $c (encrypt_then_mac when CBC)" "" \
			"-tls1_2 -cipher $c" "$T12"
	done
	ossl "OpenSSL TLS 1.2 ECDHE-RSA-AES128-SHA without encrypt_then_mac" \
		"" "-tls1_2 -no_etm -cipher ECDHE-RSA-AES128-SHA" "$T12"
	for c in AES128-CCM AES128-CCM8 AES256-SHA256 CAMELLIA256-SHA256; do
		ossl "OpenSSL TLS 1.2 $c" "-cipher $c:@SECLEVEL=0" \
			"-tls1_2 -cipher $c:@SECLEVEL=0" "$T12RSA"
	done
	ossl "OpenSSL TLS 1.1 ECDHE-RSA-AES128-SHA" \
		"-cipher ECDHE-RSA-AES128-SHA:@SECLEVEL=0" \
		"-tls1_1 -cipher ECDHE-RSA-AES128-SHA:@SECLEVEL=0" "$T12"
	ossl "OpenSSL TLS 1.0 ECDHE-RSA-AES256-SHA (chained IVs)" \
		"-cipher ECDHE-RSA-AES256-SHA:@SECLEVEL=0" \
		"-tls1 -cipher ECDHE-RSA-AES256-SHA:@SECLEVEL=0" "$T12"
	ossl "OpenSSL TLS 1.0 AES128-SHA without encrypt_then_mac" \
		"-cipher AES128-SHA:@SECLEVEL=0" \
		"-tls1 -no_etm -cipher AES128-SHA:@SECLEVEL=0" "$T12RSA"
	verdict "the same, with --rsa-key alone (EMS over MD5 and SHA-1)" \
		--rsa-key "$key" -- "$T12RSA"
fi

if $have_gnutls; then
	gnu "GnuTLS TLS 1.3" "" "" "$T13"
	gnu "GnuTLS TLS 1.2 3DES-EDE-CBC-SHA" "NORMAL:+3DES-CBC:+RSA" \
		"--priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+3DES-CBC:-KX-ALL:+RSA" \
		"$T12RSA"
	gnu "GnuTLS TLS 1.2 RC4-128-SHA" "NORMAL:+ARCFOUR-128:+RSA" \
		"--priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+ARCFOUR-128:-KX-ALL:+RSA" \
		"$T12RSA"
	gnu "GnuTLS TLS 1.2 NULL-SHA (integrity only)" "NORMAL:+NULL:+RSA" \
		"--priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+NULL:-KX-ALL:+RSA" \
		"$T12RSA"
	gnu "GnuTLS TLS 1.2 Camellia-128-GCM" "NORMAL:+CAMELLIA-128-GCM" \
		"--priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+CAMELLIA-128-GCM" \
		"$T12"
	gnu "GnuTLS TLS 1.2 static RSA without EMS, --rsa-key alone" \
		"NORMAL:+RSA" \
		"--priority NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+RSA:%NO_SESSION_HASH" \
		"$T12RSA" "--rsa-key $key"
	gnu "GnuTLS TLS 1.2 renegotiation: the second handshake decrypted" "" \
		"--priority NORMAL:-VERS-ALL:+VERS-TLS1.2 -e" \
		"c:1 16 20* 1* 16* 20* s:2 11 12 14 4 20* 2* 11* 12* 14* 4* 20*"
fi
"$PYTHON" check.py >results.txt
while IFS= read -r line; do
	case $line in
	"ok "*) ok 0 "${line#ok }" ;;
	"not ok "*) ok 1 "${line#not ok }" ;;
	*) echo "$line" ;;
	esac
done <results.txt
done_testing
