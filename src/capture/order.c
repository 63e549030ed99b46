#include "capture/order.h"

#include <stdlib.h>

#include "util/arena.h"

void order_init(cap_order *o, void (*emit)(void *arg, tv_conn *conn), void *arg)
{
	o->head = o->tail = NULL;
	o->waiting = 0;
	o->last_id = 0;
	o->emit = emit;
	o->emit_arg = arg;
}

static void slot_unlink(cap_order *o, cap_slot *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		o->head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	else
		o->tail = s->prev;
	free(s);
}

void order_free(cap_order *o)
{
	while (o->head) {
		tv_conn_free(o->head->conn);
		slot_unlink(o, o->head);
	}
	o->waiting = 0;
}

cap_slot *order_open(cap_order *o, void *flow)
{
	cap_slot *s = tv_xcalloc(1, sizeof *s);

	s->flow = flow;
	s->prev = o->tail;
	if (o->tail)
		o->tail->next = s;
	else
		o->head = s;
	o->tail = s;
	return s;
}

/* Hand on the finished connections at the front. */
static void order_drain(cap_order *o)
{
	while (o->head && o->head->conn) {
		tv_conn *c = o->head->conn;

		slot_unlink(o, o->head);
		o->waiting--;
		c->id = ++o->last_id;
		o->emit(o->emit_arg, c);
	}
}

void order_drop(cap_order *o, cap_slot *s)
{
	slot_unlink(o, s);
	order_drain(o);
}

void order_done(cap_order *o, cap_slot *s, tv_conn *conn)
{
	s->conn = conn;
	s->flow = NULL;
	o->waiting++;
	order_drain(o);
}
