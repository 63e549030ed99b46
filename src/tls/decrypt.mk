# Decryption: record cryptography through GnuTLS (crypto.c), servers' RSA
# keys (rsakey.c) and the per-connection key state (decrypt.c) that the
# record layer (decoder.c) drives.
libtlsview_a_SOURCES += \
	src/tls/crypto.c src/tls/crypto.h \
	src/tls/rsakey.c src/tls/rsakey.h \
	src/tls/decrypt.c src/tls/decrypt.h
