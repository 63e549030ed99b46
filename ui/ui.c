/*
 * The UI loop: a stack of screens over one set of connections, a key
 * table that both dispatches keys and writes the help screen, and the
 * loader's queue polled together with the keyboard.
 */
#include "ui/ui_int.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/json.h"
#include "report/text.h"
#include "util/arena.h"

#define BIT(s) (1u << (s))
#define ALL    (BIT(S_LIST) | BIT(S_LADDER) | BIT(S_DETAIL) | BIT(S_CHAIN) | \
	     BIT(S_ANCHORS) | BIT(S_START) | BIT(S_LAB) | BIT(S_HELP))
#define MENUS  (BIT(S_START) | BIT(S_LAB))
#define MOVERS ALL
#define CONN   (BIT(S_LIST) | BIT(S_LADDER) | BIT(S_DETAIL) | BIT(S_CHAIN))
#define ESC    27

/* Every key, in the order help shows them; keys with the same action
 * and text share a help line. */
const ui_key ui_keys[] = {
    {KEY_UP, "Up", MOVERS, ACT_UP, "move up"},
    {'k', "k", MOVERS, ACT_UP, "move up"},
    {KEY_DOWN, "Down", MOVERS, ACT_DOWN, "move down"},
    {'j', "j", MOVERS, ACT_DOWN, "move down"},
    {KEY_PPAGE, "PgUp", MOVERS, ACT_PGUP, "page up"},
    {KEY_NPAGE, "PgDn", MOVERS, ACT_PGDN, "page down"},
    {KEY_HOME, "Home", MOVERS, ACT_HOME, "first"},
    {KEY_END, "End", MOVERS, ACT_END, "last"},
    {KEY_LEFT, "Left", BIT(S_DETAIL), ACT_LEFT,
     "collapse the field (or go to its parent); in hex: previous byte"},
    {'h', "h", BIT(S_DETAIL), ACT_LEFT,
     "collapse the field (or go to its parent); in hex: previous byte"},
    {KEY_RIGHT, "Right", BIT(S_DETAIL), ACT_RIGHT,
     "expand the field; in hex: next byte"},
    {'l', "l", BIT(S_DETAIL), ACT_RIGHT,
     "expand the field; in hex: next byte"},
    {'\r', "Enter", BIT(S_LIST) | BIT(S_LADDER), ACT_OPEN,
     "open the connection / message (a Certificate opens its chain)"},
    {KEY_ENTER, "Enter", BIT(S_LIST) | BIT(S_LADDER), ACT_OPEN,
     "open the connection / message (a Certificate opens its chain)"},
    {'\r', "Enter", BIT(S_START), ACT_OPEN, "do the selected thing"},
    {KEY_ENTER, "Enter", BIT(S_START), ACT_OPEN, "do the selected thing"},
    {'\r', "Enter", BIT(S_LAB), ACT_OPEN,
     "connect to the selected case and show its handshake"},
    {KEY_ENTER, "Enter", BIT(S_LAB), ACT_OPEN,
     "connect to the selected case and show its handshake"},
    {'\t', "Tab", BIT(S_LAB), ACT_TAB, "the connections made so far"},
    {'\r', "Enter", BIT(S_DETAIL), ACT_TOGGLE, "open or close the field"},
    {KEY_ENTER, "Enter", BIT(S_DETAIL), ACT_TOGGLE, "open or close the field"},
    {' ', "Space", BIT(S_DETAIL), ACT_TOGGLE, "open or close the field"},
    {'\t', "Tab", BIT(S_DETAIL), ACT_TAB,
     "switch between the field tree and the hex pane"},
    {'/', "/", BIT(S_LIST), ACT_SEARCH, "search the rows for text"},
    {'/', "/", BIT(S_ANCHORS), ACT_SEARCH,
     "show the anchors whose subject, store or fingerprint has this text"},
    {'n', "n", BIT(S_LIST), ACT_NEXT, "next match"},
    {'N', "N", BIT(S_LIST), ACT_PREV, "previous match"},
    {'f', "f", BIT(S_LIST), ACT_FILTER, "show only the matches (again: all)"},
    {'s', "s", BIT(S_LIST), ACT_SORT, "sort by the next column"},
    {'o', "o", BIT(S_LIST) | BIT(S_START), ACT_OPEN_FILE,
     "open a capture file (instead of the one shown)"},
    {'c', "c", BIT(S_LIST) | BIT(S_START), ACT_CONNECT,
     "connect to HOST[:PORT] and add the connection to the list"},
    {'L', "L", BIT(S_LIST) | BIT(S_START), ACT_LAB,
     "the workshop lab: local good and broken servers to learn from"},
    {'a', "a", BIT(S_LIST) | BIT(S_CHAIN) | MENUS, ACT_ANCHORS,
     "the trust anchors the chains are checked against"},
    {'C', "C", BIT(S_LIST) | BIT(S_LADDER) | BIT(S_DETAIL) | BIT(S_LAB),
     ACT_CHAIN, "the server's certificate chain and its verdict"},
    {'w', "w", BIT(S_LAB), ACT_WRITE,
     "write the selected case's last connection as JSON"},
    {'w', "w", CONN, ACT_WRITE, "write the connection as JSON to a file"},
    {'x', "x", BIT(S_LADDER), ACT_EXPLAIN,
     "explain: a plain-words note beside each message"},
    {'e', "e", BIT(S_CHAIN), ACT_EXPORT,
     "export the selected certificate as PEM"},
    {'?', "?", ALL, ACT_HELP, "this help"},
    {ESC, "Esc", ALL, ACT_BACK, "back (while loading: stop loading)"},
    {'q', "q", ALL, ACT_QUIT,
     "back; on the connection list: quit (while loading: stop loading)"},
};
const size_t ui_n_keys = sizeof ui_keys / sizeof *ui_keys;

