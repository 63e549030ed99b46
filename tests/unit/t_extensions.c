/*
 * TLS extensions: every extension decodes to the members its RFC names,
 * with exact byte ranges, in each message it can appear in; GREASE and
 * unknown types are kept; the connection summary (SNI, ALPN, hello lists)
 * is filled; a malformed body is reported on its element while later
 * extensions still decode; broken outer framing fails the block; every
 * prefix and byte flip of a real block decodes without a crash.
 *
 * The real blocks are the extensions of hellos in tests/corpus, taken with
 *   tshark -r FILE -Y 'tls.handshake.type==1' -T fields -e tcp.payload
 * Every block is decoded as if it sat at offset BASE of its message.
 */
#include <stdlib.h>
#include <string.h>

#include "model/conn.h"
#include "model/field.h"
#include "tap.h"
#include "tls/extensions.h"
#include "util/cursor.h"

#define BASE 100

/* tls13-ecdsa-alpn: OpenSSL 3.0 client's ClientHello (198 bytes) */
static const uint8_t alpn_ch[] = {
	0x00, 0xc4, 0x00, 0x00, 0x00, 0x15, 0x00, 0x13, 0x00, 0x00, 0x10, 0x77,
	0x77, 0x77, 0x2e, 0x72, 0x65, 0x66, 0x65, 0x72, 0x65, 0x65, 0x2e, 0x74,
	0x65, 0x73, 0x74, 0x00, 0x0b, 0x00, 0x04, 0x03, 0x00, 0x01, 0x02, 0x00,
	0x0a, 0x00, 0x16, 0x00, 0x14, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x1e, 0x00,
	0x19, 0x00, 0x18, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01,
	0x04, 0x00, 0x23, 0x00, 0x00, 0x00, 0x10, 0x00, 0x0e, 0x00, 0x0c, 0x02,
	0x68, 0x32, 0x08, 0x68, 0x74, 0x74, 0x70, 0x2f, 0x31, 0x2e, 0x31, 0x00,
	0x16, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x2a, 0x00,
	0x28, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x07, 0x08, 0x08, 0x08,
	0x09, 0x08, 0x0a, 0x08, 0x0b, 0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04,
	0x01, 0x05, 0x01, 0x06, 0x01, 0x03, 0x03, 0x03, 0x01, 0x03, 0x02, 0x04,
	0x02, 0x05, 0x02, 0x06, 0x02, 0x00, 0x2b, 0x00, 0x09, 0x08, 0x03, 0x04,
	0x03, 0x03, 0x03, 0x02, 0x03, 0x01, 0x00, 0x2d, 0x00, 0x02, 0x01, 0x01,
	0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20, 0x5d, 0x6b,
	0x47, 0xaf, 0x14, 0xf7, 0xae, 0x26, 0xe3, 0xb7, 0xaf, 0x36, 0xd8, 0x5c,
	0x81, 0xeb, 0x83, 0xab, 0x39, 0xbb, 0x7e, 0xf5, 0x40, 0xec, 0x6a, 0x0e,
	0x86, 0x26, 0xa8, 0x67, 0xf4, 0x6e,
};

/* tls13-ecdsa-alpn: its ServerHello (48 bytes) */
static const uint8_t alpn_sh[] = {
	0x00, 0x2e, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04, 0x00, 0x33, 0x00, 0x24,
	0x00, 0x1d, 0x00, 0x20, 0xf2, 0xb5, 0xdd, 0xd2, 0xcd, 0x75, 0xbf, 0x0a,
	0x14, 0xee, 0xf3, 0x57, 0x86, 0x35, 0xb7, 0x17, 0x1e, 0xe0, 0x4a, 0x01,
	0xfd, 0x80, 0xca, 0x45, 0x0f, 0x2e, 0x3d, 0xd7, 0x76, 0xcc, 0xd2, 0x5e,
};

/* tls13-hrr: the HelloRetryRequest (asks for secp256r1) (14 bytes) */
static const uint8_t hrr[] = {
	0x00, 0x0c, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04, 0x00, 0x33, 0x00, 0x02,
	0x00, 0x17,
};

/* tls13-resume: the resuming ClientHello (pre_shared_key) (451 bytes) */
static const uint8_t resume_ch[] = {
	0x01, 0xc1, 0x00, 0x00, 0x00, 0x15, 0x00, 0x13, 0x00, 0x00, 0x10, 0x77,
	0x77, 0x77, 0x2e, 0x72, 0x65, 0x66, 0x65, 0x72, 0x65, 0x65, 0x2e, 0x74,
	0x65, 0x73, 0x74, 0x00, 0x0b, 0x00, 0x04, 0x03, 0x00, 0x01, 0x02, 0x00,
	0x0a, 0x00, 0x16, 0x00, 0x14, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x1e, 0x00,
	0x19, 0x00, 0x18, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01,
	0x04, 0x00, 0x23, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00, 0x17, 0x00,
	0x00, 0x00, 0x0d, 0x00, 0x2a, 0x00, 0x28, 0x04, 0x03, 0x05, 0x03, 0x06,
	0x03, 0x08, 0x07, 0x08, 0x08, 0x08, 0x09, 0x08, 0x0a, 0x08, 0x0b, 0x08,
	0x04, 0x08, 0x05, 0x08, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x03,
	0x03, 0x03, 0x01, 0x03, 0x02, 0x04, 0x02, 0x05, 0x02, 0x06, 0x02, 0x00,
	0x2b, 0x00, 0x09, 0x08, 0x03, 0x04, 0x03, 0x03, 0x03, 0x02, 0x03, 0x01,
	0x00, 0x2d, 0x00, 0x02, 0x01, 0x01, 0x00, 0x33, 0x00, 0x26, 0x00, 0x24,
	0x00, 0x1d, 0x00, 0x20, 0x48, 0xa2, 0xc0, 0xaa, 0x12, 0x57, 0x77, 0xb9,
	0xb1, 0x51, 0xba, 0xcf, 0xfd, 0xad, 0x31, 0x2a, 0x32, 0xe1, 0xda, 0xa3,
	0xd4, 0x3d, 0x8d, 0xb7, 0x01, 0x5f, 0x07, 0x3a, 0xfb, 0x81, 0x77, 0x2a,
	0x00, 0x29, 0x01, 0x0b, 0x00, 0xd6, 0x00, 0xd0, 0x8a, 0x1a, 0x5b, 0xf0,
	0x44, 0x18, 0x21, 0xaa, 0xcc, 0xee, 0xb6, 0x6d, 0xc9, 0x06, 0x43, 0x82,
	0x10, 0xdc, 0xd0, 0xbd, 0x6a, 0xdb, 0xeb, 0x98, 0x7b, 0xd9, 0xc9, 0x03,
	0x8e, 0xee, 0x38, 0xe4, 0xf0, 0xf2, 0x76, 0x0b, 0xab, 0x13, 0xf9, 0x75,
	0x3d, 0x73, 0x2c, 0x5f, 0xa2, 0x3a, 0x2b, 0xd1, 0xfe, 0x0e, 0x28, 0x96,
	0x84, 0x78, 0x0e, 0xce, 0x26, 0x97, 0xc4, 0xe2, 0x91, 0x55, 0x72, 0xa7,
	0xaa, 0x68, 0xc8, 0xcc, 0x12, 0x01, 0x78, 0x9b, 0x21, 0xe3, 0x03, 0x71,
	0xa1, 0xc9, 0x55, 0x8f, 0x49, 0xda, 0x99, 0x84, 0xd2, 0x13, 0x5c, 0x9e,
	0x92, 0x9f, 0x76, 0x1d, 0xf7, 0x57, 0x8d, 0x9c, 0x91, 0x3c, 0x95, 0x43,
	0x89, 0x05, 0x2e, 0xd7, 0x8e, 0x55, 0xe7, 0x17, 0x64, 0x8c, 0x57, 0xfd,
	0x71, 0x84, 0x9c, 0xd6, 0x36, 0x88, 0xe9, 0xb8, 0x39, 0xd0, 0x0c, 0x7c,
	0xda, 0x55, 0x42, 0x9c, 0xc1, 0xf7, 0xf9, 0x4e, 0xbe, 0xa6, 0x2a, 0x00,
	0x86, 0x1a, 0xd8, 0xcf, 0xc6, 0x07, 0x03, 0xd8, 0xbb, 0xfb, 0x47, 0xf4,
	0x79, 0xe5, 0xc5, 0x3b, 0x9d, 0x87, 0xae, 0x92, 0xca, 0x5d, 0x5f, 0x16,
	0xfb, 0x1f, 0x6b, 0x1c, 0x3d, 0x52, 0x0c, 0x0d, 0xa0, 0x62, 0xdb, 0x1f,
	0x7e, 0x8c, 0xae, 0x02, 0xf6, 0x44, 0xd4, 0x7a, 0xe1, 0x58, 0xe2, 0xe2,
	0xfa, 0xc5, 0x17, 0xe8, 0xf0, 0x7c, 0xe6, 0x5f, 0x38, 0xaf, 0xf2, 0x71,
	0xf2, 0x74, 0x24, 0x22, 0x05, 0xa8, 0xe3, 0xfa, 0x10, 0x09, 0x76, 0x42,
	0xad, 0x7a, 0xf1, 0x97, 0x00, 0x31, 0x30, 0x9e, 0x0a, 0x78, 0x38, 0x0b,
	0xe3, 0xf4, 0xfa, 0xd8, 0x50, 0x34, 0xe8, 0x05, 0x62, 0x8d, 0x79, 0xeb,
	0x4d, 0x7c, 0x39, 0xd9, 0x0b, 0x75, 0xce, 0xd8, 0x39, 0x0a, 0x6a, 0xeb,
	0x9d, 0x1e, 0xa9, 0x66, 0x23, 0x07, 0xe0, 0x00, 0x9e, 0x1a, 0x64, 0xb5,
	0x0e, 0xf2, 0x15, 0x5a, 0x88, 0x3c, 0x06,
};

