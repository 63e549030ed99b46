/* What the UI's files share: the state, the screens, drawing helpers. */
#ifndef UI_UI_INT_H
#define UI_UI_INT_H

#include <curses.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conn.h"
#include "model/validation.h"
#include "ui/ui.h"
#include "util/buf.h"
#include "util/recent.h"

/* ---- terminal: glyphs, colours, safe text (term.c) ---- */

typedef struct ui_glyphs {
	const char *hline, *vline, *rhead, *lhead, *ok, *bad, *warn, *none,
	    *ellipsis, *closed, *open;
} ui_glyphs;

typedef enum {
	RL_TITLE,  /* the title and status bars */
	RL_SEL,	  /* the selected row */
	RL_OK,	  /* trusted */
	RL_BAD,	  /* not trusted, errors, alerts */
	RL_WARN,	  /* warnings */
	RL_DECRYPT, /* read after decryption */
	RL_HL,	  /* the bytes of the selected field */
	RL_DIM,	  /* headings, secondary text */
	RL_COUNT
} ui_role;

extern const ui_glyphs *ui_g;
extern bool ui_utf8;

bool ui_term_init(void);
void ui_term_end(void);
attr_t ui_attr(ui_role r);
/* Signal handlers: a stop signal ends the loop, a crash restores the
 * terminal and re-raises. */
void ui_signals_install(void);
int ui_signal_pending(void);

/* Wire or certificate text made safe for this terminal (escape.h, and
 * outside a UTF-8 locale every non-ASCII character escaped too). */
void ui_esc(tv_buf *b, const void *p, size_t n);
void ui_escs(tv_buf *b, const char *s);
/* Columns of safe text. */
int ui_width(const char *s);
/* Safe text at (y, x), at most w columns, cut with an ellipsis; returns
 * the columns written. */
int ui_put(int y, int x, int w, const char *s, attr_t a);
/* A whole row of w columns: s, then blanks, in a. */
void ui_row(int y, int x, int w, const char *s, attr_t a);

/* ---- documents: lines of safe text, wrapped to a width (doc.c) ---- */

typedef struct ui_line {
	char *mark; /* a prefix drawn in mark_a, or NULL */
	attr_t mark_a;
	char *s;
	attr_t a;
	int item; /* selectable item on this line, -1 none */
} ui_line;

typedef struct ui_doc {
	ui_line *v;
	size_t n, cap;
	int width;
} ui_doc;

