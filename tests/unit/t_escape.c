/*
 * tv_escape_text / tv_escape_json: a table of hostile and ordinary inputs
 * with their exact escaped forms, then exhaustive sweeps proving that
 * whatever the bytes, the JSON form is well-formed UTF-8 with no raw
 * control or bidi character and the text form is safe for a terminal.
 * The JSON escaper's word-at-a-time scan of printable ASCII changes
 * nothing: any byte at any place of a long plain string is escaped as it
 * is alone.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "tap.h"
#include "utf8_oracle.h"

#define FFFD   "\xef\xbf\xbd"
#define S(lit) lit, sizeof(lit) - 1

static const struct {
	const char *what;
	const char *in;
	size_t n;
	const char *text, *json;
} cases[] = {
    {"empty", S(""), "", ""},
    {"plain host name", S("www.example.com"), "www.example.com",
     "www.example.com"},
    {"backslash", S("a\\b"), "a\\\\b", "a\\\\b"},
    {"double quote", S("say \"hi\""), "say \"hi\"", "say \\\"hi\\\""},
    {"ESC [ 2 J (clear screen)", S("\x1b[2J"), "\\x1b[2J", "\\u001b[2J"},
    {"NUL inside", S("a\0b"), "a\\x00b", "a\\u0000b"},
    {"newline tab CR", S("\n\t\r"), "\\x0a\\x09\\x0d", "\\u000a\\u0009\\u000d"},
    {"DEL", S("\x7f"), "\\x7f", "\\u007f"},
    {"raw 0x9b (8-bit CSI)",
     S("\x9b"
       "31m"),
     "\\x9b31m", FFFD "31m"},
    {"C1 CSI as U+009B", S("\xc2\x9b"), "\\u{009b}", "\\u009b"},
    {"C1 U+0080", S("\xc2\x80"), "\\u{0080}", "\\u0080"},
    {"e acute kept", S("caf\xc3\xa9"), "caf\xc3\xa9", "caf\xc3\xa9"},
    {"euro sign kept", S("\xe2\x82\xac"), "\xe2\x82\xac", "\xe2\x82\xac"},
    {"4-byte emoji kept", S("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80",
     "\xf0\x9f\x98\x80"},
    {"U+0800 smallest 3-byte kept", S("\xe0\xa0\x80"), "\xe0\xa0\x80",
     "\xe0\xa0\x80"},
    {"U+D7FF kept", S("\xed\x9f\xbf"), "\xed\x9f\xbf", "\xed\x9f\xbf"},
    {"U+E000 kept", S("\xee\x80\x80"), "\xee\x80\x80", "\xee\x80\x80"},
    {"U+10000 kept", S("\xf0\x90\x80\x80"), "\xf0\x90\x80\x80",
     "\xf0\x90\x80\x80"},
    {"U+10FFFF kept", S("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf",
     "\xf4\x8f\xbf\xbf"},
    {"U+FFFD kept", S(FFFD), FFFD, FFFD},
    {"overlong slash C0 AF", S("\xc0\xaf"), "\\xc0\\xaf", FFFD FFFD},
    {"overlong C1 BF", S("\xc1\xbf"), "\\xc1\\xbf", FFFD FFFD},
    {"overlong 3-byte E0 80 AF", S("\xe0\x80\xaf"), "\\xe0\\x80\\xaf",
     FFFD FFFD FFFD},
    {"overlong 4-byte F0 80 80 AF", S("\xf0\x80\x80\xaf"),
     "\\xf0\\x80\\x80\\xaf", FFFD FFFD FFFD FFFD},
    {"surrogate D800", S("\xed\xa0\x80"), "\\xed\\xa0\\x80", FFFD FFFD FFFD},
    {"surrogate DFFF", S("\xed\xbf\xbf"), "\\xed\\xbf\\xbf", FFFD FFFD FFFD},
    {"above U+10FFFF (F4 90)", S("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80",
     FFFD FFFD FFFD FFFD},
    {"lead F5", S("\xf5\x80\x80\x80"), "\\xf5\\x80\\x80\\x80",
     FFFD FFFD FFFD FFFD},
    {"lead FF", S("ok\xffok"), "ok\\xffok", "ok" FFFD "ok"},
    {"truncated 3-byte at end", S("\xe2\x82"), "\\xe2\\x82", FFFD},
    {"truncated 3-byte then ASCII",
     S("\xe2\x82"
       "A"),
     "\\xe2\\x82A", FFFD "A"},
    {"truncated 4-byte then ASCII", S("\xf0\x9f\x98x"), "\\xf0\\x9f\\x98x",
     FFFD "x"},
    {"lone lead at end", S("\xc3"), "\\xc3", FFFD},
    {"U+202E right-to-left override",
     S("abc\xe2\x80\xae"
       "def"),
     "abc\\u{202e}def", "abc\\u202edef"},
    {"U+202A LRE", S("\xe2\x80\xaa"), "\\u{202a}", "\\u202a"},
    {"U+2028 line separator", S("\xe2\x80\xa8"), "\\u{2028}", "\\u2028"},
    {"U+2029 paragraph separator", S("\xe2\x80\xa9"), "\\u{2029}", "\\u2029"},
    {"U+2066 LRI", S("\xe2\x81\xa6"), "\\u{2066}", "\\u2066"},
    {"U+2069 PDI", S("\xe2\x81\xa9"), "\\u{2069}", "\\u2069"},
    {"U+200F RLM", S("\xe2\x80\x8f"), "\\u{200f}", "\\u200f"},
    {"U+200B zero width space",
     S("a\xe2\x80\x8b"
       "b"),
     "a\\u{200b}b", "a\\u200bb"},
    {"U+FEFF BOM", S("\xef\xbb\xbf"), "\\u{feff}", "\\ufeff"},
    {"U+E0041 tag (surrogate pair in JSON)", S("\xf3\xa0\x81\x81"),
     "\\u{e0041}", "\\udb40\\udc41"},
};

static bool dangerous(long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	       (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* Well-formed UTF-8 and no dangerous code point; JSON additionally
 * needs every '"' and '\' escaped (checked by pairing). */
