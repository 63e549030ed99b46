/* The bounded cursor: reads succeed exactly within bounds, errors are
 * sticky and name the field and the offset, vectors close exactly. */
#include "tap.h"
#include "util/cursor.h"

static void test_reads(void)
{
	static const uint8_t b[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	tv_cur_err e;
	tv_cur c;

	cur_init(&c, b, sizeof b, 100, &e);
	is_int(cur_u8(&c, "a"), 1, "u8 reads the first byte");
	is_int(cur_u16(&c, "b"), 0x0203, "u16 is big-endian");
	is_int(cur_u24(&c, "c"), 0x040506, "u24 is big-endian");
	is_int(cur_off(&c), 106, "offset counts from the base");
	is_int(cur_u32(&c, "d"), 0x0708090a, "u32 is big-endian");
	is_int(cur_left(&c), 1, "one byte left");
	ok(cur_ok(&c), "no error after reads in bounds");
	is_int(cur_u16(&c, "e"), 0, "a read past the end returns 0");
	ok(!cur_ok(&c), "and sets the error");
	is_int(e.status, TV_MALFORMED, "the error is 'malformed'");
	is_int(e.offset, 110, "the error names the offset of the failed read");
	is_str(e.what, "e: needs 2 bytes, 1 left", "the error names the field");
	is_int(cur_u8(&c, "f"), 0, "errors are sticky: later reads fail too");
	is_str(e.what, "e: needs 2 bytes, 1 left", "the first error is kept");
}

static void test_vectors(void)
{
	/* vec16 of 3 bytes holding a vec8 of 2 bytes; then trailing 0xff */
	static const uint8_t b[] = { 0, 3, 2, 0xaa, 0xbb, 0xff };
	tv_cur_err e;
	tv_cur c, v, w;

	cur_init(&c, b, sizeof b, 4, &e);
	v = cur_vec16(&c, "outer");
	is_int(cur_left(&v), 3, "vec16 opens a window of its length");
	is_int(cur_off(&v), 6, "the window knows its offset");
	w = cur_vec8(&v, "inner");
	is_int(cur_left(&w), 2, "nested vec8");
	ok(cur_bytes(&w, 2, "data") != NULL, "reading the whole inner window");
	ok(cur_close(&w, "inner"), "inner closes exactly");
	ok(cur_close(&v, "outer"), "outer closes exactly");
	is_int(cur_left(&c), 1, "the parent moved past the vector");
	is_int(cur_u8(&v, "beyond"), 0, "a closed window cannot read its parent's bytes");
	ok(!cur_ok(&c), "reading past a window fails the shared error");
}

static void test_bad_lengths(void)
{
	static const uint8_t b[] = { 0, 9, 1, 2 };
	static const uint8_t t[] = { 1, 7, 8 };
	tv_cur_err e;
	tv_cur c, v;

	cur_init(&c, b, sizeof b, 0, &e);
	v = cur_vec16(&c, "client_hello.cipher_suites");
	is_int(cur_left(&v), 0, "an over-long vector opens an empty window");
	is_str(e.what, "client_hello.cipher_suites: length 9 exceeds remaining 2",
	       "and the error says which length exceeded what");
	is_int(e.offset, 2, "at the offset after the length prefix");

	cur_init(&c, t, sizeof t, 0, &e);
	v = cur_vec8(&c, "v");
	ok(!cur_close(&v, "v") && !cur_ok(&c), "unread bytes in a vector are malformed");
	is_str(e.what, "v: 1 unexpected trailing bytes", "trailing bytes are named");

	cur_init(&c, t, 0, 0, &e);
	ok(cur_bytes(&c, 0, "nothing") != NULL || cur_ok(&c), "reading 0 bytes of nothing is fine");
	ok(cur_bytes(&c, 1, "x") == NULL && !cur_ok(&c), "reading 1 byte of nothing fails");
}

/* Each fixed-width read over every length from 0 to 9 bytes: it reads
 * big-endian when the bytes are there, else fails naming the width and
 * what was left, at the offset of the read, and consumes nothing. */
static void test_widths(void)
{
	static const uint8_t b[] = { 0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7,
				     0xf8, 0x09 };
	static const struct {
		size_t w;
		uint64_t want;
	} r[] = {
		{ 1, 0x81 },
		{ 2, 0x8192 },
		{ 3, 0x8192a3 },
		{ 4, 0x8192a3b4 },
		{ 8, 0x8192a3b4c5d6e7f8ULL },
	};
	int bad = 0;

	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
		for (size_t len = 0; len <= sizeof b; len++) {
			char want[64];
			tv_cur_err e;
			tv_cur c;
			uint64_t v;

			cur_init(&c, b, len, 40, &e);
			switch (r[i].w) {
			case 1: v = cur_u8(&c, "f"); break;
			case 2: v = cur_u16(&c, "f"); break;
			case 3: v = cur_u24(&c, "f"); break;
			case 4: v = cur_u32(&c, "f"); break;
			default: v = cur_u64(&c, "f"); break;
			}
			snprintf(want, sizeof want, "f: needs %zu bytes, %zu left",
				 r[i].w, len);
			if (len >= r[i].w ? v != r[i].want || !cur_ok(&c) ||
						cur_left(&c) != len - r[i].w
					  : v != 0 || cur_ok(&c) ||
						e.offset != 40 ||
						strcmp(e.what, want)) {
				diag("width %zu over %zu bytes: got %llx, '%s'",
				     r[i].w, len, (unsigned long long)v, e.what);
				bad = 1;
			}
		}
	}
	ok(!bad, "u8, u16, u24, u32, u64 read big-endian within bounds and "
		 "fail with width, bytes left and offset past them");
}

