/*
 * One decoder per extension (see the table in extensions.c).  Member names
 * follow the RFCs in snake_case; every member covers exactly the bytes it
 * was read from (a length-prefixed member covers its prefix too).  Where
 * an extension means different things in different messages, the decoder
 * switches on x->where; a form a message should not carry is kept as HEX
 * "data" rather than guessed at.
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "tls/ext_internal.h"
#include "tls/registry.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A namer over a small table indexed by value. */
#define EXT_NAMER(fn, ...)                                                     \
	static const char *fn(unsigned v)                                      \
	{                                                                      \
		static const char *const names[] = { __VA_ARGS__ };            \
		return v < ARRAY_SIZE(names) ? names[v] : NULL;                \
	}

EXT_NAMER(name_type_name, "host_name")
EXT_NAMER(max_fragment_name, NULL, "2^9", "2^10", "2^11", "2^12")
EXT_NAMER(heartbeat_mode_name, NULL, "peer_allowed_to_send",
	  "peer_not_allowed_to_send")
/* RFC 6091 / RFC 7250 certificate types (IANA TLS Certificate Types). */
EXT_NAMER(cert_type_name, "X509", "OpenPGP", "RawPublicKey", "1609Dot2")
EXT_NAMER(srtp_profile_name, NULL, "SRTP_AES128_CM_HMAC_SHA1_80",
	  "SRTP_AES128_CM_HMAC_SHA1_32", NULL, NULL, "SRTP_NULL_HMAC_SHA1_80",
	  "SRTP_NULL_HMAC_SHA1_32", "SRTP_AEAD_AES_128_GCM",
	  "SRTP_AEAD_AES_256_GCM")
EXT_NAMER(sct_version_name, "v1")
/* TLS 1.2 SignatureAlgorithm, as an SCT's digitally-signed struct uses. */
EXT_NAMER(signature_algorithm_name, "anonymous", "rsa", "dsa", "ecdsa", NULL,
	  NULL, NULL, "ed25519", "ed448")
EXT_NAMER(ech_type_name, "outer", "inner")
EXT_NAMER(hpke_kdf_name, NULL, "HKDF-SHA256", "HKDF-SHA384", "HKDF-SHA512")
EXT_NAMER(hpke_aead_name, NULL, "AES-128-GCM", "AES-256-GCM",
	  "ChaCha20Poly1305")
EXT_NAMER(token_binding_param_name, "rsa2048_pkcs1.5", "rsa2048_pss",
	  "ecdsap256")

/* --- reading helpers ---------------------------------------------------- */

/* Loop condition over a window: an error anywhere ends every loop. */
static bool more(const tv_cur *c)
{
	return cur_ok(c) && cur_left(c) > 0;
}

static bool in_client_hello(const ext_ctx *x)
{
	return x->where == TLS_EXT_CLIENT_HELLO;
}

static uint32_t read_num(tv_cur *c, int width, const char *what)
{
	switch (width) {
	case 1:
		return cur_u8(c, what);
	case 2:
		return cur_u16(c, what);
	case 3:
		return cur_u24(c, what);
	default:
		return cur_u32(c, what);
	}
}

static tv_cur open_vec(tv_cur *c, int lenwidth, const char *what)
{
	switch (lenwidth) {
	case 1:
		return cur_vec8(c, what);
	case 3:
		return cur_vec24(c, what);
	default:
		return cur_vec16(c, what);
	}
}

/* Errors name the member; an array element is named by its array. */
static const char *what_of(const tv_field *parent, const char *key)
{
	if (key)
		return key;
	return parent && parent->key ? parent->key : "element";
}

/* A length-prefixed vector as STRING or HEX covering prefix and data. */
static tv_field *read_vec(ext_ctx *x, tv_field *parent, const char *key,
			  tv_cur *c, int lenwidth, tvf_kind kind)
{
	size_t off = cur_off(c);
	tv_cur v = open_vec(c, lenwidth, what_of(parent, key));
	tv_field *f;

	if (!cur_ok(c))
		return NULL;
	f = tvf_add(x->a, parent, kind, key, off, cur_off(c) - off);
	f->bytes = v.p;
	f->nbytes = cur_left(&v);
	return f;
}

