#!/usr/bin/env bash
# make-capture.sh: build large, realistic TLS captures for the benchmark.
#
#   bench/make-capture.sh [-d DIR] [all]      base capture, then big-100M, big-1G and conns-100k
#   bench/make-capture.sh [-d DIR] base       only the base capture (DIR/base.pcap)
#   bench/make-capture.sh [-d DIR] size 1G    a copy scaled to about 1 GiB (DIR/big-1G.pcap)
#   bench/make-capture.sh [-d DIR] conns 100000   at least 100,000 TLS connections
#                                                 (DIR/conns-100k.pcap)
#
# DIR defaults to $TMPDIR/tlsview-bench (/tmp/tlsview-bench).  Nothing is written into the
# source tree.  Every capture FILE gets FILE.meta, the generator's own count of what is in it
# (tls_conns: connections whose client opened with a SYN and sent a TLS ClientHello, port reuse
# included), which bench/run.sh compares with what each tool reports.
#
# The base capture comes from real peers on the loopback of a private network namespace
# (unshare -n: nothing leaves the machine, nothing else is captured):
#   servers  nginx on 127.0.0.1:443 (RSA-2048 leaf) and 127.0.0.2:443 (ECDSA P-256 leaf),
#            HTTP/1.1 and h2, session cache and tickets; openssl s_server on 127.0.0.3:853 with
#            both keys (-WWW); gnutls-serv with both keys on ports 993 (a small page), 465
#            (150 KB) and 995 (400 KB).  Leaf certificates come with their intermediate.
#   clients  curl, openssl s_client and gnutls-cli, a seeded mix run $PAR at a time: TLS 1.2
#            (ECDHE and RSA key exchange; AES-GCM, ChaCha20, CBC) and TLS 1.3 (all three
#            suites), groups X25519, P-256 and P-384, ALPN h2 and http/1.1; resumptions (curl
#            fetching several URLs with Connection: close, s_client -reconnect and
#            -sess_out/-sess_in, gnutls-cli --resume); failures (no common cipher suite, a
#            TLS 1.1 client, an untrusted certificate); uploads; and Python's ssl module
#            (OpenSSL) making connections in turn from one pinned client port, so 4-tuples are
#            reused.  About one connection in seven carries a 50-500 KB body, so most of the
#            bytes of the file are encrypted bulk data, as in real traffic.
#   capture  tcpdump -s 0 on that lo, whose MTU is 1500 and GSO capped at one segment, so the
#            file holds Ethernet-sized segments as a NIC capture would.  The run fails if the
#            kernel dropped packets.
# Scaled files (bench/pcap-scale.py): copies of the base one after another in time; copy k
# moves the client side to 127.1.(k/256).(k%256) and rotates its port, with IP and TCP
# checksums updated, so every connection keeps its own 4-tuple.
#
# Needs root (for unshare -n) and the Debian packages nginx, tcpdump, openssl, curl,
# gnutls-bin, iproute2, util-linux and python3.  The base takes a few minutes.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
W=${TMPDIR:-/tmp}/tlsview-bench
JOBS=${JOBS:-900}           # client jobs (about 1.6 connections each)
PAR=${PAR:-3}               # client jobs running at once
SEED=${SEED:-20261123}

log() { printf '[make-capture] %s\n' "$*" >&2; }

