/*
 * The --text writer: one block per connection for a terminal or a pipe.
 *
 *   #1  127.0.0.1:56638 -> 127.0.0.1:31652   2026-11-22 23:10:00.123456 UTC
 *       SNI www.example.test   TLS 1.3   TLS_AES_256_GCM_SHA384   ALPN h2
 *                  client                           server
 *       +0.000000  ClientHello  ---------------->
 *       +0.000412               <----------------  ServerHello
 *       ...
 *
 * Lines stay within the width where the content allows it: items wrap to
 * a continuation indent and an item wider than a whole line is cut.  Every
 * string that is not a literal here goes through tv_escape_text, so no
 * control character, escape sequence, bidi override or invalid UTF-8
 * reaches the terminal.  Message names are the contract's snake_case
 * names in CamelCase (ClientHello), as the RFCs write them.
 */
#include "report/text.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "model/validation.h"
#include "report/escape.h"
#include "report/guide.h"
#include "tls/registry.h"

#define TEXT_WIDTH_DEFAULT 80
#define TEXT_WIDTH_MIN	   40
#define HEX_SHOWN	   32 /* bytes of a hex value shown before "..." */
#define LADDER_INDENT	   4
#define FIELDS_INDENT	   8
#define ARROW_MIN	   6
#define ARROW_MAX	   30

static void pad(tv_buf *o, size_t n)
{
	tv_buf_addn(o, ' ', n);
}

static void esc(tv_buf *o, const char *s)
{
	tv_escape_text(o, (const uint8_t *)s, strlen(s));
}

/* Columns of escaped text: one per code point.  Wide characters count as
 * one; knowing better would need the locale's wcwidth. */