/* A vector as an ARRAY covering prefix and contents; items is its window. */
static tv_field *open_array(ext_ctx *x, tv_field *parent, const char *key,
			    tv_cur *c, int lenwidth, tv_cur *items)
{
	size_t off = cur_off(c);

	*items = open_vec(c, lenwidth, key);
	if (!cur_ok(c))
		return NULL;
	return tvf_array(x->a, parent, key, off, cur_off(c) - off);
}

/* A vector of width-byte numbers as an ARRAY of labelled UINTs. */
static tv_field *uint_list(ext_ctx *x, tv_field *parent, const char *key,
			   tv_cur *c, int lenwidth, int width, tvf_namer namer)
{
	tv_cur items;
	tv_field *arr = open_array(x, parent, key, c, lenwidth, &items);

	while (arr && more(&items)) {
		size_t off = cur_off(&items);
		uint32_t v = read_num(&items, width, key);

		if (cur_ok(&items))
			tvf_uint(x->a, arr, NULL, off, (size_t)width, v,
				 namer ? namer(v) : NULL);
	}
	return arr;
}

/* A vec16 of vec8 strings (ALPN's ProtocolNameList) as an ARRAY. */
static tv_field *string_list(ext_ctx *x, tv_field *parent, const char *key,
			     tv_cur *c)
{
	tv_cur items;
	tv_field *arr = open_array(x, parent, key, c, 2, &items);

	while (arr && more(&items))
		read_vec(x, arr, NULL, &items, 1, TVF_STRING);
	return arr;
}

/* A 64-bit number (tvf_read_uint stops at 4 bytes). */
static tv_field *read_u64(ext_ctx *x, tv_field *parent, const char *key,
			  tv_cur *c)
{
	size_t off = cur_off(c);
	uint64_t v = cur_u64(c, key);

	if (!cur_ok(c))
		return NULL;
	return tvf_uint(x->a, parent, key, off, 8, v, NULL);
}

/* A vec16 as "<key>_length" over the prefix and HEX "<key>" over the data,
 * for the large opaque members whose size is worth seeing on its own. */
static void counted_hex(ext_ctx *x, const char *len_key, const char *key,
			tv_cur *c)
{
	tv_field *n = tvf_read_uint(x->a, x->obj, len_key, c, 2, NULL);

	if (n)
		tvf_read_hex(x->a, x->obj, key, c, (size_t)n->num);
}

/* An object member that ends where the cursor ends up. */
static tv_field *open_object(ext_ctx *x, tv_field *parent, const char *key,
			     const tv_cur *c)
{
	return tvf_object(x->a, parent, key, cur_off(c), 0);
}

tv_field *ext_rest_hex(ext_ctx *x, tv_field *parent, const char *key,
		       tv_cur *c)
{
	if (!more(c))
		return NULL;
	return tvf_read_hex(x->a, parent, key, c, cur_left(c));
}

/* --- summary helpers ---------------------------------------------------- */

static void push_nums(ext_ctx *x, tv_u16list *l, const tv_field *arr)
{
	for (const tv_field *f = arr ? arr->first : NULL; f; f = f->next)
		tv_u16list_push(x->conn, l, (uint16_t)f->num);
}

/* The vector's data: a STRING element covers its length prefix too. */
static tv_bytes vec_data(ext_ctx *x, const tv_field *f)
{
	return tv_conn_bytes(x->conn, f->bytes, f->nbytes);
}

static void set_alpn_offered(ext_ctx *x, const tv_field *list)
{
	size_t i = 0;

	if (!list->count)
		return;
	x->conn->alpn_offered =
		tv_arena_alloc(x->a, list->count * sizeof(tv_bytes));
	for (const tv_field *f = list->first; f; f = f->next)
		x->conn->alpn_offered[i++] = vec_data(x, f);
	x->conn->n_alpn_offered = i;
}

void ext_set_alpn_selected(ext_ctx *x, const tv_field *list)
{
	if (list->first)
		x->conn->alpn_selected = vec_data(x, list->first);
}

