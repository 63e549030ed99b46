/*
 * Message detail: the field tree beside the message's bytes.  The
 * selected field's bytes are highlighted; in the hex pane (Tab) the
 * cursor's byte selects the innermost field that covers it.
 */
#include "ui/ui_int.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/text.h"
#include "util/arena.h"

#define OPEN_DEPTH 2 /* fields this shallow start open */

static size_t bytes_per_row(int w)
{
	return w >= 130 ? 16 : 8;
}

static int hex_width(int w)
{
	size_t bpr = bytes_per_row(w);

	return (int)(6 + 3 * bpr + 1 + bpr);
}

static bool container(const tv_field *f)
{
	return (f->kind == TVF_OBJECT || f->kind == TVF_ARRAY) && f->first;
}

static int depth_of(const ui *u, const tv_field *f)
{
	int d = -1;

	for (; f && f != u->msg->fields; f = f->parent)
		d++;
	return d;
}

static bool toggled(const ui *u, const tv_field *f)
{
	for (size_t i = 0; i < u->n_toggled; i++)
		if (u->toggled[i] == f)
			return true;
	return false;
}

static bool is_open(const ui *u, const tv_field *f)
{
	return container(f) && ((depth_of(u, f) < OPEN_DEPTH) != toggled(u, f));
}

static void toggle(ui *u, const tv_field *f)
{
	for (size_t i = 0; i < u->n_toggled; i++)
		if (u->toggled[i] == f) {
			u->toggled[i] = u->toggled[--u->n_toggled];
			return;
		}
	if (u->n_toggled == u->cap_toggled) {
		u->cap_toggled = u->cap_toggled ? 2 * u->cap_toggled : 16;
		u->toggled = tv_xrealloc(u->toggled,
					 u->cap_toggled * sizeof *u->toggled);
	}
	u->toggled[u->n_toggled++] = f;
}

static size_t count(const tv_field *f)
{
	size_t n = 1;

	for (const tv_field *c = f->first; c; c = c->next)
		n += count(c);
	return n;
}

static void flatten_into(ui *u, const tv_field *f, int depth)
{
	int index = 0;

	for (const tv_field *c = f->first; c; c = c->next, index++) {
		u->tree[u->n_tree] = c;
		u->tree_depth[u->n_tree] = depth;
		u->tree_index[u->n_tree] = index;
		u->n_tree++;
		if (is_open(u, c))
			flatten_into(u, c, depth + 1);
	}
}

/* The visible rows, keeping the selected field selected. */
static void flatten(ui *u)
{
	const tv_field *keep = u->n_tree ? u->tree[u->tree_sel] : NULL;
	size_t n = u->msg->fields ? count(u->msg->fields) : 1;

	u->tree = tv_xrealloc(u->tree, n * sizeof *u->tree);
	u->tree_depth = tv_xrealloc(u->tree_depth, n * sizeof *u->tree_depth);
	u->tree_index = tv_xrealloc(u->tree_index, n * sizeof *u->tree_index);
	u->n_tree = 0;
	if (u->msg->fields)
		flatten_into(u, u->msg->fields, 0);
	u->tree_sel = 0;
	for (size_t i = 0; i < u->n_tree; i++)
		if (u->tree[i] == keep)
			u->tree_sel = i;
}

void detail_open(ui *u, const tv_msg *m)
{
	u->msg = m;
	u->n_toggled = 0;
	u->n_tree = 0;
	u->tree_sel = u->tree_top = 0;
	u->hex_focus = false;
	u->hex_cur = u->hex_top = 0;
	flatten(u);
	ui_push(u, S_DETAIL);
}

const tv_field *ui_field_at(const tv_field *root, size_t off)
{
	if (!root)
		return NULL;
	for (const tv_field *c = root->first; c; c = c->next)
		if (c->len && off >= c->off && off - c->off < c->len) {
			const tv_field *in = ui_field_at(c, off);

			return in ? in : c;
		}
	return NULL;
}

/* ---- drawing ---- */

static void field_text(const ui *u, size_t row, tv_buf *b, int room)
{
	const tv_field *f = u->tree[row];
	int used;

	tv_buf_printf(b, "%*s", 2 * u->tree_depth[row], "");
	tv_buf_adds(b, container(f) ? (is_open(u, f) ? ui_g->open
						      : ui_g->closed)
				    : " ");
	tv_buf_addc(b, ' ');
	if (f->key)
		ui_escs(b, f->key);
	else
		tv_buf_printf(b, "[%d]", u->tree_index[row]);
	if (container(f)) {
		tv_buf_printf(b, f->kind == TVF_ARRAY ? " [%" PRIu32 "]"
						      : " {%" PRIu32 "}",
			      f->count);
		return;
	}
	tv_buf_adds(b, ": ");
	used = ui_width(tv_buf_str(b));
	tv_text_field_value(b, f, room > used ? (size_t)(room - used) : 0,
			    SIZE_MAX, ui_esc);
}

