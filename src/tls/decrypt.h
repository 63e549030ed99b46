/*
 * Decrypting one connection's records: which secrets apply (key log,
 * RSA private key), when each direction's keys change, and notes saying
 * exactly why a record could not be read.  Internal to tls/: the record
 * layer (decoder.c) drives it.
 *
 *   - every decoded handshake message goes to tls_decrypt_message()
 *     (hellos give the randoms and the suite; Finished, EndOfEarlyData and
 *     KeyUpdate change keys in TLS 1.3; ClientKeyExchange gives an RSA
 *     pre-master secret);
 *   - a ChangeCipherSpec (TLS <= 1.2) to tls_decrypt_ccs();
 *   - before collecting a record's body the decoder asks
 *     tls_decrypt_wants(); a collected record goes to
 *     tls_decrypt_record(), which returns its plaintext or false (the
 *     record stays encrypted; a note says why, or it was skipped 0-RTT
 *     data).
 *
 * Memory: one plaintext buffer of one record; the decoder keeps the
 * ciphertext of at most one record per direction.
 */
#ifndef TLS_DECRYPT_H
#define TLS_DECRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conn.h"
#include "tls/keylog.h"
#include "tls/rsakey.h"

typedef struct tls_decrypt tls_decrypt;

/* kl and rsa are borrowed (either may be NULL) and may gain secrets
 * while the connection is decoded (pcapng Decryption Secrets Blocks). */
tls_decrypt *tls_decrypt_new(tv_conn *conn, const tv_keylog *kl,
			     const tv_rsa_keys *rsa);
void tls_decrypt_free(tls_decrypt *x);

void tls_decrypt_message(tls_decrypt *x, const tv_msg *m);
void tls_decrypt_ccs(tls_decrypt *x, tv_dir dir);

/* A record of this type from dir begins: should its body be collected?
 * (A missing secret is noted here, when a record first needs it.) */
bool tls_decrypt_wants(tls_decrypt *x, tv_dir dir, uint8_t type);

typedef enum {
	TLS_REC_DECRYPTED,  /* *type and the plaintext are set */
	TLS_REC_UNREADABLE, /* stays encrypted (a note says why) */
	TLS_REC_EARLY_DATA, /* 0-RTT data that could not be read (counted) */
} tls_rec_outcome;

/*
 * One collected record: hdr its 5-byte header, body its n bytes, index
 * its 0-based number within its direction.  The plaintext stays valid
 * until the next call.
 */
tls_rec_outcome tls_decrypt_record(tls_decrypt *x, tv_dir dir, uint32_t index,
				   const uint8_t hdr[5], const uint8_t *body,
				   size_t n, uint8_t *type, const uint8_t **pt,
				   size_t *ptlen);

/* Records of dir were lost in a capture gap: boundary_known when the
 * gap fell inside one record whose length was known. */
void tls_decrypt_lost(tls_decrypt *x, tv_dir dir, bool boundary_known);

/* Were secrets given at all (a non-empty key log or an RSA key)? */
bool tls_decrypt_has_secrets(const tls_decrypt *x);

/* End of the connection: summary notes (records that did not decrypt). */
void tls_decrypt_finish(tls_decrypt *x);

#endif
