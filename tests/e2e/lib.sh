# Shared helpers for the shell TAP tests.  Source it; it expects TLSVIEW,
# TV_SRCDIR and TV_CORPUS from the test environment (Makefile.am sets them).
: "${TV_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TLSVIEW:=$TV_SRCDIR/tlsview}"
: "${TV_CORPUS:=$TV_SRCDIR/tests/corpus}"
export LC_ALL=C

tap_n=0
tap_failed=0
ok() { # ok CONDITION-STATUS NAME
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tlsview-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

need_python() { command -v python3 >/dev/null 2>&1 || skip_all "python3 missing (apt-get install python3)"; }

# TV_VALGRIND=1 (make check-valgrind): every tlsview run under valgrind
# memcheck.  A memory error or a definite leak makes that run exit 97 (so
# the test fails) and leaves its report in $TV_VALGRIND_LOGS, one file per
# run (empty when clean).
if [ "${TV_VALGRIND:-0}" = 1 ]; then
	command -v valgrind >/dev/null 2>&1 ||
		skip_all "valgrind missing (apt-get install valgrind)"
	: "${TV_VALGRIND_LOGS:=$TMP/valgrind}"
	mkdir -p "$TV_VALGRIND_LOGS"
	cat >"$TMP/tlsview-valgrind" <<VG
#!/bin/sh
exec valgrind -q --tool=memcheck --error-exitcode=97 --leak-check=full \
	--show-leak-kinds=definite --errors-for-leak-kinds=definite \
	--log-file="$TV_VALGRIND_LOGS/$(basename "$0" .sh).%p.log" \
	"$TLSVIEW" "\$@"
VG
	chmod +x "$TMP/tlsview-valgrind"
	TLSVIEW=$TMP/tlsview-valgrind
fi
