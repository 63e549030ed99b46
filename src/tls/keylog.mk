# tls/keylog: the session-secret store and the NSS key log reader
# (SSLKEYLOGFILE files, pcapng Decryption Secrets Blocks).
libtlsview_a_SOURCES += \
	src/tls/keylog.c src/tls/keylog.h

check_PROGRAMS += tests/unit/t_keylog
tests_unit_t_keylog_SOURCES = tests/unit/t_keylog.c tests/tap.h
tests_unit_t_keylog_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_keylog
