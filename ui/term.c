/*
 * The terminal: curses set up and restored (on quit, on error, on a stop
 * signal and on a crash), glyphs for the locale, colours unless the
 * terminal has none or NO_COLOR is set (https://no-color.org), and the
 * one way text reaches the screen: ui_put, given only safe text.
 */
#include "ui/ui_int.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "report/escape.h"

static const ui_glyphs glyphs_utf8 = {
    .hline = "\u2500", .vline = "\u2502", .rhead = "\u25b6",
    .lhead = "\u25c0", .ok = "\u2713", .bad = "\u2717", .warn = "!",
    .none = "\u00b7", .ellipsis = "\u2026", .closed = "\u25b8",
    .open = "\u25be",
};
static const ui_glyphs glyphs_ascii = {
    .hline = "-", .vline = "|", .rhead = ">", .lhead = "<", .ok = "+",
    .bad = "X", .warn = "!", .none = "-", .ellipsis = "~", .closed = "+",
    .open = "-",
};

const ui_glyphs *ui_g = &glyphs_ascii;
bool ui_utf8;

static bool colour;
static SCREEN *screen;
static volatile sig_atomic_t pending_signal;

bool ui_term_init(void)
{
	const char *nc = getenv("NO_COLOR");

	setlocale(LC_CTYPE, "");
	ui_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	ui_g = ui_utf8 ? &glyphs_utf8 : &glyphs_ascii;
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return false;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
		      BUTTON5_PRESSED,
		  NULL);
	colour = has_colors() && !(nc && *nc);
	if (colour) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_BLACK, COLOR_CYAN);	 /* title */
		init_pair(2, COLOR_GREEN, -1);		 /* ok */
		init_pair(3, COLOR_RED, -1);		 /* bad */
		init_pair(4, COLOR_YELLOW, -1);		 /* warn */
		init_pair(5, COLOR_CYAN, -1);		 /* decrypted */
		init_pair(6, COLOR_BLACK, COLOR_YELLOW); /* highlight */
		init_pair(7, COLOR_BLUE, -1);		 /* dim */
	}
	return true;
}

void ui_term_end(void)
{
	if (!screen)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
}

attr_t ui_attr(ui_role r)
{
	static const attr_t mono[RL_COUNT] = {
	    [RL_TITLE] = A_REVERSE, [RL_SEL] = A_REVERSE, [RL_OK] = A_NORMAL,
	    [RL_BAD] = A_BOLD,	   [RL_WARN] = A_BOLD,	 [RL_DECRYPT] = A_NORMAL,
	    [RL_HL] = A_UNDERLINE | A_BOLD, [RL_DIM] = A_NORMAL,
	};
	static const short pair[RL_COUNT] = {
	    [RL_TITLE] = 1, [RL_OK] = 2, [RL_BAD] = 3, [RL_WARN] = 4,
	    [RL_DECRYPT] = 5, [RL_HL] = 6, [RL_DIM] = 7,
	};

	if (!colour || !pair[r])
		return mono[r];
	return COLOR_PAIR(pair[r]) | (r == RL_BAD ? A_BOLD : A_NORMAL);
}

/* ---- signals ---- */

static void on_stop(int sig)
{
	pending_signal = sig;
}

/* Restore the terminal, then die of the signal as the default would. */
static void on_crash(int sig)
{
	if (screen)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

void ui_signals_install(void)
{
	static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
	static const int crashes[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
				      SIGILL};
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop; /* no SA_RESTART: poll returns */
	for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
		sigaction(stops[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_NODEFER | SA_RESETHAND;
	for (size_t i = 0; i < sizeof crashes / sizeof *crashes; i++)
		sigaction(crashes[i], &sa, NULL);
}

int ui_signal_pending(void)
{
	return pending_signal;
}

/* ---- safe text ---- */

/* Outside a UTF-8 locale, a character beyond ASCII as \u{NNNN}. */
static void ascii_only(tv_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t k;

		if (c < 0x80) {
			tv_buf_addc(out, (char)c);
			i++;
			continue;
		}
		/* tv_escape_text leaves only valid UTF-8: decode it */
		k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (k > n - i)
			k = n - i;
		cp = c & (0x3f >> (k - 1));
		for (size_t j = 1; j < k; j++)
			cp = cp << 6 | ((unsigned char)s[i + j] & 0x3f);
		tv_buf_printf(out, "\\u{%04X}", (unsigned)cp);
		i += k;
	}
}

void ui_esc(tv_buf *b, const void *p, size_t n)
{
	tv_buf t;

	if (ui_utf8) {
		tv_escape_text(b, p, p ? n : 0);
		return;
	}
	tv_buf_init(&t);
	tv_escape_text(&t, p, p ? n : 0);
	ascii_only(b, t.p ? t.p : "", t.len);
	tv_buf_free(&t);
}

void ui_escs(tv_buf *b, const char *s)
{
	if (s)
		ui_esc(b, s, strlen(s));
}

/* The next character of safe text: its bytes and columns. */
static size_t next_char(const char *s, int *cols)
{
	mbstate_t ps;
	wchar_t wc;
	size_t k;
	int w;

	if (!ui_utf8 || (unsigned char)*s < 0x80) {
		*cols = 1;
		return 1;
	}
	memset(&ps, 0, sizeof ps);
	k = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*cols = 1;
		return 1;
	}
	w = wcwidth(wc);
	*cols = w < 0 ? 1 : w;
	return k;
}

int ui_width(const char *s)
{
	int w = 0, c;

	while (*s) {
		s += next_char(s, &c);
		w += c;
	}
	return w;
}

int ui_put(int y, int x, int w, const char *s, attr_t a)
{
	int used = 0, c, ew = 1; /* the ellipsis is one column */
	const char *p = s;
	size_t k;

	if (w <= 0 || !s)
		return 0;
	if (ui_width(s) <= w) {
		attr_on(a, NULL);
		mvaddstr(y, x, s);
		attr_off(a, NULL);
		return ui_width(s);
	}
	/* cut: as many characters as leave room for the ellipsis */
	while (*p) {
		k = next_char(p, &c);
		if (used + c > w - ew)
			break;
		used += c;
		p += k;
	}
	attr_on(a, NULL);
	mvaddnstr(y, x, s, (int)(p - s));
	addstr(ui_g->ellipsis);
	attr_off(a, NULL);
	return used + ew;
}

void ui_row(int y, int x, int w, const char *s, attr_t a)
{
	int used = ui_put(y, x, w, s, a);

	attr_on(a, NULL);
	for (int i = used; i < w; i++)
		mvaddch(y, x + i, ' ');
	attr_off(a, NULL);
}

void tv_ui_block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGWINCH);
	pthread_sigmask(SIG_BLOCK, &set, old);
}