/* --- decoders ----------------------------------------------------------- */

/* A flag extension: any byte in its body is left for the close to report. */
void ext_empty(ext_ctx *x, tv_cur *b)
{
}

/* RFC 6066: empty in a ServerHello / EncryptedExtensions acknowledging it. */
void ext_server_name(ext_ctx *x, tv_cur *b)
{
	tv_cur items;
	tv_field *arr;

	if (in_client_hello(x) && x->hello)
		x->hello->has_sni = true;
	if (!cur_left(b))
		return;
	arr = open_array(x, x->obj, "server_name_list", b, 2, &items);
	while (arr && more(&items)) {
		tv_field *e = open_object(x, arr, NULL, &items);
		tv_field *t = tvf_read_uint(x->a, e, "name_type", &items, 1,
					    name_type_name);
		bool host = t && t->num == 0;
		tv_field *n = read_vec(x, e, host ? "host_name" : "name",
				       &items, 2, host ? TVF_STRING : TVF_HEX);

		tvf_end(e, &items);
		if (host && n && in_client_hello(x) && !x->conn->sni.p)
			x->conn->sni = vec_data(x, n);
	}
}

void ext_max_fragment_length(ext_ctx *x, tv_cur *b)
{
	tvf_read_uint(x->a, x->obj, "max_fragment_length", b, 1,
		      max_fragment_name);
}

/* RFC 6066 / RFC 8446 4.4.2.1: a request in a ClientHello or a 1.3
 * CertificateRequest, the OCSP response itself in a Certificate entry. */
void ext_status_request(ext_ctx *x, tv_cur *b)
{
	tv_field *t = tvf_read_uint(x->a, x->obj, "status_type", b, 1,
				    tls_cert_status_type_name);

	if (!t)
		return;
	if (x->where == TLS_EXT_CERTIFICATE_ENTRY) {
		if (t->num == 1)
			read_vec(x, x->obj, "ocsp_response", b, 3, TVF_HEX);
		else
			ext_rest_hex(x, x->obj, "response", b);
		return;
	}
	if (t->num != 1) {
		ext_rest_hex(x, x->obj, "request", b);
		return;
	}
	read_vec(x, x->obj, "responder_id_list", b, 2, TVF_HEX);
	read_vec(x, x->obj, "request_extensions", b, 2, TVF_HEX);
}

/* RFC 6961: a list of (status_type, request) in a ClientHello. */
void ext_status_request_v2(ext_ctx *x, tv_cur *b)
{
	tv_cur items;
	tv_field *arr = open_array(x, x->obj, "certificate_status_req_list", b,
				   2, &items);

	while (arr && more(&items)) {
		tv_field *e = open_object(x, arr, NULL, &items);

		tvf_read_uint(x->a, e, "status_type", &items, 1,
			      tls_cert_status_type_name);
		read_vec(x, e, "request", &items, 2, TVF_HEX);
		tvf_end(e, &items);
	}
}

/* The client offers a list; the server answers with the one it chose. */
static void cert_types(ext_ctx *x, tv_cur *b, const char *list_key,
		       const char *one_key)
{
	if (in_client_hello(x))
		uint_list(x, x->obj, list_key, b, 1, 1, cert_type_name);
	else
		tvf_read_uint(x->a, x->obj, one_key, b, 1, cert_type_name);
}

void ext_cert_type(ext_ctx *x, tv_cur *b)
{
	cert_types(x, b, "certificate_types", "certificate_type");
}

void ext_client_certificate_type(ext_ctx *x, tv_cur *b)
{
	cert_types(x, b, "client_certificate_types", "client_certificate_type");
}

void ext_server_certificate_type(ext_ctx *x, tv_cur *b)
{
	cert_types(x, b, "server_certificate_types", "server_certificate_type");
}

void ext_supported_groups(ext_ctx *x, tv_cur *b)
{
	tv_field *arr = uint_list(x, x->obj, "named_group_list", b, 2, 2,
				  tls_group_name);

	if (in_client_hello(x) && x->hello)
		push_nums(x, &x->hello->groups, arr);
}

