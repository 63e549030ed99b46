/*
 * IPv4 (RFC 791) and IPv6 (RFC 8200) down to the transport header.
 *
 * Lengths: the IP header's total/payload length decides where the packet
 * ends (trailing Ethernet padding is dropped); fewer captured bytes than
 * that (the snaplen) leave caplen < len, which TCP turns into a gap.  A
 * length of 0 (TSO on the capturing host, or an IPv6 jumbogram) means
 * "as long as the frame was".
 *
 * Fragments of TCP datagrams are kept per datagram in a sorted piece list
 * (first copy wins) until they cover the datagram, within max_bytes in
 * total and CAP_FRAG_TIMEOUT_US of capture time; what is given up is
 * reported through the lost callback.
 */
#include "capture/ip.h"

#include <stdlib.h>
#include <string.h>

#include "capture/seglist.h"
#include "util/arena.h"
#include "util/cursor.h"

#define MAX_DATAGRAMS	 1024	/* datagrams being reassembled at once */
#define MAX_DATAGRAM_LEN 65535u /* offset + length of a fragment */

typedef struct frag_dgram frag_dgram;
struct frag_dgram {
	frag_dgram *prev, *next; /* oldest first */
	uint8_t family, proto;
	uint8_t src[16], dst[16];
	uint32_t id;
	int64_t first_ts;
	uint64_t total; /* payload length, once the last fragment came */
	bool have_last;
	cap_seglist pieces;
};

struct cap_frags {
	frag_dgram *head, *tail;
	size_t count;
	size_t bytes, max_bytes;
	uint8_t *done; /* the last reassembled datagram */
	cap_frag_lost_fn lost;
	void *lost_arg;
};

/* The fields of a fragment, whichever IP version carried it. */
typedef struct frag_in {
	uint8_t family, proto;
	const uint8_t *src, *dst;
	uint32_t id;
	uint64_t off;
	bool more;
	const uint8_t *p;
	size_t cap, len;
} frag_in;

cap_frags *cap_frags_new(size_t max_bytes, cap_frag_lost_fn lost, void *arg)
{
	cap_frags *f = tv_xcalloc(1, sizeof *f);

	f->max_bytes = max_bytes;
	f->lost = lost;
	f->lost_arg = arg;
	return f;
}

static void dgram_unlink(cap_frags *f, frag_dgram *d)
{
	if (d->prev)
		d->prev->next = d->next;
	else
		f->head = d->next;
	if (d->next)
		d->next->prev = d->prev;
	else
		f->tail = d->prev;
	f->count--;
	f->bytes -= d->pieces.bytes;
	seglist_clear(&d->pieces);
	free(d);
}

static void dgram_lose(cap_frags *f, frag_dgram *d)
{
	cap_frag_lost l = {
	    .family = d->family,
	    .proto = d->proto,
	    .src = d->src,
	    .dst = d->dst,
	    .held = d->pieces.bytes,
	};
	const cap_seg *s = d->pieces.head;

	if (s && s->off == 0 && !s->missing) {
		l.first = s->data;
		l.first_len = s->len;
	}
	if (f->lost)
		f->lost(f->lost_arg, &l);
	dgram_unlink(f, d);
}

void cap_frags_free(cap_frags *f)
{
	if (!f)
		return;
	while (f->head)
		dgram_unlink(f, f->head);
	free(f->done);
	free(f);
}

void cap_frags_expire(cap_frags *f, int64_t now)
{
	while (f->head && now - f->head->first_ts > CAP_FRAG_TIMEOUT_US)
		dgram_lose(f, f->head);
}

void cap_frags_flush(cap_frags *f)
{
	while (f->head)
		dgram_lose(f, f->head);
}

static frag_dgram *dgram_find(cap_frags *f, const frag_in *in, int64_t ts)
{
	frag_dgram *d;

	for (d = f->tail; d; d = d->prev)
		if (d->id == in->id && d->family == in->family &&
		    (in->family == 6 || d->proto == in->proto) &&
		    memcmp(d->src, in->src, 16) == 0 &&
		    memcmp(d->dst, in->dst, 16) == 0)
			return d;
	if (f->count >= MAX_DATAGRAMS)
		dgram_lose(f, f->head);
	d = tv_xcalloc(1, sizeof *d);
	d->family = in->family;
	d->proto = in->proto;
	memcpy(d->src, in->src, 16);
	memcpy(d->dst, in->dst, 16);
	d->id = in->id;
	d->first_ts = ts;
	seglist_init(&d->pieces);
	d->prev = f->tail;
	if (f->tail)
		f->tail->next = d;
	else
		f->head = d;
	f->tail = d;
	f->count++;
	return d;
}

/* Complete when the pieces cover [0, total) without a hole. */
static bool dgram_complete(const frag_dgram *d)
{
	uint64_t pos = 0;

	if (!d->have_last)
		return false;
	for (const cap_seg *s = d->pieces.head; s && pos < d->total;
	     s = s->next) {
		if (s->off > pos)
			return false;
		if (seg_end(s) > pos)
			pos = seg_end(s);
	}
	return pos >= d->total;
}

