/*
 * One X.509 certificate, parsed with GnuTLS into the model's tv_cert.
 */
#ifndef PKI_CERT_H
#define PKI_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conn.h"
#include "util/status.h"

/*
 * Parse der (borrowed; must outlive out, normally the connection arena)
 * into out, allocating strings in a.  Always fills der, der_len, sha256 and
 * sha1.  Returns false when GnuTLS cannot parse the DER: out->error then
 * says why, and the other fields stay empty.  Strings are stored as
 * decoded (they may contain any bytes); writers escape them.
 *
 * Results are cached per DER (a bounded, process-wide table compared byte
 * for byte): parsing the same certificate again copies the strings into
 * a.  TLSVIEW_NO_CERT_CACHE=1 in the environment turns the cache off
 * (the output is the same either way; tests compare both).
 */
bool tv_cert_parse(tv_arena *a, const uint8_t *der, size_t len, tv_cert *out);
/* Free the parse cache (at exit, for leak checkers); it is made again on
 * the next parse. */
void tv_cert_cache_free(void);

/* Append a certificate to a list (grows in the arena).  The new entry is
 * zeroed with position = its index; pointers into l->v are valid until the
 * next push. */
tv_cert *tv_certlist_push(tv_arena *a, tv_certlist *l);

/*
 * Append the certificates of a file to out: PEM (one or more CERTIFICATE
 * blocks; a block whose DER does not parse is kept with its error) or a
 * single DER certificate.  DER and strings live in a.  Returns false with
 * err set (TV_IO, TV_LIMIT, TV_MALFORMED) when the file cannot be read or
 * holds no certificate; out is then left as it was.
 */
bool tv_cert_load_file(tv_arena *a, const char *path, tv_certlist *out,
		       tv_error *err);

#endif