void ext_ec_point_formats(ext_ctx *x, tv_cur *b)
{
	tv_field *arr = uint_list(x, x->obj, "ec_point_format_list", b, 1, 1,
				  tls_ec_point_format_name);

	if (in_client_hello(x) && x->hello)
		push_nums(x, &x->hello->ec_point_formats, arr);
}

void ext_srp(ext_ctx *x, tv_cur *b)
{
	read_vec(x, x->obj, "srp_i", b, 1, TVF_STRING);
}

void ext_signature_algorithms(ext_ctx *x, tv_cur *b)
{
	tv_field *arr = uint_list(x, x->obj, "supported_signature_algorithms",
				  b, 2, 2, tls_sigscheme_name);

	if (in_client_hello(x) && x->hello)
		push_nums(x, &x->hello->sigalgs, arr);
}

void ext_signature_algorithms_cert(ext_ctx *x, tv_cur *b)
{
	uint_list(x, x->obj, "supported_signature_algorithms", b, 2, 2,
		  tls_sigscheme_name);
}

/* RFC 5764 */
void ext_use_srtp(ext_ctx *x, tv_cur *b)
{
	uint_list(x, x->obj, "protection_profiles", b, 2, 2,
		  srtp_profile_name);
	read_vec(x, x->obj, "srtp_mki", b, 1, TVF_HEX);
}

/* RFC 6520 */
void ext_heartbeat(ext_ctx *x, tv_cur *b)
{
	tvf_read_uint(x->a, x->obj, "mode", b, 1, heartbeat_mode_name);
}

/* RFC 7301: offered in a ClientHello, selected in a ServerHello (up to
 * TLS 1.2, decided at the end of the block) or EncryptedExtensions. */
void ext_alpn(ext_ctx *x, tv_cur *b)
{
	tv_field *arr = string_list(x, x->obj, "protocol_name_list", b);

	if (!arr)
		return;
	if (in_client_hello(x))
		set_alpn_offered(x, arr);
	else if (x->where == TLS_EXT_ENCRYPTED_EXTENSIONS)
		ext_set_alpn_selected(x, arr);
	else if (x->where == TLS_EXT_SERVER_HELLO)
		x->sh_alpn = arr;
}

/* RFC 6962 3.3: one SerializedSCT. */
static void sct_entry(ext_ctx *x, tv_field *arr, tv_cur *items)
{
	size_t off = cur_off(items);
	tv_cur s = cur_vec16(items, "sct");
	tv_field *e, *v;

	if (!cur_ok(items))
		return;
	e = tvf_object(x->a, arr, NULL, off, cur_off(items) - off);
	v = tvf_read_uint(x->a, e, "version", &s, 1, sct_version_name);
	if (v && v->num != 0) {
		/* A later version: its layout is unknown. */
		ext_rest_hex(x, e, "data", &s);
		return;
	}
	tvf_read_hex(x->a, e, "log_id", &s, 32);
	read_u64(x, e, "timestamp", &s);
	read_vec(x, e, "extensions", &s, 2, TVF_HEX);
	tvf_read_uint(x->a, e, "hash_algorithm", &s, 1, tls_hash_name);
	tvf_read_uint(x->a, e, "signature_algorithm", &s, 1,
		      signature_algorithm_name);
	read_vec(x, e, "signature", &s, 2, TVF_HEX);
	cur_close(&s, "sct");
}

/* Empty in a ClientHello / CertificateRequest; the SCT list in a
 * ServerHello or a 1.3 Certificate entry. */
void ext_signed_certificate_timestamp(ext_ctx *x, tv_cur *b)
{
	tv_cur items;
	tv_field *arr = open_array(x, x->obj, "sct_list", b, 2, &items);

	while (arr && more(&items))
		sct_entry(x, arr, &items);
}

/* RFC 7685: its length and whether it is all zero, as it must be. */
void ext_padding(ext_ctx *x, tv_cur *b)
{
	size_t off = cur_off(b), n = cur_left(b);
	const uint8_t *p = cur_bytes(b, n, "padding");
	bool zero = true;

	for (size_t i = 0; p && i < n; i++)
		zero = zero && p[i] == 0;
	tvf_uint(x->a, x->obj, "padding_length", off, n, n, NULL);
	tvf_bool(x->a, x->obj, "all_zero", off, n, zero);
}