/* Copy the pieces out; bytes after the first piece the snaplen cut are
 * not captured (caplen stops there). */
static void dgram_assemble(cap_frags *f, frag_dgram *d, cap_l4 *out)
{
	size_t total = (size_t)d->total, cap = total;
	uint8_t *buf = tv_xmalloc(total);

	for (const cap_seg *s = d->pieces.head; s && s->off < total;
	     s = s->next) {
		size_t n = seg_end(s) > total ? total - (size_t)s->off : s->len;

		if (s->missing) {
			if (s->off < cap)
				cap = (size_t)s->off;
			continue;
		}
		memcpy(buf + s->off, s->data, n);
	}
	free(f->done);
	f->done = buf;
	out->family = d->family;
	out->proto = d->proto;
	memcpy(out->src, d->src, 16);
	memcpy(out->dst, d->dst, 16);
	out->p = buf;
	out->caplen = cap;
	out->len = total;
	dgram_unlink(f, d);
}

static cap_ip_result frag_add(cap_frags *f, const frag_in *in, int64_t ts,
			      cap_l4 *out)
{
	frag_dgram *d;
	cap_overlap ov = {0};
	uint64_t end = in->off + in->len;

	if (end > MAX_DATAGRAM_LEN || in->cap > f->max_bytes)
		return CAP_IP_BAD;
	d = dgram_find(f, in, ts);
	if (!in->more) {
		/* a second last fragment with another end is ignored */
		if (d->have_last && d->total != end)
			return CAP_IP_HELD;
		d->have_last = true;
		d->total = end;
	}
	while (f->bytes + in->cap > f->max_bytes && f->head != d)
		dgram_lose(f, f->head);
	if (f->bytes + in->cap > f->max_bytes) {
		dgram_lose(f, d);
		return CAP_IP_HELD;
	}
	f->bytes +=
	    seglist_insert(&d->pieces, in->off, in->p, in->cap, in->len, &ov);
	if (!dgram_complete(d))
		return CAP_IP_HELD;
	dgram_assemble(f, d, out);
	return CAP_IP_OK;
}

/* ---- IPv4 ------------------------------------------------------------- */

static cap_ip_result ipv4_parse(cap_frags *f, const cap_l3 *in, int64_t ts,
				cap_l4 *out)
{
	tv_cur_err err;
	tv_cur c;
	uint8_t vihl, proto;
	size_t ihl, tot;
	uint16_t id, frag;
	const uint8_t *src, *dst;

	cur_init(&c, in->p, in->caplen, 0, &err);
	vihl = cur_u8(&c, "ipv4 version");
	cur_skip(&c, 1, "ipv4 tos");
	tot = cur_u16(&c, "ipv4 total length");
	id = cur_u16(&c, "ipv4 id");
	frag = cur_u16(&c, "ipv4 fragment");
	cur_skip(&c, 1, "ipv4 ttl");
	proto = cur_u8(&c, "ipv4 protocol");
	cur_skip(&c, 2, "ipv4 checksum");
	src = cur_bytes(&c, 4, "ipv4 source");
	dst = cur_bytes(&c, 4, "ipv4 destination");
	ihl = (size_t)(vihl & 15) * 4;
	if (!cur_ok(&c) || vihl >> 4 != 4 || ihl < 20 ||
	    !cur_skip(&c, ihl - 20, "ipv4 options"))
		return CAP_IP_BAD;
	if (tot == 0)
		tot = in->wirelen; /* TSO: the frame says how long */
	if (tot < ihl)
		return CAP_IP_BAD;
	memset(out, 0, sizeof *out);
	out->family = 4;
	out->proto = proto;
	memcpy(out->src, src, 4);
	memcpy(out->dst, dst, 4);
	out->p = c.p;
	out->len = tot - ihl;
	out->caplen = cur_left(&c) < out->len ? cur_left(&c) : out->len;
	if ((frag & 0x3fff) == 0)
		return CAP_IP_OK;
	if (proto != CAP_IPPROTO_TCP)
		return CAP_IP_BAD;
	frag_in fi = {
	    .family = 4,
	    .proto = proto,
	    .src = out->src,
	    .dst = out->dst,
	    .id = id,
	    .off = (uint64_t)(frag & 0x1fff) * 8,
	    .more = (frag & 0x2000) != 0,
	    .p = out->p,
	    .cap = out->caplen,
	    .len = out->len,
	};
	return frag_add(f, &fi, ts, out);
}

/* ---- IPv6 ------------------------------------------------------------- */

enum {
	NH_HOPOPT = 0,
	NH_ROUTING = 43,
	NH_FRAGMENT = 44,
	NH_ESP = 50,
	NH_AH = 51,
	NH_NONE = 59,
	NH_DSTOPTS = 60,
	NH_MOBILITY = 135,
	NH_HIP = 139,
	NH_SHIM6 = 140,
};

/* Extension headers in the RFC 8200 4.* format: next header, length in
 * 8-octet units not counting the first. */
