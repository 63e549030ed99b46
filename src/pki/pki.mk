# pki/: X.509 certificates through GnuTLS.
libtlsview_a_SOURCES += \
	src/pki/cert.c src/pki/cert.h

check_PROGRAMS += tests/unit/t_cert
tests_unit_t_cert_SOURCES = tests/unit/t_cert.c tests/tap.h
tests_unit_t_cert_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_cert
