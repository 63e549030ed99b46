/*
 * A bounded memo table: values computed from a byte string (the key), each
 * kept in an arena of its own and found again by an exact comparison of
 * the key (the hash only picks the bucket, so a collision can never return
 * another key's value).  At most max_entries entries and about max_bytes
 * of keys and values are kept; the least recently used goes first, so
 * memory stays flat whatever the input.  Single-threaded.
 */
#ifndef TV_MEMO_H
#define TV_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct tv_memo tv_memo;

tv_memo *tv_memo_new(size_t max_entries, size_t max_bytes);
void tv_memo_free(tv_memo *m);

/* The value stored under key, or NULL; a hit becomes the most recent. */
void *tv_memo_get(tv_memo *m, const void *key, size_t n);

/*
 * Store value under key, replacing any entry of that key.  The memo takes
 * a (its contents: value and everything it points to live there) and
 * frees it when the entry goes; *a is left empty.  An entry larger than a
 * quarter of max_bytes is not kept (a is freed all the same).
 */
void tv_memo_put(tv_memo *m, const void *key, size_t n, tv_arena *a,
		 void *value);

/* What the memo holds, and how lookups went (for tests and profiles). */
typedef struct tv_memo_stats {
	size_t entries, bytes;
	uint64_t hits, misses, evictions;
} tv_memo_stats;

tv_memo_stats tv_memo_get_stats(const tv_memo *m);

#endif
