# pki/: trust stores, chain validation, the reason table, and the `cert`
# and `anchors` subcommands.
libtlsview_a_SOURCES += \
	src/model/validation.h \
	src/pki/trust.c src/pki/trust.h \
	src/pki/certinfo.c src/pki/certinfo.h \
	src/pki/validate.c src/pki/validate.h \
	src/pki/explain.c src/pki/explain.h

tlsview_SOURCES += src/cmd_cert.c src/commands.h
