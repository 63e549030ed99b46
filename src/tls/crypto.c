/*
 * Record cryptography through GnuTLS: suite parameters from the IANA
 * registry entry (tables, not switches), the key schedules of TLS 1.3
 * (RFC 8446 7.1-7.3), TLS 1.0-1.2 (RFC 2246 5, RFC 5246 5 and 6.3, RFC
 * 7627) and SSL 3.0 (RFC 6101 6.1-6.2), and one record's decryption
 * (RFC 8446 5.2, RFC 5246 6.2.3, RFC 7366, RFC 7905).
 */
#include "tls/crypto.h"

#include <stdio.h>
#include <string.h>

#include "tls/registry.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- suite parameters ---------------------------------------------------- */

/* The registry's cipher part of a suite name -> GnuTLS. */
static const struct cipher_row {
	const char *name;
	tls_cipher_kind kind;
	gnutls_cipher_algorithm_t alg;
	uint8_t fixed_iv, explicit_iv, tag; /* AEAD in TLS 1.2 */
} cipher_rows[] = {
    {"AES_128_GCM", TLS_CIPHER_AEAD, GNUTLS_CIPHER_AES_128_GCM, 4, 8, 16},
    {"AES_256_GCM", TLS_CIPHER_AEAD, GNUTLS_CIPHER_AES_256_GCM, 4, 8, 16},
    {"AES_128_CCM", TLS_CIPHER_AEAD, GNUTLS_CIPHER_AES_128_CCM, 4, 8, 16},
    {"AES_256_CCM", TLS_CIPHER_AEAD, GNUTLS_CIPHER_AES_256_CCM, 4, 8, 16},
    {"AES_128_CCM_8", TLS_CIPHER_AEAD, GNUTLS_CIPHER_AES_128_CCM_8, 4, 8, 8},
    {"AES_256_CCM_8", TLS_CIPHER_AEAD, GNUTLS_CIPHER_AES_256_CCM_8, 4, 8, 8},
    {"CHACHA20_POLY1305", TLS_CIPHER_AEAD, GNUTLS_CIPHER_CHACHA20_POLY1305, 12,
     0, 16},
    {"CAMELLIA_128_GCM", TLS_CIPHER_AEAD, GNUTLS_CIPHER_CAMELLIA_128_GCM, 4, 8,
     16},
    {"CAMELLIA_256_GCM", TLS_CIPHER_AEAD, GNUTLS_CIPHER_CAMELLIA_256_GCM, 4, 8,
     16},
    {"AES_128_CBC", TLS_CIPHER_CBC, GNUTLS_CIPHER_AES_128_CBC, 0, 0, 0},
    {"AES_256_CBC", TLS_CIPHER_CBC, GNUTLS_CIPHER_AES_256_CBC, 0, 0, 0},
    {"3DES_EDE_CBC", TLS_CIPHER_CBC, GNUTLS_CIPHER_3DES_CBC, 0, 0, 0},
    {"CAMELLIA_128_CBC", TLS_CIPHER_CBC, GNUTLS_CIPHER_CAMELLIA_128_CBC, 0, 0,
     0},
    {"CAMELLIA_256_CBC", TLS_CIPHER_CBC, GNUTLS_CIPHER_CAMELLIA_256_CBC, 0, 0,
     0},
    {"DES_CBC", TLS_CIPHER_CBC, GNUTLS_CIPHER_DES_CBC, 0, 0, 0},
    {"RC4_128", TLS_CIPHER_STREAM, GNUTLS_CIPHER_ARCFOUR_128, 0, 0, 0},
    {"NULL", TLS_CIPHER_NULL, GNUTLS_CIPHER_NULL, 0, 0, 0},
};

/* The registry's MAC / hash part -> GnuTLS. */
static const struct mac_row {
	const char *name;
	gnutls_mac_algorithm_t alg;
} mac_rows[] = {
    {"SHA", GNUTLS_MAC_SHA1},	   {"SHA1", GNUTLS_MAC_SHA1},
    {"SHA256", GNUTLS_MAC_SHA256}, {"SHA384", GNUTLS_MAC_SHA384},
    {"MD5", GNUTLS_MAC_MD5},
};

static const struct cipher_row *cipher_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(cipher_rows); i++)
		if (strcmp(cipher_rows[i].name, name) == 0)
			return &cipher_rows[i];
	return NULL;
}

