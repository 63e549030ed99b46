/*
 * The small messages: HelloRequest, ServerHelloDone, EndOfEarlyData (all
 * empty), Finished, NewSessionTicket (RFC 5077 and RFC 8446), the
 * EncryptedExtensions, KeyUpdate and message_hash of TLS 1.3,
 * HelloVerifyRequest and the connection-ID / EKT messages of DTLS,
 * certificate_url (RFC 6066), supplemental_data (RFC 4680), NPN's
 * next_protocol, and any type nobody defined.
 */
#include "tls/msg_internal.h"
#include "tls/registry.h"

/* Bytes a message should not have are kept; the length rule reports them. */
void tls_msg_empty(tls_msg_ctx *m, tv_cur *c)
{
	tls_msg_rest_hex(m, m->root, "data", c);
}

void tls_msg_data(tls_msg_ctx *m, tv_cur *c)
{
	tls_msg_rest_hex(m, m->root, "data", c);
}

void tls_msg_finished(tls_msg_ctx *m, tv_cur *c)
{
	tvf_read_hex(m->a, m->root, "verify_data", c, cur_left(c));
}

void tls_msg_message_hash(tls_msg_ctx *m, tv_cur *c)
{
	tvf_read_hex(m->a, m->root, "hash", c, cur_left(c));
}

/* Without a known version: RFC 5077's layout is exactly lifetime + vec16. */
static bool ticket_is_tls13(const tls_msg_ctx *m, const tv_cur *c)
{
	int ver = tls_msg_version(m->conn);
	tv_cur peek = *c;

	if (ver)
		return ver == 0x0304;
	if (cur_left(c) < 6)
		return false;
	cur_skip(&peek, 4, "peek");
	return 6u + cur_u16(&peek, "peek") != cur_left(c);
}

void tls_msg_new_session_ticket(tls_msg_ctx *m, tv_cur *c)
{
	if (!ticket_is_tls13(m, c)) {
		tvf_read_uint(m->a, m->root, "ticket_lifetime_hint", c, 4,
			      NULL);
		tvf_read_vec_hex(m->a, m->root, "ticket", c, 2);
		return;
	}
	tvf_read_uint(m->a, m->root, "ticket_lifetime", c, 4, NULL);
	tvf_read_uint(m->a, m->root, "ticket_age_add", c, 4, NULL);
	tvf_read_vec_hex(m->a, m->root, "ticket_nonce", c, 1);
	tvf_read_vec_hex(m->a, m->root, "ticket", c, 2);
	tls_msg_extensions(m, m->root, c, TLS_EXT_NEW_SESSION_TICKET, NULL);
}

void tls_msg_encrypted_extensions(tls_msg_ctx *m, tv_cur *c)
{
	tls_msg_extensions(m, m->root, c, TLS_EXT_ENCRYPTED_EXTENSIONS, NULL);
}

static const char *key_update_name(unsigned v)
{
	switch (v) {
	case 0: return "update_not_requested";
	case 1: return "update_requested";
	}
	return NULL;
}

void tls_msg_key_update(tls_msg_ctx *m, tv_cur *c)
{
	tvf_read_uint(m->a, m->root, "request_update", c, 1, key_update_name);
}

/* RFC 6347 4.2.1. */
void tls_msg_hello_verify_request(tls_msg_ctx *m, tv_cur *c)
{
	tvf_read_uint(m->a, m->root, "server_version", c, 2,
		      tls_version_name);
	tvf_read_vec_hex(m->a, m->root, "cookie", c, 1);
}

static const char *cert_chain_type_name(unsigned v)
{
	switch (v) {
	case 0: return "individual_certs";
	case 1: return "pkipath";
	}
	return NULL;
}

/* RFC 6066 5: URLAndHash entries. */
void tls_msg_certificate_url(tls_msg_ctx *m, tv_cur *c)
{
	size_t off;
	tv_field *list, *e;
	tv_cur v;

	tvf_read_uint(m->a, m->root, "type", c, 1, cert_chain_type_name);
	off = cur_off(c);
	v = cur_vec16(c, "url_and_hash_list");
	if (!cur_ok(c))
		return;
	list = tvf_array(m->a, m->root, "url_and_hash_list", off,
			 cur_off(c) - off);
	while (cur_left(&v) && cur_ok(&v)) {
		e = tvf_object(m->a, list, NULL, cur_off(&v), 0);
		tls_msg_vec_string(m, e, "url", &v, 2);
		tvf_read_uint(m->a, e, "padding", &v, 1, NULL);
		tvf_read_hex(m->a, e, "sha1_hash", &v, 20);
		tvf_end(e, &v);
	}
}

static const char *supp_data_type_name(unsigned v)
{
	return v == 16386 ? "user_mapping_data" : NULL;
}

/* RFC 4680 3: SupplementalDataEntry list. */
void tls_msg_supplemental_data(tls_msg_ctx *m, tv_cur *c)
{
	size_t off = cur_off(c);
	tv_cur v = cur_vec24(c, "supp_data");
	tv_field *list, *e;

	if (!cur_ok(c))
		return;
	list = tvf_array(m->a, m->root, "supp_data", off, cur_off(c) - off);
	while (cur_left(&v) && cur_ok(&v)) {
		e = tvf_object(m->a, list, NULL, cur_off(&v), 0);
		tvf_read_uint(m->a, e, "supp_data_type", &v, 2,
			      supp_data_type_name);
		tvf_read_vec_hex(m->a, e, "supp_data", &v, 2);
		tvf_end(e, &v);
	}
}

/* draft-agl-tls-nextprotoneg-04: the protocol and padding to 32 bytes. */
void tls_msg_next_protocol(tls_msg_ctx *m, tv_cur *c)
{
	tls_msg_vec_string(m, m->root, "selected_protocol", c, 1);
	tvf_read_vec_hex(m->a, m->root, "padding", c, 1);
}

/* RFC 9147 9. */
void tls_msg_request_connection_id(tls_msg_ctx *m, tv_cur *c)
{
	tvf_read_uint(m->a, m->root, "num_cids", c, 1, NULL);
}

static const char *cid_usage_name(unsigned v)
{
	switch (v) {
	case 0: return "cid_immediate";
	case 1: return "cid_spare";
	}
	return NULL;
}

void tls_msg_new_connection_id(tls_msg_ctx *m, tv_cur *c)
{
	size_t off = cur_off(c);
	tv_cur v = cur_vec16(c, "cids");
	tv_field *list;

	if (!cur_ok(c))
		return;
	list = tvf_array(m->a, m->root, "cids", off, cur_off(c) - off);
	while (cur_left(&v)) {
		size_t eoff = cur_off(&v);
		tv_cur cid = cur_vec8(&v, "cids");

		if (!cur_ok(&v))
			return;
		tvf_hex(m->a, list, NULL, eoff, cur_off(&v) - eoff, cid.p,
			cur_left(&cid));
	}
	tvf_read_uint(m->a, m->root, "usage", c, 1, cid_usage_name);
}

/* RFC 8870 5.2.2. */
void tls_msg_ekt_key(tls_msg_ctx *m, tv_cur *c)
{
	tvf_read_vec_hex(m->a, m->root, "ekt_key_value", c, 1);
	tvf_read_vec_hex(m->a, m->root, "srtp_master_salt", c, 1);
	tvf_read_uint(m->a, m->root, "ekt_spi", c, 2, NULL);
	tvf_read_uint(m->a, m->root, "ekt_ttl", c, 3, NULL);
}
