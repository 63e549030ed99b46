/* IPv4 and IPv6: header checks, IPv4 options, lengths (padding, snaplen,
 * TSO), IPv6 extension headers, fragment reassembly of both versions (in
 * order, out of order, overlapping, missing one, over the memory limit,
 * timed out), and what reaches the decoder through the pipeline. */
#include "capture/ip.h"
#include "capture_harness.h"
#include "tap.h"

static int n_lost;
static cap_frag_lost last_lost;
static uint8_t last_first[64];

static void on_lost(void *arg, const cap_frag_lost *l)
{
	n_lost++;
	last_lost = *l;
	if (l->first)
		memcpy(last_first, l->first,
		       l->first_len < 64 ? l->first_len : 64);
}

static pk_ep A4, B4, A6, B6;

static cap_ip_result parse(cap_frags *f, const uint8_t *p, size_t cap,
			   size_t wire, int64_t ts, cap_l4 *out)
{
	cap_l3 l3 = {.family = 0, .p = p, .caplen = cap, .wirelen = wire};

	return cap_ip_parse(f, &l3, ts, out);
}

/* A TCP segment (20-byte header) carrying text. */
static size_t tcp_seg(uint8_t *o, const char *text)
{
	pk_tcp t = {
	    .seq = 1, .flags = PK_ACK, .data = text, .len = strlen(text)};

	return pk_tcp_seg(o, A4, B4, &t);
}

static void test_ipv4_basic(void)
{
	cap_frags *f = cap_frags_new(1 << 20, on_lost, NULL);
	uint8_t seg[100], pkt[200];
	size_t sn = tcp_seg(seg, "payload"), n;
	cap_l4 l4;

	n = pk_ipv4(pkt, A4, B4, 6, seg, sn, 1, 0, 0);
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_OK, "IPv4 parses");
	is_int(l4.family, 4, "family 4");
	is_int(l4.proto, 6, "protocol TCP");
	ok(memcmp(l4.src, A4.addr, 4) == 0 && memcmp(l4.dst, B4.addr, 4) == 0,
	   "addresses");
	is_int(l4.p - pkt, 20, "TCP starts after 20 bytes");
	is_int(l4.len, sn, "transport length from the total length");
	is_int(l4.caplen, sn, "all of it captured");

	n = pk_ipv4(pkt, A4, B4, 6, seg, sn, 1, 0, 20);
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_OK, "IPv4 with options");
	is_int(l4.p - pkt, 40, "options skipped by the header length (IHL 10)");
	is_int(l4.len, sn, "length excludes the options");

	n = pk_ipv4(pkt, A4, B4, 6, seg, sn, 1, 0, 0);
	memset(pkt + n, 0, 10);
	is_int(parse(f, pkt, n + 10, n + 10, 0, &l4), CAP_IP_OK,
	       "padded frame");
	is_int(l4.caplen, sn, "padding is trimmed by the total length");

	is_int(parse(f, pkt, n - 4, n, 0, &l4), CAP_IP_OK,
	       "cut by the snaplen");
	is_int(l4.len, sn, "the wire length stays");
	is_int(l4.caplen, sn - 4, "caplen is what was captured");

	pk_put16(pkt + 2, 0); /* TSO: total length 0 */
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_OK, "total length 0 (TSO)");
	is_int(l4.len, sn, "the length comes from the frame");

	n = pk_ipv4(pkt, A4, B4, 6, seg, sn, 1, 0, 0);
	pkt[0] = 0x55;
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_BAD, "version 5 is refused");
	pkt[0] = 0x44;
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_BAD, "IHL 4 is refused");
	pkt[0] = 0x4f;
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_BAD,
	       "IHL 15 longer than the packet is refused");
	pkt[0] = 0x45;
	pk_put16(pkt + 2, 12);
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_BAD,
	       "total length below the header length is refused");
	n = pk_ipv4(pkt, A4, B4, 6, seg, sn, 1, 0, 0);
	for (size_t i = 0; i < 20; i++)
		if (parse(f, pkt, i, n, 0, &l4) != CAP_IP_BAD)
			ok(0, "a header cut at %zu bytes must be refused", i);
	ok(1, "headers cut anywhere in the first 20 bytes are refused");
	cap_frags_free(f);
}

