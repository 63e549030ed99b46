/*
 * Shared by the libFuzzer harnesses: the input as a file (the library
 * opens captures and certificate files by path), the decoding of a
 * connection from a script of feeds, and the checks on what the writers
 * produce (JSON: valid UTF-8 and valid JSON; text: no raw control,
 * invisible or direction-changing character).  A failed check aborts, so
 * libFuzzer reports it like a crash.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "model/conn.h"
#include "pki/cert.h"
#include "tls/decoder.h"
#include "util/buf.h"
#include "util/cursor.h"

/* ---- the input as a file ------------------------------------------------ */

/* A memory file holding the input; path is /proc/self/fd/N. */
typedef struct fuzz_file {
	int fd;
	char path[64];
} fuzz_file;

static inline bool fuzz_file_open(fuzz_file *f, const uint8_t *data,
				  size_t size)
{
	size_t done = 0;

	f->fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	if (f->fd < 0)
		return false;
	while (done < size) {
		ssize_t k = write(f->fd, data + done, size - done);

		if (k <= 0) {
			close(f->fd);
			return false;
		}
		done += (size_t)k;
	}
	snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
	return true;
}

static inline void fuzz_file_close(fuzz_file *f)
{
	close(f->fd);
}

/*
 * The end of one input: the certificate parse cache (a process-wide memo
 * for captures that repeat the same chains) is emptied, so that every input
 * runs from the same state (a finding replays on its own) and frees all it
 * allocated (libFuzzer runs an input again, under LeakSanitizer, whenever
 * its mallocs and frees differ in number).
 */
static inline void fuzz_input_done(void)
{
	tv_cert_cache_free();
}

/* ---- a connection decoded from a feed script ------------------------------
 */

/*
 * Script format (the tls_decoder and writers harnesses):
 *   byte 0: limits: bit 0 a 300-byte handshake message limit, bit 1 at
 *           most 8 messages
 *   then chunks: op (bit 0 the side; bits 1-2: 0, 1 feed, 2 gap, 3 close;
 *           bits 3-7: a feed is repeated that many more times, so that
 *           small inputs reach the limits of 64 KB and more), a 2-byte
 *           length, and for a feed that many bytes (or what is left).  A
 *           gap's length is its byte count.
 * Every chunk advances the clock by one millisecond.
 */
#define FUZZ_OP_GAP   2
#define FUZZ_OP_CLOSE 3

/* The same with session secrets (kl may be NULL): fuzz_decrypt. */
static inline tv_conn *fuzz_decode_script_secrets(const uint8_t *data,
						  size_t size,
						  const tv_keylog *kl)
{
	tls_decoder_limits lim = {0, 0};
	tv_cur_err err;
	tv_cur c;
	tls_decoder *d;
	tv_conn *conn = tv_conn_new();
	int64_t ts = 1600000000000000LL;
	uint8_t flags;

	cur_init(&c, data, size, 0, &err);
	flags = cur_u8(&c, "flags");
	if (flags & 1)
		lim.max_handshake_msg = 300;
	if (flags & 2)
		lim.max_messages = 8;
	strcpy(conn->client.ip, "192.0.2.1");
	conn->client.port = 40000;
	strcpy(conn->server.ip, "2001:db8::1");
	conn->server.port = 443;
	conn->start_us = conn->end_us = ts;
	d = tls_decoder_new(conn, &lim);
	if (kl)
		tls_decoder_set_secrets(d, kl, NULL);
	while (cur_left(&c) >= 3) {
		uint8_t op = cur_u8(&c, "op");
		size_t len = cur_u16(&c, "length");
		int side = op & 1;

		ts += 1000;
		switch ((op >> 1) & 3) {
		case FUZZ_OP_GAP:
			tls_decoder_gap(d, side, len, ts);
			break;
		case FUZZ_OP_CLOSE:
			tls_decoder_close(d, side, ts);
			break;
		default: {
			const uint8_t *p;

			if (len > cur_left(&c))
				len = cur_left(&c);
			p = cur_bytes(&c, len, "data");
			for (int k = 0; k <= op >> 3; k++)
				tls_decoder_feed(d, side, p, len, ts);
			break;
		}
		}
	}
	tls_decoder_finish(d, "the fuzz input ended");
	tls_decoder_free(d);
	conn->id = 1;
	return conn;
}

static inline tv_conn *fuzz_decode_script(const uint8_t *data, size_t size)
{
	return fuzz_decode_script_secrets(data, size, NULL);
}

/* ---- checks on the writers' output -------------------------------------- */

/* The checks are not what is fuzzed: no coverage feedback from them (nor
 * from their inlined copies, hence noinline). */
#if defined(__clang__) && __clang_major__ >= 13
#define FUZZ_NOCOV __attribute__((no_sanitize("coverage"), noinline))
#else
#define FUZZ_NOCOV
#endif

#define FUZZ_CHECK(cond, what, buf)                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz check failed: %s\n%.*s\n", what, \
				(int)(buf)->len, (buf)->p);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* One UTF-8 code point (RFC 3629); false when ill-formed. */
FUZZ_NOCOV static inline bool fuzz_utf8_next(const uint8_t *p, size_t n,
					     size_t *i, uint32_t *cp)
{
	uint8_t b = p[*i];
	size_t len = b < 0x80	? 1
		     : b < 0xc2 ? 0
		     : b < 0xe0 ? 2
		     : b < 0xf0 ? 3
		     : b < 0xf5 ? 4
				: 0;
	uint32_t v = len == 1	? b
		     : len == 2 ? b & 0x1fu
		     : len == 3 ? b & 0x0fu
				: b & 0x07u;

	if (!len || *i + len > n)
		return false;
	for (size_t k = 1; k < len; k++) {
		if ((p[*i + k] & 0xc0) != 0x80)
			return false;
		v = v << 6 | (p[*i + k] & 0x3fu);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return false;
	*i += len;
	*cp = v;
	return true;
}

/* Never raw in any output: controls (C0 but the newline, DEL, C1) and the
 * line separators, bidi embeddings, overrides and isolates. */
FUZZ_NOCOV static inline bool fuzz_cp_dangerous(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp <= 0x9f) ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
	       cp == 0x061c;
}

