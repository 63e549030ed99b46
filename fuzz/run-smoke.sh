#!/bin/sh
# Run one fuzz harness for a while on its seeds and its regression inputs,
# print one line, and leave NAME.trs (an automake test result: .ci/run
# counts it) next to it.  Exit 1 on any finding (crash, leak, timeout,
# out-of-memory or failed output check); the input is kept in
# fuzz/findings/.
#   run-smoke.sh NAME SECONDS SRCDIR
set -u
name=$1
secs=$2
src=$3
bin=fuzz/fuzz_$name
work=fuzz/corpus/$name
mkdir -p "$work" fuzz/findings fuzz/logs
log=fuzz/logs/$name.log
dirs="$work fuzz/seeds/$name"
[ -d "$src/fuzz/regress/$name" ] && dirs="$dirs $src/fuzz/regress/$name"
# shellcheck disable=SC2086 # the corpus directories are separate words
# no fill of fresh memory and a small quarantine: 2-3 times the
# executions, the same checks (the harnesses' allocations are small)
: "${ASAN_OPTIONS:=max_malloc_fill_size=0:quarantine_size_mb=8:malloc_context_size=5}"
export ASAN_OPTIONS
UBSAN_OPTIONS=print_stacktrace=1 "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
	-print_final_stats=1 \
	-artifact_prefix="fuzz/findings/$name-" $dirs >"$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
corpus=$(ls "$work" | wc -l)
if [ "$rc" -eq 0 ]; then
	result=PASS
	echo "fuzz $name: ${execs:-0} executions in ${secs}s, corpus $corpus, no finding"
else
	result=FAIL
	echo "fuzz $name: FINDING after ${execs:-?} executions (exit $rc): see $log"
	{
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz check failed|.*runtime error)' "$log" | head -5
		ls fuzz/findings/"$name"-* 2>/dev/null | head -3
	} | sed "s/^/fuzz $name:   /"
fi
printf ':test-result: %s\n' "$result" >"fuzz/$name.trs"
[ "$result" = PASS ]
