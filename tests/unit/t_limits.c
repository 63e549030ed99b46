/*
 * Hostile volumes stay within bounds (issue 8), with the real decoder:
 *   - a million SYNs to distinct ports: the flow table stays at
 *     max_flows, the oldest flow (a TLS connection) is evicted with a
 *     note, memory stays under a cap;
 *   - a 16 MB handshake message: kept cut at the 1 MB limit with a note,
 *     the message after it still decoded, memory bounded;
 *   - record streams that never complete: 64 MB of handshake records
 *     whose messages never end within the limit, and 32 MB that never
 *     form a record after a ClientHello: memory bounded, time linear.
 * Memory is the growth of the peak RSS (getrusage) over each step; the
 * caps are stated here and hold for the ASan build too.  The packets are
 * generated here (raw IP, DLT 101), never read from a file.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "capture/pipeline.h"
#include "capture_pkt.h"
#include "tap.h"
#include "tls/decoder.h"

#define MB	   (1024 * 1024)
#define DLT_RAW_IP 101

/* Caps on the growth of the peak RSS.  The flood: 65536 live flows of
 * about 1.4 KB (flow, connection, decoder, output slot) are 90 MB, 140 MB
 * with ASan.  The others keep 1 MB of a message and bounded buffers
 * whatever the volume. */
#define CAP_SYN_FLOOD_MB 160
#define CAP_HUGE_MSG_MB	 16
#define CAP_ENDLESS_MB	 16

/* The peak RSS measures tlsview, not the sanitizer: ASan keeps freed
 * memory in a quarantine (256 MB by default), so keep it small here. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

static long peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool has_note(const tv_conn *c, const char *text)
{
	for (const tv_note *n = c->notes; n; n = n->next)
		if (strstr(n->text, text))
			return true;
	return false;
}

/* A TLS 1.3 ClientHello record with the SNI "limits.test". */
static size_t client_hello(uint8_t *o)
{
	static const char host[] = "limits.test";
	size_t hl = sizeof host - 1, n = 0, body, ext;
	uint8_t *h;

	memcpy(o, "\x16\x03\x01\0\0\x01\0\0\0\x03\x03", 11);
	n = 11;
	memset(o + n, 0x5a, 32); /* random */
	n += 32;
	memcpy(o + n, "\x00\x00\x02\x13\x01\x01\x00",
	       7); /* sid, suites, comp */
	n += 7;
	ext = n;
	n += 2;
	memcpy(o + n, "\x00\x00", 2); /* server_name */
	pk_put16(o + n + 2, (uint16_t)(hl + 5));
	pk_put16(o + n + 4, (uint16_t)(hl + 3));
	o[n + 6] = 0;
	pk_put16(o + n + 7, (uint16_t)hl);
	memcpy(o + n + 9, host, hl);
	n += 9 + hl;
	pk_put16(o + ext, (uint16_t)(n - ext - 2));
	body = n - 9;
	h = o + 5;
	h[1] = (uint8_t)(body >> 16);
	h[2] = (uint8_t)(body >> 8);
	h[3] = (uint8_t)body;
	pk_put16(o + 3, (uint16_t)(n - 5));
	return n;
}

/* ---- a million SYNs ------------------------------------------------------ */

typedef struct sink_state {
	int conns;
	bool evicted_note, sni_ok;
} sink_state;

static void sink(void *arg, tv_conn *c)
{
	sink_state *s = arg;

	s->conns++;
	s->evicted_note =
	    has_note(c, "evicted: more than 65536 concurrent flows");
	s->sni_ok = c->sni.n == 11 && memcmp(c->sni.p, "limits.test", 11) == 0;
	tv_conn_free(c);
}

static void send_tcp(tv_pipeline *p, int64_t ts, pk_ep src, pk_ep dst,
		     const pk_tcp *t)
{
	static uint8_t pkt[70000];
	size_t n = pk_ip_tcp(pkt, src, dst, t);

	tv_pipeline_packet(p, DLT_RAW_IP, ts, pkt, n, n);
}

/* SYN number i, built directly (a million of them): IPv4 and TCP,
 * 10.x.y.z:(1024 + i % 50000) -> 198.51.100.7:(1 + i % 65535). */
