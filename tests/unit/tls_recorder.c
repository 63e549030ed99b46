#include "tls_recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/decoder.h"

struct tls_decoder {
	tls_recording *rec;
	tv_conn *conn;
	tls_detect detect;
};

#define MAX_RECORDINGS 4096

static tls_recording *recs[MAX_RECORDINGS];
static int n_recs;

tls_decoder *tls_decoder_new(tv_conn *conn, const tls_decoder_limits *lim)
{
	tls_decoder *d = calloc(1, sizeof *d);
	tls_recording *r = calloc(1, sizeof *r);

	if (!d || !r || n_recs == MAX_RECORDINGS)
		abort();
	r->conn = conn;
	tv_buf_init(&r->side[0]);
	tv_buf_init(&r->side[1]);
	recs[n_recs++] = r;
	d->rec = r;
	d->conn = conn;
	return d;
}

void tls_decoder_free(tls_decoder *d)
{
	if (!d)
		return;
	d->rec->freed = true;
	free(d);
}

/* Secrets do not change what the capture layer feeds. */
void tls_decoder_set_secrets(tls_decoder *d, const tv_keylog *kl,
			     const tv_rsa_keys *rsa)
{
	(void)d;
	(void)kl;
	(void)rsa;
}

tls_detect tls_decoder_detect(const tls_decoder *d)
{
	return d->detect;
}

void tls_decoder_feed(tls_decoder *d, int side, const uint8_t *p, size_t n,
		      int64_t ts_us)
{
	if (d->detect == TLS_DETECT_UNKNOWN && n)
		d->detect = p[0] == '!' ? TLS_DETECT_NO : TLS_DETECT_YES;
	tv_buf_add(&d->rec->side[side], p, n);
	if (ts_us > d->conn->end_us)
		d->conn->end_us = ts_us;
}

void tls_decoder_gap(tls_decoder *d, int side, uint64_t nbytes, int64_t ts_us)
{
	tv_buf_printf(&d->rec->side[side], "[gap %llu]",
		      (unsigned long long)nbytes);
}

void tls_decoder_close(tls_decoder *d, int side, int64_t ts_us)
{
	tv_buf_adds(&d->rec->side[side], "[close]");
}

void tls_decoder_finish(tls_decoder *d, const char *why)
{
	d->rec->finished++;
	snprintf(d->rec->why, sizeof d->rec->why, "%s", why ? why : "");
}

const tls_recording *tls_recorder_find(const tv_conn *conn)
{
	for (int i = n_recs - 1; i >= 0; i--)
		if (recs[i]->conn == conn)
			return recs[i];
	return NULL;
}

int tls_recorder_count(void)
{
	return n_recs;
}

int tls_recorder_live(void)
{
	int n = 0;

	for (int i = 0; i < n_recs; i++)
		n += !recs[i]->freed;
	return n;
}

void tls_recorder_reset(void)
{
	for (int i = 0; i < n_recs; i++) {
		tv_buf_free(&recs[i]->side[0]);
		tv_buf_free(&recs[i]->side[1]);
		free(recs[i]);
	}
	n_recs = 0;
}