/* RFC 8472 */
void ext_token_binding(ext_ctx *x, tv_cur *b)
{
	tvf_read_uint(x->a, x->obj, "major_version", b, 1, NULL);
	tvf_read_uint(x->a, x->obj, "minor_version", b, 1, NULL);
	uint_list(x, x->obj, "key_parameters_list", b, 1, 1,
		  token_binding_param_name);
}

/* RFC 8879 */
void ext_compress_certificate(ext_ctx *x, tv_cur *b)
{
	uint_list(x, x->obj, "algorithms", b, 1, 2, tls_cert_compression_name);
}

/* RFC 8449 */
void ext_record_size_limit(ext_ctx *x, tv_cur *b)
{
	tvf_read_uint(x->a, x->obj, "record_size_limit", b, 2, NULL);
}

/* RFC 9345: the schemes a peer accepts (ClientHello, CertificateRequest),
 * the credential itself in a Certificate entry. */
void ext_delegated_credential(ext_ctx *x, tv_cur *b)
{
	tv_field *cred;

	if (x->where != TLS_EXT_CERTIFICATE_ENTRY) {
		uint_list(x, x->obj, "supported_signature_algorithms", b, 2, 2,
			  tls_sigscheme_name);
		return;
	}
	cred = open_object(x, x->obj, "cred", b);
	tvf_read_uint(x->a, cred, "valid_time", b, 4, NULL);
	tvf_read_uint(x->a, cred, "dc_cert_verify_algorithm", b, 2,
		      tls_sigscheme_name);
	read_vec(x, cred, "asn1_subject_public_key_info", b, 3, TVF_HEX);
	tvf_end(cred, b);
	tvf_read_uint(x->a, x->obj, "algorithm", b, 2, tls_sigscheme_name);
	read_vec(x, x->obj, "signature", b, 2, TVF_HEX);
}

/* RFC 5077: the ticket fills the body (empty asks for a new one). */
void ext_session_ticket(ext_ctx *x, tv_cur *b)
{
	if (in_client_hello(x) && x->hello)
		x->hello->has_ticket = true;
	ext_rest_hex(x, x->obj, "ticket", b);
}

/* RFC 8446 4.2.11 */
static void psk_offered(ext_ctx *x, tv_cur *b)
{
	tv_cur items;
	tv_field *arr = open_array(x, x->obj, "identities", b, 2, &items);

	while (arr && more(&items)) {
		tv_field *e = open_object(x, arr, NULL, &items);

		read_vec(x, e, "identity", &items, 2, TVF_HEX);
		tvf_read_uint(x->a, e, "obfuscated_ticket_age", &items, 4,
			      NULL);
		tvf_end(e, &items);
	}
	arr = open_array(x, x->obj, "binders", b, 2, &items);
	while (arr && more(&items))
		read_vec(x, arr, NULL, &items, 1, TVF_HEX);
}

void ext_pre_shared_key(ext_ctx *x, tv_cur *b)
{
	if (x->hello)
		x->hello->has_psk = true;
	if (in_client_hello(x))
		psk_offered(x, b);
	else if (x->where == TLS_EXT_SERVER_HELLO ||
		 x->where == TLS_EXT_HELLO_RETRY_REQUEST)
		tvf_read_uint(x->a, x->obj, "selected_identity", b, 2, NULL);
	else
		ext_rest_hex(x, x->obj, "data", b);
}

/* Empty in a ClientHello / EncryptedExtensions (any byte there is left for
 * the close to report); the limit in a NewSessionTicket. */
void ext_early_data(ext_ctx *x, tv_cur *b)
{
	if (x->where == TLS_EXT_NEW_SESSION_TICKET)
		tvf_read_uint(x->a, x->obj, "max_early_data_size", b, 4, NULL);
}

