#include "capture/tcp_reassembly.h"

#include <stdlib.h>

void tcp_stream_init(tcp_stream *s)
{
	seglist_init(&s->ooo);
	s->next = s->fin_off = 0;
	s->seq0 = 0;
	s->started = s->fin = s->differ_noted = false;
}

void tcp_stream_start(tcp_stream *s, uint32_t seq0)
{
	if (s->started)
		return;
	s->started = true;
	s->seq0 = seq0;
	s->next = 0;
}

void tcp_stream_free(tcp_stream *s)
{
	seglist_clear(&s->ooo);
}

/* Serial arithmetic (RFC 1982) around the next expected byte. */
static int64_t seq_off(const tcp_stream *s, uint32_t seq)
{
	uint32_t next_seq = s->seq0 + (uint32_t)s->next;

	return (int64_t)s->next + (int32_t)(seq - next_seq);
}

/* Pieces held: bounded by bytes, and by count against tiny segments. */
static bool ooo_fits(const tcp_stream *s, const tcp_stream_ops *ops, size_t cap)
{
	size_t max_pieces = ops->max_ooo / 256 > 64 ? ops->max_ooo / 256 : 64;

	return s->ooo.bytes + cap <= ops->max_ooo &&
	       s->ooo.count + 2 <= max_pieces;
}

static void deliver(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
		    const uint8_t *p, size_t cap, uint64_t len, int64_t ts)
{
	if (s->fin && s->next + len > s->fin_off)
		len = s->fin_off > s->next ? s->fin_off - s->next : 0;
	if (cap > len)
		cap = (size_t)len;
	if (cap)
		ops->data(arg, s, p, cap, ts);
	if (len > cap)
		ops->gap(arg, s, len - cap, ts);
	s->next += len;
}

/* Deliver the held pieces that now continue the stream. */
static void drain(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
		  int64_t ts)
{
	while (s->ooo.head && s->ooo.head->off <= s->next) {
		cap_seg *g = seglist_pop(&s->ooo);

		if (seg_end(g) > s->next) {
			size_t skip = (size_t)(s->next - g->off);
			size_t n = g->len - skip;

			deliver(s, ops, arg, g->missing ? NULL : g->data + skip,
				g->missing ? 0 : n, n, ts);
		}
		free(g);
	}
}

static void note_overlap(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
			 const cap_overlap *ov)
{
	if (!ov->differs || s->differ_noted)
		return;
	s->differ_noted = true;
	ops->note(arg, s, TCP_NOTE_DIFFERENT, ov->diff_off);
}

static void hold(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
		 uint64_t off, const uint8_t *p, size_t cap, size_t len)
{
	cap_overlap ov = {0};

	seglist_insert(&s->ooo, off, p, cap, len, &ov);
	note_overlap(s, ops, arg, &ov);
}

/* A segment starting at the next expected byte. */
static void in_order(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
		     const uint8_t *p, size_t cap, size_t len, int64_t ts)
{
	uint64_t limit, first;

	if (!s->ooo.head || s->next + len <= s->ooo.head->off) {
		deliver(s, ops, arg, p, cap, len, ts);
		drain(s, ops, arg, ts);
		return;
	}
	/* It runs into held bytes, which came first and win. */
	limit = s->ooo.head->off;
	first = limit - s->next;
	deliver(s, ops, arg, p, cap < first ? cap : (size_t)first, first, ts);
	if (cap > first)
		hold(s, ops, arg, limit, p + first, cap - (size_t)first,
		     len - (size_t)first);
	else
		hold(s, ops, arg, limit, NULL, 0, len - (size_t)first);
	drain(s, ops, arg, ts);
}

/* Give up on the hole before the first held piece. */
static void skip_hole(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
		      uint64_t to, int64_t ts)
{
	ops->note(arg, s, TCP_NOTE_OOO_LIMIT, s->next);
	ops->gap(arg, s, to - s->next, ts);
	s->next = to;
	drain(s, ops, arg, ts);
}

void tcp_stream_segment(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
			uint32_t seq, const uint8_t *p, size_t cap, size_t len,
			unsigned flags, int64_t ts)
{
	int64_t off;

	if (!s->started || len == 0)
		return;
	if (cap > len)
		cap = len;
	off = seq_off(s, seq);
	/* The common case: the next bytes, nothing held. */
	if (off == (int64_t)s->next && !s->ooo.head && !s->fin) {
		if (len == 1 && (flags & TCP_SEG_PROBE))
			return;
		deliver(s, ops, arg, p, cap, len, ts);
		return;
	}
	/* A keep-alive: at most one byte just below the next expected. */
	if (len <= 1 && off == (int64_t)s->next - 1)
		return;
	if (len == 1 && (flags & TCP_SEG_PROBE) && off == (int64_t)s->next)
		return;
	for (;;) {
		int64_t end = off + (int64_t)len;

		if (end <= (int64_t)s->next)
			return; /* all seen already */
		if (s->fin) {
			if (off >= (int64_t)s->fin_off)
				return;
			if (end > (int64_t)s->fin_off)
				len = (size_t)((int64_t)s->fin_off - off);
			if (cap > len)
				cap = len;
		}
		if (off < (int64_t)s->next) {
			size_t skip = (size_t)((int64_t)s->next - off);

			if (skip >= cap) {
				p = NULL;
				cap = 0;
			} else {
				p += skip;
				cap -= skip;
			}
			len -= skip;
			off = (int64_t)s->next;
		}
		if (off == (int64_t)s->next) {
			in_order(s, ops, arg, p, cap, len, ts);
			return;
		}
		if (ooo_fits(s, ops, cap)) {
			hold(s, ops, arg, (uint64_t)off, p, cap, len);
			return;
		}
		/* Over the limit: the oldest hole (up to this segment at
		 * most) becomes a gap, then the segment is looked at again. */
		uint64_t to = (uint64_t)off;

		if (s->ooo.head && s->ooo.head->off < to)
			to = s->ooo.head->off;
		skip_hole(s, ops, arg, to, ts);
	}
}

void tcp_stream_fin(tcp_stream *s, uint32_t seq)
{
	int64_t off;

	if (!s->started || s->fin)
		return;
	off = seq_off(s, seq);
	s->fin = true;
	s->fin_off = off > (int64_t)s->next ? (uint64_t)off : s->next;
}

void tcp_stream_flush(tcp_stream *s, const tcp_stream_ops *ops, void *arg,
		      int64_t ts)
{
	while (s->ooo.head) {
		uint64_t at = s->ooo.head->off;

		if (s->fin && at >= s->fin_off)
			break;
		if (at > s->next) {
			ops->gap(arg, s, at - s->next, ts);
			s->next = at;
		}
		drain(s, ops, arg, ts);
	}
	seglist_clear(&s->ooo);
	if (s->fin && s->next < s->fin_off) {
		ops->gap(arg, s, s->fin_off - s->next, ts);
		s->next = s->fin_off;
	}
}
