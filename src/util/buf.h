/* A growable byte buffer for building output (writers append, main flushes). */
#ifndef TV_BUF_H
#define TV_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct tv_buf {
	char *p;
	size_t len, cap;
} tv_buf;

void tv_buf_init(tv_buf *b);
void tv_buf_free(tv_buf *b);
void tv_buf_reset(tv_buf *b);
void tv_buf_add(tv_buf *b, const void *p, size_t n);
void tv_buf_adds(tv_buf *b, const char *s);
void tv_buf_addc_slow(tv_buf *b, char c);
/* One byte: the writers' most frequent call, inline while there is room. */
static inline void tv_buf_addc(tv_buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->p[b->len++] = c;
		b->p[b->len] = '\0';
	} else {
		tv_buf_addc_slow(b, c);
	}
}
/* n copies of the byte c (padding). */
void tv_buf_addn(tv_buf *b, char c, size_t n);
void tv_buf_printf(tv_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tv_buf_vprintf(tv_buf *b, const char *fmt, va_list ap);
void tv_buf_hex(tv_buf *b, const uint8_t *p, size_t n); /* lower-case */
/* NUL-terminated view (the buffer keeps a NUL after len). */
const char *tv_buf_str(tv_buf *b);
/* Write everything to f and reset; returns 0 or -1 on a write error. */
int tv_buf_flush(tv_buf *b, FILE *f);

#endif
