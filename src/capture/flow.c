#include "capture/flow.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "util/arena.h"
#include "util/hash.h"

#define INITIAL_BUCKETS 1024

void flow_table_init(flow_table *t)
{
	memset(t, 0, sizeof *t);
	t->buckets = tv_xcalloc(INITIAL_BUCKETS, sizeof *t->buckets);
	t->mask = INITIAL_BUCKETS - 1;
	/* Seeded per table so a crafted capture cannot pick colliding
	 * 4-tuples in advance. */
	t->seed = ((uint64_t)(uintptr_t)t ^ (uint64_t)time(NULL)) *
		  0x9e3779b97f4a7c15ULL;
}

void flow_table_free(flow_table *t)
{
	for (size_t i = 0; i <= t->mask; i++) {
		flow *f = t->buckets[i];

		while (f) {
			flow *next = f->hnext;

			tcp_stream_free(&f->st[0]);
			tcp_stream_free(&f->st[1]);
			free(f);
			f = next;
		}
	}
	free(t->buckets);
	memset(t, 0, sizeof *t);
}

void flow_key_make(flow_key *k, const cap_l4 *l4, uint16_t sport,
		   uint16_t dport, int *from)
{
	int c = memcmp(l4->src, l4->dst, 16);
	int swap = c > 0 || (c == 0 && sport > dport);

	memcpy(k->addr[swap], l4->src, 16);
	memcpy(k->addr[!swap], l4->dst, 16);
	k->port[swap] = sport;
	k->port[!swap] = dport;
	k->family = l4->family;
	memset(k->pad, 0, sizeof k->pad);
	*from = swap;
}

uint64_t flow_hash(const flow_table *t, const flow_key *k)
{
	uint64_t w[sizeof(flow_key) / 8];
	uint64_t h = t->seed;

	memcpy(w, k, sizeof w);
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
		h = tv_mix64(h ^ w[i]) + i;
	return h;
}

flow *flow_lookup(const flow_table *t, const flow_key *k, uint64_t hash)
{
	for (flow *f = t->buckets[hash & t->mask]; f; f = f->hnext)
		if (f->hash == hash && memcmp(&f->key, k, sizeof *k) == 0)
			return f;
	return NULL;
}

static void table_grow(flow_table *t)
{
	size_t n = (t->mask + 1) * 2;
	flow **b = tv_xcalloc(n, sizeof *b);

	for (size_t i = 0; i <= t->mask; i++) {
		flow *f = t->buckets[i];

		while (f) {
			flow *next = f->hnext;

			f->hnext = b[f->hash & (n - 1)];
			b[f->hash & (n - 1)] = f;
			f = next;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->mask = n - 1;
}

static flow_list *list_of(flow_table *t, const flow *f)
{
	return f->state == FLOW_LIVE ? &t->live : &t->tombs;
}

static void list_unlink(flow_list *l, flow *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		l->head = f->next;
	if (f->next)
		f->next->prev = f->prev;
	else
		l->tail = f->prev;
	f->prev = f->next = NULL;
	l->n--;
}

static void list_append(flow_list *l, flow *f)
{
	f->next = NULL;
	f->prev = l->tail;
	if (l->tail)
		l->tail->next = f;
	else
		l->head = f;
	l->tail = f;
	l->n++;
}

flow *flow_add(flow_table *t, const flow_key *k, uint64_t hash)
{
	flow *f = tv_xcalloc(1, sizeof *f);
	flow **b;

	if (t->count >= t->mask + 1)
		table_grow(t);
	f->key = *k;
	f->hash = hash;
	f->state = FLOW_LIVE;
	f->rst_side = -1;
	tcp_stream_init(&f->st[0]);
	tcp_stream_init(&f->st[1]);
	b = &t->buckets[hash & t->mask];
	f->hnext = *b;
	*b = f;
	t->count++;
	list_append(&t->live, f);
	return f;
}

void flow_remove(flow_table *t, flow *f)
{
	flow **pp = &t->buckets[f->hash & t->mask];

	while (*pp && *pp != f)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = f->hnext;
	t->count--;
	list_unlink(list_of(t, f), f);
	tcp_stream_free(&f->st[0]);
	tcp_stream_free(&f->st[1]);
	free(f);
}

void flow_touch(flow_table *t, flow *f, int64_t ts)
{
	flow_list *l = list_of(t, f);

	f->last_ts = ts;
	if (l->tail == f)
		return; /* bulk transfers: the same flow again */
	list_unlink(l, f);
	list_append(l, f);
}

void flow_set_state(flow_table *t, flow *f, flow_state st)
{
	flow_list *from = list_of(t, f);

	f->state = (uint8_t)st;
	if (list_of(t, f) == from)
		return;
	list_unlink(from, f);
	list_append(list_of(t, f), f);
}

void flow_endpoint(const flow *f, int e, tv_endpoint *out)
{
	int af = f->key.family == 6 ? AF_INET6 : AF_INET;

	if (!inet_ntop(af, f->key.addr[e], out->ip, sizeof out->ip))
		out->ip[0] = '\0';
	out->port = f->key.port[e];
}
