/*
 * The trust store browser: the anchors the chains are checked against
 * (what `tlsview anchors` lists), one row each, narrowed with / to those
 * whose subject, store or fingerprint holds the text; the selected one
 * in full below.
 */
#include "ui/ui_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pki/trust.h"
#include "util/arena.h"

#define DETAIL_H 6 /* rows for the selected anchor */

static const tv_trust *trust(const ui *u)
{
	if (u->trust)
		return u->trust;
	return u->opts.checker ? tv_checker_trust(u->opts.checker) : NULL;
}

static bool has(const char *s, const char *text)
{
	return s && strcasestr(s, text);
}

static void rebuild(ui *u)
{
	const tv_trust *t = trust(u);
	size_t n = t ? tv_trust_n_anchors(t) : 0;

	u->anc_rows = tv_xrealloc(u->anc_rows, (n + 1) * sizeof *u->anc_rows);
	u->n_anc_rows = 0;
	for (size_t i = 0; i < n; i++) {
		const tv_anchor *a = tv_trust_anchor(t, i);
		const char *q = u->anc_search;

		if (!*q || has(a->cert.subject, q) || has(a->source, q) ||
		    has(a->cert.sha256, q))
			u->anc_rows[u->n_anc_rows++] = i;
	}
	u->anc_sel = u->anc_top = 0;
}

void anchors_open(ui *u)
{
	if (!trust(u)) {
		ui_msg(u, "no trust stores loaded");
		return;
	}
	rebuild(u);
	ui_push(u, S_ANCHORS);
}

static void until(tv_buf *b, int64_t s)
{
	char t[32];

	if (s < -62135596800LL || s > 253402300799LL) {
		tv_buf_adds(b, "?");
		return;
	}
	tv_time_format(s * 1000000, t);
	tv_buf_add(b, t, 10);
}

static void detail(const tv_anchor *a, int y, int w)
{
	const tv_cert *c = &a->cert;
	tv_buf b;

	tv_buf_init(&b);
	ui_put(y, 1, w - 1, "Selected anchor", A_BOLD);
	tv_buf_adds(&b, "subject ");
	ui_escs(&b, c->subject ? c->subject : "(none)");
	ui_put(y + 1, 3, w - 3, tv_buf_str(&b), A_NORMAL);
	tv_buf_reset(&b);
	tv_buf_adds(&b, "store ");
	ui_escs(&b, a->source);
	if (a->file) {
		tv_buf_adds(&b, ", file ");
		ui_escs(&b, a->file);
	}
	ui_put(y + 2, 3, w - 3, tv_buf_str(&b), A_NORMAL);
	tv_buf_reset(&b);
	tv_buf_adds(&b, "valid until ");
	until(&b, c->not_after);
	tv_buf_adds(&b, ", key ");
	ui_escs(&b, c->key_algorithm ? c->key_algorithm : "?");
	if (c->key_curve) {
		tv_buf_addc(&b, ' ');
		ui_escs(&b, c->key_curve);
	}
	if (c->key_bits)
		tv_buf_printf(&b, " %u bits", c->key_bits);
	ui_put(y + 3, 3, w - 3, tv_buf_str(&b), A_NORMAL);
	tv_buf_reset(&b);
	tv_buf_adds(&b, "sha256 ");
	ui_escs(&b, c->sha256);
	ui_put(y + 4, 3, w - 3, tv_buf_str(&b), A_NORMAL);
	tv_buf_free(&b);
}

void anchors_draw(ui *u, int y, int h, int w)
{
	const tv_trust *t = trust(u);
	size_t body = h > DETAIL_H + 3 ? (size_t)(h - DETAIL_H - 2) : 1;
	int sw = w / 4, dw = 10, subw = w - sw - dw - 4;
	tv_buf b;

	tv_buf_init(&b);
	tv_buf_printf(&b, "%zu of %zu anchors in %zu store%s", u->n_anc_rows,
		      tv_trust_n_anchors(t), tv_trust_n_stores(t),
		      tv_trust_n_stores(t) == 1 ? "" : "s");
	if (u->anc_search[0]) {
		tv_buf_adds(&b, " with ");
		ui_escs(&b, u->anc_search);
	}
	tv_buf_adds(&b, "   (/ narrows)");
	ui_put(y, 1, w - 1, tv_buf_str(&b), A_BOLD);
	ui_put(y + 1, 1, subw, "subject", ui_attr(RL_DIM));
	ui_put(y + 1, 2 + subw, sw, "store", ui_attr(RL_DIM));
	ui_put(y + 1, 3 + subw + sw, dw, "until", ui_attr(RL_DIM));
	ui_scroll_to(&u->anc_top, u->anc_sel, body);
	for (size_t r = 0; r < body && u->anc_top + r < u->n_anc_rows; r++) {
		size_t i = u->anc_top + r;
		const tv_anchor *a = tv_trust_anchor(t, u->anc_rows[i]);
		attr_t at = i == u->anc_sel ? ui_attr(RL_SEL) : A_NORMAL;
		int row = y + 2 + (int)r;

		if (at != A_NORMAL)
			ui_row(row, 0, w, "", at);
		tv_buf_reset(&b);
		ui_escs(&b, a->cert.subject ? a->cert.subject : "(none)");
		ui_put(row, 1, subw, tv_buf_str(&b), at);
		tv_buf_reset(&b);
		ui_escs(&b, a->source);
		ui_put(row, 2 + subw, sw, tv_buf_str(&b), at);
		tv_buf_reset(&b);
		until(&b, a->cert.not_after);
		ui_put(row, 3 + subw + sw, dw, tv_buf_str(&b), at);
	}
	if (!u->n_anc_rows)
		ui_put(y + 3, 2, w - 2, "(no anchor)", ui_attr(RL_DIM));
	else
		detail(tv_trust_anchor(t, u->anc_rows[u->anc_sel]),
		       y + 2 + (int)body + 1, w);
	u->body_y = y + 2;
	u->body_h = (int)body;
	tv_buf_free(&b);
}

void anchors_act(ui *u, enum ui_act a)
{
	size_t page = u->body_h > 1 ? (size_t)u->body_h - 1 : 1;
	char q[sizeof u->anc_search] = "";

	if (a == ACT_SEARCH) {
		if (ui_prompt(u, "Anchors with: ", q, sizeof q)) {
			snprintf(u->anc_search, sizeof u->anc_search, "%s", q);
			rebuild(u);
		}
		return;
	}
	ui_move(&u->anc_sel, u->n_anc_rows, a, page);
}

void anchors_click(ui *u, int row, bool open)
{
	size_t i = u->anc_top + (size_t)row;

	(void)open;
	if (row >= 0 && i < u->n_anc_rows)
		u->anc_sel = i;
}
