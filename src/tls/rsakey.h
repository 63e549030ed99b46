/*
 * Servers' RSA private keys (--rsa-key), for the static RSA key exchange
 * of TLS <= 1.2: the ClientKeyExchange carries the pre-master secret
 * encrypted to the server's certificate key, and the matching private key
 * decrypts it (through gnutls_privkey_decrypt_data).  A key is matched to
 * a connection by the SHA-256 key ID of the server's certificate; with no
 * certificate seen, every key is tried.
 */
#ifndef TLS_RSAKEY_H
#define TLS_RSAKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

typedef struct tv_rsa_keys tv_rsa_keys;

tv_rsa_keys *tv_rsa_keys_new(void);
void tv_rsa_keys_free(tv_rsa_keys *k);

/*
 * Add the private key in a PEM or DER file (PKCS #1 or unencrypted
 * PKCS #8).  TV_IO when the file cannot be read, TV_MALFORMED when it
 * holds no private key GnuTLS reads, TV_UNSUPPORTED when the key is not
 * RSA; err says so in a sentence with what to do.
 */
tv_status tv_rsa_keys_load_file(tv_rsa_keys *k, const char *path,
				tv_error *err);
size_t tv_rsa_keys_count(const tv_rsa_keys *k);

typedef enum {
	TV_RSA_OK,
	TV_RSA_NO_KEY, /* no key matches the server's certificate */
	TV_RSA_FAILED, /* the matching key(s) did not decrypt it */
} tv_rsa_result;

/*
 * Decrypt an encrypted pre-master secret (PKCS #1 v1.5) into pms (48
 * bytes).  cert_der: the server's leaf certificate, or NULL.
 */
tv_rsa_result tv_rsa_keys_decrypt_pms(const tv_rsa_keys *k,
				      const uint8_t *cert_der, size_t cert_len,
				      const uint8_t *enc, size_t n,
				      uint8_t pms[48]);

#endif
