/* Secrets from pcapng Decryption Secrets Blocks: the scanner finds TLS key
 * log text in sections of either byte order, before and after packets,
 * whatever the size of the pieces it is fed; it names and skips other
 * secrets types and blocks whose lengths do not fit, stops at a block
 * length that is not a block length, turns itself off for classic pcap,
 * and keeps the complete lines of a block cut short.  Through
 * tv_replay_file_opts: the shipped demo.pcapng yields the secrets of
 * demo.keys, a corpus capture rewritten as pcapng with blocks before and
 * after its packets yields its key log, standard input works (a file and
 * a pipe), and classic captures decode exactly as before. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture/pcapng_secrets.h"
#include "capture/replay.h"
#include "report/json.h"
#include "tap.h"
#include "util/buf.h"

#define MAX_WARN 32

typedef struct warnings {
	int n;
	char text[MAX_WARN][400]; /* "origin|line|message" */
} warnings;

static void collect(void *arg, const char *origin, unsigned long line,
		    const char *msg)
{
	warnings *w = arg;

	if (w->n < MAX_WARN)
		snprintf(w->text[w->n], sizeof w->text[0], "%s|%lu|%s", origin,
			 line, msg);
	w->n++;
}

/* ---- building pcapng byte streams ------------------------------------ */

static bool big; /* byte order of the blocks being written */

static void put32(tv_buf *b, uint32_t v)
{
	uint8_t x[4];

	for (int i = 0; i < 4; i++)
		x[i] = (uint8_t)(big ? v >> (24 - 8 * i) : v >> (8 * i));
	tv_buf_add(b, x, 4);
}

static void put16(tv_buf *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)(big ? v >> 8 : v),
			(uint8_t)(big ? v : v >> 8)};

	tv_buf_add(b, x, 2);
}

static void pad4(tv_buf *b, size_t n)
{
	static const uint8_t zero[4];

	tv_buf_add(b, zero, (4 - n % 4) % 4);
}

static void shb(tv_buf *b, bool big_endian)
{
	big = big_endian;
	put32(b, 0x0a0d0d0a), put32(b, 28), put32(b, 0x1a2b3c4d);
	put16(b, 1), put16(b, 0);
	put32(b, 0xffffffff), put32(b, 0xffffffff); /* section length -1 */
	put32(b, 28);
}

static void idb(tv_buf *b)
{
	put32(b, 1), put32(b, 20), put16(b, 1), put16(b, 0);
	put32(b, 65535), put32(b, 20);
}

static void epb(tv_buf *b, const uint8_t *data, uint32_t n, uint64_t ts_us)
{
	uint32_t len = 32 + n + (4 - n % 4) % 4;

	put32(b, 6), put32(b, len), put32(b, 0);
	put32(b, (uint32_t)(ts_us >> 32)), put32(b, (uint32_t)ts_us);
	put32(b, n), put32(b, n);
	tv_buf_add(b, data, n);
	pad4(b, n);
	put32(b, len);
}

/* A packet whose bytes do not matter to the scanner. */
static void junk_epb(tv_buf *b, uint32_t n)
{
	uint8_t data[200];

	for (uint32_t i = 0; i < n; i++)
		data[i] = (uint8_t)(i * 7);
	epb(b, data, n, 1000);
}

/* A Decryption Secrets Block; with an option (a comment) when asked. */
static void dsb(tv_buf *b, uint32_t type, const char *text, bool option)
{
	uint32_t n = (uint32_t)strlen(text);
	uint32_t len = 20 + n + (4 - n % 4) % 4 + (option ? 12 : 0);

	put32(b, 10), put32(b, len), put32(b, type), put32(b, n);
	tv_buf_add(b, text, n);
	pad4(b, n);
	if (option) { /* opt_comment "note", opt_endofopt */
		put16(b, 1), put16(b, 4), tv_buf_add(b, "note", 4);
		put32(b, 0);
	}
	put32(b, len);
}