static gnutls_mac_algorithm_t mac_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(mac_rows); i++)
		if (strcmp(mac_rows[i].name, name) == 0)
			return mac_rows[i].alg;
	return GNUTLS_MAC_UNKNOWN;
}

static bool unsupported(const tls_suite_info *s, char *buf, size_t size,
			const char *why, const char **out)
{
	snprintf(buf, size,
		 "cipher suite %s (0x%04x) is not supported for decryption: %s",
		 s->name, (unsigned)s->id, why);
	*out = buf;
	return false;
}

static bool suite_cipher(const tls_suite_info *s, tls_suite_params *p,
			 char *buf, size_t size, const char **why)
{
	const struct cipher_row *c = cipher_find(s->cipher);
	char what[96];

	if (!c) {
		snprintf(what, sizeof what, "GnuTLS has no %s cipher",
			 s->cipher ? s->cipher : "such");
		return unsupported(s, buf, size, what, why);
	}
	p->kind = c->kind;
	p->cipher = c->alg;
	if (c->kind != TLS_CIPHER_NULL &&
	    gnutls_cipher_get_key_size(c->alg) == 0) {
		snprintf(what, sizeof what, "this GnuTLS has no %s", s->cipher);
		return unsupported(s, buf, size, what, why);
	}
	if (c->kind != TLS_CIPHER_NULL)
		p->key_len = (uint8_t)gnutls_cipher_get_key_size(c->alg);
	if (c->kind == TLS_CIPHER_CBC)
		p->block_len = (uint8_t)gnutls_cipher_get_block_size(c->alg);
	p->tag_len = c->tag;
	p->fixed_iv_len = p->tls13 ? 12 : c->fixed_iv;
	p->explicit_iv_len = p->tls13 ? 0 : c->explicit_iv;
	return true;
}

bool tls_suite_params_get(unsigned suite, tls_suite_params *p, char *buf,
			  size_t bufsize, const char **why)
{
	const tls_suite_info *s = tls_suite_lookup(suite);

	memset(p, 0, sizeof *p);
	*why = NULL;
	if (!s) {
		snprintf(buf, bufsize,
			 "cipher suite 0x%04x is not assigned: "
			 "its records cannot be decrypted",
			 suite);
		*why = buf;
		return false;
	}
	p->id = (uint16_t)suite;
	p->name = s->name;
	p->tls13 = s->kx == TLS_KX_TLS13;
	p->rsa_kx = s->kx == TLS_KX_RSA;
	if (s->export_grade)
		return unsupported(s, buf, bufsize,
				   "its export-grade (40- or 56-bit) keys "
				   "are not derived",
				   why);
	if (!suite_cipher(s, p, buf, bufsize, why))
		return false;
	if (p->kind == TLS_CIPHER_AEAD) {
		p->prf = mac_find(s->mac);
		if (p->prf != GNUTLS_MAC_SHA384)
			p->prf = GNUTLS_MAC_SHA256;
		return true;
	}
	p->mac = mac_find(s->mac);
	if (p->mac == GNUTLS_MAC_UNKNOWN)
		return unsupported(s, buf, bufsize,
				   "its MAC is not one GnuTLS computes", why);
	p->mac_len = (uint8_t)gnutls_hmac_get_len(p->mac);
	p->prf =
	    p->mac == GNUTLS_MAC_SHA384 ? GNUTLS_MAC_SHA384 : GNUTLS_MAC_SHA256;
	return true;
}

/* ---- key derivation ------------------------------------------------------ */

bool tls13_expand_label(gnutls_mac_algorithm_t h, const uint8_t *secret,
			size_t slen, const char *label, const uint8_t *ctx,
			size_t ctxlen, uint8_t *out, size_t outlen)
{
	uint8_t info[2 + 1 + 255 + 1 + 255];
	size_t llen = 6 + strlen(label), n = 0;
	gnutls_datum_t key = {(unsigned char *)secret, (unsigned)slen};
	gnutls_datum_t inf;

	if (llen > 255 || ctxlen > 255 || outlen > 0xffff)
		return false;
	info[n++] = (uint8_t)(outlen >> 8);
	info[n++] = (uint8_t)outlen;
	info[n++] = (uint8_t)llen;
	memcpy(info + n, "tls13 ", 6);
	memcpy(info + n + 6, label, llen - 6);
	n += llen;
	info[n++] = (uint8_t)ctxlen;
	if (ctxlen)
		memcpy(info + n, ctx, ctxlen);
	n += ctxlen;
	inf.data = info;
	inf.size = (unsigned)n;
	return gnutls_hkdf_expand(h, &key, &inf, out, outlen) == 0;
}

