/*
 * IPv4 and IPv6: header checks, options and extension headers skipped,
 * fragments reassembled (bounded in bytes and in capture time).
 */
#ifndef CAPTURE_IP_H
#define CAPTURE_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/link.h"

#define CAP_IPPROTO_TCP 6

typedef struct cap_l4 {
	uint8_t family; /* 4 or 6 */
	uint8_t proto;
	uint8_t src[16], dst[16]; /* IPv4 in the first 4 bytes, rest zero */
	const uint8_t *p;	  /* the transport header */
	size_t caplen;		  /* bytes captured from p on */
	size_t len; /* bytes of the transport packet on the wire */
} cap_l4;

typedef enum {
	CAP_IP_OK,   /* out holds a transport packet */
	CAP_IP_HELD, /* a fragment, kept until its datagram is complete */
	CAP_IP_BAD,  /* not IP we can decode */
} cap_ip_result;

/* A datagram given up on: its fragments did not all arrive in time or
 * did not fit in the reassembly memory. */
typedef struct cap_frag_lost {
	uint8_t family, proto;
	const uint8_t *src, *dst; /* 16 bytes each */
	const uint8_t *first;	  /* start of the transport packet, or NULL */
	size_t first_len;
	size_t held; /* bytes that did arrive */
} cap_frag_lost;

typedef void (*cap_frag_lost_fn)(void *arg, const cap_frag_lost *l);

typedef struct cap_frags cap_frags;

#define CAP_FRAG_TIMEOUT_US (30 * 1000000LL) /* as Linux's ipfrag_time */

cap_frags *cap_frags_new(size_t max_bytes, cap_frag_lost_fn lost, void *arg);
void cap_frags_free(cap_frags *f);
/* Give up on datagrams older than CAP_FRAG_TIMEOUT_US before now. */
void cap_frags_expire(cap_frags *f, int64_t now_us);
/* Give up on every datagram held (end of input). */
void cap_frags_flush(cap_frags *f);

/*
 * Decode the IP packet in `in`.  A reassembled datagram is returned in a
 * buffer that lives until the next call.
 */
cap_ip_result cap_ip_parse(cap_frags *f, const cap_l3 *in, int64_t ts_us,
			   cap_l4 *out);

#endif
