/* Replaying capture files with the real decoder: every corpus capture
 * yields as many TLS connections as its tshark reference lists, also when
 * rewritten as pcapng with two interfaces or with nanosecond timestamps;
 * files that cannot be read fail with one sentence saying what to do; a
 * file cut in the middle of a packet is decoded as far as it goes. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/replay.h"
#include "tap.h"

static const char *corpus;

typedef struct sink_state {
	int conns;
	int64_t first_start;
} sink_state;

static void sink(void *arg, tv_conn *c)
{
	sink_state *s = arg;

	if (s->conns++ == 0)
		s->first_start = c->start_us;
	tv_conn_free(c);
}

typedef struct progress_state {
	int calls;
	uint64_t last, total;
} progress_state;

static void progress(void *arg, uint64_t bytes, uint64_t total)
{
	progress_state *ps = arg;

	ps->calls++;
	ps->last = bytes;
	ps->total = total;
}

/* Replay path; returns the status, fills the sink state and the error. */
static tv_status replay(const char *path, sink_state *s, tv_error *err,
			progress_state *ps)
{
	tv_pipeline *p;
	tv_status st;

	memset(s, 0, sizeof *s);
	memset(err, 0, sizeof *err);
	p = tv_pipeline_new(NULL, sink, s);
	st = tv_replay_file(path, p, ps ? progress : NULL, ps, err);
	tv_pipeline_free(p);
	return st;
}

