# tls/fingerprint: JA3, JA3S, JA4 and JA4_r from the hello lists.
libtlsview_a_SOURCES += \
	src/tls/fingerprint.c src/tls/fingerprint.h

check_PROGRAMS += tests/unit/t_fingerprint
tests_unit_t_fingerprint_SOURCES = tests/unit/t_fingerprint.c tests/tap.h
tests_unit_t_fingerprint_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_fingerprint
