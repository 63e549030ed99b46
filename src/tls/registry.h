/*
 * IANA TLS registries, generated at build time from the TSV files in
 * src/tls/registries/ (see gen-registry.awk).  Every lookup returns NULL for
 * an unassigned value and "GREASE" for RFC 8701 GREASE values where the
 * registry has them.  All lookups take `unsigned` so they share tvf_namer.
 */
#ifndef TLS_REGISTRY_H
#define TLS_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

const char *tls_cipher_suite_name(unsigned v);   /* IANA name: TLS_AES_128_GCM_SHA256 */
const char *tls_extension_name(unsigned v);      /* server_name, ... */
const char *tls_group_name(unsigned v);          /* x25519, secp256r1, ... */
const char *tls_sigscheme_name(unsigned v);      /* ecdsa_secp256r1_sha256, ... */
const char *tls_alert_name(unsigned v);          /* snake_case: close_notify */
const char *tls_alert_level_name(unsigned v);    /* warning, fatal */
const char *tls_handshake_type_name(unsigned v); /* snake_case: client_hello */
const char *tls_content_type_name(unsigned v);   /* handshake, alert, ... */
const char *tls_version_name(unsigned v);        /* "TLS 1.3", "SSL 3.0", ... */
const char *tls_ec_point_format_name(unsigned v);
const char *tls_psk_ke_mode_name(unsigned v);
const char *tls_cert_compression_name(unsigned v);
const char *tls_cert_status_type_name(unsigned v); /* ocsp, ocsp_multi */
const char *tls_cert_type_name(unsigned v);       /* ClientCertificateType: rsa_sign, ... */
const char *tls_hash_name(unsigned v);            /* TLS 1.2 HashAlgorithm */
const char *tls_ec_curve_type_name(unsigned v);   /* named_curve, ... */

bool tls_is_grease(unsigned v); /* 0x0a0a, 0x1a1a, ... 0xfafa */

/* What a cipher suite's name says about it (derived from the IANA name). */
typedef enum {
	TLS_KX_UNKNOWN,
	TLS_KX_NULL,
	TLS_KX_RSA,
	TLS_KX_DH,    /* static DH (DH_RSA, DH_DSS, DH_anon) */
	TLS_KX_DHE,
	TLS_KX_ECDH,  /* static ECDH */
	TLS_KX_ECDHE,
	TLS_KX_PSK,
	TLS_KX_DHE_PSK,
	TLS_KX_ECDHE_PSK,
	TLS_KX_RSA_PSK,
	TLS_KX_SRP,
	TLS_KX_KRB5,
	TLS_KX_ECCPWD,
	TLS_KX_GOST,
	TLS_KX_TLS13, /* TLS 1.3 suites: key exchange is negotiated separately */
} tls_kx;

typedef struct tls_suite_info {
	uint16_t id;
	const char *name;   /* IANA name */
	tls_kx kx;
	const char *auth;   /* "RSA", "ECDSA", "DSS", "anon", "PSK", NULL for TLS 1.3 */
	const char *cipher; /* "AES_128_GCM", "CHACHA20_POLY1305", "AES_256_CBC", "NULL", ... */
	const char *mac;    /* "SHA256", "SHA", "MD5", ... (PRF hash for AEAD suites) */
	bool aead;
	bool export_grade;
} tls_suite_info;

/* NULL when the value is not assigned. */
const tls_suite_info *tls_suite_lookup(unsigned id);

#endif
