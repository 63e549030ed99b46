#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

void tv_buf_init(tv_buf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

void tv_buf_free(tv_buf *b)
{
	free(b->p);
	tv_buf_init(b);
}

void tv_buf_reset(tv_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

static void tv_buf_grow(tv_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	b->p = tv_xrealloc(b->p, cap);
	b->cap = cap;
}

void tv_buf_add(tv_buf *b, const void *p, size_t n)
{
	tv_buf_grow(b, n);
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void tv_buf_adds(tv_buf *b, const char *s) { tv_buf_add(b, s, strlen(s)); }

void tv_buf_addc_slow(tv_buf *b, char c)
{
	tv_buf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void tv_buf_addn(tv_buf *b, char c, size_t n)
{
	tv_buf_grow(b, n);
	memset(b->p + b->len, c, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Room for what most calls print (a number, a short name), so that they
 * format once, in place; a longer result is formatted again. */
#define PRINTF_ROOM 64

void tv_buf_vprintf(tv_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room;
	int n;

	tv_buf_grow(b, PRINTF_ROOM);
	room = b->cap - b->len;
	va_copy(ap2, ap);
	n = vsnprintf(b->p + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->p[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		tv_buf_grow(b, (size_t)n);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void tv_buf_printf(tv_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tv_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void tv_buf_hex(tv_buf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	tv_buf_grow(b, 2 * n);
	for (size_t i = 0; i < n; i++) {
		b->p[b->len++] = digits[p[i] >> 4];
		b->p[b->len++] = digits[p[i] & 15];
	}
	b->p[b->len] = '\0';
}

const char *tv_buf_str(tv_buf *b)
{
	if (!b->p)
		tv_buf_grow(b, 0);
	b->p[b->len] = '\0';
	return b->p;
}

int tv_buf_flush(tv_buf *b, FILE *f)
{
	int rc = 0;

	if (b->len && fwrite(b->p, 1, b->len, f) != b->len)
		rc = -1;
	tv_buf_reset(b);
	return rc;
}
