/*
 * The workshop lab's screen: one row per case (its port, what it is, the
 * verdict of the last connection to it) and, below, the selected case's
 * teaching note.  Enter connects to the case; when the connection
 * arrives its ladder opens, and C shows its chain and why.
 */
#include "ui/ui_int.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "util/arena.h"

#define NOTE_MIN 8 /* rows kept for the note under the list */

static size_t n_cases(void)
{
	size_t n;

	tv_lab_cases(&n);
	return n;
}

static const tv_lab_case *case_at(size_t i)
{
	size_t n;
	const tv_lab_case *t = tv_lab_cases(&n);

	return i < n ? &t[i] : NULL;
}

/* The lab's latest connection to case i, or NULL. */
static tv_conn *last_conn(const ui *u, size_t i)
{
	if (!u->lab_last || !u->lab_last[i])
		return NULL;
	for (size_t k = u->n_conns; k-- > 0;)
		if (u->conns[k]->id == u->lab_last[i])
			return u->conns[k];
	return NULL;
}

/* The servers' threads start with the UI's signals blocked, so a Ctrl-C
 * or a resize still reaches the UI's thread. */
static bool serve(tv_lab *l, tv_error *err)
{
	sigset_t old;
	bool ok;

	tv_ui_block_signals(&old);
	ok = tv_lab_serve(l, err);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ok;
}

/* The lab in its default directory, on its default ports, or on any
 * free ones when those are taken (another lab runs). */
static tv_lab *start_servers(tv_error *err)
{
	tv_lab_opts lo = {.port = TV_LAB_PORT};
	tv_lab *l = tv_lab_open(&lo, err);

	if (!l)
		return NULL;
	if (serve(l, err))
		return l;
	tv_lab_free(l);
	lo.port = 0;
	l = tv_lab_open(&lo, err);
	if (l && !serve(l, err)) {
		tv_lab_free(l);
		l = NULL;
	}
	return l;
}

static bool lab_start(ui *u)
{
	tv_trust_opts to;
	tv_error err = {TV_OK, ""};
	int status = 0;
	tv_buf b;

	u->lab = start_servers(&err);
	if (!u->lab) {
		tv_buf_init(&b);
		ui_escs(&b, err.msg);
		ui_msg(u, "%s", tv_buf_str(&b));
		tv_buf_free(&b);
		return false;
	}
	tv_lab_trust_opts(u->lab, &to);
	u->lab_checker = tv_checker_new(&to, &status);
	tv_trust_opts_free(&to);
	if (!u->lab_checker) {
		ui_msg(u, "lab: cannot load the lab root from %s",
		       tv_lab_dir(u->lab));
		tv_lab_free(u->lab);
		u->lab = NULL;
		return false;
	}
	u->own_lab = true;
	return true;
}

void lab_open(ui *u)
{
	if (!u->lab && !lab_start(u))
		return;
	if (!u->lab_last)
		u->lab_last = tv_xcalloc(n_cases(), sizeof *u->lab_last);
	if (ui_top(u) != S_LAB)
		ui_push(u, S_LAB);
}

void lab_free(ui *u)
{
	if (u->own_lab) {
		tv_checker_free(u->lab_checker);
		tv_lab_free(u->lab);
	}
	u->lab = NULL;
	u->lab_checker = NULL;
	free(u->lab_last);
	u->lab_last = NULL;
}

/* "✓ trusted", "✗ expired, hostname_mismatch", "✗ certificate_required" */
static const char *verdict(const tv_conn *c, tv_buf *b, attr_t *a)
{
	const tv_validation *v = c->validation;

	*a = ui_attr(RL_BAD);
	if (v && v->trusted) {
		*a = ui_attr(RL_OK);
		tv_buf_printf(b, "%s trusted", ui_g->ok);
	} else if (v && v->n_reasons) {
		tv_buf_printf(b, "%s ", ui_g->bad);
		for (size_t i = 0; i < v->n_reasons; i++) {
			if (v->reasons[i].severity != TV_SEV_ERROR)
				continue;
			if (b->len > 4 && b->p[b->len - 1] != ' ')
				tv_buf_adds(b, ", ");
			ui_escs(b, v->reasons[i].code);
		}
	} else {
		tv_buf_printf(b, "%s no chain", ui_g->none);
		*a = ui_attr(RL_DIM);
	}
	for (const tv_alert *al = c->alerts; al; al = al->next) {
		if (al->level == 2) {
			tv_buf_adds(b, "; alert ");
			ui_alert_name(b, al);
			*a = ui_attr(RL_BAD);
			break;
		}
	}
	return tv_buf_str(b);
}

static int list_h(int h)
{
	int n = (int)n_cases() + 1;

	return h - NOTE_MIN < n ? (h - NOTE_MIN > 3 ? h - NOTE_MIN : 3) : n;
}

