/*
 * The connection list: one row per connection, sorted by a column (s
 * cycles), searched (/ n N) and filtered to the matches (f).
 */
#include "ui/ui_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tls/registry.h"
#include "util/arena.h"

enum { COL_ARRIVAL, COL_CLIENT, COL_SERVER, COL_SNI, COL_VERSION, COL_SUITE,
       COL_VERDICT, COL_MSGS, N_COLS };

static const char *const col_names[N_COLS] = {
    "time", "client", "server", "SNI", "version", "suite", "verdict",
    "messages"};

/* -1 untrusted, 1 trusted, 0 no chain checked */
static int verdict(const tv_conn *c)
{
	if (!c->validation)
		return 0;
	return c->validation->trusted ? 1 : -1;
}

static const char *verdict_mark(const tv_conn *c, attr_t *a)
{
	switch (verdict(c)) {
	case 1:
		*a = ui_attr(RL_OK);
		return ui_g->ok;
	case -1:
		*a = ui_attr(RL_BAD);
		return ui_g->bad;
	default:
		*a = ui_attr(RL_DIM);
		return ui_g->none;
	}
}

static void hms(tv_buf *b, int64_t us)
{
	char t[32];

	tv_time_format(us, t);
	/* 2026-11-22T23:10:00.123456Z -> 23:10:00.123 */
	tv_buf_add(b, t + 11, 12);
}

static void version(tv_buf *b, const tv_conn *c)
{
	const char *n = c->version >= 0 ? tls_version_name((unsigned)c->version)
					: NULL;

	if (n)
		ui_escs(b, n);
	else if (c->version >= 0)
		tv_buf_printf(b, "0x%04x", (unsigned)c->version);
	else
		tv_buf_adds(b, "?");
}

static void suite(tv_buf *b, const tv_conn *c)
{
	const char *n = c->cipher_suite >= 0
			    ? tls_cipher_suite_name((unsigned)c->cipher_suite)
			    : NULL;

	if (n)
		ui_escs(b, n);
	else if (c->cipher_suite >= 0)
		tv_buf_printf(b, "0x%04x", (unsigned)c->cipher_suite);
}

static void sni(tv_buf *b, const tv_conn *c)
{
	if (c->sni.p)
		ui_esc(b, c->sni.p, c->sni.n);
}

/* The row's text, for search: what the row shows. */
void list_row_text(const ui *u, const tv_conn *c, tv_buf *b)
{
	(void)u;
	tv_buf_printf(b, "%llu ", (unsigned long long)c->id);
	hms(b, c->start_us);
	tv_buf_addc(b, ' ');
	ui_endpoint(b, &c->client);
	tv_buf_adds(b, " -> ");
	ui_endpoint(b, &c->server);
	tv_buf_addc(b, ' ');
	sni(b, c);
	tv_buf_addc(b, ' ');
	version(b, c);
	tv_buf_addc(b, ' ');
	suite(b, c);
	tv_buf_adds(b, verdict(c) > 0 ? " trusted" : verdict(c) < 0
							 ? " untrusted"
							 : "");
}

static bool matches(const ui *u, const tv_conn *c)
{
	tv_buf b;
	bool m;

	if (!u->search[0])
		return true;
	tv_buf_init(&b);
	list_row_text(u, c, &b);
	m = strcasestr(tv_buf_str(&b), u->search) != NULL;
	tv_buf_free(&b);
	return m;
}

static int cmp_endpoint(const tv_endpoint *a, const tv_endpoint *b)
{
	int r = strcmp(a->ip, b->ip);

	return r ? r : (int)a->port - (int)b->port;
}

static int cmp_bytes(tv_bytes a, tv_bytes b)
{
	size_t n = a.n < b.n ? a.n : b.n;
	int r = n ? memcmp(a.p, b.p, n) : 0;

	if (!a.p || !b.p)
		return !!b.p - !!a.p;
	return r ? r : (a.n > b.n) - (a.n < b.n);
}