static const char *const screen_names[S_COUNT] = {
    "connection list", "handshake ladder", "message detail",
    "certificate chain", "trust anchors", "start", "workshop lab", "help"};

/* What each screen does: draw its body, act on a key, take a click. */
static const struct {
	void (*draw)(ui *u, int y, int h, int w);
	void (*act)(ui *u, enum ui_act a);
	void (*click)(ui *u, int row, bool open);
} screens[S_COUNT] = {
    [S_LIST] = {list_draw, list_act, list_click},
    [S_LADDER] = {ladder_draw, ladder_act, ladder_click},
    [S_DETAIL] = {detail_draw, detail_act, NULL},
    [S_CHAIN] = {chain_draw, chain_act, chain_click},
    [S_ANCHORS] = {anchors_draw, anchors_act, anchors_click},
    [S_START] = {start_draw, start_act, start_click},
    [S_LAB] = {lab_draw, lab_act, lab_click},
    [S_HELP] = {help_draw, help_act, NULL},
};

/* ---- small helpers the screens share ---- */

void ui_msg(ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->status, sizeof u->status, fmt, ap);
	va_end(ap);
}

void ui_push(ui *u, enum ui_screen s)
{
	if (u->depth + 1 < (int)(sizeof u->stack / sizeof *u->stack))
		u->stack[++u->depth] = s;
	else
		u->stack[u->depth] = s;
}

void ui_move(size_t *sel, size_t n, enum ui_act a, size_t page)
{
	if (!n) {
		*sel = 0;
		return;
	}
	if (!page)
		page = 1;
	switch (a) {
	case ACT_UP:
		*sel -= *sel > 0;
		break;
	case ACT_DOWN:
		*sel += *sel + 1 < n;
		break;
	case ACT_PGUP:
		*sel = *sel > page ? *sel - page : 0;
		break;
	case ACT_PGDN:
		*sel = *sel + page < n ? *sel + page : n - 1;
		break;
	case ACT_HOME:
		*sel = 0;
		break;
	case ACT_END:
		*sel = n - 1;
		break;
	default:
		break;
	}
	if (*sel >= n)
		*sel = n - 1;
}

