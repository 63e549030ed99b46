# lab/: the workshop lab (`tlsview lab`): a teaching PKI made with GnuTLS
# and one GnuTLS server per case, in threads of tlsview.
libtlsview_a_SOURCES += \
	src/lab/lab.h src/lab/lab_int.h src/lab/lab.c \
	src/lab/cases.c src/lab/pki.c src/lab/server.c src/lab/export.c \
	src/lab/readme.c

tlsview_SOURCES += src/cmd_lab.c

check_PROGRAMS += tests/unit/t_lab_cases
tests_unit_t_lab_cases_SOURCES = tests/unit/t_lab_cases.c tests/tap.h
tests_unit_t_lab_cases_LDADD = $(TEST_LDADD) -lpthread
TESTS += tests/unit/t_lab_cases

LAB_TESTS = \
	tests/e2e/lab_check.sh \
	tests/e2e/lab_openssl.sh \
	tests/e2e/lab_export.sh \
	tests/e2e/lab_serve.sh
TESTS += $(LAB_TESTS)
EXTRA_DIST += $(LAB_TESTS) tests/e2e/lab_lib.sh