#define TLSK 0x544c534bu
#define WGKL 0x57474b4cu

/* Key log lines for client random i (repeated byte) with a master
 * secret of repeated byte s. */
static char *keys_for(int i, int s)
{
	static char text[4][256];
	static int next;
	char *t = text[next++ % 4];
	int n = snprintf(t, 256, "CLIENT_RANDOM ");

	for (int k = 0; k < 32; k++)
		n += snprintf(t + n, 256 - (size_t)n, "%02x", i);
	n += snprintf(t + n, 256 - (size_t)n, " ");
	for (int k = 0; k < 48; k++)
		n += snprintf(t + n, 256 - (size_t)n, "%02x", s);
	snprintf(t + n, 256 - (size_t)n, "\n");
	return t;
}

static bool has_master(const tv_keylog *kl, int i, int s)
{
	uint8_t r[32], want[48];
	const uint8_t *p;
	size_t len;

	memset(r, i, 32);
	memset(want, s, 48);
	return tv_keylog_get(kl, r, TV_SECRET_MASTER, &p, &len) && len == 48 &&
	       memcmp(p, want, 48) == 0;
}

typedef struct scan_result {
	size_t added, count;
	unsigned long blocks;
	bool scanning;
	warnings w;
} scan_result;

/* Feed b in pieces of step bytes (0: all at once) and end at eof. */
static tv_keylog *scan(const tv_buf *b, size_t len, size_t step,
		       scan_result *res)
{
	tv_keylog *kl = tv_keylog_new();
	tv_pcapng_secrets *s;

	memset(res, 0, sizeof *res);
	s = tv_pcapng_secrets_new(kl, collect, &res->w);
	for (size_t off = 0; off < len;) {
		size_t n = step && len - off > step ? step : len - off;

		tv_pcapng_secrets_feed(s, (const uint8_t *)b->p + off, n);
		off += n;
	}
	res->scanning = tv_pcapng_secrets_scanning(s);
	tv_pcapng_secrets_end(s, true);
	res->added = tv_pcapng_secrets_added(s);
	res->blocks = tv_pcapng_secrets_blocks(s);
	res->count = tv_keylog_count(kl);
	tv_pcapng_secrets_free(s);
	return kl;
}

/* ---- the scanner on built streams ------------------------------------ */

static void one_section(bool big_endian)
{
	const char *order = big_endian ? "big-endian" : "little-endian";
	static const size_t steps[] = {0, 1, 3, 7, 64, 4096};
	tv_buf b;
	scan_result res;
	tv_keylog *kl;

	tv_buf_init(&b);
	shb(&b, big_endian);
	dsb(&b, TLSK, keys_for(1, 0x11), false); /* before the interface */
	idb(&b);
	junk_epb(&b, 60);
	junk_epb(&b, 61);
	dsb(&b, TLSK, keys_for(2, 0x22), true); /* between packets */
	junk_epb(&b, 199);
	dsb(&b, TLSK, keys_for(3, 0x33), false); /* after the last one */
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		char how[48];

		if (steps[i])
			snprintf(how, sizeof how, "%zu bytes at a time",
				 steps[i]);
		else
			snprintf(how, sizeof how, "all at once");
		kl = scan(&b, b.len, steps[i], &res);
		ok(res.added == 3 && res.count == 3 && res.blocks == 3 &&
		       res.w.n == 0 && res.scanning,
		   "%s section fed %s: 3 blocks, 3 secrets, no warning", order,
		   how);
		ok(has_master(kl, 1, 0x11) && has_master(kl, 2, 0x22) &&
		       has_master(kl, 3, 0x33),
		   "%s, %s: the secrets before, between and after the packets "
		   "are right",
		   order, how);
		tv_keylog_free(kl);
	}
	tv_buf_free(&b);
}

