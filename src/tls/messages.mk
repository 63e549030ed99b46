# Handshake messages: the dispatch table (handshake.c) and one decoder file
# per message family.
libtlsview_a_SOURCES += \
	src/tls/handshake.c src/tls/handshake.h \
	src/tls/msg_internal.h \
	src/tls/msg_hello.c \
	src/tls/msg_cert.c \
	src/tls/msg_kex.c \
	src/tls/msg_misc.c

check_PROGRAMS += tests/unit/t_msg_hello tests/unit/t_msg_cert \
	tests/unit/t_msg_kex tests/unit/t_msg_misc
tests_unit_t_msg_hello_SOURCES = tests/unit/t_msg_hello.c \
	tests/unit/msg_test.h tests/tap.h
tests_unit_t_msg_hello_LDADD = $(TEST_LDADD)
tests_unit_t_msg_cert_SOURCES = tests/unit/t_msg_cert.c \
	tests/unit/msg_test.h tests/tap.h
tests_unit_t_msg_cert_LDADD = $(TEST_LDADD)
tests_unit_t_msg_kex_SOURCES = tests/unit/t_msg_kex.c \
	tests/unit/msg_test.h tests/tap.h
tests_unit_t_msg_kex_LDADD = $(TEST_LDADD)
tests_unit_t_msg_misc_SOURCES = tests/unit/t_msg_misc.c \
	tests/unit/msg_test.h tests/tap.h
tests_unit_t_msg_misc_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_msg_hello tests/unit/t_msg_cert \
	tests/unit/t_msg_kex tests/unit/t_msg_misc