static void syn_packet(uint8_t *o, int i)
{
	memset(o, 0, 40);
	o[0] = 0x45;
	o[3] = 40;
	o[8] = 64;
	o[9] = 6;
	o[12] = 10;
	o[13] = (uint8_t)(i >> 16);
	o[14] = (uint8_t)(i >> 8);
	o[15] = (uint8_t)i;
	memcpy(o + 16, "\xc6\x33\x64\x07", 4);
	pk_put16(o + 20, (uint16_t)(1024 + i % 50000));
	pk_put16(o + 22, (uint16_t)(1 + i % 65535)); /* distinct ports */
	pk_put32(o + 24, (uint32_t)i);
	o[32] = 0x50;
	o[33] = PK_SYN;
	pk_put16(o + 34, 65535);
}

static void test_syn_flood(void)
{
	enum { SYNS = 1000000 };
	sink_state s = {0};
	tv_pipeline *p = tv_pipeline_new(NULL, sink, &s);
	pk_ep cl = pk_endpoint("192.0.2.1:40000");
	pk_ep sv = pk_endpoint("198.51.100.7:443");
	uint8_t ch[256];
	pk_tcp t = {.seq = 100, .flags = PK_SYN};
	long before = peak_rss_kb(), grown;
	double t0 = now_s();
	const tv_pipeline_stats *st;
	int64_t ts = 1000000;

	/* one TLS connection, left open: the oldest flow */
	send_tcp(p, ts++, cl, sv, &t);
	t = (pk_tcp){.seq = 900, .ack = 101, .flags = PK_SYN | PK_ACK};
	send_tcp(p, ts++, sv, cl, &t);
	t = (pk_tcp){.seq = 101,
		     .ack = 901,
		     .flags = PK_ACK | PK_PSH,
		     .data = ch,
		     .len = client_hello(ch)};
	send_tcp(p, ts++, cl, sv, &t);
	for (int i = 0; i < SYNS; i++) {
		uint8_t syn[40];

		syn_packet(syn, i);
		tv_pipeline_packet(p, DLT_RAW_IP, ts + i / 1000, syn, 40, 40);
	}
	st = tv_pipeline_get_stats(p);
	is_int(st->flows, SYNS + 1, "every SYN started a flow");
	is_int(st->evicted_flows, SYNS + 1 - 65536,
	       "all but the newest 65536 flows were evicted");
	is_int(s.conns, 1, "the TLS connection came out when it was evicted");
	ok(s.evicted_note, "with the note that it was evicted");
	ok(s.sni_ok, "after its ClientHello was decoded");
	tv_pipeline_finish(p);
	is_int(s.conns, 1, "the SYN-only flows are not TLS: no output");
	tv_pipeline_free(p);
	grown = (peak_rss_kb() - before) / 1024;
	ok(grown < CAP_SYN_FLOOD_MB, "memory grew %ld MB (cap %d MB)", grown,
	   CAP_SYN_FLOOD_MB);
	diag("a million SYNs: %.1f s", now_s() - t0);
}

/* ---- the decoder alone ------------------------------------------------- */

static tls_decoder *new_decoder(tv_conn **c)
{
	*c = tv_conn_new();
	return tls_decoder_new(*c, NULL);
}

/* Handshake records of up to 16384 bytes carrying n bytes of msg stream
 * that fill() writes (offset within the stream, buffer, length). */
typedef void fill_fn(uint64_t off, uint8_t *p, size_t n);

static void feed_handshake(tls_decoder *d, int side, uint64_t n, fill_fn *fill)
{
	static uint8_t rec[5 + 16384];
	uint64_t off = 0;

	while (off < n) {
		size_t k = n - off < 16384 ? (size_t)(n - off) : 16384;

		memcpy(rec, "\x16\x03\x03", 3);
		pk_put16(rec + 3, (uint16_t)k);
		fill(off, rec + 5, k);
		tls_decoder_feed(d, side, rec, 5 + k, 1000);
		off += k;
	}
}

/* A Certificate message of 16 MB - 1 (the largest a 3-byte length says)
 * of zero bytes. */
static void fill_huge(uint64_t off, uint8_t *p, size_t n)
{
	memset(p, 0, n);
	if (off == 0)
		memcpy(p, "\x0b\xff\xff\xff", 4);
}