static void two_sections(void)
{
	tv_buf b;
	scan_result res;
	tv_keylog *kl;

	tv_buf_init(&b);
	shb(&b, false);
	idb(&b);
	dsb(&b, TLSK, keys_for(4, 0x44), false);
	junk_epb(&b, 64);
	shb(&b, true);
	idb(&b);
	junk_epb(&b, 64);
	dsb(&b, TLSK, keys_for(5, 0x55), false);
	kl = scan(&b, b.len, 5, &res);
	is_int(res.blocks, 2, "two sections of opposite byte order: 2 blocks");
	ok(has_master(kl, 4, 0x44) && has_master(kl, 5, 0x55),
	   "the secrets of both sections are found");
	tv_keylog_free(kl);
	tv_buf_free(&b);
}

static void other_blocks(void)
{
	static const char *const want[] = {
	    "pcapng Decryption Secrets Block #1|0|it holds secrets of type "
	    "0x57474b4c (WireGuard key log), not a TLS key log; the block "
	    "is ignored",
	    "pcapng Decryption Secrets Block #2|0|its secrets length (500 "
	    "bytes) does not fit in the block (100 bytes of room); the block "
	    "is ignored",
	    "pcapng Decryption Secrets Block #3|0|the block is 12 bytes, too "
	    "short to hold secrets; it is ignored",
	    "pcapng Decryption Secrets Block #4|2|unknown label \"junk\" (a "
	    "key log line starts with CLIENT_RANDOM or a TLS 1.3 secret "
	    "name)",
	    "pcapng Decryption Secrets Block #5|0|it holds secrets of type "
	    "0x01020304 (unknown), not a TLS key log; the block is ignored",
	};
	char text[600];
	tv_buf b;
	scan_result res;
	tv_keylog *kl;

	tv_buf_init(&b);
	shb(&b, false);
	idb(&b);
	dsb(&b, WGKL, "wireguard keys", false);
	put32(&b, 10), put32(&b, 120), put32(&b, TLSK), put32(&b, 500);
	for (int i = 0; i < 100; i++)
		tv_buf_addc(&b, 'x');
	put32(&b, 120);
	put32(&b, 10), put32(&b, 12), put32(&b, 12);
	snprintf(text, sizeof text, "%sjunk line\n%s", keys_for(6, 0x66),
		 keys_for(7, 0x77));
	dsb(&b, TLSK, text, false);
	dsb(&b, 0x01020304, "??", false);
	dsb(&b, TLSK, keys_for(8, 0x88), false);
	kl = scan(&b, b.len, 0, &res);
	is_int(res.blocks, 6, "six Decryption Secrets Blocks are counted");
	is_int(res.w.n, 5, "five problems are reported");
	for (int i = 0; i < res.w.n && i < 5; i++)
		is_str(res.w.text[i], want[i],
		       "problem %d names the block and "
		       "says why",
		       i + 1);
	ok(has_master(kl, 6, 0x66) && has_master(kl, 7, 0x77) &&
	       has_master(kl, 8, 0x88) && res.count == 3,
	   "the good lines of the good blocks are all used");
	ok(res.scanning, "blocks with bad contents do not stop the scan");
	tv_keylog_free(kl);
	tv_buf_free(&b);
}

/* A stream whose block at offset 28 (after the SHB) has length len;
 * a good DSB follows where the bad block would end. */
static void bad_length(uint32_t len, const char *what)
{
	tv_buf b;
	scan_result res;
	tv_keylog *kl;

	tv_buf_init(&b);
	shb(&b, false);
	put32(&b, 1), put32(&b, len), put32(&b, 0);
	dsb(&b, TLSK, keys_for(9, 0x99), false);
	kl = scan(&b, b.len, 0, &res);
	ok(!res.scanning && res.count == 0 && res.w.n == 0,
	   "a block length %s (%u) stops the scan quietly", what, len);
	tv_keylog_free(kl);
	tv_buf_free(&b);
}

