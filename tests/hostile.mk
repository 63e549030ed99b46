# Hostile input (issue 8): resource bounds under hostile volumes, and the
# end-to-end tests under valgrind (make check-valgrind).
check_PROGRAMS += tests/unit/t_limits
tests_unit_t_limits_SOURCES = tests/unit/t_limits.c tests/unit/capture_pkt.h \
	tests/tap.h
tests_unit_t_limits_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_limits