FUZZ_NOCOV static inline void fuzz_check_text(const tv_buf *b)
{
	const uint8_t *p = (const uint8_t *)b->p;
	size_t i = 0;

	while (i < b->len) {
		uint32_t cp;

		if ((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\n') {
			i++;
			continue;
		}
		FUZZ_CHECK(fuzz_utf8_next(p, b->len, &i, &cp),
			   "text output is not valid UTF-8", b);
		FUZZ_CHECK(!fuzz_cp_dangerous(cp),
			   "text output holds a raw control character", b);
	}
}

/* A small JSON validator (RFC 8259), depth-bounded. */
typedef struct fuzz_json {
	const uint8_t *p;
	size_t n, i;
} fuzz_json;

FUZZ_NOCOV static inline void fuzz_json_ws(fuzz_json *j)
{
	while (j->i < j->n && (j->p[j->i] == ' ' || j->p[j->i] == '\t' ||
			       j->p[j->i] == '\r' || j->p[j->i] == '\n'))
		j->i++;
}

FUZZ_NOCOV static inline bool fuzz_json_lit(fuzz_json *j, const char *s)
{
	size_t k = strlen(s);

	if (j->n - j->i < k || memcmp(j->p + j->i, s, k) != 0)
		return false;
	j->i += k;
	return true;
}

FUZZ_NOCOV static inline bool fuzz_json_string(fuzz_json *j)
{
	if (j->i >= j->n || j->p[j->i] != '"')
		return false;
	j->i++;
	while (j->i < j->n) {
		uint32_t cp;

		if (j->p[j->i] == '"') {
			j->i++;
			return true;
		}
		if (j->p[j->i] == '\\') {
			const char *esc = "\"\\/bfnrt";

			if (++j->i >= j->n)
				return false;
			if (j->p[j->i] == 'u') {
				if (j->n - j->i < 5)
					return false;
				for (int k = 1; k <= 4; k++)
					if (!strchr("0123456789abcdefABCDEF",
						    j->p[j->i + k]) ||
					    !j->p[j->i + k])
						return false;
				j->i += 5;
			} else if (j->p[j->i] && strchr(esc, j->p[j->i])) {
				j->i++;
			} else {
				return false;
			}
			continue;
		}
		if (!fuzz_utf8_next(j->p, j->n, &j->i, &cp) || cp < 0x20 ||
		    fuzz_cp_dangerous(cp))
			return false;
	}
	return false;
}

FUZZ_NOCOV static inline bool fuzz_json_number(fuzz_json *j)
{
	size_t start = j->i;

	if (j->i < j->n && j->p[j->i] == '-')
		j->i++;
	if (j->i >= j->n || j->p[j->i] < '0' || j->p[j->i] > '9')
		return false;
	if (j->p[j->i] == '0')
		j->i++;
	else
		while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
			j->i++;
	if (j->i < j->n && j->p[j->i] == '.') {
		j->i++;
		if (j->i >= j->n || j->p[j->i] < '0' || j->p[j->i] > '9')
			return false;
		while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9')
			j->i++;
	}
	return j->i > start;
}

FUZZ_NOCOV static inline bool fuzz_json_value(fuzz_json *j, int depth)
{
	uint8_t ch;

	if (depth > 64)
		return false;
	fuzz_json_ws(j);
	if (j->i >= j->n)
		return false;
	ch = j->p[j->i];
	if (ch == '"')
		return fuzz_json_string(j);
	if (ch == '{' || ch == '[') {
		uint8_t close = ch == '{' ? '}' : ']';

		j->i++;
		fuzz_json_ws(j);
		if (j->i < j->n && j->p[j->i] == close) {
			j->i++;
			return true;
		}
		for (;;) {
			if (ch == '{') {
				fuzz_json_ws(j);
				if (!fuzz_json_string(j))
					return false;
				fuzz_json_ws(j);
				if (j->i >= j->n || j->p[j->i++] != ':')
					return false;
			}
			if (!fuzz_json_value(j, depth + 1))
				return false;
			fuzz_json_ws(j);
			if (j->i >= j->n)
				return false;
			if (j->p[j->i] == close) {
				j->i++;
				return true;
			}
			if (j->p[j->i++] != ',')
				return false;
		}
	}
	if (fuzz_json_lit(j, "true") || fuzz_json_lit(j, "false") ||
	    fuzz_json_lit(j, "null"))
		return true;
	return fuzz_json_number(j);
}

/* One JSON document per line (JSON Lines), each line one object. */
FUZZ_NOCOV static inline void fuzz_check_json_lines(const tv_buf *b)
{
	fuzz_json j = {(const uint8_t *)b->p, b->len, 0};

	FUZZ_CHECK(b->len > 0 && b->p[b->len - 1] == '\n',
		   "JSON output does not end with a newline", b);
	while (j.i < j.n) {
		const uint8_t *nl = memchr(j.p + j.i, '\n', j.n - j.i);
		fuzz_json line = {j.p, (size_t)(nl - j.p), j.i};

		FUZZ_CHECK(line.i < line.n && line.p[line.i] == '{',
			   "JSON line is not an object", b);
		FUZZ_CHECK(fuzz_json_value(&line, 0) && line.i == line.n,
			   "JSON output is not valid JSON", b);
		j.i = line.n + 1;
	}
}

#endif
