/*
 * Writing what a live connection sent and received as a pcapng capture:
 * synthetic but valid Ethernet / IPv4 or IPv6 / TCP framing with the real
 * endpoints, sequence numbers, SYN and FIN, and the real timestamps, plus
 * the session secrets in a Decryption Secrets Block (NSS key log text,
 * "TLSK") placed before the packets, so Wireshark, tshark and
 * `tlsview -r` decrypt it with no key log argument.
 *
 * Packets are kept in memory until tv_pcapng_write, which writes a
 * temporary file next to the target and renames it: a reader never sees
 * a half-written capture.  The file is created mode 0600: it holds keys.
 */
#ifndef CAPTURE_PCAPNG_WRITER_H
#define CAPTURE_PCAPNG_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conn.h"
#include "util/status.h"

typedef struct tv_pcapng_writer tv_pcapng_writer;

tv_pcapng_writer *tv_pcapng_writer_new(void);
void tv_pcapng_writer_free(tv_pcapng_writer *w);

/* One TCP connection being framed; side 0 is the client. */
typedef struct tv_pcapng_tcp {
	tv_pcapng_writer *w;
	bool v6;
	uint8_t addr[2][16];
	uint16_t port[2];
	uint32_t seq[2]; /* the next sequence number of each side */
	uint16_t ip_id[2];
} tv_pcapng_tcp;

/* SYN at syn_us, SYN-ACK and ACK at est_us.  false when the endpoints
 * are not IP addresses of one family. */
bool tv_pcapng_tcp_open(tv_pcapng_writer *w, tv_pcapng_tcp *t,
			const tv_endpoint *client, const tv_endpoint *server,
			int64_t syn_us, int64_t est_us);
/* Bytes one side sent, cut into segments. */
void tv_pcapng_tcp_data(tv_pcapng_tcp *t, int side, const uint8_t *p, size_t n,
			int64_t ts_us);
/* The side closed its direction (FIN). */
void tv_pcapng_tcp_fin(tv_pcapng_tcp *t, int side, int64_t ts_us);

/* NSS key log lines for the Decryption Secrets Block (appended). */
void tv_pcapng_add_secrets(tv_pcapng_writer *w, const char *text, size_t n);

/* The capture: Section Header, Interface Description, Decryption
 * Secrets (when there are secrets), then the packets. */
tv_status tv_pcapng_write(const tv_pcapng_writer *w, const char *path,
			  tv_error *err);

#endif
