/*
 * X.509 certificates through GnuTLS.  The DER stays borrowed; everything
 * GnuTLS hands back is copied into the caller's arena and freed at once.
 */
#include "pki/cert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>

#include "util/buf.h"
#include "util/memo.h"

/* Far above any real certificate bundle; stops `tlsview cert /dev/zero`. */
#define CERT_FILE_MAX (16u << 20)

#define OID_SAN "2.5.29.17"

/* The parse cache: a few hundred certificates, a few MB at most. */
#define PARSE_CACHE_ENTRIES 256
#define PARSE_CACHE_BYTES   (8u << 20)

static void hex_lower(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static char *arena_hex(tv_arena *a, const uint8_t *p, size_t n)
{
	char *s = tv_arena_alloc(a, 2 * n + 1);

	hex_lower(p, n, s);
	return s;
}

static void cert_digests(const uint8_t *der, size_t len, tv_cert *out)
{
	uint8_t d[64];
	const void *p = der ? (const void *)der : "";

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, p, len, d) == 0)
		hex_lower(d, 32, out->sha256);
	if (gnutls_hash_fast(GNUTLS_DIG_SHA1, p, len, d) == 0)
		hex_lower(d, 20, out->sha1);
}

/* An empty or undecodable name reads as "" (RFC 4514's empty DN). */
static const char *cert_dn(tv_arena *a, gnutls_x509_crt_t crt, bool issuer)
{
	gnutls_datum_t d = {NULL, 0};
	int r = issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &d, 0)
		       : gnutls_x509_crt_get_dn3(crt, &d, 0);
	const char *s = "";

	if (r == 0 && d.data)
		s = tv_arena_strndup(a, (const char *)d.data, d.size);
	gnutls_free(d.data);
	return s;
}

/* Lower-case hex without the sign-padding zero bytes of the INTEGER. */
static const char *cert_serial(tv_arena *a, gnutls_x509_crt_t crt)
{
	uint8_t small[32], *p = small;
	size_t n = sizeof small;
	int r = gnutls_x509_crt_get_serial(crt, p, &n);

	if (r == GNUTLS_E_SHORT_MEMORY_BUFFER) {
		p = tv_arena_alloc(a, n);
		r = gnutls_x509_crt_get_serial(crt, p, &n);
	}
	if (r < 0)
		return NULL;
	while (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	return arena_hex(a, p, n);
}

static const char *san_ip_text(tv_arena *a, const gnutls_datum_t *d)
{
	char txt[INET6_ADDRSTRLEN];
	int af = d->size == 4 ? AF_INET : d->size == 16 ? AF_INET6 : 0;

	if (af && inet_ntop(af, d->data, txt, sizeof txt))
		return tv_arena_strdup(a, txt);
	/* Not an address length: show the bytes rather than guess. */
	return tv_arena_printf(a, "IP:%s", arena_hex(a, d->data, d->size));
}

/* DNS names and IPs as themselves, mail and URIs tagged; others skipped. */
static const char *san_text(tv_arena *a, unsigned type, const gnutls_datum_t *d)
{
	const char *s = (const char *)d->data;

	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		return tv_arena_strndup(a, s, d->size);
	case GNUTLS_SAN_IPADDRESS:
		return san_ip_text(a, d);
	case GNUTLS_SAN_RFC822NAME:
		return tv_arena_printf(a, "email:%s",
				       tv_arena_strndup(a, s, d->size));
	case GNUTLS_SAN_URI:
		return tv_arena_printf(a, "URI:%s",
				       tv_arena_strndup(a, s, d->size));
	default:
		return NULL;
	}
}

static void cert_sans_from(tv_arena *a, gnutls_subject_alt_names_t sans,
			   tv_cert *out)
{
	unsigned type, count = 0;
	gnutls_datum_t d, oid;

	while (gnutls_subject_alt_names_get(sans, count, &type, &d, &oid) == 0)
		count++;
	if (!count)
		return;
	out->san = tv_arena_alloc(a, count * sizeof *out->san);
	for (unsigned i = 0; i < count; i++) {
		const char *s;

		if (gnutls_subject_alt_names_get(sans, i, &type, &d, &oid))
			break;
		s = san_text(a, type, &d);
		if (s)
			out->san[out->n_san++] = s;
	}
}

static void cert_sans(tv_arena *a, gnutls_x509_crt_t crt, tv_cert *out)
{
	gnutls_datum_t ext = {NULL, 0};
	gnutls_subject_alt_names_t sans;
	unsigned critical;

	if (gnutls_x509_crt_get_extension_by_oid2(crt, OID_SAN, 0, &ext,
						  &critical) < 0)
		return;
	if (gnutls_subject_alt_names_init(&sans) == 0) {
		if (gnutls_x509_ext_import_subject_alt_names(&ext, sans, 0) ==
		    0)
			cert_sans_from(a, sans, out);
		gnutls_subject_alt_names_deinit(sans);
	}
	gnutls_free(ext.data);
}

