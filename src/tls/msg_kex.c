/*
 * ServerKeyExchange and ClientKeyExchange (RFC 5246 7.4.3 / 7.4.7,
 * RFC 4492 / 8422 for EC, RFC 4279 and 5489 for PSK, RFC 5054 for SRP).
 * Their layout is not on the wire: it follows from the key exchange of
 * the suite the ServerHello chose, so one table maps each key exchange
 * to the parts its two messages hold, in order.
 */
#include <string.h>

#include "tls/msg_internal.h"
#include "tls/registry.h"

enum ske_part {
	SKE_PSK_HINT = 1 << 0,
	SKE_DH = 1 << 1,
	SKE_EC = 1 << 2,
	SKE_RSA = 1 << 3,
	SKE_SRP = 1 << 4,
	SKE_SIGNED = 1 << 5, /* signed when the suite authenticates so */
};

enum cke_part {
	CKE_PSK_ID = 1 << 0,
	CKE_RSA = 1 << 1,
	CKE_DH = 1 << 2,
	CKE_EC = 1 << 3,
	CKE_SRP = 1 << 4,
};

static const struct kx_layout {
	tls_kx kx;
	unsigned ske, cke;
} kx_layouts[] = {
	/* RSA: only export suites send a temporary key. */
	{ TLS_KX_RSA, SKE_RSA | SKE_SIGNED, CKE_RSA },
	{ TLS_KX_DH, SKE_DH | SKE_SIGNED, CKE_DH },
	{ TLS_KX_DHE, SKE_DH | SKE_SIGNED, CKE_DH },
	{ TLS_KX_ECDH, SKE_EC | SKE_SIGNED, CKE_EC },
	{ TLS_KX_ECDHE, SKE_EC | SKE_SIGNED, CKE_EC },
	{ TLS_KX_PSK, SKE_PSK_HINT, CKE_PSK_ID },
	{ TLS_KX_DHE_PSK, SKE_PSK_HINT | SKE_DH, CKE_PSK_ID | CKE_DH },
	{ TLS_KX_ECDHE_PSK, SKE_PSK_HINT | SKE_EC, CKE_PSK_ID | CKE_EC },
	{ TLS_KX_RSA_PSK, SKE_PSK_HINT, CKE_PSK_ID | CKE_RSA },
	{ TLS_KX_SRP, SKE_SRP | SKE_SIGNED, CKE_SRP },
};

static const struct kx_layout *kx_layout(const tv_conn *conn,
					 const tls_suite_info **info)
{
	*info = conn->cipher_suite < 0 ? NULL
				       : tls_suite_lookup(
						 (unsigned)conn->cipher_suite);
	if (!*info)
		return NULL;
	for (size_t i = 0; i < sizeof kx_layouts / sizeof kx_layouts[0]; i++)
		if (kx_layouts[i].kx == (*info)->kx)
			return &kx_layouts[i];
	return NULL;
}

/* The suite's key exchange is not known here: keep the bytes. */
static void kx_unknown(tls_msg_ctx *m, tv_cur *c)
{
	tls_msg_rest_hex(m, m->root, "data", c);
	if (m->conn->cipher_suite < 0)
		tv_conn_note(m->conn,
			     "%s %s kept as data: no ServerHello chose a "
			     "cipher suite",
			     tv_dir_name(m->msg->dir), m->msg->type);
	else
		tv_conn_note(m->conn,
			     "%s %s kept as data: the key exchange of cipher "
			     "suite 0x%04x is not decoded",
			     tv_dir_name(m->msg->dir), m->msg->type,
			     (unsigned)m->conn->cipher_suite);
}

static bool auth_signs(const char *auth)
{
	return auth && (!strcmp(auth, "RSA") || !strcmp(auth, "DSS") ||
			!strcmp(auth, "ECDSA"));
}

/* Bit length of a big-endian unsigned integer. */
static unsigned bignum_bits(const uint8_t *p, size_t n)
{
	size_t i = 0;
	unsigned bits;

	while (i < n && !p[i])
		i++;
	if (i == n)
		return 0;
	bits = (unsigned)(n - i - 1) * 8;
	for (uint8_t b = p[i]; b; b >>= 1)
		bits++;
	return bits;
}

static void vec_hex_bits(tls_msg_ctx *m, const char *key,
			 const char *bits_key, tv_cur *c)
{
	tv_field *f = tvf_read_vec_hex(m->a, m->root, key, c, 2);

	if (f)
		tvf_uint(m->a, m->root, bits_key, f->off, f->len,
			 bignum_bits(f->bytes, f->nbytes), NULL);
}

static void dh_params(tls_msg_ctx *m, tv_cur *c)
{
	vec_hex_bits(m, "dh_p", "dh_p_bits", c);
	tvf_read_vec_hex(m->a, m->root, "dh_g", c, 2);
	tvf_read_vec_hex(m->a, m->root, "dh_Ys", c, 2);
}

static void rsa_params(tls_msg_ctx *m, tv_cur *c)
{
	vec_hex_bits(m, "rsa_modulus", "rsa_modulus_bits", c);
	tvf_read_vec_hex(m->a, m->root, "rsa_exponent", c, 2);
}

