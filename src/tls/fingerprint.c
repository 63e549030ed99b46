/*
 * JA3 / JA3S (Salesforce) and JA4 / JA4_r (FoxIO technical_details/JA4.md)
 * from the raw hello lists; see spec/fingerprints.md for the vectors.
 * GREASE values (RFC 8701) are left out of every list and count.
 */
#include "tls/fingerprint.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "tls/registry.h"
#include "util/arena.h"
#include "util/buf.h"

#define EXT_SERVER_NAME 0x0000
#define EXT_ALPN	0x0010
#define JA4_COUNT_MAX	99
#define JA4_HASH_LEN	12
#define JA4_EMPTY_HASH	"000000000000"

static const char hex_digits[] = "0123456789abcdef";

/* An empty string when GnuTLS refuses the digest (MD5 in strict FIPS). */
static void digest_hex(gnutls_digest_algorithm_t alg, size_t len, const void *p,
		       size_t n, char *out)
{
	uint8_t d[32];

	if (gnutls_hash_fast(alg, n ? p : "", n, d) < 0) {
		out[0] = '\0';
		return;
	}
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hex_digits[d[i] >> 4];
		out[2 * i + 1] = hex_digits[d[i] & 15];
	}
	out[2 * len] = '\0';
}

void tls_md5_hex(const void *p, size_t n, char out[33])
{
	digest_hex(GNUTLS_DIG_MD5, 16, p, n, out);
}

void tls_sha256_hex(const void *p, size_t n, char out[65])
{
	digest_hex(GNUTLS_DIG_SHA256, 32, p, n, out);
}

/* ---- JA3 / JA3S ---- */

/* Decimal values joined by '-', GREASE left out. */
static void ja3_list(tv_buf *b, const tv_u16list *l)
{
	bool first = true;

	for (size_t i = 0; i < l->n; i++) {
		if (tls_is_grease(l->v[i]))
			continue;
		tv_buf_printf(b, first ? "%u" : "-%u", (unsigned)l->v[i]);
		first = false;
	}
}

/* Store s and its MD5 in the connection's arena. */
static void ja3_finish(tv_conn *conn, const tv_buf *b, const char **str,
		       const char **hash)
{
	char md5[33];

	tls_md5_hex(b->p, b->len, md5);
	*str = tv_arena_strndup(&conn->arena, b->p, b->len);
	*hash = md5[0] ? tv_arena_strdup(&conn->arena, md5) : NULL;
}

static void ja3_compute(tv_conn *conn, tv_buf *b)
{
	const tv_hello_info *ch = &conn->ch;

	tv_buf_reset(b);
	tv_buf_printf(b, "%u,", (unsigned)ch->legacy_version);
	ja3_list(b, &ch->ciphers);
	tv_buf_addc(b, ',');
	ja3_list(b, &ch->extensions);
	tv_buf_addc(b, ',');
	ja3_list(b, &ch->groups);
	tv_buf_addc(b, ',');
	ja3_list(b, &ch->ec_point_formats);
	ja3_finish(conn, b, &conn->ja3, &conn->ja3_hash);
}

static void ja3s_compute(tv_conn *conn, tv_buf *b)
{
	const tv_hello_info *sh = &conn->sh;

	tv_buf_reset(b);
	tv_buf_printf(b, "%u,%u,", (unsigned)sh->legacy_version,
		      (unsigned)sh->cipher);
	ja3_list(b, &sh->extensions);
	ja3_finish(conn, b, &conn->ja3s, &conn->ja3s_hash);
}

/* ---- JA4 ---- */

static const struct {
	uint16_t version;
	char code[3];
} ja4_versions[] = {
    {0x0304, "13"}, {0x0303, "12"}, {0x0302, "11"},
    {0x0301, "10"}, {0x0300, "s3"}, {0x0002, "s2"},
    {0xfeff, "d1"}, {0xfefd, "d2"}, {0xfefc, "d3"},
};

/* The highest non-GREASE supported_versions value, else legacy_version. */
static const char *ja4_version(const tv_hello_info *ch)
{
	unsigned v = ch->legacy_version;
	bool seen = false;

	for (size_t i = 0; i < ch->versions.n; i++) {
		unsigned s = ch->versions.v[i];

		if (tls_is_grease(s) || (seen && s <= v))
			continue;
		v = s;
		seen = true;
	}
	for (size_t i = 0; i < sizeof ja4_versions / sizeof ja4_versions[0];
	     i++)
		if (ja4_versions[i].version == v)
			return ja4_versions[i].code;
	return "00";
}