void ui_scroll_to(size_t *top, size_t sel, size_t h)
{
	if (!h)
		h = 1;
	if (sel < *top)
		*top = sel;
	else if (sel >= *top + h)
		*top = sel - h + 1;
}

void ui_msg_name(tv_buf *b, const tv_msg *m)
{
	tv_text_msg_name(b, m); /* registry names: ASCII */
}

void ui_alert_name(tv_buf *b, const tv_alert *a)
{
	tv_text_alert_name(b, a);
}

void ui_endpoint(tv_buf *b, const tv_endpoint *e)
{
	size_t n = strnlen(e->ip, sizeof e->ip);
	bool v6 = memchr(e->ip, ':', n) != NULL;

	if (v6)
		tv_buf_addc(b, '[');
	ui_esc(b, e->ip, n);
	tv_buf_printf(b, "%s:%u", v6 ? "]" : "", (unsigned)e->port);
}

/* ---- prompts and files ---- */

static void draw(ui *u);

bool ui_prompt(ui *u, const char *question, char *buf, size_t size)
{
	size_t len = strlen(buf);
	bool ok = false;
	int ch;

	timeout(200); /* wake up for signals */
	curs_set(1);
	for (;;) {
		tv_buf b;
		int y = LINES - 1;

		tv_buf_init(&b);
		tv_buf_adds(&b, question);
		ui_esc(&b, buf, len);
		ui_row(y, 0, COLS, tv_buf_str(&b), A_BOLD);
		move(y, ui_width(tv_buf_str(&b)) < COLS
			    ? ui_width(tv_buf_str(&b))
			    : COLS - 1);
		tv_buf_free(&b);
		refresh();
		ch = getch();
		if (ui_signal_pending())
			break;
		if (ch == ERR)
			continue;
		if (ch == ESC)
			break;
		if (ch == '\r' || ch == '\n' || ch == KEY_ENTER) {
			ok = true;
			break;
		}
		if (ch == KEY_RESIZE) {
			draw(u);
			continue;
		}
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len) {
			/* a whole UTF-8 character */
			do
				len--;
			while (len && ((unsigned char)buf[len] & 0xc0) == 0x80);
			buf[len] = '\0';
		} else if (ch == 21) { /* Ctrl-U */
			len = 0;
			buf[0] = '\0';
		} else if (ch >= 32 && ch < 256 && ch != 127 &&
			   len + 1 < size) {
			buf[len++] = (char)ch;
			buf[len] = '\0';
		}
	}
	curs_set(0);
	nodelay(stdscr, TRUE);
	return ok;
}

bool ui_may_write(ui *u, const char *path)
{
	struct stat st;
	char answer[8] = "";
	tv_buf q;
	bool yes;

	if (lstat(path, &st) != 0)
		return true;
	tv_buf_init(&q);
	ui_escs(&q, path);
	tv_buf_adds(&q, " exists: overwrite it? (y/N) ");
	yes = ui_prompt(u, tv_buf_str(&q), answer, sizeof answer) &&
	      (answer[0] == 'y' || answer[0] == 'Y');
	tv_buf_free(&q);
	if (!yes)
		ui_msg(u, "not written");
	return yes;
}

static void msg_path(ui *u, const char *what, const char *path,
		     const char *why)
{
	tv_buf b;

	tv_buf_init(&b);
	ui_escs(&b, path);
	if (why)
		ui_msg(u, "%s: %s", tv_buf_str(&b), why);
	else
		ui_msg(u, "%s %s", what, tv_buf_str(&b));
	tv_buf_free(&b);
}

void ui_write_json(ui *u, const tv_conn *c)
{
	char path[512];
	tv_buf out;
	FILE *f;
	bool ok;

	snprintf(path, sizeof path, "conn-%llu.json", (unsigned long long)c->id);
	if (!ui_prompt(u, "Write JSON to: ", path, sizeof path) || !*path) {
		ui_msg(u, "not written");
		return;
	}
	if (!ui_may_write(u, path))
		return;
	f = fopen(path, "w");
	if (!f) {
		msg_path(u, "", path, strerror(errno));
		return;
	}
	tv_buf_init(&out);
	tv_json_conn(&out, c);
	ok = fwrite(out.p, 1, out.len, f) == out.len;
	ok = fclose(f) == 0 && ok;
	tv_buf_free(&out);
	msg_path(u, "wrote", path, ok ? NULL : strerror(errno));
}