/* IPv4 fragments of one TCP segment: pieces [off, off + len) of seg. */
static size_t frag4(uint8_t *o, const uint8_t *seg, size_t off, size_t len,
		    bool more, uint16_t id)
{
	return pk_ipv4(o, A4, B4, 6, seg + off, len, id,
		       (uint16_t)((more ? 0x2000 : 0) | off / 8), 0);
}

static void test_ipv4_fragments(void)
{
	cap_frags *f = cap_frags_new(1 << 20, on_lost, NULL);
	uint8_t seg[200], p[3][200];
	size_t sn = tcp_seg(seg, "0123456789abcdefghijklmnopqrstuvwxyz!");
	size_t n[3];
	cap_l4 l4;
	static const int orders[][3] = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}};

	/* 57 bytes: 24 + 24 + 9 */
	n[0] = frag4(p[0], seg, 0, 24, true, 7);
	n[1] = frag4(p[1], seg, 24, 24, true, 7);
	n[2] = frag4(p[2], seg, 48, sn - 48, false, 7);
	for (size_t o = 0; o < 3; o++) {
		const int *ord = orders[o];

		is_int(parse(f, p[ord[0]], n[ord[0]], n[ord[0]], 0, &l4),
		       CAP_IP_HELD, "order %d%d%d: first fragment held", ord[0],
		       ord[1], ord[2]);
		is_int(parse(f, p[ord[1]], n[ord[1]], n[ord[1]], 0, &l4),
		       CAP_IP_HELD, "order %d%d%d: second held", ord[0], ord[1],
		       ord[2]);
		is_int(parse(f, p[ord[2]], n[ord[2]], n[ord[2]], 0, &l4),
		       CAP_IP_OK, "order %d%d%d: the last completes it", ord[0],
		       ord[1], ord[2]);
		is_int(l4.len, sn, "reassembled length");
		is_int(l4.caplen, sn, "all captured");
		ok(memcmp(l4.p, seg, sn) == 0,
		   "reassembled bytes are the segment");
	}

	/* an overlapping duplicate with other bytes: the first copy wins */
	{
		uint8_t bad[200], q[200];
		size_t qn;

		memcpy(bad, seg, sn);
		memset(bad + 24, 'X', 24);
		parse(f, p[1], n[1], n[1], 0, &l4);
		qn = frag4(q, bad, 16, 32, true, 7);
		is_int(parse(f, q, qn, qn, 0, &l4), CAP_IP_HELD,
		       "overlap held");
		parse(f, p[2], n[2], n[2], 0, &l4);
		is_int(parse(f, p[0], n[0], n[0], 0, &l4), CAP_IP_OK,
		       "completed despite the overlap");
		ok(memcmp(l4.p, seg, sn) == 0,
		   "bytes already held were kept over the overlap's");
	}

	/* one missing: given up after the timeout, reported with its start */
	n_lost = 0;
	parse(f, p[0], n[0], n[0], 1000, &l4);
	parse(f, p[2], n[2], n[2], 1000, &l4);
	cap_frags_expire(f, 1000 + CAP_FRAG_TIMEOUT_US);
	is_int(n_lost, 0, "not given up before the timeout");
	cap_frags_expire(f, 1001 + CAP_FRAG_TIMEOUT_US);
	is_int(n_lost, 1, "given up after it");
	is_int(last_lost.held, 24 + sn - 48,
	       "the bytes that arrived are counted");
	ok(last_lost.first && memcmp(last_first, seg, 4) == 0,
	   "the lost datagram's TCP ports are reported");
	is_int(parse(f, p[1], n[1], n[1], 0, &l4), CAP_IP_HELD,
	       "the late middle fragment starts a new datagram");
	cap_frags_flush(f);
	is_int(n_lost, 2, "the end of input gives up what is held");
	ok(last_lost.first == NULL,
	   "a datagram without its first fragment has no ports to report");

	/* non-TCP fragments are not kept */
	{
		uint8_t q[200];
		size_t qn = pk_ipv4(q, A4, B4, 17, seg, 24, 9, 0x2000, 0);

		is_int(parse(f, q, qn, qn, 0, &l4), CAP_IP_BAD,
		       "UDP fragments are not reassembled");
	}
	cap_frags_free(f);

	/* the memory limit: the oldest datagram gives way */
	f = cap_frags_new(40, on_lost, NULL);
	n_lost = 0;
	parse(f, p[0], n[0], n[0], 0, &l4); /* 24 bytes, id 7 */
	{
		uint8_t q[200];
		size_t qn = frag4(q, seg, 0, 24, true, 8);

		is_int(parse(f, q, qn, qn, 0, &l4), CAP_IP_HELD, "id 8 held");
	}
	is_int(n_lost, 1,
	       "over 40 bytes held: the older datagram was given up");
	cap_frags_free(f);
}