static bool list_has(const tv_u16list *l, uint16_t v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

static size_t count_non_grease(const tv_u16list *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += !tls_is_grease(l->v[i]);
	return n < JA4_COUNT_MAX ? n : JA4_COUNT_MAX;
}

static bool is_alnum_byte(uint8_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

/*
 * First and last character of the first ALPN value, "00" without one;
 * when either end byte is not alphanumeric, the first and last hex digit
 * of the whole value instead (so 0x30 0xab gives "3b").
 */
static void ja4_alpn(const tv_conn *conn, char out[3])
{
	const tv_bytes *a =
	    conn->n_alpn_offered ? &conn->alpn_offered[0] : NULL;

	out[0] = out[1] = '0';
	out[2] = '\0';
	if (!a || !a->p || !a->n)
		return;
	uint8_t first = a->p[0], last = a->p[a->n - 1];

	if (is_alnum_byte(first) && is_alnum_byte(last)) {
		out[0] = (char)first;
		out[1] = (char)last;
	} else {
		out[0] = hex_digits[first >> 4];
		out[1] = hex_digits[last & 15];
	}
}

static int cmp_u16(const void *x, const void *y)
{
	uint16_t a = *(const uint16_t *)x, b = *(const uint16_t *)y;

	return (a > b) - (a < b);
}

/* GREASE-free values as 4-digit hex joined by ','; optionally sorted and
 * without SNI and ALPN (JA4 part c).  Returns how many were written. */
static size_t ja4_hex_list(tv_buf *b, const tv_u16list *l, bool sort,
			   bool drop_sni_alpn)
{
	uint16_t *v = tv_xmalloc(l->n * sizeof *v);
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++) {
		uint16_t x = l->v[i];

		if (tls_is_grease(x) ||
		    (drop_sni_alpn && (x == EXT_SERVER_NAME || x == EXT_ALPN)))
			continue;
		v[n++] = x;
	}
	if (sort)
		qsort(v, n, sizeof *v, cmp_u16);
	for (size_t i = 0; i < n; i++)
		tv_buf_printf(b, i ? ",%04x" : "%04x", (unsigned)v[i]);
	free(v);
	return n;
}

/* The first 12 hex digits of SHA-256, or twelve zeros for an empty list. */
static void ja4_hash(const tv_buf *b, size_t items, char out[13])
{
	char sha[65];

	if (!items) {
		memcpy(out, JA4_EMPTY_HASH, sizeof JA4_EMPTY_HASH);
		return;
	}
	tls_sha256_hex(b->p, b->len, sha);
	memcpy(out, sha, JA4_HASH_LEN);
	out[JA4_HASH_LEN] = '\0';
}

static void ja4_compute(tv_conn *conn, tv_buf *b)
{
	const tv_hello_info *ch = &conn->ch;
	char a[16], alpn[3], hb[13], hc[13];
	tv_buf ciphers, exts;
	size_t n_ciphers, n_exts;
	bool sni = ch->has_sni || list_has(&ch->extensions, EXT_SERVER_NAME);

	ja4_alpn(conn, alpn);
	/* TCP only: tlsview never sees QUIC or DTLS hellos. */
	snprintf(a, sizeof a, "t%s%c%02zu%02zu%s", ja4_version(ch),
		 sni ? 'd' : 'i', count_non_grease(&ch->ciphers),
		 count_non_grease(&ch->extensions), alpn);

	tv_buf_init(&ciphers);
	tv_buf_init(&exts);
	n_ciphers = ja4_hex_list(&ciphers, &ch->ciphers, true, false);
	n_exts = ja4_hex_list(&exts, &ch->extensions, true, true);
	tv_buf_addc(&exts, '_');
	if (!ja4_hex_list(&exts, &ch->sigalgs, false, false))
		exts.p[--exts.len] = '\0'; /* no sigalgs: no trailing '_' */
	ja4_hash(&ciphers, n_ciphers, hb);
	ja4_hash(&exts, n_exts, hc);

	tv_buf_reset(b);
	tv_buf_printf(b, "%s_%s_%s", a, hb, hc);
	conn->ja4 = tv_arena_strndup(&conn->arena, b->p, b->len);
	tv_buf_reset(b);
	tv_buf_printf(b, "%s_%.*s_%.*s", a, (int)ciphers.len,
		      ciphers.p ? ciphers.p : "", (int)exts.len, exts.p);
	conn->ja4_r = tv_arena_strndup(&conn->arena, b->p, b->len);
	tv_buf_free(&ciphers);
	tv_buf_free(&exts);
}

void tls_fingerprints_compute(tv_conn *conn)
{
	tv_buf b;

	tv_buf_init(&b);
	if (conn->ch.seen) {
		ja3_compute(conn, &b);
		ja4_compute(conn, &b);
	}
	if (conn->sh.seen)
		ja3s_compute(conn, &b);
	tv_buf_free(&b);
}