/* ---- help ---- */

/* "  Up k          move up": the keys, then the text wrapped beside. */
static void help_line(ui_doc *d, const char *names, const char *help)
{
	size_t first = d->n, n = strlen(names);

	if (n > 12)
		doc_printf(d, A_NORMAL, "  %s", names);
	first = d->n;
	doc_wrap(d, 16, 16, A_NORMAL, help);
	if (n <= 12)
		memcpy(d->v[first].s + 2, names, n);
}

static void help_doc(ui_doc *d)
{
	for (int s = 0; s < S_HELP; s++) {
		doc_add(d, A_BOLD, screen_names[s]);
		for (size_t i = 0; i < ui_n_keys; i++) {
			const ui_key *k = &ui_keys[i];
			tv_buf names;
			bool seen = false;

			if (!(k->screens & BIT(s)))
				continue;
			/* a line per action and text, at its first key */
			for (size_t j = 0; j < i && !seen; j++)
				seen = (ui_keys[j].screens & BIT(s)) &&
				       ui_keys[j].act == k->act &&
				       !strcmp(ui_keys[j].help, k->help);
			if (seen)
				continue;
			tv_buf_init(&names);
			for (size_t j = i; j < ui_n_keys; j++) {
				const ui_key *o = &ui_keys[j];

				if (!(o->screens & BIT(s)) || o->act != k->act ||
				    strcmp(o->help, k->help))
					continue;
				if (names.len &&
				    strstr(tv_buf_str(&names), o->name))
					continue; /* Enter: '\r' and KEY_ENTER */
				if (names.len)
					tv_buf_adds(&names, " ");
				tv_buf_adds(&names, o->name);
			}
			help_line(d, tv_buf_str(&names), k->help);
			tv_buf_free(&names);
		}
		doc_add(d, A_NORMAL, "");
	}
	doc_add(d, A_NORMAL, "Mouse: a click selects, a double click opens.");
}

void help_draw(ui *u, int y, int h, int w)
{
	ui_doc d;

	doc_init(&d, w);
	help_doc(&d);
	if (u->help_top + (size_t)h > d.n)
		u->help_top = d.n > (size_t)h ? d.n - (size_t)h : 0;
	doc_draw(&d, u->help_top, y, h, w, -1);
	doc_free(&d);
}

void help_act(ui *u, enum ui_act a)
{
	size_t page = u->body_h > 1 ? (size_t)u->body_h - 1 : 1;

	if (a == ACT_HOME)
		u->help_top = 0;
	else if (a == ACT_END)
		u->help_top = SIZE_MAX / 2;
	else if (a == ACT_UP || a == ACT_PGUP)
		u->help_top -= u->help_top < (a == ACT_UP ? 1 : page)
				   ? u->help_top
				   : (a == ACT_UP ? 1 : page);
	else if (a == ACT_DOWN || a == ACT_PGDN)
		u->help_top += a == ACT_DOWN ? 1 : page;
}

/* ---- the frame: title bar, body, status bar ---- */

static void draw_title(ui *u)
{
	tv_buf b;

	tv_buf_init(&b);
	tv_buf_adds(&b, " tlsview  ");
	ui_escs(&b, u->path[0] ? u->path : "(no capture)");
	if (!u->cert_mode)
		tv_buf_printf(&b, "  %zu connection%s", u->n_conns,
			      u->n_conns == 1 ? "" : "s");
	if (u->filter && u->search[0])
		tv_buf_printf(&b, " (%zu shown)", u->n_rows);
	if (ui_top(u) == S_LIST)
		list_title(u, &b);
	tv_buf_printf(&b, "  |  %s", screen_names[ui_top(u)]);
	ui_row(0, 0, COLS, tv_buf_str(&b), ui_attr(RL_TITLE));
	tv_buf_free(&b);
}