static void note(ui *u, int y, int h, int w)
{
	const tv_lab_case *k = case_at(u->lab_sel);
	const tv_conn *c = last_conn(u, u->lab_sel);
	ui_doc d;
	tv_buf b;

	if (!k || h <= 0)
		return;
	doc_init(&d, w);
	tv_buf_init(&b);
	if (c) {
		attr_t a;

		tv_buf_printf(&b, "Connection %llu: ", (unsigned long long)c->id);
		{
			tv_buf v;

			tv_buf_init(&v);
			tv_buf_adds(&b, verdict(c, &v, &a));
			tv_buf_free(&v);
		}
		tv_buf_adds(&b, "  (Enter: again, C: the chain and why)");
		doc_wrap(&d, 1, 3, a, tv_buf_str(&b));
		tv_buf_reset(&b);
	}
	tv_buf_adds(&b, "What it shows: ");
	tv_buf_adds(&b, k->shows);
	doc_wrap(&d, 1, 3, A_NORMAL, tv_buf_str(&b));
	tv_buf_reset(&b);
	tv_buf_adds(&b, "A browser says: ");
	tv_buf_adds(&b, k->browser);
	doc_wrap(&d, 1, 3, A_NORMAL, tv_buf_str(&b));
	tv_buf_reset(&b);
	tv_buf_adds(&b, "The fix: ");
	tv_buf_adds(&b, k->fix);
	doc_wrap(&d, 1, 3, A_NORMAL, tv_buf_str(&b));
	tv_buf_free(&b);
	doc_draw(&d, 0, y, h, w, -1);
	doc_free(&d);
}

void lab_draw(ui *u, int y, int h, int w)
{
	size_t n = n_cases();
	int lh = list_h(h);
	tv_buf b;

	if (!u->lab)
		return;
	tv_buf_init(&b);
	tv_buf_printf(&b, " %-16s %5s  %s", "case", "port", "what it is");
	ui_row(y, 0, w, tv_buf_str(&b), A_BOLD);
	ui_scroll_to(&u->lab_top, u->lab_sel, (size_t)(lh - 1));
	for (size_t i = u->lab_top; i < n && (int)(i - u->lab_top) < lh - 1;
	     i++) {
		const tv_lab_case *k = case_at(i);
		const tv_conn *c = last_conn(u, i);
		attr_t a = i == u->lab_sel ? ui_attr(RL_SEL) : A_NORMAL;
		int row = y + 1 + (int)(i - u->lab_top);

		tv_buf_reset(&b);
		tv_buf_printf(&b, " %-16s %5u  %s", k->name,
			      tv_lab_port(u->lab, i), k->title);
		if (c) { /* the verdict on the right */
			tv_buf v;
			attr_t va;
			int vw;

			tv_buf_init(&v);
			verdict(c, &v, &va);
			vw = ui_width(tv_buf_str(&v));
			if (vw > w / 3)
				vw = w / 3;
			ui_row(row, 0, w - vw - 1, tv_buf_str(&b), a);
			ui_row(row, w - vw - 1, vw + 1, "", a);
			ui_put(row, w - vw, vw, tv_buf_str(&v),
			       i == u->lab_sel ? a : va);
			tv_buf_free(&v);
		} else {
			ui_row(row, 0, w, tv_buf_str(&b), a);
		}
	}
	tv_buf_free(&b);
	for (int x = 0; x < w; x++)
		mvaddstr(y + lh, x, ui_g->hline);
	note(u, y + lh + 1, h - lh - 1, w);
}

static void connect_case(ui *u, size_t i)
{
	tv_buf b;

	tv_lab_session_opts(u->lab, i, &u->lab_so);
	snprintf(u->lab_target, sizeof u->lab_target, "lab:%s",
		 case_at(i)->name);
	if (!ui_start_session(u, u->lab_target, &u->lab_so, u->lab_checker))
		return;
	u->lab_pending = (int)i;
	tv_buf_init(&b);
	tv_buf_printf(&b, "connecting to case %s on port %u...",
		      case_at(i)->name, tv_lab_port(u->lab, i));
	ui_msg(u, "%s", tv_buf_str(&b));
	tv_buf_free(&b);
}

void lab_arrived(ui *u, tv_conn *c)
{
	size_t i;

	if (u->lab_pending < 0 || !u->lab_last)
		return;
	i = (size_t)u->lab_pending;
	u->lab_pending = -1;
	u->lab_last[i] = c->id;
	if (ui_top(u) == S_LAB) { /* still waiting there: show it */
		ladder_open(u, c);
	}
}

void lab_act(ui *u, enum ui_act a)
{
	tv_conn *c = last_conn(u, u->lab_sel);

	switch (a) {
	case ACT_OPEN:
		connect_case(u, u->lab_sel);
		break;
	case ACT_TAB:
		ui_push(u, S_LIST);
		break;
	case ACT_CHAIN:
		if (!c)
			ui_msg(u, "no connection to this case yet: Enter "
				  "connects");
		else if (!c->certs.n)
			ui_msg(u, "no certificate in that connection");
		else {
			u->conn = c;
			chain_open(u, &c->certs, c->validation);
		}
		break;
	case ACT_WRITE:
		if (c)
			ui_write_json(u, c);
		else
			ui_msg(u, "no connection to this case yet: Enter "
				  "connects");
		break;
	default:
		ui_move(&u->lab_sel, n_cases(), a,
			u->body_h > NOTE_MIN ? (size_t)(u->body_h - NOTE_MIN)
					     : 1);
		break;
	}
}

void lab_click(ui *u, int row, bool open)
{
	size_t i = u->lab_top + (size_t)row - 1;

	if (row < 1 || row >= list_h(u->body_h) || i >= n_cases())
		return;
	u->lab_sel = i;
	if (open)
		connect_case(u, i);
}
