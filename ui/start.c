/*
 * The start screen (tlsview with no argument): connect to a host, open a
 * capture, start the workshop lab, look at the trust anchors, or pick a
 * recent target again.  One list of items; Enter does the selected one
 * and each action has its key too.
 */
#include "ui/ui_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct start_item {
	const char *key, *what, *why;
	enum ui_act act;
} start_item;

static const start_item actions[] = {
    {"c", "Connect to a host...", "a live server's handshake and chain",
     ACT_CONNECT},
    {"o", "Open a capture...", "replay a pcap or pcapng file",
     ACT_OPEN_FILE},
    {"L", "Start the workshop lab", "local good and broken TLS servers",
     ACT_LAB},
    {"a", "Trust anchors", "the CAs chains are checked against",
     ACT_ANCHORS},
};
#define N_ACTIONS (sizeof actions / sizeof *actions)

#define TOP 2 /* rows above the first item */

static size_t n_items(const ui *u)
{
	return N_ACTIONS + u->recent.n;
}

void start_open(ui *u)
{
	u->stack[0] = S_START;
	u->depth = 0;
	u->start_sel = 0;
	if (u->recent_path[0])
		tv_recent_load(&u->recent, u->recent_path);
}

void start_remember(ui *u)
{
	tv_error err;

	if (!u->job_target[0] || !u->recent_path[0])
		return;
	/* another tlsview may have added some meanwhile */
	tv_recent_load(&u->recent, u->recent_path);
	if (tv_recent_add(&u->recent, u->job_kind, u->job_target,
			  (int64_t)time(NULL)) &&
	    !tv_recent_save(&u->recent, u->recent_path, &err))
		u->recent_path[0] = '\0'; /* not again this time */
	u->job_target[0] = '\0';
	if (u->start_sel >= n_items(u))
		u->start_sel = n_items(u) - 1;
}

/* The screen row (from the body's top) of item i. */
static int item_row(const ui *u, size_t i)
{
	return TOP + (int)i + (i >= N_ACTIONS && u->recent.n ? 2 : 0);
}

static void when(char *buf, size_t size, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) ||
	    !strftime(buf, size, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, size, "?");
}

void start_draw(ui *u, int y, int h, int w)
{
	tv_buf b;

	ui_put(y, 2, w - 2, "What would you like to look at?", A_BOLD);
	for (size_t i = 0; i < n_items(u); i++) {
		int row = item_row(u, i);
		attr_t a = i == u->start_sel ? ui_attr(RL_SEL) : A_NORMAL;

		if (row >= h)
			break;
		tv_buf_init(&b);
		if (i < N_ACTIONS) {
			const start_item *it = &actions[i];

			tv_buf_printf(&b, "  %s  %-24s %s", it->key, it->what,
				      it->why);
		} else {
			const tv_recent_item *r = &u->recent.v[i - N_ACTIONS];
			char t[32];

			when(t, sizeof t, r->when);
			tv_buf_printf(&b, "  %zu  %s  ", i - N_ACTIONS + 1,
				      r->kind == TV_RECENT_HOST ? "connect"
								: "open   ");
			ui_escs(&b, r->target);
			tv_buf_printf(&b, "  (%s)", t);
		}
		ui_row(y + row, 0, w, tv_buf_str(&b), a);
		tv_buf_free(&b);
	}
	if (u->recent.n && item_row(u, N_ACTIONS) - 1 < h)
		ui_put(y + item_row(u, N_ACTIONS) - 1, 2, w - 2,
		       "Recent (Enter opens it again)", ui_attr(RL_DIM));
	if (!u->recent.n && item_row(u, N_ACTIONS) + 1 < h)
		ui_put(y + item_row(u, N_ACTIONS) + 1, 2, w - 2,
		       u->recent_path[0]
			   ? "(no recent target yet: the hosts and captures "
			     "you open are listed here)"
			   : "(recent targets are not kept: neither "
			     "XDG_STATE_HOME nor HOME is set)",
		       ui_attr(RL_DIM));
}

static void activate(ui *u, size_t i)
{
	const tv_recent_item *r;

	if (i < N_ACTIONS) {
		enum ui_act a = actions[i].act;

		if (a == ACT_CONNECT)
			ui_ask_connect(u);
		else if (a == ACT_OPEN_FILE)
			ui_ask_open_file(u);
		else if (a == ACT_LAB)
			lab_open(u);
		else
			anchors_open(u);
		return;
	}
	r = &u->recent.v[i - N_ACTIONS];
	if (r->kind == TV_RECENT_HOST)
		ui_start_connect(u, r->target);
	else
		ui_start_file(u, r->target);
}

void start_act(ui *u, enum ui_act a)
{
	if (a == ACT_OPEN)
		activate(u, u->start_sel);
	else
		ui_move(&u->start_sel, n_items(u), a,
			u->body_h > 1 ? (size_t)u->body_h - 1 : 1);
}

void start_click(ui *u, int row, bool open)
{
	for (size_t i = 0; i < n_items(u); i++)
		if (item_row(u, i) == row) {
			u->start_sel = i;
			if (open)
				activate(u, i);
			return;
		}
}