void doc_init(ui_doc *d, int width);
void doc_free(ui_doc *d);
ui_line *doc_add(ui_doc *d, attr_t a, const char *s);
ui_line *doc_printf(ui_doc *d, attr_t a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Safe text wrapped at spaces: first line at indent, the rest at hang. */
void doc_wrap(ui_doc *d, int indent, int hang, attr_t a, const char *s);
/* Draw lines [top, top + h) at rows y.. of width w; selected item in RL_SEL. */
void doc_draw(const ui_doc *d, size_t top, int y, int h, int w, int sel);

/* ---- loading (load.c) ---- */

typedef struct ui_loader {
	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	int efd; /* eventfd: the loader has something for the UI */
	atomic_bool stop;
	/* shared, under mu */
	tv_conn **q;
	size_t qn, qcap;
	uint64_t bytes, total, found;
	bool done;
	tv_status st;
	tv_error err;
	char warn[256]; /* the last warning about the capture's secrets */
	unsigned n_warn;
	/* the thread's own */
	tv_ui_replay_opts o;
	char target[300]; /* HOST[:PORT] to connect to, else o.path */
	bool with_session; /* connect with o.session (the command line's) */
	tv_live *live;	   /* the capture being sniffed, under mu */
	uint64_t next_id; /* a live connection's id */
} ui_loader;

/* Replay o->path, or (target not NULL) connect to target. */
bool ui_loader_start(ui_loader *l, const tv_ui_replay_opts *o,
		     const char *target, uint64_t next_id);
/* Ask the loader to stop (a capture being sniffed too). */
void ui_loader_stop(ui_loader *l);
/* Move what is queued into *out (grown with *n, *cap); returns the
 * number moved.  Progress and the end are copied too. */
size_t ui_loader_take(ui_loader *l, tv_conn ***out, size_t *n, size_t *cap);
/* Stop, join, free what is queued; false when the loader did not stop
 * in time (blocked reading a pipe): it still uses its memory. */
bool ui_loader_finish(ui_loader *l);

/* ---- the application ---- */

enum ui_screen {
	S_LIST, S_LADDER, S_DETAIL, S_CHAIN, S_ANCHORS, S_START, S_LAB,
	S_HELP, S_COUNT
};

/* What a key does; the key table maps keys to these. */
enum ui_act {
	ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END,
	ACT_OPEN, ACT_TOGGLE, ACT_TAB, ACT_BACK, ACT_QUIT, ACT_HELP, ACT_SORT, ACT_SEARCH,
	ACT_EXPLAIN, /* the ladder's guide notes on or off */
	ACT_NEXT, ACT_PREV, ACT_FILTER, ACT_CHAIN, ACT_WRITE, ACT_EXPORT,
	ACT_OPEN_FILE, ACT_CONNECT, ACT_ANCHORS, ACT_LAB, ACT_COUNT
};

typedef struct ui_key {
	int key;
	const char *name;
	unsigned screens; /* bit per ui_screen */
	enum ui_act act;
	const char *help;
} ui_key;

extern const ui_key ui_keys[];
extern const size_t ui_n_keys;

/* One ladder row: a message, an alert, or the "no keys" line. */
typedef struct ui_event {
	const tv_msg *m;
	const tv_alert *a;
} ui_event;

/* A certificate on the chain screen. */
typedef struct ui_chain_item {
	const char *subject;
	const char *sha256;
	const tv_cert *cert; /* NULL: a store's anchor (no DER here) */
	const char *where;   /* "sent, certificate 0", the store */
	int depth;	     /* on the path, -1 not on it */
} ui_chain_item;

typedef struct ui {
	/* the connections, in arrival order, and the list's rows */
	tv_conn **conns;
	size_t n_conns, cap_conns;
	size_t *rows;
	size_t n_rows;
	int sort; /* column index; 0 = arrival */
	char search[128];
	bool filter;

	enum ui_screen stack[8];
	int depth;
	bool quit;
	char status[256]; /* a message for the status bar */

	char path[512]; /* the capture shown, "" none (the start screen) */
	tv_ui_replay_opts opts; /* secrets and checker for every job */
	ui_loader loader;
	bool loading, stopped;
	bool connecting; /* the job is a live connection */
	bool sniffing;	 /* the job is an interface's capture */
	bool cert_mode;	 /* tlsview cert: the chain screen alone */
	const struct tv_trust *trust; /* its anchors (else the checker's) */
	bool first_job;	 /* the command line's capture */
	tv_status first_st;
	tv_error first_err;
	uint64_t bytes, total;

	/* list */
	size_t list_sel, list_top;
	/* ladder */
	tv_conn *conn;
	ui_event *ev;
	size_t n_ev, ev_sel, ev_top;
	bool explain; /* a guide note under each arrow (report/guide.h) */
	/* detail */
	const tv_msg *msg;
	const tv_field **tree; /* visible rows */
	int *tree_depth, *tree_index;
	size_t n_tree, tree_sel, tree_top;
	const tv_field **toggled; /* open/closed against the default */
	size_t n_toggled, cap_toggled;
	bool hex_focus;
	size_t hex_cur, hex_top;
	/* chain */
	const tv_certlist *certs;
	const tv_validation *val;
	ui_chain_item *items;
	size_t n_items, item_sel, chain_top;
	/* trust anchors */
	size_t *anc_rows;
	size_t n_anc_rows, anc_sel, anc_top;
	char anc_search[128];
	/* help */
	size_t help_top;
	/* start screen: its actions, then the recent targets */
	size_t start_sel;
	tv_recent recent;
	char recent_path[512]; /* "" when nothing is remembered */
	/* the job running: what the recent targets would remember */
	tv_recent_kind job_kind;
	char job_target[512]; /* "" for a job not remembered */
	/* the workshop lab, once started */
	struct tv_lab *lab;
	bool own_lab;		 /* started from the start screen */
	tv_checker *lab_checker; /* its trust: the lab root */
	tv_session_opts lab_so;	 /* the case being connected to */
	char lab_target[64];
	size_t lab_sel, lab_top;
	uint64_t *lab_last; /* per case: its last connection's id, 0 */
	int lab_pending;    /* the case being connected to, -1 */

	/* the rows of the screen's body, for the mouse */
	int body_y, body_h;
} ui;

static inline enum ui_screen ui_top(const ui *u)
{
	return u->stack[u->depth];
}
void ui_push(ui *u, enum ui_screen s);
void ui_msg(ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line of input on the status row; false when cancelled. */
bool ui_prompt(ui *u, const char *question, char *buf, size_t size);

/* Screens: draw the body in rows [y, y + h); act on a key; a click. */
void list_draw(ui *u, int y, int h, int w);
void list_act(ui *u, enum ui_act a);
void list_click(ui *u, int row, bool open);
void list_rebuild(ui *u);
/* ", sorted by SNI, search TEXT" for the title bar */
void list_title(const ui *u, tv_buf *b);
void list_row_text(const ui *u, const tv_conn *c, tv_buf *b);

void ladder_open(ui *u, tv_conn *c);
void ladder_draw(ui *u, int y, int h, int w);
void ladder_act(ui *u, enum ui_act a);
void ladder_click(ui *u, int row, bool open);

void detail_open(ui *u, const tv_msg *m);
void detail_draw(ui *u, int y, int h, int w);
void detail_act(ui *u, enum ui_act a);
void detail_click(ui *u, int row, int col, bool open);
/* The innermost field whose bytes hold offset off (NULL: none). */
const tv_field *ui_field_at(const tv_field *root, size_t off);

bool chain_open(ui *u, const tv_certlist *l, const tv_validation *v);
void chain_draw(ui *u, int y, int h, int w);
void chain_act(ui *u, enum ui_act a);
void chain_click(ui *u, int row, bool open);
void chain_free(ui *u);

void anchors_open(ui *u);
void anchors_draw(ui *u, int y, int h, int w);
void anchors_act(ui *u, enum ui_act a);
void anchors_click(ui *u, int row, bool open);

/* The start screen (start.c) and the lab's case list (lab.c). */
void start_open(ui *u);
void start_draw(ui *u, int y, int h, int w);
void start_act(ui *u, enum ui_act a);
void start_click(ui *u, int row, bool open);
/* Remember the job that just succeeded (u->job_*). */
void start_remember(ui *u);

/* Start the lab (when not yet) and show its cases. */
void lab_open(ui *u);
void lab_draw(ui *u, int y, int h, int w);
void lab_act(ui *u, enum ui_act a);
void lab_click(ui *u, int row, bool open);
/* A lab connection arrived: note it for its case (and open it). */
void lab_arrived(ui *u, tv_conn *c);
void lab_free(ui *u);

/* Jobs (ui.c): a capture replaces the list, a connection is added. */
bool ui_start_file(ui *u, const char *path);
bool ui_start_connect(ui *u, const char *target);
/* A connection with these session options, judged by checker. */
bool ui_start_session(ui *u, const char *target, const tv_session_opts *so,
		      tv_checker *checker);
void ui_ask_open_file(ui *u);
void ui_ask_connect(ui *u);

void help_draw(ui *u, int y, int h, int w);
void help_act(ui *u, enum ui_act a);

/* Helpers the screens share (ui.c). */
void ui_write_json(ui *u, const tv_conn *c);
void ui_move(size_t *sel, size_t n, enum ui_act a, size_t page);
void ui_scroll_to(size_t *top, size_t sel, size_t h);
void ui_msg_name(tv_buf *b, const tv_msg *m);
void ui_alert_name(tv_buf *b, const tv_alert *a);
void ui_endpoint(tv_buf *b, const tv_endpoint *e);
/* May a file be written at path: it does not exist, or the user says so. */
bool ui_may_write(ui *u, const char *path);

#endif
