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

# The man page's GLOSSARY, generated from the guide's table: `make
# man-glossary` rewrites the part of man/tlsview.1 between the markers;
# tests/e2e/man_glossary.sh fails when it differs from the generator.
check_PROGRAMS += man/gen-glossary
man_gen_glossary_SOURCES = man/gen-glossary.c
man_gen_glossary_LDADD = $(TEST_LDADD)
TESTS += tests/e2e/man_glossary.sh
EXTRA_DIST += tests/e2e/man_glossary.sh

man-glossary: man/gen-glossary$(EXEEXT)
	$(AM_V_GEN)./man/gen-glossary$(EXEEXT) >man/glossary.tmp && \
	awk -v gen=man/glossary.tmp ' \
		/^\.\\" glossary end/ { while ((getline l < gen) > 0) print l; skip = 0 } \
		!skip { print } \
		/^\.\\" glossary begin/ { skip = 1 }' \
		$(srcdir)/man/tlsview.1 >man/tlsview.1.tmp && \
	mv man/tlsview.1.tmp $(srcdir)/man/tlsview.1 && rm -f man/glossary.tmp
.PHONY: man-glossary