static void test_skip_and_vec24(void)
{
	static const uint8_t b[] = { 0, 0, 2, 0xaa, 0xbb, 0xcc };
	tv_cur_err e;
	tv_cur c, v;

	cur_init(&c, b, sizeof b, 0, &e);
	v = cur_vec24(&c, "v24");
	is_int(cur_left(&v), 2, "vec24 reads a 3-byte length");
	ok(cur_skip(&v, 2, "body") && cur_close(&v, "v24"),
	   "skipping the body closes it exactly");
	ok(cur_skip(&c, 1, "tail") && cur_left(&c) == 0, "skip moves on");
	ok(!cur_skip(&c, 1, "more") && !cur_ok(&c), "skipping past the end fails");
	is_str(e.what, "more: needs 1 bytes, 0 left", "and says so");
	ok(cur_skip(&c, 0, "none"), "skipping 0 bytes succeeds even after an "
				    "error");
	is_str(e.what, "more: needs 1 bytes, 0 left", "the first error stays");
}

/* (NULL, 0) is an empty window, e.g. an IP datagram whose first
 * fragment never came (fuzz finding: pointer arithmetic from NULL). */
static void test_null_window(void)
{
	tv_cur_err e;
	tv_cur c;

	cur_init(&c, NULL, 0, 7, &e);
	is_int(cur_left(&c), 0, "a NULL window holds nothing");
	is_int(cur_off(&c), 7, "its offset is the base");
	ok(cur_skip(&c, 0, "nothing") && cur_ok(&c), "skipping 0 bytes of it is fine");
	ok(cur_bytes(&c, 0, "nothing") != NULL, "0 bytes of it have an address, not NULL");
	is_int(cur_u16(&c, "tcp source port"), 0, "a read from it returns 0");
	is_str(e.what, "tcp source port: needs 2 bytes, 0 left", "and fails naming the field");
}

int main(void)
{
	test_null_window();
	test_widths();
	test_skip_and_vec24();
	test_reads();
	test_vectors();
	test_bad_lengths();
	return done_testing();
}