/* The selected field's bytes, clamped to what was kept. */
static void sel_range(const ui *u, size_t *from, size_t *to)
{
	const tv_field *f = u->n_tree ? u->tree[u->tree_sel] : NULL;

	*from = *to = 0;
	if (!f)
		return;
	*from = f->off < u->msg->raw_len ? f->off : u->msg->raw_len;
	*to = f->len < u->msg->raw_len - *from ? *from + f->len
						: u->msg->raw_len;
}

static void draw_tree(ui *u, int y, int h, int w)
{
	tv_buf b;

	ui_scroll_to(&u->tree_top, u->tree_sel, (size_t)h);
	tv_buf_init(&b);
	for (int r = 0; r < h; r++) {
		size_t i = u->tree_top + (size_t)r;
		attr_t a = A_NORMAL;

		if (i >= u->n_tree)
			break;
		tv_buf_reset(&b);
		field_text(u, i, &b, w);
		if (i == u->tree_sel)
			a = u->hex_focus ? ui_attr(RL_HL) : ui_attr(RL_SEL);
		ui_row(y + r, 0, w, tv_buf_str(&b), a);
	}
	if (!u->n_tree)
		ui_put(y, 1, w - 1, "(no decoded fields)", ui_attr(RL_DIM));
	tv_buf_free(&b);
}

static void draw_hex(ui *u, int y, int h, int x, int w)
{
	const tv_msg *m = u->msg;
	size_t bpr = bytes_per_row(COLS), rows, from, to, focus;

	sel_range(u, &from, &to);
	rows = (m->raw_len + bpr - 1) / bpr;
	focus = u->hex_focus ? u->hex_cur : from;
	if (!u->hex_focus && to > from && (to - 1) / bpr - from / bpr <
					       (size_t)h &&
	    (to - 1) / bpr >= u->hex_top + (size_t)h)
		u->hex_top = (to - 1) / bpr - (size_t)h + 1;
	ui_scroll_to(&u->hex_top, focus / bpr, (size_t)h);
	if (u->hex_top + (size_t)h > rows)
		u->hex_top = rows > (size_t)h ? rows - (size_t)h : 0;
	for (int r = 0; r < h; r++) {
		size_t row = u->hex_top + (size_t)r;
		char t[16];

		if (row >= rows)
			break;
		snprintf(t, sizeof t, "%04zx", row * bpr);
		ui_put(y + r, x, 4, t, ui_attr(RL_DIM));
		for (size_t k = 0; k < bpr; k++) {
			size_t i = row * bpr + k;
			attr_t a = A_NORMAL;
			char c[2] = {0, 0};

			if (i >= m->raw_len)
				break;
			if (i >= from && i < to)
				a = ui_attr(RL_HL);
			if (u->hex_focus && i == u->hex_cur)
				a = ui_attr(RL_SEL) | A_BOLD;
			snprintf(t, sizeof t, "%02x", m->raw[i]);
			ui_put(y + r, x + 6 + 3 * (int)k, 2, t, a);
			c[0] = m->raw[i] >= 0x20 && m->raw[i] < 0x7f
				   ? (char)m->raw[i]
				   : '.';
			ui_put(y + r, x + 6 + 3 * (int)bpr + 1 + (int)k, 1, c,
			       a);
		}
	}
	(void)w;
}

void detail_draw(ui *u, int y, int h, int w)
{
	const tv_msg *m = u->msg;
	int hw = hex_width(w), tw = w - hw - 1, body;
	tv_buf b;

	tv_buf_init(&b);
	tv_buf_printf(&b, "#%llu  ", (unsigned long long)u->conn->id);
	ui_msg_name(&b, m);
	tv_buf_printf(&b, "  %s %s  %" PRIu32 " bytes%s%s",
		      m->dir == TV_DIR_CLIENT ? "client" : "server",
		      m->dir == TV_DIR_CLIENT ? "->" : "<-", m->length,
		      m->encrypted ? "  read after decryption" : "",
		      m->raw_cut ? "  (bytes cut at a size limit)" : "");
	ui_put(y, 1, w - 1, tv_buf_str(&b), A_BOLD);
	tv_buf_reset(&b);
	if (m->error) {
		tv_buf_adds(&b, "! ");
		ui_escs(&b, m->error);
		ui_put(y + 1, 1, w - 1, tv_buf_str(&b), ui_attr(RL_BAD));
	}
	tv_buf_free(&b);
	ui_put(y + 2, 0, tw, " fields", u->hex_focus ? A_BOLD : ui_attr(RL_SEL));
	ui_put(y + 2, tw + 1, hw, " bytes (Tab)",
	       u->hex_focus ? ui_attr(RL_SEL) : A_BOLD);
	body = h - 3;
	if (body < 1)
		return;
	draw_tree(u, y + 3, body, tw);
	for (int r = 0; r < body; r++)
		ui_put(y + 3 + r, tw, 1, ui_g->vline, ui_attr(RL_DIM));
	draw_hex(u, y + 3, body, tw + 1, hw);
	u->body_y = y + 3;
	u->body_h = body;
}

