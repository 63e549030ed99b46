/*
 * A UTF-8 decoder for the tests, written differently from the one under
 * test (src/report/escape.c) so that they check each other.
 */
#ifndef TESTS_UTF8_ORACLE_H
#define TESTS_UTF8_ORACLE_H

#include <stddef.h>

/* The code point at s (n bytes left) and its length in *len, or -1 when
 * the bytes are not well-formed UTF-8. */
static inline long u8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char b = s[0];
	size_t need;
	long cp, min;

	if (b < 0x80) {
		*len = 1;
		return b;
	}
	if ((b & 0xe0) == 0xc0) {
		need = 1, cp = b & 0x1f, min = 0x80;
	} else if ((b & 0xf0) == 0xe0) {
		need = 2, cp = b & 0x0f, min = 0x800;
	} else if ((b & 0xf8) == 0xf0) {
		need = 3, cp = b & 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if (need >= n)
		return -1;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = need + 1;
	return cp;
}

#endif
