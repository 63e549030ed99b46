/*
 * OCSP responses: found in a connection's messages or read from a file,
 * then checked against the chain as built: which certificate it is
 * about, whether its issuer (or the issuer's delegated responder) signed
 * it, whether it was current at the time checked, and what it says.
 */
#include "pki/ocsp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>

#define HANDSHAKE_CERTIFICATE	     11
#define HANDSHAKE_CERTIFICATE_STATUS 22
#define MAX_SINGLE		     16 /* responses looked at in one */

/* ---- stapled responses in the decoded messages ---- */

static size_t take(const tv_field *f, tv_ocsp_src *out, size_t n, size_t max)
{
	if (n < max && f->kind == TVF_HEX && f->bytes && f->nbytes) {
		out[n].der = f->bytes;
		out[n].len = f->nbytes;
		out[n].source = "stapled";
		n++;
	}
	return n;
}

/* Every "ocsp_response" (and each entry of "ocsp_response_list") in the
 * tree: CertificateStatus holds them at the top, a TLS 1.3 Certificate
 * inside each entry's status_request extension. */
static size_t collect(const tv_field *f, tv_ocsp_src *out, size_t n, size_t max)
{
	for (const tv_field *k = f->first; k && n < max; k = k->next) {
		if (k->key && !strcmp(k->key, "ocsp_response"))
			n = take(k, out, n, max);
		else if (k->key && !strcmp(k->key, "ocsp_response_list") &&
			 k->kind == TVF_ARRAY)
			for (const tv_field *e = k->first; e; e = e->next)
				n = take(e, out, n, max);
		else if (k->kind == TVF_OBJECT || k->kind == TVF_ARRAY)
			n = collect(k, out, n, max);
	}
	return n;
}

size_t tv_ocsp_stapled(const tv_conn *c, tv_ocsp_src *out, size_t max)
{
	size_t n = 0;

	for (const tv_msg *m = c->msgs; m && n < max; m = m->next)
		if (m->dir == TV_DIR_SERVER && m->fields &&
		    (m->type_id == HANDSHAKE_CERTIFICATE_STATUS ||
		     m->type_id == HANDSHAKE_CERTIFICATE))
			n = collect(m->fields, out, n, max);
	return n;
}

/* ---- files ---- */

static bool parses(const gnutls_datum_t *d)
{
	gnutls_ocsp_resp_t r;
	bool ok;

	if (gnutls_ocsp_resp_init(&r) < 0)
		return false;
	ok = gnutls_ocsp_resp_import(r, d) == 0;
	gnutls_ocsp_resp_deinit(r);
	return ok;
}

bool tv_ocsp_load_file(tv_arena *a, const char *path, tv_ocsp_src *out,
		       tv_error *err)
{
	gnutls_datum_t data = {NULL, 0}, der = {NULL, 0};
	FILE *f = fopen(path, "rb");
	bool ok;

	/* fopen first: gnutls_load_file does not say why it failed. */
	if (!f) {
		tv_error_set(err, TV_IO, "%s: %s", path, strerror(errno));
		return false;
	}
	fclose(f);
	if (gnutls_load_file(path, &data) < 0) {
		tv_error_set(err, TV_IO, "%s: cannot be read", path);
		return false;
	}
	if (memmem(data.data, data.size, "-----BEGIN", 10)) {
		if (gnutls_pem_base64_decode2("OCSP RESPONSE", &data, &der) < 0)
			der.data = NULL;
		gnutls_free(data.data);
	} else {
		der = data;
	}
	ok = der.data && parses(&der);
	if (ok) {
		out->der = tv_arena_memdup(a, der.data, der.size);
		out->len = der.size;
		out->source = tv_arena_strdup(a, path);
	} else {
		tv_error_set(err, TV_MALFORMED,
			     "%s: not an OCSP response (give a DER response "
			     "as written by openssl ocsp -respout)",
			     path);
	}
	gnutls_free(der.data);
	return ok;
}

/* ---- checking one response ---- */

static const char *date(tv_arena *a, int64_t s)
{
	char t[32];

	tv_time_format(s * 1000000, t);
	t[10] = ' ';
	t[19] = '\0';
	return tv_arena_printf(a, "%s UTC", t);
}

static const char *responder_error(int st)
{
	static const struct {
		int st;
		const char *name;
	} names[] = {
	    {GNUTLS_OCSP_RESP_MALFORMEDREQUEST, "malformedRequest"},
	    {GNUTLS_OCSP_RESP_INTERNALERROR, "internalError"},
	    {GNUTLS_OCSP_RESP_TRYLATER, "tryLater"},
	    {GNUTLS_OCSP_RESP_SIGREQUIRED, "sigRequired"},
	    {GNUTLS_OCSP_RESP_UNAUTHORIZED, "unauthorized"},
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].st == st)
			return names[i].name;
	return "an unknown error";
}