static int cmp_conn(const void *pa, const void *pb, void *arg)
{
	const ui *u = arg;
	const tv_conn *a = u->conns[*(const size_t *)pa];
	const tv_conn *b = u->conns[*(const size_t *)pb];
	int r = 0;

	switch (u->sort) {
	case COL_CLIENT:
		r = cmp_endpoint(&a->client, &b->client);
		break;
	case COL_SERVER:
		r = cmp_endpoint(&a->server, &b->server);
		break;
	case COL_SNI:
		r = cmp_bytes(a->sni, b->sni);
		break;
	case COL_VERSION:
		r = (a->version > b->version) - (a->version < b->version);
		break;
	case COL_SUITE:
		r = (a->cipher_suite > b->cipher_suite) -
		    (a->cipher_suite < b->cipher_suite);
		break;
	case COL_VERDICT:
		r = verdict(a) - verdict(b);
		break;
	case COL_MSGS:
		r = (a->n_msgs > b->n_msgs) - (a->n_msgs < b->n_msgs);
		break;
	default:
		break;
	}
	return r ? r : (a->id > b->id) - (a->id < b->id);
}

/* The rows again (new connections, another sort or filter), keeping the
 * selected connection selected. */
void list_rebuild(ui *u)
{
	size_t keep = u->list_sel < u->n_rows ? u->rows[u->list_sel]
						 : SIZE_MAX;

	u->rows = tv_xrealloc(u->rows, (u->n_conns + 1) * sizeof *u->rows);
	u->n_rows = 0;
	for (size_t i = 0; i < u->n_conns; i++)
		if (!u->filter || matches(u, u->conns[i]))
			u->rows[u->n_rows++] = i;
	if (u->sort != COL_ARRIVAL)
		qsort_r(u->rows, u->n_rows, sizeof *u->rows, cmp_conn, u);
	u->list_sel = 0;
	for (size_t i = 0; i < u->n_rows; i++)
		if (u->rows[i] == keep)
			u->list_sel = i;
}

void list_title(const ui *u, tv_buf *b)
{
	tv_buf_printf(b, ", sorted by %s", col_names[u->sort]);
	if (u->search[0]) {
		tv_buf_adds(b, u->filter ? ", only " : ", search ");
		ui_escs(b, u->search);
	}
}

/* Column widths for a terminal w wide. */
typedef struct layout {
	int id, time, ends, sni, ver, suite, mark, msgs;
} layout;

static layout measure(int w)
{
	bool narrow = w < 100; /* seconds, "1.3": room for the addresses */
	layout l = {.id = 4, .time = narrow ? 8 : 12, .ver = narrow ? 3 : 7,
		    .mark = 1, .msgs = 4};
	int rest = w - (l.id + l.time + l.ver + l.mark + l.msgs) - 8;

	if (rest < 24)
		rest = 24;
	l.ends = rest * (narrow ? 66 : 45) / 100;
	l.sni = rest * (narrow ? 17 : 22) / 100;
	l.suite = rest - l.ends - l.sni;
	return l;
}

/* The cells of a row, each cut to its column. */
static void row(int y, int w, const layout *l, const char *cells[8],
		attr_t a, const char *mark, attr_t mark_a)
{
	const int widths[8] = {l->id,  l->time, l->ends, l->sni,
			       l->ver, l->suite, l->mark, l->msgs};
	int x = 0;

	if (a != A_NORMAL)
		ui_row(y, 0, w, "", a);
	for (int i = 0; i < 8 && x < w; i++) {
		int cw = widths[i] < w - x ? widths[i] : w - x;

		if (i == 6 && mark)
			ui_put(y, x, cw, mark, a != A_NORMAL ? a : mark_a);
		else if (i == 0 || i == 7) /* numbers to the right */
			ui_put(y, x + cw - (int)strlen(cells[i]) > x
				      ? x + cw - (int)strlen(cells[i])
				      : x,
			       cw, cells[i], a);
		else
			ui_put(y, x, cw, cells[i], a);
		x += cw + 1;
	}
}

