# pki/: trust stores, chain validation, the reason table, and the `cert`
# and `anchors` subcommands.
libtlsview_a_SOURCES += \
	src/model/validation.h \
	src/pki/trust.c src/pki/trust.h \
	src/pki/certinfo.c src/pki/certinfo.h \
	src/pki/validate.c src/pki/validate.h \
	src/pki/vcache.c src/pki/vcache.h \
	src/pki/explain.c src/pki/explain.h \
	src/pki/ocsp.c src/pki/ocsp.h

tlsview_SOURCES += src/cmd_cert.c src/commands.h

check_PROGRAMS += tests/unit/t_validate
tests_unit_t_validate_SOURCES = tests/unit/t_validate.c tests/tap.h
tests_unit_t_validate_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_validate

VALIDATE_E2E = tests/e2e/cert_reasons.sh tests/e2e/anchors.sh \
	tests/e2e/replay_verdict.sh tests/e2e/cache_identity.sh
TESTS += $(VALIDATE_E2E)
EXTRA_DIST += $(VALIDATE_E2E) tests/e2e/mkpki.sh tests/e2e/verdict.py \
	tests/e2e/mkcapture.py
