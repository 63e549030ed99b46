#include "util/memo.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/hash.h"

#define NONE (-1)

typedef struct entry {
	uint64_t hash;
	const uint8_t *key; /* in arena */
	size_t n, bytes;
	tv_arena arena;
	void *value;
	int hnext;	  /* bucket chain, or the free list */
	int older, newer; /* the LRU list */
} entry;

struct tv_memo {
	entry *e;
	size_t cap, used, bytes, max_bytes;
	int *buckets;
	size_t mask;
	int newest, oldest, free_list;
	uint64_t seed;
	uint64_t hits, misses, evictions;
};

tv_memo *tv_memo_new(size_t max_entries, size_t max_bytes)
{
	tv_memo *m = tv_xcalloc(1, sizeof *m);
	size_t nb = 16;

	m->cap = max_entries ? max_entries : 1;
	m->max_bytes = max_bytes;
	m->e = tv_xcalloc(m->cap, sizeof *m->e);
	while (nb < 2 * m->cap)
		nb *= 2;
	m->buckets = tv_xmalloc(nb * sizeof *m->buckets);
	for (size_t i = 0; i < nb; i++)
		m->buckets[i] = NONE;
	m->mask = nb - 1;
	m->newest = m->oldest = NONE;
	for (size_t i = 0; i < m->cap; i++)
		m->e[i].hnext = i + 1 < m->cap ? (int)i + 1 : NONE;
	m->free_list = 0;
	/* Seeded per table so crafted input cannot pick colliding keys in
	 * advance (a collision costs time, never a wrong value). */
	m->seed = ((uint64_t)(uintptr_t)m ^ (uint64_t)time(NULL)) *
		  0x9e3779b97f4a7c15ULL;
	return m;
}

void tv_memo_free(tv_memo *m)
{
	if (!m)
		return;
	for (int i = m->newest; i != NONE; i = m->e[i].older)
		tv_arena_free(&m->e[i].arena);
	free(m->e);
	free(m->buckets);
	free(m);
}

/* A word at a time: keys are certificates and chains, kilobytes long. */
static uint64_t key_hash(uint64_t seed, const uint8_t *p, size_t n)
{
	uint64_t h = seed ^ n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, p + i, n - i);
	return tv_mix64(h ^ w);
}

static int *bucket(tv_memo *m, uint64_t h)
{
	return &m->buckets[h & m->mask];
}

static void lru_unlink(tv_memo *m, int i)
{
	entry *x = &m->e[i];

	if (x->newer != NONE)
		m->e[x->newer].older = x->older;
	else
		m->newest = x->older;
	if (x->older != NONE)
		m->e[x->older].newer = x->newer;
	else
		m->oldest = x->newer;
}

static void lru_push(tv_memo *m, int i)
{
	m->e[i].older = m->newest;
	m->e[i].newer = NONE;
	if (m->newest != NONE)
		m->e[m->newest].newer = i;
	m->newest = i;
	if (m->oldest == NONE)
		m->oldest = i;
}

static int find(tv_memo *m, uint64_t h, const void *key, size_t n)
{
	for (int i = *bucket(m, h); i != NONE; i = m->e[i].hnext) {
		const entry *x = &m->e[i];

		if (x->hash == h && x->n == n && !memcmp(x->key, key, n))
			return i;
	}
	return NONE;
}

static void drop(tv_memo *m, int i)
{
	entry *x = &m->e[i];
	int *p = bucket(m, x->hash);

	while (*p != i)
		p = &m->e[*p].hnext;
	*p = x->hnext;
	lru_unlink(m, i);
	tv_arena_free(&x->arena);
	m->bytes -= x->bytes;
	m->used--;
	memset(x, 0, sizeof *x);
	x->hnext = m->free_list;
	m->free_list = i;
}

void *tv_memo_get(tv_memo *m, const void *key, size_t n)
{
	int i = find(m, key_hash(m->seed, key, n), key, n);

	if (i == NONE) {
		m->misses++;
		return NULL;
	}
	m->hits++;
	lru_unlink(m, i);
	lru_push(m, i);
	return m->e[i].value;
}

void tv_memo_put(tv_memo *m, const void *key, size_t n, tv_arena *a,
		 void *value)
{
	uint64_t h = key_hash(m->seed, key, n);
	int i = find(m, h, key, n);
	size_t bytes = a->used_total + n;
	entry *x;

	if (i != NONE)
		drop(m, i);
	if (bytes > m->max_bytes / 4) {
		tv_arena_free(a);
		return;
	}
	while (m->used &&
	       (m->used == m->cap || m->bytes + bytes > m->max_bytes)) {
		drop(m, m->oldest);
		m->evictions++;
	}
	i = m->free_list;
	x = &m->e[i];
	m->free_list = x->hnext;
	x->hash = h;
	x->n = n;
	x->arena = *a;
	tv_arena_init(a);
	x->key = n ? tv_arena_memdup(&x->arena, key, n) : (const uint8_t *)"";
	x->bytes = bytes;
	x->value = value;
	x->hnext = *bucket(m, h);
	*bucket(m, h) = i;
	lru_push(m, i);
	m->used++;
	m->bytes += bytes;
}

tv_memo_stats tv_memo_get_stats(const tv_memo *m)
{
	return (tv_memo_stats){m->used, m->bytes, m->hits, m->misses,
			       m->evictions};
}