/* "Loading [#####.....]  45%  12.3 of 27.0 MB, 23 connections" */
static void draw_status(ui *u)
{
	tv_buf b;
	int y = LINES - 1;

	tv_buf_init(&b);
	if (u->loading && u->connecting) {
		tv_buf_adds(&b, u->status[0] ? u->status : "connecting...");
	} else if (u->loading && u->sniffing && !u->stopped) {
		tv_buf_adds(&b, "listening on ");
		ui_escs(&b, u->opts.live->iface);
		tv_buf_printf(&b, ", %zu connection%s  (Esc stops)",
			      u->n_conns, u->n_conns == 1 ? "" : "s");
	} else if (u->loading && u->stopped) {
		tv_buf_printf(&b, "stopping... %zu connections  (q quits)",
			      u->n_conns);
	} else if (u->loading) {
		int bar = 20, fill = 0, pct = 0;

		if (u->total) { /* a file; a pipe's size is not known */
			pct = (int)(u->bytes * 100 / u->total);
			fill = (int)(u->bytes * (uint64_t)bar / u->total);
			tv_buf_adds(&b, "Loading [");
			for (int i = 0; i < bar; i++)
				tv_buf_addc(&b, i < fill ? '#' : '.');
			tv_buf_printf(&b, "] %3d%%  %.1f of %.1f MB", pct,
				      u->bytes / 1e6, u->total / 1e6);
		} else {
			tv_buf_printf(&b, "Loading  %.1f MB read",
				      u->bytes / 1e6);
		}
		tv_buf_printf(&b, ", %zu connection%s  (Esc stops)",
			      u->n_conns, u->n_conns == 1 ? "" : "s");
	} else if (u->status[0]) {
		tv_buf_adds(&b, u->status);
	} else if (u->cert_mode) {
		tv_buf_printf(&b, "? help  q %s", u->depth ? "back" : "quit");
	} else if (ui_top(u) == S_START) {
		tv_buf_adds(&b, "Enter does the selected thing   c o L a: the "
				"same by key   ? help   q quit");
	} else if (ui_top(u) == S_LAB) {
		tv_buf_printf(&b, "Enter connects   C chain   Tab connections "
				  "  ? help   q %s",
			      u->depth ? "back" : "quit");
	} else {
		tv_buf_printf(&b, "%s%zu connection%s  ? help  q %s",
			      !u->stopped     ? ""
			      : u->sniffing ? "capture stopped: "
					    : "loading stopped: ",
			      u->n_conns, u->n_conns == 1 ? "" : "s",
			      u->depth ? "back" : "quit");
	}
	ui_row(y, 0, COLS, tv_buf_str(&b), ui_attr(RL_TITLE));
	tv_buf_free(&b);
}

static void draw(ui *u)
{
	int h = LINES - 2;

	erase();
	draw_title(u);
	u->body_y = 1;
	u->body_h = h > 0 ? h : 0;
	if (h > 0)
		screens[ui_top(u)].draw(u, 1, h, COLS);
	draw_status(u);
	refresh();
}

/* ---- keys ---- */

static void stop_loading(ui *u)
{
	ui_loader_stop(&u->loader);
	u->stopped = true;
}

static void back(ui *u)
{
	if (u->depth > 0)
		u->depth--;
	else if (u->loading)
		stop_loading(u);
}

/* What the recent targets remember of a job once it works: a capture
 * by its full path, a host as typed; nothing else. */
static void job_note(ui *u, const char *path, const char *target)
{
	u->job_target[0] = '\0';
	if (path) {
		char *full = realpath(path, NULL);

		u->job_kind = TV_RECENT_FILE;
		snprintf(u->job_target, sizeof u->job_target, "%s",
			 full ? full : path);
		free(full);
	} else if (target) {
		u->job_kind = TV_RECENT_HOST;
		snprintf(u->job_target, sizeof u->job_target, "%s", target);
	}
}

/* A job for the loader: a capture (it replaces the list) or a live
 * connection (added to it; so: its session options, checker: its
 * judge, when not the command line's). */