/* tls13-resume: its ServerHello (selected_identity 0) (54 bytes) */
static const uint8_t resume_sh[] = {
	0x00, 0x34, 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04, 0x00, 0x33, 0x00, 0x24,
	0x00, 0x1d, 0x00, 0x20, 0x12, 0x24, 0xc1, 0x2d, 0x80, 0x5a, 0xd2, 0xb9,
	0xdd, 0x0a, 0x77, 0xfb, 0xb9, 0x4b, 0xf1, 0xdb, 0xff, 0x89, 0x45, 0x6b,
	0x06, 0xa0, 0x05, 0x14, 0x56, 0x6e, 0x1b, 0x94, 0x9f, 0xd3, 0x8b, 0x26,
	0x00, 0x29, 0x00, 0x02, 0x00, 0x00,
};

/* gnutls-tls13-peers: GnuTLS 3.7 client's ClientHello (275 bytes) */
static const uint8_t gnutls_ch[] = {
	0x01, 0x11, 0x00, 0x05, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x0a, 0x00, 0x16, 0x00, 0x14, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19, 0x00,
	0x1d, 0x00, 0x1e, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01,
	0x04, 0x00, 0x0b, 0x00, 0x02, 0x01, 0x00, 0x00, 0x0d, 0x00, 0x22, 0x00,
	0x20, 0x04, 0x01, 0x08, 0x09, 0x08, 0x04, 0x04, 0x03, 0x08, 0x07, 0x05,
	0x01, 0x08, 0x0a, 0x08, 0x05, 0x05, 0x03, 0x08, 0x08, 0x06, 0x01, 0x08,
	0x0b, 0x08, 0x06, 0x06, 0x03, 0x02, 0x01, 0x02, 0x03, 0x00, 0x10, 0x00,
	0x0b, 0x00, 0x09, 0x08, 0x68, 0x74, 0x74, 0x70, 0x2f, 0x31, 0x2e, 0x31,
	0x00, 0x16, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x23, 0x00, 0x00,
	0x00, 0x33, 0x00, 0x6b, 0x00, 0x69, 0x00, 0x17, 0x00, 0x41, 0x04, 0x99,
	0xa8, 0x9f, 0xf4, 0xd7, 0x6c, 0x59, 0xe1, 0xaf, 0x6c, 0xbe, 0x14, 0x00,
	0x4a, 0xfa, 0x4e, 0xa0, 0xe6, 0xc2, 0x31, 0xb5, 0xdc, 0xc4, 0x3d, 0x08,
	0xb9, 0x89, 0x53, 0x6f, 0x3a, 0xa4, 0x75, 0x99, 0x23, 0xb4, 0x30, 0x16,
	0x5f, 0x85, 0xbb, 0x9e, 0x73, 0xba, 0xfa, 0x30, 0xa9, 0x8f, 0xbf, 0x9a,
	0xdc, 0x3c, 0x4e, 0x37, 0x11, 0x32, 0xa3, 0xce, 0x55, 0x64, 0xdc, 0xaf,
	0x82, 0xc6, 0x78, 0x00, 0x1d, 0x00, 0x20, 0xfe, 0x24, 0xf0, 0x44, 0xef,
	0x08, 0x53, 0x1f, 0xcd, 0x88, 0xe5, 0x94, 0xf0, 0xd8, 0x4b, 0x9a, 0xc7,
	0xca, 0x4a, 0x53, 0x6f, 0x31, 0xef, 0xb9, 0x89, 0x62, 0x4a, 0xac, 0x7e,
	0x2b, 0x9b, 0x46, 0x00, 0x2b, 0x00, 0x09, 0x08, 0x03, 0x04, 0x03, 0x03,
	0x03, 0x02, 0x03, 0x01, 0xff, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x15, 0x00, 0x13, 0x00, 0x00, 0x10, 0x77, 0x77, 0x77, 0x2e, 0x72, 0x65,
	0x66, 0x65, 0x72, 0x65, 0x65, 0x2e, 0x74, 0x65, 0x73, 0x74, 0x00, 0x2d,
	0x00, 0x03, 0x02, 0x01, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x40, 0x01,
};


/* The EncryptedExtensions of tls13-ecdsa-alpn (decrypted with its key
 * log): ALPN selecting "h2". */
static const uint8_t alpn_ee[] = {
	0x00, 0x09, 0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 0x68, 0x32,
};

/* The CertificateRequest of gnutls-tls13-peers (decrypted):
 * signature_algorithms and an empty status_request. */
static const uint8_t gnutls_cr[] = {
	0x00, 0x2a, 0x00, 0x0d, 0x00, 0x22, 0x00, 0x20, 0x04, 0x01, 0x08,
	0x09, 0x08, 0x04, 0x04, 0x03, 0x08, 0x07, 0x05, 0x01, 0x08, 0x0a,
	0x08, 0x05, 0x05, 0x03, 0x08, 0x08, 0x06, 0x01, 0x08, 0x0b, 0x08,
	0x06, 0x06, 0x03, 0x02, 0x01, 0x02, 0x03, 0x00, 0x05, 0x00, 0x00,
};

/* --- harness ------------------------------------------------------------ */

typedef struct dec {
	tv_conn *conn;
	tv_field *root;
	tv_cur_err err;
	tv_cur c;
	bool ok;
} dec;

static tv_hello_info *hello_for(tv_conn *conn, tls_ext_where w)
{
	if (w == TLS_EXT_CLIENT_HELLO)
		return &conn->ch;
	if (w == TLS_EXT_SERVER_HELLO || w == TLS_EXT_HELLO_RETRY_REQUEST)
		return &conn->sh;
	return NULL;
}

/* Decode into an existing connection (so summaries can accumulate). */
static void dec_more(dec *d, const uint8_t *p, size_t n, tls_ext_where w)
{
	d->root = tvf_object(&d->conn->arena, NULL, NULL, BASE, n);
	cur_init(&d->c, p, n, BASE, &d->err);
	d->ok = tls_extensions_decode(d->conn, d->root, &d->c, w,
				      hello_for(d->conn, w));
}

static void dec_run(dec *d, const uint8_t *p, size_t n, tls_ext_where w)
{
	d->conn = tv_conn_new();
	dec_more(d, p, n, w);
}

static void dec_free(dec *d)
{
	tv_conn_free(d->conn);
	d->conn = NULL;
}

static tv_field *exts(const dec *d)
{
	return tvf_get(d->root, "extensions");
}

static tv_field *nth(const tv_field *arr, size_t i)
{
	tv_field *f = arr ? arr->first : NULL;

	while (f && i--)
		f = f->next;
	return f;
}

static bool text_eq(const tv_field *f, const char *s)
{
	return f && f->kind == TVF_STRING && f->nbytes == strlen(s) &&
	       memcmp(f->bytes, s, f->nbytes) == 0;
}

/* The first extension element whose type name is name. */
static tv_field *ext_named(const dec *d, const char *name)
{
	for (tv_field *e = exts(d) ? exts(d)->first : NULL; e; e = e->next)
		if (text_eq(tvf_get(e, "type"), name))
			return e;
	return NULL;
}