/* The client's list; the server's choice (which means TLS 1.3 or later). */
void ext_supported_versions(ext_ctx *x, tv_cur *b)
{
	tv_field *f;

	if (in_client_hello(x)) {
		f = uint_list(x, x->obj, "versions", b, 1, 2, tls_version_name);
		if (x->hello)
			push_nums(x, &x->hello->versions, f);
		return;
	}
	if (x->where != TLS_EXT_SERVER_HELLO &&
	    x->where != TLS_EXT_HELLO_RETRY_REQUEST) {
		ext_rest_hex(x, x->obj, "data", b);
		return;
	}
	f = tvf_read_uint(x->a, x->obj, "selected_version", b, 2,
			  tls_version_name);
	if (!f)
		return;
	x->sh_tls13 = true;
	if (x->hello)
		tv_u16list_push(x->conn, &x->hello->versions, (uint16_t)f->num);
}

void ext_cookie(ext_ctx *x, tv_cur *b)
{
	read_vec(x, x->obj, "cookie", b, 2, TVF_HEX);
}

void ext_psk_key_exchange_modes(ext_ctx *x, tv_cur *b)
{
	uint_list(x, x->obj, "ke_modes", b, 1, 1, tls_psk_ke_mode_name);
}

/* The RFC 4514 text of a DER DistinguishedName, when GnuTLS can read it. */
static void add_dn_text(ext_ctx *x, tv_field *e, const tv_field *der)
{
	gnutls_datum_t in = { (unsigned char *)der->bytes,
			      (unsigned)der->nbytes };
	gnutls_datum_t out = { NULL, 0 };

	if (der->nbytes && gnutls_x509_rdn_get2(&in, &out, 0) == 0 &&
	    out.data)
		tvf_string(x->a, e, "dn", der->off, der->len,
			   tv_arena_memdup(x->a, out.data, out.size),
			   out.size);
	gnutls_free(out.data);
}

/* RFC 8446 4.2.4 */
void ext_certificate_authorities(ext_ctx *x, tv_cur *b)
{
	tv_cur items;
	tv_field *arr = open_array(x, x->obj, "authorities", b, 2, &items);

	while (arr && more(&items)) {
		tv_field *e = open_object(x, arr, NULL, &items);
		tv_field *der = read_vec(x, e, "distinguished_name", &items, 2,
					 TVF_HEX);

		tvf_end(e, &items);
		if (der)
			add_dn_text(x, e, der);
	}
}

/* RFC 8446 4.2.5 */
void ext_oid_filters(ext_ctx *x, tv_cur *b)
{
	tv_cur items;
	tv_field *arr = open_array(x, x->obj, "filters", b, 2, &items);

	while (arr && more(&items)) {
		tv_field *e = open_object(x, arr, NULL, &items);

		read_vec(x, e, "certificate_extension_oid", &items, 1,
			 TVF_HEX);
		read_vec(x, e, "certificate_extension_values", &items, 2,
			 TVF_HEX);
		tvf_end(e, &items);
	}
}

static void key_share_entry(ext_ctx *x, tv_field *parent, const char *key,
			    tv_cur *c)
{
	tv_field *e = open_object(x, parent, key, c);

	tvf_read_uint(x->a, e, "group", c, 2, tls_group_name);
	read_vec(x, e, "key_exchange", c, 2, TVF_HEX);
	tvf_end(e, c);
}

/* RFC 8446 4.2.8: the client's shares, the server's one, or the group a
 * HelloRetryRequest asks for. */
void ext_key_share(ext_ctx *x, tv_cur *b)
{
	tv_cur items;
	tv_field *arr;

	switch (x->where) {
	case TLS_EXT_CLIENT_HELLO:
		arr = open_array(x, x->obj, "client_shares", b, 2, &items);
		while (arr && more(&items))
			key_share_entry(x, arr, NULL, &items);
		break;
	case TLS_EXT_SERVER_HELLO:
		key_share_entry(x, x->obj, "server_share", b);
		break;
	case TLS_EXT_HELLO_RETRY_REQUEST:
		tvf_read_uint(x->a, x->obj, "selected_group", b, 2,
			      tls_group_name);
		break;
	default:
		ext_rest_hex(x, x->obj, "data", b);
	}
}

