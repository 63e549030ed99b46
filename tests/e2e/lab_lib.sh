# Shared by the lab tests: a lab served in the background.  Source after
# lib.sh.  lab_start DIR [ARGS...] starts `tlsview lab --dir DIR --port 0
# --text ARGS` and waits for its list; lab_port NAME prints a case's port;
# lab_stop sends SIGINT and waits for the exit (its status in lab_status).
LAB_PID=
lab_cleanup() {
	[ -n "$LAB_PID" ] && kill "$LAB_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap lab_cleanup EXIT INT TERM

lab_start() { # DIR [ARGS...]: 0 when the list was printed within 10 s
	dir=$1
	shift
	"$TLSVIEW" lab --dir "$dir" --port 0 --text "$@" >"$TMP/lab.out" \
		2>"$TMP/lab.err" &
	LAB_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		grep -q '^try' "$TMP/lab.out" 2>/dev/null && return 0
		kill -0 "$LAB_PID" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

lab_port() { # NAME
	awk -v c="$1" '$1 == c { n = split($2, a, ":"); print a[n] }' \
		"$TMP/lab.out"
}

lab_ports() { # every case's port
	awk '/^serving/ { on = 1; next } /^try/ { on = 0 }
	     on { n = split($2, a, ":"); print a[n] }' "$TMP/lab.out"
}

lab_stop() {
	kill -INT "$LAB_PID"
	wait "$LAB_PID"
	lab_status=$?
	LAB_PID=
}