static void bad_headers(void)
{
	tv_buf b;
	scan_result res;
	tv_keylog *kl;

	bad_length(30, "that is not a multiple of 4");
	bad_length(8, "under 12");
	bad_length(0, "of 0");
	bad_length(TV_PCAPNG_MAX_BLOCK + 4, "over 64 MiB");

	tv_buf_init(&b);
	shb(&b, false);
	b.p[8] = 0x55; /* byte-order magic */
	dsb(&b, TLSK, keys_for(9, 0x99), false);
	kl = scan(&b, b.len, 0, &res);
	ok(!res.scanning && res.count == 0,
	   "a section with a bad byte-order magic stops the scan");
	tv_keylog_free(kl);

	tv_buf_reset(&b);
	shb(&b, false);
	b.p[4] = 26, b.p[24] = 26; /* SHB length */
	dsb(&b, TLSK, keys_for(9, 0x99), false);
	kl = scan(&b, b.len, 0, &res);
	ok(!res.scanning && res.count == 0,
	   "a section header with a bad length stops the scan");
	tv_keylog_free(kl);
	tv_buf_free(&b);
}

static void classic_pcap(void)
{
	static const uint8_t hdr[24] = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0,
					0,    0,    0,	  0,	0, 0, 0, 0,
					0xff, 0xff, 0,	  0,	1, 0, 0, 0};
	tv_buf b;
	scan_result res;
	tv_keylog *kl;

	tv_buf_init(&b);
	tv_buf_add(&b, hdr, sizeof hdr);
	big = false;
	dsb(&b, TLSK, keys_for(9, 0x99), false); /* looks like one, is not */
	kl = scan(&b, b.len, 0, &res);
	ok(!res.scanning && res.blocks == 0 && res.count == 0,
	   "a classic pcap turns the scanner off at once");
	tv_keylog_free(kl);
	tv_buf_free(&b);
}

static void truncated(void)
{
	tv_buf b;
	scan_result res;
	tv_keylog *kl;
	char text[600];
	size_t cut, bad = 0;
	size_t dsb_start;

	tv_buf_init(&b);
	shb(&b, false);
	idb(&b);
	junk_epb(&b, 60);
	dsb_start = b.len;
	snprintf(text, sizeof text, "%s%s", keys_for(10, 0xa0),
		 keys_for(11, 0xb0));
	dsb(&b, TLSK, text, false);
	junk_epb(&b, 60);

	cut = dsb_start + 16 + strlen(keys_for(10, 0xa0)) + 30;
	kl = scan(&b, cut, 0, &res);
	ok(has_master(kl, 10, 0xa0) && res.count == 1,
	   "a block cut in its second line keeps the first");
	is_int(res.w.n, 2, "and reports the cut line and the block");
	is_str(res.w.text[0],
	       "pcapng Decryption Secrets Block #1|2|cut off: the text ends in "
	       "the middle of this line, which was skipped",
	       "the cut line is named");
	is_str(res.w.text[1],
	       "pcapng Decryption Secrets Block #1|0|the file ends inside this "
	       "block; the lines before the cut were used",
	       "and the block is said to be cut by the end of the file");
	tv_keylog_free(kl);

	for (cut = 0; cut <= b.len; cut++) {
		kl = scan(&b, cut, 3, &res);
		if (res.count > 2 || res.w.n > 2 ||
		    (cut >= dsb_start + 16 + strlen(text) && res.count != 2))
			bad++;
		tv_keylog_free(kl);
	}
	is_int(bad, 0,
	       "every prefix of the stream: no crash, at most the two "
	       "secrets, both once the text is complete");
	tv_buf_free(&b);
}

/* ---- through tv_replay_file_opts ---------------------------------------- */

typedef struct sink_state {
	int conns;
	tv_buf json;
} sink_state;

static void sink(void *arg, tv_conn *c)
{
	sink_state *s = arg;

	s->conns++;
	tv_json_conn(&s->json, c);
	tv_conn_free(c);
}

