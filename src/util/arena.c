#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 4000
#define ARENA_ALIGN 16

struct tv_arena_chunk {
	tv_arena_chunk *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

static void tv_oom(size_t n)
{
	fprintf(stderr, "tlsview: out of memory allocating %zu bytes\n", n);
	abort();
}

void *tv_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		tv_oom(n);
	return p;
}

void *tv_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		tv_oom(n * size);
	return p;
}

void *tv_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		tv_oom(n);
	return q;
}

void tv_arena_init(tv_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void tv_arena_free(tv_arena *a)
{
	tv_arena_chunk *c = a->head;

	while (c) {
		tv_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

void *tv_arena_alloc(tv_arena *a, size_t n)
{
	tv_arena_chunk *c = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (need < n)
		tv_oom(n);
	if (!c || c->size - c->used < need) {
		size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;

		c = tv_xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		/* A large block goes behind the current chunk so the
		 * current one keeps serving small allocations. */
		if (size > ARENA_CHUNK && a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->data + c->used;
	c->used += need;
	a->used_total += need;
	memset(p, 0, n);
	return p;
}

void *tv_arena_memdup(tv_arena *a, const void *p, size_t n)
{
	void *q = tv_arena_alloc(a, n);

	if (n)
		memcpy(q, p, n);
	return q;
}

char *tv_arena_strndup(tv_arena *a, const char *s, size_t n)
{
	char *q = tv_arena_alloc(a, n + 1);

	if (n)
		memcpy(q, s, n);
	q[n] = '\0';
	return q;
}

char *tv_arena_strdup(tv_arena *a, const char *s)
{
	return tv_arena_strndup(a, s, strlen(s));
}

char *tv_arena_printf(tv_arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *q, probe[1];

	va_start(ap, fmt);
	n = vsnprintf(probe, sizeof probe, fmt, ap);
	va_end(ap);
	if (n < 0)
		return tv_arena_strdup(a, "");
	q = tv_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(q, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return q;
}