need() {
	local missing=() t
	for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
	if ((${#missing[@]})); then
		log "missing: ${missing[*]} (apt-get install nginx tcpdump openssl curl gnutls-bin iproute2 util-linux python3)"
		exit 1
	fi
}

make_pki() {
	local d=$W/pki
	[[ -s $d/ecdsa-chain.pem ]] && return 0
	mkdir -p "$d"
	(
		cd "$d"
		local san='subjectAltName=DNS:example.test,DNS:*.example.test,DNS:example.org,DNS:*.example.org,DNS:localhost,IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.3'
		openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 \
			-subj "/O=tlsview bench/CN=tlsview bench Root CA" \
			-addext basicConstraints=critical,CA:TRUE \
			-addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
		openssl req -newkey rsa:2048 -nodes -keyout int.key -out int.csr \
			-subj "/O=tlsview bench/CN=tlsview bench Issuing CA" 2>/dev/null
		printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' >int.ext
		openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -set_serial 0x1001 \
			-days 3650 -extfile int.ext -out int.pem 2>/dev/null
		printf '%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$san" >leaf.ext
		openssl req -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.csr \
			-subj "/O=tlsview bench/CN=www.example.test" 2>/dev/null
		openssl x509 -req -in rsa.csr -CA int.pem -CAkey int.key -set_serial 0x2001 \
			-days 825 -extfile leaf.ext -out rsa.pem 2>/dev/null
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ecdsa.key \
			-out ecdsa.csr -subj "/O=tlsview bench/CN=api.example.test" 2>/dev/null
		openssl x509 -req -in ecdsa.csr -CA int.pem -CAkey int.key -set_serial 0x2002 \
			-days 825 -extfile leaf.ext -out ecdsa.pem 2>/dev/null
		cat rsa.pem int.pem >rsa-chain.pem
		cat ecdsa.pem int.pem >ecdsa-chain.pem
		openssl verify -CAfile root.pem -untrusted int.pem rsa.pem ecdsa.pem >&2
	)
}

make_www() {
	local d=$W/www k
	[[ -s $d/bulk/500k.bin ]] && return 0
	mkdir -p "$d/bulk" "$d/api" "$d/static"
	head -c 3100 /dev/urandom | base64 -w 76 >"$d/index.html"
	printf '{"status":"ok","items":[%s]}\n' "$(seq -s, 1 120)" >"$d/api/items.json"
	head -c 640 /dev/urandom | base64 -w 0 >"$d/api/user.json"
	head -c 1150 /dev/urandom >"$d/favicon.ico"
	for k in 5 9 14 22; do head -c $((k * 1024)) /dev/urandom >"$d/static/app$k.js"; done
	for k in 50 75 100 150 200 300 400 500; do
		head -c $((k * 1024)) /dev/urandom >"$d/bulk/${k}k.bin"
	done
}

make_nginx_conf() {
	mkdir -p "$W/nginx/tmp" "$W/nginx/logs"
	cat >"$W/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $W/nginx/nginx.pid;
error_log $W/nginx/logs/error.log warn;
events { worker_connections 512; }
http {
	access_log off;
	client_body_temp_path $W/nginx/tmp/body;
	proxy_temp_path $W/nginx/tmp/proxy;
	fastcgi_temp_path $W/nginx/tmp/fcgi;
	uwsgi_temp_path $W/nginx/tmp/uwsgi;
	scgi_temp_path $W/nginx/tmp/scgi;
	types { text/html html; application/json json; application/javascript js; }
	default_type application/octet-stream;
	keepalive_timeout 5s;
	client_max_body_size 1m;
	ssl_protocols TLSv1.2 TLSv1.3;
	ssl_ciphers 'ECDHE+AESGCM:ECDHE+CHACHA20:ECDHE+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS';
	ssl_prefer_server_ciphers off;
	ssl_session_cache shared:TLS:10m;
	ssl_session_timeout 1h;
	ssl_session_tickets on;
	server {
		listen 127.0.0.1:443 ssl http2;
		ssl_certificate $W/pki/rsa-chain.pem;
		ssl_certificate_key $W/pki/rsa.key;
		root $W/www;
		error_page 405 =200 \$uri;
	}
	server {
		listen 127.0.0.2:443 ssl http2;
		ssl_certificate $W/pki/ecdsa-chain.pem;
		ssl_certificate_key $W/pki/ecdsa.key;
		root $W/www;
		error_page 405 =200 \$uri;
	}
}
EOF
}

# One line per client job: kind server key ver sni path alpn cipher group extra
make_jobs() {
	python3 - "$SEED" "$JOBS" >"$W/jobs.txt" <<'EOF'
import random, sys
rng = random.Random(int(sys.argv[1])); n = int(sys.argv[2])
names = (["www.example.test", "api.example.test", "cdn.example.test", "login.example.test",
          "mail.example.org", "www.example.org", "example.test", "static.example.org"]
         + ["shop%d.example.test" % i for i in range(12)]
         + ["svc-%02d.example.org" % i for i in range(12)])
small = ["/", "/index.html", "/api/items.json", "/api/user.json", "/favicon.ico",
         "/static/app5.js", "/static/app9.js", "/static/app14.js", "/static/app22.js"]
bulk = ["/bulk/%dk.bin" % k for k in (50, 75, 100, 150, 200, 300, 400, 500)]
c12 = {"rsa": ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
               "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-SHA256",
               "AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES256-SHA"],
       "ec":  ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
               "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-SHA256",
               "ECDHE-ECDSA-AES128-SHA"]}
c13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
groups = ["X25519", "X25519", "P-256", "P-384"]
# servers: nginx-rsa, nginx-ec, sserver (both keys), gnutls (993 small, 465/995 bulk)
def path(pb):
    return rng.choice(bulk) if rng.random() < pb else rng.choice(small)
for job in range(n):
    r = rng.random()
    key = rng.choice(["rsa", "ec"])
    ver = "1.3" if rng.random() < 0.55 else "1.2"
    sni = rng.choice(names)
    cipher = rng.choice(c13) if ver == "1.3" else rng.choice(c12[key])
    aead = ver == "1.3" or "GCM" in cipher or "CHACHA" in cipher
    group = rng.choice(groups)
    extra = "-"
    srv = rng.choice(["nginx", "nginx", "nginx", "sserver", "gnutls"])
    if srv == "nginx":
        srv = "nginx-" + key
    if srv == "gnutls":
        srv = rng.choice(["gnutls-small"] * 4 + ["gnutls-150k", "gnutls-400k"])
    alpn = "h2" if (srv.startswith("nginx") and aead and rng.random() < 0.5) else "h1"
    if r < 0.34:
        kind, p = "curl", path(0.12)
        extra = "noca" if rng.random() < 0.04 else "-"
    elif r < 0.48:
        kind, alpn, srv = "curlmulti", "h1", "nginx-" + key
        p = ",".join(path(0.06) for _ in range(rng.randint(3, 5)))
    elif r < 0.51:
        kind, srv, alpn = "upload", "nginx-" + key, "h1"
        p = rng.choice(bulk)
    elif r < 0.55:
        # several connections in turn from one client port: the 4-tuple is reused
        kind, alpn, p = "reuse", "h1", path(0.06)
        if srv.startswith("gnutls"):
            srv = "nginx-" + key
        extra = "%d:%d" % (40000 + job, rng.randint(2, 4))
    elif r < 0.82:
        kind, p = "sclient", path(0.12)
        x = rng.random()
        if x < 0.08 and not srv.startswith("gnutls"):
            extra = "reconnect"
        elif x < 0.16:
            extra = "sess"
        elif x < 0.23:
            extra = "nosni"
        elif x < 0.27 and srv.startswith("nginx"):
            extra = "mismatch"
        elif x < 0.30 and srv.startswith("nginx"):
            extra = "oldver"
    else:
        kind, p = "gnutls", path(0.12)
        x = rng.random()
        extra = "resume" if x < 0.15 else ("untrusted" if x < 0.20 else "-")
        if alpn == "h2":
            alpn = "h1"
    if srv.startswith("nginx"):
        key = srv[6:]
    print(kind, srv, key, ver, sni, p, alpn, cipher, group, extra)
EOF
}

# Where a server listens, and whether it serves files by path.
srv_addr() {
	case $1 in
	nginx-rsa) echo 127.0.0.1 443 ;;
	nginx-ec) echo 127.0.0.2 443 ;;
	sserver) echo 127.0.0.3 853 ;;
	gnutls-small) echo 127.0.0.1 993 ;;
	gnutls-150k) echo 127.0.0.1 465 ;;
	gnutls-400k) echo 127.0.0.2 995 ;;
	esac
}

