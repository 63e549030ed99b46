/*
 * RSA private keys for static RSA key exchange (see rsakey.h).
 */
#include "tls/rsakey.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "util/arena.h"
#include "util/buf.h"

#define KEY_FILE_MAX (1u << 20)

typedef struct rsa_key {
	gnutls_privkey_t key;
	uint8_t id[32]; /* SHA-256 key ID of the public key */
	size_t id_len;
} rsa_key;

struct tv_rsa_keys {
	rsa_key *v;
	size_t n;
};

tv_rsa_keys *tv_rsa_keys_new(void)
{
	return tv_xcalloc(1, sizeof(tv_rsa_keys));
}

void tv_rsa_keys_free(tv_rsa_keys *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++)
		gnutls_privkey_deinit(k->v[i].key);
	free(k->v);
	free(k);
}

size_t tv_rsa_keys_count(const tv_rsa_keys *k)
{
	return k ? k->n : 0;
}

static bool read_file(const char *path, tv_buf *b, tv_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	if (!f) {
		tv_error_set(err, TV_IO,
			     "cannot open the key file: %s (check "
			     "the path given to --rsa-key)",
			     strerror(errno));
		return false;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len + n > KEY_FILE_MAX) {
			tv_error_set(err, TV_MALFORMED,
				     "larger than 1 MiB: not a private key "
				     "(give a PEM or DER RSA private key)");
			fclose(f);
			return false;
		}
		tv_buf_add(b, chunk, n);
	}
	if (ferror(f)) {
		tv_error_set(err, TV_IO, "cannot read the key file: %s",
			     strerror(errno));
		fclose(f);
		return false;
	}
	fclose(f);
	return true;
}

/* PEM first (the usual form), then DER. */
static int import_key(gnutls_privkey_t key, const tv_buf *b)
{
	gnutls_datum_t d = {(unsigned char *)b->p, (unsigned)b->len};
	int r = gnutls_privkey_import_x509_raw(key, &d, GNUTLS_X509_FMT_PEM,
					       NULL, GNUTLS_PKCS_PLAIN);

	if (r < 0)
		r = gnutls_privkey_import_x509_raw(key, &d, GNUTLS_X509_FMT_DER,
						   NULL, GNUTLS_PKCS_PLAIN);
	return r;
}

static bool key_id(gnutls_privkey_t key, rsa_key *out)
{
	gnutls_pubkey_t pub;
	size_t len = sizeof out->id;
	bool ok;

	if (gnutls_pubkey_init(&pub) < 0)
		return false;
	ok = gnutls_pubkey_import_privkey(pub, key, 0, 0) >= 0 &&
	     gnutls_pubkey_get_key_id(pub, GNUTLS_KEYID_USE_SHA256, out->id,
				      &len) >= 0;
	gnutls_pubkey_deinit(pub);
	out->id_len = len;
	return ok;
}

tv_status tv_rsa_keys_load_file(tv_rsa_keys *k, const char *path, tv_error *err)
{
	gnutls_privkey_t key;
	tv_buf b;
	rsa_key rk;
	int r;

	tv_buf_init(&b);
	if (!read_file(path, &b, err)) {
		tv_buf_free(&b);
		return err->status;
	}
	if (gnutls_privkey_init(&key) < 0) {
		tv_buf_free(&b);
		tv_error_set(err, TV_IO, "GnuTLS cannot make a key object");
		return TV_IO;
	}
	r = import_key(key, &b);
	tv_buf_free(&b);
	if (r < 0) {
		gnutls_privkey_deinit(key);
		tv_error_set(err, TV_MALFORMED,
			     "not a private key GnuTLS can read: %s (give the "
			     "server's unencrypted RSA key, PEM or DER)",
			     gnutls_strerror(r));
		return TV_MALFORMED;
	}
	if (gnutls_privkey_get_pk_algorithm(key, NULL) != GNUTLS_PK_RSA) {
		gnutls_privkey_deinit(key);
		tv_error_set(err, TV_UNSUPPORTED,
			     "not an RSA key: only static RSA key exchange "
			     "can be decrypted with a private key (use a key "
			     "log for (EC)DHE connections)");
		return TV_UNSUPPORTED;
	}
	memset(&rk, 0, sizeof rk);
	rk.key = key;
	if (!key_id(key, &rk))
		rk.id_len = 0;
	k->v = tv_xrealloc(k->v, (k->n + 1) * sizeof *k->v);
	k->v[k->n++] = rk;
	return TV_OK;
}

/* The SHA-256 key ID of the certificate's public key, or 0. */
static size_t cert_key_id(const uint8_t *der, size_t n, uint8_t id[32])
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t d = {(unsigned char *)der, (unsigned)n};
	size_t len = 32;
	bool ok;

	if (!der || gnutls_x509_crt_init(&crt) < 0)
		return 0;
	ok = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) >= 0 &&
	     gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, id,
					&len) >= 0;
	gnutls_x509_crt_deinit(crt);
	return ok ? len : 0;
}

static bool decrypt_with(const rsa_key *rk, const uint8_t *enc, size_t n,
			 uint8_t pms[48])
{
	gnutls_datum_t c = {(unsigned char *)enc, (unsigned)n};
	gnutls_datum_t p = {NULL, 0};
	bool ok;

	if (gnutls_privkey_decrypt_data(rk->key, 0, &c, &p) < 0)
		return false;
	ok = p.size == 48;
	if (ok)
		memcpy(pms, p.data, 48);
	gnutls_free(p.data);
	return ok;
}

tv_rsa_result tv_rsa_keys_decrypt_pms(const tv_rsa_keys *k,
				      const uint8_t *cert_der, size_t cert_len,
				      const uint8_t *enc, size_t n,
				      uint8_t pms[48])
{
	uint8_t id[32];
	size_t id_len = cert_key_id(cert_der, cert_len, id);
	bool tried = false;

	for (size_t i = 0; k && i < k->n; i++) {
		const rsa_key *rk = &k->v[i];

		if (id_len &&
		    (rk->id_len != id_len || memcmp(rk->id, id, id_len) != 0))
			continue;
		tried = true;
		if (decrypt_with(rk, enc, n, pms))
			return TV_RSA_OK;
	}
	return tried ? TV_RSA_FAILED : TV_RSA_NO_KEY;
}