static void srp_params(tls_msg_ctx *m, tv_cur *c)
{
	vec_hex_bits(m, "srp_N", "srp_N_bits", c);
	tvf_read_vec_hex(m->a, m->root, "srp_g", c, 2);
	tvf_read_vec_hex(m->a, m->root, "srp_s", c, 1);
	tvf_read_vec_hex(m->a, m->root, "srp_B", c, 2);
}

static void vec8_list(tls_msg_ctx *m, const char *const *keys, size_t n,
		      tv_cur *c)
{
	for (size_t i = 0; i < n; i++)
		tvf_read_vec_hex(m->a, m->root, keys[i], c, 1);
}

/* RFC 4492 5.4 explicit curves (deprecated by RFC 8422, still seen). */
static void ec_explicit(tls_msg_ctx *m, unsigned curve_type, tv_cur *c)
{
	static const char *const prime[] = { "prime_p" };
	static const char *const curve[] = { "a", "b", "base", "order",
					     "cofactor" };
	static const char *const tri[] = { "k" };
	static const char *const penta[] = { "k1", "k2", "k3" };
	tv_field *basis;

	if (curve_type == 1) {
		vec8_list(m, prime, 1, c);
	} else {
		tvf_read_uint(m->a, m->root, "m", c, 2, NULL);
		basis = tvf_read_uint(m->a, m->root, "basis", c, 1, NULL);
		if (basis && basis->num == 1)
			vec8_list(m, tri, 1, c);
		else if (basis && basis->num == 2)
			vec8_list(m, penta, 3, c);
		else if (basis)
			cur_fail(c, TV_MALFORMED, "basis: %u is not defined",
				 (unsigned)basis->num);
	}
	vec8_list(m, curve, sizeof curve / sizeof curve[0], c);
}

static void ec_params(tls_msg_ctx *m, tv_cur *c)
{
	tv_field *type = tvf_read_uint(m->a, m->root, "curve_type", c, 1,
				       tls_ec_curve_type_name);

	if (!type)
		return;
	if (type->num == 3)
		tvf_read_uint(m->a, m->root, "named_curve", c, 2,
			      tls_group_name);
	else if (type->num == 1 || type->num == 2)
		ec_explicit(m, (unsigned)type->num, c);
	else
		cur_fail(c, TV_MALFORMED, "curve_type: %u is not defined",
			 (unsigned)type->num);
	tvf_read_vec_hex(m->a, m->root, "public", c, 1);
}

void tls_msg_server_key_exchange(tls_msg_ctx *m, tv_cur *c)
{
	const tls_suite_info *info;
	const struct kx_layout *l = kx_layout(m->conn, &info);

	if (!l) {
		kx_unknown(m, c);
		return;
	}
	if (l->ske & SKE_PSK_HINT)
		tls_msg_vec_string(m, m->root, "psk_identity_hint", c, 2);
	if (l->ske & SKE_DH)
		dh_params(m, c);
	if (l->ske & SKE_EC)
		ec_params(m, c);
	if (l->ske & SKE_RSA)
		rsa_params(m, c);
	if (l->ske & SKE_SRP)
		srp_params(m, c);
	/* Anonymous suites end here; a signing one must carry it. */
	if ((l->ske & SKE_SIGNED) && cur_ok(c) &&
	    (cur_left(c) || auth_signs(info->auth)))
		tls_msg_signature(m, m->root, c);
}

/* RFC 5246 7.4.7.1; SSL 3.0 sends the ciphertext without a length. */
static void rsa_pms(tls_msg_ctx *m, tv_cur *c, bool psk)
{
	int ver = tls_msg_version(m->conn);
	tv_cur peek = *c;
	bool bare;

	if (ver)
		bare = ver == 0x0300 && !psk;
	else
		bare = !psk && (cur_left(c) < 2 ||
				2u + cur_u16(&peek, "peek") != cur_left(c));
	if (bare)
		tvf_read_hex(m->a, m->root, "encrypted_pre_master_secret", c,
			     cur_left(c));
	else
		tvf_read_vec_hex(m->a, m->root, "encrypted_pre_master_secret",
				 c, 2);
}

/* RFC 4492 5.7: a client whose certificate holds the (EC)DH key sends
 * no public value. */
static bool implicit_public(tls_msg_ctx *m, tv_cur *c, tls_kx kx)
{
	if (cur_left(c) || (kx != TLS_KX_DH && kx != TLS_KX_ECDH))
		return false;
	tvf_text(m->a, m->root, "public_value_encoding", cur_off(c), 0,
		 "implicit");
	return true;
}

void tls_msg_client_key_exchange(tls_msg_ctx *m, tv_cur *c)
{
	const tls_suite_info *info;
	const struct kx_layout *l = kx_layout(m->conn, &info);

	if (!l) {
		kx_unknown(m, c);
		return;
	}
	if (l->cke & CKE_PSK_ID)
		tls_msg_vec_string(m, m->root, "psk_identity", c, 2);
	if (l->cke & CKE_RSA)
		rsa_pms(m, c, (l->cke & CKE_PSK_ID) != 0);
	if ((l->cke & CKE_DH) && !implicit_public(m, c, info->kx))
		tvf_read_vec_hex(m->a, m->root, "dh_Yc", c, 2);
	if ((l->cke & CKE_EC) && !implicit_public(m, c, info->kx))
		tvf_read_vec_hex(m->a, m->root, "ecdh_Yc", c, 1);
	if (l->cke & CKE_SRP)
		tvf_read_vec_hex(m->a, m->root, "srp_A", c, 2);
}