/* A field's bytes as a C string (STRING) or lower-case hex (HEX). */
static const char *show(const tv_field *f)
{
	static char buf[4][1024];
	static int k;
	char *b = buf[k++ % 4];

	if (!f)
		return "(absent)";
	if (f->kind == TVF_STRING) {
		size_t n = f->nbytes < 1023 ? f->nbytes : 1023;
		memcpy(b, f->bytes, n);
		b[n] = '\0';
	} else if (f->kind == TVF_HEX) {
		size_t n = f->nbytes < 511 ? f->nbytes : 511;
		for (size_t i = 0; i < n; i++)
			snprintf(b + 2 * i, 3, "%02x", f->bytes[i]);
		b[2 * n] = '\0';
	} else {
		snprintf(b, 1024, "(kind %d)", (int)f->kind);
	}
	return b;
}

static void is_num(const tv_field *f, uint64_t v, const char *label,
		   const char *name)
{
	bool lab = label ? f && f->label && strcmp(f->label, label) == 0
			 : f && !f->label;

	if (!ok(f && f->kind == TVF_UINT && f->num == v && lab, "%s", name))
		diag("  got %s %llu label %s, want %llu label %s",
		     f ? "UINT" : "(absent)",
		     f ? (unsigned long long)f->num : 0,
		     f && f->label ? f->label : "(none)",
		     (unsigned long long)v, label ? label : "(none)");
}

static void is_range(const tv_field *f, size_t off, size_t len,
		     const char *name)
{
	if (!ok(f && f->off == off && f->len == len, "%s covers [%zu, +%zu)",
		name, off, len))
		diag("  got [%u, +%u)", f ? f->off : 0, f ? f->len : 0);
}

/* Every field lies inside its parent and inside the block. */
static bool ranges_nest(const tv_field *f, size_t lo, size_t hi)
{
	if (f->off < lo || (size_t)f->off + f->len > hi)
		return false;
	for (const tv_field *ch = f->first; ch; ch = ch->next)
		if (!ranges_nest(ch, f->off, (size_t)f->off + f->len))
			return false;
	return true;
}

/* A one-extension block built from a body. */
static void one(dec *d, tls_ext_where w, unsigned type, const uint8_t *body,
		size_t n)
{
	static uint8_t b[1024];

	b[0] = (uint8_t)((n + 4) >> 8);
	b[1] = (uint8_t)(n + 4);
	b[2] = (uint8_t)(type >> 8);
	b[3] = (uint8_t)type;
	b[4] = (uint8_t)(n >> 8);
	b[5] = (uint8_t)n;
	if (n)
		memcpy(b + 6, body, n);
	dec_run(d, b, n + 6, w);
}

#define BYTES(...) (const uint8_t[]){ __VA_ARGS__ }, \
	sizeof((const uint8_t[]){ __VA_ARGS__ })

/* The only extension of a one-extension block; body starts at BASE + 6. */
static tv_field *only(const dec *d)
{
	return nth(exts(d), 0);
}

/* No member beyond type, type_id, length and no error. */
static void is_bare(const dec *d, const char *name)
{
	tv_field *e = only(d);

	ok(d->ok && e && e->count == 3 && !tvf_get(e, "error"),
	   "%s: no members beyond type, type_id, length", name);
}

static void no_error(const dec *d, const char *name)
{
	tv_field *e = tvf_get(only(d), "error");

	if (!ok(d->ok && cur_ok(&d->c) && !e, "%s decodes without error",
		name))
		diag("  error: %s; cursor: %s", show(e), d->err.what);
}

/* --- the real ClientHello ---------------------------------------------- */

static void test_real_client_hello(void)
{
	static const uint16_t types[] = { 0, 11, 10, 35, 16, 22,
					  23, 13, 43, 45, 51 };
	static const uint16_t groups[] = { 0x1d, 0x17, 0x1e, 0x19, 0x18,
					   0x100, 0x101, 0x102, 0x103, 0x104 };
	dec d;
	tv_field *arr, *e, *f;
	tv_hello_info *ch;
	bool same = true;

	dec_run(&d, alpn_ch, sizeof alpn_ch, TLS_EXT_CLIENT_HELLO);
	ch = &d.conn->ch;
	ok(d.ok && cur_ok(&d.c) && cur_left(&d.c) == 0,
	   "real ClientHello: the block decodes and is consumed exactly");
	arr = exts(&d);
	is_range(arr, BASE, sizeof alpn_ch, "extensions array");
	is_int(arr ? arr->count : 0, 11, "eleven extensions");
	ok(ranges_nest(d.root, BASE, BASE + sizeof alpn_ch),
	   "every field's range lies inside its parent's");
	for (size_t i = 0; i < 11; i++) {
		e = nth(arr, i);
		same = same && e && tvf_get(e, "type_id") &&
		       tvf_get(e, "type_id")->num == types[i] &&
		       !tvf_get(e, "error");
	}
	ok(same, "type_ids in wire order, none with an error");

	e = nth(arr, 0);
	ok(text_eq(tvf_get(e, "type"), "server_name"), "type is the name");
	is_num(tvf_get(e, "type_id"), 0, "server_name", "type_id labelled");
	is_range(tvf_get(e, "type_id"), BASE + 2, 2, "type_id");
	is_num(tvf_get(e, "length"), 21, NULL, "server_name length");
	is_range(tvf_get(e, "length"), BASE + 4, 2, "length");
	is_range(e, BASE + 2, 25, "server_name element (type+length+body)");
	f = tvf_path(nth(tvf_get(e, "server_name_list"), 0), "host_name");
	is_str(show(f), "www.referee.test", "host_name");
	is_range(f, BASE + 9, 18, "host_name (with its length)");
	is_num(tvf_path(nth(tvf_get(e, "server_name_list"), 0), "name_type"),
	       0, "host_name", "name_type");

	e = ext_named(&d, "ec_point_formats");
	f = tvf_get(e, "ec_point_format_list");
	is_range(f, BASE + 31, 4, "ec_point_format_list");
	is_int(f ? f->count : 0, 3, "three point formats");
	is_num(nth(f, 0), 0, "uncompressed", "first point format");
	is_range(nth(f, 2), BASE + 34, 1, "third point format");

	e = ext_named(&d, "supported_groups");
	f = tvf_get(e, "named_group_list");
	is_int(f ? f->count : 0, 10, "ten groups");
	is_num(nth(f, 0), 0x1d, "x25519", "first group x25519");
	is_num(nth(f, 1), 0x17, "secp256r1", "second group secp256r1");
	is_range(nth(f, 1), BASE + 43, 2, "second group");

	is_range(ext_named(&d, "session_ticket"), BASE + 61, 4,
		 "empty session_ticket");
	ok(ext_named(&d, "session_ticket")->count == 3,
	   "empty session_ticket has no members");
	ok(ext_named(&d, "extended_master_secret")->count == 3 &&
		   ext_named(&d, "encrypt_then_mac")->count == 3,
	   "flag extensions have no members");

	e = ext_named(&d, "application_layer_protocol_negotiation");
	f = tvf_get(e, "protocol_name_list");
	is_int(f ? f->count : 0, 2, "two ALPN protocols");
	is_str(show(nth(f, 0)), "h2", "first protocol h2");
	is_str(show(nth(f, 1)), "http/1.1", "second protocol http/1.1");
	is_range(nth(f, 1), BASE + 74, 9, "http/1.1 (with its length)");

	e = ext_named(&d, "signature_algorithms");
	f = tvf_get(e, "supported_signature_algorithms");
	is_int(f ? f->count : 0, 20, "twenty signature schemes");
	is_num(nth(f, 0), 0x0403, "ecdsa_secp256r1_sha256", "first scheme");
	is_num(nth(f, 3), 0x0807, "ed25519", "fourth scheme");

	e = ext_named(&d, "supported_versions");
	f = tvf_get(e, "versions");
	is_int(f ? f->count : 0, 4, "four versions");
	is_num(nth(f, 0), 0x0304, "TLS 1.3", "first version");
	is_range(f, BASE + 141, 9, "versions (with length byte)");

	f = tvf_get(ext_named(&d, "psk_key_exchange_modes"), "ke_modes");
	is_num(nth(f, 0), 1, "psk_dhe_ke", "ke_mode");

	e = ext_named(&d, "key_share");
	f = nth(tvf_get(e, "client_shares"), 0);
	is_num(tvf_get(f, "group"), 0x1d, "x25519", "key share group");
	is_range(tvf_get(f, "group"), BASE + 162, 2, "key share group");
	is_range(tvf_get(f, "key_exchange"), BASE + 164, 34,
		 "key_exchange (with its length)");
	is_int(tvf_get(f, "key_exchange")->nbytes, 32, "32-byte x25519 key");
	is_str(show(tvf_get(f, "key_exchange")),
	       "5d6b47af14f7ae26e3b7af36d85c81eb"
	       "83ab39bb7ef540ec6a0e8626a867f46e",
	       "key_exchange bytes");

	/* the summary */
	ok(d.conn->sni.p && d.conn->sni.n == 16 &&
		   memcmp(d.conn->sni.p, "www.referee.test", 16) == 0,
	   "conn->sni is the host_name");
	ok(d.conn->sni.p != alpn_ch + 11, "conn->sni is a copy");
	is_int(d.conn->n_alpn_offered, 2, "two ALPN protocols offered");
	ok(d.conn->n_alpn_offered == 2 && d.conn->alpn_offered[1].n == 8 &&
		   memcmp(d.conn->alpn_offered[1].p, "http/1.1", 8) == 0,
	   "alpn_offered in wire order");
	ok(!d.conn->alpn_selected.p, "a ClientHello selects nothing");
	ok(ch->extensions.n == 11 &&
		   memcmp(ch->extensions.v, types, sizeof types) == 0,
	   "hello->extensions: every type in wire order");
	ok(ch->groups.n == 10 &&
		   memcmp(ch->groups.v, groups, sizeof groups) == 0,
	   "hello->groups");
	ok(ch->ec_point_formats.n == 3 && ch->ec_point_formats.v[2] == 2,
	   "hello->ec_point_formats");
	ok(ch->sigalgs.n == 20 && ch->sigalgs.v[0] == 0x0403 &&
		   ch->sigalgs.v[19] == 0x0602,
	   "hello->sigalgs");
	ok(ch->versions.n == 4 && ch->versions.v[0] == 0x0304 &&
		   ch->versions.v[3] == 0x0301,
	   "hello->versions");
	ok(ch->has_sni && !ch->has_ticket && !ch->has_psk,
	   "has_sni; an empty session_ticket is no ticket; no psk");
	ok(d.conn->n_notes == 0, "no notes for a clean block");

	/* The second ClientHello after an HRR replaces the lists. */
	dec_more(&d, alpn_ch, sizeof alpn_ch, TLS_EXT_CLIENT_HELLO);
	ok(ch->extensions.n == 11 && ch->groups.n == 10 &&
		   d.conn->n_alpn_offered == 2,
	   "decoding a ClientHello again replaces, not appends");
	dec_free(&d);
}

