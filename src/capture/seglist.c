#include "capture/seglist.h"

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

void seglist_init(cap_seglist *l)
{
	l->head = l->tail = NULL;
	l->bytes = l->count = 0;
}

void seglist_clear(cap_seglist *l)
{
	cap_seg *s = l->head;

	while (s) {
		cap_seg *next = s->next;
		free(s);
		s = next;
	}
	seglist_init(l);
}

/* A new piece [off, off + len) linked in before `before` (NULL: at the end). */
static void seg_link(cap_seglist *l, cap_seg *before, uint64_t off,
		     const uint8_t *p, size_t len)
{
	cap_seg *s = tv_xmalloc(sizeof *s + (p ? len : 0));

	s->off = off;
	s->len = len;
	s->missing = p == NULL;
	if (p)
		memcpy(s->data, p, len);
	s->next = before;
	s->prev = before ? before->prev : l->tail;
	if (s->prev)
		s->prev->next = s;
	else
		l->head = s;
	if (before)
		before->prev = s;
	else
		l->tail = s;
	l->count++;
	if (p)
		l->bytes += len;
}

static void seg_compare(const cap_seg *s, uint64_t from, uint64_t to,
			const uint8_t *p, uint64_t p_off, cap_overlap *ov)
{
	const uint8_t *old, *new;
	size_t n = (size_t)(to - from);

	if (s->missing || !p || ov->differs)
		return;
	old = s->data + (from - s->off);
	new = p + (from - p_off);
	if (memcmp(old, new, n) == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (old[i] != new[i]) {
			ov->differs = true;
			ov->diff_off = from + i;
			return;
		}
	}
}

/* Store [off, end) (data p, or a hole when p is NULL) around old pieces. */
static size_t insert_range(cap_seglist *l, uint64_t off, const uint8_t *p,
			   uint64_t end, cap_overlap *ov)
{
	uint64_t pos = off;
	size_t stored = 0;
	cap_seg *s;

	if (off >= end)
		return 0;
	/* Common case: the range goes after everything held. */
	if (!l->tail || seg_end(l->tail) <= off) {
		seg_link(l, NULL, off, p, (size_t)(end - off));
		return p ? (size_t)(end - off) : 0;
	}
	for (s = l->head; s && pos < end;) {
		if (seg_end(s) <= pos) {
			s = s->next;
			continue;
		}
		if (s->off > pos) {
			uint64_t piece = s->off < end ? s->off : end;

			seg_link(l, s, pos, p ? p + (pos - off) : NULL,
				 (size_t)(piece - pos));
			stored += p ? (size_t)(piece - pos) : 0;
			pos = piece;
			continue;
		}
		uint64_t ov_end = seg_end(s) < end ? seg_end(s) : end;

		seg_compare(s, pos, ov_end, p, off, ov);
		pos = ov_end;
		s = s->next;
	}
	if (pos < end) {
		seg_link(l, NULL, pos, p ? p + (pos - off) : NULL,
			 (size_t)(end - pos));
		stored += p ? (size_t)(end - pos) : 0;
	}
	return stored;
}

size_t seglist_insert(cap_seglist *l, uint64_t off, const uint8_t *p,
		      size_t cap, size_t len, cap_overlap *ov)
{
	size_t stored;

	if (cap > len)
		cap = len;
	stored = insert_range(l, off, p, off + cap, ov);
	insert_range(l, off + cap, NULL, off + len, ov);
	return stored;
}

cap_seg *seglist_pop(cap_seglist *l)
{
	cap_seg *s = l->head;

	if (!s)
		return NULL;
	l->head = s->next;
	if (l->head)
		l->head->prev = NULL;
	else
		l->tail = NULL;
	l->count--;
	if (!s->missing)
		l->bytes -= s->len;
	s->next = s->prev = NULL;
	return s;
}
