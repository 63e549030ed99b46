#include "util/cursor.h"

#include <stdarg.h>
#include <stdio.h>

void cur_init(tv_cur *c, const uint8_t *p, size_t len, size_t base,
	      tv_cur_err *err)
{
	static const uint8_t nothing[1];

	/* A window over nothing may come as (NULL, 0); arithmetic on a null
	 * pointer is undefined even with offset 0, so give it an address. */
	if (!p) {
		p = nothing;
		len = 0;
	}
	c->p = p;
	c->end = p + len;
	c->origin = p;
	c->base = base;
	c->err = err;
	err->status = TV_OK;
	err->offset = 0;
	err->what[0] = '\0';
}

void cur_fail(tv_cur *c, tv_status s, const char *fmt, ...)
{
	va_list ap;

	if (c->err->status != TV_OK)
		return;
	c->err->status = s;
	c->err->offset = cur_off(c);
	va_start(ap, fmt);
	vsnprintf(c->err->what, sizeof c->err->what, fmt, ap);
	va_end(ap);
	c->p = c->end; /* nothing more is read from this window */
}

/* True when n bytes can be read; otherwise fails the cursor. */
static bool cur_need(tv_cur *c, size_t n, const char *what)
{
	if (!cur_ok(c))
		return false;
	if (cur_left(c) >= n)
		return true;
	cur_fail(c, TV_MALFORMED, "%s: needs %zu bytes, %zu left", what, n,
		 cur_left(c));
	return false;
}

static uint64_t cur_be(tv_cur *c, size_t n, const char *what)
{
	uint64_t v = 0;

	if (!cur_need(c, n, what))
		return 0;
	for (size_t i = 0; i < n; i++)
		v = (v << 8) | c->p[i];
	c->p += n;
	return v;
}

uint8_t cur_u8(tv_cur *c, const char *what) { return (uint8_t)cur_be(c, 1, what); }
uint16_t cur_u16(tv_cur *c, const char *what) { return (uint16_t)cur_be(c, 2, what); }
uint32_t cur_u24(tv_cur *c, const char *what) { return (uint32_t)cur_be(c, 3, what); }
uint32_t cur_u32(tv_cur *c, const char *what) { return (uint32_t)cur_be(c, 4, what); }
uint64_t cur_u64(tv_cur *c, const char *what) { return cur_be(c, 8, what); }

const uint8_t *cur_bytes(tv_cur *c, size_t n, const char *what)
{
	const uint8_t *p;

	if (!cur_need(c, n, what))
		return NULL;
	p = c->p;
	c->p += n;
	return p;
}

bool cur_skip(tv_cur *c, size_t n, const char *what)
{
	return cur_bytes(c, n, what) != NULL || n == 0;
}

tv_cur cur_sub(tv_cur *c, size_t n, const char *what)
{
	tv_cur s = *c;

	if (cur_ok(c) && cur_left(c) < n)
		cur_fail(c, TV_MALFORMED, "%s: length %zu exceeds remaining %zu",
			 what, n, cur_left(c));
	if (!cur_ok(c)) {
		s.p = s.end = c->end;
		return s;
	}
	s.end = c->p + n;
	c->p += n;
	return s;
}

static tv_cur cur_vec(tv_cur *c, size_t lenbytes, const char *what)
{
	size_t n = (size_t)cur_be(c, lenbytes, what);

	return cur_sub(c, n, what);
}

tv_cur cur_vec8(tv_cur *c, const char *what) { return cur_vec(c, 1, what); }
tv_cur cur_vec16(tv_cur *c, const char *what) { return cur_vec(c, 2, what); }
tv_cur cur_vec24(tv_cur *c, const char *what) { return cur_vec(c, 3, what); }

tv_cur cur_rest(tv_cur *c) { return cur_sub(c, cur_left(c), "rest"); }

bool cur_close(tv_cur *sub, const char *what)
{
	if (!cur_ok(sub))
		return false;
	if (cur_left(sub) != 0) {
		cur_fail(sub, TV_MALFORMED, "%s: %zu unexpected trailing bytes",
			 what, cur_left(sub));
		return false;
	}
	return true;
}