typedef struct run {
	tv_status st;
	tv_error err;
	sink_state s;
	warnings w;
	uint64_t last, total;
} run;

static void progress(void *arg, uint64_t bytes, uint64_t total)
{
	run *r = arg;

	r->last = bytes;
	r->total = total;
}

/* Replay path into a fresh run; kl may be NULL (no secrets wanted). */
static void replay(const char *path, tv_keylog *kl, run *r)
{
	tv_replay_opts o = {.progress = progress,
			    .progress_arg = r,
			    .secrets = kl,
			    .warn = collect,
			    .warn_arg = &r->w};
	tv_pipeline *p;

	memset(r, 0, sizeof *r);
	tv_buf_init(&r->s.json);
	p = tv_pipeline_new(NULL, sink, &r->s);
	r->st = tv_replay_file_opts(path, p, &o, &r->err);
	tv_pipeline_free(p);
}

static void run_free(run *r)
{
	tv_buf_free(&r->s.json);
}

static int hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static void unhex(const char *h, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] =
		    (uint8_t)(hexval(h[2 * i]) << 4 | hexval(h[2 * i + 1]));
}

static int kind_of(const char *label)
{
	for (int k = 0; k < TV_SECRET_KINDS; k++)
		if (strcmp(label, tv_secret_kind_name((tv_secret_kind)k)) == 0)
			return k;
	return -1;
}

/* How many secrets of a key log file are in kl; *lines: how many the
 * file has. */
static int secrets_found(const char *keys, const tv_keylog *kl, int *lines)
{
	char line[512], label[64], rh[80], sh[200];
	FILE *f = fopen(keys, "r");
	int found = 0;

	*lines = 0;
	while (f && fgets(line, sizeof line, f)) {
		uint8_t r[32], s[100];
		const uint8_t *p;
		size_t len, n;
		int k;

		if (sscanf(line, "%63s %79s %199s", label, rh, sh) != 3 ||
		    (k = kind_of(label)) < 0 || strlen(rh) != 64)
			continue;
		n = strlen(sh) / 2;
		unhex(rh, r, 32);
		unhex(sh, s, n);
		(*lines)++;
		found += tv_keylog_get(kl, r, (tv_secret_kind)k, &p, &len) &&
			 len == n && memcmp(p, s, n) == 0;
	}
	if (f)
		fclose(f);
	return found;
}

