#!/bin/sh
# The UI and the terminal: a resize from 120x40 to 80x24, NO_COLOR, the
# ASCII fallback outside UTF-8, a certificate and an SNI carrying escape
# sequences, and the terminal restored on q, Ctrl-C, SIGTERM, SIGHUP and
# a crash signal.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"

# sane: the last screen shows tlsview's exit status $1 and a tty back in
# canonical mode with echo (stty -a after it)
sane() {
	see "TLSVIEW-EXITED $1" "$2: exit status $1"
	wait_screen "iexten" # the line of stty -a with icanon and echo
	grep -q " icanon " "$TMP/screen" && grep -q " echo " "$TMP/screen" &&
		! grep -q -- "-icanon\|-echo " "$TMP/screen"
	ok $? "$2: the tty is back in canonical mode with echo"
	! grep -q "connection list" "$TMP/screen"
	ok $? "$2: the UI's screen is gone (the shell's is back)"
}

# the pid of tlsview in the pane (the pane's shell's child)
ui_pid() { pgrep -P "$(TM display -p '#{pane_pid}')" -x tlsview ||
	pgrep -P "$(TM display -p '#{pane_pid}')"; }

# resize: 120x40, then 80x24
ui_start 120 40 LC_ALL=C.UTF-8 -- -r "'$DEMO'" --no-system-ca --ca-file "'$ROOT'"
see "7 connections" "resize: the list at 120x40"
# the title counts the rows as they come; the status bar says the loading
# ended a moment later
i=0
until [ "$(sed -n 40p "$TMP/screen" | cut -c1-13)" = "7 connections" ] || [ $i -gt 50 ]; do
	sleep 0.1
	screen
	i=$((i + 1))
done
[ "$(sed -n 40p "$TMP/screen" | cut -c1-13)" = "7 connections" ]
ok $? "resize: the status bar on row 40"
TM resize-window -x 80 -y 24
i=0
while [ $i -lt 100 ] && ! sed -n 24p "$TMP/screen" | grep -q "7 connections"; do
	sleep 0.1
	screen
	i=$((i + 1))
done
sed -n 24p "$TMP/screen" | grep -q "^7 connections"
ok $? "resize: at 80x24 the status bar is redrawn on row 24"
[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/screen")" -le 80 ] ||
	[ "$(LC_ALL=C.UTF-8 awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/screen")" -le 80 ]
ok $? "resize: no line wider than 80 columns"
grep -q "^   1 09:09:43 127.0.0.1:46462 -> 127.0.0.1:59559 www.dem" "$TMP/screen" && grep -q "msgs$" "$TMP/screen"
ok $? "resize: the rows are laid out for 80 columns"
keys Enter
see "+0.000389  ClientHello" "resize: the ladder at 80x24"
keys q q
sane 0 "q"

