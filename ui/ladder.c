/*
 * The handshake ladder: client and server columns, an arrow per message
 * and alert in time order with the time since the one before; [Name] for
 * what was read after decryption, alerts in the alert colour, a line for
 * handshake records nobody could decrypt, the notes below.  A column
 * beside the time marks where a TLS record starts: rN on the first
 * message of its side's record N, a bar on one that shares the record of
 * the message before it on that side.
 */
#include "ui/ui_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/guide.h"
#include "tls/registry.h"
#include "util/arena.h"

#define TIME_W 10
#define REC_W  5 /* "r123 " */

void ladder_open(ui *u, tv_conn *c)
{
	const tv_msg *m = c->msgs;
	const tv_alert *a = c->alerts;
	size_t n = 0;

	u->conn = c;
	u->ev = tv_xrealloc(u->ev, (c->n_msgs + c->n_alerts + 1) *
				       sizeof *u->ev);
	/* a message first on a tie: an alert ends what came with it */
	while (m || a) {
		if (m && (!a || m->time_us <= a->time_us)) {
			u->ev[n++] = (ui_event){m, NULL};
			m = m->next;
		} else {
			u->ev[n++] = (ui_event){NULL, a};
			a = a->next;
		}
	}
	u->n_ev = n;
	u->ev_sel = u->ev_top = 0;
	ui_push(u, S_LADDER);
}

static uint64_t undecrypted(const tv_conn *c)
{
	return c->encrypted_hs_records[0] + c->encrypted_hs_records[1];
}

static void label(tv_buf *b, const ui_event *e)
{
	bool enc = e->m ? e->m->encrypted : e->a->encrypted;

	if (enc)
		tv_buf_addc(b, '[');
	if (e->m)
		ui_msg_name(b, e->m);
	else
		ui_alert_name(b, e->a);
	if (enc)
		tv_buf_addc(b, ']');
	if (e->m && e->m->error)
		tv_buf_adds(b, " !");
}

/* The record column of event e; last[dir] is the record of the side's
 * message before (-1: none yet). */
static void record_mark(tv_buf *b, const ui_event *e, int64_t last[2],
			int rec_w)
{
	size_t start = b->len;
	const tv_msg *m = e->m;

	if (!rec_w)
		return;
	if (!m) { /* an alert: its record is not kept */
		tv_buf_printf(b, "%*s", rec_w, "");
		return;
	}
	if (last[m->dir & 1] == (int64_t)m->record) {
		tv_buf_adds(b, ui_g->vline);
		tv_buf_printf(b, "%*s", rec_w - 1, "");
		return;
	}
	last[m->dir & 1] = m->record;
	tv_buf_printf(b, "r%" PRIu32, m->record);
	while (b->len - start < (size_t)rec_w)
		tv_buf_addc(b, ' ');
}

static void delta(tv_buf *b, int64_t d)
{
	uint64_t mag = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;

	tv_buf_printf(b, "%c%" PRIu64 ".%06" PRIu64, d < 0 ? '-' : '+',
		      mag / 1000000, mag % 1000000);
}

/* The connection in two lines above the ladder. */
static int header(ui *u, int y, int w)
{
	const tv_conn *c = u->conn;
	const char *n;
	tv_buf b;

	tv_buf_init(&b);
	tv_buf_printf(&b, "#%llu  ", (unsigned long long)c->id);
	ui_endpoint(&b, &c->client);
	tv_buf_adds(&b, " -> ");
	ui_endpoint(&b, &c->server);
	ui_put(y, 1, w - 1, tv_buf_str(&b), A_BOLD);
	tv_buf_reset(&b);
	if (c->sni.p) {
		tv_buf_adds(&b, "SNI ");
		ui_esc(&b, c->sni.p, c->sni.n);
		tv_buf_adds(&b, "   ");
	}
	if (c->version >= 0 && (n = tls_version_name((unsigned)c->version)))
		tv_buf_printf(&b, "%s   ", n);
	if (c->cipher_suite >= 0 &&
	    (n = tls_cipher_suite_name((unsigned)c->cipher_suite)))
		tv_buf_printf(&b, "%s   ", n);
	if (c->validation)
		tv_buf_adds(&b, c->validation->trusted ? "chain trusted"
						       : "chain NOT TRUSTED");
	ui_put(y + 1, 1, w - 1, tv_buf_str(&b),
	       c->validation && !c->validation->trusted ? ui_attr(RL_BAD)
							: A_NORMAL);
	tv_buf_free(&b);
	return 3;
}

/* An arrow n columns long pointing right or left. */
static void arrow(tv_buf *b, int n, bool right)
{
	if (!right)
		tv_buf_adds(b, ui_g->lhead);
	for (int i = 1; i < n; i++)
		tv_buf_adds(b, ui_g->hline);
	if (right)
		tv_buf_adds(b, ui_g->rhead);
}

/* x: a guide note as one line at column indent, without the "Term: " the
 * arrow above already shows, escaped and cut to the width with an
 * ellipsis. */
