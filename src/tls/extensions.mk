# tls/extensions: the extensions block of every handshake message
# (walk, table and summary in extensions.c; one decoder per extension in
# ext_decoders.c).
libtlsview_a_SOURCES += \
	src/tls/extensions.c src/tls/extensions.h \
	src/tls/ext_decoders.c src/tls/ext_internal.h

check_PROGRAMS += tests/unit/t_extensions
tests_unit_t_extensions_SOURCES = tests/unit/t_extensions.c tests/tap.h
tests_unit_t_extensions_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_extensions