bool tls13_traffic_keys(const tls_suite_params *p, const uint8_t *secret,
			size_t slen, uint8_t key[TLS_MAX_KEY],
			uint8_t iv[TLS_MAX_IV])
{
	return tls13_expand_label(p->prf, secret, slen, "key", NULL, 0, key,
				  p->key_len) &&
	       tls13_expand_label(p->prf, secret, slen, "iv", NULL, 0, iv, 12);
}

bool tls13_next_secret(gnutls_mac_algorithm_t h, uint8_t *secret, size_t slen)
{
	uint8_t next[64];

	if (slen > sizeof next ||
	    !tls13_expand_label(h, secret, slen, "traffic upd", NULL, 0, next,
				slen))
		return false;
	memcpy(secret, next, slen);
	return true;
}

/* RFC 5246 5: P_hash(secret, seed) XORed into out (out starts zeroed). */
static bool p_hash_xor(gnutls_mac_algorithm_t h, const uint8_t *secret,
		       size_t slen, const uint8_t *seed, size_t seedlen,
		       uint8_t *out, size_t outlen)
{
	size_t hl = gnutls_hmac_get_len(h);
	uint8_t a[TLS_MAX_HASH + 256], chunk[TLS_MAX_HASH];

	if (!hl || hl > TLS_MAX_HASH || seedlen > 256)
		return false;
	/* a = A(i) || seed, A(1) = HMAC(secret, seed) */
	memcpy(a + hl, seed, seedlen);
	if (gnutls_hmac_fast(h, secret, slen, seed, seedlen, a) < 0)
		return false;
	for (size_t done = 0; done < outlen; done += hl) {
		size_t k = outlen - done < hl ? outlen - done : hl;

		if (gnutls_hmac_fast(h, secret, slen, a, hl + seedlen, chunk) <
			0 ||
		    gnutls_hmac_fast(h, secret, slen, a, hl, a) < 0)
			return false;
		for (size_t i = 0; i < k; i++)
			out[done + i] ^= chunk[i];
	}
	return true;
}

bool tls_prf(int version, gnutls_mac_algorithm_t h, const uint8_t *secret,
	     size_t slen, const char *label, const uint8_t *seed,
	     size_t seedlen, uint8_t *out, size_t outlen)
{
	uint8_t ls[256];
	size_t llen = strlen(label), half = (slen + 1) / 2;

	if (llen + seedlen > sizeof ls)
		return false;
	memcpy(ls, label, llen);
	memcpy(ls + llen, seed, seedlen);
	memset(out, 0, outlen);
	if (version >= 0x0303)
		return p_hash_xor(h, secret, slen, ls, llen + seedlen, out,
				  outlen);
	/* RFC 2246 5: the secret's halves (overlapping by one byte when
	 * its length is odd) go to MD5 and SHA-1 */
	return p_hash_xor(GNUTLS_MAC_MD5, secret, half, ls, llen + seedlen, out,
			  outlen) &&
	       p_hash_xor(GNUTLS_MAC_SHA1, secret + slen - half, half, ls,
			  llen + seedlen, out, outlen);
}

/*
 * RFC 6101 6.1-6.2: out = MD5(secret || SHA1("A" || secret || r1 || r2))
 * || MD5(secret || SHA1("BB" || ...)) || ...
 */
static bool ssl3_derive(const uint8_t *secret, size_t slen,
			const uint8_t r1[32], const uint8_t r2[32],
			uint8_t *out, size_t outlen)
{
	uint8_t label[26], sha[20], md5[16];
	gnutls_hash_hd_t h;

	for (size_t i = 0, done = 0; done < outlen; i++, done += 16) {
		size_t k = outlen - done < 16 ? outlen - done : 16;

		if (i >= sizeof label)
			return false;
		memset(label, 'A' + (int)i, i + 1);
		if (gnutls_hash_init(&h, GNUTLS_DIG_SHA1) < 0)
			return false;
		gnutls_hash(h, label, i + 1);
		gnutls_hash(h, secret, slen);
		gnutls_hash(h, r1, 32);
		gnutls_hash(h, r2, 32);
		gnutls_hash_deinit(h, sha);
		if (gnutls_hash_init(&h, GNUTLS_DIG_MD5) < 0)
			return false;
		gnutls_hash(h, secret, slen);
		gnutls_hash(h, sha, sizeof sha);
		gnutls_hash_deinit(h, md5);
		memcpy(out + done, md5, k);
	}
	return true;
}

