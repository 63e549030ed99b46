# bench/: the speed benchmark (bench/README.md).  `make bench` builds the
# captures under $(BENCH_DIR) when they are missing (needs root: a private
# network namespace) and prints the table.  BENCH_RUNS: runs per command;
# BENCH_FLAGS: more options for bench/run.sh (-c: speeds per CPU second).
EXTRA_DIST += bench/README.md bench/make-capture.sh bench/pcap-scale.py \
	bench/pcap-floor.c bench/run.sh

BENCH_DIR = $${TMPDIR:-/tmp}/tlsview-bench
BENCH_RUNS = 3
BENCH_FLAGS =

bench: tlsview$(EXEEXT)
	$(SHELL) $(srcdir)/bench/make-capture.sh -d "$(BENCH_DIR)" all
	$(SHELL) $(srcdir)/bench/run.sh -n $(BENCH_RUNS) $(BENCH_FLAGS) \
		-d "$(BENCH_DIR)" -t ./tlsview$(EXEEXT)
.PHONY: bench
