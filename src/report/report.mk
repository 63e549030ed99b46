# Writers of the model: escaping, --json, --text.
libtlsview_a_SOURCES += \
	src/report/escape.c src/report/escape.h \
	src/report/json.c src/report/json.h \
	src/report/text.c src/report/text.h

check_PROGRAMS += tests/unit/t_escape tests/unit/t_json tests/unit/t_text
tests_unit_t_escape_SOURCES = tests/unit/t_escape.c tests/tap.h tests/unit/utf8_oracle.h
tests_unit_t_escape_LDADD = $(TEST_LDADD)
tests_unit_t_json_SOURCES = tests/unit/t_json.c tests/tap.h tests/unit/utf8_oracle.h
tests_unit_t_json_LDADD = $(TEST_LDADD)
tests_unit_t_text_SOURCES = tests/unit/t_text.c tests/tap.h tests/unit/utf8_oracle.h
tests_unit_t_text_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_escape tests/unit/t_json tests/unit/t_text

# Guided explanations (--explain, the UI's x key, the man page glossary).
libtlsview_a_SOURCES += src/report/guide.c src/report/guide.h
check_PROGRAMS += tests/unit/t_guide
tests_unit_t_guide_SOURCES = tests/unit/t_guide.c tests/tap.h
tests_unit_t_guide_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_guide
TESTS += tests/e2e/explain.sh
EXTRA_DIST += tests/e2e/explain.sh
TESTS += tests/ui/explain.sh
EXTRA_DIST += tests/ui/explain.sh
