/*
 * TLS extensions: the walk over an extensions block, the table of type ->
 * decoder, and the connection summary.  Names come from the IANA registry
 * (tls_extension_name); the decoders live in ext_decoders.c.
 *
 * Each body is decoded in a cursor of its own with an error of its own, so
 * a malformed body is reported on its element ("error", and the body kept
 * as "data") while the walk goes on; only the outer framing (the block
 * length, an extension's type and length) can stop it.
 */
#include "tls/extensions.h"

#include <string.h>

#include "tls/ext_internal.h"
#include "tls/registry.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* An empty body is a valid form of the extension somewhere (a ServerHello
 * acknowledging it, a flag extension): there is nothing to decode. */
#define EXT_EMPTY_OK 1u

typedef struct ext_entry {
	uint16_t type;
	uint8_t flags;
	ext_decoder decode;
} ext_entry;

/* Sorted by type.  Types not listed keep their body as HEX "data". */
static const ext_entry ext_table[] = {
	{ 0, 0, ext_server_name },
	{ 1, 0, ext_max_fragment_length },
	{ 2, EXT_EMPTY_OK, ext_empty }, /* client_certificate_url */
	{ 4, EXT_EMPTY_OK, ext_empty }, /* truncated_hmac */
	{ 5, EXT_EMPTY_OK, ext_status_request },
	{ 9, 0, ext_cert_type },
	{ 10, 0, ext_supported_groups },
	{ 11, 0, ext_ec_point_formats },
	{ 12, 0, ext_srp },
	{ 13, 0, ext_signature_algorithms },
	{ 14, 0, ext_use_srtp },
	{ 15, 0, ext_heartbeat },
	{ 16, 0, ext_alpn },
	{ 17, EXT_EMPTY_OK, ext_status_request_v2 },
	{ 18, EXT_EMPTY_OK, ext_signed_certificate_timestamp },
	{ 19, 0, ext_client_certificate_type },
	{ 20, 0, ext_server_certificate_type },
	{ 21, 0, ext_padding },
	{ 22, EXT_EMPTY_OK, ext_empty }, /* encrypt_then_mac */
	{ 23, EXT_EMPTY_OK, ext_empty }, /* extended_master_secret */
	{ 24, 0, ext_token_binding },
	{ 27, 0, ext_compress_certificate },
	{ 28, 0, ext_record_size_limit },
	{ 33, EXT_EMPTY_OK, ext_empty }, /* tls_cert_with_extern_psk */
	{ 34, 0, ext_delegated_credential },
	{ 35, EXT_EMPTY_OK, ext_session_ticket },
	{ 41, 0, ext_pre_shared_key },
	{ 42, EXT_EMPTY_OK, ext_early_data },
	{ 43, 0, ext_supported_versions },
	{ 44, 0, ext_cookie },
	{ 45, 0, ext_psk_key_exchange_modes },
	{ 47, 0, ext_certificate_authorities },
	{ 48, 0, ext_oid_filters },
	{ 49, EXT_EMPTY_OK, ext_empty }, /* post_handshake_auth */
	{ 50, 0, ext_signature_algorithms_cert },
	{ 51, 0, ext_key_share },
	{ 53, 0, ext_connection_id }, /* the deprecated code point */
	{ 54, 0, ext_connection_id },
	{ 57, 0, ext_quic_transport_parameters },
	{ 58, 0, ext_ticket_request },
	{ 13172, EXT_EMPTY_OK, ext_next_protocol_negotiation },
	{ 17513, 0, ext_application_settings }, /* the old code point */
	{ 17613, 0, ext_application_settings },
	{ 64768, 0, ext_ech_outer_extensions },
	{ 65037, 0, ext_encrypted_client_hello },
	{ 65281, 0, ext_renegotiation_info },
	{ 65445, 0, ext_quic_transport_parameters }, /* draft code point */
};