# Runs one client job (inside the namespace).  Failures are part of the mix: never fatal.
run_job() {
	local kind=$1 srv=$2 key=$3 ver=$4 sni=$5 paths=$6 alpn=$7 cipher=$8 group=$9
	local extra=${10} ca=$W/pki/root.pem addr port
	read -r addr port < <(srv_addr "$srv")
	# In TLS 1.2 the groups also limit the curve of an ECDSA certificate (P-256 here).
	[[ $ver == 1.2 && $key == ec && $group != P-256 ]] && group=$group:P-256
	case $kind in
	curl | curlmulti | upload)
		local o=(-s --max-time 30 --resolve "$sni:$port:$addr" --curves "$group")
		[[ $extra == noca ]] || o+=(--cacert "$ca")
		if [[ $ver == 1.3 ]]; then
			o+=(--tlsv1.3 --tls13-ciphers "$cipher")
		else
			o+=(--tlsv1.2 --tls-max 1.2 --ciphers "$cipher")
		fi
		[[ $alpn == h2 ]] && o+=(--http2) || o+=(--http1.1)
		[[ $kind == curlmulti ]] && o+=(-H 'Connection: close')
		[[ $kind == upload ]] && o+=(--data-binary "@$W/www$paths")
		local p ps
		IFS=, read -ra ps <<<"$paths"
		for p in "${ps[@]}"; do o+=("https://$sni:$port$p" -o /dev/null); done
		curl "${o[@]}" || true
		;;
	reuse)
		# Python's ssl (OpenSSL): each connection binds the same client port and ends
		# with a reset (SO_LINGER 0), which leaves no TIME_WAIT to block the next one
		python3 - "$addr" "$port" "$sni" "${extra%%:*}" "${extra#*:}" "$paths" "$ca" "$ver" <<'EOF' || true