static const struct {
	gnutls_pk_algorithm_t pk;
	const char *name;
} pk_names[] = {
    {GNUTLS_PK_RSA, "RSA"},	      {GNUTLS_PK_RSA_PSS, "RSA-PSS"},
    {GNUTLS_PK_DSA, "DSA"},	      {GNUTLS_PK_DH, "DH"},
    {GNUTLS_PK_ECDSA, "EC"},	      {GNUTLS_PK_ECDH_X25519, "X25519"},
    {GNUTLS_PK_ECDH_X448, "X448"},    {GNUTLS_PK_EDDSA_ED25519, "Ed25519"},
    {GNUTLS_PK_EDDSA_ED448, "Ed448"},
};

/* An OID GnuTLS returns as text ("1.2.840..."), for what it cannot name. */
typedef int (*crt_oid_fn)(gnutls_x509_crt_t, char *, size_t *);

static const char *cert_oid(tv_arena *a, gnutls_x509_crt_t crt, crt_oid_fn fn)
{
	char oid[128];
	size_t n = sizeof oid;

	if (fn(crt, oid, &n) < 0)
		return NULL;
	return tv_arena_strndup(a, oid, strnlen(oid, sizeof oid));
}

/* Lower-case GnuTLS curve name: "secp256r1", "x25519". */
static const char *cert_curve(tv_arena *a, gnutls_x509_crt_t crt)
{
	gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
	gnutls_datum_t x = {NULL, 0}, y = {NULL, 0};
	const char *name;
	char *s;

	if (gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y) < 0)
		return NULL;
	gnutls_free(x.data);
	gnutls_free(y.data);
	name = gnutls_ecc_curve_get_name(curve);
	if (!name)
		return NULL;
	s = tv_arena_strdup(a, name);
	for (char *c = s; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return s;
}

static void cert_key(tv_arena *a, gnutls_x509_crt_t crt, tv_cert *out)
{
	unsigned bits = 0;
	int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);

	out->key_bits = bits;
	for (size_t i = 0; i < sizeof pk_names / sizeof pk_names[0]; i++)
		if ((int)pk_names[i].pk == pk)
			out->key_algorithm = pk_names[i].name;
	if (!out->key_algorithm && pk > 0 && gnutls_pk_get_name(pk))
		out->key_algorithm = gnutls_pk_get_name(pk);
	if (!out->key_algorithm)
		out->key_algorithm =
		    cert_oid(a, crt, gnutls_x509_crt_get_pk_oid);
	/* Edwards keys name their curve in the algorithm already. */
	if (pk == GNUTLS_PK_ECDSA || pk == GNUTLS_PK_ECDH_X25519 ||
	    pk == GNUTLS_PK_ECDH_X448)
		out->key_curve = cert_curve(a, crt);
}

static const char *cert_sigalg(tv_arena *a, gnutls_x509_crt_t crt)
{
	int sa = gnutls_x509_crt_get_signature_algorithm(crt);
	const char *name = sa > 0 ? gnutls_sign_get_name(sa) : NULL;

	return name ? name
		    : cert_oid(a, crt, gnutls_x509_crt_get_signature_oid);
}

/*
 * Without DO_NOT_ALLOW_SAME GnuTLS finds the certificate in its own trusted
 * list and reports success without checking any signature; DISABLE_CA_SIGN
 * lets a self-signed leaf (cA false) verify itself too.
 */
#define SELF_VERIFY_FLAGS                                                      \
	(GNUTLS_VERIFY_DO_NOT_ALLOW_SAME | GNUTLS_VERIFY_DISABLE_CA_SIGN |     \
	 GNUTLS_VERIFY_DISABLE_TIME_CHECKS |                                   \
	 GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |                           \
	 GNUTLS_VERIFY_DISABLE_CRL_CHECKS | GNUTLS_VERIFY_ALLOW_BROKEN |       \
	 GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1)

static bool cert_self_signed(gnutls_x509_crt_t crt)
{
	unsigned status = 0;

	if (!gnutls_x509_crt_check_issuer(crt, crt))
		return false;
	if (gnutls_x509_crt_verify(crt, &crt, 1, SELF_VERIFY_FLAGS, &status) <
	    0)
		return false;
	return !(status & (GNUTLS_CERT_SIGNATURE_FAILURE |
			   GNUTLS_CERT_SIGNER_NOT_FOUND));
}

static int64_t cert_time(time_t t)
{
	return t == (time_t)-1 ? 0 : (int64_t)t;
}