static void test_ipv6_ext(void)
{
	cap_frags *f = cap_frags_new(1 << 20, on_lost, NULL);
	uint8_t seg[100], pay[300], pkt[400];
	size_t sn = tcp_seg(seg, "six"), n, k = 0;
	cap_l4 l4;

	n = pk_ipv6(pkt, A6, B6, 6, seg, sn);
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_OK, "IPv6 parses");
	is_int(l4.family, 6, "family 6");
	ok(memcmp(l4.src, A6.addr, 16) == 0 && memcmp(l4.dst, B6.addr, 16) == 0,
	   "addresses");
	is_int(l4.len, sn, "length");

	/* hop-by-hop (8), routing (24), AH (16), dest options (8), TCP */
	memset(pay, 0, sizeof pay);
	pay[k] = 43, pay[k + 1] = 0, k += 8;
	pay[k] = 51, pay[k + 1] = 2, k += 24;
	pay[k] = 60, pay[k + 1] = 2, k += 16; /* AH: (2 + 2) * 4 */
	pay[k] = 6, pay[k + 1] = 0, k += 8;
	memcpy(pay + k, seg, sn);
	n = pk_ipv6(pkt, A6, B6, 0, pay, k + sn);
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_OK,
	       "IPv6 with four extension headers");
	is_int(l4.proto, 6, "ends at TCP");
	is_int(l4.p - pkt, 40 + k, "TCP after the extension headers");
	is_int(l4.len, sn, "length excludes them");
	for (size_t i = 40; i < 40 + k; i++)
		if (parse(f, pkt, i, n, 0, &l4) != CAP_IP_BAD)
			ok(0, "an extension header cut at %zu must be refused",
			   i);
	ok(1, "extension headers cut by the snaplen are refused");

	pay[0] = 50; /* hop-by-hop -> ESP */
	n = pk_ipv6(pkt, A6, B6, 0, pay, k + sn);
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_BAD, "ESP ends decoding");
	pay[0] = 59;
	n = pk_ipv6(pkt, A6, B6, 0, pay, k + sn);
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_BAD,
	       "so does no-next-header");
	pay[0] = 17;
	n = pk_ipv6(pkt, A6, B6, 0, pay, k + sn);
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_OK, "UDP after hop-by-hop");
	is_int(l4.proto, 17, "is reported as UDP");

	n = pk_ipv6(pkt, A6, B6, 6, seg, sn);
	memset(pkt + n, 0, 8);
	is_int(parse(f, pkt, n + 8, n + 8, 0, &l4), CAP_IP_OK, "padded IPv6");
	is_int(l4.caplen, sn, "padding trimmed by the payload length");
	pkt[0] = 0x40;
	is_int(parse(f, pkt, n, n, 0, &l4), CAP_IP_BAD,
	       "a version 4 nibble in IPv6 is refused");
	cap_frags_free(f);
}

/* An IPv6 fragment: [8-byte fragment header | data], optional dest opts
 * before it (unfragmentable part). */
static size_t frag6(uint8_t *o, uint8_t nh, const uint8_t *data, size_t off,
		    size_t len, bool more, uint32_t id)
{
	uint8_t pay[300];

	pay[0] = nh;
	pay[1] = 0;
	pk_put16(pay + 2, (uint16_t)(off | (more ? 1 : 0)));
	pk_put32(pay + 4, id);
	memcpy(pay + 8, data + off, len);
	return pk_ipv6(o, A6, B6, 44, pay, 8 + len);
}