/* --- other real blocks -------------------------------------------------- */

static void test_real_server_hello(void)
{
	dec d;
	tv_field *e, *f;

	dec_run(&d, alpn_sh, sizeof alpn_sh, TLS_EXT_SERVER_HELLO);
	ok(d.ok && cur_left(&d.c) == 0, "real ServerHello decodes");
	e = ext_named(&d, "supported_versions");
	is_num(tvf_get(e, "selected_version"), 0x0304, "TLS 1.3",
	       "ServerHello selected_version");
	is_range(tvf_get(e, "selected_version"), BASE + 6, 2,
		 "selected_version");
	f = tvf_get(ext_named(&d, "key_share"), "server_share");
	ok(f && f->kind == TVF_OBJECT, "ServerHello key_share: server_share");
	is_num(tvf_get(f, "group"), 0x1d, "x25519", "server_share group");
	is_range(f, BASE + 12, 36, "server_share object");
	is_int(tvf_get(f, "key_exchange") ? tvf_get(f, "key_exchange")->nbytes
					  : 0,
	       32, "server key 32 bytes");
	ok(d.conn->sh.extensions.n == 2 && d.conn->sh.extensions.v[0] == 43 &&
		   d.conn->sh.extensions.v[1] == 51,
	   "sh.extensions");
	ok(d.conn->sh.versions.n == 1 && d.conn->sh.versions.v[0] == 0x0304,
	   "sh.versions is the selected version");
	ok(!d.conn->sh.has_psk && !d.conn->ch.extensions.n,
	   "no psk; the ClientHello summary untouched");
	dec_free(&d);

	dec_run(&d, hrr, sizeof hrr, TLS_EXT_HELLO_RETRY_REQUEST);
	ok(d.ok, "real HelloRetryRequest decodes");
	is_num(tvf_get(ext_named(&d, "key_share"), "selected_group"), 0x17,
	       "secp256r1", "HRR key_share: selected_group");
	is_num(tvf_get(ext_named(&d, "supported_versions"), "selected_version"),
	       0x0304, "TLS 1.3", "HRR selected_version");
	ok(d.conn->sh.versions.n == 1, "HRR fills the server hello summary");
	dec_free(&d);

	dec_run(&d, resume_sh, sizeof resume_sh, TLS_EXT_SERVER_HELLO);
	is_num(tvf_get(ext_named(&d, "pre_shared_key"), "selected_identity"), 0,
	       NULL, "resumed ServerHello: selected_identity 0");
	is_range(tvf_get(ext_named(&d, "pre_shared_key"), "selected_identity"),
		 BASE + 52, 2, "selected_identity");
	ok(d.conn->sh.has_psk, "sh.has_psk");
	dec_free(&d);
}

static void test_real_psk_client_hello(void)
{
	dec d;
	tv_field *e, *id, *b;

	dec_run(&d, resume_ch, sizeof resume_ch, TLS_EXT_CLIENT_HELLO);
	ok(d.ok && cur_left(&d.c) == 0, "resuming ClientHello decodes");
	e = ext_named(&d, "pre_shared_key");
	is_range(e, BASE + 180, 271, "pre_shared_key is the last extension");
	is_range(tvf_get(e, "identities"), BASE + 184, 216, "identities");
	id = nth(tvf_get(e, "identities"), 0);
	is_range(tvf_get(id, "identity"), BASE + 186, 210,
		 "identity (with its length)");
	is_int(tvf_get(id, "identity")->nbytes, 208, "208-byte ticket");
	is_num(tvf_get(id, "obfuscated_ticket_age"), 2910515607u, NULL,
	       "obfuscated_ticket_age");
	is_range(tvf_get(id, "obfuscated_ticket_age"), BASE + 396, 4,
		 "obfuscated_ticket_age");
	b = tvf_get(e, "binders");
	is_int(b ? b->count : 0, 1, "one binder");
	is_range(nth(b, 0), BASE + 402, 49, "binder (with its length)");
	is_int(nth(b, 0)->nbytes, 48, "SHA-384 binder");
	ok(d.conn->ch.has_psk && !d.conn->ch.has_ticket, "ch.has_psk");
	dec_free(&d);
}

static void test_real_gnutls(void)
{
	dec d;
	tv_field *e;

	dec_run(&d, gnutls_ch, sizeof gnutls_ch, TLS_EXT_CLIENT_HELLO);
	ok(d.ok && cur_left(&d.c) == 0, "GnuTLS ClientHello decodes");
	e = ext_named(&d, "status_request");
	is_num(tvf_get(e, "status_type"), 1, "ocsp", "status_type ocsp");
	is_range(tvf_get(e, "responder_id_list"), BASE + 7, 2,
		 "empty responder_id_list");
	is_range(tvf_get(e, "request_extensions"), BASE + 9, 2,
		 "empty request_extensions");
	is_range(tvf_get(ext_named(&d, "renegotiation_info"),
			 "renegotiated_connection"),
		 BASE + 236, 1, "empty renegotiated_connection");
	is_num(tvf_get(ext_named(&d, "record_size_limit"), "record_size_limit"),
	       16385, NULL, "record_size_limit");
	e = tvf_get(ext_named(&d, "psk_key_exchange_modes"), "ke_modes");
	is_num(nth(e, 1), 0, "psk_ke", "second ke_mode psk_ke");
	is_str(show(tvf_path(nth(tvf_get(ext_named(&d, "server_name"),
					 "server_name_list"),
				     0),
			     "host_name")),
	       "www.referee.test", "SNI after other extensions");
	ok(d.conn->n_alpn_offered == 1 && d.conn->alpn_offered[0].n == 8,
	   "alpn_offered: http/1.1");
	is_int(d.conn->ch.extensions.n, 14, "fourteen extension types");
	dec_free(&d);

	dec_run(&d, gnutls_cr, sizeof gnutls_cr, TLS_EXT_CERTIFICATE_REQUEST);
	ok(d.ok, "GnuTLS CertificateRequest decodes");
	is_num(nth(tvf_get(ext_named(&d, "signature_algorithms"),
			   "supported_signature_algorithms"),
		   0),
	       0x0401, "rsa_pkcs1_sha256", "CertificateRequest sigalgs");
	ok(ext_named(&d, "status_request")->count == 3,
	   "empty status_request in a CertificateRequest");
	ok(!d.conn->ch.sigalgs.n && !d.conn->sh.extensions.n,
	   "a CertificateRequest updates no hello summary");
	dec_free(&d);

	dec_run(&d, alpn_ee, sizeof alpn_ee, TLS_EXT_ENCRYPTED_EXTENSIONS);
	ok(d.ok, "EncryptedExtensions decodes");
	ok(d.conn->alpn_selected.p && d.conn->alpn_selected.n == 2 &&
		   memcmp(d.conn->alpn_selected.p, "h2", 2) == 0,
	   "EncryptedExtensions ALPN sets alpn_selected");
	dec_free(&d);
}

