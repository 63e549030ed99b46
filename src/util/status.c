#include "util/status.h"

#include <stdarg.h>
#include <stdio.h>

const char *tv_status_text(tv_status s)
{
	switch (s) {
#define TV_STATUS_CASE(code, text) \
	case code:                 \
		return text;
		TV_STATUS_LIST(TV_STATUS_CASE)
#undef TV_STATUS_CASE
	}
	return "unknown status";
}

void tv_error_set(tv_error *e, tv_status s, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	e->status = s;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}
