/*
 * The TLS decoder of one connection: record layer, handshake reassembly,
 * alerts, ChangeCipherSpec, application data (counted, never kept).
 *
 * The capture layer (or the live client) feeds it the in-order bytes of
 * each TCP direction.  Side 0 is the endpoint in conn->client when the
 * decoder was made (the TCP initiator), side 1 the one in conn->server;
 * if side 1 turns out to send the ClientHello the decoder swaps the
 * endpoints so conn->client is always the ClientHello's sender.
 */
#ifndef TLS_DECODER_H
#define TLS_DECODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conn.h"
#include "tls/keylog.h"
#include "tls/rsakey.h"

typedef struct tls_decoder tls_decoder;

typedef enum {
	TLS_DETECT_UNKNOWN, /* not enough bytes yet */
	TLS_DETECT_YES,     /* a ClientHello or a run of valid records was seen */
	TLS_DETECT_NO,      /* these bytes are not TLS: stop feeding */
} tls_detect;

/* Limits (bytes); 0 takes the default. */
typedef struct tls_decoder_limits {
	size_t max_handshake_msg; /* longer messages are kept cut, with a note */
	size_t max_messages;      /* per connection */
} tls_decoder_limits;

tls_decoder *tls_decoder_new(tv_conn *conn, const tls_decoder_limits *lim);
void tls_decoder_free(tls_decoder *d);

/*
 * Secrets to decrypt the connection with (borrowed; either may be NULL;
 * the key log may gain entries while the connection is decoded).  Call
 * before the first bytes are fed.  Decrypted handshake messages and
 * alerts are marked encrypted; what cannot be decrypted becomes a note.
 */
void tls_decoder_set_secrets(tls_decoder *d, const tv_keylog *kl,
			     const tv_rsa_keys *rsa);

tls_detect tls_decoder_detect(const tls_decoder *d);

/* In-order bytes of one side; they are not kept after the call returns. */
void tls_decoder_feed(tls_decoder *d, int side, const uint8_t *p, size_t n,
		      int64_t ts_us);
/* nbytes of this side are missing from the capture (a gap). */
void tls_decoder_gap(tls_decoder *d, int side, uint64_t nbytes, int64_t ts_us);
/* The side's stream ended (FIN/RST) */
void tls_decoder_close(tls_decoder *d, int side, int64_t ts_us);
/* No more bytes will come: notes for anything incomplete, the summary
 * fields (resumed), fingerprints. why: "the capture ended", ... */
void tls_decoder_finish(tls_decoder *d, const char *why);

#endif
