/* The output buffer: printf appends exactly what snprintf would make,
 * whatever room is left before the buffer must grow; bytes, characters
 * and hex append exactly and keep a NUL after the end. */
#include <stdbool.h>
#include <stdlib.h>

#include "tap.h"
#include "util/buf.h"

/* A string of n letters. */
static char *letters(size_t n)
{
	char *s = malloc(n + 1);

	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = '\0';
	return s;
}

/* Every length 0..300 after every prefix 0..300: crosses each growth
 * boundary with the formatted text starting before and after it. */
static void test_printf_lengths(void)
{
	char *pre = letters(300), *arg = letters(300);
	char want[700];
	int bad = 0;

	for (size_t k = 0; k <= 300 && !bad; k++) {
		for (size_t n = 0; n <= 300 && !bad; n++) {
			tv_buf b;

			tv_buf_init(&b);
			tv_buf_add(&b, pre, k);
			tv_buf_printf(&b, "<%.*s>", (int)n, arg);
			snprintf(want, sizeof want, "%.*s<%.*s>", (int)k, pre,
				 (int)n, arg);
			if (b.len != k + n + 2 || strcmp(tv_buf_str(&b), want) ||
			    b.p[b.len] != '\0') {
				diag("prefix %zu, argument %zu: got %zu bytes",
				     k, n, b.len);
				bad = 1;
			}
			tv_buf_free(&b);
		}
	}
	ok(!bad, "printf appends exactly snprintf's text, every prefix and "
		 "length up to 300 bytes");
	free(pre);
	free(arg);
}

static void test_printf_values(void)
{
	tv_buf b;

	tv_buf_init(&b);
	tv_buf_printf(&b, "%" PRIu64, UINT64_MAX);
	is_str(tv_buf_str(&b), "18446744073709551615", "largest u64");
	tv_buf_printf(&b, ",%d,%s,%04x", -7, "", 0xbeef);
	is_str(tv_buf_str(&b), "18446744073709551615,-7,,beef",
	       "several conversions append in order");
	tv_buf_reset(&b);
	tv_buf_printf(&b, "%s", "");
	is_int(b.len, 0, "an empty result appends nothing");
	is_str(tv_buf_str(&b), "", "and the buffer stays a valid string");
	tv_buf_free(&b);
}

static void test_add(void)
{
	static const uint8_t bytes[] = { 0x00, 0x7f, 0x80, 0xff };
	tv_buf b;

	tv_buf_init(&b);
	is_str(tv_buf_str(&b), "", "a new buffer reads as an empty string");
	for (int i = 0; i < 1000; i++)
		tv_buf_addc(&b, (char)('0' + i % 10));
	is_int(b.len, 1000, "1000 characters appended one by one");
	ok(b.p[999] == '9' && b.p[1000] == '\0',
	   "the last is in place, followed by a NUL");
	tv_buf_reset(&b);
	tv_buf_hex(&b, bytes, sizeof bytes);
	is_str(tv_buf_str(&b), "007f80ff", "hex is lower-case, two digits");
	tv_buf_adds(&b, "!");
	tv_buf_add(&b, "xyz", 0);
	is_str(tv_buf_str(&b), "007f80ff!", "adds appends; a zero-length add "
					    "appends nothing");
	tv_buf_free(&b);
}

/* addc's inline path stops one byte short of the capacity (room for the
 * NUL); addn pads in one step. */
static void test_addc_edges(void)
{
	tv_buf b;
	size_t cap;
	bool nul_ok = true;

	tv_buf_init(&b);
	tv_buf_addc(&b, 'a');
	cap = b.cap;
	is_int(b.len, 1, "addc on an empty buffer allocates");
	while (b.len + 1 < cap) {
		tv_buf_addc(&b, 'b');
		nul_ok = nul_ok && b.p[b.len] == '\0';
	}
	ok(nul_ok && b.cap == cap, "addc up to the capacity keeps the NUL "
				   "without growing");
	tv_buf_addc(&b, 'c');
	ok(b.cap > cap && b.p[b.len - 1] == 'c' && b.p[b.len] == '\0',
	   "one more byte grows the buffer, the NUL follows it");
	tv_buf_reset(&b);
	tv_buf_addn(&b, ' ', 0);
	is_str(tv_buf_str(&b), "", "addn of zero bytes appends nothing");
	tv_buf_adds(&b, "x");
	tv_buf_addn(&b, '-', 3);
	is_str(tv_buf_str(&b), "x---", "addn appends n copies");
	tv_buf_addn(&b, '.', 5000);
	ok(b.len == 5004 && b.p[5003] == '.' && b.p[5004] == '\0',
	   "addn grows the buffer for a long run");
	tv_buf_free(&b);
}

int main(void)
{
	test_printf_lengths();
	test_printf_values();
	test_add();
	test_addc_edges();
	return done_testing();
}
