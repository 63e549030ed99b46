/*
 * Per-connection arena: parse results live here and are freed at once when
 * the connection is released.  Allocation never fails (out of memory ends
 * the program with a message, like git's xmalloc); limits on what is kept
 * are enforced by the callers (message sizes, chain length).
 */
#ifndef TV_ARENA_H
#define TV_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct tv_arena_chunk tv_arena_chunk;

typedef struct tv_arena {
	tv_arena_chunk *head;
	size_t used_total; /* bytes handed out, for limits and statistics */
} tv_arena;

void tv_arena_init(tv_arena *a);
void tv_arena_free(tv_arena *a);
/* n zeroed bytes, aligned for any type. */
void *tv_arena_alloc(tv_arena *a, size_t n);
void *tv_arena_memdup(tv_arena *a, const void *p, size_t n);
/* NUL-terminated copy of n bytes (the bytes may themselves hold NULs). */
char *tv_arena_strndup(tv_arena *a, const char *s, size_t n);
char *tv_arena_strdup(tv_arena *a, const char *s);
char *tv_arena_printf(tv_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Process-wide allocation helpers that end the program on exhaustion. */
void *tv_xmalloc(size_t n);
void *tv_xcalloc(size_t n, size_t size);
void *tv_xrealloc(void *p, size_t n);

#endif