/* --- each extension where it appears ------------------------------------ */

static void test_server_name_places(void)
{
	dec d;
	tv_field *e;

	one(&d, TLS_EXT_SERVER_HELLO, 0, NULL, 0);
	is_bare(&d, "server_name in a ServerHello (empty)");
	ok(!d.conn->sni.p, "a ServerHello sets no SNI");
	dec_free(&d);
	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 0, NULL, 0);
	is_bare(&d, "server_name in EncryptedExtensions (empty)");
	dec_free(&d);

	/* a name of an unknown type first, then the host_name */
	one(&d, TLS_EXT_CLIENT_HELLO, 0,
	    BYTES(0, 11, 7, 0, 2, 0xaa, 0xbb, 0, 0, 3, 'a', '.', 'b'));
	no_error(&d, "server_name with two names");
	e = tvf_get(only(&d), "server_name_list");
	is_num(tvf_get(nth(e, 0), "name_type"), 7, NULL,
	       "unknown name_type unlabelled");
	is_str(show(tvf_get(nth(e, 0), "name")), "aabb",
	       "unknown name type kept as HEX name");
	is_range(nth(e, 1), BASE + 13, 6, "second entry");
	ok(d.conn->sni.n == 3 && memcmp(d.conn->sni.p, "a.b", 3) == 0,
	   "conn->sni is the first host_name, not the first name");
	dec_free(&d);
}

static void test_small_client_extensions(void)
{
	dec d;
	tv_field *f;

	one(&d, TLS_EXT_CLIENT_HELLO, 1, BYTES(4));
	is_num(tvf_get(only(&d), "max_fragment_length"), 4, "2^12",
	       "max_fragment_length");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 15, BYTES(1));
	is_num(tvf_get(only(&d), "mode"), 1, "peer_allowed_to_send",
	       "heartbeat mode");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 14, BYTES(0, 4, 0, 1, 0, 7, 1, 0x5a));
	f = tvf_get(only(&d), "protection_profiles");
	is_num(nth(f, 0), 1, "SRTP_AES128_CM_HMAC_SHA1_80", "use_srtp profile");
	is_num(nth(f, 1), 7, "SRTP_AEAD_AES_128_GCM", "second profile");
	is_str(show(tvf_get(only(&d), "srtp_mki")), "5a", "srtp_mki");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 12, BYTES(3, 'b', 'o', 'b'));
	is_str(show(tvf_get(only(&d), "srp_i")), "bob", "srp identity");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 24, BYTES(0, 13, 1, 2));
	is_num(tvf_get(only(&d), "minor_version"), 13, NULL,
	       "token_binding minor_version");
	is_num(nth(tvf_get(only(&d), "key_parameters_list"), 0), 2,
	       "ecdsap256", "token_binding key parameter");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 27, BYTES(4, 0, 2, 0, 1));
	f = tvf_get(only(&d), "algorithms");
	is_num(nth(f, 0), 2, "brotli", "compress_certificate brotli");
	is_num(nth(f, 1), 1, "zlib", "compress_certificate zlib");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 50, BYTES(0, 2, 4, 3));
	is_num(nth(tvf_get(only(&d), "supported_signature_algorithms"), 0),
	       0x0403, "ecdsa_secp256r1_sha256", "signature_algorithms_cert");
	ok(!d.conn->ch.sigalgs.n,
	   "signature_algorithms_cert is not hello->sigalgs");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 17,
	    BYTES(0, 7, 2, 0, 4, 0, 0, 0, 0));
	f = nth(tvf_get(only(&d), "certificate_status_req_list"), 0);
	is_num(tvf_get(f, "status_type"), 2, "ocsp_multi",
	       "status_request_v2 item");
	is_range(tvf_get(f, "request"), BASE + 9, 6, "its request");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 58, BYTES(2, 1));
	is_num(tvf_get(only(&d), "new_session_count"), 2, NULL,
	       "ticket_request new_session_count");
	is_num(tvf_get(only(&d), "resumption_count"), 1, NULL,
	       "ticket_request resumption_count");
	dec_free(&d);
	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 58, BYTES(3));
	is_num(tvf_get(only(&d), "expected_count"), 3, NULL,
	       "ticket_request in EncryptedExtensions: expected_count");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 44, BYTES(0, 3, 1, 2, 3));
	is_str(show(tvf_get(only(&d), "cookie")), "010203", "cookie");
	is_range(tvf_get(only(&d), "cookie"), BASE + 6, 5, "cookie range");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 54, BYTES(2, 0xaa, 0xbb));
	is_str(show(tvf_get(only(&d), "cid")), "aabb", "connection_id cid");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 57, BYTES(1, 2, 3));
	is_str(show(tvf_get(only(&d), "transport_parameters")), "010203",
	       "quic_transport_parameters kept whole");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 64768, BYTES(4, 0, 10, 0, 13));
	f = tvf_get(only(&d), "outer_extensions");
	is_num(nth(f, 1), 13, "signature_algorithms",
	       "ech_outer_extensions labelled with extension names");
	dec_free(&d);

	one(&d, TLS_EXT_SERVER_HELLO, 65281, BYTES(2, 0xaa, 0xbb));
	is_str(show(tvf_get(only(&d), "renegotiated_connection")), "aabb",
	       "renegotiation_info in a ServerHello");
	dec_free(&d);
}

static void test_certificate_types(void)
{
	dec d;

	one(&d, TLS_EXT_CLIENT_HELLO, 19, BYTES(2, 0, 2));
	is_num(nth(tvf_get(only(&d), "client_certificate_types"), 1), 2,
	       "RawPublicKey", "client_certificate_type list in a ClientHello");
	dec_free(&d);
	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 20, BYTES(2));
	is_num(tvf_get(only(&d), "server_certificate_type"), 2,
	       "RawPublicKey", "server_certificate_type chosen");
	dec_free(&d);
	one(&d, TLS_EXT_SERVER_HELLO, 9, BYTES(0));
	is_num(tvf_get(only(&d), "certificate_type"), 0, "X509",
	       "RFC 6091 cert_type chosen in a ServerHello");
	dec_free(&d);
}

static void test_groups_elsewhere(void)
{
	dec d;

	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 10, BYTES(0, 2, 0x11, 0xec));
	is_num(nth(tvf_get(only(&d), "named_group_list"), 0), 0x11ec,
	       "X25519MLKEM768", "server's supported_groups");
	ok(!d.conn->ch.groups.n, "EncryptedExtensions groups are no hello's");
	dec_free(&d);
}

static void test_alpn_server_hello(void)
{
	dec d;
	static const uint8_t tls13[] = {
		0, 15, 0, 16, 0, 5, 0, 3, 2, 'h', '2',
		0, 43, 0, 2, 3, 4,
	};

	one(&d, TLS_EXT_SERVER_HELLO, 16, BYTES(0, 9, 8, 'h', 't', 't', 'p',
						  '/', '1', '.', '1'));
	ok(d.conn->alpn_selected.n == 8 &&
		   memcmp(d.conn->alpn_selected.p, "http/1.1", 8) == 0,
	   "TLS 1.2 ServerHello ALPN sets alpn_selected");
	dec_free(&d);

	dec_run(&d, tls13, sizeof tls13, TLS_EXT_SERVER_HELLO);
	ok(d.ok && !d.conn->alpn_selected.p,
	   "ALPN in a TLS 1.3 ServerHello (supported_versions after it) "
	   "selects nothing");
	dec_free(&d);
}