bool tls_master_secret(const tls_suite_params *p, int version,
		       const uint8_t *pms, size_t pmslen,
		       const uint8_t client_random[32],
		       const uint8_t server_random[32],
		       const uint8_t *session_hash, size_t shlen,
		       uint8_t master[TLS_MASTER_LEN])
{
	uint8_t seed[64];

	if (version == 0x0300)
		return ssl3_derive(pms, pmslen, client_random, server_random,
				   master, TLS_MASTER_LEN);
	if (session_hash)
		return tls_prf(version, p->prf, pms, pmslen,
			       "extended master secret", session_hash, shlen,
			       master, TLS_MASTER_LEN);
	memcpy(seed, client_random, 32);
	memcpy(seed + 32, server_random, 32);
	return tls_prf(version, p->prf, pms, pmslen, "master secret", seed,
		       sizeof seed, master, TLS_MASTER_LEN);
}

/* IV bytes each side takes from the key block. */
static size_t key_block_iv_len(const tls_suite_params *p, int version)
{
	if (p->kind == TLS_CIPHER_AEAD)
		return p->fixed_iv_len;
	/* TLS 1.1 and later send the CBC IV with each record */
	if (p->kind == TLS_CIPHER_CBC && version <= 0x0301)
		return p->block_len;
	return 0;
}

bool tls_key_block_derive(const tls_suite_params *p, int version,
			  const uint8_t master[TLS_MASTER_LEN],
			  const uint8_t client_random[32],
			  const uint8_t server_random[32], tls_key_block *kb)
{
	size_t ivl = key_block_iv_len(p, version);
	size_t need = 2 * ((size_t)p->mac_len + p->key_len + ivl);
	uint8_t block[2 * (TLS_MAX_HASH + TLS_MAX_KEY + TLS_MAX_IV)];
	uint8_t seed[64];
	const uint8_t *q = block;
	bool ok;

	memset(kb, 0, sizeof *kb);
	if (need > sizeof block || p->key_len > TLS_MAX_KEY || ivl > TLS_MAX_IV)
		return false;
	if (version == 0x0300) {
		ok = ssl3_derive(master, TLS_MASTER_LEN, server_random,
				 client_random, block, need);
	} else {
		memcpy(seed, server_random, 32);
		memcpy(seed + 32, client_random, 32);
		ok = tls_prf(version, p->prf, master, TLS_MASTER_LEN,
			     "key expansion", seed, sizeof seed, block, need);
	}
	if (!ok)
		return false;
	for (int i = 0; i < 2; i++, q += p->mac_len)
		memcpy(kb->mac[i], q, p->mac_len);
	for (int i = 0; i < 2; i++, q += p->key_len)
		memcpy(kb->key[i], q, p->key_len);
	for (int i = 0; i < 2; i++, q += ivl)
		memcpy(kb->iv[i], q, ivl);
	return true;
}

bool tls_session_hash_init(tls_session_hash *sh, const tls_suite_params *p,
			   int version)
{
	static const gnutls_digest_algorithm_t old[2] = {GNUTLS_DIG_MD5,
							 GNUTLS_DIG_SHA1};

	sh->n = 0;
	if (version >= 0x0303) {
		sh->alg[0] = (gnutls_digest_algorithm_t)p->prf;
		if (gnutls_hash_init(&sh->h[0], sh->alg[0]) < 0)
			return false;
		sh->n = 1;
		return true;
	}
	for (int i = 0; i < 2; i++) {
		sh->alg[i] = old[i];
		if (gnutls_hash_init(&sh->h[i], old[i]) < 0) {
			tls_session_hash_done(sh, NULL, NULL);
			return false;
		}
		sh->n = i + 1;
	}
	return true;
}

void tls_session_hash_add(tls_session_hash *sh, const uint8_t *p, size_t n)
{
	for (int i = 0; i < sh->n; i++)
		gnutls_hash(sh->h[i], p, n);
}