static ui_line *note_line(ui_doc *d, int indent, const char *note)
{
	const char *s = strstr(note, ": ");
	tv_buf e, b;
	int room = d->width - indent - 1, w = 0;
	ui_line *l;

	tv_buf_init(&e);
	tv_buf_init(&b);
	ui_escs(&e, s ? s + 2 : note);
	tv_buf_printf(&b, "%*s", indent, "");
	for (size_t i = 0; i < e.len; i++) {
		bool starts = ((uint8_t)e.p[i] & 0xc0) != 0x80;

		if (starts && ++w > room) {
			tv_buf_adds(&b, ui_g->ellipsis);
			break;
		}
		tv_buf_addc(&b, e.p[i]);
	}
	l = doc_add(d, ui_attr(RL_DIM), tv_buf_str(&b));
	tv_buf_free(&e);
	tv_buf_free(&b);
	return l;
}

static void event_note(ui_doc *d, const tv_conn *c, const ui_event *e,
		       int indent, int item)
{
	tv_buf n;

	tv_buf_init(&n);
	if (e->m ? tv_guide_msg_note(c, e->m, &n)
		 : tv_guide_alert_note(c, e->a, &n))
		note_line(d, indent, tv_buf_str(&n))->item = item;
	tv_buf_free(&n);
}

/* The rows of the ladder and the notes below it, as a document: item i
 * is event i. */
static void build(ui *u, ui_doc *d, int w)
{
	const tv_conn *c = u->conn;
	int left = 6, right = 6, arrow_w, rec_w = REC_W;
	int64_t prev = c->start_us, last[2] = {-1, -1};
	tv_buf b, t, dt;
	bool any_enc = false, compact;

	tv_buf_init(&b);
	tv_buf_init(&t);
	tv_buf_init(&dt);
	for (size_t i = 0; i < u->n_ev; i++) {
		bool srv = (u->ev[i].m ? u->ev[i].m->dir : u->ev[i].a->dir) ==
			   TV_DIR_SERVER;
		int lw;

		tv_buf_reset(&b);
		label(&b, &u->ev[i]);
		lw = ui_width(tv_buf_str(&b));
		if (srv && lw > right)
			right = lw;
		if (!srv && lw > left)
			left = lw;
	}
	arrow_w = w - 2 - TIME_W - 2 - left - 2 - 2 - right;
	/* the record column, unless it alone would fold the two sides
	 * into the compact form */
	if (arrow_w - REC_W < 6 && arrow_w >= 6)
		rec_w = 0;
	arrow_w -= rec_w;
	compact = arrow_w < 6;
	if (arrow_w > 40)
		arrow_w = 40;
	tv_buf_reset(&b);
	if (compact)
		tv_buf_printf(&b, "%*s  %-*s%s%s client to server, %s%s server "
				  "to client",
			      TIME_W, "", rec_w, "rec", ui_g->hline,
			      ui_g->rhead, ui_g->lhead, ui_g->hline);
	else
		tv_buf_printf(&b, "%*s  %-*s%-*s  %*s  server", TIME_W, "",
			      rec_w, rec_w ? "rec" : "", left, "client",
			      arrow_w, "");
	doc_add(d, ui_attr(RL_DIM), tv_buf_str(&b));
	for (size_t i = 0; i < u->n_ev; i++) {
		const ui_event *e = &u->ev[i];
		int64_t at = e->m ? e->m->time_us : e->a->time_us;
		bool srv = (e->m ? e->m->dir : e->a->dir) == TV_DIR_SERVER;
		bool enc = e->m ? e->m->encrypted : e->a->encrypted;
		attr_t a = e->a ? ui_attr(RL_BAD)
			   : enc ? ui_attr(RL_DECRYPT)
				 : A_NORMAL;
		ui_line *l;

		any_enc |= enc;
		tv_buf_reset(&t);
		label(&t, e);
		tv_buf_reset(&b);
		delta(&b, at - prev);
		prev = at;
		tv_buf_reset(&dt);
		tv_buf_printf(&dt, "%*s  ", TIME_W, tv_buf_str(&b));
		record_mark(&dt, e, last, rec_w);
		tv_buf_reset(&b);
		tv_buf_add(&b, dt.p, dt.len);
		if (compact) {
			arrow(&b, 3, !srv);
			tv_buf_adds(&b, "  ");
			tv_buf_add(&b, t.p, t.len);
		} else if (srv) {
			tv_buf_printf(&b, "%*s  ", left, "");
			arrow(&b, arrow_w, false);
			tv_buf_adds(&b, "  ");
			tv_buf_add(&b, t.p, t.len);
		} else {
			int lw = ui_width(tv_buf_str(&t));

			tv_buf_add(&b, t.p, t.len);
			tv_buf_printf(&b, "%*s  ", left - lw, "");
			arrow(&b, arrow_w, true);
		}
		l = doc_add(d, a, tv_buf_str(&b));
		l->item = (int)i;
		if (u->explain)
			event_note(d, c, e, TIME_W + 2 + rec_w, (int)i);
	}
	if (!u->n_ev)
		doc_add(d, A_NORMAL, "  no handshake messages seen");
	if (undecrypted(c))
		doc_printf(d, ui_attr(RL_WARN),
			   "%*s  %*s%s%s encrypted handshake, no keys (%" PRIu64
			   " record%s) %s%s",
			   TIME_W, "", rec_w, "", ui_g->hline, ui_g->hline,
			   undecrypted(c), undecrypted(c) == 1 ? "" : "s",
			   ui_g->hline, ui_g->hline);
	tv_buf_reset(&b);
	if (u->explain && tv_guide_conn_note(c, TV_GUIDE_NO_KEYS, &b))
		note_line(d, TIME_W + 2 + rec_w, tv_buf_str(&b));
	if (any_enc)
		doc_add(d, ui_attr(RL_DECRYPT),
			"  [...] was read after decryption");
	if (u->n_ev && rec_w)
		doc_printf(d, ui_attr(RL_DIM),
			   "  rec: rN starts its side's TLS record N, %s "
			   "shares the record above",
			   ui_g->vline);
	else if (u->n_ev)
		doc_printf(d, ui_attr(RL_DIM),
			   "  (%d more columns show where each TLS record "
			   "starts)",
			   REC_W);
	if (c->notes || c->n_notes_dropped) {
		doc_add(d, A_NORMAL, "");
		doc_add(d, A_BOLD, "  notes");
	}
	for (const tv_note *n = c->notes; n; n = n->next) {
		tv_buf_reset(&b);
		tv_buf_adds(&b, "- ");
		ui_escs(&b, n->text);
		doc_wrap(d, 2, 4, A_NORMAL, tv_buf_str(&b));
	}
	if (c->n_notes_dropped)
		doc_printf(d, A_NORMAL, "  - %zu more notes were dropped",
			   c->n_notes_dropped);
	doc_add(d, ui_attr(RL_DIM), "");
	doc_add(d, ui_attr(RL_DIM),
		"  Enter: the message's fields (a Certificate: its chain)   "
		"C: chain   w: write JSON");
	doc_add(d, ui_attr(RL_DIM),
		u->explain ? "  x: hide the notes"
			   : "  x: a plain-words note under each message");
	tv_buf_free(&b);
	tv_buf_free(&t);
	tv_buf_free(&dt);
}

