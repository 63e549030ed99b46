# net/: the live client (TCP connect, STARTTLS preambles, the GnuTLS
# session whose bytes and secrets go through the TLS decoder), the pcapng
# writer for -w, live sniffing (-i), and the connect command.
libtlsview_a_SOURCES += \
	src/net/connect.c src/net/connect.h \
	src/net/starttls.c src/net/starttls.h \
	src/net/session.c src/net/session.h \
	src/capture/pcapng_writer.c src/capture/pcapng_writer.h \
	src/capture/live.c src/capture/live.h

tlsview_SOURCES += src/cmd_connect.c

# Live connections and sniffing: real peers on loopback.
LIVE_TESTS = \
	tests/e2e/connect_servers.sh \
	tests/e2e/connect_starttls.sh \
	tests/e2e/connect_failures.sh \
	tests/e2e/connect_capture.sh \
	tests/e2e/sniff_lo.sh
TESTS += $(LIVE_TESTS)
EXTRA_DIST += $(LIVE_TESTS) tests/e2e/live_lib.sh tests/e2e/conn_facts.py \
	tests/e2e/mklivepki.sh tests/e2e/peer.py

check_PROGRAMS += tests/unit/t_target tests/unit/t_pcapng_writer \
	tests/unit/t_starttls
tests_unit_t_target_SOURCES = tests/unit/t_target.c tests/tap.h
tests_unit_t_target_LDADD = $(TEST_LDADD)
tests_unit_t_pcapng_writer_SOURCES = tests/unit/t_pcapng_writer.c tests/tap.h
tests_unit_t_pcapng_writer_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_target tests/unit/t_pcapng_writer tests/unit/t_starttls
tests_unit_t_starttls_SOURCES = tests/unit/t_starttls.c tests/tap.h
tests_unit_t_starttls_LDADD = $(TEST_LDADD)
