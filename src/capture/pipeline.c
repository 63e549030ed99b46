/*
 * The glue: packet -> link -> IP -> TCP header -> flow -> stream
 * reassembly -> the flow's TLS decoder, and finished connections -> the
 * output queue.  Also each flow's life: which packet starts a connection,
 * FIN/RST, port reuse, the limits (max_flows, idle time, max_pending).
 */
#include "capture/pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/flow.h"
#include "capture/ip.h"
#include "capture/link.h"
#include "capture/order.h"
#include "capture/tcp_reassembly.h"
#include "tls/decoder.h"
#include "util/cursor.h"

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

struct tv_pipeline {
	tv_pipeline_opts opts;
	tv_conn_sink sink;
	void *sink_arg;
	tv_pipeline_stats stats;
	flow_table flows;
	cap_frags *frags;
	cap_order order;
	tcp_stream_ops ops;
	int64_t now;
	bool forcing; /* finishing flows for max_pending */
};

typedef struct tcp_hdr {
	uint16_t sport, dport, win;
	uint32_t seq, ack;
	uint8_t flags;
	const uint8_t *payload;
	size_t cap, len; /* payload bytes captured, and on the wire */
} tcp_hdr;

void tv_pipeline_opts_default(tv_pipeline_opts *o)
{
	o->max_flows = 65536;
	o->max_ooo_bytes = 1024 * 1024;
	o->max_pending = 4096;
	o->max_frag_bytes = 16 * 1024 * 1024;
	o->idle_timeout_us = 10 * 60 * 1000000LL;
	o->keylog = NULL;
	o->rsa_keys = NULL;
}

/* ---- the decoder behind each stream ----------------------------------- */

static int stream_side(const flow *f, const tcp_stream *s)
{
	return s == &f->st[1];
}

static void on_data(void *arg, const tcp_stream *s, const uint8_t *p, size_t n,
		    int64_t ts)
{
	flow *f = arg;

	tls_decoder_feed(f->dec, stream_side(f, s), p, n, ts);
}

static void on_gap(void *arg, const tcp_stream *s, uint64_t n, int64_t ts)
{
	flow *f = arg;

	tls_decoder_gap(f->dec, stream_side(f, s), n, ts);
}

static void side_name(const flow *f, int side, char *buf, size_t size)
{
	tv_endpoint e;

	flow_endpoint(f, side == 0 ? f->client : 1 - f->client, &e);
	snprintf(buf, size, strchr(e.ip, ':') ? "[%s]:%u" : "%s:%u", e.ip,
		 e.port);
}

static void on_note(void *arg, const tcp_stream *s, tcp_note what, uint64_t off)
{
	flow *f = arg;
	char from[64];

	side_name(f, stream_side(f, s), from, sizeof from);
	if (what == TCP_NOTE_DIFFERENT)
		tv_conn_note(f->conn,
			     "a retransmission from %s carried bytes different "
			     "from the first copy at stream offset %llu (the "
			     "first copy was kept)",
			     from, (unsigned long long)off);
	else
		tv_conn_note(f->conn,
			     "too many bytes from %s arrived after a missing "
			     "segment: the missing bytes were given up",
			     from);
}

/* ---- ending flows -------------------------------------------------------- */

static void enforce_pending(tv_pipeline *p);

/*
 * A live flow is over: holes become gaps, the decoder finishes, and the
 * connection takes its turn in the output (or is dropped if not TLS).
 * The caller then removes f or keeps it as a tombstone.
 */
static void flow_finish(tv_pipeline *p, flow *f, const char *why,
			const char *note)
{
	tv_conn *conn = f->conn;
	cap_slot *slot = f->slot;
	bool tls;

	for (int side = 0; side < 2; side++) {
		tcp_stream_flush(&f->st[side], &p->ops, f, p->now);
		if ((f->fin[side] || f->rst_side == side) && !f->closed[side])
			tls_decoder_close(f->dec, side, p->now);
		f->closed[side] = f->fin[side] || f->rst_side == side;
		tcp_stream_free(&f->st[side]);
	}
	if (note)
		tv_conn_note(conn, "%s", note);
	tls_decoder_finish(f->dec, why);
	tls = tls_decoder_detect(f->dec) == TLS_DETECT_YES;
	tls_decoder_free(f->dec);
	if (f->last_ts > conn->end_us)
		conn->end_us = f->last_ts;
	f->dec = NULL;
	f->conn = NULL;
	f->slot = NULL;
	flow_set_state(&p->flows, f, FLOW_CLOSED);
	if (tls) {
		order_done(&p->order, slot, conn);
	} else {
		tv_conn_free(conn);
		order_drop(&p->order, slot);
	}
	enforce_pending(p);
}

/* Too many finished connections wait for the oldest open one: report it
 * now, as far as it got. */
