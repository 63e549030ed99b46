/*
 * The certificate chain: leaf to anchor with a mark per link, the verdict
 * and each reason with its explanation, the view of each store, and the
 * selected certificate in full.  e writes the selected one as PEM.
 */
#include "ui/ui_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pki/certinfo.h"
#include "util/arena.h"

static const char *const time_words[] = {"now", "the capture's time",
					  "given with --at"};

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dupf(const char *fmt, ...)
{
	tv_buf b;
	va_list ap;
	char *s;

	tv_buf_init(&b);
	va_start(ap, fmt);
	tv_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = tv_xmalloc(b.len + 1);
	memcpy(s, tv_buf_str(&b), b.len + 1);
	tv_buf_free(&b);
	return s;
}

static void add_item(ui *u, ui_chain_item it)
{
	u->items[u->n_items++] = it;
}

static void free_items(ui *u)
{
	for (size_t i = 0; i < u->n_items; i++)
		free((char *)u->items[i].where);
	u->n_items = 0;
}

void chain_free(ui *u)
{
	free_items(u);
	free(u->items);
	u->items = NULL;
}

static bool on_path(const tv_validation *v, int position)
{
	for (size_t i = 0; v && i < v->n_path; i++)
		if (!v->path[i].from_store && v->path[i].position == position)
			return true;
	return false;
}

bool chain_open(ui *u, const tv_certlist *l, const tv_validation *v)
{
	if (!l->n && !(v && v->n_path)) {
		ui_msg(u, "no certificates in this connection");
		return false;
	}
	free_items(u);
	u->items = tv_xrealloc(u->items, (l->n + (v ? v->n_path : 0) + 1) *
					     sizeof *u->items);
	for (size_t i = 0; v && i < v->n_path; i++) {
		const tv_path_cert *pc = &v->path[i];
		const tv_cert *ct = NULL;

		if (!pc->from_store && pc->position >= 0 &&
		    (size_t)pc->position < l->n)
			ct = &l->v[pc->position];
		add_item(u, (ui_chain_item){
				pc->subject, pc->sha256, ct,
				pc->from_store
				    ? dupf("trust anchor from %s",
					   pc->source ? pc->source : "?")
				    : dupf("sent, certificate %d",
					   pc->position),
				(int)i});
	}
	for (size_t i = 0; i < l->n; i++)
		if (!on_path(v, (int)i))
			add_item(u, (ui_chain_item){
					l->v[i].subject, l->v[i].sha256,
					&l->v[i],
					dupf(v && v->n_path
						 ? "sent, certificate %zu, "
						   "not on the path"
						 : "sent, certificate %zu",
					     i),
					-1});
	u->certs = l;
	u->val = v;
	u->item_sel = 0;
	u->chain_top = 0;
	ui_push(u, S_CHAIN);
	return true;
}

/* The mark of a certificate: its worst reason. */
static const char *mark(const ui *u, const ui_chain_item *it, attr_t *a)
{
	const tv_validation *v = u->val;
	int worst = 2; /* 2 fine, 1 warning, 0 error */

	if (!v) {
		*a = ui_attr(RL_DIM);
		return ui_g->none;
	}
	for (size_t i = 0; i < v->n_reasons; i++) {
		const tv_reason *r = &v->reasons[i];
		bool here = (it->depth >= 0 && r->depth == it->depth) ||
			    (it->cert && r->certificate == it->cert->position &&
			     r->depth < 0);
		int s = r->severity == TV_SEV_ERROR ? 0 : 1;

		if (here && s < worst)
			worst = s;
	}
	if (it->depth < 0 && worst == 2) {
		*a = ui_attr(RL_DIM);
		return ui_g->none;
	}
	*a = worst == 0 ? ui_attr(RL_BAD) : worst == 1 ? ui_attr(RL_WARN)
						      : ui_attr(RL_OK);
	return worst == 0 ? ui_g->bad : worst == 1 ? ui_g->warn : ui_g->ok;
}

