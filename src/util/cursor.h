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

uint8_t cur_u8(tv_cur *c, const char *what);
uint16_t cur_u16(tv_cur *c, const char *what);
uint32_t cur_u24(tv_cur *c, const char *what);
uint32_t cur_u32(tv_cur *c, const char *what);
uint64_t cur_u64(tv_cur *c, const char *what);
/* n bytes, or NULL (and the error) when fewer are left. */
const uint8_t *cur_bytes(tv_cur *c, size_t n, const char *what);
bool cur_skip(tv_cur *c, size_t n, const char *what);
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
