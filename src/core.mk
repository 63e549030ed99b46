# The core: bounded cursor, arena, buffers, the model, the TLS record layer.
libtlsview_a_SOURCES += \
	src/util/status.c src/util/status.h \
	src/util/cursor.c src/util/cursor.h \
	src/util/arena.c src/util/arena.h \
	src/util/buf.c src/util/buf.h \
	src/util/hash.h \
	src/util/hex.h \
	src/util/memo.c src/util/memo.h \
	src/model/field.c src/model/field.h \
	src/model/conn.c src/model/conn.h \
	src/tls/decoder.c src/tls/decoder.h

check_PROGRAMS += tests/unit/t_cursor
tests_unit_t_cursor_SOURCES = tests/unit/t_cursor.c tests/tap.h
tests_unit_t_cursor_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_cursor

check_PROGRAMS += tests/unit/t_buf
tests_unit_t_buf_SOURCES = tests/unit/t_buf.c tests/tap.h
tests_unit_t_buf_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_buf

dist_man_MANS += man/tlsview.1
EXTRA_DIST += quickstart.sh .ci/run .clang-format

check_PROGRAMS += tests/unit/t_memo
tests_unit_t_memo_SOURCES = tests/unit/t_memo.c tests/tap.h
tests_unit_t_memo_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_memo

libtlsview_a_SOURCES += src/util/recent.c src/util/recent.h
check_PROGRAMS += tests/unit/t_recent
tests_unit_t_recent_SOURCES = tests/unit/t_recent.c tests/tap.h
tests_unit_t_recent_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_recent