static void esc_line(ui_doc *d, int indent, attr_t a, const char *prefix,
		     const char *s)
{
	tv_buf b;

	tv_buf_init(&b);
	tv_buf_adds(&b, prefix);
	ui_escs(&b, s ? s : "");
	doc_wrap(d, indent, indent + 4, a, tv_buf_str(&b));
	tv_buf_free(&b);
}

static void list_line(ui_doc *d, const char *prefix, const char *const *v,
		      size_t n)
{
	tv_buf b;

	if (!n)
		return;
	tv_buf_init(&b);
	tv_buf_adds(&b, prefix);
	for (size_t i = 0; i < n; i++) {
		tv_buf_adds(&b, i ? ", " : "");
		ui_escs(&b, v[i]);
	}
	doc_wrap(d, 4, 8, A_NORMAL, tv_buf_str(&b));
	tv_buf_free(&b);
}

static void date_line(ui_doc *d, const char *prefix, int64_t s)
{
	char t[32];

	if (s < -62135596800LL || s > 253402300799LL)
		return;
	tv_time_format(s * 1000000, t);
	t[10] = ' ';
	t[19] = '\0';
	doc_printf(d, A_NORMAL, "    %s%s UTC", prefix, t);
}

static void certinfo_lines(ui_doc *d, const tv_certinfo *ci)
{
	if (!ci || !ci->parsed)
		return;
	list_line(d, "key usage ", ci->key_usage_names, ci->n_key_usage);
	list_line(d, "extended key usage ", ci->eku, ci->n_eku);
	if (ci->ca >= 0)
		doc_printf(d, A_NORMAL, "    basic constraints: %s%s",
			   ci->ca ? "CA" : "not a CA",
			   ci->path_len >= 0 ? ", path length limited" : "");
	if (ci->path_len >= 0)
		doc_printf(d, A_NORMAL, "    path length %d", ci->path_len);
	list_line(d, "permitted ", ci->nc_permitted, ci->n_nc_permitted);
	list_line(d, "excluded ", ci->nc_excluded, ci->n_nc_excluded);
	list_line(d, "OCSP ", ci->ocsp, ci->n_ocsp);
	list_line(d, "CA issuers ", ci->ca_issuers, ci->n_ca_issuers);
	list_line(d, "CRL ", ci->crl_dps, ci->n_crl_dps);
	list_line(d, "policies ", ci->policies, ci->n_policies);
	list_line(d, "critical ", ci->critical, ci->n_critical);
	list_line(d, "unknown critical ", ci->unknown_critical,
		  ci->n_unknown_critical);
	if (ci->ski)
		esc_line(d, 4, A_NORMAL, "subject key id ", ci->ski);
	if (ci->aki)
		esc_line(d, 4, A_NORMAL, "authority key id ", ci->aki);
	if (ci->n_scts >= 0)
		doc_printf(d, A_NORMAL, "    %d embedded SCT%s", ci->n_scts,
			   ci->n_scts == 1 ? "" : "s");
	if (ci->must_staple)
		doc_add(d, A_NORMAL, "    must staple OCSP");
}