/* RFC 9146 (and its deprecated draft code point) */
void ext_connection_id(ext_ctx *x, tv_cur *b)
{
	read_vec(x, x->obj, "cid", b, 1, TVF_HEX);
}

/* RFC 9000 18: kept whole (QUIC's own varint-coded parameters). */
void ext_quic_transport_parameters(ext_ctx *x, tv_cur *b)
{
	ext_rest_hex(x, x->obj, "transport_parameters", b);
}

/* RFC 9149 */
void ext_ticket_request(ext_ctx *x, tv_cur *b)
{
	if (in_client_hello(x)) {
		tvf_read_uint(x->a, x->obj, "new_session_count", b, 1, NULL);
		tvf_read_uint(x->a, x->obj, "resumption_count", b, 1, NULL);
	} else if (x->where == TLS_EXT_ENCRYPTED_EXTENSIONS) {
		tvf_read_uint(x->a, x->obj, "expected_count", b, 1, NULL);
	} else {
		ext_rest_hex(x, x->obj, "data", b);
	}
}

/* draft-agl-tls-nextprotoneg: empty from the client; the server lists its
 * protocols as 8-bit strings filling the body. */
void ext_next_protocol_negotiation(ext_ctx *x, tv_cur *b)
{
	tv_field *arr = tvf_array(x->a, x->obj, "protocols", cur_off(b),
				  cur_left(b));

	while (more(b))
		read_vec(x, arr, NULL, b, 1, TVF_STRING);
}

/* draft-vvv-tls-alps: the client's ALPN protocols that take settings; the
 * server's settings in EncryptedExtensions. */
void ext_application_settings(ext_ctx *x, tv_cur *b)
{
	if (in_client_hello(x))
		string_list(x, x->obj, "supported_protocols", b);
	else if (x->where == TLS_EXT_ENCRYPTED_EXTENSIONS)
		ext_rest_hex(x, x->obj, "application_settings", b);
	else
		ext_rest_hex(x, x->obj, "data", b);
}

/* draft-ietf-tls-esni: the extensions an inner ClientHello copies. */
void ext_ech_outer_extensions(ext_ctx *x, tv_cur *b)
{
	uint_list(x, x->obj, "outer_extensions", b, 1, 2, tls_extension_name);
}

static void ech_outer(ext_ctx *x, tv_cur *b)
{
	tv_field *cs = open_object(x, x->obj, "cipher_suite", b);

	tvf_read_uint(x->a, cs, "kdf_id", b, 2, hpke_kdf_name);
	tvf_read_uint(x->a, cs, "aead_id", b, 2, hpke_aead_name);
	tvf_end(cs, b);
	tvf_read_uint(x->a, x->obj, "config_id", b, 1, NULL);
	counted_hex(x, "enc_length", "enc", b);
	counted_hex(x, "payload_length", "payload", b);
}

/* draft-ietf-tls-esni: the outer ClientHello's encrypted inner one (an
 * inner ClientHello carries only the type), the server's retry configs,
 * or the HelloRetryRequest's acceptance confirmation. */
void ext_encrypted_client_hello(ext_ctx *x, tv_cur *b)
{
	tv_field *t;

	switch (x->where) {
	case TLS_EXT_CLIENT_HELLO:
		t = tvf_read_uint(x->a, x->obj, "ech_type", b, 1,
				  ech_type_name);
		if (t && t->num == 0)
			ech_outer(x, b);
		else if (t && t->num != 1)
			ext_rest_hex(x, x->obj, "data", b);
		break;
	case TLS_EXT_ENCRYPTED_EXTENSIONS:
		counted_hex(x, "retry_configs_length", "retry_configs", b);
		break;
	case TLS_EXT_HELLO_RETRY_REQUEST:
		tvf_read_hex(x->a, x->obj, "confirmation", b, 8);
		break;
	default:
		ext_rest_hex(x, x->obj, "data", b);
	}
}

/* RFC 5746 */
void ext_renegotiation_info(ext_ctx *x, tv_cur *b)
{
	read_vec(x, x->obj, "renegotiated_connection", b, 1, TVF_HEX);
}