void list_draw(ui *u, int y, int h, int w)
{
	layout l = measure(w);
	tv_buf t[8];
	const char *cells[8];
	size_t body = h > 1 ? (size_t)h - 1 : 1;

	{
		const char *hc[8] = {"#",	"time",	 "client -> server",
				     "SNI",	l.ver < 7 ? "TLS" : "version",
				     "suite", "",	"msgs"};

		row(y, w, &l, hc, A_BOLD, NULL, 0);
	}
	if (!u->n_rows) {
		ui_put(y + 2, 2, w - 2,
		       !u->path[0] && !u->n_conns
			   ? "(nothing open: o opens a capture, c connects to "
			     "a host)"
		       : u->loading	 ? "(no connection yet)"
		       : u->n_conns	 ? "(no connection matches)"
					 : "(no TLS connection)",
		       ui_attr(RL_DIM));
		return;
	}
	if (u->list_sel >= u->n_rows)
		u->list_sel = u->n_rows - 1;
	ui_scroll_to(&u->list_top, u->list_sel, body);
	if (u->list_top + body > u->n_rows)
		u->list_top = u->n_rows > body ? u->n_rows - body : 0;
	for (int i = 0; i < 8; i++)
		tv_buf_init(&t[i]);
	for (size_t r = 0; r < body && u->list_top + r < u->n_rows; r++) {
		size_t i = u->list_top + r;
		const tv_conn *c = u->conns[u->rows[i]];
		attr_t ma;
		const char *mark = verdict_mark(c, &ma);

		for (int k = 0; k < 8; k++)
			tv_buf_reset(&t[k]);
		tv_buf_printf(&t[0], "%llu", (unsigned long long)c->id);
		hms(&t[1], c->start_us);
		if (t[1].len > (size_t)l.time) { /* narrow: no ms */
			t[1].len = (size_t)l.time;
			t[1].p[t[1].len] = '\0';
		}
		ui_endpoint(&t[2], &c->client);
		tv_buf_adds(&t[2], " -> ");
		ui_endpoint(&t[2], &c->server);
		sni(&t[3], c);
		version(&t[4], c);
		if (l.ver < 7 && !strncmp(t[4].p, "TLS ", 4))
			memmove(t[4].p, t[4].p + 4, (t[4].len -= 4) + 1);
		suite(&t[5], c);
		if (l.ver < 7 && !strncmp(t[5].p, "TLS_", 4))
			memmove(t[5].p, t[5].p + 4, (t[5].len -= 4) + 1);
		tv_buf_printf(&t[7], "%zu", c->n_msgs);
		for (int k = 0; k < 8; k++)
			cells[k] = tv_buf_str(&t[k]);
		row(y + 1 + (int)r, w, &l, cells,
		    i == u->list_sel ? ui_attr(RL_SEL) : A_NORMAL, mark, ma);
	}
	for (int i = 0; i < 8; i++)
		tv_buf_free(&t[i]);
}

static tv_conn *selected(ui *u)
{
	return u->n_rows ? u->conns[u->rows[u->list_sel]] : NULL;
}

/* From the selection on, the next (dir 1) or previous row matching. */
static void find(ui *u, int dir)
{
	size_t n = u->n_rows;

	if (!u->search[0]) {
		ui_msg(u, "no search: / searches");
		return;
	}
	for (size_t k = 1; k <= n; k++) {
		size_t i = dir > 0 ? (u->list_sel + k) % n
				   : (u->list_sel + n - k % n) % n;

		if (matches(u, u->conns[u->rows[i]])) {
			u->list_sel = i;
			return;
		}
	}
	ui_msg(u, "no row matches");
}

static void search(ui *u)
{
	char q[sizeof u->search];

	q[0] = '\0'; /* a new search, as in less and vi */
	if (!ui_prompt(u, "Search: ", q, sizeof q))
		return;
	snprintf(u->search, sizeof u->search, "%s", q);
	if (u->filter || !u->search[0]) {
		list_rebuild(u);
		if (!u->search[0])
			return;
	}
	if (u->n_rows && matches(u, selected(u)))
		return;
	find(u, 1);
}

void list_act(ui *u, enum ui_act a)
{
	size_t page = u->body_h > 2 ? (size_t)u->body_h - 2 : 1;
	tv_conn *c = selected(u);

	switch (a) {
	case ACT_OPEN:
		if (c)
			ladder_open(u, c);
		break;
	case ACT_SEARCH:
		search(u);
		break;
	case ACT_NEXT:
	case ACT_PREV:
		if (u->n_rows)
			find(u, a == ACT_NEXT ? 1 : -1);
		break;
	case ACT_FILTER:
		u->filter = !u->filter;
		list_rebuild(u);
		break;
	case ACT_SORT:
		u->sort = (u->sort + 1) % N_COLS;
		list_rebuild(u);
		break;
	case ACT_CHAIN:
		if (c) {
			u->conn = c;
			chain_open(u, &c->certs, c->validation);
		}
		break;
	case ACT_WRITE:
		if (c)
			ui_write_json(u, c);
		break;
	default:
		ui_move(&u->list_sel, u->n_rows, a, page);
		break;
	}
}

void list_click(ui *u, int r, bool open)
{
	size_t i;

	if (r < 1)
		return;
	i = u->list_top + (size_t)r - 1;
	if (i >= u->n_rows)
		return;
	u->list_sel = i;
	if (open)
		list_act(u, ACT_OPEN);
}