/* The selected certificate in full. */
static void cert_detail(const ui *u, ui_doc *d, const ui_chain_item *it)
{
	const tv_cert *c = it->cert;
	const tv_validation *v = u->val;

	doc_add(d, A_NORMAL, "");
	if (!c) {
		doc_add(d, A_BOLD, "Selected: a trust anchor from the store");
		esc_line(d, 4, A_NORMAL, "subject ", it->subject);
		esc_line(d, 4, A_NORMAL, "", it->where);
		esc_line(d, 4, A_NORMAL, "sha256 ", it->sha256);
		doc_add(d, ui_attr(RL_DIM),
			"    (its DER is in the store, not in the capture: "
			"nothing to export)");
		return;
	}
	doc_printf(d, A_BOLD, "Selected: certificate %d", c->position);
	if (c->error) {
		esc_line(d, 4, ui_attr(RL_BAD), "unreadable: ", c->error);
		return;
	}
	esc_line(d, 4, A_NORMAL, "subject ", c->subject);
	esc_line(d, 4, A_NORMAL, "issuer  ", c->issuer);
	date_line(d, "valid from  ", c->not_before);
	date_line(d, "valid until ", c->not_after);
	list_line(d, "SAN ", c->san, c->n_san);
	{
		tv_buf b;

		tv_buf_init(&b);
		tv_buf_adds(&b, "key ");
		ui_escs(&b, c->key_algorithm ? c->key_algorithm : "unknown");
		if (c->key_curve) {
			tv_buf_addc(&b, ' ');
			ui_escs(&b, c->key_curve);
		}
		if (c->key_bits)
			tv_buf_printf(&b, " %u bits", c->key_bits);
		doc_wrap(d, 4, 8, A_NORMAL, tv_buf_str(&b));
		tv_buf_free(&b);
	}
	if (c->signature_algorithm)
		esc_line(d, 4, A_NORMAL, "signed with ", c->signature_algorithm);
	doc_printf(d, A_NORMAL, "    X.509 v%d%s%s", c->version,
		   c->is_ca ? ", CA" : "", c->self_signed ? ", self-signed" : "");
	if (c->serial)
		esc_line(d, 4, A_NORMAL, "serial ", c->serial);
	esc_line(d, 4, A_NORMAL, "sha256 ", c->sha256);
	esc_line(d, 4, A_NORMAL, "sha1   ", c->sha1);
	if (v && c->position >= 0 && (size_t)c->position < v->n_certinfo)
		certinfo_lines(d, &v->certinfo[c->position]);
}