# the mouse: xterm (X10) reports typed into the pane, as tmux passes a
# click on; click COL ROW (0-based)
click() {
	b=$(printf "\\%03o\\%03o" $((33 + $1)) $((33 + $2)))
	keys -l "$(printf "\033[M $b\033[M#$b")"
}
# dclick COL ROW: two clicks in one write, so a loaded machine cannot
# stretch them beyond the double-click interval
dclick() {
	b=$(printf "\\%03o\\%03o" $((33 + $1)) $((33 + $2)))
	keys -l "$(printf "\033[M $b\033[M#$b\033[M $b\033[M#$b")"
}
ui_start 120 40 LC_ALL=C.UTF-8 -- -r "'$DEMO'" --no-system-ca --ca-file "'$ROOT'"
wait_screen "7 connections"
click 4 4
sleep 0.5
screen
attr reverse | grep -q "^ *3 09:09:44.475"
ok $? "mouse: a click selects the row"
dclick 4 5
see "#4  127.0.0.1:53684 -> 127.0.0.1:58785" "mouse: a double click opens the connection"
keys q q

# colours, and NO_COLOR
ui_start 120 40 LC_ALL=C.UTF-8 -- -r "'$DEMO'" --no-system-ca --ca-file "'$ROOT'"
wait_screen "7 connections"
[ -n "$(attr colour | tr -d ' \n')" ]
ok $? "colour: the screen has colours"
keys Enter
wait_screen "handshake ladder"
attr colour | grep -q "Alert warning close_notify"
ok $? "colour: alerts are drawn in colour"
attr colour | grep -q "\[EncryptedExtensions\]"
ok $? "colour: decrypted messages are drawn in colour"
ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- -r "'$DEMO'" --no-system-ca --ca-file "'$ROOT'"
wait_screen "7 connections"
for k in "" Enter Enter; do
	[ -n "$k" ] && keys $k
	sleep 0.3
	screen
	[ -z "$(attr colour | tr -d ' \n')" ] || break
done
[ -z "$(attr colour | tr -d ' \n')" ]
ok $? "NO_COLOR: no colour escape on the list, ladder and detail"
attr reverse | grep -q "legacy_version"
ok $? "NO_COLOR: the selection is still shown (reverse video)"
keys q q q

# outside a UTF-8 locale: ASCII lines, arrows and marks
ui_start 120 40 LC_ALL=C -- -r "'$DEMO'" --no-system-ca --ca-file "'$ROOT'"
wait_screen "7 connections"
grep -q "^   5 .*self-signed.demo.~ TLS 1.3 .* X  *7$" "$TMP/screen"
ok $? "ASCII: X marks the untrusted chain, ~ cuts"
keys Enter
see "+0.000389  r0   ClientHello                   ------" "ASCII: the arrows are drawn with - and >"
! LC_ALL=C grep -q "$(printf '[\200-\377]')" "$TMP/screen"
ok $? "ASCII: nothing but ASCII on the screen"
keys q q

# escape sequences in a certificate's subject and in the SNI
E=$(printf '\033')
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$TMP/k.pem" -out "$TMP/c.pem" -days 365 \
	-subj "/CN=evil${E}[31mRED${E}[0m/O=x" >/dev/null 2>&1 &&
	python3 "$TV_SRCDIR/tests/e2e/mkcapture.py" "$TMP/esc.pcap" 2026-06-01 \
		"sni${E}[2J${E}]0;owned${E}\\x" "$TMP/c.pem"; then
	ui_start 120 40 LC_ALL=C.UTF-8 NO_COLOR=1 -- -r "'$TMP/esc.pcap'" --no-system-ca
	see '192.0.2.10:40000 -> 192.0.2.1:443     sni\x1b[2J' "escape: the SNI is shown escaped in the list"
	keys Enter
	see 'SNI sni\x1b[2J\x1b]0;owned\x1b\\x ' "escape: the SNI is shown escaped in the ladder"
	keys C
	see 'CN=evil\x1b[31mRED\x1b[0m' "escape: the subject is shown escaped in the chain"
	! grep -q "$E" "$TMP/screen"
	ok $? "escape: no ESC character reached the screen"
	[ -z "$(attr colour | tr -d ' \n')" ]
	ok $? "escape: the subject's colour sequence was not obeyed"
	[ "$(TM display -p '#{pane_title}')" != owned ]
	ok $? "escape: the SNI's title sequence was not obeyed"
	keys q q q
else
	ok 1 "escape: a certificate with ESC in its subject (openssl req)"
fi

# a file that cannot be read: no UI left behind, the error on the terminal
ui_start 80 24 LC_ALL=C.UTF-8 -- -r "'$TMP/missing.pcap'"
see "cannot open: No such file" "error: the message is on the restored terminal"
sane 1 "error"

# the terminal restored on signals
ui_start 120 40 LC_ALL=C.UTF-8 -- -r "'$DEMO'"
wait_screen "7 connections"
keys C-c
sane 130 "Ctrl-C"
for s in TERM:143 HUP:129 SEGV:139 ABRT:134; do
	ui_start 120 40 LC_ALL=C.UTF-8 -- -r "'$DEMO'"
	wait_screen "7 connections"
	keys Enter
	wait_screen "handshake ladder"
	kill -"${s%:*}" "$(ui_pid)"
	sane "${s#*:}" "SIG${s%:*}"
done
done_testing
