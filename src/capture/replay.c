/*
 * Replaying a capture file through libpcap (pcap and pcapng, any byte
 * order, micro- or nanosecond timestamps: libpcap scales them to
 * microseconds).  The file is opened here, not by libpcap, to tell the
 * user why it cannot be opened and to read it through a large buffer.
 */
#include "capture/replay.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/arena.h"

#define READ_BUFFER    (1024 * 1024)
#define PROGRESS_EVERY 4096 /* packets */

typedef struct replay {
	const char *path;
	FILE *fp;
	char *buf; /* the FILE's buffer: glibc ignores the size without one */
	pcap_t *pc;
	int dlt;
	uint64_t size;
	tv_progress_fn progress;
	void *progress_arg;
} replay;

static tv_status open_error(int errnum, tv_error *err)
{
	const char *hint =
	    errnum == EACCES || errnum == EPERM ? "check the file's permissions"
	    : errnum == EISDIR ? "give the path of a capture file"
			       : "check the path";

	tv_error_set(err, TV_IO, "cannot open: %s (%s)", strerror(errnum),
		     hint);
	return TV_IO;
}

static tv_status format_error(const char *why, uint64_t size, tv_error *err)
{
	if (size == 0) {
		tv_error_set(err, TV_MALFORMED,
			     "not a pcap or pcapng capture file: it is empty "
			     "(check that the capture was written)");
	} else if (strstr(why, "unknown file format") ||
		   strstr(why, "truncated")) {
		tv_error_set(err, TV_MALFORMED,
			     "not a pcap or pcapng capture file (write "
			     "captures with tcpdump -w, dumpcap or Wireshark)");
	} else {
		tv_error_set(err, TV_MALFORMED,
			     "not a pcap or pcapng capture file that libpcap "
			     "can read (%s)",
			     why);
	}
	return TV_MALFORMED;
}

static tv_status replay_open(replay *r, tv_error *err)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct stat st;
	size_t bufsize;

	if (stat(r->path, &st) != 0)
		return open_error(errno, err);
	if (S_ISDIR(st.st_mode))
		return open_error(EISDIR, err);
	r->size = (uint64_t)st.st_size;
	r->fp = fopen(r->path, "rb");
	if (!r->fp)
		return open_error(errno, err);
	/* no larger than the file: small captures are read by the thousand
	 * (tests, fuzzing) */
	bufsize = r->size < READ_BUFFER ? (size_t)r->size + 1 : READ_BUFFER;
	r->buf = tv_xmalloc(bufsize);
	setvbuf(r->fp, r->buf, _IOFBF, bufsize);
	r->pc = pcap_fopen_offline_with_tstamp_precision(
	    r->fp, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
	if (!r->pc) {
		fclose(r->fp);
		free(r->buf);
		return format_error(errbuf, r->size, err);
	}
	r->dlt = pcap_datalink(r->pc);
	if (!tv_pipeline_linktype_supported(r->dlt)) {
		const char *name = pcap_datalink_val_to_name(r->dlt);

		tv_error_set(err, TV_UNSUPPORTED,
			     "link type %d (%s) is not supported (tlsview "
			     "decodes Ethernet, Linux cooked, loopback and raw "
			     "IP captures)",
			     r->dlt, name ? name : "unknown");
		pcap_close(r->pc);
		free(r->buf);
		return TV_UNSUPPORTED;
	}
	return TV_OK;
}

static void report_progress(replay *r, bool done)
{
	off_t pos;

	if (!r->progress)
		return;
	pos = done ? (off_t)r->size : ftello(r->fp);
	r->progress(r->progress_arg, pos < 0 ? 0 : (uint64_t)pos, r->size);
}

/* pcap_next_ex failed: a file cut short is decoded as far as it goes. */
static tv_status read_error(replay *r, tv_error *err)
{
	const char *why = pcap_geterr(r->pc);

	if (strstr(why, "truncated")) {
		tv_error_set(err, TV_TRUNCATED,
			     "the file ends in the middle of a packet; decoded "
			     "what was there");
		return TV_TRUNCATED;
	}
	if (strstr(why, "different from the type of the first interface")) {
		tv_error_set(
		    err, TV_UNSUPPORTED,
		    "the capture mixes link types; decoded the packets "
		    "before the change (split it with editcap or "
		    "tshark)");
		return TV_UNSUPPORTED;
	}
	tv_error_set(err, TV_IO,
		     "read error after part of the file was decoded: %s "
		     "(check the file)",
		     why);
	return TV_IO;
}

tv_status tv_replay_file(const char *path, tv_pipeline *p,
			 tv_progress_fn progress, void *progress_arg,
			 tv_error *err)
{
	replay r = {
	    .path = path,
	    .progress = progress,
	    .progress_arg = progress_arg,
	};
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t n = 0;
	tv_status st;
	int rc;

	st = replay_open(&r, err);
	if (st != TV_OK)
		return st;
	while ((rc = pcap_next_ex(r.pc, &h, &data)) == 1) {
		int64_t ts = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;

		tv_pipeline_packet(p, r.dlt, ts, data, h->caplen, h->len);
		if (++n % PROGRESS_EVERY == 0)
			report_progress(&r, false);
	}
	st = rc == PCAP_ERROR ? read_error(&r, err) : TV_OK;
	tv_pipeline_finish(p);
	report_progress(&r, true);
	pcap_close(r.pc);
	free(r.buf);
	if (st == TV_OK && err) {
		err->status = TV_OK;
		err->msg[0] = '\0';
	}
	return st;
}