static void test_status_and_sct(void)
{
	dec d;
	tv_field *s;
	uint8_t sct[2 + 2 + 1 + 32 + 8 + 2 + 2 + 4 + 2];
	size_t n = 0;

	one(&d, TLS_EXT_CERTIFICATE_ENTRY, 5, BYTES(1, 0, 0, 3, 0xaa, 0xbb,
						      0xcc));
	no_error(&d, "status_request in a Certificate entry");
	is_str(show(tvf_get(only(&d), "ocsp_response")), "aabbcc",
	       "OCSP response");
	is_range(tvf_get(only(&d), "ocsp_response"), BASE + 7, 6,
		 "OCSP response with its 3-byte length");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 18, NULL, 0);
	is_bare(&d, "signed_certificate_timestamp in a ClientHello");
	dec_free(&d);

	/* sct_list<2> { SerializedSCT<2> { v1, log_id, timestamp,
	 * extensions<2> = {}, sha256, ecdsa, signature<2> = 4 bytes } } */
	sct[n++] = 0;
	sct[n++] = 53;
	sct[n++] = 0;
	sct[n++] = 51;
	sct[n++] = 0;
	for (int i = 0; i < 32; i++)
		sct[n++] = (uint8_t)i;
	for (int i = 0; i < 8; i++) /* 0x0000018d12345678 ms */
		sct[n++] = (uint8_t[]){ 0, 0, 1, 0x8d, 0x12, 0x34, 0x56,
					0x78 }[i];
	sct[n++] = 0;
	sct[n++] = 0;
	sct[n++] = 4;
	sct[n++] = 3;
	sct[n++] = 0;
	sct[n++] = 4;
	for (int i = 0; i < 4; i++)
		sct[n++] = 0xee;
	one(&d, TLS_EXT_CERTIFICATE_ENTRY, 18, sct, n);
	no_error(&d, "SCT list in a Certificate entry");
	s = nth(tvf_get(only(&d), "sct_list"), 0);
	is_range(s, BASE + 8, 53, "the SCT (with its length)");
	is_num(tvf_get(s, "version"), 0, "v1", "SCT version");
	is_str(show(tvf_get(s, "log_id")),
	       "000102030405060708090a0b0c0d0e0f"
	       "101112131415161718191a1b1c1d1e1f",
	       "SCT log_id");
	is_num(tvf_get(s, "timestamp"), 0x18d12345678ull, NULL,
	       "64-bit SCT timestamp");
	is_range(tvf_get(s, "timestamp"), BASE + 43, 8, "timestamp");
	is_num(tvf_get(s, "hash_algorithm"), 4, "sha256", "SCT hash");
	is_num(tvf_get(s, "signature_algorithm"), 3, "ecdsa", "SCT sig alg");
	is_str(show(tvf_get(s, "signature")), "eeeeeeee", "SCT signature");
	dec_free(&d);

	one(&d, TLS_EXT_SERVER_HELLO, 18, BYTES(0, 4, 0, 2, 1, 9));
	is_str(show(tvf_get(nth(tvf_get(only(&d), "sct_list"), 0), "data")),
	       "09", "an SCT of an unknown version is kept as data");
	dec_free(&d);
}

static void test_padding(void)
{
	dec d;

	one(&d, TLS_EXT_CLIENT_HELLO, 21, BYTES(0, 0, 0, 0, 0));
	is_num(tvf_get(only(&d), "padding_length"), 5, NULL, "padding_length");
	is_range(tvf_get(only(&d), "padding_length"), BASE + 6, 5,
		 "padding covers its bytes");
	ok(tvf_get(only(&d), "all_zero")->num == 1, "all-zero padding");
	dec_free(&d);
	one(&d, TLS_EXT_CLIENT_HELLO, 21, BYTES(0, 1, 0));
	ok(tvf_get(only(&d), "all_zero")->num == 0, "non-zero padding seen");
	dec_free(&d);
}

static void test_tickets_and_early_data(void)
{
	dec d;

	one(&d, TLS_EXT_CLIENT_HELLO, 35, BYTES(0xde, 0xad));
	is_str(show(tvf_get(only(&d), "ticket")), "dead", "session ticket");
	ok(d.conn->ch.has_ticket, "a non-empty session_ticket sets has_ticket");
	dec_free(&d);
	one(&d, TLS_EXT_SERVER_HELLO, 35, NULL, 0);
	is_bare(&d, "session_ticket in a ServerHello");
	dec_free(&d);

	one(&d, TLS_EXT_NEW_SESSION_TICKET, 42, BYTES(0, 0, 0x40, 0));
	is_num(tvf_get(only(&d), "max_early_data_size"), 16384, NULL,
	       "early_data in a NewSessionTicket");
	dec_free(&d);
	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 42, NULL, 0);
	is_bare(&d, "early_data in EncryptedExtensions");
	dec_free(&d);
	one(&d, TLS_EXT_CLIENT_HELLO, 42, BYTES(1));
	is_str(show(tvf_get(only(&d), "error")),
	       "early_data: extension body: 1 unexpected trailing bytes",
	       "a byte in a ClientHello early_data is an error");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 49, NULL, 0);
	is_bare(&d, "post_handshake_auth");
	dec_free(&d);
	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 41, BYTES(0, 0));
	is_str(show(tvf_get(only(&d), "data")), "0000",
	       "pre_shared_key where it cannot be is kept as data");
	dec_free(&d);
}

static void test_certificate_request_extensions(void)
{
	/* Name: O=Example (PrintableString), CN=Test CA (UTF8String) */
	static const uint8_t ca[] = {
		0x00, 0x28, 0x00, 0x26, 0x30, 0x24,
		0x31, 0x10, 0x30, 0x0e, 0x06, 0x03, 0x55, 0x04, 0x0a,
		0x13, 0x07, 'E', 'x', 'a', 'm', 'p', 'l', 'e',
		0x31, 0x10, 0x30, 0x0e, 0x06, 0x03, 0x55, 0x04, 0x03,
		0x0c, 0x07, 'T', 'e', 's', 't', ' ', 'C', 'A',
	};
	dec d;
	tv_field *a;

	one(&d, TLS_EXT_CERTIFICATE_REQUEST, 47, ca, sizeof ca);
	no_error(&d, "certificate_authorities");
	a = nth(tvf_get(only(&d), "authorities"), 0);
	is_range(tvf_get(a, "distinguished_name"), BASE + 8, 40,
		 "DER name (with its length)");
	is_str(show(tvf_get(a, "dn")), "CN=Test CA,O=Example",
	       "RFC 4514 text from GnuTLS");
	dec_free(&d);

	one(&d, TLS_EXT_CERTIFICATE_REQUEST, 47, BYTES(0, 4, 0, 2, 0x05, 0));
	ok(d.ok && !tvf_get(nth(tvf_get(only(&d), "authorities"), 0), "dn") &&
		   tvf_get(nth(tvf_get(only(&d), "authorities"), 0),
			   "distinguished_name"),
	   "a name GnuTLS cannot read keeps its DER, no text");
	dec_free(&d);

	one(&d, TLS_EXT_CERTIFICATE_REQUEST, 48,
	    BYTES(0, 8, 3, 0x55, 0x1d, 0x25, 0, 2, 0x30, 0));
	a = nth(tvf_get(only(&d), "filters"), 0);
	is_str(show(tvf_get(a, "certificate_extension_oid")), "551d25",
	       "oid_filters OID");
	is_str(show(tvf_get(a, "certificate_extension_values")), "3000",
	       "oid_filters values");
	dec_free(&d);
}

static void test_delegated_credential(void)
{
	dec d;
	tv_field *c;

	one(&d, TLS_EXT_CLIENT_HELLO, 34, BYTES(0, 2, 8, 7));
	is_num(nth(tvf_get(only(&d), "supported_signature_algorithms"), 0),
	       0x0807, "ed25519", "delegated_credential schemes");
	dec_free(&d);
	one(&d, TLS_EXT_CERTIFICATE_ENTRY, 34,
	    BYTES(0, 0, 0, 0x10, 8, 7, 0, 0, 2, 0xaa, 0xbb, 4, 3, 0, 2, 0xcc,
		  0xdd));
	no_error(&d, "a delegated credential in a Certificate entry");
	c = tvf_get(only(&d), "cred");
	is_num(tvf_get(c, "valid_time"), 16, NULL, "valid_time");
	is_range(c, BASE + 6, 11, "cred");
	is_num(tvf_get(only(&d), "algorithm"), 0x0403,
	       "ecdsa_secp256r1_sha256", "credential signature algorithm");
	is_str(show(tvf_get(only(&d), "signature")), "ccdd", "signature");
	dec_free(&d);
}