void tls_session_hash_done(tls_session_hash *sh, uint8_t out[TLS_MAX_HASH],
			   size_t *len)
{
	uint8_t d[TLS_MAX_HASH];
	size_t at = 0;

	for (int i = 0; i < sh->n; i++) {
		size_t k = gnutls_hash_get_len(sh->alg[i]);

		gnutls_hash_deinit(sh->h[i], d);
		if (out && at + k <= TLS_MAX_HASH)
			memcpy(out + at, d, k);
		at += k;
	}
	sh->n = 0;
	if (len)
		*len = at;
}

/* ---- records ------------------------------------------------------------- */

const char *tls_dec_result_text(tls_dec_result r, tls_cipher_kind k)
{
	switch (r) {
	case TLS_DEC_OK:
		return "it decrypts";
	case TLS_DEC_AUTH:
		return k == TLS_CIPHER_AEAD ? "the AEAD tag does not verify"
					    : "the MAC does not verify";
	case TLS_DEC_PADDING:
		return "the CBC padding is wrong";
	case TLS_DEC_MALFORMED:
		return "the record is too short or not whole cipher blocks";
	case TLS_DEC_ERROR:
		break;
	}
	return "GnuTLS could not run the cipher";
}

bool tls_rec_cipher_init(tls_rec_cipher *rc, const tls_suite_params *p,
			 int version, bool etm, const uint8_t *key,
			 const uint8_t *iv, const uint8_t *mac_key)
{
	gnutls_datum_t k = {(unsigned char *)key, p->key_len};
	gnutls_datum_t v = {rc->iv, p->block_len};
	int r = 0;

	memset(rc, 0, sizeof *rc);
	rc->p = *p;
	rc->version = version;
	rc->etm = etm && p->kind == TLS_CIPHER_CBC;
	if (p->mac_len)
		memcpy(rc->mac_key, mac_key, p->mac_len);
	switch (p->kind) {
	case TLS_CIPHER_AEAD:
		memcpy(rc->iv, iv, p->fixed_iv_len);
		r = gnutls_aead_cipher_init(&rc->aead, p->cipher, &k);
		break;
	case TLS_CIPHER_CBC:
		if (version <= 0x0301)
			memcpy(rc->iv, iv, p->block_len);
		r = gnutls_cipher_init(&rc->cipher, p->cipher, &k, &v);
		break;
	case TLS_CIPHER_STREAM:
		r = gnutls_cipher_init(&rc->cipher, p->cipher, &k, NULL);
		break;
	case TLS_CIPHER_NULL:
		break;
	}
	rc->ready = r >= 0;
	if (!rc->ready) {
		rc->aead = NULL;
		rc->cipher = NULL;
	}
	return rc->ready;
}

void tls_rec_cipher_clear(tls_rec_cipher *rc)
{
	if (rc->aead)
		gnutls_aead_cipher_deinit(rc->aead);
	if (rc->cipher)
		gnutls_cipher_deinit(rc->cipher);
	memset(rc, 0, sizeof *rc);
}

static void put_u64(uint8_t *b, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
}

/* seq || type || version || length: what TLS 1.0-1.2 authenticate. */
static void pseudo_header(uint8_t ad[13], uint64_t seq, const uint8_t hdr[5],
			  size_t len)
{
	put_u64(ad, seq);
	ad[8] = hdr[0];
	ad[9] = hdr[1];
	ad[10] = hdr[2];
	ad[11] = (uint8_t)(len >> 8);
	ad[12] = (uint8_t)len;
}

static tls_dec_result aead_run(tls_rec_cipher *rc, const uint8_t *nonce,
			       const uint8_t *ad, size_t adlen,
			       const uint8_t *ct, size_t ctlen, uint8_t *out,
			       size_t *outlen)
{
	size_t cap = ctlen;
	int r = gnutls_aead_cipher_decrypt(rc->aead, nonce, 12, ad, adlen,
					   rc->p.tag_len, ct, ctlen, out, &cap);

	if (r == GNUTLS_E_DECRYPTION_FAILED)
		return TLS_DEC_AUTH;
	if (r < 0)
		return TLS_DEC_ERROR;
	*outlen = cap;
	return TLS_DEC_OK;
}

/* The per-record nonce: the implicit IV XOR the sequence number. */
static void xor_nonce(const tls_rec_cipher *rc, uint64_t seq, uint8_t nonce[12])
{
	memcpy(nonce, rc->iv, 12);
	for (int i = 11; i >= 4; i--, seq >>= 8)
		nonce[i] ^= (uint8_t)seq;
}