static const ext_entry *ext_lookup(unsigned type)
{
	size_t lo = 0, hi = ARRAY_SIZE(ext_table);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ext_table[mid].type == type)
			return &ext_table[mid];
		if (ext_table[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *const where_names[] = {
	[TLS_EXT_CLIENT_HELLO] = "client_hello",
	[TLS_EXT_SERVER_HELLO] = "server_hello",
	[TLS_EXT_HELLO_RETRY_REQUEST] = "hello_retry_request",
	[TLS_EXT_ENCRYPTED_EXTENSIONS] = "encrypted_extensions",
	[TLS_EXT_CERTIFICATE_REQUEST] = "certificate_request",
	[TLS_EXT_CERTIFICATE_ENTRY] = "certificate",
	[TLS_EXT_NEW_SESSION_TICKET] = "new_session_ticket",
};

static const char *where_name(tls_ext_where w)
{
	return (size_t)w < ARRAY_SIZE(where_names) ? where_names[w] : "message";
}

/* --- summary ----------------------------------------------------------- */

/* A hello's lists describe the latest hello of its kind (after a
 * HelloRetryRequest the second ClientHello and the real ServerHello). */
static void summary_reset(ext_ctx *x)
{
	tv_hello_info *h = x->hello;

	if (x->where == TLS_EXT_CLIENT_HELLO) {
		x->conn->sni = (tv_bytes){ NULL, 0 };
		x->conn->alpn_offered = NULL;
		x->conn->n_alpn_offered = 0;
	}
	if (!h)
		return;
	h->extensions = (tv_u16list){ NULL, 0 };
	h->versions = (tv_u16list){ NULL, 0 };
	h->has_psk = false;
	if (x->where != TLS_EXT_CLIENT_HELLO)
		return;
	h->groups = (tv_u16list){ NULL, 0 };
	h->ec_point_formats = (tv_u16list){ NULL, 0 };
	h->sigalgs = (tv_u16list){ NULL, 0 };
	h->has_sni = false;
	h->has_ticket = false;
}

/* ALPN in a ServerHello selects only below TLS 1.3 (a 1.3 server sends
 * it in EncryptedExtensions); supported_versions may come after it. */
static void summary_finish(ext_ctx *x)
{
	if (x->sh_alpn && !x->sh_tls13)
		ext_set_alpn_selected(x, x->sh_alpn);
}

/* --- the walk ---------------------------------------------------------- */

static void ext_add_error(ext_ctx *x, tv_field *e, const char *name,
			  const tv_cur_err *err, size_t end)
{
	const char *s = tv_arena_printf(x->a, "%s: %s", name, err->what);
	size_t off = err->offset < end ? err->offset : end;

	tvf_string(x->a, e, "error", off, end - off, (const uint8_t *)s,
		   strlen(s));
}

/* Decode one body in its own cursor; a failure stays on the element. */
static void ext_body(ext_ctx *x, tv_field *e, unsigned type, const char *name,
		     tv_cur *body)
{
	const ext_entry *d = ext_lookup(type);
	const uint8_t *p = body->p;
	size_t off = cur_off(body), len = cur_left(body);

	x->obj = e;
	if (!d) {
		ext_rest_hex(x, e, "data", body);
		return;
	}
	if (!len && (d->flags & EXT_EMPTY_OK))
		return;
	d->decode(x, body);
	if (cur_close(body, "extension body"))
		return;
	tvf_hex(x->a, e, "data", off, len, p, len);
	ext_add_error(x, e, name, body->err, off + len);
	tv_conn_note(x->conn, "%s: extension %s at offset %zu: %s",
		     where_name(x->where), name, body->err->offset,
		     body->err->what);
}

/* Type, length and body of one extension.  False when the framing is
 * broken (blk then holds the error). */
static bool ext_one(ext_ctx *x, tv_field *arr, tv_cur *blk)
{
	size_t off = cur_off(blk);
	unsigned type = cur_u16(blk, "extension type"), len;
	const char *label = tls_extension_name(type);
	const char *name = label ? label : "unknown";
	tv_cur_err err;
	tv_field *e;
	tv_cur body;

	if (!cur_ok(blk))
		return false;
	e = tvf_object(x->a, arr, NULL, off, 2);
	tvf_string(x->a, e, "type", off, 2, (const uint8_t *)name,
		   strlen(name));
	tvf_uint(x->a, e, "type_id", off, 2, type, label);
	len = cur_u16(blk, "extension length");
	if (cur_ok(blk)) {
		tvf_uint(x->a, e, "length", off + 2, 2, len, NULL);
		if (len > cur_left(blk))
			cur_fail(blk, TV_MALFORMED,
				 "extension %s: length %u exceeds remaining "
				 "%zu", name, len, cur_left(blk));
	}
	if (!cur_ok(blk)) {
		tvf_end(e, blk);
		ext_add_error(x, e, "extensions", blk->err, off + e->len);
		return false;
	}
	cur_init(&body, cur_bytes(blk, len, "extension body"), len, off + 4,
		 &err);
	tvf_end(e, blk);
	if (x->hello)
		tv_u16list_push(x->conn, &x->hello->extensions, (uint16_t)type);
	ext_body(x, e, type, name, &body);
	return true;
}

bool tls_extensions_decode(tv_conn *conn, tv_field *parent, tv_cur *c,
			   tls_ext_where where, tv_hello_info *hello)
{
	ext_ctx x = { .conn = conn, .a = &conn->arena, .where = where };
	size_t off = cur_off(c);
	tv_field *arr;
	tv_cur blk;
	bool walked = true;

	if (where <= TLS_EXT_HELLO_RETRY_REQUEST)
		x.hello = hello;
	if (!cur_ok(c))
		return false;
	blk = cur_vec16(c, "extensions");
	if (!cur_ok(c))
		return false;
	arr = tvf_array(x.a, parent, "extensions", off, cur_off(c) - off);
	summary_reset(&x);
	while (walked && cur_left(&blk))
		walked = ext_one(&x, arr, &blk);
	summary_finish(&x);
	return walked;
}