static void test_key_share_elsewhere(void)
{
	dec d;

	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 51, BYTES(0, 0x1d));
	is_str(show(tvf_get(only(&d), "data")), "001d",
	       "key_share in EncryptedExtensions is kept as data");
	dec_free(&d);
	one(&d, TLS_EXT_HELLO_RETRY_REQUEST, 44, BYTES(0, 1, 0x42));
	is_str(show(tvf_get(only(&d), "cookie")), "42", "HRR cookie");
	dec_free(&d);
}

static void test_npn_and_alps(void)
{
	dec d;
	tv_field *f;

	one(&d, TLS_EXT_CLIENT_HELLO, 13172, NULL, 0);
	is_bare(&d, "next_protocol_negotiation in a ClientHello");
	dec_free(&d);
	one(&d, TLS_EXT_SERVER_HELLO, 13172,
	    BYTES(2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'));
	f = tvf_get(only(&d), "protocols");
	is_int(f ? f->count : 0, 2, "NPN: the server lists two protocols");
	is_str(show(nth(f, 1)), "http/1.1", "NPN second protocol");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 17513, BYTES(0, 3, 2, 'h', '2'));
	is_str(show(nth(tvf_get(only(&d), "supported_protocols"), 0)), "h2",
	       "ALPS (old code point): protocols");
	ok(text_eq(tvf_get(only(&d), "type"), "application_settings_old"),
	   "ALPS old code point named");
	dec_free(&d);
	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 17613, BYTES(1, 2));
	is_str(show(tvf_get(only(&d), "application_settings")), "0102",
	       "ALPS settings in EncryptedExtensions");
	dec_free(&d);
}

static void test_ech(void)
{
	dec d;
	tv_field *e;

	one(&d, TLS_EXT_CLIENT_HELLO, 65037,
	    BYTES(0, 0, 1, 0, 1, 7, 0, 2, 0xaa, 0xbb, 0, 3, 1, 2, 3));
	no_error(&d, "outer ECH");
	e = only(&d);
	is_num(tvf_get(e, "ech_type"), 0, "outer", "ECH type outer");
	is_num(tvf_path(e, "cipher_suite.kdf_id"), 1, "HKDF-SHA256", "kdf_id");
	is_num(tvf_path(e, "cipher_suite.aead_id"), 1, "AES-128-GCM",
	       "aead_id");
	is_range(tvf_get(e, "cipher_suite"), BASE + 7, 4, "cipher_suite");
	is_num(tvf_get(e, "config_id"), 7, NULL, "config_id");
	is_num(tvf_get(e, "enc_length"), 2, NULL, "enc_length");
	is_str(show(tvf_get(e, "enc")), "aabb", "enc");
	is_range(tvf_get(e, "enc"), BASE + 14, 2, "enc data");
	is_num(tvf_get(e, "payload_length"), 3, NULL, "payload_length");
	is_str(show(tvf_get(e, "payload")), "010203", "payload");
	dec_free(&d);

	one(&d, TLS_EXT_CLIENT_HELLO, 65037, BYTES(1));
	no_error(&d, "inner ECH");
	ok(only(&d)->count == 4, "inner ECH has only its type");
	dec_free(&d);

	one(&d, TLS_EXT_ENCRYPTED_EXTENSIONS, 65037,
	    BYTES(0, 4, 0xde, 0xad, 0xbe, 0xef));
	is_num(tvf_get(only(&d), "retry_configs_length"), 4, NULL,
	       "retry_configs_length");
	is_str(show(tvf_get(only(&d), "retry_configs")), "deadbeef",
	       "retry_configs");
	dec_free(&d);

	one(&d, TLS_EXT_HELLO_RETRY_REQUEST, 65037,
	    BYTES(1, 2, 3, 4, 5, 6, 7, 8));
	is_str(show(tvf_get(only(&d), "confirmation")), "0102030405060708",
	       "HRR ECH confirmation");
	dec_free(&d);
}

/* --- GREASE and unknown types ------------------------------------------ */

static void test_grease_and_unknown(void)
{
	static const uint8_t b[] = {
		0, 21,
		0x0a, 0x0a, 0, 0,	/* GREASE, empty */
		0x12, 0x34, 0, 3, 1, 2, 3, /* unassigned */
		0, 25, 0, 1, 9,		/* cached_info (no decoder) */
		0xfa, 0xfa, 0, 1, 0,	/* GREASE with a byte */
	};
	dec d;
	tv_field *e;

	dec_run(&d, b, sizeof b, TLS_EXT_CLIENT_HELLO);
	ok(d.ok && exts(&d)->count == 4, "GREASE and unknown types decode");
	e = nth(exts(&d), 0);
	ok(text_eq(tvf_get(e, "type"), "GREASE"), "GREASE type name");
	is_num(tvf_get(e, "type_id"), 0x0a0a, "GREASE", "GREASE type_id label");
	ok(e && e->count == 3, "empty GREASE has no members");
	e = nth(exts(&d), 1);
	ok(text_eq(tvf_get(e, "type"), "unknown"), "unassigned type: unknown");
	is_num(tvf_get(e, "type_id"), 0x1234, NULL, "unassigned: no label");
	is_str(show(tvf_get(e, "data")), "010203", "unknown body as data");
	is_range(tvf_get(e, "data"), BASE + 10, 3, "data range");
	e = nth(exts(&d), 2);
	ok(text_eq(tvf_get(e, "type"), "cached_info"),
	   "a registered type without a decoder keeps its name");
	is_str(show(tvf_get(e, "data")), "09", "and its body as data");
	is_str(show(tvf_get(nth(exts(&d), 3), "data")), "00",
	       "GREASE body as data");
	ok(d.conn->ch.extensions.n == 4 &&
		   d.conn->ch.extensions.v[0] == 0x0a0a &&
		   d.conn->ch.extensions.v[3] == 0xfafa,
	   "GREASE types are in hello->extensions");
	dec_free(&d);
}

/* --- malformed bodies and framing -------------------------------------- */

static void test_bad_body_then_good(void)
{
	static const uint8_t b[] = {
		0, 22,
		0, 51, 0, 6, 0, 16, 0, 0x1d, 0, 2, /* client_shares too long */
		0, 23, 0, 1, 0,			   /* EMS with a byte */
		0, 43, 0, 3, 2, 3, 4,		   /* fine */
	};
	dec d;
	tv_field *e;

	dec_run(&d, b, sizeof b, TLS_EXT_CLIENT_HELLO);
	ok(d.ok && cur_ok(&d.c) && cur_left(&d.c) == 0,
	   "bad bodies with sound framing: the block still decodes");
	e = nth(exts(&d), 0);
	is_str(show(tvf_get(e, "error")),
	       "key_share: client_shares: length 16 exceeds remaining 4",
	       "the error names the extension and the field");
	is_range(tvf_get(e, "error"), BASE + 8, 4,
		 "the error points where decoding failed");
	is_str(show(tvf_get(e, "data")), "0010001d0002",
	       "the undecodable body is kept as data");
	is_range(tvf_get(e, "data"), BASE + 6, 6, "data covers the body");
	ok(!tvf_get(e, "client_shares"), "no array for a vector that overran");
	e = nth(exts(&d), 1);
	is_str(show(tvf_get(e, "error")),
	       "extended_master_secret: extension body: 1 unexpected trailing "
	       "bytes",
	       "a non-empty flag extension is an error");
	e = nth(exts(&d), 2);
	is_num(nth(tvf_get(e, "versions"), 0), 0x0304, "TLS 1.3",
	       "the extension after bad ones still decodes");
	ok(d.conn->ch.extensions.n == 3 && d.conn->ch.versions.n == 1,
	   "and reaches the summary");
	is_int(d.conn->n_notes, 2, "each bad body adds a note");
	is_str(d.conn->notes ? d.conn->notes->text : NULL,
	       "client_hello: extension key_share at offset 108: "
	       "client_shares: length 16 exceeds remaining 4",
	       "the note names message, extension, offset and field");
	dec_free(&d);

	/* a partly decoded list keeps what was read */
	one(&d, TLS_EXT_CLIENT_HELLO, 10, BYTES(0, 3, 0, 0x1d, 0));
	e = tvf_get(only(&d), "named_group_list");
	is_int(e ? e->count : 0, 1, "the complete group is kept");
	is_str(show(tvf_get(only(&d), "error")),
	       "supported_groups: named_group_list: needs 2 bytes, 1 left",
	       "an odd-length group list is an error");
	ok(d.conn->ch.groups.n == 1, "the group read reaches the summary");
	dec_free(&d);
}