static void enforce_pending(tv_pipeline *p)
{
	flow *f;
	char note[160];

	if (p->forcing)
		return;
	p->forcing = true;
	while (p->order.waiting > p->opts.max_pending &&
	       (f = order_oldest_open(&p->order))) {
		snprintf(note, sizeof note,
			 "reported before it ended: output is in first-packet "
			 "order and %zu newer connections were waiting",
			 p->order.waiting);
		flow_finish(p, f, "it was reported before it ended", note);
		flow_set_state(&p->flows, f, FLOW_REPORTED);
	}
	p->forcing = false;
}

/* A live flow that is not TLS keeps only a tombstone. */
static void flow_not_tls(tv_pipeline *p, flow *f)
{
	tls_decoder_free(f->dec);
	tv_conn_free(f->conn);
	f->dec = NULL;
	f->conn = NULL;
	tcp_stream_free(&f->st[0]);
	tcp_stream_free(&f->st[1]);
	order_drop(&p->order, f->slot);
	f->slot = NULL;
	flow_set_state(&p->flows, f,
		       f->rst || (f->fin[0] && f->fin[1]) ? FLOW_CLOSED
							  : FLOW_NOT_TLS);
}

/* Finish (if live) and forget a flow. */
static void flow_end(tv_pipeline *p, flow *f, const char *why, const char *note)
{
	if (f->state == FLOW_LIVE)
		flow_finish(p, f, why, note);
	flow_remove(&p->flows, f);
}

static void expire_idle(tv_pipeline *p, int64_t now)
{
	int64_t idle = p->opts.idle_timeout_us;
	char why[96], note[128];
	flow *f;

	if (idle <= 0)
		return;
	while ((f = p->flows.live.head) && now - f->last_ts > idle) {
		snprintf(why, sizeof why,
			 "the connection was idle for more than %lld s",
			 (long long)(idle / 1000000));
		snprintf(note, sizeof note,
			 "no packet for more than %lld s: taken as ended",
			 (long long)(idle / 1000000));
		flow_end(p, f, why, note);
	}
	while ((f = p->flows.tombs.head) && now - f->last_ts > idle)
		flow_remove(&p->flows, f);
}

/* ---- starting flows -------------------------------------------------------
 */

/* Room for one more live flow and one more tombstone. */
static void make_room(tv_pipeline *p)
{
	char note[96];
	flow *f;

	while (p->flows.tombs.n >= p->opts.max_flows)
		flow_remove(&p->flows, p->flows.tombs.head);
	while ((f = p->flows.live.head) &&
	       p->flows.live.n >= p->opts.max_flows) {
		snprintf(note, sizeof note,
			 "evicted: more than %zu concurrent flows",
			 p->opts.max_flows);
		p->stats.evicted_flows++;
		flow_end(p, f, "it was evicted from the flow table", note);
	}
}

static flow *flow_start(tv_pipeline *p, const flow_key *k, uint64_t hash,
			int from, const tcp_hdr *h, int64_t ts)
{
	flow *f;
	tv_conn *c;

	make_room(p);
	f = flow_add(&p->flows, k, hash);
	/* side 0 is the initiator: the SYN's sender, the SYN-ACK's
	 * receiver, else whoever sent the first packet seen */
	f->client =
	    (uint8_t)((h->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)
			  ? 1 - from
			  : from);
	c = tv_conn_new();
	flow_endpoint(f, f->client, &c->client);
	flow_endpoint(f, 1 - f->client, &c->server);
	c->start_us = c->end_us = ts;
	f->conn = c;
	f->dec = tls_decoder_new(c, NULL);
	tls_decoder_set_secrets(f->dec, p->opts.keylog, p->opts.rsa_keys);
	f->slot = order_open(&p->order, f);
	f->last_ts = ts;
	p->stats.flows++;
	return f;
}

/* Does this packet, with no flow for it, start one?  A SYN, a SYN-ACK or
 * data do (a capture may start mid-connection); a lone ACK, FIN or RST
 * (the tail of a flow already forgotten) does not. */
static bool starts_flow(const tcp_hdr *h)
{
	if (h->flags & TH_RST)
		return false;
	return (h->flags & TH_SYN) || h->len > 0;
}

/* A SYN on a known flow: a new connection reusing the 4-tuple?  Yes when
 * the old one is over, or the SYN's ISN is not the one known (a flow seen
 * from mid-connection has none: a SYN there is new). */
static bool reuses_flow(const flow *f, int side, const tcp_hdr *h)
{
	bool new_isn = !f->isn_known[side] || f->isn[side] != h->seq;

	if (!(h->flags & TH_SYN))
		return false;
	/* a SYN-ACK whose SYN the capture missed; not a late duplicate */
	if (h->flags & TH_ACK)
		return f->state == FLOW_CLOSED && new_isn;
	return f->state == FLOW_CLOSED || new_isn;
}