static void cert_fill(tv_arena *a, gnutls_x509_crt_t crt, tv_cert *out)
{
	unsigned critical = 0, ca = 0;

	out->subject = cert_dn(a, crt, false);
	out->issuer = cert_dn(a, crt, true);
	out->serial = cert_serial(a, crt);
	out->not_before = cert_time(gnutls_x509_crt_get_activation_time(crt));
	out->not_after = cert_time(gnutls_x509_crt_get_expiration_time(crt));
	cert_sans(a, crt, out);
	cert_key(a, crt, out);
	out->signature_algorithm = cert_sigalg(a, crt);
	out->version = gnutls_x509_crt_get_version(crt);
	if (out->version < 0)
		out->version = 0;
	out->is_ca = gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca,
							   NULL) >= 0 &&
		     ca;
	out->self_signed = cert_self_signed(crt);
}

/* ---- the parse cache ---- */

/*
 * Captures repeat the same few chains thousands of times.  What
 * tv_cert_parse makes is a function of the DER alone, so it is kept per
 * DER (compared byte for byte) and copied into the caller's arena on a
 * hit: the output is the same, without GnuTLS's import, DN strings,
 * digests and self-signature check.
 */
static tv_memo *parse_cache;
static bool parse_cache_off;

static tv_memo *cache(void)
{
	if (!parse_cache && !parse_cache_off) {
		const char *e = getenv("TLSVIEW_NO_CERT_CACHE");

		parse_cache_off = e && *e && strcmp(e, "0");
		if (!parse_cache_off)
			parse_cache = tv_memo_new(PARSE_CACHE_ENTRIES,
						  PARSE_CACHE_BYTES);
	}
	return parse_cache;
}

void tv_cert_cache_free(void)
{
	tv_memo_free(parse_cache);
	parse_cache = NULL;
}

static const char *dup_str(tv_arena *a, const char *s)
{
	return s ? tv_arena_strdup(a, s) : NULL;
}

/* Everything but position and the borrowed DER, into a. */
static void cert_copy(tv_arena *a, const tv_cert *src, tv_cert *dst)
{
	int position = dst->position;

	*dst = *src;
	dst->position = position;
	dst->subject = dup_str(a, src->subject);
	dst->issuer = dup_str(a, src->issuer);
	dst->serial = dup_str(a, src->serial);
	dst->key_algorithm = dup_str(a, src->key_algorithm);
	dst->key_curve = dup_str(a, src->key_curve);
	dst->signature_algorithm = dup_str(a, src->signature_algorithm);
	dst->error = dup_str(a, src->error);
	if (src->n_san) {
		const char **san = tv_arena_alloc(a, src->n_san * sizeof *san);

		for (size_t i = 0; i < src->n_san; i++)
			san[i] = dup_str(a, src->san[i]);
		dst->san = san;
	}
}

static void cache_put(tv_memo *m, const tv_cert *c)
{
	tv_arena a;
	tv_cert *keep;

	tv_arena_init(&a);
	keep = tv_arena_alloc(&a, sizeof *keep);
	cert_copy(&a, c, keep);
	keep->der = NULL;
	tv_memo_put(m, c->der, c->der_len, &a, keep);
}

static bool parse(tv_arena *a, const uint8_t *der, size_t len, tv_cert *out);

bool tv_cert_parse(tv_arena *a, const uint8_t *der, size_t len, tv_cert *out)
{
	tv_memo *m = len ? cache() : NULL;
	const tv_cert *hit = m ? tv_memo_get(m, der, len) : NULL;
	bool ok;

	if (hit) {
		cert_copy(a, hit, out);
		out->der = der;
		out->der_len = len;
		return !out->error;
	}
	ok = parse(a, der, len, out);
	if (m)
		cache_put(m, out);
	return ok;
}

static bool parse(tv_arena *a, const uint8_t *der, size_t len, tv_cert *out)
{
	int position = out->position;
	gnutls_x509_crt_t crt;
	gnutls_datum_t d = {(unsigned char *)der, (unsigned)len};
	int r;

	memset(out, 0, sizeof *out);
	out->position = position;
	out->der = der;
	out->der_len = len;
	cert_digests(der, len, out);
	if (!len) {
		out->error = "the certificate is empty";
		return false;
	}
	if (len > UINT32_MAX) {
		out->error = "the certificate is too large to parse";
		return false;
	}
	r = gnutls_x509_crt_init(&crt);
	if (r < 0) {
		out->error =
		    tv_arena_printf(a, "the certificate cannot be parsed: %s",
				    gnutls_strerror(r));
		return false;
	}
	r = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER);
	if (r < 0) {
		out->error =
		    tv_arena_printf(a, "the certificate is not valid DER: %s",
				    gnutls_strerror(r));
		gnutls_x509_crt_deinit(crt);
		return false;
	}
	cert_fill(a, crt, out);
	gnutls_x509_crt_deinit(crt);
	return true;
}