static bool safe_output(const char *s, size_t n, bool json)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		long cp = u8_decode(p + i, n - i, &k);

		if (cp < 0 || dangerous(cp))
			return false;
		if (json && cp == '"')
			return false;
		if (cp == '\\') { /* an escape: skip what it escapes */
			if (i + 1 >= n)
				return false;
			k = 2;
		}
		i += k;
	}
	return true;
}

static bool check_both(const uint8_t *in, size_t n)
{
	tv_buf t, j;
	bool good;

	tv_buf_init(&t);
	tv_buf_init(&j);
	tv_escape_text(&t, in, n);
	tv_escape_json(&j, in, n);
	good = safe_output(tv_buf_str(&t), t.len, false) &&
	       safe_output(tv_buf_str(&j), j.len, true);
	tv_buf_free(&t);
	tv_buf_free(&j);
	return good;
}

static void table(void)
{
	tv_buf b;

	tv_buf_init(&b);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tv_buf_reset(&b);
		tv_escape_text(&b, (const uint8_t *)cases[i].in, cases[i].n);
		is_str(tv_buf_str(&b), cases[i].text, "text: %s",
		       cases[i].what);
		tv_buf_reset(&b);
		tv_escape_json(&b, (const uint8_t *)cases[i].in, cases[i].n);
		is_str(tv_buf_str(&b), cases[i].json, "json: %s",
		       cases[i].what);
	}
	tv_buf_reset(&b);
	tv_escape_json(&b, NULL, 0);
	tv_escape_text(&b, NULL, 0);
	is_int(b.len, 0, "NULL with length 0 adds nothing");
	tv_buf_free(&b);
}

/* Every encodable code point: kept as is, or escaped when dangerous;
 * surrogates (CESU) always rejected. */
