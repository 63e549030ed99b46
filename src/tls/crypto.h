/*
 * The cryptography of reading TLS records, all through GnuTLS's crypto
 * API (no cipher is written here): what a cipher suite needs for
 * decryption, the TLS 1.3 key schedule (HKDF-Expand-Label), the TLS
 * 1.0-1.2 PRF with the master secret and key block, and the decryption
 * of one record (AEAD; CBC with MAC-then-encrypt or encrypt_then_mac;
 * stream and NULL ciphers).  Nothing here knows about connections: the
 * caller (tls/decrypt.c) chooses the secrets and counts the records.
 */
#ifndef TLS_CRYPTO_H
#define TLS_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#define TLS_REC_MAX    (16384 + 2048) /* TLSCiphertext body limit (RFC 5246) */
#define TLS_MAX_HASH   48	      /* SHA-384 */
#define TLS_MAX_KEY    32
#define TLS_MAX_IV     16
#define TLS_MASTER_LEN 48

typedef enum {
	TLS_CIPHER_AEAD,
	TLS_CIPHER_CBC,
	TLS_CIPHER_STREAM,
	TLS_CIPHER_NULL, /* integrity only: the MAC, no encryption */
} tls_cipher_kind;

/* What decrypting a suite's records takes. */
typedef struct tls_suite_params {
	uint16_t id;
	const char *name; /* IANA name */
	tls_cipher_kind kind;
	gnutls_cipher_algorithm_t cipher;
	gnutls_mac_algorithm_t mac; /* record MAC (not AEAD) */
	gnutls_mac_algorithm_t prf; /* TLS 1.2 PRF, TLS 1.3 HKDF hash */
	uint8_t key_len, mac_len, block_len;
	uint8_t fixed_iv_len;	 /* AEAD: the implicit nonce part */
	uint8_t explicit_iv_len; /* AEAD: per-record nonce part (GCM/CCM 1.2) */
	uint8_t tag_len;
	bool rsa_kx; /* static RSA key exchange */
	bool tls13;
} tls_suite_params;

/*
 * The parameters of a suite.  false when its records cannot be decrypted
 * here, with *why saying so in words ("cipher suite TLS_RSA_WITH_SEED_CBC_SHA
 * (0x0096) is not supported for decryption: GnuTLS has no SEED").
 * *why is static text or lives in buf.
 */
bool tls_suite_params_get(unsigned suite, tls_suite_params *p, char *buf,
			  size_t bufsize, const char **why);

/* ---- key derivation ---------------------------------------------------- */

/* RFC 8446 7.1 HKDF-Expand-Label(secret, "tls13 " label, context, len). */
bool tls13_expand_label(gnutls_mac_algorithm_t h, const uint8_t *secret,
			size_t slen, const char *label, const uint8_t *ctx,
			size_t ctxlen, uint8_t *out, size_t outlen);
/* The write key and iv (12 bytes) of a TLS 1.3 traffic secret. */
bool tls13_traffic_keys(const tls_suite_params *p, const uint8_t *secret,
			size_t slen, uint8_t key[TLS_MAX_KEY],
			uint8_t iv[TLS_MAX_IV]);
/* RFC 8446 7.2: the next traffic secret after a KeyUpdate, in place. */
bool tls13_next_secret(gnutls_mac_algorithm_t h, uint8_t *secret, size_t slen);

/*
 * The PRF of TLS 1.2 (P_hash with h) or of TLS 1.0/1.1 (P_MD5 xor
 * P_SHA1, h ignored) over label || seed.  version is 0x0301..0x0303.
 */
bool tls_prf(int version, gnutls_mac_algorithm_t h, const uint8_t *secret,
	     size_t slen, const char *label, const uint8_t *seed,
	     size_t seedlen, uint8_t *out, size_t outlen);

/*
 * The master secret from a pre-master secret: "master secret" over the
 * randoms, or (RFC 7627) "extended master secret" over session_hash when
 * session_hash is not NULL.  SSL 3.0 has its own derivation.
 */