static tls_dec_result decrypt_tls13(tls_rec_cipher *rc, uint64_t seq,
				    const uint8_t hdr[5], const uint8_t *body,
				    size_t n, uint8_t *out, size_t *outlen,
				    uint8_t *type)
{
	uint8_t nonce[12];
	size_t k;
	tls_dec_result r;

	if (n < (size_t)rc->p.tag_len + 1)
		return TLS_DEC_MALFORMED;
	xor_nonce(rc, seq, nonce);
	r = aead_run(rc, nonce, hdr, 5, body, n, out, &k);
	if (r != TLS_DEC_OK)
		return r;
	/* TLSInnerPlaintext: content, the type, then zero padding */
	while (k && out[k - 1] == 0)
		k--;
	if (!k)
		return TLS_DEC_MALFORMED;
	*type = out[k - 1];
	*outlen = k - 1;
	return TLS_DEC_OK;
}

static tls_dec_result decrypt_aead12(tls_rec_cipher *rc, uint64_t seq,
				     const uint8_t hdr[5], const uint8_t *body,
				     size_t n, uint8_t *out, size_t *outlen)
{
	size_t ex = rc->p.explicit_iv_len;
	uint8_t nonce[12], ad[13];

	if (n < ex + rc->p.tag_len)
		return TLS_DEC_MALFORMED;
	if (ex) { /* RFC 5288 3: salt || nonce_explicit */
		memcpy(nonce, rc->iv, rc->p.fixed_iv_len);
		memcpy(nonce + rc->p.fixed_iv_len, body, ex);
	} else { /* RFC 7905 2 */
		xor_nonce(rc, seq, nonce);
	}
	pseudo_header(ad, seq, hdr, n - ex - rc->p.tag_len);
	return aead_run(rc, nonce, ad, sizeof ad, body + ex, n - ex, out,
			outlen);
}

/* RFC 6101 5.2.3.1: hash(secret || pad_2 || hash(secret || pad_1 || seq
 * || type || length || content)). */
static bool ssl3_mac(const tls_rec_cipher *rc, const uint8_t ad[13],
		     const uint8_t *p, size_t n, uint8_t *mac)
{
	gnutls_digest_algorithm_t alg = (gnutls_digest_algorithm_t)rc->p.mac;
	size_t padn = alg == GNUTLS_DIG_MD5 ? 48 : 40;
	uint8_t pad[48], inner[TLS_MAX_HASH];
	uint8_t sl[11];
	gnutls_hash_hd_t h;

	memcpy(sl, ad, 9);	    /* seq, type */
	memcpy(sl + 9, ad + 11, 2); /* length: SSL 3.0 has no version */
	memset(pad, 0x36, padn);
	if (gnutls_hash_init(&h, alg) < 0)
		return false;
	gnutls_hash(h, rc->mac_key, rc->p.mac_len);
	gnutls_hash(h, pad, padn);
	gnutls_hash(h, sl, sizeof sl);
	gnutls_hash(h, p, n);
	gnutls_hash_deinit(h, inner);
	memset(pad, 0x5c, padn);
	if (gnutls_hash_init(&h, alg) < 0)
		return false;
	gnutls_hash(h, rc->mac_key, rc->p.mac_len);
	gnutls_hash(h, pad, padn);
	gnutls_hash(h, inner, rc->p.mac_len);
	gnutls_hash_deinit(h, mac);
	return true;
}

/* Does the MAC at `mac` cover pseudo-header(len) || p[0..len)? */
static tls_dec_result mac_check(const tls_rec_cipher *rc, uint64_t seq,
				const uint8_t hdr[5], const uint8_t *p,
				size_t len, const uint8_t *mac)
{
	uint8_t ad[13], want[TLS_MAX_HASH];
	gnutls_hmac_hd_t h;

	pseudo_header(ad, seq, hdr, len);
	if (rc->version == 0x0300) {
		if (!ssl3_mac(rc, ad, p, len, want))
			return TLS_DEC_ERROR;
	} else {
		if (gnutls_hmac_init(&h, rc->p.mac, rc->mac_key,
				     rc->p.mac_len) < 0)
			return TLS_DEC_ERROR;
		gnutls_hmac(h, ad, sizeof ad);
		gnutls_hmac(h, p, len);
		gnutls_hmac_deinit(h, want);
	}
	return memcmp(want, mac, rc->p.mac_len) ? TLS_DEC_AUTH : TLS_DEC_OK;
}

