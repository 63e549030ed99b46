/*
 * Packets built in memory for the capture tests (header-only): TCP
 * segments, IPv4 (options, fragments) and IPv6 headers, link layers.
 * Each builder writes into o and returns the length written.
 */
#ifndef CAPTURE_PKT_H
#define CAPTURE_PKT_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PK_FIN 0x01
#define PK_SYN 0x02
#define PK_RST 0x04
#define PK_PSH 0x08
#define PK_ACK 0x10

typedef struct pk_ep {
	uint8_t addr[16];
	bool v6;
	uint16_t port;
} pk_ep;

/* "10.0.0.1:1234" or "[2001:db8::1]:443" */
static inline pk_ep pk_endpoint(const char *s)
{
	pk_ep e = {0};
	char host[64];
	const char *colon;

	if (s[0] == '[') {
		const char *end = strchr(s, ']');

		memcpy(host, s + 1, (size_t)(end - s - 1));
		host[end - s - 1] = '\0';
		colon = end + 1;
		e.v6 = true;
	} else {
		colon = strrchr(s, ':');
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	if (inet_pton(e.v6 ? AF_INET6 : AF_INET, host, e.addr) != 1)
		abort();
	e.port = (uint16_t)atoi(colon + 1);
	return e;
}

static inline void pk_put16(uint8_t *o, uint16_t v)
{
	o[0] = (uint8_t)(v >> 8);
	o[1] = (uint8_t)v;
}

static inline void pk_put32(uint8_t *o, uint32_t v)
{
	pk_put16(o, (uint16_t)(v >> 16));
	pk_put16(o + 2, (uint16_t)v);
}

typedef struct pk_tcp {
	uint32_t seq, ack;
	uint8_t flags;
	bool zero_window;
	const void *data;
	size_t len;
	size_t optlen; /* bytes of TCP options (NOP), a multiple of 4 */
} pk_tcp;

static inline size_t pk_tcp_seg(uint8_t *o, pk_ep src, pk_ep dst,
				const pk_tcp *t)
{
	size_t hl = 20 + t->optlen;

	memset(o, 0, hl);
	pk_put16(o, src.port);
	pk_put16(o + 2, dst.port);
	pk_put32(o + 4, t->seq);
	pk_put32(o + 8, t->ack);
	o[12] = (uint8_t)((hl / 4) << 4);
	o[13] = t->flags;
	pk_put16(o + 14, t->zero_window ? 0 : 64240);
	memset(o + 20, 1, t->optlen);
	if (t->len)
		memcpy(o + hl, t->data, t->len);
	return hl + t->len;
}

/* frag: the IPv4 flags+offset field (0x2000 = more fragments) */
static inline size_t pk_ipv4(uint8_t *o, pk_ep src, pk_ep dst, uint8_t proto,
			     const uint8_t *l4, size_t n, uint16_t id,
			     uint16_t frag, size_t optlen)
{
	size_t hl = 20 + optlen;

	memset(o, 0, hl);
	o[0] = (uint8_t)(0x40 | (hl / 4));
	pk_put16(o + 2, (uint16_t)(hl + n));
	pk_put16(o + 4, id);
	pk_put16(o + 6, frag);
	o[8] = 64;
	o[9] = proto;
	memcpy(o + 12, src.addr, 4);
	memcpy(o + 16, dst.addr, 4);
	memset(o + 20, 1, optlen); /* NOP options */
	memmove(o + hl, l4, n);
	return hl + n;
}

/* payload: extension headers (if any) and the rest, first header nh */
static inline size_t pk_ipv6(uint8_t *o, pk_ep src, pk_ep dst, uint8_t nh,
			     const uint8_t *payload, size_t n)
{
	memset(o, 0, 40);
	o[0] = 0x60;
	pk_put16(o + 4, (uint16_t)n);
	o[6] = nh;
	o[7] = 64;
	memcpy(o + 8, src.addr, 16);
	memcpy(o + 24, dst.addr, 16);
	memmove(o + 40, payload, n);
	return 40 + n;
}

/* An IP packet (v4 or v6 by the endpoints) carrying a TCP segment. */
static inline size_t pk_ip_tcp(uint8_t *o, pk_ep src, pk_ep dst,
			       const pk_tcp *t)
{
	uint8_t seg[70000];
	size_t n = pk_tcp_seg(seg, src, dst, t);

	if (src.v6)
		return pk_ipv6(o, src, dst, 6, seg, n);
	return pk_ipv4(o, src, dst, 6, seg, n, 1, 0, 0);
}

/* Ethernet with the given VLAN tag TPIDs (outermost first). */
static inline size_t pk_ether(uint8_t *o, const uint8_t *ip, size_t n,
			      const uint16_t *tpids, int ntags)
{
	size_t h = 12;

	for (int i = 0; i < 12; i++)
		o[i] = (uint8_t)(0x10 + i);
	for (int i = 0; i < ntags; i++) {
		pk_put16(o + h, tpids[i]);
		pk_put16(o + h + 2, (uint16_t)(100 + i)); /* VLAN id */
		h += 4;
	}
	pk_put16(o + h, (ip[0] >> 4) == 6 ? 0x86dd : 0x0800);
	h += 2;
	memmove(o + h, ip, n);
	return h + n;
}

#endif
