# Decryption: record cryptography through GnuTLS (crypto.c), servers' RSA
# keys (rsakey.c) and the per-connection key state (decrypt.c) that the
# record layer (decoder.c) drives.
libtlsview_a_SOURCES += \
	src/tls/crypto.c src/tls/crypto.h \
	src/tls/rsakey.c src/tls/rsakey.h \
	src/tls/decrypt.c src/tls/decrypt.h

check_PROGRAMS += tests/unit/t_crypto
tests_unit_t_crypto_SOURCES = tests/unit/t_crypto.c tests/unit/rfc8448.h \
	tests/tap.h
tests_unit_t_crypto_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_crypto

check_PROGRAMS += tests/unit/t_decrypt
tests_unit_t_decrypt_SOURCES = tests/unit/t_decrypt.c tests/unit/rfc8448.h \
	tests/tap.h
tests_unit_t_decrypt_LDADD = $(TEST_LDADD)
TESTS += tests/unit/t_decrypt

# Real peers through a recording relay (no root needed).
TESTS += tests/e2e/decrypt_live.sh
EXTRA_DIST += tests/e2e/decrypt_live.sh tests/e2e/tcp_record.py
