/*
 * OCSP responses (RFC 6960) checked against a chain with GnuTLS's OCSP
 * API: the ones a server stapled (TLS 1.2 CertificateStatus, or the
 * status_request extension of a TLS 1.3 certificate entry) and the ones
 * given to `tlsview cert --ocsp FILE`.
 */
#ifndef PKI_OCSP_H
#define PKI_OCSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gnutls/x509.h>

#include "model/conn.h"
#include "model/validation.h"
#include "util/status.h"

typedef struct tv_ocsp_src {
	const uint8_t *der; /* borrowed */
	size_t len;
	const char *source; /* "stapled" or the file's path */
} tv_ocsp_src;

/*
 * The responses c's server stapled, in the order sent, at most max;
 * der points into c's messages.  Returns how many were found.
 */
size_t tv_ocsp_stapled(const tv_conn *c, tv_ocsp_src *out, size_t max);

/* A DER (or PEM "OCSP RESPONSE") file into a.  Errors name the path. */
bool tv_ocsp_load_file(tv_arena *a, const char *path, tv_ocsp_src *out,
		       tv_error *err);

/*
 * Check src against a chain, leaf first: path[i + 1] issued path[i], and
 * positions[i] is path[i]'s position in the checked list (-1: from a
 * store).  at is the time checked, in seconds.  out is always filled;
 * out->problem says why the response cannot be used (then its status
 * is not to be believed).
 */
void tv_ocsp_check(tv_arena *a, const tv_ocsp_src *src,
		   gnutls_x509_crt_t const *path, const int *positions,
		   size_t n, int64_t at, tv_ocsp_result *out);

#endif