static void test_ipv6_fragments(void)
{
	cap_frags *f = cap_frags_new(1 << 20, on_lost, NULL);
	uint8_t seg[200], body[300], p[3][300];
	size_t sn = tcp_seg(seg, "the quick brown fox jumps over"), n[3];
	cap_l4 l4;

	n[0] = frag6(p[0], 6, seg, 0, 16, true, 0x12345678);
	n[1] = frag6(p[1], 6, seg, 16, 16, true, 0x12345678);
	n[2] = frag6(p[2], 6, seg, 32, sn - 32, false, 0x12345678);
	is_int(parse(f, p[2], n[2], n[2], 0, &l4), CAP_IP_HELD, "last first");
	is_int(parse(f, p[0], n[0], n[0], 0, &l4), CAP_IP_HELD, "then first");
	is_int(parse(f, p[1], n[1], n[1], 0, &l4), CAP_IP_OK,
	       "middle completes");
	is_int(l4.proto, 6, "TCP");
	is_int(l4.len, sn, "reassembled length");
	ok(memcmp(l4.p, seg, sn) == 0, "reassembled bytes");

	/* destination options inside the fragmentable part */
	memset(body, 0, 8);
	body[0] = 6;
	memcpy(body + 8, seg, sn);
	n[0] = frag6(p[0], 60, body, 0, 24, true, 99);
	n[1] = frag6(p[1], 60, body, 24, 8 + sn - 24, false, 99);
	parse(f, p[1], n[1], n[1], 0, &l4);
	is_int(parse(f, p[0], n[0], n[0], 0, &l4), CAP_IP_OK,
	       "fragments with options in the fragmentable part");
	is_int(l4.proto, 6, "options skipped after reassembly: TCP");
	is_int(l4.len, sn, "length without the options");
	ok(memcmp(l4.p, seg, sn) == 0, "bytes");

	/* an atomic fragment (offset 0, no more) is simply the packet */
	n[0] = frag6(p[0], 6, seg, 0, sn, false, 5);
	is_int(parse(f, p[0], n[0], n[0], 0, &l4), CAP_IP_OK,
	       "atomic fragment");
	is_int(l4.len, sn, "its length");

	n_lost = 0;
	n[0] = frag6(p[0], 6, seg, 0, 16, true, 77);
	parse(f, p[0], n[0], n[0], 0, &l4);
	cap_frags_flush(f);
	is_int(n_lost, 1, "a missing IPv6 fragment: the datagram is given up");
	is_int(last_lost.family, 6, "reported as IPv6");
	cap_frags_free(f);
}

/* Through the pipeline: a fragmented segment reaches the decoder whole;
 * a datagram missing a fragment becomes a note on its connection. */