static void test_bad_framing(void)
{
	static const uint8_t too_long[] = { 0, 16, 0, 23, 0, 0 };
	static const uint8_t ext_over[] = { 0, 11, 0, 23, 0, 0, 0, 43,
					    0, 9,  2, 3,  4 };
	static const uint8_t odd[] = { 0, 5, 0, 23, 0, 0, 0xff };
	static const uint8_t short_len[] = { 0, 7, 0, 23, 0, 0, 0, 43, 0 };
	dec d;
	tv_field *e;

	dec_run(&d, too_long, sizeof too_long, TLS_EXT_CLIENT_HELLO);
	ok(!d.ok && !cur_ok(&d.c), "block length beyond the data: false");
	is_str(d.err.what, "extensions: length 16 exceeds remaining 4",
	       "the cursor error names the block");
	ok(!exts(&d), "no extensions array for an unwalkable block");
	dec_free(&d);

	dec_run(&d, ext_over, sizeof ext_over, TLS_EXT_CLIENT_HELLO);
	ok(!d.ok && !cur_ok(&d.c), "an extension longer than the block: false");
	is_str(d.err.what, "extension supported_versions: length 9 exceeds "
			   "remaining 3",
	       "the cursor error names the extension");
	is_int(exts(&d)->count, 2, "the extensions before it are kept");
	e = nth(exts(&d), 1);
	ok(text_eq(tvf_get(e, "type"), "supported_versions") &&
		   tvf_get(e, "error"),
	   "the broken one has its type and an error");
	is_range(e, BASE + 6, 7, "it covers the rest of the block");
	ok(d.conn->ch.extensions.n == 1, "only framed extensions are listed");
	dec_free(&d);

	dec_run(&d, odd, sizeof odd, TLS_EXT_CLIENT_HELLO);
	ok(!d.ok, "a stray byte after the last extension: false");
	is_str(d.err.what, "extension type: needs 2 bytes, 1 left",
	       "the error says a type was cut");
	dec_free(&d);

	dec_run(&d, short_len, sizeof short_len, TLS_EXT_CLIENT_HELLO);
	ok(!d.ok && tvf_get(nth(exts(&d), 1), "error"),
	   "a cut extension length: false, the element has an error");
	dec_free(&d);

	dec_run(&d, too_long, 1, TLS_EXT_CLIENT_HELLO);
	ok(!d.ok, "a one-byte block: false");
	dec_free(&d);
}

/* Offsets of the extensions in a well-formed block (from its decode). */
static size_t boundaries(const uint8_t *b, size_t n, size_t *at, size_t max)
{
	dec d;
	size_t k = 0;

	dec_run(&d, b, n, TLS_EXT_CLIENT_HELLO);
	for (tv_field *e = exts(&d)->first; e && k < max; e = e->next)
		at[k++] = e->off - BASE - 2;
	if (k < max)
		at[k++] = n - 2;
	dec_free(&d);
	return k;
}

static void test_prefixes(const char *name, const uint8_t *blk, size_t n)
{
	size_t at[64], nb = boundaries(blk, n, at, 64);
	int runs = 0, wrong = 0, nested = 0;

	for (size_t k = 0; k < n; k++) {
		/* exactly k bytes, so ASan sees any read past them */
		uint8_t *p = malloc(k ? k : 1);
		dec d;

		memcpy(p, blk, k);
		dec_run(&d, p, k, TLS_EXT_CLIENT_HELLO);
		wrong += d.ok || cur_ok(&d.c);
		nested += !ranges_nest(d.root, BASE, BASE + k);
		dec_free(&d);
		free(p);
		runs++;
	}
	is_int(wrong, 0, "%s: all %d prefixes fail with a cursor error", name,
	       runs);
	is_int(nested, 0, "%s: prefix decodes keep ranges inside the data",
	       name);

	/* The contents cut anywhere, with the block length saying so: the
	 * block walks exactly when the cut falls between extensions. */
	wrong = 0;
	for (size_t k = 0; k + 2 <= n; k++) {
		uint8_t *p = malloc(k + 2);
		bool boundary = false;
		dec d;

		for (size_t i = 0; i < nb; i++)
			boundary = boundary || at[i] == k;
		p[0] = (uint8_t)(k >> 8);
		p[1] = (uint8_t)k;
		memcpy(p + 2, blk + 2, k);
		dec_run(&d, p, k + 2, TLS_EXT_CLIENT_HELLO);
		wrong += d.ok != boundary || cur_ok(&d.c) != boundary ||
			 !ranges_nest(d.root, BASE, BASE + k + 2);
		dec_free(&d);
		free(p);
	}
	is_int(wrong, 0,
	       "%s: a re-framed cut decodes iff it falls between extensions",
	       name);
}

static void test_flips(const char *name, const uint8_t *blk, size_t n,
		       tls_ext_where w)
{
	static const uint8_t masks[] = { 0x01, 0x80, 0xff, 0x10 };
	int runs = 0, bad = 0, errors = 0;
	uint8_t *p = malloc(n);

	for (size_t i = 0; i < n; i++) {
		for (size_t m = 0; m < sizeof masks; m++) {
			tv_field *arr;
			size_t end;
			dec d;

			memcpy(p, blk, n);
			p[i] ^= masks[m];
			dec_run(&d, p, n, w);
			runs++;
			/* true: the declared block was walked to its end;
			 * false: the cursor holds the error */
			end = BASE + 2 + (size_t)(p[0] << 8 | p[1]);
			bad += d.ok ? !cur_ok(&d.c) || cur_off(&d.c) != end
				    : cur_ok(&d.c);
			bad += !ranges_nest(d.root, BASE, BASE + n);
			arr = exts(&d);
			for (tv_field *e = arr ? arr->first : NULL; e;
			     e = e->next)
				errors += tvf_get(e, "error") != NULL;
			dec_free(&d);
		}
	}
	free(p);
	is_int(bad, 0, "%s: %d byte flips decode consistently", name, runs);
	ok(errors > 0, "%s: flips inside bodies are reported (%d errors)",
	   name, errors);
}

int main(void)
{
	test_real_client_hello();
	test_real_server_hello();
	test_real_psk_client_hello();
	test_real_gnutls();
	test_server_name_places();
	test_small_client_extensions();
	test_certificate_types();
	test_groups_elsewhere();
	test_alpn_server_hello();
	test_status_and_sct();
	test_padding();
	test_tickets_and_early_data();
	test_certificate_request_extensions();
	test_delegated_credential();
	test_key_share_elsewhere();
	test_npn_and_alps();
	test_ech();
	test_grease_and_unknown();
	test_bad_body_then_good();
	test_bad_framing();
	test_prefixes("OpenSSL ClientHello", alpn_ch, sizeof alpn_ch);
	test_prefixes("GnuTLS ClientHello", gnutls_ch, sizeof gnutls_ch);
	test_prefixes("resuming ClientHello", resume_ch, sizeof resume_ch);
	test_flips("OpenSSL ClientHello", alpn_ch, sizeof alpn_ch,
		   TLS_EXT_CLIENT_HELLO);
	test_flips("resuming ClientHello", resume_ch, sizeof resume_ch,
		   TLS_EXT_CLIENT_HELLO);
	test_flips("ServerHello", resume_sh, sizeof resume_sh,
		   TLS_EXT_SERVER_HELLO);
	/* Every decoder in every place: a ClientHello's block read as if
	 * another message carried it. */
	static const struct {
		tls_ext_where w;
		const char *name;
	} places[] = {
		{ TLS_EXT_SERVER_HELLO, "GnuTLS block as a ServerHello's" },
		{ TLS_EXT_HELLO_RETRY_REQUEST, "GnuTLS block as an HRR's" },
		{ TLS_EXT_ENCRYPTED_EXTENSIONS,
		  "GnuTLS block as EncryptedExtensions" },
		{ TLS_EXT_CERTIFICATE_REQUEST,
		  "GnuTLS block as a CertificateRequest's" },
		{ TLS_EXT_CERTIFICATE_ENTRY,
		  "GnuTLS block as a Certificate entry's" },
		{ TLS_EXT_NEW_SESSION_TICKET,
		  "GnuTLS block as a NewSessionTicket's" },
	};
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
		test_flips(places[i].name, gnutls_ch, sizeof gnutls_ch,
			   places[i].w);
	return done_testing();
}
