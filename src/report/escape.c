/*
 * Escaping wire bytes for a terminal and for JSON.
 *
 * Both escapers walk the bytes with one strict UTF-8 decoder (Unicode 15,
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF) and
 * one table of code points that must never be shown raw: controls, the
 * line/paragraph separators, bidirectional embeddings, overrides and
 * isolates (Trojan Source, CVE-2021-42574) and other invisible formatting
 * characters that can make one string look like another.
 */
#include "report/escape.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define UTF8_BAD 0xffffffffu

/*
 * Decode one code point from p[0..n) (n >= 1).  Returns the number of
 * bytes consumed; *cp is the code point, or UTF8_BAD for an ill-formed
 * sequence, in which case the count is its maximal subpart (Unicode 3.9,
 * "U+FFFD substitution of maximal subparts"), at least one byte.  Every
 * index is checked against n before it is read.
 */
static size_t utf8_next(const uint8_t *p, size_t n, uint32_t *cp)
{
	uint8_t b = p[0], lo = 0x80, hi = 0xbf;
	size_t len, i;
	uint32_t v;

	*cp = UTF8_BAD;
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b < 0xc2 || b > 0xf4) /* continuation, overlong lead, > 10FFFF */
		return 1;
	if (b < 0xe0) {
		len = 2;
		v = b & 0x1f;
	} else if (b < 0xf0) {
		len = 3;
		v = b & 0x0f;
		if (b == 0xe0)
			lo = 0xa0; /* overlong */
		else if (b == 0xed)
			hi = 0x9f; /* surrogates */
	} else {
		len = 4;
		v = b & 0x07;
		if (b == 0xf0)
			lo = 0x90; /* overlong */
		else if (b == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	}
	for (i = 1; i < len; i++) {
		if (i >= n || p[i] < lo || p[i] > hi)
			return i;
		v = v << 6 | (p[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return len;
}

/* Invisible or direction-changing code points (mostly category Cf, plus
 * Zl/Zp and fillers that render as blanks). */
static const struct {
	uint32_t lo, hi;
} hidden[] = {
    {0x00ad, 0x00ad},	/* soft hyphen */
    {0x0600, 0x0605},	/* Arabic number signs */
    {0x061c, 0x061c},	/* Arabic letter mark */
    {0x06dd, 0x06dd},	/* Arabic end of ayah */
    {0x070f, 0x070f},	/* Syriac abbreviation mark */
    {0x0890, 0x0891},	/* Arabic pound/piastre mark above */
    {0x08e2, 0x08e2},	/* Arabic disputed end of ayah */
    {0x115f, 0x1160},	/* Hangul fillers */
    {0x17b4, 0x17b5},	/* Khmer inherent vowels */
    {0x180e, 0x180e},	/* Mongolian vowel separator */
    {0x200b, 0x200f},	/* zero width space/joiners, LRM, RLM */
    {0x2028, 0x202e},	/* separators, bidi embeddings and overrides */
    {0x2060, 0x206f},	/* word joiner, invisible ops, bidi isolates */
    {0x3164, 0x3164},	/* Hangul filler */
    {0xfeff, 0xfeff},	/* zero width no-break space (BOM) */
    {0xffa0, 0xffa0},	/* halfwidth Hangul filler */
    {0xfff9, 0xfffb},	/* interlinear annotation */
    {0x110bd, 0x110bd}, /* Kaithi number sign */
    {0x110cd, 0x110cd}, /* Kaithi number sign above */
    {0x13430, 0x1343f}, /* Egyptian hieroglyph format controls */
    {0x1bca0, 0x1bca3}, /* shorthand format controls */
    {0x1d173, 0x1d17a}, /* musical symbol format controls */
    {0xe0000, 0xe007f}, /* tags */
};

static bool is_hidden(uint32_t cp)
{
	if (cp < hidden[0].lo)
		return false;
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		if (cp >= hidden[i].lo && cp <= hidden[i].hi)
			return true;
	return false;
}

/* Controls: C0, DEL and C1. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

static const char hexdig[] = "0123456789abcdef";

static void add_xbyte(tv_buf *out, uint8_t b)
{
	char s[4] = {'\\', 'x', hexdig[b >> 4], hexdig[b & 15]};

	tv_buf_add(out, s, 4);
}

static void add_u4(tv_buf *out, unsigned v)
{
	char s[6] = {'\\',
		     'u',
		     hexdig[(v >> 12) & 15],
		     hexdig[(v >> 8) & 15],
		     hexdig[(v >> 4) & 15],
		     hexdig[v & 15]};

	tv_buf_add(out, s, 6);
}

void tv_escape_text(tv_buf *out, const uint8_t *p, size_t n)
{
	size_t i = 0, run = 0; /* run: start of bytes copied unchanged */

	if (!n)
		return;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_next(p + i, n - i, &cp);
		bool plain = cp != UTF8_BAD && cp != '\\' && !is_control(cp) &&
			     !is_hidden(cp);

		if (plain) {
			i += k;
			continue;
		}
		tv_buf_add(out, p + run, i - run);
		if (cp == '\\')
			tv_buf_add(out, "\\\\", 2);
		else if (cp == UTF8_BAD || cp < 0x80)
			for (size_t j = 0; j < k; j++)
				add_xbyte(out, p[i + j]);
		else
			tv_buf_printf(out, "\\u{%04x}", (unsigned)cp);
		i += k;
		run = i;
	}
	tv_buf_add(out, p + run, n - run);
}

static void add_json_escape(tv_buf *out, uint32_t cp)
{
	if (cp == '"') {
		tv_buf_add(out, "\\\"", 2);
	} else if (cp == '\\') {
		tv_buf_add(out, "\\\\", 2);
	} else if (cp == UTF8_BAD) {
		tv_buf_add(out, "\xef\xbf\xbd", 3); /* U+FFFD */
	} else if (cp >= 0x10000) { /* as a UTF-16 surrogate pair */
		cp -= 0x10000;
		add_u4(out, 0xd800 | (cp >> 10));
		add_u4(out, 0xdc00 | (cp & 0x3ff));
	} else {
		add_u4(out, cp);
	}
}

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Whether a byte of w is zero (exact: Hacker's Delight 6-1). */
static uint64_t has_zero(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/* Whether all 8 bytes at p are printable ASCII other than '"' and '\\',
 * tested a word at a time: bytes < 0x20 or >= 0x7f, '"', '\\'. */
static bool plain8(const uint8_t *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return !((w & HIGHS) | ((w - ONES * 0x20) & ~w & HIGHS) |
		 has_zero(w ^ (ONES * 0x7f)) | has_zero(w ^ (ONES * '"')) |
		 has_zero(w ^ (ONES * '\\')));
}

void tv_escape_json(tv_buf *out, const uint8_t *p, size_t n)
{
	size_t i = 0, run = 0;

	if (!n)
		return;
	while (i < n) {
		uint32_t cp;
		size_t k;

		/* printable ASCII, the bulk of every line, needs no decoding */
		if (i + 8 <= n && plain8(p + i)) {
			i += 8;
			continue;
		}
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' &&
		    p[i] != '\\') {
			i++;
			continue;
		}
		k = utf8_next(p + i, n - i, &cp);
		if (cp != UTF8_BAD && cp != '"' && cp != '\\' &&
		    !is_control(cp) && !is_hidden(cp)) {
			i += k;
			continue;
		}
		tv_buf_add(out, p + run, i - run);
		add_json_escape(out, cp);
		i += k;
		run = i;
	}
	tv_buf_add(out, p + run, n - run);
}
