/*
 * ClientHello, ServerHello, HelloRetryRequest (a ServerHello carrying the
 * RFC 8446 4.1.3 random) and the SSLv2-format ClientHello.
 *
 * The connection summary (conn->ch, conn->sh, version, cipher suite)
 * describes the first ClientHello and the first real ServerHello: a
 * ClientHello answering a HelloRetryRequest, an HRR itself, or the hellos
 * of a renegotiation are decoded the same way into a scratch summary so
 * the fingerprints keep describing the opening of the connection.
 */
#include <string.h>

#include "tls/handshake.h"
#include "tls/msg_internal.h"
#include "tls/registry.h"

static const char *compression_name(unsigned v)
{
	switch (v) {
	case 0: return "null";
	case 1: return "DEFLATE";
	case 64: return "LZS";
	}
	return NULL;
}

/* The summary to fill: the connection's own the first time, else scratch. */
static tv_hello_info *hello_target(tls_msg_ctx *m, tv_hello_info *first,
				   bool use_first)
{
	if (use_first)
		return first;
	return tv_arena_alloc(m->a, sizeof(tv_hello_info));
}

static void hello_session_id(tls_msg_ctx *m, tv_cur *c, tv_hello_info *h)
{
	tv_field *f = tvf_read_vec_hex(m->a, m->root, "session_id", c, 1);

	if (!f)
		return;
	h->session_id = tv_conn_bytes(m->conn, f->bytes, f->nbytes);
	if (f->nbytes > 32)
		tv_conn_note(m->conn, "%s %s session_id is %zu bytes "
			     "(at most 32 allowed)", tv_dir_name(m->msg->dir),
			     m->msg->type, f->nbytes);
}

void tls_msg_client_hello(tls_msg_ctx *m, tv_cur *c)
{
	tv_conn *conn = m->conn;
	tv_hello_info *h = hello_target(m, &conn->ch, !conn->ch.seen);
	tv_field *f;

	h->seen = true;
	f = tvf_read_uint(m->a, m->root, "legacy_version", c, 2,
			  tls_version_name);
	if (f)
		h->legacy_version = (uint16_t)f->num;
	tvf_read_hex(m->a, m->root, "random", c, 32);
	hello_session_id(m, c, h);
	f = tls_msg_uint_array(m, m->root, "cipher_suites", c, 2, 2,
			       tls_msg_suite_label);
	for (tv_field *s = f ? f->first : NULL; s; s = s->next)
		tv_u16list_push(conn, &h->ciphers, (uint16_t)s->num);
	tls_msg_uint_array(m, m->root, "compression_methods", c, 1, 1,
			   compression_name);
	/* SSL 3.0 and early TLS clients end here: no extensions block. */
	if (cur_ok(c) && cur_left(c))
		tls_msg_extensions(m, m->root, c, TLS_EXT_CLIENT_HELLO, h);
}

/* RFC 8446 4.1.3: the last 8 bytes of a downgrading server's random. */
static const struct {
	uint8_t tail[8];
	const char *what;
} downgrade_sentinels[] = {
	{ { 'D', 'O', 'W', 'N', 'G', 'R', 'D', 1 }, "TLS 1.2" },
	{ { 'D', 'O', 'W', 'N', 'G', 'R', 'D', 0 }, "TLS 1.1 or below" },
};

static void check_downgrade(tls_msg_ctx *m, const tv_field *random)
{
	for (size_t i = 0; i < sizeof downgrade_sentinels /
				       sizeof downgrade_sentinels[0];
	     i++) {
		if (memcmp(random->bytes + 24, downgrade_sentinels[i].tail, 8))
			continue;
		tvf_text(m->a, m->root, "downgrade_sentinel", random->off + 24,
			 8, downgrade_sentinels[i].what);
		tv_conn_note(m->conn,
			     "ServerHello.random carries the TLS 1.3 downgrade "
			     "sentinel for %s: a TLS 1.3 server negotiated a "
			     "lower version",
			     downgrade_sentinels[i].what);
		return;
	}
}

void tls_msg_server_hello(tls_msg_ctx *m, tv_cur *c)
{
	tv_conn *conn = m->conn;
	tv_field *ver, *random, *suite;
	tv_hello_info *h;
	bool hrr, summary;

	ver = tvf_read_uint(m->a, m->root, "legacy_version", c, 2,
			    tls_version_name);
	random = tvf_read_hex(m->a, m->root, "random", c, 32);
	hrr = random && !memcmp(random->bytes, tls_hrr_random, 32);
	if (hrr) {
		m->msg->type = "hello_retry_request";
		conn->hrr = true;
	}
	/* An HRR sets version and suite only until the ServerHello does. */
	summary = !conn->sh.seen;
	h = hello_target(m, &conn->sh, !hrr && !conn->sh.seen);
	h->seen = true;
	if (ver)
		h->legacy_version = (uint16_t)ver->num;
	if (random && !hrr)
		check_downgrade(m, random);
	hello_session_id(m, c, h);
	suite = tvf_read_uint(m->a, m->root, "cipher_suite", c, 2,
			      tls_msg_suite_label);
	if (suite)
		h->cipher = (uint16_t)suite->num;
	tvf_read_uint(m->a, m->root, "compression_method", c, 1,
		      compression_name);
	if (cur_ok(c) && cur_left(c))
		tls_msg_extensions(m, m->root, c,
				   hrr ? TLS_EXT_HELLO_RETRY_REQUEST
				       : TLS_EXT_SERVER_HELLO,
				   h);
	if (!summary)
		return;
	if (suite)
		conn->cipher_suite = (int)suite->num;
	if (h->versions.n)
		conn->version = h->versions.v[h->versions.n - 1];
	else if (ver)
		conn->version = (int)ver->num;
}