/* Strip CBC padding from out[0..*len): the padding length byte and that
 * many bytes equal to it (SSL 3.0: any bytes, less than a block). */
static tls_dec_result cbc_unpad(const tls_rec_cipher *rc, uint8_t *out,
				size_t *len, size_t keep)
{
	size_t n = *len, pad = out[n - 1];

	if (pad + 1 + keep > n)
		return TLS_DEC_PADDING;
	if (rc->version == 0x0300) {
		if (pad >= rc->p.block_len)
			return TLS_DEC_PADDING;
	} else {
		for (size_t i = n - 1 - pad; i < n - 1; i++)
			if (out[i] != pad)
				return TLS_DEC_PADDING;
	}
	*len = n - pad - 1;
	return TLS_DEC_OK;
}

static tls_dec_result decrypt_cbc(tls_rec_cipher *rc, uint64_t seq,
				  const uint8_t hdr[5], const uint8_t *body,
				  size_t n, uint8_t *out, size_t *outlen)
{
	size_t bs = rc->p.block_len, ml = rc->p.mac_len;
	size_t ivl = rc->version >= 0x0302 ? bs : 0;
	size_t macl = rc->etm ? ml : 0; /* a MAC after the ciphertext */
	const uint8_t *iv = ivl ? body : rc->iv;
	const uint8_t *ct = body + ivl;
	size_t ctlen, len;
	uint8_t ivbuf[TLS_MAX_IV];
	tls_dec_result r;

	if (n < ivl + macl + bs || (n - ivl - macl) % bs)
		return TLS_DEC_MALFORMED;
	ctlen = n - ivl - macl;
	memcpy(ivbuf, iv, bs);
	if (!ivl) /* TLS 1.0: the next IV is this record's last block */
		memcpy(rc->iv, ct + ctlen - bs, bs);
	if (rc->etm) { /* RFC 7366: MAC over IV || ciphertext first */
		r = mac_check(rc, seq, hdr, body, n - ml, body + n - ml);
		if (r != TLS_DEC_OK)
			return r;
	}
	gnutls_cipher_set_iv(rc->cipher, ivbuf, bs);
	if (gnutls_cipher_decrypt2(rc->cipher, ct, ctlen, out, ctlen) < 0)
		return TLS_DEC_ERROR;
	len = ctlen;
	r = cbc_unpad(rc, out, &len, rc->etm ? 0 : ml);
	if (r != TLS_DEC_OK || rc->etm) {
		*outlen = len;
		return r;
	}
	len -= ml;
	r = mac_check(rc, seq, hdr, out, len, out + len);
	*outlen = len;
	return r;
}

/* RC4 and NULL: content || MAC. */
static tls_dec_result decrypt_stream(tls_rec_cipher *rc, uint64_t seq,
				     const uint8_t hdr[5], const uint8_t *body,
				     size_t n, uint8_t *out, size_t *outlen)
{
	size_t ml = rc->p.mac_len;

	if (rc->cipher) {
		if (gnutls_cipher_decrypt2(rc->cipher, body, n, out, n) < 0)
			return TLS_DEC_ERROR;
	} else if (n) {
		memcpy(out, body, n);
	}
	if (n < ml)
		return TLS_DEC_MALFORMED;
	*outlen = n - ml;
	return mac_check(rc, seq, hdr, out, n - ml, out + n - ml);
}

tls_dec_result tls_rec_decrypt(tls_rec_cipher *rc, uint64_t seq,
			       const uint8_t hdr[5], const uint8_t *body,
			       size_t n, uint8_t *out, size_t *outlen,
			       uint8_t *type)
{
	*outlen = 0;
	*type = hdr[0];
	if (!rc->ready)
		return TLS_DEC_ERROR;
	if (n > TLS_REC_MAX)
		return TLS_DEC_MALFORMED;
	if (rc->version == 0x0304)
		return decrypt_tls13(rc, seq, hdr, body, n, out, outlen, type);
	switch (rc->p.kind) {
	case TLS_CIPHER_AEAD:
		return decrypt_aead12(rc, seq, hdr, body, n, out, outlen);
	case TLS_CIPHER_CBC:
		return decrypt_cbc(rc, seq, hdr, body, n, out, outlen);
	case TLS_CIPHER_STREAM:
	case TLS_CIPHER_NULL:
		break;
	}
	return decrypt_stream(rc, seq, hdr, body, n, out, outlen);
}