static const char *const cert_status_names[] = {"good", "revoked", "unknown"};

/* The single response about a certificate of the path: its index in
 * the response, and the path depth in *depth; -1 when none is. */
static int find_single(gnutls_ocsp_resp_t r, gnutls_x509_crt_t const *path,
		       size_t n, size_t *depth)
{
	for (unsigned k = 0; k < MAX_SINGLE; k++) {
		unsigned st;
		time_t tu, nu, rt;

		if (gnutls_ocsp_resp_get_single(r, k, NULL, NULL, NULL, NULL,
						&st, &tu, &nu, &rt, NULL) < 0)
			break;
		for (size_t i = 0; i < n; i++)
			if (gnutls_ocsp_resp_check_crt(r, k, path[i]) == 0) {
				*depth = i;
				return (int)k;
			}
	}
	return -1;
}

static const char *verify_problem(unsigned v)
{
	if (v & GNUTLS_OCSP_VERIFY_SIGNATURE_FAILURE)
		return "its signature does not verify";
	if (v & GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM)
		return "it is signed with an insecure algorithm";
	if (v & GNUTLS_OCSP_VERIFY_SIGNER_NOT_FOUND)
		return "it is signed neither by the issuer nor by a "
		       "responder certificate the issuer signed";
	if (v & GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR)
		return "its signer is not allowed to sign OCSP responses";
	if (v & (GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED |
		 GNUTLS_OCSP_VERIFY_CERT_EXPIRED))
		return "its signer's certificate is not valid";
	return "its signer is not trusted";
}

static void check_single(tv_arena *a, gnutls_ocsp_resp_t r, int k,
			 gnutls_x509_crt_t issuer, int64_t at,
			 tv_ocsp_result *out)
{
	unsigned st = 0, v = 0;
	time_t tu = -1, nu = -1, rt = -1;

	gnutls_ocsp_resp_get_single(r, (unsigned)k, NULL, NULL, NULL, NULL, &st,
				    &tu, &nu, &rt, NULL);
	out->status = st < 3 ? cert_status_names[st] : "unknown";
	out->this_update = tu;
	out->next_update = nu;
	out->revoked_at = st == GNUTLS_OCSP_CERT_REVOKED ? rt : -1;
	out->signature_ok =
	    gnutls_ocsp_resp_verify_direct(r, issuer, &v, 0) == 0 && !v;
	if (!out->signature_ok)
		out->problem = verify_problem(v);
	else if (tu != -1 && tu > at)
		out->problem = tv_arena_printf(
		    a, "it was produced on %s, after the time checked",
		    date(a, tu));
	else if (nu != -1 && nu < at)
		out->problem = tv_arena_printf(
		    a, "it is out of date: its next update was due on %s",
		    date(a, nu));
	else if (st == GNUTLS_OCSP_CERT_UNKNOWN)
		out->problem = "the responder does not know the certificate "
			       "(status unknown)";
}

void tv_ocsp_check(tv_arena *a, const tv_ocsp_src *src,
		   gnutls_x509_crt_t const *path, const int *positions,
		   size_t n, int64_t at, tv_ocsp_result *out)
{
	gnutls_datum_t d = {(unsigned char *)src->der, (unsigned)src->len};
	gnutls_ocsp_resp_t r;
	size_t depth = 0;
	int k, st;

	memset(out, 0, sizeof *out);
	out->source = src->source;
	out->certificate = out->depth = -1;
	out->this_update = out->next_update = out->revoked_at = -1;
	if (gnutls_ocsp_resp_init(&r) < 0) {
		out->problem = "it cannot be decoded";
		return;
	}
	if (gnutls_ocsp_resp_import(r, &d) < 0) {
		out->problem = "it is not a valid OCSP response";
	} else if ((st = gnutls_ocsp_resp_get_status(r)) !=
		   GNUTLS_OCSP_RESP_SUCCESSFUL) {
		out->problem = tv_arena_printf(
		    a, "the responder answered with an error (%s)",
		    st < 0 ? "unreadable" : responder_error(st));
	} else if ((k = find_single(r, path, n, &depth)) < 0) {
		out->problem = "it is about none of the certificates of the "
			       "chain";
	} else {
		out->depth = (int)depth;
		out->certificate = positions[depth];
		if (depth + 1 < n)
			check_single(a, r, k, path[depth + 1], at, out);
		else
			out->problem = "the certificate's issuer is not on the "
				       "path, so the response's signature "
				       "cannot be checked";
	}
	gnutls_ocsp_resp_deinit(r);
}