/* SSL 2.0 cipher kinds (draft-hickman-netscape-ssl-00, appendix C). */
static const struct {
	uint32_t spec;
	const char *name;
} sslv2_ciphers[] = {
	{ 0x010080, "SSL2_RC4_128_WITH_MD5" },
	{ 0x020080, "SSL2_RC4_128_EXPORT40_WITH_MD5" },
	{ 0x030080, "SSL2_RC2_128_CBC_WITH_MD5" },
	{ 0x040080, "SSL2_RC2_128_CBC_EXPORT40_WITH_MD5" },
	{ 0x050080, "SSL2_IDEA_128_CBC_WITH_MD5" },
	{ 0x060040, "SSL2_DES_64_CBC_WITH_MD5" },
	{ 0x0700c0, "SSL2_DES_192_EDE3_CBC_WITH_MD5" },
	{ 0x080080, "SSL2_RC4_64_WITH_MD5" },
};

static const char *sslv2_cipher_name(uint32_t spec)
{
	for (size_t i = 0; i < sizeof sslv2_ciphers / sizeof sslv2_ciphers[0];
	     i++)
		if (sslv2_ciphers[i].spec == spec)
			return sslv2_ciphers[i].name;
	return NULL;
}

/* A 3-byte spec: 0x00XXXX is the TLS suite XXXX, the rest SSL 2.0 kinds. */
static void sslv2_specs(tls_msg_ctx *m, tv_cur *c, size_t n,
			tv_hello_info *h)
{
	size_t off = cur_off(c);
	tv_cur v = cur_sub(c, n, "cipher_specs");
	tv_field *arr;

	if (!cur_ok(c))
		return;
	arr = tvf_array(m->a, m->root, "cipher_suites", off, n);
	while (cur_left(&v)) {
		size_t eoff = cur_off(&v);
		uint32_t spec = cur_u24(&v, "cipher_specs");

		if (!cur_ok(&v))
			return;
		if (spec >> 16) {
			tvf_uint(m->a, arr, NULL, eoff, 3, spec,
				 sslv2_cipher_name(spec));
			continue;
		}
		tvf_uint(m->a, arr, NULL, eoff, 3, spec,
			 tls_msg_suite_label(spec));
		tv_u16list_push(m->conn, &h->ciphers, (uint16_t)spec);
	}
}

/* The fixed part after the 2-byte header, then the three vectors. */
static void sslv2_body(tls_msg_ctx *m, tv_cur *c, tv_hello_info *h)
{
	tv_field *ver, *specs_len, *sid_len, *chal_len, *sid;
	tv_field *type;

	type = tvf_read_uint(m->a, m->root, "msg_type", c, 1, NULL);
	if (type && type->num != 1)
		cur_fail(c, TV_MALFORMED, "msg_type: %u is not CLIENT-HELLO",
			 (unsigned)type->num);
	ver = tvf_read_uint(m->a, m->root, "legacy_version", c, 2,
			    tls_version_name);
	if (ver)
		h->legacy_version = (uint16_t)ver->num;
	specs_len = tvf_read_uint(m->a, m->root, "cipher_specs_length", c, 2,
				  NULL);
	sid_len = tvf_read_uint(m->a, m->root, "session_id_length", c, 2,
				NULL);
	chal_len = tvf_read_uint(m->a, m->root, "challenge_length", c, 2,
				 NULL);
	if (!cur_ok(c))
		return;
	sslv2_specs(m, c, (size_t)specs_len->num, h);
	sid = tvf_read_hex(m->a, m->root, "session_id", c,
			   (size_t)sid_len->num);
	if (sid)
		h->session_id = tv_conn_bytes(m->conn, sid->bytes,
					      sid->nbytes);
	tvf_read_hex(m->a, m->root, "challenge", c, (size_t)chal_len->num);
}

void tls_sslv2_client_hello_decode(tv_conn *conn, tv_msg *msg)
{
	tls_msg_ctx m = { conn, msg, &conn->arena, NULL, 2 };
	tv_hello_info *h;
	tv_cur_err err;
	tv_cur c, rec;
	uint16_t hdr;

	msg->type = "client_hello";
	msg->type_id = 1;
	msg->error = NULL;
	m.root = msg->fields = tvf_object(m.a, NULL, NULL, 0, msg->raw_len);
	cur_init(&c, msg->raw, msg->raw ? msg->raw_len : 0, 0, &err);
	hdr = cur_u16(&c, "record_length");
	if (cur_ok(&c) && !(hdr & 0x8000))
		cur_fail(&c, TV_MALFORMED,
			 "record_length: the high bit is clear");
	if (cur_ok(&c)) {
		msg->length = hdr & 0x7fff;
		tvf_uint(m.a, m.root, "record_length", 0, 2, hdr & 0x7fff,
			 NULL);
		tvf_bool(m.a, m.root, "sslv2_compatible", 0, 2, true);
	}
	/* A cut record is decoded as far as it goes. */
	rec = msg->raw_cut ? cur_rest(&c)
			   : cur_sub(&c, hdr & 0x7fff, "record_length");
	h = hello_target(&m, &conn->ch, !conn->ch.seen);
	h->seen = true;
	if (cur_ok(&c))
		sslv2_body(&m, &rec, h);
	cur_close(&rec, "record");
	cur_close(&c, "record");
	tls_msg_report(&m, &err);
}
