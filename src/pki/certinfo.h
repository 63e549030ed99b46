/*
 * Extension details of a certificate (key usage, EKU, basic constraints,
 * key identifiers, AIA, CRL distribution points, name constraints) for
 * the chain checks and the detailed views, and PEM export.
 */
#ifndef PKI_CERTINFO_H
#define PKI_CERTINFO_H

#include <stdbool.h>

#include <gnutls/x509.h>

#include "model/conn.h"
#include "model/validation.h"
#include "util/status.h"

/* Fill out from crt; strings in a.  Absent extensions stay empty. */
void tv_certinfo_fill(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *out);

/* Does the extended key usage allow TLS server authentication?  True
 * without the extension; anyExtendedKeyUsage counts when any_ok. */
bool tv_certinfo_server_auth(const tv_certinfo *ci, bool any_ok);

/* Is the OID an extension the checks understand (so it may be
 * critical)? */
bool tv_certinfo_known_extension(const char *oid);

/* Write c's DER as one PEM CERTIFICATE block to path (created or
 * replaced).  Errors name the path. */
bool tv_cert_write_pem(const tv_cert *c, const char *path, tv_error *err);

#endif
