# The IANA TLS registries: TSV data turned into C tables at build time.
# The generated registry_tables.c lives in the build directory (VPATH and
# distcheck builds) and is not distributed; the TSVs and the script are.
REGISTRY_TSV = \
	$(srcdir)/src/tls/registries/alerts.tsv \
	$(srcdir)/src/tls/registries/cert-compression.tsv \
	$(srcdir)/src/tls/registries/cert-status-types.tsv \
	$(srcdir)/src/tls/registries/cipher-suites.tsv \
	$(srcdir)/src/tls/registries/client-cert-types.tsv \
	$(srcdir)/src/tls/registries/content-types.tsv \
	$(srcdir)/src/tls/registries/ec-curve-types.tsv \
	$(srcdir)/src/tls/registries/ec-point-formats.tsv \
	$(srcdir)/src/tls/registries/extensions.tsv \
	$(srcdir)/src/tls/registries/handshake-types.tsv \
	$(srcdir)/src/tls/registries/hash-algorithms.tsv \
	$(srcdir)/src/tls/registries/psk-ke-modes.tsv \
	$(srcdir)/src/tls/registries/signature-schemes.tsv \
	$(srcdir)/src/tls/registries/supported-groups.tsv

src/tls/registry_tables.c: $(srcdir)/src/tls/gen-registry.awk $(REGISTRY_TSV)
	$(AM_V_GEN)$(MKDIR_P) src/tls && \
	$(AWK) -f $(srcdir)/src/tls/gen-registry.awk $(REGISTRY_TSV) > $@-t && \
	mv $@-t $@

BUILT_SOURCES += src/tls/registry_tables.c
nodist_libtlsview_a_SOURCES = src/tls/registry_tables.c
CLEANFILES += src/tls/registry_tables.c src/tls/registry_tables.c-t
EXTRA_DIST += $(REGISTRY_TSV) src/tls/gen-registry.awk

libtlsview_a_SOURCES += \
	src/tls/registry.c src/tls/registry.h src/tls/registry_tables.h

check_PROGRAMS += tests/unit/t_registry
tests_unit_t_registry_SOURCES = tests/unit/t_registry.c tests/tap.h
tests_unit_t_registry_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_registry
