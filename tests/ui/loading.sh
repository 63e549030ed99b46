#!/bin/sh
# Loading runs off the UI loop: a capture read from a FIFO fills the list
# while the writer holds it open, Esc stops the loading, and q quits even
# while the loader waits for bytes that never come.
. "${TV_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
. "$TV_SRCDIR/tests/ui/ui_lib.sh"

WRITERS=""
trap 'for p in $WRITERS; do kill $p 2>/dev/null; done; ui_cleanup' EXIT INT TERM

# writer FIFO GO: demo.pcap into FIFO, kept open; once the file GO
# exists, its packets once more, then the end
writer() {
	python3 - "$1" "$TV_SRCDIR/captures/demo.pcap" "$2" <<'PY' &
import os, sys, time
fifo, src, go = sys.argv[1:4]
data = open(src, "rb").read()
with open(fifo, "wb") as f:
    f.write(data)
    f.flush()
    while not os.path.exists(go):
        time.sleep(0.05)
    f.write(data[24:])
PY
	WRITERS="$WRITERS $!"
}

mkfifo "$TMP/live.pcap"
writer "$TMP/live.pcap" "$TMP/go"
ui_start 120 40 LC_ALL=C.UTF-8 -- -r "'$TMP/live.pcap'" --no-system-ca
see "7 connections  (Esc stops)" "loading: the status counts connections while the capture is read"
grep -q "^Loading  0.0 MB read, 7 connections" "$TMP/screen"
ok $? "loading: bytes read (a FIFO has no total)"
grep -q "^   7 09:09:45.755 127.0.0.1:35066 -> 127.0.0.1:49487" "$TMP/screen"
ok $? "loading: the rows are in the list before the end"
keys Down Enter
see "handshake ladder" "loading: keys work meanwhile (the ladder opens)"
keys q Escape
see "stopping..." "loading: Esc on the list stops the loading"
touch "$TMP/go"
see "loading stopped: 7 connections" "loading: stopped at the next packet, what was read is kept"
keys q
see "TLSVIEW-EXITED 0" "loading: q quits afterwards"

# a loader blocked on a FIFO nobody writes to any more
mkfifo "$TMP/stuck.pcap"
writer "$TMP/stuck.pcap" "$TMP/never"
ui_start 120 40 LC_ALL=C.UTF-8 -- -r "'$TMP/stuck.pcap'" --no-system-ca
see "7 connections  (Esc stops)" "stuck: loading"
keys q
see "stopping..." "stuck: q stops the loading"
keys q
see "TLSVIEW-EXITED 0" "stuck: a second q quits although the loader waits for bytes"
wait_screen "iexten"
grep -q " icanon " "$TMP/screen" && grep -q " echo " "$TMP/screen"
ok $? "stuck: the terminal is restored"
done_testing
