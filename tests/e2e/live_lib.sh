# Helpers for the tests that talk to real peers on loopback: free ports,
# servers started in the background and stopped by PID, and the facts of
# tlsview's JSON as lines to grep.  Source it after lib.sh.
command -v ss >/dev/null 2>&1 || skip_all "ss missing (apt-get install iproute2)"
command -v certtool >/dev/null 2>&1 || skip_all "certtool missing (apt-get install gnutls-bin)"

# python3 through a version manager's shim can take seconds to start:
# the system's own interpreter when there is one
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
command -v "$PY" >/dev/null 2>&1 || skip_all "python3 missing (apt-get install python3)"

E2E=$TV_SRCDIR/tests/e2e
PIDS=""
stop_servers() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	PIDS=""
}
trap 'stop_servers; rm -rf "$TMP"' EXIT INT TERM

listening() { # listening PORT: something listens on TCP PORT
	[ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
}

free_port() { # a TCP port nothing listens on
	while :; do
		p=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
		listening "$p" || { echo "$p"; return; }
	done
}

wait_listen() { # wait_listen PORT: up to 10 s
	i=0
	while ! listening "$1"; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}

start() { # start LOG CMD...: in the background, remembered for the trap
	log=$1
	shift
	"$@" </dev/null >"$log" 2>&1 &
	PIDS="$PIDS $!"
}

# facts FILE: tlsview --json output as lines "N key value..." (see
# conn_facts.py); facts are grepped with has / hasnt
facts() { "$PY" "$E2E/conn_facts.py" <"$1" >"$1.facts"; }
has() { # has FILE LINE NAME: the facts of FILE include LINE exactly
	grep -qxF -- "$2" "$1.facts"
	st=$?
	ok $st "$3"
	[ $st -eq 0 ] || diag "no line '$2' in:" "$(cat "$1.facts")"
}
hasnt() {
	! grep -qxF -- "$2" "$1.facts"
	st=$?
	ok $st "$3"
	[ $st -eq 0 ] || diag "unexpected line '$2'"
}