/* ---- keys ---- */

/* The hex cursor moved: select the field that owns its byte, opening
 * what holds it. */
static void select_at_cursor(ui *u)
{
	const tv_field *f = ui_field_at(u->msg->fields, u->hex_cur);

	if (!f)
		return;
	for (const tv_field *p = f->parent; p && p != u->msg->fields;
	     p = p->parent)
		if (!is_open(u, p))
			toggle(u, p);
	flatten(u);
	for (size_t i = 0; i < u->n_tree; i++)
		if (u->tree[i] == f)
			u->tree_sel = i;
}

static void hex_act(ui *u, enum ui_act a)
{
	size_t n = u->msg->raw_len, bpr = bytes_per_row(COLS);
	size_t page = (u->body_h > 1 ? (size_t)u->body_h - 1 : 1) * bpr;
	size_t c = u->hex_cur;

	if (!n)
		return;
	switch (a) {
	case ACT_UP:
		c = c >= bpr ? c - bpr : c;
		break;
	case ACT_DOWN:
		c = c + bpr < n ? c + bpr : c;
		break;
	case ACT_LEFT:
		c -= c > 0;
		break;
	case ACT_RIGHT:
		c += c + 1 < n;
		break;
	case ACT_PGUP:
		c = c > page ? c - page : 0;
		break;
	case ACT_PGDN:
		c = c + page < n ? c + page : n - 1;
		break;
	case ACT_HOME:
		c = 0;
		break;
	case ACT_END:
		c = n - 1;
		break;
	default:
		return;
	}
	u->hex_cur = c;
	select_at_cursor(u);
}

static void tree_act(ui *u, enum ui_act a)
{
	const tv_field *f = u->n_tree ? u->tree[u->tree_sel] : NULL;
	size_t page = u->body_h > 1 ? (size_t)u->body_h - 1 : 1;

	switch (a) {
	case ACT_TOGGLE:
		if (f && container(f)) {
			toggle(u, f);
			flatten(u);
		}
		break;
	case ACT_LEFT:
		if (f && is_open(u, f)) {
			toggle(u, f);
			flatten(u);
		} else if (f && f->parent && f->parent != u->msg->fields) {
			for (size_t i = 0; i < u->n_tree; i++)
				if (u->tree[i] == f->parent)
					u->tree_sel = i;
		}
		break;
	case ACT_RIGHT:
		if (f && container(f) && !is_open(u, f)) {
			toggle(u, f);
			flatten(u);
		} else if (f && is_open(u, f)) {
			u->tree_sel++;
		}
		break;
	default:
		ui_move(&u->tree_sel, u->n_tree, a, page);
		break;
	}
}

void detail_act(ui *u, enum ui_act a)
{
	size_t from, to;

	switch (a) {
	case ACT_TAB:
		u->hex_focus = !u->hex_focus;
		if (u->hex_focus) {
			sel_range(u, &from, &to);
			u->hex_cur = from < u->msg->raw_len ? from : 0;
		}
		break;
	case ACT_CHAIN:
		if (u->msg->type && !strcmp(u->msg->type, "certificate") &&
		    u->msg->dir == TV_DIR_CLIENT)
			chain_open(u, &u->conn->client_certs, NULL);
		else
			chain_open(u, &u->conn->certs, u->conn->validation);
		break;
	case ACT_WRITE:
		ui_write_json(u, u->conn);
		break;
	default:
		if (u->hex_focus)
			hex_act(u, a);
		else
			tree_act(u, a);
		break;
	}
}

void detail_click(ui *u, int row, int col, bool open)
{
	int hw = hex_width(COLS), tw = COLS - hw - 1;
	size_t bpr = bytes_per_row(COLS);

	if (col < tw) {
		size_t i = u->tree_top + (size_t)row;

		if (i >= u->n_tree)
			return;
		u->hex_focus = false;
		u->tree_sel = i;
		if (open)
			tree_act(u, ACT_TOGGLE);
		return;
	}
	col -= tw + 1 + 6;
	if (col < 0 || col >= (int)(3 * bpr))
		return;
	{
		size_t i = (u->hex_top + (size_t)row) * bpr + (size_t)col / 3;

		if (i >= u->msg->raw_len)
			return;
		u->hex_focus = true;
		u->hex_cur = i;
		select_at_cursor(u);
	}
}