static bool start_job(ui *u, const char *path, const char *target,
		      const tv_session_opts *so, tv_checker *checker)
{
	tv_ui_replay_opts o = u->opts;
	uint64_t next = 1;

	o.live = NULL; /* the command line's interface is sniffed once */
	if (so) {
		o.session = so;
		o.connect = target;
	}
	if (checker)
		o.checker = checker;

	if (u->loading) {
		ui_msg(u, "still busy: Esc stops it first");
		return false;
	}
	ui_loader_finish(&u->loader);
	for (size_t i = 0; i < u->n_conns; i++)
		if (u->conns[i]->id >= next)
			next = u->conns[i]->id + 1;
	if (path) {
		for (size_t i = 0; i < u->n_conns; i++)
			tv_conn_free(u->conns[i]);
		u->n_conns = u->n_rows = 0;
		u->list_sel = u->list_top = 0;
		/* back to the list (the start screen or the lab under it) */
		u->depth = u->stack[0] == S_LIST || ui_top(u) == u->stack[0]
			       ? 0
			       : 1;
		snprintf(u->path, sizeof u->path, "%s", path);
		o.path = u->path;
	}
	if (!ui_loader_start(&u->loader, &o, target, next)) {
		ui_msg(u, "cannot start a thread");
		return false;
	}
	u->loading = true;
	u->stopped = false;
	u->connecting = target != NULL;
	u->sniffing = false;
	u->status[0] = '\0';
	/* remembered once it works: captures by their full path */
	job_note(u, path, so ? NULL : target);
	/* from the start screen, the list shows the job */
	if (ui_top(u) == S_START)
		ui_push(u, S_LIST);
	return true;
}

bool ui_start_file(ui *u, const char *path)
{
	return start_job(u, path, NULL, NULL, NULL);
}

bool ui_start_connect(ui *u, const char *target)
{
	tv_buf b;

	if (!start_job(u, NULL, target, NULL, NULL))
		return false;
	tv_buf_init(&b);
	ui_escs(&b, target);
	ui_msg(u, "connecting to %s...", tv_buf_str(&b));
	tv_buf_free(&b);
	return true;
}

bool ui_start_session(ui *u, const char *target, const tv_session_opts *so,
		      tv_checker *checker)
{
	return start_job(u, NULL, target, so, checker);
}

void ui_ask_open_file(ui *u)
{
	char path[512] = "";

	if (ui_prompt(u, "Open capture: ", path, sizeof path) && *path)
		ui_start_file(u, path);
}

void ui_ask_connect(ui *u)
{
	char target[300] = "";

	if (ui_prompt(u, "Connect to HOST[:PORT]: ", target, sizeof target) &&
	    *target)
		ui_start_connect(u, target);
}

static void screen_act(ui *u, enum ui_act a)
{
	if (a == ACT_OPEN_FILE) {
		ui_ask_open_file(u);
		return;
	}
	if (a == ACT_CONNECT) {
		ui_ask_connect(u);
		return;
	}
	if (a == ACT_LAB) {
		lab_open(u);
		return;
	}
	if (a == ACT_ANCHORS) {
		anchors_open(u);
		return;
	}
	screens[ui_top(u)].act(u, a);
}

static void mouse(ui *u)
{
	MEVENT ev;
	int row;
	bool open;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		enum ui_act a = ev.bstate & BUTTON4_PRESSED ? ACT_UP : ACT_DOWN;

		for (int i = 0; i < 3; i++)
			screen_act(u, a);
		return;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return;
	row = ev.y - u->body_y;
	if (row < 0 || row >= u->body_h)
		return;
	open = (ev.bstate & BUTTON1_DOUBLE_CLICKED) != 0;
	if (ui_top(u) == S_DETAIL) /* a byte of the hex pane too */
		detail_click(u, row, ev.x, open);
	else if (screens[ui_top(u)].click)
		screens[ui_top(u)].click(u, row, open);
}