static size_t cols(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		if (((uint8_t)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* ---- flowing items onto lines of at most `width` columns ---- */

typedef struct flow {
	tv_buf *out;
	size_t width;	 /* less the separator's comma, kept on the line */
	size_t indent;	 /* of continuation lines */
	size_t col;	 /* where the next byte goes */
	const char *sep; /* ", ": the comma stays on the line before a break */
	bool fresh;	 /* no item on this line yet */
	tv_buf item;	 /* the item being built */
} flow;

static void flow_init(flow *f, tv_buf *out, size_t width, size_t col,
		      size_t indent, const char *sep)
{
	f->out = out;
	f->width = width - strcspn(sep, " ");
	f->col = col;
	f->indent = indent < width / 2 ? indent : width / 2;
	f->sep = sep;
	f->fresh = true;
	tv_buf_init(&f->item);
}

static void flow_break(flow *f)
{
	while (f->out->len && f->out->p[f->out->len - 1] == ' ')
		f->out->len--; /* no trailing blanks before the break */
	tv_buf_addc(f->out, '\n');
	pad(f->out, f->indent);
	f->col = f->indent;
	f->fresh = true;
}

/* Length of the unit starting at s[i] that a cut must not split: an
 * escape written by tv_escape_text (\\, \xNN, \u{NNNN}) or one code point. */
static size_t unit_len(const char *s, size_t i, size_t n)
{
	size_t j = i + 1;

	if (s[i] == '\\' && j < n) {
		if (s[j] == 'x')
			return n - i < 4 ? n - i : 4;
		if (s[j] == 'u') {
			while (j < n && s[j] != '}')
				j++;
			return j < n ? j + 1 - i : n - i;
		}
		return 2;
	}
	while (j < n && ((uint8_t)s[j] & 0xc0) == 0x80)
		j++;
	return j - i;
}

/* An item wider than a line: cut it, never inside a character or an
 * escape. */
static void flow_cut(flow *f, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k = unit_len(s, i, n), w = cols(s + i, k);

		if (f->col + w > f->width && f->col > f->indent)
			flow_break(f);
		tv_buf_add(f->out, s + i, k);
		f->col += w;
		i += k;
	}
	f->fresh = false;
}

static void flow_add(flow *f, const char *s, size_t n)
{
	size_t w = cols(s, n), punct = strcspn(f->sep, " ");
	size_t spaces = strlen(f->sep) - punct;

	if (!f->fresh) {
		tv_buf_add(f->out, f->sep, punct);
		f->col += punct;
		if (f->col + spaces + w <= f->width) {
			pad(f->out, spaces);
			f->col += spaces;
		} else {
			flow_break(f);
		}
	}
	if (f->col + w > f->width) {
		if (w > f->width - f->indent) {
			flow_cut(f, s, n);
			return;
		}
		if (f->col > f->indent)
			flow_break(f);
	}
	tv_buf_add(f->out, s, n);
	f->col += w;
	f->fresh = false;
}

/* Items are built in f->item (literal text, numbers, escaped strings). */
static tv_buf *item(flow *f)
{
	tv_buf_reset(&f->item);
	return &f->item;
}

static void item_done(flow *f)
{
	flow_add(f, tv_buf_str(&f->item), f->item.len);
}

/* An item: a literal prefix, then a string escaped for the terminal. */
static void flow_esc(flow *f, const char *prefix, const char *s)
{
	tv_buf *b = item(f);

	tv_buf_adds(b, prefix);
	esc(b, s);
	item_done(f);
}

static void flow_printf(flow *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void flow_printf(flow *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tv_buf_vprintf(item(f), fmt, ap);
	va_end(ap);
	item_done(f);
}

/* Words of escaped text, wrapped at spaces (f->sep is " "). */
static void flow_words(flow *f, const char *s)
{
	tv_buf t;

	tv_buf_init(&t);
	esc(&t, s);
	for (const char *p = tv_buf_str(&t); *p;) {
		size_t n = strcspn(p, " ");

		if (n)
			flow_add(f, p, n);
		p += n;
		p += strspn(p, " ");
	}
	tv_buf_free(&t);
}

static void flow_end(flow *f)
{
	tv_buf_addc(f->out, '\n');
	tv_buf_free(&f->item);
}

/* ---- the header ---- */

static void endpoint(tv_buf *b, const tv_endpoint *e)
{
	size_t n = strnlen(e->ip, sizeof e->ip);
	bool v6 = memchr(e->ip, ':', n) != NULL;

	if (v6)
		tv_buf_addc(b, '[');
	tv_escape_text(b, (const uint8_t *)e->ip, n);
	tv_buf_printf(b, "%s:%u", v6 ? "]" : "", (unsigned)e->port);
}

/* "2026-11-22 23:10:00.123456 UTC" */
static void human_time(tv_buf *b, int64_t us)
{
	char t[32];

	tv_time_format(us, t);
	t[10] = ' ';
	t[strlen(t) - 1] = '\0';
	tv_buf_adds(b, t);
	tv_buf_adds(b, " UTC");
}

static void text_header(tv_buf *o, const tv_conn *c, size_t width)
{
	flow f;
	tv_buf *b;

	flow_init(&f, o, width, 0, LADDER_INDENT, " ");
	b = item(&f);
	tv_buf_printf(b, "#%" PRIu64 "  ", c->id);
	endpoint(b, &c->client);
	tv_buf_adds(b, " ->");
	item_done(&f);
	endpoint(item(&f), &c->server);
	item_done(&f);
	f.sep = "   ";
	human_time(item(&f), c->start_us);
	item_done(&f);
	flow_end(&f);
}

static void bytes_item(tv_buf *b, const char *prefix, tv_bytes v)
{
	tv_buf_adds(b, prefix);
	tv_escape_text(b, v.p, v.p ? v.n : 0);
}

static void text_alpn(flow *f, const tv_conn *c)
{
	tv_buf *b = item(f);

	if (!c->alpn_selected.p && !c->n_alpn_offered)
		return;
	tv_buf_adds(b, "ALPN ");
	if (c->alpn_selected.p)
		bytes_item(b, "", c->alpn_selected);
	if (c->n_alpn_offered)
		tv_buf_adds(b, c->alpn_selected.p ? " (offered " : "offered ");
	for (size_t i = 0; i < c->n_alpn_offered; i++)
		bytes_item(b, i ? ", " : "", c->alpn_offered[i]);
	if (c->n_alpn_offered && c->alpn_selected.p)
		tv_buf_addc(b, ')');
	item_done(f);
}

static void text_summary(tv_buf *o, const tv_conn *c, size_t width)
{
	flow f;
	const char *name;

	pad(o, LADDER_INDENT);
	flow_init(&f, o, width, LADDER_INDENT, LADDER_INDENT, "   ");
	if (c->sni.p) {
		bytes_item(item(&f), "SNI ", c->sni);
		item_done(&f);
	}
	if (c->version >= 0) {
		name = tls_version_name((unsigned)c->version);
		if (name)
			flow_esc(&f, "", name);
		else
			flow_printf(&f, "version 0x%04x", (unsigned)c->version);
	}
	if (c->cipher_suite >= 0) {
		name = tls_cipher_suite_name((unsigned)c->cipher_suite);
		if (name)
			flow_esc(&f, "", name);
		else
			flow_printf(&f, "cipher suite 0x%04x",
				    (unsigned)c->cipher_suite);
	}
	text_alpn(&f, c);
	if (c->resumed)
		flow_printf(&f, "resumed");
	if (c->hrr)
		flow_printf(&f, "HelloRetryRequest");
	if (c->version < 0 && c->cipher_suite < 0)
		flow_printf(&f, "no ServerHello seen");
	flow_end(&f);
}

/* ---- the ladder ---- */

typedef struct ladder {
	const tv_msg *m;
	const tv_alert *a;
} ladder;

/* The next message or alert in time order; a message first on a tie, as
 * an alert normally ends what arrived with it. */
static bool ladder_next(ladder *it, const tv_msg **m, const tv_alert **a)
{
	*m = NULL;
	*a = NULL;
	if (it->m && (!it->a || it->m->time_us <= it->a->time_us)) {
		*m = it->m;
		it->m = it->m->next;
	} else if (it->a) {
		*a = it->a;
		it->a = it->a->next;
	}
	return *m || *a;
}

/* client_hello -> ClientHello (ASCII only, no locale). */
static void camel(tv_buf *b, const char *snake)
{
	tv_buf t;
	bool up = true;

	tv_buf_init(&t);
	for (const char *p = snake; *p; p++) {
		if (*p == '_') {
			up = true;
			continue;
		}
		tv_buf_addc(&t,
			    up && *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		up = false;
	}
	tv_escape_text(b, (const uint8_t *)tv_buf_str(&t), t.len);
	tv_buf_free(&t);
}

void tv_text_msg_name(tv_buf *b, const tv_msg *m)
{
	const char *type =
	    m->type ? m->type : tls_handshake_type_name(m->type_id);

	if (type)
		camel(b, type);
	else
		tv_buf_printf(b, "Handshake type %u", (unsigned)m->type_id);
}

void tv_text_alert_name(tv_buf *b, const tv_alert *a)
{
	const char *level = tls_alert_level_name(a->level);
	const char *desc = tls_alert_name(a->desc);

	tv_buf_adds(b, "Alert ");
	if (level)
		esc(b, level);
	else
		tv_buf_printf(b, "level %u", (unsigned)a->level);
	tv_buf_addc(b, ' ');
	if (desc)
		esc(b, desc);
	else
		tv_buf_printf(b, "%u", (unsigned)a->desc);
}

/* The ladder label: [Name] for what was read after decryption, a "!"
 * for a message that did not decode. */
static void event_label(tv_buf *b, const tv_msg *m, const tv_alert *a)
{
	bool enc = m ? m->encrypted : a->encrypted;

	tv_buf_reset(b);
	if (enc)
		tv_buf_addc(b, '[');
	if (m)
		tv_text_msg_name(b, m);
	else
		tv_text_alert_name(b, a);
	if (enc)
		tv_buf_addc(b, ']');
	if (m && m->error)
		tv_buf_adds(b, " !");
}

static void delta(tv_buf *b, int64_t d)
{
	uint64_t mag = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;

	tv_buf_reset(b);
	tv_buf_printf(b, "%c%" PRIu64 ".%06" PRIu64, d < 0 ? '-' : '+',
		      mag / 1000000, mag % 1000000);
}

/*
 * Two columns with an arrow between them when the widest labels fit;
 * otherwise (narrow terminal, long alert names) one column with a short
 * arrow giving the direction:  +0.000100  -->  ClientHello
 */
typedef struct ladder_layout {
	size_t time_w, left_w, right_w, arrow;
	bool compact;
	bool any_encrypted;
} ladder_layout;

static void ladder_measure(const tv_conn *c, size_t width, ladder_layout *l)
{
	ladder it = {c->msgs, c->alerts};
	const tv_msg *m;
	const tv_alert *a;
	int64_t prev = c->start_us;
	tv_buf b;
	size_t used;

	tv_buf_init(&b);
	l->time_w = 4;
	l->left_w = l->right_w = 6; /* "client", "server" */
	l->any_encrypted = false;
	while (ladder_next(&it, &m, &a)) {
		int64_t t = m ? m->time_us : a->time_us;
		size_t w;
		bool server = (m ? m->dir : a->dir) == TV_DIR_SERVER;

		delta(&b, t - prev);
		prev = t;
		if (b.len > l->time_w)
			l->time_w = b.len;
		event_label(&b, m, a);
		w = cols(b.p, b.len);
		if (server && w > l->right_w)
			l->right_w = w;
		if (!server && w > l->left_w)
			l->left_w = w;
		l->any_encrypted |= m ? m->encrypted : a->encrypted;
	}
	tv_buf_free(&b);
	used = LADDER_INDENT + l->time_w + 2 + l->left_w + 2 + 2 + l->right_w;
	l->compact = used + ARROW_MIN > width;
	l->arrow = l->compact ? 3 : width - used;
	if (l->arrow > ARROW_MAX)
		l->arrow = ARROW_MAX;
}

static void arrow(tv_buf *o, size_t n, bool to_server)
{
	if (!to_server)
		tv_buf_addc(o, '<');
	for (size_t i = 1; i < n; i++)
		tv_buf_addc(o, '-');
	if (to_server)
		tv_buf_addc(o, '>');
}

static void text_fields(tv_buf *o, const tv_field *f, size_t ind, bool started,
			size_t width);

static void ladder_row(tv_buf *o, const ladder_layout *l, size_t width,
		       const char *time, const tv_buf *label, bool server)
{
	size_t w = cols(label->p, label->len);
	size_t col = LADDER_INDENT + l->time_w + 2 + l->arrow + 2;
	flow f;

	pad(o, LADDER_INDENT + l->time_w - strlen(time));
	tv_buf_adds(o, time);
	pad(o, 2);
	if (l->compact) {
		arrow(o, l->arrow, !server);
		pad(o, 2);
		flow_init(&f, o, width, col, col, " ");
		flow_add(&f, label->p, label->len);
		flow_end(&f);
		return;
	}
	if (server) {
		pad(o, l->left_w + 2);
		arrow(o, l->arrow, false);
		pad(o, 2);
		tv_buf_add(o, label->p, label->len);
	} else {
		tv_buf_add(o, label->p, label->len);
		pad(o, (w < l->left_w ? l->left_w - w : 0) + 2);
		arrow(o, l->arrow, true);
	}
	tv_buf_addc(o, '\n');
}

static void ladder_error(tv_buf *o, const ladder_layout *l, size_t width,
			 const char *error)
{
	size_t ind = LADDER_INDENT + l->time_w + 2;
	flow f;

	pad(o, ind);
	flow_init(&f, o, width, ind, ind + 2, " ");
	flow_printf(&f, "!");
	flow_words(&f, error);
	flow_end(&f);
}

/* --explain: the note, on the lines under its row, from the column where
 * the row's first label or arrow starts. */
static void ladder_note(tv_buf *o, const ladder_layout *l, size_t width,
			tv_buf *note)
{
	size_t ind = LADDER_INDENT + l->time_w + 2;
	flow f;

	pad(o, ind);
	flow_init(&f, o, width, ind, ind + 2, " ");
	flow_words(&f, tv_buf_str(note));
	flow_end(&f);
}

/* --explain: the rows the ladder does not draw (the records nobody could
 * decrypt, the application data), each with its note. */
static void ladder_extra(tv_buf *o, const tv_conn *c, const ladder_layout *l,
			 size_t width)
{
	static const char *const keys[] = {TV_GUIDE_NO_KEYS, TV_GUIDE_APP_DATA};
	static const char *const rows[] = {"(encrypted handshake, no keys)",
					   "(application data)"};
	tv_buf note;

	tv_buf_init(&note);
	for (size_t i = 0; i < 2; i++) {
		tv_buf_reset(&note);
		if (!tv_guide_conn_note(c, keys[i], &note))
			continue;
		pad(o, LADDER_INDENT + l->time_w + 2);
		tv_buf_adds(o, rows[i]);
		tv_buf_addc(o, '\n');
		ladder_note(o, l, width, &note);
	}
	tv_buf_free(&note);
}

/* STARTTLS: the plaintext exchanged before TLS, one row per line, so the
 * reader sees where TLS begins. */
static void text_preamble(tv_buf *o, const tv_conn *c, size_t width)
{
	size_t ind = LADDER_INDENT + 11 + 2 + 3 + 2;
	int64_t prev = c->start_us;
	tv_buf time;
	flow f;

	if (!c->starttls)
		return;
	pad(o, LADDER_INDENT);
	flow_init(&f, o, width, LADDER_INDENT, LADDER_INDENT, " ");
	flow_esc(&f, "STARTTLS ", c->starttls);
	flow_words(&f, "in plain text before TLS:");
	flow_end(&f);
	tv_buf_init(&time);
	for (const tv_preamble *s = c->preamble; s; s = s->next) {
		delta(&time, s->time_us - prev);
		prev = s->time_us;
		pad(o, LADDER_INDENT + (time.len < 11 ? 11 - time.len : 0));
		tv_buf_add(o, time.p, time.len);
		tv_buf_adds(o, s->dir == TV_DIR_CLIENT ? "  -->  " : "  <--  ");
		flow_init(&f, o, width, ind, ind, " ");
		flow_esc(&f, "", s->text);
		flow_end(&f);
	}
	tv_buf_free(&time);
	pad(o, LADDER_INDENT);
	tv_buf_adds(o, "TLS begins here:\n");
}

static void text_ladder(tv_buf *o, const tv_conn *c, const tv_text_opts *opt,
			bool explain, size_t width)
{
	ladder it = {c->msgs, c->alerts};
	const tv_msg *m;
	const tv_alert *a;
	int64_t prev = c->start_us;
	ladder_layout l;
	tv_buf time, label, note;

	if (!c->msgs && !c->alerts) {
		pad(o, LADDER_INDENT);
		tv_buf_adds(o, "no handshake messages seen\n");
		return;
	}
	ladder_measure(c, width, &l);
	pad(o, LADDER_INDENT + l.time_w + 2);
	if (l.compact) {
		flow f;
		size_t col = LADDER_INDENT + l.time_w + 2;

		flow_init(&f, o, width, col, col, ", ");
		flow_printf(&f, "--> client to server");
		flow_printf(&f, "<-- server to client");
		flow_end(&f);
	} else {
		tv_buf_adds(o, "client");
		pad(o, l.left_w - 6 + 2 + l.arrow + 2);
		tv_buf_adds(o, "server\n");
	}
	tv_buf_init(&time);
	tv_buf_init(&label);
	tv_buf_init(&note);
	while (ladder_next(&it, &m, &a)) {
		int64_t t = m ? m->time_us : a->time_us;

		delta(&time, t - prev);
		prev = t;
		event_label(&label, m, a);
		ladder_row(o, &l, width, time.p, &label,
			   (m ? m->dir : a->dir) == TV_DIR_SERVER);
		if (m && m->error)
			ladder_error(o, &l, width, m->error);
		tv_buf_reset(&note);
		if (explain && (m ? tv_guide_msg_note(c, m, &note)
				       : tv_guide_alert_note(c, a, &note)))
			ladder_note(o, &l, width, &note);
		if (m && m->fields && opt->verbose)
			for (const tv_field *f = m->fields->first; f;
			     f = f->next)
				text_fields(o, f, FIELDS_INDENT, false, width);
	}
	if (explain)
		ladder_extra(o, c, &l, width);
	if (l.any_encrypted) {
		pad(o, LADDER_INDENT);
		tv_buf_adds(o, "[...] was read after decryption\n");
	}
	tv_buf_free(&time);
	tv_buf_free(&label);
	tv_buf_free(&note);
}

/* ---- field trees (--verbose) ---- */

/* Hex that fits in room columns: at most max_hex bytes (and at least
 * 4), then the length. */
static void hex_value(tv_buf *b, const uint8_t *p, size_t n, size_t room,
		      size_t max_hex)
{
	char suffix[48];
	size_t k = n, sw;

	if (!p || !n) {
		tv_buf_adds(b, "(0 bytes)");
		return;
	}
	sw = (size_t)snprintf(suffix, sizeof suffix, "... (%zu bytes)", n);
	if (n > max_hex || 2 * n > room) {
		k = room > sw ? (room - sw) / 2 : 0;
		if (k > max_hex)
			k = max_hex;
		if (k < 4)
			k = 4;
	}
	if (k >= n) {
		tv_buf_hex(b, p, n);
		return;
	}
	tv_buf_hex(b, p, k);
	tv_buf_adds(b, suffix);
}

void tv_text_field_value(tv_buf *b, const tv_field *f, size_t room,
			 size_t max_hex, tv_text_esc_fn esc_fn)
{
	switch (f->kind) {
	case TVF_UINT:
		tv_buf_printf(b, "%" PRIu64, f->num);
		if (f->label) {
			tv_buf_adds(b, " (");
			esc_fn(b, f->label, strlen(f->label));
			tv_buf_addc(b, ')');
		}
		break;
	case TVF_BOOL:
		tv_buf_adds(b, f->num ? "true" : "false");
		break;
	case TVF_STRING:
		tv_buf_addc(b, '"');
		esc_fn(b, f->bytes, f->bytes ? f->nbytes : 0);
		tv_buf_addc(b, '"');
		break;
	case TVF_HEX:
		hex_value(b, f->bytes, f->nbytes, room, max_hex);
		break;
	case TVF_OBJECT:
		tv_buf_adds(b, "{}");
		break;
	case TVF_ARRAY:
		tv_buf_adds(b, "[]");
		break;
	default:
		tv_buf_adds(b, "null");
		break;
	}
}

static void esc_bytes(tv_buf *b, const void *p, size_t n)
{
	tv_escape_text(b, p, n);
}

/* Children of a container, YAML-like: array elements as "- ", and the
 * first member of an object inside an array on the "- " line. */
static void text_children(tv_buf *o, const tv_field *f, size_t ind,
			  bool started, size_t width)
{
	bool first = true;

	for (const tv_field *c = f->first; c; c = c->next) {
		bool cont = started && first;

		first = false;
		if (f->kind == TVF_ARRAY) {
			if (!cont)
				pad(o, ind);
			tv_buf_adds(o, "- ");
			text_fields(o, c, ind + 2, true, width);
		} else {
			text_fields(o, c, ind, cont, width);
		}
	}
}

/*
 * One field at column ind.  started: the line is already indented to ind
 * (after an array element's "- ").
 */
static void text_fields(tv_buf *o, const tv_field *f, size_t ind, bool started,
			size_t width)
{
	bool container =
	    (f->kind == TVF_OBJECT || f->kind == TVF_ARRAY) && f->first;
	flow fl;
	tv_buf *b;

	if (!started)
		pad(o, ind);
	if (container && !f->key) { /* an element of an array */
		text_children(o, f, ind, true, width);
		return;
	}
	flow_init(&fl, o, width, ind, ind + 4, " ");
	b = item(&fl);
	if (f->key) {
		esc(b, f->key);
		if (f->kind == TVF_ARRAY && f->first)
			tv_buf_printf(b, " (%" PRIu32 ")", f->count);
		tv_buf_adds(b, container ? ":" : ": ");
	}
	if (!container) {
		size_t used = ind + cols(b->p, b->len);

		tv_text_field_value(b, f, width > used ? width - used : 0,
				    HEX_SHOWN, esc_bytes);
	}
	item_done(&fl);
	flow_end(&fl);
	if (container)
		text_children(o, f, ind + 2, false, width);
}

/* ---- certificates, fingerprints, notes ---- */

static void cert_date(tv_buf *b, const char *prefix, int64_t s)
{
	char t[32];

	if (s < -62135596800LL || s > 253402300799LL)
		return; /* outside years 1-9999: not a real X.509 time */
	tv_time_format(s * 1000000, t);
	t[10] = '\0';
	tv_buf_adds(b, prefix);
	tv_buf_adds(b, t);
}

static void cert_key(flow *f, const tv_cert *ct)
{
	tv_buf *b = item(f);

	esc(b, ct->key_algorithm ? ct->key_algorithm : "unknown key");
	if (ct->key_curve) {
		tv_buf_addc(b, ' ');
		esc(b, ct->key_curve);
	}
	if (ct->key_bits)
		tv_buf_printf(b, " %u", ct->key_bits);
	item_done(f);
}

/* Days between two times in seconds, rounded down. */
static long long days(int64_t from, int64_t to)
{
	return (long long)((to - from) / 86400);
}

/* " (812 days left)", relative to the moment the chain was checked. */
static void cert_days(tv_buf *b, const tv_cert *ct, const tv_validation *v)
{
	int64_t at = v->checked_at_us / 1000000;

	if (ct->not_after < at)
		tv_buf_printf(b, " (expired %lld days before the check)",
			      days(ct->not_after, at));
	else if (ct->not_before > at)
		tv_buf_printf(b, " (not valid for another %lld days)",
			      days(at, ct->not_before));
	else
		tv_buf_printf(b, " (%lld days left)", days(at, ct->not_after));
}

static void flow_list(flow *f, const char *prefix, const char *const *v,
		      size_t n)
{
	for (size_t i = 0; i < n; i++)
		flow_esc(f, prefix, v[i]);
}

/* Extension details (known once the chain was validated). */
static void cert_extensions(flow *f, const tv_certinfo *ci, bool verbose)
{
	tv_buf *b;

	if (ci->has_key_usage) {
		b = item(f);
		tv_buf_adds(b, "key usage");
		for (size_t i = 0; i < ci->n_key_usage; i++) {
			tv_buf_addc(b, ' ');
			esc(b, ci->key_usage_names[i]);
		}
		item_done(f);
	}
	if (ci->n_eku) {
		b = item(f);
		tv_buf_adds(b, "EKU");
		for (size_t i = 0; i < ci->n_eku; i++) {
			tv_buf_addc(b, ' ');
			esc(b, ci->eku[i]);
		}
		item_done(f);
	}
	if (ci->ca == 0)
		flow_printf(f, "not a CA");
	if (ci->path_len >= 0)
		flow_printf(f, "path length %d", ci->path_len);
	flow_list(f, "permitted ", ci->nc_permitted, ci->n_nc_permitted);
	flow_list(f, "excluded ", ci->nc_excluded, ci->n_nc_excluded);
	flow_list(f, "OCSP ", ci->ocsp, ci->n_ocsp);
	flow_list(f, "CA issuers ", ci->ca_issuers, ci->n_ca_issuers);
	flow_list(f, "CRL ", ci->crl_dps, ci->n_crl_dps);
	flow_list(f, "unknown critical extension ", ci->unknown_critical,
		  ci->n_unknown_critical);
	if (ci->must_staple)
		flow_printf(f, "must staple OCSP");
	if (ci->n_scts >= 0)
		flow_printf(f, "%d SCT%s", ci->n_scts,
			    ci->n_scts == 1 ? "" : "s");
	if (!verbose)
		return;
	flow_list(f, "policy ", ci->policies, ci->n_policies);
	if (ci->ski)
		flow_esc(f, "SKI ", ci->ski);
	if (ci->aki)
		flow_esc(f, "AKI ", ci->aki);
}

static void cert_details(flow *f, const tv_cert *ct, const tv_validation *v,
			 bool verbose)
{
	tv_buf *b;
	const tv_certinfo *ci = v && (size_t)ct->position < v->n_certinfo
				    ? &v->certinfo[ct->position]
				    : NULL;

	flow_esc(f, "issuer ", ct->issuer ? ct->issuer : "(none)");
	b = item(f);
	if (verbose)
		cert_date(b, "valid from ", ct->not_before);
	cert_date(b, verbose ? " until " : "valid until ", ct->not_after);
	if (b->len && v)
		cert_days(b, ct, v);
	if (b->len)
		item_done(f);
	for (size_t i = 0; i < ct->n_san; i++)
		flow_esc(f, i ? "" : "SAN ", ct->san[i] ? ct->san[i] : "");
	cert_key(f, ct);
	if (ct->is_ca)
		flow_printf(f, "CA");
	if (ct->self_signed)
		flow_printf(f, "self-signed");
	if (verbose && ct->version > 0)
		flow_printf(f, "X.509 v%d", ct->version);
	if (verbose && ct->signature_algorithm)
		flow_esc(f, "signed with ", ct->signature_algorithm);
	if (verbose && ct->serial)
		flow_esc(f, "serial ", ct->serial);
	if (ci && ci->parsed)
		cert_extensions(f, ci, verbose);
}

static void text_cert(tv_buf *o, const tv_cert *ct, const tv_validation *v,
		      size_t ind, size_t width, bool verbose)
{
	flow f;
	tv_buf *b;

	pad(o, ind + 2);
	flow_init(&f, o, width, ind + 2, ind + 4, ", ");
	b = item(&f);
	tv_buf_printf(b, "%d ", ct->position);
	if (ct->error) {
		tv_buf_adds(b, "unreadable: ");
		esc(b, ct->error);
	} else {
		esc(b, ct->subject ? ct->subject : "(no subject)");
	}
	item_done(&f);
	if (!ct->error)
		cert_details(&f, ct, v, verbose);
	if (verbose && ct->sha1[0])
		flow_esc(&f, "sha1 ", ct->sha1);
	if (ct->sha256[0])
		flow_esc(&f, "sha256 ", ct->sha256);
	flow_end(&f);
}

/* v: the verdict on l (extension details, days left), or NULL. */
static void text_certs(tv_buf *o, const char *title, const tv_certlist *l,
		       const tv_validation *v, size_t ind, size_t width,
		       bool verbose)
{
	if (!l->n)
		return;
	pad(o, ind);
	tv_buf_adds(o, title);
	tv_buf_adds(o, ":\n");
	for (size_t i = 0; i < l->n; i++)
		text_cert(o, &l->v[i], v, ind, width, verbose);
}

/* ---- the verdict ---- */

/* A paragraph of words wrapped at column ind. */
static void paragraph(tv_buf *o, size_t ind, size_t width, const char *s)
{
	flow f;

	pad(o, ind);
	flow_init(&f, o, width, ind, ind, " ");
	flow_words(&f, s);
	flow_end(&f);
}

static const char *const time_source_words[] = {
    "now", "the capture's time", "given with --at"};

static void verdict_head(tv_buf *o, const tv_validation *v, size_t ind,
			 size_t width)
{
	size_t e = tv_validation_count(v, TV_SEV_ERROR);
	size_t w = tv_validation_count(v, TV_SEV_WARNING);
	flow f;
	tv_buf *b;

	pad(o, ind);
	tv_buf_adds(o, "validation: ");
	tv_buf_adds(o, v->trusted ? "trusted" : "NOT TRUSTED");
	if (e && w)
		tv_buf_printf(o, " (%zu error%s, %zu warning%s)", e,
			      e == 1 ? "" : "s", w, w == 1 ? "" : "s");
	else if (e || w)
		tv_buf_printf(o, " (%zu %s%s)", e ? e : w,
			      e ? "error" : "warning",
			      (e ? e : w) == 1 ? "" : "s");
	tv_buf_addc(o, '\n');
	pad(o, ind + 4);
	flow_init(&f, o, width, ind + 4, ind + 6, ", ");
	b = item(&f);
	tv_buf_adds(b, "checked at ");
	human_time(b, v->checked_at_us);
	tv_buf_printf(b, " (%s)", time_source_words[v->time_source]);
	item_done(&f);
	if (v->hostname)
		flow_esc(&f, "host name ", v->hostname);
	else
		flow_printf(&f, "no host name checked");
	flow_end(&f);
}

static void verdict_path(tv_buf *o, const tv_validation *v, size_t ind,
			 size_t width)
{
	flow f;
	tv_buf *b;

	for (size_t i = 0; i < v->n_path; i++) {
		const tv_path_cert *pc = &v->path[i];

		pad(o, ind + 4);
		tv_buf_adds(o, i ? "      " : "path: ");
		flow_init(&f, o, width, ind + 10, ind + 14, " ");
		b = item(&f);
		tv_buf_printf(b, "%zu ", i);
		esc(b, pc->subject ? pc->subject : "");
		item_done(&f);
		b = item(&f);
		if (pc->from_store) {
			tv_buf_adds(b, "(trust anchor from ");
			esc(b, pc->source ? pc->source : "?");
			tv_buf_addc(b, ')');
		} else {
			tv_buf_printf(b, "(sent, certificate %d)",
				      pc->position);
		}
		item_done(&f);
		flow_end(&f);
	}
	pad(o, ind + 4);
	flow_init(&f, o, width, ind + 4, ind + 6, " ");
	if (v->anchor) {
		flow_esc(&f, "anchor ", v->anchor->subject);
		flow_esc(&f, "from ", v->anchor->source);
	} else {
		flow_printf(&f, "anchor: none (no path reaches a trust "
				"anchor)");
	}
	flow_end(&f);
}

static void verdict_reasons(tv_buf *o, const tv_validation *v, size_t ind,
			    size_t width)
{
	for (size_t i = 0; i < v->n_reasons; i++) {
		const tv_reason *r = &v->reasons[i];

		flow f;
		tv_buf *b;

		pad(o, ind + 4);
		flow_init(&f, o, width, ind + 4, ind + 8, " ");
		b = item(&f);
		tv_buf_adds(b, tv_severity_name(r->severity));
		tv_buf_addc(b, ' ');
		esc(b, r->code);
		item_done(&f);
		if (r->certificate >= 0)
			flow_printf(&f, "(certificate %d):", r->certificate);
		else
			flow_printf(&f, "(the whole chain):");
		flow_words(&f, r->title ? r->title : "");
		flow_end(&f);
		paragraph(o, ind + 8, width, r->evidence ? r->evidence : "");
		if (r->explanation && *r->explanation)
			paragraph(o, ind + 8, width, r->explanation);
	}
	for (size_t i = 0; i < v->n_ca_issuers; i++) {
		pad(o, ind + 4);
		tv_buf_adds(o, "the missing issuer is at ");
		esc(o, v->ca_issuers[i]);
		tv_buf_addc(o, '\n');
	}
}

/* "2030-01-01 00:00 UTC", or "never" for an absent time (-1). */
static void short_time(tv_buf *b, int64_t s)
{
	char t[32];

	if (s == -1 || s < -62135596800LL || s > 253402300799LL) {
		tv_buf_adds(b, s == -1 ? "none" : "?");
		return;
	}
	tv_time_format(s * 1000000, t);
	t[10] = ' ';
	t[16] = '\0';
	tv_buf_printf(b, "%s UTC", t);
}

static void verdict_ocsp(tv_buf *o, const tv_validation *v, size_t ind,
			 size_t width)
{
	for (size_t i = 0; i < v->n_ocsp; i++) {
		const tv_ocsp_result *r = &v->ocsp[i];
		flow f;
		tv_buf *b;

		pad(o, ind + 4);
		flow_init(&f, o, width, ind + 4, ind + 8, ", ");
		b = item(&f);
		tv_buf_adds(b, "OCSP ");
		esc(b, r->source);
		tv_buf_adds(b, ": ");
		if (r->problem)
			tv_buf_adds(b, "not usable");
		else
			tv_buf_adds(b, r->status ? r->status : "?");
		item_done(&f);
		if (r->certificate >= 0)
			flow_printf(&f, "about certificate %d", r->certificate);
		if (r->this_update != -1) {
			b = item(&f);
			tv_buf_adds(b, "issued ");
			short_time(b, r->this_update);
			item_done(&f);
			b = item(&f);
			tv_buf_adds(b, "next update ");
			short_time(b, r->next_update);
			item_done(&f);
		}
		if (r->revoked_at != -1) {
			b = item(&f);
			tv_buf_adds(b, "revoked ");
			short_time(b, r->revoked_at);
			item_done(&f);
		}
		flow_end(&f);
	}
}

static void verdict_store(tv_buf *o, const tv_store_verdict *s, size_t ind,
			  size_t width)
{
	flow f;
	tv_buf *b;

	pad(o, ind + 6);
	flow_init(&f, o, width, ind + 6, ind + 10, " ");
	b = item(&f);
	esc(b, s->name);
	tv_buf_addc(b, ':');
	item_done(&f);
	if (s->trusted) {
		flow_printf(&f, "trusted");
		b = item(&f);
		tv_buf_adds(b, "(anchor ");
		esc(b, s->anchor ? s->anchor->subject : "?");
		tv_buf_addc(b, ')');
		item_done(&f);
	} else if (s->code) {
		flow_printf(&f, "not trusted:");
		flow_words(&f, s->check && *s->check ? s->check : s->code);
		if (s->depth >= 0)
			flow_printf(&f, "check fails at depth %d", s->depth);
		else
			flow_printf(&f, "check fails");
		b = item(&f);
		tv_buf_addc(b, '(');
		esc(b, s->code);
		tv_buf_addc(b, ')');
		item_done(&f);
	} else {
		flow_printf(&f, "not trusted");
	}
	flow_end(&f);
	if (!s->trusted && s->evidence)
		paragraph(o, ind + 10, width, s->evidence);
}

static void verdict_stores(tv_buf *o, const tv_validation *v, size_t ind,
			   size_t width)
{
	pad(o, ind + 4);
	if (!v->n_stores) {
		tv_buf_adds(o, "stores: none (no trust anchors given)\n");
		return;
	}
	tv_buf_adds(o, "stores:\n");
	for (size_t i = 0; i < v->n_stores; i++)
		verdict_store(o, &v->stores[i], ind, width);
	if (v->gnutls && !v->gnutls_trusted) {
		pad(o, ind + 4);
		tv_buf_adds(o, "GnuTLS says:\n");
		paragraph(o, ind + 8, width, v->gnutls);
	}
}

static void text_validation(tv_buf *o, const tv_validation *v, size_t ind,
			    size_t width)
{
	if (!v)
		return;
	verdict_head(o, v, ind, width);
	if (v->n_path)
		verdict_path(o, v, ind, width);
	verdict_reasons(o, v, ind, width);
	verdict_ocsp(o, v, ind, width);
	verdict_stores(o, v, ind, width);
}

static void fingerprint(flow *f, const char *name, const char *v)
{
	if (v)
		flow_esc(f, name, v);
}

static void text_fingerprints(tv_buf *o, const tv_conn *c, size_t width,
			      bool verbose)
{
	const char *title = "fingerprints: ";
	flow f;

	if (!c->ja3_hash && !c->ja4 && !c->ja3s_hash &&
	    !(verbose && (c->ja3 || c->ja4_r || c->ja3s)))
		return;
	pad(o, LADDER_INDENT);
	tv_buf_adds(o, title);
	flow_init(&f, o, width, LADDER_INDENT + strlen(title),
		  LADDER_INDENT + 2, ", ");
	fingerprint(&f, "ja3 ", c->ja3_hash);
	fingerprint(&f, "ja4 ", c->ja4);
	fingerprint(&f, "ja3s ", c->ja3s_hash);
	if (verbose) {
		fingerprint(&f, "ja3 string ", c->ja3);
		fingerprint(&f, "ja4_r ", c->ja4_r);
		fingerprint(&f, "ja3s string ", c->ja3s);
	}
	flow_end(&f);
}

static void text_notes(tv_buf *o, const tv_conn *c, size_t width)
{
	const char *title = "notes: ";
	size_t ind = LADDER_INDENT + strlen(title);
	flow f;
	char dropped[64];

	if (!c->notes && !c->n_notes_dropped)
		return;
	pad(o, LADDER_INDENT);
	tv_buf_adds(o, title);
	for (const tv_note *n = c->notes; n; n = n->next) {
		if (n != c->notes)
			pad(o, ind);
		flow_init(&f, o, width, ind, ind, " ");
		flow_words(&f, n->text);
		flow_end(&f);
	}
	if (c->n_notes_dropped) {
		if (c->notes)
			pad(o, ind);
		snprintf(dropped, sizeof dropped, "%zu more notes were dropped",
			 c->n_notes_dropped);
		flow_init(&f, o, width, ind, ind, " ");
		flow_words(&f, dropped);
		flow_end(&f);
	}
}

static void text_traffic(tv_buf *o, const tv_conn *c, size_t width)
{
	flow f;

	if (!c->records[TV_DIR_CLIENT] && !c->records[TV_DIR_SERVER])
		return;
	pad(o, LADDER_INDENT);
	flow_init(&f, o, width, LADDER_INDENT, LADDER_INDENT + 2, "   ");
	flow_printf(&f, "records: client %" PRIu64 ", server %" PRIu64,
		    c->records[TV_DIR_CLIENT], c->records[TV_DIR_SERVER]);
	flow_printf(&f, "app data bytes: client %" PRIu64 ", server %" PRIu64,
		    c->app_data_bytes[TV_DIR_CLIENT],
		    c->app_data_bytes[TV_DIR_SERVER]);
	flow_end(&f);
}

static void text_conn(tv_buf *out, const tv_conn *c, const tv_text_opts *o,
		      bool explain)
{
	static const tv_text_opts defaults = {false, 0};
	size_t width;

	if (!o)
		o = &defaults;
	width = o->width > 0 ? (size_t)o->width : TEXT_WIDTH_DEFAULT;
	if (width < TEXT_WIDTH_MIN)
		width = TEXT_WIDTH_MIN;
	text_header(out, c, width);
	text_summary(out, c, width);
	text_preamble(out, c, width);
	text_ladder(out, c, o, explain, width);
	text_certs(out, "certificates", &c->certs, c->validation,
		   LADDER_INDENT, width, o->verbose);
	text_validation(out, c->validation, LADDER_INDENT, width);
	text_certs(out, "client certificates", &c->client_certs, NULL,
		   LADDER_INDENT, width, o->verbose);
	text_fingerprints(out, c, width, o->verbose);
	text_notes(out, c, width);
	text_traffic(out, c, width);
	tv_buf_addc(out, '\n');
}

void tv_text_conn(tv_buf *out, const tv_conn *c, const tv_text_opts *o)
{
	text_conn(out, c, o, false);
}

void tv_text_conn_explained(tv_buf *out, const tv_conn *c,
			    const tv_text_opts *o)
{
	text_conn(out, c, o, true);
}

void tv_text_chain(tv_buf *out, const tv_certlist *certs,
		   const struct tv_validation *v, const tv_text_opts *o)
{
	static const tv_text_opts defaults = {false, 0};
	size_t width;

	if (!o)
		o = &defaults;
	width = o->width > 0 ? (size_t)o->width : TEXT_WIDTH_DEFAULT;
	if (width < TEXT_WIDTH_MIN)
		width = TEXT_WIDTH_MIN;
	text_certs(out, "certificates", certs, v, 0, width, o->verbose);
	text_validation(out, v, 0, width);
}