static bool is_generic_ext(uint8_t nh)
{
	return nh == NH_HOPOPT || nh == NH_ROUTING || nh == NH_DSTOPTS ||
	       nh == NH_MOBILITY || nh == NH_HIP || nh == NH_SHIM6;
}

/* Skip the extension headers at c; *nh becomes the first non-extension
 * header.  Stops at a fragment header with *nh == NH_FRAGMENT. */
static bool ipv6_skip_ext(tv_cur *c, uint8_t *nh)
{
	while (is_generic_ext(*nh) || *nh == NH_AH) {
		uint8_t next = cur_u8(c, "ipv6 next header");
		size_t len = cur_u8(c, "ipv6 extension length");

		len = *nh == NH_AH ? (len + 2) * 4 : (len + 1) * 8;
		if (!cur_skip(c, len - 2, "ipv6 extension header"))
			return false;
		*nh = next;
	}
	return cur_ok(c) && *nh != NH_ESP && *nh != NH_NONE;
}

static cap_ip_result ipv6_fragment(cap_frags *f, tv_cur *c, size_t len,
				   int64_t ts, cap_l4 *out)
{
	uint8_t next = cur_u8(c, "ipv6 fragment next header");
	uint16_t fo;
	uint32_t id;
	cap_ip_result r;
	tv_cur_err err;
	tv_cur rc;

	cur_skip(c, 1, "ipv6 fragment reserved");
	fo = cur_u16(c, "ipv6 fragment offset");
	id = cur_u32(c, "ipv6 fragment id");
	if (!cur_ok(c) || len < 8)
		return CAP_IP_BAD;
	/* TCP, or extension headers that may still lead to it */
	if (next != CAP_IPPROTO_TCP && !is_generic_ext(next) && next != NH_AH)
		return CAP_IP_BAD;
	frag_in fi = {
	    .family = 6,
	    .proto = next,
	    .src = out->src,
	    .dst = out->dst,
	    .id = id,
	    .off = fo & 0xfff8,
	    .more = (fo & 1) != 0,
	    .p = c->p,
	    .cap = cur_left(c) < len - 8 ? cur_left(c) : len - 8,
	    .len = len - 8,
	};
	r = frag_add(f, &fi, ts, out);
	if (r != CAP_IP_OK)
		return r;
	/* The reassembled fragmentable part: more headers, then TCP. */
	cur_init(&rc, out->p, out->caplen, 0, &err);
	if (!ipv6_skip_ext(&rc, &out->proto) || out->proto == NH_FRAGMENT)
		return CAP_IP_BAD;
	out->len -= cur_off(&rc);
	out->p = rc.p;
	out->caplen = cur_left(&rc);
	return CAP_IP_OK;
}

static cap_ip_result ipv6_parse(cap_frags *f, const cap_l3 *in, int64_t ts,
				cap_l4 *out)
{
	tv_cur_err err;
	tv_cur c;
	uint32_t vtf;
	size_t plen, used;
	uint8_t nh;
	const uint8_t *src, *dst;

	cur_init(&c, in->p, in->caplen, 0, &err);
	vtf = cur_u32(&c, "ipv6 version");
	plen = cur_u16(&c, "ipv6 payload length");
	nh = cur_u8(&c, "ipv6 next header");
	cur_skip(&c, 1, "ipv6 hop limit");
	src = cur_bytes(&c, 16, "ipv6 source");
	dst = cur_bytes(&c, 16, "ipv6 destination");
	if (!cur_ok(&c) || vtf >> 28 != 6)
		return CAP_IP_BAD;
	if (plen == 0) /* jumbogram or TSO: the frame says how long */
		plen = in->wirelen > 40 ? in->wirelen - 40 : 0;
	memset(out, 0, sizeof *out);
	out->family = 6;
	memcpy(out->src, src, 16);
	memcpy(out->dst, dst, 16);
	if (cur_left(&c) > plen)
		c.end = c.p + plen; /* link-layer padding */
	if (!ipv6_skip_ext(&c, &nh))
		return CAP_IP_BAD;
	used = cur_off(&c) - 40;
	if (used > plen)
		return CAP_IP_BAD;
	if (nh == NH_FRAGMENT)
		return ipv6_fragment(f, &c, plen - used, ts, out);
	out->proto = nh;
	out->p = c.p;
	out->len = plen - used;
	out->caplen = cur_left(&c);
	return CAP_IP_OK;
}

cap_ip_result cap_ip_parse(cap_frags *f, const cap_l3 *in, int64_t ts,
			   cap_l4 *out)
{
	uint8_t family = in->family;

	if (f->done) {
		free(f->done);
		f->done = NULL;
	}
	if (family == 0) {
		tv_cur_err err;
		tv_cur c;

		cur_init(&c, in->p, in->caplen, 0, &err);
		family = cur_u8(&c, "ip version") >> 4;
	}
	if (family == 4)
		return ipv4_parse(f, in, ts, out);
	if (family == 6)
		return ipv6_parse(f, in, ts, out);
	return CAP_IP_BAD;
}
