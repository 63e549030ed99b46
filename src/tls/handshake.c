/*
 * Handshake message dispatch: one table of type -> name -> decoder ->
 * length rule, the shared field helpers and the error reporting.  The
 * decoders themselves live in msg_hello.c, msg_cert.c, msg_kex.c and
 * msg_misc.c.
 */
#include "tls/handshake.h"

#include <stdio.h>

#include "tls/msg_internal.h"
#include "tls/registry.h"

const uint8_t tls_hrr_random[32] = {
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11,
	0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e,
	0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

#define ANY_LEN 0xffffffu /* a 3-byte length cannot exceed it */

/*
 * name is used only when the registry has none (next_protocol was never
 * registered with IANA).  The length rule is checked once the body has
 * decoded: a body the decoder could not read reports that instead, which
 * names the field.
 */
static const struct msg_type {
	uint8_t id;
	const char *name;
	tls_msg_decoder decode;
	uint32_t min_len, max_len;
} msg_types[] = {
	{ 0, "hello_request", tls_msg_empty, 0, 0 },
	{ 1, "client_hello", tls_msg_client_hello, 38, ANY_LEN },
	{ 2, "server_hello", tls_msg_server_hello, 38, ANY_LEN },
	{ 3, "hello_verify_request", tls_msg_hello_verify_request, 3, 258 },
	{ 4, "new_session_ticket", tls_msg_new_session_ticket, 6, ANY_LEN },
	{ 5, "end_of_early_data", tls_msg_empty, 0, 0 },
	{ 8, "encrypted_extensions", tls_msg_encrypted_extensions, 2,
	  ANY_LEN },
	{ 9, "request_connection_id", tls_msg_request_connection_id, 1, 1 },
	{ 10, "new_connection_id", tls_msg_new_connection_id, 3, ANY_LEN },
	{ 11, "certificate", tls_msg_certificate, 3, ANY_LEN },
	{ 12, "server_key_exchange", tls_msg_server_key_exchange, 1,
	  ANY_LEN },
	{ 13, "certificate_request", tls_msg_certificate_request, 3,
	  ANY_LEN },
	{ 14, "server_hello_done", tls_msg_empty, 0, 0 },
	{ 15, "certificate_verify", tls_msg_certificate_verify, 2, ANY_LEN },
	{ 16, "client_key_exchange", tls_msg_client_key_exchange, 0,
	  ANY_LEN },
	/* SSL 3.0 sends 36 bytes, TLS 1.0-1.2 12 (or more by a suite's
	 * PRF), TLS 1.3 the hash length: 32 or 48. */
	{ 20, "finished", tls_msg_finished, 12, 64 },
	{ 21, "certificate_url", tls_msg_certificate_url, 3, ANY_LEN },
	{ 22, "certificate_status", tls_msg_certificate_status, 1, ANY_LEN },
	{ 23, "supplemental_data", tls_msg_supplemental_data, 3, ANY_LEN },
	{ 24, "key_update", tls_msg_key_update, 1, 1 },
	{ 25, "compressed_certificate", tls_msg_compressed_certificate, 8,
	  ANY_LEN },
	{ 26, "ekt_key", tls_msg_ekt_key, 7, ANY_LEN },
	{ 67, "next_protocol", tls_msg_next_protocol, 2, ANY_LEN },
	{ 254, "message_hash", tls_msg_message_hash, 20, 64 },
};

static const struct msg_type *msg_type_find(unsigned id)
{
	for (size_t i = 0; i < sizeof msg_types / sizeof msg_types[0]; i++)
		if (msg_types[i].id == id)
			return &msg_types[i];
	return NULL;
}

static const char *msg_type_name(tv_conn *conn, unsigned id,
				 const struct msg_type *t)
{
	const char *name = tls_handshake_type_name(id);

	if (name)
		return name;
	if (t)
		return t->name;
	return tv_arena_printf(&conn->arena, "unknown_%u", id);
}

int tls_msg_version(const tv_conn *conn)
{
	int v = conn->version;

	if (v >= 0x0300 && v <= 0x0304)
		return v;
	switch (v) {
	case 0xfeff: return 0x0302; /* DTLS 1.0 */
	case 0xfefd: return 0x0303; /* DTLS 1.2 */
	case 0xfefc: return 0x0304; /* DTLS 1.3 */
	}
	if (v > 0 && (v & 0xff00) == 0x7f00)
		return 0x0304; /* TLS 1.3 drafts */
	return 0;
}

bool tls_msg_is_tls13(const tv_conn *conn)
{
	return tls_msg_version(conn) == 0x0304;
}

const char *tls_msg_suite_label(unsigned v)
{
	return tls_is_grease(v) ? "GREASE" : tls_cipher_suite_name(v);
}

static unsigned cur_read_be(tv_cur *c, int width, const char *what)
{
	switch (width) {
	case 1: return cur_u8(c, what);
	case 2: return cur_u16(c, what);
	case 3: return cur_u24(c, what);
	default: return cur_u32(c, what);
	}
}

static tv_cur cur_vec_n(tv_cur *c, int lenwidth, const char *what)
{
	switch (lenwidth) {
	case 1: return cur_vec8(c, what);
	case 2: return cur_vec16(c, what);
	default: return cur_vec24(c, what);
	}
}

tv_field *tls_msg_uint_array(tls_msg_ctx *m, tv_field *parent,
			     const char *key, tv_cur *c, int lenwidth,
			     int width, tvf_namer namer)
{
	size_t off = cur_off(c);
	tv_cur v = cur_vec_n(c, lenwidth, key);
	tv_field *arr;

	if (!cur_ok(c))
		return NULL;
	arr = tvf_array(m->a, parent, key, off, cur_off(c) - off);
	while (cur_left(&v)) {
		size_t eoff = cur_off(&v);
		unsigned x = cur_read_be(&v, width, key);

		if (!cur_ok(&v))
			return NULL;
		tvf_uint(m->a, arr, NULL, eoff, (size_t)width, x,
			 namer ? namer(x) : NULL);
	}
	return arr;
}

tv_field *tls_msg_vec_string(tls_msg_ctx *m, tv_field *parent,
			     const char *key, tv_cur *c, int lenwidth)
{
	size_t off = cur_off(c);
	tv_cur v = cur_vec_n(c, lenwidth, key);

	if (!cur_ok(c))
		return NULL;
	return tvf_string(m->a, parent, key, off, cur_off(c) - off, v.p,
			  cur_left(&v));
}

tv_field *tls_msg_rest_hex(tls_msg_ctx *m, tv_field *parent,
			   const char *key, tv_cur *c)
{
	if (!cur_ok(c) || !cur_left(c))
		return NULL;
	return tvf_read_hex(m->a, parent, key, c, cur_left(c));
}

void tls_msg_extensions(tls_msg_ctx *m, tv_field *parent, tv_cur *c,
			tls_ext_where where, tv_hello_info *hello)
{
	if (!cur_ok(c))
		return;
	if (!tls_extensions_decode(m->conn, parent, c, where, hello) &&
	    cur_ok(c))
		cur_fail(c, TV_MALFORMED, "extensions: the block is malformed");
}

/* Without a known version: an algorithm is there unless the first two
 * bytes are exactly the length of the rest. */
static bool signature_has_algorithm(const tls_msg_ctx *m, const tv_cur *c)
{
	int v = tls_msg_version(m->conn);
	tv_cur peek = *c;

	if (v)
		return v >= 0x0303;
	if (cur_left(c) < 2)
		return false;
	return 2u + cur_u16(&peek, "signature") != cur_left(c);
}

void tls_msg_signature(tls_msg_ctx *m, tv_field *parent, tv_cur *c)
{
	if (signature_has_algorithm(m, c))
		tvf_read_uint(m->a, parent, "algorithm", c, 2,
			      tls_sigscheme_name);
	tvf_read_vec_hex(m->a, parent, "signature", c, 2);
}

void tls_msg_report(tls_msg_ctx *m, const tv_cur_err *e)
{
	tv_msg *msg = m->msg;
	size_t kept = msg->raw_len > m->hdr_len ? msg->raw_len - m->hdr_len : 0;
	const char *cut = "";

	if (msg->raw_cut)
		cut = tv_arena_printf(m->a, "only %zu of %u body bytes were "
				      "kept (size limit)", kept, msg->length);
	if (e->status == TV_OK) {
		if (msg->raw_cut)
			msg->error = tv_arena_printf(m->a, "%s: %s", msg->type,
						     cut);
		return;
	}
	msg->error = tv_arena_printf(m->a, "%s: %s%s%s at offset %zu",
				     msg->type, cut, *cut ? "; " : "",
				     e->what, e->offset);
	/* The record layer notes a cut; what fails after it is most
	 * likely only the missing tail. */
	if (!msg->raw_cut)
		tv_conn_note(m->conn, "%s %s at offset %zu: %s",
			     tv_dir_name(msg->dir), msg->type, e->offset,
			     e->what);
}

/* The length rule of the table, checked after a clean decode. */
static void check_length(tls_msg_ctx *m, const struct msg_type *t)
{
	tv_msg *msg = m->msg;
	char rule[48];

	if (!t || msg->raw_cut || msg->error)
		return;
	if (msg->length >= t->min_len && msg->length <= t->max_len)
		return;
	if (t->min_len == t->max_len)
		snprintf(rule, sizeof rule, "must be %u", t->min_len);
	else if (t->max_len == ANY_LEN)
		snprintf(rule, sizeof rule, "must be at least %u", t->min_len);
	else
		snprintf(rule, sizeof rule, "must be %u..%u", t->min_len,
			 t->max_len);
	msg->error = tv_arena_printf(m->a, "%s: length %u, %s at offset 1",
				     msg->type, msg->length, rule);
	tv_conn_note(m->conn, "%s %s at offset 1: length %u, %s",
		     tv_dir_name(msg->dir), msg->type, msg->length, rule);
}

void tls_handshake_decode(tv_conn *conn, tv_msg *msg)
{
	const struct msg_type *t = msg_type_find(msg->type_id);
	tls_msg_ctx m = { conn, msg, &conn->arena, NULL, 4 };
	tv_cur_err err;
	tv_cur c;

	msg->type = msg_type_name(conn, msg->type_id, t);
	msg->error = NULL;
	m.root = msg->fields = tvf_object(m.a, NULL, NULL, 0, msg->raw_len);
	if (!msg->raw || msg->raw_len < 4) {
		msg->error = tv_arena_printf(m.a, "%s: the 4-byte header is "
					     "not all there", msg->type);
		return;
	}
	cur_init(&c, msg->raw + 4, msg->raw_len - 4, 4, &err);
	(t ? t->decode : tls_msg_data)(&m, &c);
	cur_close(&c, "body");
	tls_msg_report(&m, &err);
	check_length(&m, t);
}