static void test_huge_message(void)
{
	tv_conn *c;
	tls_decoder *d = new_decoder(&c);
	uint8_t ch[256];
	static const uint8_t shd[] = {0x16, 3, 3, 0, 4, 14, 0, 0, 0};
	long before = peak_rss_kb(), grown;
	const tv_msg *m;

	tls_decoder_feed(d, 0, ch, client_hello(ch), 1000);
	feed_handshake(d, 1, 4 + 0xffffffu, fill_huge);
	tls_decoder_feed(d, 1, shd, sizeof shd, 2000);
	tls_decoder_finish(d, "the test ended");
	tls_decoder_free(d);
	grown = (peak_rss_kb() - before) / 1024;
	is_int(c->n_msgs, 3, "ClientHello, the huge message, ServerHelloDone");
	m = c->msgs->next;
	is_str(m->type, "certificate", "the huge message is a certificate");
	is_int(m->length, 0xffffff, "its length is the header's");
	ok(m->raw_cut && m->raw_len == 4 + MB, "it is kept cut at 1 MB");
	ok(m->error != NULL, "and says so: %s", m->error ? m->error : "");
	ok(has_note(c, "server handshake message of 16777215 bytes is longer "
		       "than the 1048576 kept"),
	   "the connection notes the cut");
	is_str(m->next->type, "server_hello_done",
	       "the message after it is decoded");
	ok(grown < CAP_HUGE_MSG_MB, "memory grew %ld MB (cap %d MB)", grown,
	   CAP_HUGE_MSG_MB);
	tv_conn_free(c);
}

/* Back-to-back messages of the largest size a 3-byte length allows
 * (16 MB - 1 after the header): only the first 1 MB of each is kept. */
static void fill_endless(uint64_t off, uint8_t *p, size_t n)
{
	const uint64_t msg = 4 + 0xffffffu;

	memset(p, 0xee, n);
	for (size_t i = 0; i < n; i++) {
		uint64_t k = (off + i) % msg;

		if (k < 4)
			p[i] = (uint8_t) "\x0b\xff\xff\xff"[k];
	}
}

/* Bytes where a plausible record header (16384 bytes of handshake)
 * comes every 16396 bytes, so the header its length points at never is:
 * each candidate stays undecided for 16 KB, and no boundary is found. */
static void fill_noise(uint64_t off, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t k = (off + i) % 16396;

		p[i] = k >= 7 && k < 12
			   ? (uint8_t) "\x16\x03\x03\x40\x00"[k - 7]
			   : 0xee;
	}
}

/* n bytes (less 1000: the last message is never complete) of side 1 in
 * handshake records, and n / 2 bytes of noise on side 0 after its
 * ClientHello, in 4 KB feeds; returns the seconds. */
static double endless(uint64_t n, long *grown_mb, tv_conn **out)
{
	tv_conn *c;
	tls_decoder *d = new_decoder(&c);
	static uint8_t buf[4096];
	uint8_t ch[256];
	long before = peak_rss_kb();
	double t0 = now_s();

	tls_decoder_feed(d, 0, ch, client_hello(ch), 1000);
	feed_handshake(d, 1, n - 1000, fill_endless);
	for (uint64_t off = 0; off < n / 2; off += sizeof buf) {
		fill_noise(off, buf, sizeof buf);
		tls_decoder_feed(d, 0, buf, sizeof buf, 3000);
	}
	tls_decoder_finish(d, "the test ended");
	tls_decoder_free(d);
	*grown_mb = (peak_rss_kb() - before) / 1024;
	*out = c;
	return now_s() - t0;
}

static void test_endless_streams(void)
{
	tv_conn *c;
	long grown;
	double t1, t2;

	t1 = endless(32 * MB, &grown, &c);
	tv_conn_free(c);
	t2 = endless(64 * MB, &grown, &c);
	is_int(c->n_msgs, 5,
	       "ClientHello and 4 messages cut at 1 MB, the last never ending");
	ok(c->ch.seen && c->sni.n == 11, "the ClientHello is decoded");
	ok(has_note(c, "server handshake message of 16777215 bytes is longer"),
	   "the cut messages are noted");
	ok(has_note(c, "client stream: invalid record header"),
	   "the client's stream lost its record boundary");
	ok(grown < CAP_ENDLESS_MB,
	   "64 + 32 MB never completing: memory grew %ld MB (cap %d MB)", grown,
	   CAP_ENDLESS_MB);
	ok(t2 < 4 * t1 + 0.5,
	   "time is linear: %.2f s for 48 MB, %.2f s for 96 MB", t1, t2);
	tv_conn_free(c);
}

int main(void)
{
	test_huge_message();
	test_endless_streams();
	test_syn_flood();
	return done_testing();
}