/* ---- one TCP packet -------------------------------------------------- */

static void learn_isn(flow *f, int side, const tcp_hdr *h)
{
	if (!(h->flags & TH_SYN))
		return;
	if (!f->isn_known[side]) {
		f->isn_known[side] = true;
		f->isn[side] = h->seq;
	}
	if ((h->flags & TH_ACK) && !f->isn_known[1 - side]) {
		f->isn_known[1 - side] = true;
		f->isn[1 - side] = h->ack - 1;
	}
}

/* A packet of a flow that is no longer decoded: only its end matters. */
static void tomb_packet(tv_pipeline *p, flow *f, int side, const tcp_hdr *h)
{
	learn_isn(f, side, h);
	if (h->flags & TH_RST)
		f->rst = true;
	if (h->flags & TH_FIN)
		f->fin[side] = true;
	if (f->rst || (f->fin[0] && f->fin[1]))
		flow_set_state(&p->flows, f, FLOW_CLOSED);
}

static void live_packet(tv_pipeline *p, flow *f, int side, const tcp_hdr *h,
			int64_t ts)
{
	tcp_stream *s = &f->st[side];
	uint32_t seq = h->seq;

	if (h->flags & TH_RST) {
		f->rst = true;
		f->rst_side = (int8_t)side;
		flow_finish(p, f, "the connection was reset", NULL);
		return;
	}
	learn_isn(f, side, h);
	if (h->flags & TH_SYN) {
		tcp_stream_start(s, seq + 1);
		if (h->flags & TH_ACK)
			tcp_stream_start(&f->st[1 - side], h->ack);
		seq++;
	} else {
		tcp_stream_start(s, seq);
	}
	f->win_zero[side] = h->win == 0;
	if (h->len)
		tcp_stream_segment(
		    s, &p->ops, f, seq, h->payload, h->cap, h->len,
		    f->win_zero[1 - side] ? TCP_SEG_PROBE : 0, ts);
	if (h->flags & TH_FIN) {
		tcp_stream_fin(s, seq + (uint32_t)h->len);
		f->fin[side] = true;
	}
	if (!f->tls) {
		tls_detect d = tls_decoder_detect(f->dec);

		if (d == TLS_DETECT_NO) {
			flow_not_tls(p, f);
			return;
		}
		f->tls = d == TLS_DETECT_YES;
	}
	if (f->fin[side] && !f->closed[side] && tcp_stream_done(s)) {
		tls_decoder_close(f->dec, side, ts);
		f->closed[side] = true;
	}
	if (f->fin[0] && f->fin[1])
		flow_finish(p, f, "the connection was closed", NULL);
}

static void tcp_packet(tv_pipeline *p, const cap_l4 *l4, const tcp_hdr *h,
		       int64_t ts)
{
	flow_key k;
	uint64_t hash;
	flow *f;
	int from, side;

	flow_key_make(&k, l4, h->sport, h->dport, &from);
	hash = flow_hash(&p->flows, &k);
	f = flow_lookup(&p->flows, &k, hash);
	if (f && reuses_flow(f, from == f->client ? 0 : 1, h)) {
		flow_end(
		    p, f, "a new connection reused its addresses and ports",
		    "a new connection (SYN) reused its addresses and ports "
		    "before it was seen to end");
		f = NULL;
	}
	if (!f) {
		if (!starts_flow(h))
			return;
		f = flow_start(p, &k, hash, from, h, ts);
	}
	flow_touch(&p->flows, f, ts);
	side = from == f->client ? 0 : 1;
	if (f->state == FLOW_LIVE)
		live_packet(p, f, side, h, ts);
	else
		tomb_packet(p, f, side, h);
}

/* RFC 9293 3.1; options are skipped by the data offset. */
static bool tcp_parse(const cap_l4 *l4, tcp_hdr *h)
{
	tv_cur_err err;
	tv_cur c;
	size_t doff;

	cur_init(&c, l4->p, l4->caplen, 0, &err);
	h->sport = cur_u16(&c, "tcp source port");
	h->dport = cur_u16(&c, "tcp destination port");
	h->seq = cur_u32(&c, "tcp sequence number");
	h->ack = cur_u32(&c, "tcp acknowledgment number");
	doff = (size_t)(cur_u8(&c, "tcp data offset") >> 4) * 4;
	h->flags = cur_u8(&c, "tcp flags");
	h->win = cur_u16(&c, "tcp window");
	cur_skip(&c, 4, "tcp checksum and urgent pointer");
	if (!cur_ok(&c) || doff < 20 || doff > l4->len)
		return false;
	h->len = l4->len - doff;
	/* options cut by the snaplen: the payload is all missing */
	if (!cur_skip(&c, doff - 20, "tcp options"))
		h->cap = 0;
	else
		h->cap = cur_left(&c) < h->len ? cur_left(&c) : h->len;
	h->payload = h->cap ? c.p : NULL;
	return true;
}