static void verdict(const ui *u, ui_doc *d)
{
	const tv_validation *v = u->val;
	size_t e, w;
	char t[32];

	doc_add(d, A_NORMAL, "");
	if (!v) {
		doc_add(d, ui_attr(RL_DIM),
			"No verdict: these certificates were not validated "
			"(a client's certificates are shown as sent).");
		return;
	}
	e = tv_validation_count(v, TV_SEV_ERROR);
	w = tv_validation_count(v, TV_SEV_WARNING);
	doc_printf(d, v->trusted ? ui_attr(RL_OK) | A_BOLD : ui_attr(RL_BAD),
		   "Verdict: %s  (%zu error%s, %zu warning%s)",
		   v->trusted ? "trusted" : "NOT TRUSTED", e, e == 1 ? "" : "s",
		   w, w == 1 ? "" : "s");
	tv_time_format(v->checked_at_us, t);
	{
		tv_buf b;

		tv_buf_init(&b);
		tv_buf_printf(&b, "checked at %s (%s), ", t,
			      time_words[v->time_source]);
		if (v->hostname) {
			tv_buf_adds(&b, "host name ");
			ui_escs(&b, v->hostname);
		} else {
			tv_buf_adds(&b, "no host name checked");
		}
		doc_wrap(d, 2, 4, A_NORMAL, tv_buf_str(&b));
		tv_buf_free(&b);
	}
	for (size_t i = 0; i < v->n_reasons; i++) {
		const tv_reason *r = &v->reasons[i];
		attr_t a = r->severity == TV_SEV_ERROR ? ui_attr(RL_BAD)
						       : ui_attr(RL_WARN);
		tv_buf b;

		tv_buf_init(&b);
		tv_buf_adds(&b, r->severity == TV_SEV_ERROR ? ui_g->bad
							    : ui_g->warn);
		tv_buf_printf(&b, " %s ", tv_severity_name(r->severity));
		ui_escs(&b, r->code);
		if (r->certificate >= 0)
			tv_buf_printf(&b, " (certificate %d): ",
				      r->certificate);
		else
			tv_buf_adds(&b, " (the whole chain): ");
		ui_escs(&b, r->title);
		doc_wrap(d, 2, 6, a, tv_buf_str(&b));
		tv_buf_reset(&b);
		ui_escs(&b, r->evidence);
		if (b.len)
			doc_wrap(d, 6, 6, A_NORMAL, tv_buf_str(&b));
		tv_buf_reset(&b);
		ui_escs(&b, r->explanation);
		if (b.len)
			doc_wrap(d, 6, 6, ui_attr(RL_DIM), tv_buf_str(&b));
		tv_buf_free(&b);
	}
	for (size_t i = 0; i < v->n_ca_issuers; i++)
		esc_line(d, 2, A_NORMAL, "the missing issuer is at ",
			 v->ca_issuers[i]);
	doc_add(d, A_NORMAL, "");
	doc_add(d, A_BOLD, v->n_stores ? "Stores" :
			   "Stores: none (no trust anchors given)");
	for (size_t i = 0; i < v->n_stores; i++) {
		const tv_store_verdict *s = &v->stores[i];
		tv_buf b;

		tv_buf_init(&b);
		tv_buf_adds(&b, s->trusted ? ui_g->ok : ui_g->bad);
		tv_buf_addc(&b, ' ');
		ui_escs(&b, s->name);
		if (s->trusted) {
			tv_buf_adds(&b, ": trusted, anchor ");
			ui_escs(&b, s->anchor ? s->anchor->subject : "?");
		} else if (s->code) {
			tv_buf_adds(&b, ": not trusted: ");
			ui_escs(&b, s->check && *s->check ? s->check : s->code);
			if (s->depth >= 0)
				tv_buf_printf(&b, " fails at depth %d",
					      s->depth);
			tv_buf_adds(&b, " (");
			ui_escs(&b, s->code);
			tv_buf_addc(&b, ')');
		} else {
			tv_buf_adds(&b, ": not trusted");
		}
		doc_wrap(d, 2, 6, s->trusted ? A_NORMAL : ui_attr(RL_BAD),
			 tv_buf_str(&b));
		if (!s->trusted && s->evidence)
			esc_line(d, 6, A_NORMAL, "", s->evidence);
		tv_buf_free(&b);
	}
	if (v->gnutls && !v->gnutls_trusted)
		esc_line(d, 2, ui_attr(RL_DIM), "GnuTLS says: ", v->gnutls);
}

static void build(ui *u, ui_doc *d)
{
	tv_buf b;

	tv_buf_init(&b);
	doc_add(d, A_BOLD, u->val && u->val->n_path
			       ? "Path, leaf to anchor"
			       : "Certificates as sent");
	for (size_t i = 0; i < u->n_items; i++) {
		const ui_chain_item *it = &u->items[i];
		ui_line *l;
		attr_t a;
		const char *m = mark(u, it, &a);

		if (i && it->depth > 0)
			doc_printf(d, ui_attr(RL_DIM), "  %s", ui_g->vline);
		else if (i)
			doc_add(d, A_NORMAL, "");
		tv_buf_reset(&b);
		tv_buf_printf(&b, " %s ", m);
		l = doc_add(d, A_NORMAL, "");
		free(l->s);
		l->mark = tv_xmalloc(b.len + 1);
		memcpy(l->mark, tv_buf_str(&b), b.len + 1);
		l->mark_a = a;
		tv_buf_reset(&b);
		if (it->depth >= 0)
			tv_buf_printf(&b, "%d ", it->depth);
		ui_escs(&b, it->subject ? it->subject : "(no subject)");
		tv_buf_adds(&b, "   ");
		ui_escs(&b, it->where);
		l->s = tv_xmalloc(b.len + 1);
		memcpy(l->s, tv_buf_str(&b), b.len + 1);
		l->item = (int)i;
	}
	verdict(u, d);
	if (u->n_items)
		cert_detail(u, d, &u->items[u->item_sel]);
	doc_add(d, A_NORMAL, "");
	doc_add(d, ui_attr(RL_DIM),
		"Up/Down: select a certificate   PgUp/PgDn: scroll   "
		"e: export as PEM");
	tv_buf_free(&b);
}

