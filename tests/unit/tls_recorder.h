/*
 * A stand-in for the TLS decoder in the capture unit tests: it records
 * what the capture layer fed each side, as text ("hello[gap 5]world
 * [close]"), and when it was finished and why.  Detection: the first byte
 * fed (either side) decides: '!' means "not TLS", anything else "TLS".
 */
#ifndef TLS_RECORDER_H
#define TLS_RECORDER_H

#include <stdbool.h>

#include "model/conn.h"
#include "util/buf.h"

typedef struct tls_recording {
	const tv_conn *conn;
	tv_buf side[2];
	char why[160];
	int finished; /* times tls_decoder_finish was called */
	bool freed;
} tls_recording;

/* The recording of the newest decoder made for conn, or NULL. */
const tls_recording *tls_recorder_find(const tv_conn *conn);
/* Decoders made so far, freed or not. */
int tls_recorder_count(void);
/* Decoders not freed yet. */
int tls_recorder_live(void);
void tls_recorder_reset(void);

#endif
