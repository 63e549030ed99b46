/*
 * Certificate (TLS <= 1.2 and 1.3), CertificateRequest (1.0-1.2 and 1.3),
 * CertificateVerify, CertificateStatus and CompressedCertificate.
 *
 * Each certificate is parsed (pki/cert.c) where it lies in the message,
 * and the sender's list in the connection (certs for the server,
 * client_certs for the client) gets it in sent order.  A second
 * Certificate message from the same side (renegotiation) is decoded but
 * does not replace the first chain.
 */
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "pki/cert.h"
#include "tls/msg_internal.h"
#include "tls/registry.h"

typedef struct cert_walk {
	tv_certlist *list; /* NULL: this message does not fill the chain */
	size_t n;          /* entries seen */
} cert_walk;

static void cert_fields(tls_msg_ctx *m, tv_field *e, const tv_cur *der,
			cert_walk *w)
{
	size_t off = cur_off(der), n = cur_left(der);
	tv_cert scratch, *cert = &scratch;

	if (w->list)
		cert = tv_certlist_push(m->a, w->list);
	tv_cert_parse(m->a, der->p, n, cert);
	cert->position = (int)w->n;
	tvf_text(m->a, e, "sha256", off, n, cert->sha256);
	if (cert->subject)
		tvf_string(m->a, e, "subject", off, n,
			   (const uint8_t *)cert->subject,
			   strlen(cert->subject));
	if (cert->issuer)
		tvf_string(m->a, e, "issuer", off, n,
			   (const uint8_t *)cert->issuer, strlen(cert->issuer));
	if (cert->error)
		tvf_text(m->a, e, "error", off, n, cert->error);
}

/* One CertificateEntry (1.3) or ASN.1Cert (<= 1.2). */
static void cert_entry(tls_msg_ctx *m, tv_field *list, tv_cur *c,
		       bool tls13, cert_walk *w)
{
	size_t off = cur_off(c);
	tv_cur der = cur_vec24(c, "cert_data");
	tv_field *e;

	if (!cur_ok(c))
		return;
	e = tvf_object(m->a, list, NULL, off, cur_off(c) - off);
	tvf_uint(m->a, e, "length", off, 3, cur_left(&der), NULL);
	if (w->n < TLS_MSG_MAX_CERTS)
		cert_fields(m, e, &der, w);
	w->n++;
	if (!tls13)
		return;
	tls_msg_extensions(m, e, c, TLS_EXT_CERTIFICATE_ENTRY, NULL);
	tvf_end(e, c);
}

static tv_certlist *cert_target(tls_msg_ctx *m)
{
	tv_certlist *l = m->msg->dir == TV_DIR_SERVER ? &m->conn->certs
						       : &m->conn->client_certs;

	if (!l->n)
		return l;
	tv_conn_note(m->conn,
		     "the %s sent another Certificate message; its "
		     "certificate list keeps the first one",
		     tv_dir_name(m->msg->dir));
	return NULL;
}

void tls_msg_certificate(tls_msg_ctx *m, tv_cur *c)
{
	bool tls13 = tls_msg_is_tls13(m->conn);
	cert_walk w = { cert_target(m), 0 };
	size_t off;
	tv_field *list;
	tv_cur v;

	if (tls13)
		tvf_read_vec_hex(m->a, m->root, "certificate_request_context",
				 c, 1);
	off = cur_off(c);
	v = cur_vec24(c, "certificate_list");
	if (!cur_ok(c))
		return;
	list = tvf_array(m->a, m->root, "certificate_list", off,
			 cur_off(c) - off);
	while (cur_left(&v) && cur_ok(&v))
		cert_entry(m, list, &v, tls13, &w);
	if (w.n > TLS_MSG_MAX_CERTS)
		tv_conn_note(m->conn,
			     "the %s's Certificate message holds %zu "
			     "certificates; only the first %d were parsed",
			     tv_dir_name(m->msg->dir), w.n, TLS_MSG_MAX_CERTS);
}

