/*
 * The bounded cursor: the only way tlsview reads untrusted bytes.
 *
 * A cursor is a window [p, end) over a buffer plus the offset of p within
 * the enclosing message, so every decoded field knows its byte range.
 * Every read either succeeds or puts the cursor into a sticky error state
 * (shared with every sub-cursor opened from it) that records the offset,
 * the status and what was expected.  After an error every read returns 0 /
 * NULL / an empty window, so parsers are straight-line code that check
 * cur_ok() once at the end (picotls's decode blocks, tcpdump's GET_ macros).
 */
#ifndef TV_CURSOR_H
#define TV_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

typedef struct tv_cur_err {
	tv_status status; /* TV_OK while nothing failed */
	size_t offset;    /* where the failing read started */
	char what[160];   /* "client_hello.cipher_suites: length 260 exceeds remaining 12" */
} tv_cur_err;

typedef struct tv_cur {
	const uint8_t *p;
	const uint8_t *end;
	const uint8_t *origin; /* the byte at offset `base` */
	size_t base;
	tv_cur_err *err;
} tv_cur;

/* Open a cursor over len bytes; base is the offset of p[0] in the message. */
void cur_init(tv_cur *c, const uint8_t *p, size_t len, size_t base,
	      tv_cur_err *err);

static inline size_t cur_left(const tv_cur *c) { return (size_t)(c->end - c->p); }
static inline bool cur_ok(const tv_cur *c) { return c->err->status == TV_OK; }
/* Offset of the next byte within the message. */
static inline size_t cur_off(const tv_cur *c)
{
	return c->base + (size_t)(c->p - c->origin);
}

/*
 * The fixed-width reads are inline: they run for every header field of
 * every packet and record.  cur_need() is the bounds check; its failure
 * path, cur_need_fail(), sets the error (unless one is already set) and
 * returns false.
 */
bool cur_need_fail(tv_cur *c, size_t n, const char *what);

static inline bool cur_need(tv_cur *c, size_t n, const char *what)
{
	if (cur_ok(c) && cur_left(c) >= n)
		return true;
	return cur_need_fail(c, n, what);
}

static inline uint8_t cur_u8(tv_cur *c, const char *what)
{
	uint8_t v;

	if (!cur_need(c, 1, what))
		return 0;
	v = c->p[0];
	c->p += 1;
	return v;
}

static inline uint16_t cur_u16(tv_cur *c, const char *what)
{
	uint16_t v;

	if (!cur_need(c, 2, what))
		return 0;
	v = (uint16_t)(c->p[0] << 8 | c->p[1]);
	c->p += 2;
	return v;
}

static inline uint32_t cur_u24(tv_cur *c, const char *what)
{
	uint32_t v;

	if (!cur_need(c, 3, what))
		return 0;
	v = (uint32_t)c->p[0] << 16 | (uint32_t)c->p[1] << 8 | c->p[2];
	c->p += 3;
	return v;
}

static inline uint32_t cur_u32(tv_cur *c, const char *what)
{
	uint32_t v;

	if (!cur_need(c, 4, what))
		return 0;
	v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	    (uint32_t)c->p[2] << 8 | c->p[3];
	c->p += 4;
	return v;
}

static inline uint64_t cur_u64(tv_cur *c, const char *what)
{
	uint64_t v = 0;

	if (!cur_need(c, 8, what))
		return 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | c->p[i];
	c->p += 8;
	return v;
}

/* n bytes, or NULL (and the error) when fewer are left. */
static inline const uint8_t *cur_bytes(tv_cur *c, size_t n, const char *what)
{
	const uint8_t *p;

	if (!cur_need(c, n, what))
		return NULL;
	p = c->p;
	c->p += n;
	return p;
}

static inline bool cur_skip(tv_cur *c, size_t n, const char *what)
{
	return cur_bytes(c, n, what) != NULL || n == 0;
}
/* A sub-window of exactly n bytes; the parent moves past it. */
tv_cur cur_sub(tv_cur *c, size_t n, const char *what);
/* Length-prefixed vectors: read a 1/2/3-byte length, open a window of it. */
tv_cur cur_vec8(tv_cur *c, const char *what);
tv_cur cur_vec16(tv_cur *c, const char *what);
tv_cur cur_vec24(tv_cur *c, const char *what);
/* The rest of the window as a sub-window. */
tv_cur cur_rest(tv_cur *c);
/* A vector must be consumed exactly: trailing bytes are malformed. */
bool cur_close(tv_cur *sub, const char *what);
/* Put the cursor into the error state (first error wins). */
void cur_fail(tv_cur *c, tv_status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
