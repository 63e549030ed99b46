# Hostile input (issue 8): resource bounds under hostile volumes, and the
# end-to-end tests under valgrind (make check-valgrind).
check_PROGRAMS += tests/unit/t_limits
tests_unit_t_limits_SOURCES = tests/unit/t_limits.c tests/unit/capture_pkt.h \
	tests/tap.h
tests_unit_t_limits_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_limits

# The end-to-end tests with every tlsview run under valgrind memcheck
# (tests/e2e/lib.sh); the reports of runs with errors or definite leaks
# stay in valgrind/.
.PHONY: check-valgrind
check-valgrind: all
	@rm -rf valgrind && $(MKDIR_P) valgrind
	@TV_VALGRIND=1 TV_VALGRIND_LOGS='$(abs_top_builddir)/valgrind'; \
	export TV_VALGRIND TV_VALGRIND_LOGS; \
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(E2E_TESTS)'; st=$$?; \
	runs=`ls valgrind | wc -l`; \
	find valgrind -type f -empty -delete; \
	bad=`ls valgrind | wc -l`; \
	echo "valgrind: $$runs tlsview runs, $$bad with memory errors or definite leaks"; \
	test $$bad -eq 0 && test $$st -eq 0
clean-local: clean-valgrind
.PHONY: clean-valgrind
clean-valgrind:
	rm -rf valgrind
