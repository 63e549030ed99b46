/*
 * Sniffing a network interface through libpcap into the same pipeline as
 * a replay: connections are handed to the sink as they complete, and the
 * ones still open are flushed when the capture is stopped.
 */
#ifndef CAPTURE_LIVE_H
#define CAPTURE_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/pipeline.h"
#include "util/status.h"

typedef struct tv_live_opts {
	const char *iface;  /* "eth0", "lo", "any" */
	const char *filter; /* a BPF filter (pcap-filter(7)), or NULL */
	const char *user;   /* -Z: become this user once the device is open */
	int snaplen;	    /* 0: 262144 */
} tv_live_opts;

typedef struct tv_live tv_live;

/*
 * Open and activate the device, set the filter, drop privileges.  On
 * failure err says what is needed (root or CAP_NET_RAW and CAP_NET_ADMIN,
 * an existing interface, a valid filter): TV_MALFORMED for a bad filter
 * or user (a usage error), TV_IO otherwise.
 */
tv_status tv_live_open(const tv_live_opts *o, tv_live **out, tv_error *err);
/* Packets into p until tv_live_stop or an error; then
 * tv_pipeline_finish(p) flushes the connections still open. */
tv_status tv_live_run(tv_live *l, tv_pipeline *p, tv_error *err);
/* Ask tv_live_run to return: async-signal-safe (pcap_breakloop). */
void tv_live_stop(tv_live *l);
/* Packets the kernel dropped, when libpcap can tell. */
bool tv_live_dropped(tv_live *l, uint64_t *dropped);
void tv_live_close(tv_live *l);

#endif
