# fuzz/: libFuzzer harnesses (issue 8).  Built only on request, always with
# clang (FUZZ_CC, found by configure) whatever CC is: the library sources
# are compiled again with coverage and ASan+UBSan into fuzz/libtlsview-fuzz.a
# (not libtlsview.a, which CC built without them).
#   make fuzz                       build fuzz/fuzz_NAME for every harness
#   make fuzz-smoke [FUZZ_SECONDS=30]  run each on its seeds; fails on a finding
# Run one for longer by hand:
#   fuzz/fuzz_NAME -max_total_time=3600 -entropic_scale_per_exec_time=1 \
#     fuzz/corpus/NAME fuzz/seeds/NAME
FUZZ_HARNESSES = capture_file capture_packets tls_decoder handshake \
	extensions cert writers keylog decrypt
FUZZ_TARGETS = fuzz/fuzz_capture_file fuzz/fuzz_capture_packets \
	fuzz/fuzz_tls_decoder fuzz/fuzz_handshake fuzz/fuzz_extensions \
	fuzz/fuzz_cert fuzz/fuzz_writers fuzz/fuzz_keylog \
	fuzz/fuzz_decrypt
FUZZ_SECONDS = 30

FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_COMPILE = $(FUZZ_CC) $(DEFS) $(AM_CPPFLAGS) -I$(srcdir)/fuzz \
	-DFUZZ_SRCDIR=\"$(abs_top_srcdir)\" -std=gnu11 -g -O2 \
	-fno-omit-frame-pointer $(FUZZ_SANITIZE)
FUZZ_LINK = $(FUZZ_COMPILE) -Wall -Wextra -Wno-unused-parameter -Wshadow \
	-Wstrict-prototypes -fsanitize=fuzzer -o $@
FUZZ_LINKLIBS = fuzz/libtlsview-fuzz.a $(GNUTLS_LIBS) $(PCAP_LIBS) $(LIBS)
FUZZ_DEPS = fuzz/libtlsview-fuzz.a $(srcdir)/fuzz/fuzz_common.h

EXTRA_DIST += fuzz/fuzz.mk fuzz/fuzz_common.h fuzz/make-seeds.sh \
	fuzz/seeds.py fuzz/run-smoke.sh fuzz/regress \
	fuzz/fuzz_capture_file.c fuzz/fuzz_capture_packets.c \
	fuzz/fuzz_tls_decoder.c fuzz/fuzz_handshake.c fuzz/fuzz_extensions.c \
	fuzz/fuzz_cert.c fuzz/fuzz_writers.c fuzz/fuzz_keylog.c \
	fuzz/fuzz_decrypt.c

.PHONY: fuzz fuzz-require fuzz-smoke fuzz-smoke-run fuzz-seeds
fuzz-require:
	@if test "$(FUZZ_AVAILABLE)" != yes; then \
		echo "make fuzz: cannot build the fuzz harnesses: $(FUZZ_MISSING)" >&2; \
		exit 1; \
	fi

fuzz: fuzz-require
	@$(MAKE) $(AM_MAKEFLAGS) $(FUZZ_TARGETS) fuzz/seeds.stamp

# Every C source of the library, compiled again with the fuzz flags.  The
# list is the library's own, so sources added to it are fuzzed too.
fuzz/libtlsview-fuzz.a: $(libtlsview_a_SOURCES) $(nodist_libtlsview_a_SOURCES)
	$(AM_V_GEN)rm -rf fuzz/obj && $(MKDIR_P) fuzz/obj && \
	for s in $(libtlsview_a_SOURCES) $(nodist_libtlsview_a_SOURCES); do \
		case $$s in *.c) ;; *) continue ;; esac; \
		if test -f $$s; then f=$$s; else f=$(srcdir)/$$s; fi; \
		echo "$$f fuzz/obj/`echo $$s | sed 's|/|_|g; s|\.c$$|.o|'`"; \
	done | xargs -n 2 -P 2 sh -c \
		'$(FUZZ_COMPILE) -fsanitize=fuzzer-no-link -c "$$0" -o "$$1"' && \
	rm -f $@ && $(AR) cr $@ fuzz/obj/*.o && $(RANLIB) $@

fuzz/fuzz_capture_file: $(srcdir)/fuzz/fuzz_capture_file.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_capture_file.c $(FUZZ_LINKLIBS)
fuzz/fuzz_capture_packets: $(srcdir)/fuzz/fuzz_capture_packets.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_capture_packets.c $(FUZZ_LINKLIBS)
fuzz/fuzz_tls_decoder: $(srcdir)/fuzz/fuzz_tls_decoder.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_tls_decoder.c $(FUZZ_LINKLIBS)
fuzz/fuzz_handshake: $(srcdir)/fuzz/fuzz_handshake.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_handshake.c $(FUZZ_LINKLIBS)
fuzz/fuzz_extensions: $(srcdir)/fuzz/fuzz_extensions.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_extensions.c $(FUZZ_LINKLIBS)
fuzz/fuzz_cert: $(srcdir)/fuzz/fuzz_cert.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_cert.c $(FUZZ_LINKLIBS)
fuzz/fuzz_writers: $(srcdir)/fuzz/fuzz_writers.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_writers.c $(FUZZ_LINKLIBS)
fuzz/fuzz_keylog: $(srcdir)/fuzz/fuzz_keylog.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_keylog.c $(FUZZ_LINKLIBS)
fuzz/fuzz_decrypt: $(srcdir)/fuzz/fuzz_decrypt.c $(FUZZ_DEPS)
	$(AM_V_CCLD)$(FUZZ_LINK) $(srcdir)/fuzz/fuzz_decrypt.c $(FUZZ_LINKLIBS)

fuzz/seeds.stamp: $(srcdir)/fuzz/make-seeds.sh $(srcdir)/fuzz/seeds.py
	$(AM_V_GEN)sh $(srcdir)/fuzz/make-seeds.sh $(srcdir) fuzz/seeds && \
	touch $@
fuzz-seeds: fuzz/seeds.stamp

# Without clang the smoke run is skipped, saying why (CI goes on).
fuzz-smoke:
	@rm -f fuzz/*.trs
	@if test "$(FUZZ_AVAILABLE)" != yes; then \
		for h in $(FUZZ_HARNESSES); do \
			echo "fuzz $$h: SKIP: $(FUZZ_MISSING)"; \
			echo ":test-result: SKIP" > fuzz/$$h.trs; \
		done; \
	else \
		$(MAKE) $(AM_MAKEFLAGS) fuzz-smoke-run; \
	fi

FUZZ_SMOKE = $(FUZZ_HARNESSES:%=fuzz-smoke-%)
.PHONY: $(FUZZ_SMOKE)
fuzz-smoke-run: $(FUZZ_SMOKE)
$(FUZZ_SMOKE): $(FUZZ_TARGETS) fuzz/seeds.stamp
	@sh $(srcdir)/fuzz/run-smoke.sh `echo $@ | sed 's/^fuzz-smoke-//'` \
		$(FUZZ_SECONDS) $(srcdir)

clean-local: clean-fuzz
.PHONY: clean-fuzz
clean-fuzz:
	rm -rf fuzz/obj fuzz/seeds fuzz/corpus fuzz/findings fuzz/logs
	rm -f fuzz/libtlsview-fuzz.a fuzz/seeds.stamp fuzz/*.trs $(FUZZ_TARGETS)
