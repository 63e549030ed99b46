/*
 * One direction of a TCP connection turned back into its byte stream.
 *
 * Sequence numbers are mapped to 64-bit stream offsets by serial
 * arithmetic around the next expected byte, so the 32-bit wrap is
 * invisible.  In-order bytes go straight from the packet to ops->data
 * (no copy); segments ahead of a hole are copied into a bounded list and
 * delivered when the hole fills.  Retransmitted and overlapping bytes are
 * trimmed (the first copy wins).  A hole that cannot wait any longer (the
 * out-of-order limit, a FIN, the end) is handed on as ops->gap.
 * Nothing here knows about TLS: the callbacks do.
 */
#ifndef CAPTURE_TCP_REASSEMBLY_H
#define CAPTURE_TCP_REASSEMBLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/seglist.h"

typedef enum {
	TCP_NOTE_OOO_LIMIT, /* a hole was given up on: too much data after it */
	TCP_NOTE_DIFFERENT, /* an overlapping copy carried different bytes */
} tcp_note;

typedef struct tcp_stream tcp_stream;

typedef struct tcp_stream_ops {
	void (*data)(void *arg, const tcp_stream *s, const uint8_t *p, size_t n,
		     int64_t ts_us);
	void (*gap)(void *arg, const tcp_stream *s, uint64_t n, int64_t ts_us);
	/* off: the stream offset concerned */
	void (*note)(void *arg, const tcp_stream *s, tcp_note what,
		     uint64_t off);
	size_t max_ooo; /* out-of-order bytes held before a hole is a gap */
} tcp_stream_ops;

struct tcp_stream {
	cap_seglist ooo;  /* segments waiting for a hole to fill */
	uint64_t next;	  /* stream offset of the next byte to deliver */
	uint64_t fin_off; /* stream offset of the FIN, when fin */
	uint32_t seq0;	  /* sequence number of stream offset 0 */
	bool started;
	bool fin;
	bool differ_noted;
};

/* The receiver advertised a zero window: a 1-byte segment at the next
 * expected byte is a window probe, sent again once the window opens. */
#define TCP_SEG_PROBE 1u

void tcp_stream_init(tcp_stream *s);
/* Offset 0 is sequence number seq0 (the SYN's ISN + 1, or the first
 * sequence number seen in a capture that starts mid-connection). */
void tcp_stream_start(tcp_stream *s, uint32_t seq0);
/*
 * A segment of len bytes at seq; p holds its first cap bytes (cap < len
 * when the snaplen cut the packet: the rest becomes a gap).
 */
void tcp_stream_segment(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
			uint32_t seq, const uint8_t *p, size_t cap, size_t len,
			unsigned flags, int64_t ts_us);
/* The FIN came at seq (the sequence number after the segment's data). */
void tcp_stream_fin(tcp_stream *s, uint32_t seq);
/* The FIN was seen and every byte before it was delivered. */
static inline bool tcp_stream_done(const tcp_stream *s)
{
	return s->fin && s->next >= s->fin_off;
}
/* No more segments will come: deliver what is held, every hole (and the
 * bytes missing before a FIN) as a gap. */
void tcp_stream_flush(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
		      int64_t ts_us);
/* Drop what is held (the stream is abandoned). */
void tcp_stream_free(tcp_stream *s);

#endif