import socket, ssl, struct, sys
addr, port, sni, lport, n, path, ca, ver = sys.argv[1:]
ctx = ssl.create_default_context(cafile=ca)
v = ssl.TLSVersion.TLSv1_3 if ver == "1.3" else ssl.TLSVersion.TLSv1_2
ctx.minimum_version = ctx.maximum_version = v
session = None
for _ in range(int(n)):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.settimeout(20)
    try:
        s.bind(("127.0.0.1", int(lport)))
        s.connect((addr, int(port)))
        s = ctx.wrap_socket(s, server_hostname=sni, session=session)
        s.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                   % (path, sni)).encode())
        while s.recv(65536):
            pass
        session = s.session
    except OSError as e:
        print("reuse job:", e, file=sys.stderr)
    s.close()
EOF
		;;
	sclient)
		local o=(-connect "$addr:$port" -CAfile "$ca" -groups "$group")
		if [[ $extra == mismatch ]]; then
			# offers only suites for the other key type: a handshake failure
			[[ $srv == nginx-rsa ]] && cipher=ECDHE-ECDSA-AES128-GCM-SHA256 ||
				cipher=ECDHE-RSA-AES128-GCM-SHA256
			ver=1.2
		fi
		if [[ $extra == oldver ]]; then
			o+=(-tls1_1 -cipher 'DEFAULT:@SECLEVEL=0')
		elif [[ $ver == 1.3 ]]; then
			o+=(-tls1_3 -ciphersuites "$cipher")
			[[ $key == ec ]] && o+=(-sigalgs 'ECDSA+SHA256:ECDSA+SHA384') ||
				o+=(-sigalgs 'RSA-PSS+SHA256:RSA-PSS+SHA384')
		else
			o+=(-tls1_2 -cipher "$cipher")
		fi
		[[ $extra == nosni ]] && o+=(-noservername) || o+=(-servername "$sni")
		[[ $alpn == h2 ]] && o+=(-alpn "h2,http/1.1")
		http_get() { printf 'GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: s_client\r\nConnection: close\r\n\r\n' "$paths" "$sni"; }
		case $extra in
		reconnect)
			# 1 full and 5 resumed handshakes, no request
			timeout 20 openssl s_client "${o[@]}" -reconnect </dev/null >/dev/null 2>&1 || true
			;;
		sess)
			# a second process resumes the first one's session
			local s
			s=$(mktemp "$W/sess.XXXXXX")
			http_get | timeout 20 openssl s_client "${o[@]}" -quiet -sess_out "$s" >/dev/null 2>&1 || true
			http_get | timeout 20 openssl s_client "${o[@]}" -quiet -sess_in "$s" >/dev/null 2>&1 || true
			rm -f "$s"
			;;
		*)
			http_get | timeout 20 openssl s_client "${o[@]}" -quiet >/dev/null 2>&1 || true
			;;
		esac
		;;
	gnutls)
		local pr=NORMAL o
		[[ $ver == 1.2 ]] && pr+=':-VERS-TLS1.3'
		[[ $key == ec ]] && pr+=':-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256:+SIGN-ECDSA-SECP384R1-SHA384'
		o=(--sni-hostname "$sni" --priority "$pr" -p "$port" "$addr")
		case $extra in
		untrusted) o+=(--x509cafile "$W/pki/int.pem") ;; # not the root: verification fails
		resume) o+=(--insecure --resume) ;;
		*) o+=(--insecure) ;;
		esac
		# stdin stays open until the server closes: the whole reply is read
		timeout 20 gnutls-cli "${o[@]}" \
			< <(exec 2>/dev/null
				printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$paths" "$sni"
				sleep 20) \
			>/dev/null 2>&1 || true
		;;
	esac
}

# Runs inside `unshare -n`: private lo, servers, capture, clients; all stopped by PID.
PIDS=() TD_PID=
stop_all() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	PIDS=()
	if [[ -n $TD_PID ]]; then
		kill -INT "$TD_PID" 2>/dev/null || true
		wait "$TD_PID" 2>/dev/null || true
		TD_PID=
	fi
}

