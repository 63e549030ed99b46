/*
 * Replaying a capture file through libpcap (pcap and pcapng, any byte
 * order, micro- or nanosecond timestamps: libpcap scales them to
 * microseconds).  The file is opened here, not by libpcap, to tell the
 * user why it cannot be opened and to read it through a large buffer.
 *
 * libpcap reads a FILE that is a GNU cookie stream over the file: every
 * byte it pulls in passes through tee_read, which counts it (progress)
 * and shows it to the pcapng secrets scanner, so Decryption Secrets
 * Blocks, which libpcap skips, are read in the same single pass.
 */
#include "capture/replay.h"

#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/pcapng_secrets.h"
#include "util/arena.h"

#define READ_BUFFER    (1024 * 1024)
#define PROGRESS_EVERY 4096 /* packets */

typedef struct replay {
	const char *path;
	int fd;	   /* the file, or 0 for standard input */
	FILE *fp;  /* the cookie stream libpcap reads */
	char *buf; /* the FILE's buffer: glibc ignores the size without one */
	pcap_t *pc;
	int dlt;
	uint64_t size;	/* 0 when not known in advance (a pipe) */
	uint64_t bytes; /* read from fd so far */
	bool eof;
	tv_pcapng_secrets *scan; /* NULL when no secrets are wanted */
	const tv_replay_opts *o;
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

static tv_status format_error(const char *why, uint64_t bytes, tv_error *err)
{
	if (bytes == 0) {
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

static ssize_t tee_read(void *cookie, char *buf, size_t size)
{
	replay *r = cookie;
	ssize_t n;

	do
		n = read(r->fd, buf, size);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		r->eof = n == 0;
		return n;
	}
	r->bytes += (uint64_t)n;
	if (r->scan)
		tv_pcapng_secrets_feed(r->scan, (const uint8_t *)buf,
				       (size_t)n);
	return n;
}

static int tee_close(void *cookie)
{
	replay *r = cookie;

	return r->fd == STDIN_FILENO ? 0 : close(r->fd);
}

/* The file (or standard input for "-") as a cookie stream. */
static tv_status tee_open(replay *r, tv_error *err)
{
	static const cookie_io_functions_t io = {.read = tee_read,
						 .close = tee_close};
	bool in = strcmp(r->path, "-") == 0;
	struct stat st;
	size_t bufsize;

	if (in ? fstat(STDIN_FILENO, &st) != 0 : stat(r->path, &st) != 0)
		return open_error(errno, err);
	if (S_ISDIR(st.st_mode))
		return open_error(EISDIR, err);
	r->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	r->fd = in ? STDIN_FILENO : open(r->path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return open_error(errno, err);
	r->fp = fopencookie(r, "rb", io);
	if (!r->fp) {
		tee_close(r);
		return open_error(errno, err);
	}
	/* no larger than the file: small captures are read by the thousand
	 * (tests, fuzzing); a pipe (size 0) gets the full buffer */
	bufsize = r->size && r->size < READ_BUFFER ? (size_t)r->size + 1
						   : READ_BUFFER;
	r->buf = tv_xmalloc(bufsize);
	setvbuf(r->fp, r->buf, _IOFBF, bufsize);
	return TV_OK;
}

static tv_status replay_open(replay *r, tv_error *err)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	tv_status st = tee_open(r, err);

	if (st != TV_OK)
		return st;
	r->pc = pcap_fopen_offline_with_tstamp_precision(
	    r->fp, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
	if (!r->pc) {
		fclose(r->fp);
		free(r->buf);
		return format_error(errbuf, r->bytes, err);
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

/* Bytes read so far against the file size; the read-ahead buffer makes
 * it run at most READ_BUFFER ahead of the packets decoded. */
static void report_progress(replay *r, bool done)
{
	uint64_t total = r->size, pos = r->bytes;

	if (!r->o->progress)
		return;
	if (done && !total)
		total = pos;
	if (done || (total && pos > total))
		pos = total;
	r->o->progress(r->o->progress_arg, pos, total);
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

tv_status tv_replay_file_opts(const char *path, tv_pipeline *p,
			      const tv_replay_opts *o, tv_error *err)
{
	static const tv_replay_opts no_opts;
	replay r = {.path = path, .o = o ? o : &no_opts};
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t n = 0;
	tv_status st;
	int rc;

	if (r.o->secrets)
		r.scan = tv_pcapng_secrets_new(r.o->secrets, r.o->warn,
					       r.o->warn_arg);
	st = replay_open(&r, err);
	if (st != TV_OK) {
		tv_pcapng_secrets_free(r.scan);
		return st;
	}
	while ((rc = pcap_next_ex(r.pc, &h, &data)) == 1) {
		int64_t ts = tv_time_from_packet(h->ts.tv_sec, h->ts.tv_usec);

		tv_pipeline_packet(p, r.dlt, ts, data, h->caplen, h->len);
		if (++n % PROGRESS_EVERY == 0)
			report_progress(&r, false);
		if (r.o->stop && r.o->stop(r.o->stop_arg))
			break;
	}
	st = rc == PCAP_ERROR ? read_error(&r, err) : TV_OK;
	if (r.scan)
		tv_pcapng_secrets_end(r.scan, r.eof);
	tv_pipeline_finish(p);
	report_progress(&r, true);
	pcap_close(r.pc);
	free(r.buf);
	tv_pcapng_secrets_free(r.scan);
	if (st == TV_OK && err) {
		err->status = TV_OK;
		err->msg[0] = '\0';
	}
	return st;
}

tv_status tv_replay_file(const char *path, tv_pipeline *p,
			 tv_progress_fn progress, void *progress_arg,
			 tv_error *err)
{
	tv_replay_opts o = {.progress = progress, .progress_arg = progress_arg};

	return tv_replay_file_opts(path, p, &o, err);
}