static void key(ui *u, int ch)
{
	enum ui_screen s = ui_top(u);
	const ui_key *k = NULL;

	if (ch == KEY_RESIZE)
		return; /* the next draw uses the new size */
	if (ch == KEY_MOUSE) {
		mouse(u);
		return;
	}
	if (ch == '\n')
		ch = '\r';
	for (size_t i = 0; i < ui_n_keys && !k; i++)
		if (ui_keys[i].key == ch && (ui_keys[i].screens & BIT(s)))
			k = &ui_keys[i];
	if (!k)
		return;
	u->status[0] = '\0';
	switch (k->act) {
	case ACT_HELP:
		if (s != S_HELP) {
			u->help_top = 0;
			ui_push(u, S_HELP);
		}
		break;
	case ACT_BACK:
		back(u);
		break;
	case ACT_QUIT:
		if (u->depth == 0 && u->loading && !u->stopped)
			stop_loading(u);
		else if (u->depth == 0)
			u->quit = true;
		else
			back(u);
		break;
	default:
		screen_act(u, k->act);
		break;
	}
}

/* ---- the loader's news ---- */

/* The loader's news.  done is read before the queue is taken: the
 * loader sets it after its last connection, so none is left behind. */
static void absorb(ui *u)
{
	ui_loader *l = &u->loader;
	size_t before = u->n_conns;
	tv_status st;
	tv_buf b;
	bool done;

	tv_buf_init(&b);
	pthread_mutex_lock(&l->mu);
	u->bytes = l->bytes;
	u->total = l->total;
	done = l->done;
	st = l->st;
	if (l->n_warn)
		ui_escs(&b, l->warn);
	else if (done && st != TV_OK)
		ui_escs(&b, l->err.msg);
	l->n_warn = 0;
	pthread_mutex_unlock(&l->mu);
	ui_loader_take(l, &u->conns, &u->n_conns, &u->cap_conns);
	for (size_t i = before; i < u->n_conns; i++)
		lab_arrived(u, u->conns[i]);
	if (b.len)
		ui_msg(u, "%s", tv_buf_str(&b));
	tv_buf_free(&b);
	if (done && u->loading) {
		bool first = u->first_job;

		u->loading = false;
		if (first) {
			u->first_job = false;
			u->first_st = st;
			pthread_mutex_lock(&l->mu);
			u->first_err = l->err;
			pthread_mutex_unlock(&l->mu);
		}
		/* nothing to show (no such file, not a capture): the error
		 * is said on the restored terminal */
		if (first && st != TV_OK && st != TV_TRUNCATED && !u->n_conns)
			u->quit = true;
		else if (st != TV_OK && st != TV_TRUNCATED && !u->n_conns &&
			 u->stack[0] == S_START) {
			u->depth = 0; /* nothing to list: back to the start */
			u->path[0] = '\0';
		}
		if (st == TV_OK || (st == TV_TRUNCATED && !u->connecting))
			start_remember(u);
		if (u->quit)
			;
		else if (u->connecting && st == TV_OK)
			ui_msg(u, "connected: connection %llu",
			       (unsigned long long)u->conns[u->n_conns - 1]->id);
		else if (st == TV_OK && !u->n_conns && !u->stopped)
			ui_msg(u, "no TLS connection in this capture  (q quits)");
	}
	if (u->n_conns != before)
		list_rebuild(u);
}

static void run(ui *u)
{
	struct pollfd fds[2];
	int ch;

	while (!u->quit && !ui_signal_pending()) {
		draw(u);
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[1].fd = u->loader.efd;
		fds[1].events = POLLIN;
		if (poll(fds, u->loading ? 2 : 1, -1) < 0 && errno != EINTR)
			break;
		if (u->loading && (fds[1].revents & POLLIN))
			absorb(u);
		while ((ch = getch()) != ERR && !u->quit)
			key(u, ch);
	}
}

bool tv_ui_wanted(void)
{
	const char *term = getenv("TERM");

	/* a dumb terminal cannot place the cursor: the text report */
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term &&
	       *term && strcmp(term, "dumb") != 0;
}