/* The line of item i in d. */
static size_t line_of(const ui_doc *d, int item)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].item == item)
			return i;
	return 0;
}

void ladder_draw(ui *u, int y, int h, int w)
{
	int top = header(u, y, w);
	size_t body = h > top ? (size_t)(h - top) : 1;
	ui_doc d;
	size_t line;

	doc_init(&d, w);
	build(u, &d, w);
	line = line_of(&d, (int)u->ev_sel);
	/* the last message shows the notes below it as far as they fit */
	if (u->n_ev && u->ev_sel + 1 == u->n_ev && d.n > body)
		u->ev_top = d.n - body < line ? d.n - body : line;
	else
		ui_scroll_to(&u->ev_top, u->n_ev ? line : 0, body);
	if (u->ev_top > line && u->n_ev)
		u->ev_top = line;
	doc_draw(&d, u->ev_top, y + top, (int)body, w,
		 u->n_ev ? (int)u->ev_sel : -1);
	u->body_y = y + top;
	u->body_h = (int)body;
	doc_free(&d);
}

static void open_event(ui *u)
{
	const tv_msg *m;

	if (!u->n_ev || !(m = u->ev[u->ev_sel].m))
		return;
	if (m->type && !strcmp(m->type, "certificate")) {
		bool srv = m->dir == TV_DIR_SERVER;

		if (chain_open(u, srv ? &u->conn->certs : &u->conn->client_certs,
			       srv ? u->conn->validation : NULL))
			return;
	}
	detail_open(u, m);
}

void ladder_act(ui *u, enum ui_act a)
{
	size_t page = u->body_h > 1 ? (size_t)u->body_h - 1 : 1;

	switch (a) {
	case ACT_OPEN:
		open_event(u);
		break;
	case ACT_CHAIN:
		chain_open(u, &u->conn->certs, u->conn->validation);
		break;
	case ACT_WRITE:
		ui_write_json(u, u->conn);
		break;
	case ACT_EXPLAIN:
		u->explain = !u->explain;
		break;
	default:
		ui_move(&u->ev_sel, u->n_ev, a, page);
		break;
	}
}

void ladder_click(ui *u, int row, bool open)
{
	ui_doc d;
	size_t line = u->ev_top + (size_t)row;

	doc_init(&d, COLS);
	build(u, &d, COLS);
	if (line < d.n && d.v[line].item >= 0) {
		u->ev_sel = (size_t)d.v[line].item;
		if (open)
			open_event(u);
	}
	doc_free(&d);
}