/* A DistinguishedName as sent (DER) and, when GnuTLS reads it, RFC 4514. */
static void ca_name(tls_msg_ctx *m, tv_field *list, tv_cur *c)
{
	size_t off = cur_off(c);
	tv_cur dn = cur_vec16(c, "certificate_authorities");
	gnutls_datum_t in, out = { NULL, 0 };
	tv_field *e;

	if (!cur_ok(c))
		return;
	e = tvf_object(m->a, list, NULL, off, cur_off(c) - off);
	tvf_hex(m->a, e, "dn", off + 2, cur_left(&dn), dn.p, cur_left(&dn));
	in.data = (unsigned char *)dn.p;
	in.size = (unsigned)cur_left(&dn);
	if (!in.size || gnutls_x509_rdn_get2(&in, &out, 0) < 0)
		return;
	tvf_string(m->a, e, "name", off + 2, in.size,
		   tv_arena_memdup(m->a, out.data, out.size), out.size);
	gnutls_free(out.data);
}

void tls_msg_certificate_request(tls_msg_ctx *m, tv_cur *c)
{
	size_t off;
	tv_field *list;
	tv_cur v;
	int ver = tls_msg_version(m->conn);

	if (ver == 0x0304) {
		tvf_read_vec_hex(m->a, m->root, "certificate_request_context",
				 c, 1);
		tls_msg_extensions(m, m->root, c, TLS_EXT_CERTIFICATE_REQUEST,
				   NULL);
		return;
	}
	tls_msg_uint_array(m, m->root, "certificate_types", c, 1, 1,
			   tls_cert_type_name);
	/* Unknown version: TLS 1.2, by far the most common. */
	if (ver == 0 || ver == 0x0303)
		tls_msg_uint_array(m, m->root,
				   "supported_signature_algorithms", c, 2, 2,
				   tls_sigscheme_name);
	off = cur_off(c);
	v = cur_vec16(c, "certificate_authorities");
	if (!cur_ok(c))
		return;
	list = tvf_array(m->a, m->root, "certificate_authorities", off,
			 cur_off(c) - off);
	while (cur_left(&v) && cur_ok(&v))
		ca_name(m, list, &v);
}

void tls_msg_certificate_verify(tls_msg_ctx *m, tv_cur *c)
{
	tls_msg_signature(m, m->root, c);
}

/* RFC 6066 (ocsp) and RFC 6961 (ocsp_multi: one response per cert). */
void tls_msg_certificate_status(tls_msg_ctx *m, tv_cur *c)
{
	tv_field *type, *list;
	size_t off;
	tv_cur v;

	type = tvf_read_uint(m->a, m->root, "status_type", c, 1,
			     tls_cert_status_type_name);
	if (!type)
		return;
	if (type->num == 1) {
		tvf_read_vec_hex(m->a, m->root, "ocsp_response", c, 3);
		return;
	}
	if (type->num != 2) {
		tls_msg_rest_hex(m, m->root, "data", c);
		return;
	}
	off = cur_off(c);
	v = cur_vec24(c, "ocsp_response_list");
	if (!cur_ok(c))
		return;
	list = tvf_array(m->a, m->root, "ocsp_response_list", off,
			 cur_off(c) - off);
	while (cur_left(&v)) {
		size_t eoff = cur_off(&v);
		tv_cur r = cur_vec24(&v, "ocsp_response");

		if (!cur_ok(&v))
			return;
		tvf_hex(m->a, list, NULL, eoff, cur_off(&v) - eoff, r.p,
			cur_left(&r));
	}
}

/* RFC 8879. */
void tls_msg_compressed_certificate(tls_msg_ctx *m, tv_cur *c)
{
	tvf_read_uint(m->a, m->root, "algorithm", c, 2,
		      tls_cert_compression_name);
	tvf_read_uint(m->a, m->root, "uncompressed_length", c, 3, NULL);
	tvf_read_vec_hex(m->a, m->root, "compressed_certificate_message", c,
			 3);
}