bool tls_master_secret(const tls_suite_params *p, int version,
		       const uint8_t *pms, size_t pmslen,
		       const uint8_t client_random[32],
		       const uint8_t server_random[32],
		       const uint8_t *session_hash, size_t shlen,
		       uint8_t master[TLS_MASTER_LEN]);

/* The key block, cut into each side's MAC key, key and IV. */
typedef struct tls_key_block {
	uint8_t mac[2][TLS_MAX_HASH]; /* [0] client write, [1] server write */
	uint8_t key[2][TLS_MAX_KEY];
	uint8_t iv[2][TLS_MAX_IV];
} tls_key_block;

bool tls_key_block_derive(const tls_suite_params *p, int version,
			  const uint8_t master[TLS_MASTER_LEN],
			  const uint8_t client_random[32],
			  const uint8_t server_random[32], tls_key_block *kb);

/* The hash of the handshake messages for the extended master secret:
 * the PRF hash in TLS 1.2, MD5 || SHA-1 before; *len its length. */
typedef struct tls_session_hash {
	gnutls_hash_hd_t h[2];
	gnutls_digest_algorithm_t alg[2];
	int n;
} tls_session_hash;

bool tls_session_hash_init(tls_session_hash *sh, const tls_suite_params *p,
			   int version);
void tls_session_hash_add(tls_session_hash *sh, const uint8_t *p, size_t n);
/* Writes the digest (at most 48 bytes) and frees the hash. */
void tls_session_hash_done(tls_session_hash *sh, uint8_t out[TLS_MAX_HASH],
			   size_t *len);

/* ---- one record ---------------------------------------------------------- */

typedef enum {
	TLS_DEC_OK,
	TLS_DEC_AUTH,	   /* the AEAD tag or the MAC does not verify */
	TLS_DEC_PADDING,   /* CBC padding is wrong */
	TLS_DEC_MALFORMED, /* too short for the cipher, not whole blocks,
			      no inner content type */
	TLS_DEC_ERROR,	   /* GnuTLS refused (algorithm not available) */
} tls_dec_result;

/* "the AEAD tag does not verify", ... */
const char *tls_dec_result_text(tls_dec_result r, tls_cipher_kind k);

typedef struct tls_rec_cipher {
	tls_suite_params p;
	int version; /* 0x0300..0x0304 */
	bool etm;    /* RFC 7366 encrypt_then_mac (CBC) */
	bool ready;
	gnutls_aead_cipher_hd_t aead;
	gnutls_cipher_hd_t cipher;
	uint8_t iv[TLS_MAX_IV]; /* AEAD: implicit nonce; CBC: chained IV */
	uint8_t mac_key[TLS_MAX_HASH];
} tls_rec_cipher;

/*
 * Keys for one direction.  iv: the AEAD implicit nonce or, for CBC
 * before TLS 1.1, the first IV; mac_key for MAC-based suites.  false
 * when GnuTLS cannot set up the cipher.
 */
bool tls_rec_cipher_init(tls_rec_cipher *rc, const tls_suite_params *p,
			 int version, bool etm, const uint8_t *key,
			 const uint8_t *iv, const uint8_t *mac_key);
void tls_rec_cipher_clear(tls_rec_cipher *rc);

/*
 * Decrypt and authenticate one record: hdr is its 5-byte header, body
 * its n bytes (n <= TLS_REC_MAX); out has room for n bytes.  On
 * TLS_DEC_OK, *outlen is the plaintext length and *type the content type
 * (TLS 1.3: the inner one, with the padding removed).  A CBC chained IV
 * moves on even when the record does not verify.
 */
tls_dec_result tls_rec_decrypt(tls_rec_cipher *rc, uint64_t seq,
			       const uint8_t hdr[5], const uint8_t *body,
			       size_t n, uint8_t *out, size_t *outlen,
			       uint8_t *type);

#endif
