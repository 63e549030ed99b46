/*
 * JA3 / JA3S (Salesforce) and JA4 / JA4_r (FoxIO, BSD-3-Clause) from the
 * raw hello lists in conn->ch and conn->sh.  JA4S and the other JA4+
 * methods are under a restrictive licence and are deliberately absent.
 */
#ifndef TLS_FINGERPRINT_H
#define TLS_FINGERPRINT_H

#include <stddef.h>

#include "model/conn.h"

/* Fill conn->ja3, ja3_hash, ja4, ja4_r (when ch.seen) and ja3s, ja3s_hash (when sh.seen). */
void tls_fingerprints_compute(tv_conn *conn);

/* Building blocks, exposed for the unit tests. */
void tls_md5_hex(const void *p, size_t n, char out[33]);
void tls_sha256_hex(const void *p, size_t n, char out[65]);

#endif
