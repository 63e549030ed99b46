# capture/: libpcap replay, link layers, IPv4/IPv6 (fragments), TCP stream
# reassembly, the flow table and first-packet-order output.
libtlsview_a_SOURCES += \
	src/capture/pipeline.c src/capture/pipeline.h \
	src/capture/replay.c src/capture/replay.h \
	src/capture/pcapng_secrets.c src/capture/pcapng_secrets.h \
	src/capture/link.c src/capture/link.h \
	src/capture/ip.c src/capture/ip.h \
	src/capture/seglist.c src/capture/seglist.h \
	src/capture/tcp_reassembly.c src/capture/tcp_reassembly.h \
	src/capture/flow.c src/capture/flow.h \
	src/capture/order.c src/capture/order.h

# The capture unit tests run the capture layer against a recording
# stand-in for the TLS decoder (tests/unit/tls_recorder.c), so they link
# these sources instead of libtlsview.a (which holds the real decoder).
capture_recorder_sources = \
	src/capture/pipeline.c src/capture/link.c src/capture/ip.c \
	src/capture/seglist.c src/capture/tcp_reassembly.c \
	src/capture/flow.c src/capture/order.c \
	src/util/status.c src/util/cursor.c src/util/arena.c src/util/buf.c \
	src/model/field.c src/model/conn.c \
	tests/unit/tls_recorder.c tests/unit/tls_recorder.h \
	tests/unit/capture_pkt.h tests/unit/capture_harness.h tests/tap.h

check_PROGRAMS += tests/unit/t_link tests/unit/t_ip tests/unit/t_flow \
	tests/unit/t_tcp_reassembly tests/unit/t_replay
tests_unit_t_link_SOURCES = tests/unit/t_link.c $(capture_recorder_sources)
tests_unit_t_ip_SOURCES = tests/unit/t_ip.c $(capture_recorder_sources)
tests_unit_t_flow_SOURCES = tests/unit/t_flow.c $(capture_recorder_sources)
tests_unit_t_tcp_reassembly_SOURCES = tests/unit/t_tcp_reassembly.c \
	src/capture/seglist.c src/capture/tcp_reassembly.c \
	src/util/status.c src/util/arena.c src/util/buf.c tests/tap.h
# The real decoder: every corpus capture through tv_replay_file.
tests_unit_t_replay_SOURCES = tests/unit/t_replay.c tests/tap.h
tests_unit_t_replay_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_link tests/unit/t_ip tests/unit/t_flow \
	tests/unit/t_tcp_reassembly tests/unit/t_replay

# pcapng Decryption Secrets Blocks: the scanner on byte streams built in
# the test, and through tv_replay_file_opts on real files.
check_PROGRAMS += tests/unit/t_pcapng_secrets
tests_unit_t_pcapng_secrets_SOURCES = tests/unit/t_pcapng_secrets.c tests/tap.h
tests_unit_t_pcapng_secrets_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_pcapng_secrets
