/*
 * pcapng (draft-ietf-opsawg-pcapng) with Ethernet framing.  Every block is
 * written little-endian (the byte-order magic says so); timestamps are
 * microseconds (the default if_tsresol).  Checksums are computed, so no
 * tool flags the packets as damaged.
 */
#include "capture/pcapng_writer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"

#define BT_SHB		  0x0A0D0D0Au
#define BT_IDB		  0x00000001u
#define BT_EPB		  0x00000006u
#define BT_DSB		  0x0000000Au
#define DSB_TLS_KEY	  0x544c534bu /* "TLSK": NSS key log */
#define LINKTYPE_ETHERNET 1
#define SNAPLEN		  262144
#define MSS		  1400 /* payload per segment, fits IPv4 and IPv6 */

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_PSH 0x08
#define TH_ACK 0x10

struct tv_pcapng_writer {
	tv_buf packets; /* Enhanced Packet Blocks, in order */
	tv_buf secrets; /* NSS key log text */
};

tv_pcapng_writer *tv_pcapng_writer_new(void)
{
	tv_pcapng_writer *w = tv_xcalloc(1, sizeof *w);

	tv_buf_init(&w->packets);
	tv_buf_init(&w->secrets);
	return w;
}

void tv_pcapng_writer_free(tv_pcapng_writer *w)
{
	if (!w)
		return;
	tv_buf_free(&w->packets);
	tv_buf_free(&w->secrets);
	free(w);
}

/* ---- bytes --------------------------------------------------------------- */

static void le16(tv_buf *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};

	tv_buf_add(b, x, 2);
}

static void le32(tv_buf *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			(uint8_t)(v >> 24)};

	tv_buf_add(b, x, 4);
}

static void pad4(tv_buf *b, size_t n)
{
	static const uint8_t zero[4];

	tv_buf_add(b, zero, (4 - n % 4) % 4);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* RFC 1071 */
static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* ---- blocks -------------------------------------------------------------- */

/* A block: type, total length, body (padded), total length. */
static void block(tv_buf *out, uint32_t type, const tv_buf *body)
{
	size_t padded = body->len + (4 - body->len % 4) % 4;
	uint32_t total = (uint32_t)(12 + padded);

	le32(out, type);
	le32(out, total);
	tv_buf_add(out, body->p, body->len);
	pad4(out, body->len);
	le32(out, total);
}

static void option(tv_buf *b, uint16_t code, const void *p, size_t n)
{
	le16(b, code);
	le16(b, (uint16_t)n);
	tv_buf_add(b, p, n);
	pad4(b, n);
}

static void headers(tv_buf *out)
{
	static const char appl[] = "tlsview " PACKAGE_VERSION;
	static const char ifname[] = "tlsview";
	tv_buf b;

	tv_buf_init(&b);
	le32(&b, 0x1A2B3C4Du); /* byte-order magic */
	le16(&b, 1);
	le16(&b, 0);
	le32(&b, 0xffffffffu); /* section length: not given */
	le32(&b, 0xffffffffu);
	option(&b, 4, appl, strlen(appl)); /* shb_userappl */
	option(&b, 0, NULL, 0);
	block(out, BT_SHB, &b);
	tv_buf_reset(&b);
	le16(&b, LINKTYPE_ETHERNET);
	le16(&b, 0);
	le32(&b, SNAPLEN);
	option(&b, 2, ifname, strlen(ifname)); /* if_name */
	option(&b, 0, NULL, 0);
	block(out, BT_IDB, &b);
	tv_buf_free(&b);
}

static void secrets_block(tv_buf *out, const tv_buf *secrets)
{
	tv_buf b;

	tv_buf_init(&b);
	le32(&b, DSB_TLS_KEY);
	le32(&b, (uint32_t)secrets->len);
	tv_buf_add(&b, secrets->p, secrets->len);
	block(out, BT_DSB, &b);
	tv_buf_free(&b);
}

static void packet_block(tv_buf *out, int64_t ts_us, const uint8_t *frame,
			 size_t n)
{
	uint64_t ts = (uint64_t)ts_us;
	tv_buf b;

	tv_buf_init(&b);
	le32(&b, 0); /* interface 0 */
	le32(&b, (uint32_t)(ts >> 32));
	le32(&b, (uint32_t)ts);
	le32(&b, (uint32_t)n);
	le32(&b, (uint32_t)n);
	tv_buf_add(&b, frame, n);
	block(out, BT_EPB, &b);
	tv_buf_free(&b);
}

/* ---- frames -------------------------------------------------------------- */

/* Ethernet + IP + TCP around payload, from side to the other. */
static void segment(tv_pcapng_tcp *t, int side, uint8_t flags,
		    const uint8_t *payload, size_t n, int64_t ts)
{
	uint8_t f[14 + 40 + 20 + MSS];
	uint8_t *ip = f + 14, *tcp;
	size_t iplen = t->v6 ? 40 : 20, tcplen = 20 + n;
	size_t alen = t->v6 ? 16 : 4;
	int peer = 1 - side;
	uint32_t s;

	memset(f, 0, sizeof f);
	/* locally administered MACs: 02:00:00:00:00:01 is the client */
	f[0] = f[6] = 0x02;
	f[5] = (uint8_t)(peer + 1);
	f[11] = (uint8_t)(side + 1);
	put16(f + 12, t->v6 ? 0x86dd : 0x0800);
	if (t->v6) {
		ip[0] = 0x60;
		put16(ip + 4, (uint16_t)tcplen);
		ip[6] = 6;  /* TCP */
		ip[7] = 64; /* hop limit */
		memcpy(ip + 8, t->addr[side], 16);
		memcpy(ip + 24, t->addr[peer], 16);
	} else {
		ip[0] = 0x45;
		put16(ip + 2, (uint16_t)(20 + tcplen));
		put16(ip + 4, t->ip_id[side]++);
		put16(ip + 6, 0x4000); /* don't fragment */
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, t->addr[side], 4);
		memcpy(ip + 16, t->addr[peer], 4);
		put16(ip + 10, fold(sum16(0, ip, 20)));
	}
	tcp = ip + iplen;
	put16(tcp, t->port[side]);
	put16(tcp + 2, t->port[peer]);
	put32(tcp + 4, t->seq[side]);
	put32(tcp + 8, flags & TH_ACK ? t->seq[peer] : 0);
	tcp[12] = 5 << 4;
	tcp[13] = flags;
	put16(tcp + 14, 65535);
	if (n)
		memcpy(tcp + 20, payload, n);
	/* the pseudo-header: addresses, protocol, TCP length */
	s = sum16(0, t->addr[side], alen);
	s = sum16(s, t->addr[peer], alen);
	s += 6 + (uint32_t)tcplen;
	put16(tcp + 16, fold(sum16(s, tcp, tcplen)));
	packet_block(&t->w->packets, ts, f, 14 + iplen + tcplen);
	t->seq[side] += (uint32_t)n + ((flags & (TH_SYN | TH_FIN)) ? 1 : 0);
}