static void ui_free(ui *u)
{
	for (size_t i = 0; i < u->n_conns; i++)
		tv_conn_free(u->conns[i]);
	free(u->conns);
	free(u->rows);
	free(u->ev);
	free(u->tree);
	free(u->tree_depth);
	free(u->tree_index);
	free(u->toggled);
	free(u->anc_rows);
	chain_free(u);
	lab_free(u);
}

/* A stop signal that ended the UI, raised again now that the terminal
 * is restored and everything freed. */
static void reraise(int sig)
{
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

/* After the loop: the terminal restored and the loader stopped; returns
 * the stop signal, if one came. */
static int end_loop(ui *u)
{
	int sig;

	ui_term_end();
	sig = ui_signal_pending();
	if (!ui_loader_finish(&u->loader)) {
		/* it is blocked reading a pipe and holds the caller's
		 * secrets and checker: end here, as the user asked */
		reraise(sig);
		_exit(0);
	}
	return sig;
}

bool tv_ui_cert(const char *title, const tv_certlist *l,
		const tv_validation *v, const struct tv_trust *trust)
{
	ui u;
	int sig;

	memset(&u, 0, sizeof u);
	u.cert_mode = true;
	u.trust = trust;
	snprintf(u.path, sizeof u.path, "%s", title);
	if (!ui_term_init())
		return false;
	ui_signals_install();
	if (!chain_open(&u, l, v)) { /* no certificate: the text says so */
		ui_term_end();
		ui_free(&u);
		return false;
	}
	u.stack[0] = S_CHAIN; /* the top screen: q quits */
	u.depth = 0;
	run(&u);
	ui_term_end();
	sig = ui_signal_pending();
	ui_free(&u);
	reraise(sig);
	return true;
}

bool tv_ui_lab(struct tv_lab *lab, tv_checker *checker)
{
	ui u;
	int sig;

	memset(&u, 0, sizeof u);
	u.opts.checker = checker;
	u.lab = lab;
	u.lab_checker = checker;
	u.lab_pending = -1;
	snprintf(u.path, sizeof u.path, "lab");
	if (!ui_term_init())
		return false;
	ui_signals_install();
	lab_open(&u);
	u.stack[0] = S_LAB; /* the top screen: q quits */
	u.depth = 0;
	ui_msg(&u, "Enter connects to the selected case   ? help   q quit");
	run(&u);
	sig = end_loop(&u);
	ui_free(&u);
	reraise(sig);
	return true;
}

bool tv_ui_replay(const tv_ui_replay_opts *o, tv_status *st, tv_error *err)
{
	ui u;
	int sig;

	memset(&u, 0, sizeof u);
	u.opts = *o;
	u.explain = o->explain;
	if (!ui_term_init())
		return false;
	ui_signals_install();
	u.first_job = o->path || o->connect || o->live;
	u.lab_pending = -1;
	if (!tv_recent_path(u.recent_path, sizeof u.recent_path))
		u.recent_path[0] = '\0';
	if (!o->live)
		job_note(&u, o->path, o->connect);
	if (o->live) {
		snprintf(u.path, sizeof u.path, "-i %s", o->live->iface);
		if (!ui_loader_start(&u.loader, o, NULL, 1)) {
			ui_term_end();
			return false;
		}
		u.loading = u.sniffing = true;
	} else if (o->connect) {
		snprintf(u.path, sizeof u.path, "live");
		if (!ui_loader_start(&u.loader, o, o->connect, 1)) {
			ui_term_end();
			return false;
		}
		u.loading = u.connecting = true;
	} else if (o->path) {
		snprintf(u.path, sizeof u.path, "%s", o->path);
		if (!ui_loader_start(&u.loader, o, NULL, 1)) {
			ui_term_end();
			return false;
		}
		u.loading = true;
	} else {
		start_open(&u);
	}
	run(&u);
	sig = end_loop(&u);
	ui_free(&u);
	if (u.first_job) { /* quit before the capture was read */
		u.first_st = u.loader.st;
		u.first_err = u.loader.err;
	}
	*st = o->path || o->connect || o->live ? u.first_st : TV_OK;
	*err = u.first_err;
	reraise(sig);
	return true;
}
