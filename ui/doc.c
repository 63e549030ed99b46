/*
 * Documents: the chain, help and ladder notes are built as lines of safe
 * text for the current width, then drawn from a scroll position.
 */
#include "ui/ui_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

void doc_init(ui_doc *d, int width)
{
	memset(d, 0, sizeof *d);
	d->width = width < 20 ? 20 : width;
}

void doc_free(ui_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].mark);
		free(d->v[i].s);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(tv_xmalloc(n), s, n);
}

ui_line *doc_add(ui_doc *d, attr_t a, const char *s)
{
	ui_line *l;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->v = tv_xrealloc(d->v, d->cap * sizeof *d->v);
	}
	l = &d->v[d->n++];
	memset(l, 0, sizeof *l);
	l->s = xstrdup(s);
	l->a = a;
	l->item = -1;
	return l;
}

ui_line *doc_printf(ui_doc *d, attr_t a, const char *fmt, ...)
{
	tv_buf b;
	va_list ap;
	ui_line *l;

	tv_buf_init(&b);
	va_start(ap, fmt);
	tv_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	l = doc_add(d, a, tv_buf_str(&b));
	tv_buf_free(&b);
	return l;
}

static void spaces(tv_buf *b, int n)
{
	while (n-- > 0)
		tv_buf_addc(b, ' ');
}

/* A word longer than a line stays whole (drawing cuts it). */
void doc_wrap(ui_doc *d, int indent, int hang, attr_t a, const char *s)
{
	tv_buf line, word;
	bool fresh = true; /* no word on this line yet */
	int col, w;

	tv_buf_init(&line);
	tv_buf_init(&word);
	spaces(&line, indent);
	col = indent;
	while (*s) {
		size_t n = strcspn(s, " ");

		if (n) {
			tv_buf_reset(&word);
			tv_buf_add(&word, s, n);
			w = ui_width(tv_buf_str(&word));
			if (!fresh && col + 1 + w > d->width) {
				doc_add(d, a, tv_buf_str(&line));
				tv_buf_reset(&line);
				spaces(&line, hang);
				col = hang;
				fresh = true;
			}
			if (!fresh) {
				tv_buf_addc(&line, ' ');
				col++;
			}
			tv_buf_add(&line, word.p, word.len);
			col += w;
			fresh = false;
		}
		s += n;
		s += strspn(s, " ");
	}
	doc_add(d, a, tv_buf_str(&line));
	tv_buf_free(&line);
	tv_buf_free(&word);
}

void doc_draw(const ui_doc *d, size_t top, int y, int h, int w, int sel)
{
	for (int r = 0; r < h; r++) {
		const ui_line *l;
		int x = 0;

		move(y + r, 0);
		clrtoeol();
		if (top + (size_t)r >= d->n)
			continue;
		l = &d->v[top + r];
		if (l->item >= 0 && l->item == sel) {
			tv_buf b;

			tv_buf_init(&b);
			if (l->mark)
				tv_buf_adds(&b, l->mark);
			tv_buf_adds(&b, l->s);
			ui_row(y + r, 0, w, tv_buf_str(&b), ui_attr(RL_SEL));
			tv_buf_free(&b);
			continue;
		}
		if (l->mark)
			x = ui_put(y + r, 0, w, l->mark, l->mark_a);
		ui_put(y + r, x, w - x, l->s, l->a);
	}
}