static bool endpoint_addr(const tv_endpoint *e, bool v6, uint8_t out[16])
{
	memset(out, 0, 16);
	return inet_pton(v6 ? AF_INET6 : AF_INET, e->ip, out) == 1;
}

bool tv_pcapng_tcp_open(tv_pcapng_writer *w, tv_pcapng_tcp *t,
			const tv_endpoint *client, const tv_endpoint *server,
			int64_t syn_us, int64_t est_us)
{
	memset(t, 0, sizeof *t);
	t->w = w;
	t->v6 = strchr(client->ip, ':') != NULL;
	if (!endpoint_addr(client, t->v6, t->addr[0]) ||
	    !endpoint_addr(server, t->v6, t->addr[1]))
		return false;
	t->port[0] = client->port;
	t->port[1] = server->port;
	/* initial sequence numbers: any will do; these vary per connection */
	t->seq[0] = (uint32_t)((uint64_t)syn_us * 2654435761u);
	t->seq[1] = t->seq[0] ^ 0x5bd1e995u;
	t->ip_id[0] = (uint16_t)(t->seq[0] >> 7);
	t->ip_id[1] = (uint16_t)(t->seq[1] >> 7);
	segment(t, 0, TH_SYN, NULL, 0, syn_us);
	segment(t, 1, TH_SYN | TH_ACK, NULL, 0, est_us);
	segment(t, 0, TH_ACK, NULL, 0, est_us);
	return true;
}

void tv_pcapng_tcp_data(tv_pcapng_tcp *t, int side, const uint8_t *p, size_t n,
			int64_t ts_us)
{
	while (n) {
		size_t k = n < MSS ? n : MSS;

		segment(t, side, TH_ACK | (k == n ? TH_PSH : 0), p, k, ts_us);
		p += k;
		n -= k;
	}
}

void tv_pcapng_tcp_fin(tv_pcapng_tcp *t, int side, int64_t ts_us)
{
	segment(t, side, TH_FIN | TH_ACK, NULL, 0, ts_us);
}

void tv_pcapng_add_secrets(tv_pcapng_writer *w, const char *text, size_t n)
{
	tv_buf_add(&w->secrets, text, n);
}

/* ---- the file ------------------------------------------------------------ */

static tv_status write_error(const char *what, int e, tv_error *err)
{
	tv_error_set(err, TV_IO,
		     "cannot %s: %s (check the directory and "
		     "the free space)",
		     what, strerror(e));
	return TV_IO;
}

tv_status tv_pcapng_write(const tv_pcapng_writer *w, const char *path,
			  tv_error *err)
{
	tv_buf out, tmp;
	const char *p;
	size_t left;
	int fd, e = 0;

	tv_buf_init(&out);
	headers(&out);
	if (w->secrets.len)
		secrets_block(&out, &w->secrets);
	tv_buf_add(&out, w->packets.p, w->packets.len);
	tv_buf_init(&tmp);
	tv_buf_printf(&tmp, "%s.XXXXXX", path);
	fd = mkstemp(tmp.p);
	if (fd < 0) {
		e = errno;
		tv_buf_free(&out);
		tv_buf_free(&tmp);
		return write_error("create a file next to it", e, err);
	}
	for (p = out.p, left = out.len; left && !e;) {
		ssize_t k = write(fd, p, left);

		if (k < 0 && errno != EINTR)
			e = errno;
		else if (k > 0) {
			p += k;
			left -= (size_t)k;
		}
	}
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tmp.p, path) != 0)
		e = errno;
	if (e)
		unlink(tmp.p);
	tv_buf_free(&out);
	tv_buf_free(&tmp);
	return e ? write_error("write the capture", e, err) : TV_OK;
}