start_servers() {
	local pki=$W/pki both port data
	nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" -g 'daemon off;' &
	PIDS+=($!)
	(cd "$W/www" && exec openssl s_server -accept 127.0.0.3:853 -quiet -WWW \
		-cert "$pki/rsa.pem" -key "$pki/rsa.key" -cert_chain "$pki/int.pem" \
		-dcert "$pki/ecdsa.pem" -dkey "$pki/ecdsa.key" -dcert_chain "$pki/int.pem" \
		</dev/null >"$W/s_server.log" 2>&1) &
	PIDS+=($!)
	both=(--x509certfile "$pki/rsa-chain.pem" --x509keyfile "$pki/rsa.key"
		--x509certfile "$pki/ecdsa-chain.pem" --x509keyfile "$pki/ecdsa.key")
	for port in 993:index.html 465:bulk/150k.bin 995:bulk/400k.bin; do
		data=$W/www/${port#*:}
		gnutls-serv --http --httpdata "$data" -a "${both[@]}" -p "${port%%:*}" \
			</dev/null >"$W/gnutls-serv-${port%%:*}.log" 2>&1 &
		PIDS+=($!)
	done
}

wait_for() {
	local addr=$1 port=$2
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/$addr/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	log "no server on $addr:$port"
	return 1
}

capture_inner() {
	trap stop_all EXIT
	ip link set lo up
	ip link set lo mtu 1500
	# ephemeral ports stay below the ones the reuse jobs pin (40000 and up)
	sysctl -qw net.ipv4.ip_local_port_range="32768 39999"
	ip link set dev lo gso_max_size 1500 gso_max_segs 1 2>/dev/null ||
		log "could not cap GSO on lo: the capture will hold super-segments"
	start_servers
	local a
	for a in 127.0.0.1:443 127.0.0.2:443 127.0.0.3:853 127.0.0.1:993 127.0.0.1:465 127.0.0.1:995; do
		wait_for "${a%:*}" "${a#*:}"
	done
	rm -f "$W/base.pcap.part"
	tcpdump -i lo -s 0 -B 262144 -n -w "$W/base.pcap.part" \
		'tcp port 443 or tcp port 853 or tcp port 993 or tcp port 465 or tcp port 995' \
		2>"$W/tcpdump.log" &
	TD_PID=$!
	for a in $(seq 100); do grep -q listening "$W/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
	log "running $(wc -l <"$W/jobs.txt") client jobs, $PAR at a time"
	local t0=$SECONDS
	xargs -P "$PAR" -L 1 bash "$HERE/make-capture.sh" -d "$W" _job <"$W/jobs.txt"
	log "clients done in $((SECONDS - t0)) s"
	sleep 1
	stop_all
	cat "$W/tcpdump.log" >&2
	if ! grep -q '^0 packets dropped by kernel' "$W/tcpdump.log"; then
		log "tcpdump dropped packets: run again with a lower PAR"
		exit 1
	fi
	mv "$W/base.pcap.part" "$W/base.pcap"
}

PORTS=443,853,993,465,995

do_base() {
	need nginx tcpdump openssl curl gnutls-cli gnutls-serv ip unshare python3
	if ((EUID != 0)); then
		log "the base capture needs root (unshare -n, tcpdump on the namespace's lo)"
		exit 1
	fi
	mkdir -p "$W"
	make_pki
	make_www
	make_nginx_conf
	make_jobs
	unshare -n bash "$HERE/make-capture.sh" -d "$W" _capture
	python3 "$HERE/pcap-scale.py" --server-ports "$PORTS" --copies 1 \
		"$W/base.pcap" "$W/base.pcap"
}

base() { [[ -s $W/base.pcap && -s $W/base.pcap.meta ]] || do_base; }

# A scaled file is made again only when the base is newer.
fresh() { [[ -s $1 && -s $1.meta && $1 -nt $W/base.pcap ]]; }

do_size() {
	base
	fresh "$W/big-$1.pcap" && return 0
	python3 "$HERE/pcap-scale.py" --server-ports "$PORTS" --size "$1" \
		"$W/base.pcap" "$W/big-$1.pcap"
}

do_conns() {
	local n=$1 name=$1
	((n % 1000 == 0)) && name=$((n / 1000))k
	base
	fresh "$W/conns-$name.pcap" && return 0
	python3 "$HERE/pcap-scale.py" --server-ports "$PORTS" --conns "$n" \
		"$W/base.pcap" "$W/conns-$name.pcap"
}

while getopts d: o; do
	case $o in
	d) W=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))

case ${1:-all} in
_job) shift; run_job "$@" ;;
_capture) capture_inner ;;
base) do_base ;;
size) shift; for s in "$@"; do do_size "$s"; done ;;
conns) shift; for s in "$@"; do do_conns "$s"; done ;;
all)
	base
	do_size 100M
	do_size 1G
	do_conns 100000
	ls -l "$W"/*.pcap >&2
	;;
*)
	echo "usage: $0 [-d DIR] [all | base | size SIZE... | conns N...]" >&2
	exit 2
	;;
esac
