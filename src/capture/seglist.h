/*
 * A sorted list of byte ranges waiting for earlier bytes: TCP segments
 * that arrived out of order, IP fragments of a datagram not yet complete.
 * The first copy of a byte wins: an insert keeps what is already there,
 * stores only the new pieces and says whether an overlap differed.
 * Only the uncommon paths use it, so pieces are plain malloc'd blocks.
 */
#ifndef CAPTURE_SEGLIST_H
#define CAPTURE_SEGLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cap_seg cap_seg;
struct cap_seg {
	cap_seg *prev, *next;
	uint64_t off;
	size_t len;
	bool missing; /* known to exist but not captured (snaplen): no data */
	uint8_t data[];
};

typedef struct cap_seglist {
	cap_seg *head, *tail;
	size_t bytes; /* data bytes held */
	size_t count; /* pieces held */
} cap_seglist;

/* What an insert found where the new bytes overlap old ones. */
typedef struct cap_overlap {
	bool differs;	   /* some overlapping byte differed */
	uint64_t diff_off; /* where the first difference is */
} cap_overlap;

void seglist_init(cap_seglist *l);
void seglist_clear(cap_seglist *l);

static inline uint64_t seg_end(const cap_seg *s)
{
	return s->off + s->len;
}

/*
 * Store [off, off + len): p holds its first cap bytes (cap <= len), the rest
 * is a known hole.  Returns the number of data bytes newly stored.
 */
size_t seglist_insert(cap_seglist *l, uint64_t off, const uint8_t *p,
		      size_t cap, size_t len, cap_overlap *ov);

/* Unlink the first piece; the caller frees it. */
cap_seg *seglist_pop(cap_seglist *l);

#endif
