#include "model/conn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

tv_conn *tv_conn_new(void)
{
	tv_conn *c = tv_xcalloc(1, sizeof *c);

	tv_arena_init(&c->arena);
	c->version = -1;
	c->cipher_suite = -1;
	return c;
}

void tv_conn_free(tv_conn *c)
{
	if (!c)
		return;
	tv_arena_free(&c->arena);
	free(c);
}

void tv_conn_add_msg(tv_conn *c, tv_msg *m)
{
	m->next = NULL;
	if (c->msgs_tail)
		c->msgs_tail->next = m;
	else
		c->msgs = m;
	c->msgs_tail = m;
	c->n_msgs++;
}

tv_alert *tv_conn_add_alert(tv_conn *c, tv_dir dir, uint8_t level,
			    uint8_t desc, bool encrypted, int64_t time_us)
{
	tv_alert *a = tv_arena_alloc(&c->arena, sizeof *a);

	a->dir = dir;
	a->level = level;
	a->desc = desc;
	a->encrypted = encrypted;
	a->time_us = time_us;
	if (c->alerts_tail)
		c->alerts_tail->next = a;
	else
		c->alerts = a;
	c->alerts_tail = a;
	c->n_alerts++;
	return a;
}

void tv_conn_add_preamble(tv_conn *c, tv_dir dir, int64_t time_us,
			  const uint8_t *p, size_t n, const char *text)
{
	tv_preamble *s = tv_arena_alloc(&c->arena, sizeof *s);

	s->dir = dir;
	s->time_us = time_us;
	s->data = tv_conn_bytes(c, p, n);
	s->text = tv_arena_strdup(&c->arena, text ? text : "");
	if (c->preamble_tail)
		c->preamble_tail->next = s;
	else
		c->preamble = s;
	c->preamble_tail = s;
	c->n_preamble++;
}

void tv_conn_note(tv_conn *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	tv_note *n;
	uint32_t h = 2166136261u; /* FNV-1a */

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (const char *s = buf; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	/* A damaged stream repeats its notes once per record: compare the
	 * hashes first, the texts only when they match. */
	for (n = c->notes; n; n = n->next)
		if (n->hash == h && strcmp(n->text, buf) == 0)
			return;
	if (c->n_notes >= TV_MAX_NOTES) {
		c->n_notes_dropped++;
		return;
	}
	n = tv_arena_alloc(&c->arena, sizeof *n);
	n->text = tv_arena_strdup(&c->arena, buf);
	n->hash = h;
	if (c->notes_tail)
		c->notes_tail->next = n;
	else
		c->notes = n;
	c->notes_tail = n;
	c->n_notes++;
}

tv_bytes tv_conn_bytes(tv_conn *c, const uint8_t *p, size_t n)
{
	tv_bytes b;

	/* Never NULL: an empty value is present, only p == NULL is absent. */
	b.p = tv_arena_memdup(&c->arena, p, n);
	b.n = n;
	return b;
}

void tv_u16list_push(tv_conn *c, tv_u16list *l, uint16_t v)
{
	/* Capacity is the next power of two >= n (arena memory is not
	 * freed individually, so growth doubles to stay amortised O(1)). */
	if ((l->n & (l->n - 1)) == 0 && l->n >= 8) {
		uint16_t *nv = tv_arena_alloc(&c->arena, 2 * l->n * sizeof *nv);
		memcpy(nv, l->v, l->n * sizeof *nv);
		l->v = nv;
	} else if (l->n == 0) {
		l->v = tv_arena_alloc(&c->arena, 8 * sizeof *l->v);
	}
	l->v[l->n++] = v;
}

void tv_time_format(int64_t time_us, char buf[32])
{
	int64_t sec = time_us / 1000000;
	int32_t us = (int32_t)(time_us % 1000000);
	time_t s;
	struct tm tm;
	size_t n;

	if (us < 0) {
		us += 1000000;
		sec -= 1;
	}
	s = (time_t)sec;
	/* A timestamp no calendar can show (a corrupt capture) */
	if (!gmtime_r(&s, &tm) ||
	    (n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm)) == 0 || n > 20) {
		strcpy(buf, "1970-01-01T00:00:00.000000Z");
		return;
	}
	buf[n++] = '.';
	for (int i = 5; i >= 0; i--) {
		buf[n + (size_t)i] = (char)('0' + us % 10);
		us /= 10;
	}
	buf[n + 6] = 'Z';
	buf[n + 7] = '\0';
}

int64_t tv_time_from_packet(int64_t sec, int64_t usec)
{
	const int64_t max_sec = 253402300799LL; /* 9999-12-31T23:59:59Z */

	if (sec < 0)
		sec = 0;
	if (sec > max_sec)
		sec = max_sec;
	if (usec < 0)
		usec = 0;
	if (usec > 999999)
		usec = 999999;
	return sec * 1000000 + usec;
}
