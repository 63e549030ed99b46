# Helpers for the UI tests: the real binary in a tmux of a fixed size,
# keys sent with send-keys, the screen read with capture-pane.  Source it
# after tests/e2e/lib.sh.
command -v tmux >/dev/null 2>&1 || skip_all "tmux missing (apt-get install tmux)"
command -v python3 >/dev/null 2>&1 || skip_all "python3 missing (apt-get install python3)"

# one tmux server per session started (a server being killed may still
# hold its socket when the next one starts)
UI_N=0
SOCK="tlsview-ui-$$-$(basename "$0" .sh)-0"
TM() { tmux -L "$SOCK" -f /dev/null "$@"; }
ui_cleanup() {
	n=0
	while [ $n -le $UI_N ]; do
		tmux -L "tlsview-ui-$$-$(basename "$0" .sh)-$n" kill-server 2>/dev/null
		n=$((n + 1))
	done
	rm -rf "$TMP"
}
trap ui_cleanup EXIT INT TERM
SGR="python3 $TV_SRCDIR/tests/ui/sgr.py"
DEMO=$TV_SRCDIR/captures/demo.pcapng
ROOT=$TV_SRCDIR/captures/demo-root-ca.crt

# ui_start W H [ENV=VALUE...] -- TLSVIEW-ARGS...: a new session running
# tlsview in $TMP (recent targets kept in $TMP/state), then a shell line saying how it ended and the tty's
# modes ("TLSVIEW-EXITED 0" ...), kept on screen.
ui_start() {
	w=$1 h=$2
	shift 2
	envs=""
	while [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	shift
	TM kill-server 2>/dev/null
	UI_N=$((UI_N + 1))
	SOCK="tlsview-ui-$$-$(basename "$0" .sh)-$UI_N"
	# the shell traps SIGINT so a Ctrl-C ends tlsview, not the pane
	TM new-session -d -x "$w" -y "$h" "cd '$TMP' && trap 'echo trapped' INT;
		env XDG_STATE_HOME='$TMP/state' $envs '$TLSVIEW' $*; echo TLSVIEW-EXITED \$?; stty -a;
		sleep 600"
}

# screen: the pane as text in $TMP/screen (and with attributes in
# $TMP/screen.e)
screen() {
	TM capture-pane -p >"$TMP/screen"
	TM capture-pane -p -e >"$TMP/screen.e"
}

# wait_screen TEXT: poll the pane until TEXT is on it (10 s)
wait_screen() {
	i=0
	while :; do
		screen
		grep -qF -- "$1" "$TMP/screen" && return 0
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}

# see TEXT NAME: TEXT appears on the pane (waiting for it)
see() {
	wait_screen "$1"
	st=$?
	ok $st "$2"
	[ $st -eq 0 ] || diag "not on the screen: $1" "$(cat "$TMP/screen")"
}

keys() { TM send-keys "$@"; }

# attr ATTR: the highlighted characters of the last screen
attr() { $SGR "$TMP/screen.e" "$1"; }
