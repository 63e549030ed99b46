/*
 * Output in first-packet order.  Every flow takes a slot at the end of
 * the queue when it is created; a finished TLS connection fills its slot
 * and is handed on once every older slot is settled (filled and handed
 * on, or dropped because its flow was not TLS).  Connections get their
 * ids (1, 2, 3...) as they are handed on.
 */
#ifndef CAPTURE_ORDER_H
#define CAPTURE_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "model/conn.h"

typedef struct cap_slot cap_slot;
struct cap_slot {
	cap_slot *prev, *next;
	tv_conn *conn; /* set when finished */
	void *flow;    /* the open flow, NULL once finished */
};

typedef struct cap_order {
	cap_slot *head, *tail;
	size_t waiting; /* finished, behind an open slot */
	uint64_t last_id;
	void (*emit)(void *arg, tv_conn *conn);
	void *emit_arg;
} cap_order;

void order_init(cap_order *o, void (*emit)(void *arg, tv_conn *conn),
		void *arg);
/* Frees what is still queued (connections included). */
void order_free(cap_order *o);
/* A new flow's slot, after every existing one. */
cap_slot *order_open(cap_order *o, void *flow);
/* The flow was not TLS: its slot goes, nothing is output. */
void order_drop(cap_order *o, cap_slot *s);
/* The flow finished as conn: output in turn. */
void order_done(cap_order *o, cap_slot *s, tv_conn *conn);
/* The flow of the oldest unfinished slot, or NULL. */
static inline void *order_oldest_open(const cap_order *o)
{
	return o->head && !o->head->conn ? o->head->flow : NULL;
}

#endif
