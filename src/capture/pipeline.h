/*
 * From packets to connections: link layer -> IPv4/IPv6 (with fragment
 * reassembly) -> TCP -> per-direction stream reassembly -> one TLS decoder
 * per connection.  Completed TLS connections go to the sink in the order of
 * their first packet, with ids 1, 2, 3...; the sink takes ownership.
 * One pass, bounded memory: every table and buffer has a limit, and what a
 * limit drops becomes a note on the connection concerned.
 */
#ifndef CAPTURE_PIPELINE_H
#define CAPTURE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conn.h"
#include "tls/keylog.h"
#include "tls/rsakey.h"
#include "util/status.h"

typedef void (*tv_conn_sink)(void *arg, tv_conn *conn);

typedef struct tv_pipeline_opts {
	size_t max_flows;          /* concurrent TCP flows (oldest evicted) */
	size_t max_ooo_bytes;      /* out-of-order bytes buffered per direction */
	size_t max_pending;        /* finished connections waiting for an older one */
	size_t max_frag_bytes;     /* IP fragments buffered in total */
	int64_t idle_timeout_us;   /* capture time after which an idle flow is closed */
	/* secrets for decryption (borrowed, may be NULL; the key log may
	 * gain entries during the replay) */
	const tv_keylog *keylog;
	const tv_rsa_keys *rsa_keys;
} tv_pipeline_opts;

void tv_pipeline_opts_default(tv_pipeline_opts *o);

typedef struct tv_pipeline_stats {
	uint64_t packets, bytes;
	uint64_t tcp_segments;
	uint64_t flows, tls_conns, evicted_flows;
	uint64_t undecodable_packets; /* not Ethernet/IP/TCP we understand */
	uint64_t incomplete_datagrams; /* fragments given up on, no flow known */
} tv_pipeline_stats;

typedef struct tv_pipeline tv_pipeline;

tv_pipeline *tv_pipeline_new(const tv_pipeline_opts *o, tv_conn_sink sink,
			     void *sink_arg);
void tv_pipeline_free(tv_pipeline *p);

/* Is this libpcap DLT_ value one we decode? */
bool tv_pipeline_linktype_supported(int dlt);

/* One captured packet: caplen bytes present of wirelen. */
void tv_pipeline_packet(tv_pipeline *p, int dlt, int64_t ts_us,
			const uint8_t *data, size_t caplen, size_t wirelen);
/* End of input: every open flow is finished ("the capture ended ...")
 * and handed to the sink in order. */
void tv_pipeline_finish(tv_pipeline *p);
const tv_pipeline_stats *tv_pipeline_get_stats(const tv_pipeline *p);

#endif