tv_cert *tv_certlist_push(tv_arena *a, tv_certlist *l)
{
	/* Capacity is the next power of two >= n, as tv_u16list_push. */
	if (l->n >= 4 && (l->n & (l->n - 1)) == 0) {
		tv_cert *nv = tv_arena_alloc(a, 2 * l->n * sizeof *nv);

		memcpy(nv, l->v, l->n * sizeof *nv);
		l->v = nv;
	} else if (l->n == 0) {
		l->v = tv_arena_alloc(a, 4 * sizeof *l->v);
	}
	tv_cert *c = &l->v[l->n];

	memset(c, 0, sizeof *c);
	c->position = (int)l->n++;
	return c;
}

static bool read_whole_file(const char *path, tv_buf *b, tv_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	if (!f) {
		tv_error_set(err, TV_IO, "%s: %s", path, strerror(errno));
		return false;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len + n > CERT_FILE_MAX) {
			tv_error_set(
			    err, TV_LIMIT,
			    "%s: larger than %u MiB, not a certificate file",
			    path, CERT_FILE_MAX >> 20);
			fclose(f);
			return false;
		}
		tv_buf_add(b, chunk, n);
	}
	if (ferror(f)) {
		tv_error_set(err, TV_IO, "%s: %s", path, strerror(errno));
		fclose(f);
		return false;
	}
	fclose(f);
	return true;
}

static const char pem_begin[] = "-----BEGIN CERTIFICATE-----";
static const char pem_end[] = "-----END CERTIFICATE-----";

/* Decode one BEGIN..END block into the arena and parse it. */
static bool load_pem_block(tv_arena *a, const char *path, size_t index,
			   const char *begin, size_t len, tv_certlist *out,
			   tv_error *err)
{
	gnutls_datum_t in = {(unsigned char *)begin, (unsigned)len};
	gnutls_datum_t der = {NULL, 0};
	int r = gnutls_pem_base64_decode2("CERTIFICATE", &in, &der);
	tv_cert *c;

	if (r < 0) {
		tv_error_set(err, TV_MALFORMED,
			     "%s: certificate %zu: bad PEM data: %s", path,
			     index + 1, gnutls_strerror(r));
		return false;
	}
	c = tv_certlist_push(a, out);
	/* A block that decodes but does not parse is kept with its error. */
	tv_cert_parse(a, tv_arena_memdup(a, der.data, der.size), der.size, c);
	gnutls_free(der.data);
	return true;
}

static bool load_pem(tv_arena *a, const char *path, const tv_buf *b,
		     tv_certlist *out, tv_error *err)
{
	const char *p = b->p, *end = b->p + b->len;
	size_t found = 0;

	while ((p = memmem(p, (size_t)(end - p), pem_begin,
			   sizeof pem_begin - 1))) {
		const char *stop =
		    memmem(p, (size_t)(end - p), pem_end, sizeof pem_end - 1);

		if (!stop) {
			tv_error_set(err, TV_MALFORMED,
				     "%s: certificate %zu has no END line",
				     path, found + 1);
			return false;
		}
		stop += sizeof pem_end - 1;
		if (!load_pem_block(a, path, found, p, (size_t)(stop - p), out,
				    err))
			return false;
		found++;
		p = stop;
	}
	if (!found) {
		tv_error_set(err, TV_MALFORMED,
			     "%s: a PEM file without any CERTIFICATE block",
			     path);
		return false;
	}
	return true;
}

static bool load_der(tv_arena *a, const char *path, const tv_buf *b,
		     tv_certlist *out, tv_error *err)
{
	const uint8_t *der = tv_arena_memdup(a, b->p, b->len);
	tv_cert *c = tv_certlist_push(a, out);

	if (tv_cert_parse(a, der, b->len, c))
		return true;
	tv_error_set(err, TV_MALFORMED, "%s: not PEM, and %s", path, c->error);
	return false;
}

bool tv_cert_load_file(tv_arena *a, const char *path, tv_certlist *out,
		       tv_error *err)
{
	size_t had = out->n;
	tv_buf b;
	bool ok = false;

	tv_buf_init(&b);
	if (!read_whole_file(path, &b, err))
		goto done;
	if (b.len == 0) {
		tv_error_set(err, TV_MALFORMED, "%s: empty file", path);
		goto done;
	}
	if (memmem(b.p, b.len, "-----BEGIN ", 11))
		ok = load_pem(a, path, &b, out, err);
	else
		ok = load_der(a, path, &b, out, err);
done:
	if (!ok)
		out->n = had; /* all of the file or none of it */
	tv_buf_free(&b);
	return ok;
}