static void every_code_point(void)
{
	long bad = -1;
	tv_buf b;

	tv_buf_init(&b);
	for (long cp = 0; cp <= 0x10ffff && bad < 0; cp++) {
		uint8_t u[4];
		size_t n;
		bool surrogate = cp >= 0xd800 && cp <= 0xdfff;

		if (cp < 0x80) {
			u[0] = (uint8_t)cp, n = 1;
		} else if (cp < 0x800) {
			u[0] = 0xc0 | cp >> 6, u[1] = 0x80 | (cp & 63), n = 2;
		} else if (cp < 0x10000) {
			u[0] = 0xe0 | cp >> 12, u[1] = 0x80 | (cp >> 6 & 63);
			u[2] = 0x80 | (cp & 63), n = 3;
		} else {
			u[0] = 0xf0 | cp >> 18, u[1] = 0x80 | (cp >> 12 & 63);
			u[2] = 0x80 | (cp >> 6 & 63), u[3] = 0x80 | (cp & 63);
			n = 4;
		}
		tv_buf_reset(&b);
		tv_escape_json(&b, u, n);
		if (surrogate) {
			if (strcmp(tv_buf_str(&b), FFFD FFFD FFFD) != 0)
				bad = cp;
		} else if (dangerous(cp) || cp == '"' || cp == '\\') {
			if (b.len < 2 || b.p[0] != '\\')
				bad = cp;
		} else if (b.p[0] != '\\' &&
			   (b.len != n || memcmp(b.p, u, n) != 0)) {
			bad = cp;
		}
		if (!check_both(u, n))
			bad = cp;
	}
	ok(bad < 0,
	   "every code point U+0000..U+10FFFF: kept or escaped, "
	   "surrogates replaced (first wrong: %lx)",
	   bad);
	tv_buf_free(&b);
}

/* All 1- and 2-byte strings and a dense sample of 3- and 4-byte ones. */
static void sweeps(void)
{
	long bad = -1;
	uint8_t u[5];

	for (unsigned v = 0; v < 0x10000 && bad < 0; v++) {
		u[0] = (uint8_t)(v >> 8), u[1] = (uint8_t)v;
		if (!check_both(u, 1) || !check_both(u, 2))
			bad = v;
	}
	ok(bad < 0, "all 1- and 2-byte inputs escape safely (first bad %lx)",
	   bad);
	bad = -1;
	for (unsigned a = 0xc0; a <= 0xff && bad < 0; a++)
		for (unsigned b2 = 0x70; b2 <= 0xc8 && bad < 0; b2 += 3)
			for (unsigned c = 0x70; c <= 0xc8 && bad < 0; c += 3) {
				u[0] = (uint8_t)a, u[1] = (uint8_t)b2;
				u[2] = (uint8_t)c, u[3] = 0xbf, u[4] = 0x9b;
				if (!check_both(u, 3) || !check_both(u, 4) ||
				    !check_both(u, 5))
					bad = (long)(a << 16 | b2 << 8 | c);
			}
	ok(bad < 0,
	   "3-, 4- and 5-byte sweep over lead and continuation "
	   "ranges escapes safely (first bad %lx)",
	   bad);
	srand(1234);
	bad = -1;
	for (int i = 0; i < 20000 && bad < 0; i++) {
		uint8_t r[64];

		for (size_t k = 0; k < sizeof r; k++)
			r[k] = (uint8_t)(rand() & 0xff);
		if (!check_both(r, sizeof r))
			bad = i;
	}
	ok(bad < 0, "20000 random 64-byte strings escape safely");
}

/* "aaa...b...aaa" escaped whole equals its three pieces escaped apart
 * (a lone byte is a code point or ill-formed either way). */
static void word_scan(void)
{
	int bad = 0;

	for (unsigned b = 0; b < 256; b++)
		for (size_t at = 0; at < 24; at++) {
			uint8_t in[24];
			tv_buf whole, parts;

			memset(in, 'a', sizeof in);
			in[at] = (uint8_t)b;
			tv_buf_init(&whole);
			tv_buf_init(&parts);
			tv_escape_json(&whole, in, sizeof in);
			tv_escape_json(&parts, in, at);
			tv_escape_json(&parts, in + at, 1);
			tv_escape_json(&parts, in + at + 1, sizeof in - at - 1);
			if (whole.len != parts.len ||
			    memcmp(whole.p, parts.p, whole.len)) {
				if (!bad++)
					diag("byte 0x%02x at %zu: %s", b, at,
					     tv_buf_str(&whole));
			}
			tv_buf_free(&whole);
			tv_buf_free(&parts);
		}
	ok(!bad,
	   "each byte at each of 24 places of a plain string is "
	   "escaped as alone (%d differ)",
	   bad);
}

int main(void)
{
	table();
	word_scan();
	every_code_point();
	sweeps();
	return done_testing();
}