static void demo_capture(const char *src)
{
	char path[1024], keys[1024], classic[1024];
	tv_keylog *kl = tv_keylog_new();
	run r, plain;
	int lines, found;

	snprintf(path, sizeof path, "%s/captures/demo.pcapng", src);
	snprintf(keys, sizeof keys, "%s/captures/demo.keys", src);
	snprintf(classic, sizeof classic, "%s/captures/demo.pcap", src);
	replay(path, kl, &r);
	is_int(r.st, TV_OK, "captures/demo.pcapng replays");
	is_int(tv_keylog_count(kl), 7,
	       "its Decryption Secrets Block holds 7 connections' secrets");
	found = secrets_found(keys, kl, &lines);
	ok(lines == 20 && found == lines,
	   "every secret of captures/demo.keys is among them (%d of %d)", found,
	   lines);
	is_int(r.w.n, 0, "the block reads without a warning (RSA skipped)");
	replay(classic, NULL, &plain);
	is_int(r.s.conns, plain.s.conns,
	       "demo.pcapng has the connections of demo.pcap (%d)",
	       plain.s.conns);
	ok(r.last == r.total && r.total > 0, "the progress ends at the size");
	run_free(&r);
	run_free(&plain);
	tv_keylog_free(kl);
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	struct stat st;

	if (!f || fstat(fileno(f), &st) != 0)
		abort();
	b = malloc((size_t)st.st_size + 1);
	if (!b || fread(b, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		abort();
	fclose(f);
	b[st.st_size] = '\0';
	*n = (size_t)st.st_size;
	return b;
}

static char tmp_path[64];

static void write_tmp(const void *p, size_t n)
{
	int fd;

	snprintf(tmp_path, sizeof tmp_path, "/tmp/tlsview-t_pcapng-XXXXXX");
	fd = mkstemp(tmp_path);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		abort();
	close(fd);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * The little-endian classic capture pcap as pcapng in byte order
 * big_endian, with keys split over a block before the packets and one
 * after them (first half of the lines, then the rest).
 */
static void to_pcapng(const unsigned char *pcap, size_t n, const char *keys,
		      bool big_endian, tv_buf *b, size_t *last_dsb,
		      int *first_secrets)
{
	size_t off = 24, half = 0, lines = 0;
	char *first, *rest;

	for (const char *k = keys; *k; k++)
		lines += *k == '\n';
	for (size_t seen = 0; keys[half] && seen < lines / 2; half++)
		seen += keys[half] == '\n';
	first = strndup(keys, half);
	rest = strdup(keys + half);
	*first_secrets = 0;
	for (size_t i = 0; i < half; i++)
		*first_secrets += (i == 0 || keys[i - 1] == '\n') &&
				  keys[i] != '#' && keys[i] != '\n';
	shb(b, big_endian);
	dsb(b, TLSK, first, false);
	put32(b, 1), put32(b, 20), put16(b, (uint16_t)le32(pcap + 20));
	put16(b, 0), put32(b, 65535), put32(b, 20);
	while (off + 16 <= n) {
		uint32_t caplen = le32(pcap + off + 8);

		epb(b, pcap + off + 16, caplen,
		    (uint64_t)le32(pcap + off) * 1000000 +
			le32(pcap + off + 4));
		off += 16 + caplen;
	}
	*last_dsb = b->len;
	dsb(b, TLSK, rest, true);
	free(first);
	free(rest);
}

static void corpus_as_pcapng(const char *corpus)
{
	char path[1024], keys_path[1024];
	unsigned char *pcap, *keys;
	size_t n, nk, last_dsb;
	tv_buf b;
	run r, plain;
	int lines, found, first_secrets;

	snprintf(path, sizeof path, "%s/tls13-resume.pcap", corpus);
	snprintf(keys_path, sizeof keys_path, "%s/tls13-resume.keys", corpus);
	pcap = slurp(path, &n);
	keys = slurp(keys_path, &nk);
	replay(path, NULL, &plain);
	for (int e = 0; e < 2; e++) {
		const char *order = e ? "big-endian" : "little-endian";
		tv_keylog *kl = tv_keylog_new();

		tv_buf_init(&b);
		to_pcapng(pcap, n, (const char *)keys, e, &b, &last_dsb,
			  &first_secrets);
		write_tmp(b.p, b.len);
		replay(tmp_path, kl, &r);
		found = secrets_found(keys_path, kl, &lines);
		ok(r.st == TV_OK && lines > 0 && found == lines,
		   "tls13-resume as %s pcapng: all %d secrets of its key log, "
		   "from blocks before and after the packets",
		   order, lines);
		ok(r.s.conns == plain.s.conns && r.w.n == 0,
		   "%s: the same %d connections, no warning", order,
		   plain.s.conns);
		unlink(tmp_path);
		run_free(&r);
		tv_keylog_free(kl);

		/* cut inside the last block's text */
		kl = tv_keylog_new();
		write_tmp(b.p, last_dsb + 16 + 10);
		replay(tmp_path, kl, &r);
		is_int(r.st, TV_TRUNCATED,
		       "%s, cut inside the last block: TV_TRUNCATED", order);
		is_str(r.err.msg,
		       "the file ends in the middle of a packet; decoded what "
		       "was there",
		       "with replay's message");
		found = secrets_found(keys_path, kl, &lines);
		ok(found == first_secrets && found > 0 &&
		       r.s.conns == plain.s.conns,
		   "the first block's secrets (%d) and every connection are "
		   "still there",
		   found);
		ok(r.w.n == 2 &&
		       strstr(r.w.text[1], "Block #2|0|the file ends inside "
					   "this block"),
		   "the cut block is reported");
		unlink(tmp_path);
		run_free(&r);
		tv_keylog_free(kl);
		tv_buf_free(&b);
	}
	run_free(&plain);
	free(pcap);
	free(keys);
}

/* Replay "-" with the file on standard input, as a file or a pipe. */
static void from_stdin(const char *src)
{
	char path[1024];
	unsigned char *data;
	size_t n;
	int saved = dup(0), fds[2];
	tv_keylog *kl;
	run r;
	pid_t pid;

	snprintf(path, sizeof path, "%s/captures/demo.pcapng", src);
	data = slurp(path, &n);

	kl = tv_keylog_new();
	if (!freopen(path, "rb", stdin))
		abort();
	replay("-", kl, &r);
	ok(r.st == TV_OK && r.s.conns > 0 && tv_keylog_count(kl) == 7,
	   "-r - with the file on standard input: %d connections, 7 "
	   "connections' secrets",
	   r.s.conns);
	ok(r.last == n && r.total == n, "the progress knows the file's size");
	run_free(&r);
	tv_keylog_free(kl);

	kl = tv_keylog_new();
	if (pipe(fds) != 0)
		abort();
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (size_t off = 0; off < n; off += 1000) /* small writes */
			if (write(fds[1], data + off,
				  n - off < 1000 ? n - off : 1000) < 0)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	dup2(fds[0], 0);
	close(fds[0]);
	replay("-", kl, &r);
	waitpid(pid, NULL, 0);
	ok(r.st == TV_OK && r.s.conns > 0 && tv_keylog_count(kl) == 7,
	   "-r - from a pipe: %d connections, 7 connections' secrets",
	   r.s.conns);
	ok(r.last == n && r.total == n,
	   "the progress of a pipe ends at the bytes read");
	run_free(&r);
	tv_keylog_free(kl);
	dup2(saved, 0);
	close(saved);
	clearerr(stdin);
	free(data);
}

/* Classic captures: the same JSON with and without a secrets store, and
 * nothing found or reported. */
static void classic_unchanged(const char *corpus)
{
	DIR *d = opendir(corpus);
	struct dirent *e;
	int files = 0, same = 0, quiet = 0;

	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char path[1024];
		tv_keylog *kl;
		run a, b;

		if (l < 6 || strcmp(e->d_name + l - 5, ".pcap") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", corpus, e->d_name);
		kl = tv_keylog_new();
		replay(path, NULL, &a);
		replay(path, kl, &b);
		files++;
		same += a.st == b.st && a.s.conns == b.s.conns &&
			a.s.json.len == b.s.json.len &&
			memcmp(a.s.json.p, b.s.json.p, a.s.json.len) == 0;
		quiet += tv_keylog_count(kl) == 0 && b.w.n == 0;
		run_free(&a);
		run_free(&b);
		tv_keylog_free(kl);
	}
	if (d)
		closedir(d);
	ok(files >= 9, "the corpus has its captures (%d)", files);
	is_int(same, files,
	       "every classic capture gives the same JSON with "
	       "a secrets store as without");
	is_int(quiet, files, "and the store stays empty, with no warning");
}

int main(void)
{
	const char *src = getenv("TV_SRCDIR");
	const char *corpus = getenv("TV_CORPUS");

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!src)
		src = ".";
	if (!corpus)
		corpus = "tests/corpus";
	one_section(false);
	one_section(true);
	two_sections();
	other_blocks();
	bad_headers();
	classic_pcap();
	truncated();
	demo_capture(src);
	corpus_as_pcapng(corpus);
	from_stdin(src);
	classic_unchanged(corpus);
	return done_testing();
}