/* ---- IP fragments given up on ------------------------------------------- */

static void on_frag_lost(void *arg, const cap_frag_lost *l)
{
	tv_pipeline *p = arg;
	tv_cur_err err;
	tv_cur c;
	cap_l4 l4 = {.family = l->family};
	uint16_t sport, dport;
	flow_key k;
	flow *f;
	int from;

	cur_init(&c, l->first, l->first ? l->first_len : 0, 0, &err);
	sport = cur_u16(&c, "tcp source port");
	dport = cur_u16(&c, "tcp destination port");
	if (l->proto == CAP_IPPROTO_TCP && cur_ok(&c)) {
		memcpy(l4.src, l->src, 16);
		memcpy(l4.dst, l->dst, 16);
		flow_key_make(&k, &l4, sport, dport, &from);
		f = flow_lookup(&p->flows, &k, flow_hash(&p->flows, &k));
		if (f && f->state == FLOW_LIVE) {
			char who[64];

			side_name(f, from == f->client ? 0 : 1, who,
				  sizeof who);
			tv_conn_note(
			    f->conn,
			    "an IP datagram from %s lost fragments "
			    "(%zu bytes arrived): its bytes are missing",
			    who, l->held);
			return;
		}
	}
	p->stats.incomplete_datagrams++;
}

/* ---- the pipeline ---------------------------------------------------------
 */

static void emit(void *arg, tv_conn *conn)
{
	tv_pipeline *p = arg;

	p->stats.tls_conns++;
	p->sink(p->sink_arg, conn);
}

tv_pipeline *tv_pipeline_new(const tv_pipeline_opts *o, tv_conn_sink sink,
			     void *sink_arg)
{
	tv_pipeline *p = tv_xcalloc(1, sizeof *p);

	if (o)
		p->opts = *o;
	else
		tv_pipeline_opts_default(&p->opts);
	if (p->opts.max_flows == 0)
		p->opts.max_flows = 1;
	p->sink = sink;
	p->sink_arg = sink_arg;
	flow_table_init(&p->flows);
	p->frags = cap_frags_new(p->opts.max_frag_bytes, on_frag_lost, p);
	order_init(&p->order, emit, p);
	p->ops.data = on_data;
	p->ops.gap = on_gap;
	p->ops.note = on_note;
	p->ops.max_ooo = p->opts.max_ooo_bytes;
	return p;
}

void tv_pipeline_free(tv_pipeline *p)
{
	if (!p)
		return;
	for (flow *f = p->flows.live.head; f; f = f->next) {
		tls_decoder_free(f->dec);
		tv_conn_free(f->conn);
		f->dec = NULL;
		f->conn = NULL;
	}
	flow_table_free(&p->flows);
	cap_frags_free(p->frags);
	order_free(&p->order);
	free(p);
}

void tv_pipeline_packet(tv_pipeline *p, int dlt, int64_t ts,
			const uint8_t *data, size_t caplen, size_t wirelen)
{
	cap_l3 l3;
	cap_l4 l4;
	tcp_hdr h;

	p->stats.packets++;
	p->stats.bytes += caplen;
	p->now = ts;
	cap_frags_expire(p->frags, ts);
	expire_idle(p, ts);
	if (!cap_link_parse(dlt, data, caplen, wirelen, &l3))
		goto undecodable;
	switch (cap_ip_parse(p->frags, &l3, ts, &l4)) {
	case CAP_IP_OK:
		break;
	case CAP_IP_HELD:
		return;
	case CAP_IP_BAD:
		goto undecodable;
	}
	if (l4.proto != CAP_IPPROTO_TCP || !tcp_parse(&l4, &h))
		goto undecodable;
	p->stats.tcp_segments++;
	tcp_packet(p, &l4, &h, ts);
	return;
undecodable:
	p->stats.undecodable_packets++;
}

void tv_pipeline_finish(tv_pipeline *p)
{
	flow *f;

	cap_frags_flush(p->frags);
	/* Oldest first, so each goes straight out and none is reported as
	 * waiting. */
	while ((f = order_oldest_open(&p->order)))
		flow_end(p, f,
			 "the capture ended while the connection was open",
			 NULL);
	while ((f = p->flows.live.head))
		flow_end(p, f,
			 "the capture ended while the connection was open",
			 NULL);
	while ((f = p->flows.tombs.head))
		flow_remove(&p->flows, f);
}

const tv_pipeline_stats *tv_pipeline_get_stats(const tv_pipeline *p)
{
	return &p->stats;
}