static void test_pipeline_fragments(void)
{
	static const char *cl = "192.0.2.1:40000", *sv = "198.51.100.7:443";
	tv_pipeline *p = h_new(NULL);
	pk_ep c = pk_endpoint(cl), s = pk_endpoint(sv);
	uint8_t seg[200], ip[300], fr[300];
	pk_tcp t = {.seq = 1001,
		    .ack = 5001,
		    .flags = PK_ACK,
		    .data = "fragmented-data-0123456789",
		    .len = 26};
	size_t sn = pk_tcp_seg(seg, c, s, &t), n;

	h_handshake(p, 0, cl, sv, 1000, 5000);
	/* 46 bytes: 16 + 16 + 14, sent last, first, middle */
	n = pk_ipv4(ip, c, s, 6, seg + 32, sn - 32, 3, 4, 0);
	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 10, fr, n, n);
	n = pk_ipv4(ip, c, s, 6, seg, 16, 3, 0x2000, 0);
	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 11, fr, n, n);
	n = pk_ipv4(ip, c, s, 6, seg + 16, 16, 3, 0x2002, 0);
	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 12, fr, n, n);

	/* the next segment loses its middle fragment */
	t.seq = 1027;
	t.data = "second-segment-lost-middle";
	sn = pk_tcp_seg(seg, c, s, &t);
	n = pk_ipv4(ip, c, s, 6, seg, 16, 4, 0x2000, 0);
	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 20, fr, n, n);
	n = pk_ipv4(ip, c, s, 6, seg + 32, sn - 32, 4, 4, 0);
	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 21, fr, n, n);
	h_tcp(p, 30, cl, sv, PK_ACK, 1053, 5001, "tail");
	/* 30 s later the datagram is given up */
	h_tcp(p, 40 + CAP_FRAG_TIMEOUT_US, sv, cl, PK_ACK, 5001, 1057, "ok");
	h_tcp(p, 41 + CAP_FRAG_TIMEOUT_US, cl, sv, PK_FIN | PK_ACK, 1057, 5003,
	      NULL);
	h_tcp(p, 42 + CAP_FRAG_TIMEOUT_US, sv, cl, PK_FIN | PK_ACK, 5003, 1058,
	      NULL);
	tv_pipeline_finish(p);
	is_int(n_outs, 1, "one connection");
	is_str(outs[0].side[0], "fragmented-data-0123456789[gap 26]tail[close]",
	       "the reassembled segment was fed whole; the lost one is a gap");
	is_str(outs[0].notes,
	       "an IP datagram from 192.0.2.1:40000 lost fragments (30 bytes "
	       "arrived): its bytes are missing",
	       "the lost datagram is a note on its connection");
	is_int(tv_pipeline_get_stats(p)->incomplete_datagrams, 0,
	       "and not counted as unattributed");
	tv_pipeline_free(p);

	/* without a connection to blame, it is counted */
	p = h_new(NULL);
	n = pk_ipv4(ip, c, s, 6, seg + 32, sn - 32, 4, 4, 0);
	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 1, fr, n, n);
	tv_pipeline_finish(p);
	is_int(tv_pipeline_get_stats(p)->incomplete_datagrams, 1,
	       "a lost datagram of no known flow is counted");
	tv_pipeline_free(p);
}

/* IPv6 through the pipeline, with extension headers, cut by the snaplen. */
static void test_pipeline_ipv6_snaplen(void)
{
	tv_pipeline *p = h_new(NULL);
	pk_ep c = pk_endpoint("[2001:db8::1]:5555"),
	      s = pk_endpoint("[2001:db8::2]:443");
	uint8_t seg[200], pay[300], ip[400], fr[400];
	pk_tcp t = {.seq = 1,
		    .flags = PK_ACK,
		    .data = "abcdefghij",
		    .len = 10,
		    .optlen = 12};
	size_t sn = pk_tcp_seg(seg, c, s, &t), n;

	memset(pay, 0, 8);
	pay[0] = 6; /* hop-by-hop -> TCP */
	memcpy(pay + 8, seg, sn);
	n = pk_ipv6(ip, c, s, 0, pay, 8 + sn);
	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 1, fr, n - 4, n); /* snaplen cut 4 bytes */
	t.seq = 11;
	t.data = "KLM";
	t.len = 3;
	sn = pk_tcp_seg(seg, c, s, &t);
	n = pk_ipv6(ip, c, s, 6, seg, sn);
	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 2, fr, n - 20, n); /* cut inside TCP options */
	h_tcp(p, 3, "[2001:db8::1]:5555", "[2001:db8::2]:443", PK_ACK, 14, 0,
	      "nop");
	tv_pipeline_finish(p);
	is_int(n_outs, 1, "one IPv6 connection");
	is_str(outs[0].side[0], "abcdef[gap 4][gap 3]nop",
	       "bytes cut by the snaplen are gaps, even a whole payload");
	is_str(outs[0].server, "[2001:db8::2]:443", "IPv6 server endpoint");
	is_str(outs[0].why, "the capture ended while the connection was open",
	       "finished by the end of the capture");
	tv_pipeline_free(p);
}

int main(void)
{
	A4 = pk_endpoint("192.0.2.1:40000");
	B4 = pk_endpoint("198.51.100.7:443");
	A6 = pk_endpoint("[2001:db8::1]:40000");
	B6 = pk_endpoint("[2001:db8::7]:443");
	test_ipv4_basic();
	test_ipv4_fragments();
	test_ipv6_ext();
	test_ipv6_fragments();
	test_pipeline_fragments();
	test_pipeline_ipv6_snaplen();
	tls_recorder_reset();
	return done_testing();
}