/* Top-level objects of the JSON array in the .expected.json file. */
static int expected_conns(const char *pcap)
{
	char path[1024];
	FILE *f;
	int depth = 0, objects = 0, ch;
	bool in_str = false, esc = false;

	snprintf(path, sizeof path, "%.*s.expected.json",
		 (int)(strlen(pcap) - 5), pcap);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while ((ch = getc(f)) != EOF) {
		if (in_str) {
			if (esc)
				esc = false;
			else if (ch == '\\')
				esc = true;
			else if (ch == '"')
				in_str = false;
			continue;
		}
		if (ch == '"')
			in_str = true;
		else if (ch == '[' || ch == '{')
			objects += depth++ == 1 && ch == '{';
		else if (ch == ']' || ch == '}')
			depth--;
	}
	fclose(f);
	return objects;
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	struct stat st;

	if (!f || fstat(fileno(f), &st) != 0)
		abort();
	b = malloc((size_t)st.st_size);
	if (!b || fread(b, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		abort();
	fclose(f);
	*n = (size_t)st.st_size;
	return b;
}

static char tmp_path[64];

/* A temporary file holding n bytes of b; its name is in tmp_path. */
static const char *write_tmp(const void *b, size_t n)
{
	int fd;

	snprintf(tmp_path, sizeof tmp_path, "/tmp/tlsview-t_replay-XXXXXX");
	fd = mkstemp(tmp_path);
	if (fd < 0 || write(fd, b, n) != (ssize_t)n)
		abort();
	close(fd);
	return tmp_path;
}

static uint32_t get32(const unsigned char *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/*
 * The classic pcap in b rewritten as pcapng: two Ethernet interfaces,
 * packets alternating between them.  Host byte order.
 */
static unsigned char *to_pcapng(const unsigned char *b, size_t n, size_t *out)
{
	unsigned char *o = malloc(n * 2 + 256), *q = o;
	bool swap = get32(b, false) != 0xa1b2c3d4;
	uint32_t dlt = get32(b + 20, swap);
	size_t off = 24;
	int k = 0;

	/* section header block */
	put32(q, 0x0a0d0d0a), put32(q + 4, 28), put32(q + 8, 0x1a2b3c4d);
	q[12] = 1, q[13] = 0, q[14] = 0, q[15] = 0; /* version 1.0 */
	memset(q + 16, 0xff, 8);		    /* section length: -1 */
	put32(q + 24, 28);
	q += 28;
	for (int i = 0; i < 2; i++) { /* interface description blocks */
		put32(q, 1), put32(q + 4, 20), put32(q + 8, dlt);
		put32(q + 12, 65535), put32(q + 16, 20);
		q += 20;
	}
	while (off + 16 <= n) {
		uint32_t sec = get32(b + off, swap),
			 usec = get32(b + off + 4, swap);
		uint32_t caplen = get32(b + off + 8, swap);
		uint32_t len = get32(b + off + 12, swap);
		uint32_t pad = (4 - caplen % 4) % 4, blen = 32 + caplen + pad;
		uint64_t ts = (uint64_t)sec * 1000000 + usec;

		put32(q, 6), put32(q + 4, blen),
		    put32(q + 8, (uint32_t)(k++ & 1));
		put32(q + 12, (uint32_t)(ts >> 32)),
		    put32(q + 16, (uint32_t)ts);
		put32(q + 20, caplen), put32(q + 24, len);
		memcpy(q + 28, b + off + 16, caplen);
		memset(q + 28 + caplen, 0, pad);
		put32(q + 28 + caplen + pad, blen);
		q += blen;
		off += 16 + caplen;
	}
	*out = (size_t)(q - o);
	return o;
}

/* The classic pcap in b with nanosecond timestamps (magic a1b23c4d). */
static void to_nanoseconds(unsigned char *b, size_t n)
{
	bool swap = get32(b, false) != 0xa1b2c3d4;
	size_t off = 24;

	put32(b, swap ? 0x4d3cb2a1 : 0xa1b23c4d);
	while (off + 16 <= n) {
		uint32_t usec = get32(b + off + 4, swap);
		uint32_t ns = usec * 1000 + 999;

		put32(b + off + 4, swap ? __builtin_bswap32(ns) : ns);
		off += 16 + get32(b + off + 8, swap);
	}
}

static void test_corpus_file(const char *path, const char *name)
{
	int want = expected_conns(path);
	sink_state s, s2;
	progress_state ps = {0};
	tv_error err;
	size_t n, ngn;
	unsigned char *b, *ng;
	int64_t start_us;

	is_int(replay(path, &s, &err, &ps), TV_OK, "%s: replayed", name);
	is_int(s.conns, want, "%s: %d TLS connections, as in the reference",
	       name, want);
	ok(ps.calls >= 1 && ps.last == ps.total && ps.total > 0,
	   "%s: the progress ends at the file size", name);
	start_us = s.first_start;

	b = slurp(path, &n);
	ng = to_pcapng(b, n, &ngn);
	write_tmp(ng, ngn);
	is_int(replay(tmp_path, &s2, &err, NULL), TV_OK,
	       "%s as pcapng with two interfaces: replayed", name);
	is_int(s2.conns, want, "%s as pcapng: the same connections", name);
	is_int(s2.first_start, start_us, "%s as pcapng: the same start time",
	       name);
	unlink(tmp_path);
	free(ng);

	to_nanoseconds(b, n);
	write_tmp(b, n);
	is_int(replay(tmp_path, &s2, &err, NULL), TV_OK,
	       "%s with nanosecond timestamps: replayed", name);
	is_int(s2.conns, want, "%s in ns: the same connections", name);
	is_int(s2.first_start, start_us,
	       "%s in ns: times are read as microseconds", name);
	unlink(tmp_path);
	free(b);
}

static void test_corpus(void)
{
	DIR *d = opendir(corpus);
	struct dirent *e;
	int files = 0;

	if (!d) {
		ok(0, "cannot open the corpus directory %s", corpus);
		return;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char path[1024];

		if (l < 6 || strcmp(e->d_name + l - 5, ".pcap") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", corpus, e->d_name);
		test_corpus_file(path, e->d_name);
		files++;
	}
	closedir(d);
	ok(files >= 9, "the corpus has its captures (%d)", files);
}

static void test_errors(void)
{
	static const unsigned char wifi[24] = {
	    0xd4, 0xc3, 0xb2, 0xa1, 2,	  0,	4, 0, 0,   0, 0, 0,
	    0,	  0,	0,    0,    0xff, 0xff, 0, 0, 105, 0, 0, 0};
	sink_state s;
	tv_error err;
	char path[1024];
	size_t n;
	unsigned char *b;
	int want;

	is_int(replay("/nonexistent/x.pcap", &s, &err, NULL), TV_IO,
	       "a missing file is an I/O error");
	is_str(err.msg,
	       "cannot open: No such file or directory (check the path)",
	       "and says so");
	is_int(replay("/tmp", &s, &err, NULL), TV_IO, "a directory");
	is_str(err.msg,
	       "cannot open: Is a directory (give the path of a "
	       "capture file)",
	       "is refused with what to give instead");

	write_tmp("this is not a capture\n", 22);
	is_int(replay(tmp_path, &s, &err, NULL), TV_MALFORMED,
	       "a text file is malformed");
	is_str(err.msg,
	       "not a pcap or pcapng capture file (write captures "
	       "with tcpdump -w, dumpcap or Wireshark)",
	       "and named as not a capture");
	unlink(tmp_path);

	write_tmp("", 0);
	is_int(replay(tmp_path, &s, &err, NULL), TV_MALFORMED, "an empty file");
	is_str(err.msg,
	       "not a pcap or pcapng capture file: it is empty (check "
	       "that the capture was written)",
	       "says it is empty");
	unlink(tmp_path);

	write_tmp(wifi, sizeof wifi);
	is_int(replay(tmp_path, &s, &err, NULL), TV_UNSUPPORTED,
	       "an 802.11 capture is unsupported");
	is_str(err.msg,
	       "link type 105 (IEEE802_11) is not supported (tlsview "
	       "decodes Ethernet, Linux cooked, loopback and raw IP "
	       "captures)",
	       "the message names the link type and what is decoded");
	unlink(tmp_path);

	/* cut in the middle of the last packet, then of a record header */
	snprintf(path, sizeof path, "%s/tls13-resume.pcap", corpus);
	want = expected_conns(path);
	b = slurp(path, &n);
	write_tmp(b, n - 7);
	is_int(replay(tmp_path, &s, &err, NULL), TV_TRUNCATED,
	       "a file cut in a packet: TV_TRUNCATED");
	is_str(err.msg,
	       "the file ends in the middle of a packet; decoded what "
	       "was there",
	       "with a message");
	is_int(s.conns, want, "and its connections were still decoded");
	unlink(tmp_path);
	write_tmp(b, 24 + 16 + get32(b + 24 + 8, false) + 10);
	is_int(replay(tmp_path, &s, &err, NULL), TV_TRUNCATED,
	       "a file cut in a record header: TV_TRUNCATED");
	unlink(tmp_path);
	write_tmp(b, 24);
	is_int(replay(tmp_path, &s, &err, NULL), TV_OK,
	       "a capture with no packets is fine");
	is_int(s.conns, 0, "and has no connections");
	unlink(tmp_path);
	write_tmp(b, 10);
	is_int(replay(tmp_path, &s, &err, NULL), TV_MALFORMED,
	       "a file cut inside the file header is not a capture");
	unlink(tmp_path);
	free(b);
}

/* A pcapng timestamp of 15,350,062,955,056 seconds (found by
 * fuzz_capture_file): clamped, not overflowed. */
static void test_huge_timestamp(void)
{
	char path[1024];
	sink_state s;
	tv_error err;
	tv_status st;

	is_int(tv_time_from_packet(15350062955056LL, 5),
	       253402300799LL * 1000000 + 5,
	       "a timestamp past year 9999 is clamped to its last second");
	is_int(tv_time_from_packet(-5, -1), 0,
	       "a negative timestamp reads as the epoch");
	is_int(tv_time_from_packet(1795389000, 123456),
	       1795389000123456LL, "an ordinary timestamp is unchanged");
	snprintf(path, sizeof path,
		 "%s/../../fuzz/regress/capture_file/pcapng-timestamp-overflow",
		 corpus);
	st = replay(path, &s, &err, NULL);
	ok(st == TV_OK || st == TV_TRUNCATED,
	   "the capture with the huge timestamp replays (status %d)", st);
	ok(s.conns >= 1 && s.first_start <= 253402300799999999LL,
	   "its connections come out with times a calendar can show");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* a hang still shows progress */
	corpus = getenv("TV_CORPUS");
	if (!corpus)
		corpus = "tests/corpus";
	test_corpus();
	test_errors();
	test_huge_timestamp();
	return done_testing();
}
