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

bool cur_need_fail(tv_cur *c, size_t n, const char *what)
{
	if (cur_ok(c))
		cur_fail(c, TV_MALFORMED, "%s: needs %zu bytes, %zu left", what,
			 n, cur_left(c));
	return false;
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

tv_cur cur_vec8(tv_cur *c, const char *what)
{
	return cur_sub(c, cur_u8(c, what), what);
}

tv_cur cur_vec16(tv_cur *c, const char *what)
{
	return cur_sub(c, cur_u16(c, what), what);
}

tv_cur cur_vec24(tv_cur *c, const char *what)
{
	return cur_sub(c, cur_u24(c, what), what);
}

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
