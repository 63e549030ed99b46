/*
 * The flow table: one entry per TCP 4-tuple (both directions map to the
 * same entry), found in O(1) by a seeded hash, kept on one of two lists
 * in order of last activity: flows being decoded, and tombstones (flows
 * that are over, or not TLS) kept so that their late packets do not start
 * a new flow in mid-stream.
 */
#ifndef CAPTURE_FLOW_H
#define CAPTURE_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/ip.h"
#include "capture/tcp_reassembly.h"
#include "model/conn.h"
#include "tls/decoder.h"

typedef struct flow_key {
	uint8_t addr[2][16]; /* endpoint 0 sorts before endpoint 1 */
	uint16_t port[2];
	uint8_t family;
	uint8_t pad[3];
} flow_key;

typedef enum {
	FLOW_LIVE,     /* being decoded */
	FLOW_NOT_TLS,  /* open, but not TLS: its packets are ignored */
	FLOW_REPORTED, /* finished early (output order): packets ignored */
	FLOW_CLOSED,   /* FIN both ways or RST: waits for late packets */
} flow_state;

struct cap_slot;

typedef struct flow flow;
struct flow {
	flow *hnext;	   /* hash chain */
	flow *prev, *next; /* its list, least recently active first */
	uint64_t hash;
	flow_key key;
	uint8_t state;	/* flow_state */
	uint8_t client; /* key endpoint that is side 0 */
	bool tls;	/* the decoder said it is TLS */
	bool fin[2];	/* per side */
	bool closed[2]; /* the decoder was told */
	bool rst;
	int8_t rst_side;
	bool isn_known[2];
	bool win_zero[2]; /* the side's last advertised window */
	uint32_t isn[2];
	int64_t last_ts;
	tv_conn *conn;	       /* FLOW_LIVE only */
	tls_decoder *dec;      /* FLOW_LIVE only */
	struct cap_slot *slot; /* FLOW_LIVE only: its place in the output */
	tcp_stream st[2];      /* side 0: the initiator's bytes */
};

typedef struct flow_list {
	flow *head, *tail;
	size_t n;
} flow_list;

typedef struct flow_table {
	flow **buckets;
	size_t mask;
	size_t count;
	uint64_t seed;
	flow_list live;	 /* FLOW_LIVE */
	flow_list tombs; /* every other state */
} flow_table;

void flow_table_init(flow_table *t);
/* Frees every flow (their conn and decoder must be gone). */
void flow_table_free(flow_table *t);

/* The canonical key of a packet; *from is the key endpoint that sent it. */
void flow_key_make(flow_key *k, const cap_l4 *l4, uint16_t sport,
		   uint16_t dport, int *from);
uint64_t flow_hash(const flow_table *t, const flow_key *k);
flow *flow_lookup(const flow_table *t, const flow_key *k, uint64_t hash);
/* A new zeroed flow in state FLOW_LIVE, most recently active. */
flow *flow_add(flow_table *t, const flow_key *k, uint64_t hash);
void flow_remove(flow_table *t, flow *f);
/* Record activity: f becomes the most recently active of its list. */
void flow_touch(flow_table *t, flow *f, int64_t ts);
/* Change state, moving f between the lists. */
void flow_set_state(flow_table *t, flow *f, flow_state st);
/* "192.0.2.1:443" / "2001:db8::1:443" of key endpoint e. */
void flow_endpoint(const flow *f, int e, tv_endpoint *out);

#endif