static size_t line_of(const ui_doc *d, int item)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].item == item)
			return i;
	return 0;
}

void chain_draw(ui *u, int y, int h, int w)
{
	ui_doc d;
	tv_buf b;

	tv_buf_init(&b);
	if (!u->conn) { /* tlsview cert: files, not a connection */
		tv_buf_adds(&b, "certificate chain");
		if (u->val && u->val->hostname) {
			tv_buf_adds(&b, " for ");
			ui_escs(&b, u->val->hostname);
		}
	} else {
		tv_buf_printf(&b, "#%llu  certificate chain",
			      (unsigned long long)u->conn->id);
	}
	if (u->conn && u->conn->sni.p) {
		tv_buf_adds(&b, " of ");
		ui_esc(&b, u->conn->sni.p, u->conn->sni.n);
	}
	ui_put(y, 1, w - 1, tv_buf_str(&b), A_BOLD);
	tv_buf_free(&b);
	doc_init(&d, w);
	build(u, &d);
	{
		size_t line = line_of(&d, (int)u->item_sel);
		size_t body = h > 1 ? (size_t)h - 1 : 1;

		if (u->chain_top + body > d.n)
			u->chain_top = d.n > body ? d.n - body : 0;
		if (line < u->chain_top && u->chain_top <= line_of(&d, 0))
			u->chain_top = line;
		doc_draw(&d, u->chain_top, y + 1, (int)body, w,
			 (int)u->item_sel);
		u->body_y = y + 1;
		u->body_h = (int)body;
	}
	doc_free(&d);
}

static void export(ui *u)
{
	const ui_chain_item *it = u->n_items ? &u->items[u->item_sel] : NULL;
	char path[512];
	tv_error err = {TV_OK, ""};
	tv_buf b;

	if (!it || !it->cert || !it->cert->der) {
		ui_msg(u, "this certificate is not in the capture: nothing to "
			  "export");
		return;
	}
	snprintf(path, sizeof path, "cert-%.16s.pem", it->cert->sha256);
	if (!ui_prompt(u, "Export PEM to: ", path, sizeof path) || !*path) {
		ui_msg(u, "not written");
		return;
	}
	if (!ui_may_write(u, path))
		return;
	tv_buf_init(&b);
	if (tv_cert_write_pem(it->cert, path, &err)) {
		ui_escs(&b, path);
		ui_msg(u, "wrote %s", tv_buf_str(&b));
	} else {
		ui_escs(&b, err.msg);
		ui_msg(u, "%s", tv_buf_str(&b));
	}
	tv_buf_free(&b);
}

void chain_act(ui *u, enum ui_act a)
{
	size_t page = u->body_h > 1 ? (size_t)u->body_h - 1 : 1;

	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
		ui_move(&u->item_sel, u->n_items, a, 1);
		u->chain_top = 0;
		break;
	case ACT_PGUP:
		u->chain_top = u->chain_top > page ? u->chain_top - page : 0;
		break;
	case ACT_PGDN:
		u->chain_top += page;
		break;
	case ACT_HOME:
		u->chain_top = 0;
		break;
	case ACT_END:
		u->chain_top = SIZE_MAX / 2;
		break;
	case ACT_EXPORT:
		export(u);
		break;
	case ACT_WRITE:
		if (u->conn)
			ui_write_json(u, u->conn);
		else
			ui_msg(u, "no connection here (e exports the selected "
				  "certificate)");
		break;
	default:
		break;
	}
}

void chain_click(ui *u, int row, bool open)
{
	ui_doc d;
	size_t line = u->chain_top + (size_t)row;

	(void)open;
	doc_init(&d, COLS);
	build(u, &d);
	if (line < d.n && d.v[line].item >= 0)
		u->item_sel = (size_t)d.v[line].item;
	doc_free(&d);
}
