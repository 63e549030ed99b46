/* The memo table: a value comes back only for the exact key it was stored
 * under (keys that differ in one byte, or are prefixes of each other, are
 * different), a put replaces the entry of its key, the least recently
 * used entry goes first when the entry or byte bound is reached, and an
 * entry too large is not kept. */
#include <stdlib.h>

#include "tap.h"
#include "util/memo.h"

/* Store the number v under key (its own arena). */
static void put(tv_memo *m, const char *key, size_t n, int v)
{
	tv_arena a;
	int *p;

	tv_arena_init(&a);
	p = tv_arena_alloc(&a, sizeof *p);
	*p = v;
	tv_memo_put(m, key, n, &a, p);
	ok(a.head == NULL, "put %d: the memo takes the arena", v);
}

static int get(tv_memo *m, const char *key, size_t n)
{
	const int *p = tv_memo_get(m, key, n);

	return p ? *p : -1;
}

static void test_exact_keys(void)
{
	tv_memo *m = tv_memo_new(8, 1 << 20);
	char big[3000];

	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	put(m, "abc", 3, 1);
	put(m, "abd", 3, 2);
	put(m, "", 0, 3);
	put(m, big, sizeof big, 4);
	is_int(get(m, "abc", 3), 1, "abc: its value");
	is_int(get(m, "abd", 3), 2, "abd (one byte off): its own value");
	is_int(get(m, "ab", 2), -1, "ab (a prefix): nothing");
	is_int(get(m, "abcd", 4), -1, "abcd (longer): nothing");
	is_int(get(m, "", 0), 3, "the empty key: its value");
	is_int(get(m, big, sizeof big), 4, "a 3000-byte key: its value");
	big[2999] ^= 1;
	is_int(get(m, big, sizeof big), -1, "its last byte changed: nothing");
	put(m, "abc", 3, 5);
	is_int(get(m, "abc", 3), 5, "a second put replaces the value");
	is_int(tv_memo_get_stats(m).entries, 4, "four entries kept");
	tv_memo_free(m);
}

static void test_bounds(void)
{
	tv_memo *m = tv_memo_new(3, 1 << 20);
	tv_memo_stats st;
	tv_arena a;

	put(m, "a", 1, 1);
	put(m, "b", 1, 2);
	put(m, "c", 1, 3);
	is_int(get(m, "a", 1), 1, "a used again: the most recent");
	put(m, "d", 1, 4);
	is_int(get(m, "b", 1), -1, "the fourth entry evicts b, the oldest");
	is_int(get(m, "a", 1), 1, "a stays");
	is_int(get(m, "c", 1), 3, "c stays");
	is_int(get(m, "d", 1), 4, "d is kept");
	st = tv_memo_get_stats(m);
	is_int(st.entries, 3, "three entries at most");
	is_int(st.evictions, 1, "one eviction");
	tv_memo_free(m);

	/* bytes: 64 KB, so an entry over 16 KB is not kept, and entries of
	 * about 10 KB fit six at a time */
	m = tv_memo_new(100, 64 << 10);
	tv_arena_init(&a);
	tv_arena_alloc(&a, 20 << 10);
	tv_memo_put(m, "huge", 4, &a, NULL);
	ok(a.head == NULL, "an entry too large: its arena is freed");
	is_int(tv_memo_get_stats(m).entries, 0,
	       "an entry too large is dropped");
	for (int i = 0; i < 20; i++) {
		char key[8] = {'k', (char)i};

		tv_arena_init(&a);
		tv_arena_alloc(&a, 10 << 10);
		tv_memo_put(m, key, 2, &a, NULL);
	}
	st = tv_memo_get_stats(m);
	ok(st.bytes <= 64 << 10 && st.entries >= 4 && st.entries <= 6,
	   "20 entries of 10 KB in 64 KB: %zu kept, %zu bytes", st.entries,
	   st.bytes);
	tv_memo_free(m);
}

int main(void)
{
	test_exact_keys();
	test_bounds();
	return done_testing();
}
