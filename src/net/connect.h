/*
 * The TCP side of a live connection: HOST[:PORT] as typed, name
 * resolution, a nonblocking connect with a timeout that tries every
 * address, and sends / receives bounded by a deadline.  Every byte that
 * goes through a tv_netio is also handed to its tee (side 0: sent by us,
 * side 1: received), with the time it crossed the socket, so the same
 * bytes can be decoded and written to a capture.
 */
#ifndef NET_CONNECT_H
#define NET_CONNECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "model/conn.h"
#include "util/status.h"

/* HOST[:PORT] taken apart: "example.org", "example.org:8443",
 * "mail.example.org:imaps", "192.0.2.1:443", "[2001:db8::1]:443",
 * "2001:db8::1" (a bare IPv6 literal takes the default port). */
typedef struct tv_target {
	char host[256];
	char port[64]; /* a number or a service name */
	bool ip_literal;
} tv_target;

bool tv_target_parse(const char *arg, const char *default_port, tv_target *t,
		     tv_error *err);
/* The port as a number: a number, or the service's from /etc/services;
 * 0 when unknown. */
unsigned tv_target_port_number(const tv_target *t);

/* Wall-clock time in microseconds (timestamps of what was seen). */
int64_t tv_wall_us(void);

typedef void (*tv_netio_tee)(void *arg, int side, const uint8_t *p, size_t n,
			     int64_t ts_us);

typedef struct tv_netio {
	int fd;
	struct sockaddr_storage local, peer;
	tv_endpoint local_ep, peer_ep;
	char peer_name[64]; /* "192.0.2.1:443", "[::1]:4433" */
	int64_t syn_us;	    /* when connect() was called (wall clock) */
	int64_t established_us;
	int64_t deadline_ms; /* monotonic; 0: none */
	tv_netio_tee tee;
	void *tee_arg;
	bool timed_out; /* the last failure was the deadline */
	bool eof;	/* the peer closed its side */
	int err;	/* errno of the last failure, 0 */
} tv_netio;

/*
 * Resolve t and connect to its addresses in turn, each within timeout_ms,
 * until one answers.  On failure err says what happened in plain words
 * (no such host, refused, timed out, unreachable) for each address tried.
 */
tv_status tv_net_connect(const tv_target *t, int timeout_ms, tv_netio *io,
			 tv_error *err);
/* From now on, sends and receives fail once timeout_ms have passed. */
void tv_netio_set_timeout(tv_netio *io, int timeout_ms);
/* All n bytes, or false (io->timed_out / io->err say why). */
bool tv_netio_send(tv_netio *io, const void *p, size_t n);
/* Some bytes (> 0), 0 at the peer's end of stream, -1 on an error or
 * the deadline. */
ssize_t tv_netio_recv(tv_netio *io, void *buf, size_t n);
/* What the last failure was, for a message: "timed out", "connection
 * reset by peer", "the server closed the connection". */
const char *tv_netio_why(const tv_netio *io);
void tv_netio_close(tv_netio *io);

#endif
