/*
 * Driving the capture pipeline in the unit tests (header-only): packets
 * are built with capture_pkt.h, the TLS decoder is the recorder
 * (tls_recorder.c), and the sink keeps what each connection handed on
 * looked like: id, endpoints, times, what each side's decoder was fed,
 * why it was finished and its notes.
 */
#ifndef CAPTURE_HARNESS_H
#define CAPTURE_HARNESS_H

#include <stdio.h>

#include "capture/pipeline.h"
#include "capture_pkt.h"
#include "tls_recorder.h"

typedef struct out_conn {
	uint64_t id;
	char client[64], server[64];
	int64_t start_us, end_us;
	char side[2][1024];
	char why[160];
	char notes[2048];
	int finished;
} out_conn;

#define MAX_OUTS 256
static out_conn outs[MAX_OUTS];
static int n_outs;

static inline void h_endpoint(char *buf, size_t n, const tv_endpoint *e)
{
	snprintf(buf, n, strchr(e->ip, ':') ? "[%s]:%u" : "%s:%u", e->ip,
		 e->port);
}

static inline void h_sink(void *arg, tv_conn *c)
{
	const tls_recording *r = tls_recorder_find(c);
	out_conn *o = &outs[n_outs < MAX_OUTS - 1 ? n_outs++ : n_outs];

	memset(o, 0, sizeof *o);
	o->id = c->id;
	h_endpoint(o->client, sizeof o->client, &c->client);
	h_endpoint(o->server, sizeof o->server, &c->server);
	o->start_us = c->start_us;
	o->end_us = c->end_us;
	if (r) {
		snprintf(o->side[0], sizeof o->side[0], "%s",
			 tv_buf_str((tv_buf *)&r->side[0]));
		snprintf(o->side[1], sizeof o->side[1], "%s",
			 tv_buf_str((tv_buf *)&r->side[1]));
		snprintf(o->why, sizeof o->why, "%s", r->why);
		o->finished = r->finished;
	}
	for (const tv_note *n = c->notes; n; n = n->next) {
		size_t l = strlen(o->notes);

		snprintf(o->notes + l, sizeof o->notes - l, "%s%s",
			 l ? " | " : "", n->text);
	}
	tv_conn_free(c);
}

static inline tv_pipeline *h_new(const tv_pipeline_opts *opts)
{
	tv_pipeline_opts o;

	tls_recorder_reset();
	n_outs = 0;
	if (opts)
		o = *opts;
	else
		tv_pipeline_opts_default(&o);
	return tv_pipeline_new(&o, h_sink, NULL);
}

/* One Ethernet frame carrying the TCP segment t. */
static inline void h_tcp_t(tv_pipeline *p, int64_t ts, const char *from,
			   const char *to, const pk_tcp *t)
{
	static uint8_t ip[70000], frame[70100];
	size_t n = pk_ip_tcp(ip, pk_endpoint(from), pk_endpoint(to), t);

	n = pk_ether(frame, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, ts, frame, n, n);
}

/* One Ethernet frame carrying a TCP segment; data is text (may be NULL). */
static inline void h_tcp(tv_pipeline *p, int64_t ts, const char *from,
			 const char *to, uint8_t flags, uint32_t seq,
			 uint32_t ack, const char *data)
{
	pk_tcp t = {.seq = seq,
		    .ack = ack,
		    .flags = flags,
		    .data = data,
		    .len = data ? strlen(data) : 0};

	h_tcp_t(p, ts, from, to, &t);
}

/* The client's SYN, the server's SYN-ACK and the client's ACK; ISNs
 * cisn and sisn: data then starts at cisn + 1 and sisn + 1. */
static inline void h_handshake(tv_pipeline *p, int64_t ts, const char *c,
			       const char *s, uint32_t cisn, uint32_t sisn)
{
	h_tcp(p, ts, c, s, PK_SYN, cisn, 0, NULL);
	h_tcp(p, ts + 1, s, c, PK_SYN | PK_ACK, sisn, cisn + 1, NULL);
	h_tcp(p, ts + 2, c, s, PK_ACK, cisn + 1, sisn + 1, NULL);
}

#endif
