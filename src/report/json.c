/*
 * The --json writer: spec/json-output.md, field for field and in its
 * order.  Every value the contract lists is written, null when unknown;
 * fields beyond the contract come after the contract's own.  Strings from
 * the wire (and, to be safe, our own) go through tv_escape_json, so the
 * line is valid UTF-8 JSON whatever the bytes were.  Integers only, no
 * floating point and nothing locale-dependent.
 */
#include "report/json.h"

#include <string.h>

#include "model/validation.h"
#include "report/escape.h"
#include "report/guide.h"
#include "tls/registry.h"

/* A comma before a member or element unless it is the first one: the
 * previous byte is then the opening '{' or '['. */
static void j_sep(tv_buf *o)
{
	if (o->len && o->p[o->len - 1] != '{' && o->p[o->len - 1] != '[')
		tv_buf_addc(o, ',');
}

static void j_rawstr(tv_buf *o, const void *p, size_t n)
{
	tv_buf_addc(o, '"');
	tv_escape_json(o, p, n);
	tv_buf_addc(o, '"');
}

/* A member name: `"name":` after a comma when needed. */
static void j_key(tv_buf *o, const char *k)
{
	j_sep(o);
	j_rawstr(o, k, strlen(k));
	tv_buf_addc(o, ':');
}

static void j_str(tv_buf *o, const char *s)
{
	if (s)
		j_rawstr(o, s, strlen(s));
	else
		tv_buf_adds(o, "null");
}

static void j_bytes(tv_buf *o, tv_bytes b)
{
	if (b.p)
		j_rawstr(o, b.p, b.n);
	else
		tv_buf_adds(o, "null");
}

/* Decimal without printf: a connection writes hundreds of numbers. */
static void j_u64(tv_buf *o, uint64_t v)
{
	char d[20];
	size_t i = sizeof d;

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	tv_buf_add(o, d + i, sizeof d - i);
}

static void j_int(tv_buf *o, int v)
{
	if (v < 0) {
		tv_buf_addc(o, '-');
		j_u64(o, -(uint64_t)v);
		return;
	}
	j_u64(o, (uint64_t)v);
}

static void j_bool(tv_buf *o, bool v)
{
	tv_buf_adds(o, v ? "true" : "false");
}

static void j_time(tv_buf *o, int64_t us)
{
	char t[32];

	tv_time_format(us, t);
	j_str(o, t);
}

static void j_kstr(tv_buf *o, const char *k, const char *s)
{
	j_key(o, k);
	j_str(o, s);
}

static void j_ku64(tv_buf *o, const char *k, uint64_t v)
{
	j_key(o, k);
	j_u64(o, v);
}

static void j_kbool(tv_buf *o, const char *k, bool v)
{
	j_key(o, k);
	j_bool(o, v);
}

static void j_ktime(tv_buf *o, const char *k, int64_t us)
{
	j_key(o, k);
	j_time(o, us);
}

/* ---- field trees (mapping documented in model/field.h) ---- */

static bool array_has_labels(const tv_field *a)
{
	for (const tv_field *e = a->first; e; e = e->next)
		if (e->kind == TVF_UINT && e->label)
			return true;
	return false;
}

/* A member name with a suffix: `"<key><suffix>":`. */
static void j_key_suffix(tv_buf *o, const char *key, const char *suffix)
{
	size_t n = strlen(key), m = strlen(suffix);
	char small[64];
	tv_buf name;

	if (n + m < sizeof small) { /* every key of the contract */
		memcpy(small, key, n);
		memcpy(small + n, suffix, m + 1);
		j_key(o, small);
		return;
	}
	tv_buf_init(&name);
	tv_buf_adds(&name, key);
	tv_buf_adds(&name, suffix);
	j_key(o, tv_buf_str(&name));
	tv_buf_free(&name);
}

/* The sibling "<key>_name" / "<key>_names" that follows a labelled member. */
static void json_label_sibling(tv_buf *o, const tv_field *f, const char *key)
{
	if (f->kind == TVF_UINT && f->label) {
		j_key_suffix(o, key, "_name");
		j_str(o, f->label);
	} else if (f->kind == TVF_ARRAY && array_has_labels(f)) {
		j_key_suffix(o, key, "_names");
		tv_buf_addc(o, '[');
		for (const tv_field *e = f->first; e; e = e->next) {
			j_sep(o);
			j_str(o, e->kind == TVF_UINT ? e->label : NULL);
		}
		tv_buf_addc(o, ']');
	}
}

void tv_json_field(tv_buf *out, const tv_field *f)
{
	if (!f) {
		tv_buf_adds(out, "null");
		return;
	}
	switch (f->kind) {
	case TVF_OBJECT:
		tv_buf_addc(out, '{');
		for (const tv_field *c = f->first; c; c = c->next) {
			const char *key = c->key ? c->key : "";

			j_key(out, key);
			tv_json_field(out, c);
			json_label_sibling(out, c, key);
		}
		tv_buf_addc(out, '}');
		break;
	case TVF_ARRAY:
		tv_buf_addc(out, '[');
		for (const tv_field *c = f->first; c; c = c->next) {
			j_sep(out);
			tv_json_field(out, c);
		}
		tv_buf_addc(out, ']');
		break;
	case TVF_UINT:
		j_u64(out, f->num);
		break;
	case TVF_BOOL:
		j_bool(out, f->num != 0);
		break;
	case TVF_STRING:
		j_rawstr(out, f->bytes, f->bytes ? f->nbytes : 0);
		break;
	case TVF_HEX:
		tv_buf_addc(out, '"');
		if (f->bytes)
			tv_buf_hex(out, f->bytes, f->nbytes);
		tv_buf_addc(out, '"');
		break;
	case TVF_NULL:
	default:
		tv_buf_adds(out, "null");
		break;
	}
}

/* ---- the connection ---- */

static void json_endpoint(tv_buf *o, const char *k, const tv_endpoint *e)
{
	j_key(o, k);
	tv_buf_addc(o, '{');
	j_key(o, "ip");
	j_rawstr(o, e->ip, strnlen(e->ip, sizeof e->ip));
	j_ku64(o, "port", e->port);
	tv_buf_addc(o, '}');
}

/* {id, name} or null when id < 0; name null when the registry has none. */
static void json_code(tv_buf *o, const char *k, int id, tvf_namer namer)
{
	j_key(o, k);
	if (id < 0) {
		tv_buf_adds(o, "null");
		return;
	}
	tv_buf_addc(o, '{');
	j_ku64(o, "id", (unsigned)id);
	j_kstr(o, "name", namer((unsigned)id));
	tv_buf_addc(o, '}');
}

static void json_alpn(tv_buf *o, const tv_conn *c)
{
	j_key(o, "alpn");
	tv_buf_addc(o, '{');
	j_key(o, "offered");
	tv_buf_addc(o, '[');
	for (size_t i = 0; i < c->n_alpn_offered; i++) {
		j_sep(o);
		j_bytes(o, c->alpn_offered[i]);
	}
	tv_buf_addc(o, ']');
	j_key(o, "selected");
	j_bytes(o, c->alpn_selected);
	tv_buf_addc(o, '}');
}

/* --explain: "explain" of a message (m) or an alert (a), else nothing. */
static void json_explain(tv_buf *o, const tv_conn *c, const tv_msg *m,
			 const tv_alert *a)
{
	tv_buf note;

	if (!c)
		return;
	tv_buf_init(&note);
	j_key(o, "explain");
	if (m ? tv_guide_msg_note(c, m, &note)
	      : tv_guide_alert_note(c, a, &note))
		j_str(o, tv_buf_str(&note));
	else
		tv_buf_adds(o, "null");
	tv_buf_free(&note);
}

static void json_msg(tv_buf *o, const tv_msg *m, const tv_conn *explain)
{
	const char *type =
	    m->type ? m->type : tls_handshake_type_name(m->type_id);

	tv_buf_addc(o, '{');
	j_kstr(o, "dir", tv_dir_name(m->dir));
	j_kstr(o, "type", type);
	j_ku64(o, "type_id", m->type_id);
	j_ku64(o, "length", m->length);
	j_kbool(o, "encrypted", m->encrypted);
	j_ktime(o, "time", m->time_us);
	j_key(o, "fields");
	if (m->fields)
		tv_json_field(o, m->fields);
	else
		tv_buf_adds(o,
			    "{}"); /* always an object, as the contract says */
	if (m->error)
		j_kstr(o, "error", m->error);
	j_ku64(o, "offset", m->stream_off);
	j_ku64(o, "record", m->record);
	json_explain(o, explain, m, NULL);
	tv_buf_addc(o, '}');
}

static void json_alert(tv_buf *o, const tv_alert *a, const tv_conn *explain)
{
	const char *level = tls_alert_level_name(a->level);

	tv_buf_addc(o, '{');
	j_kstr(o, "dir", tv_dir_name(a->dir));
	j_key(o, "level");
	if (level)
		j_str(o, level);
	else
		j_u64(o, a->level);
	j_kstr(o, "description", tls_alert_name(a->desc));
	j_ku64(o, "id", a->desc);
	j_kbool(o, "encrypted", a->encrypted);
	j_ktime(o, "time", a->time_us);
	json_explain(o, explain, NULL, a);
	tv_buf_addc(o, '}');
}

/* Certificate times are seconds; beyond year 9999 (not valid X.509) the
 * microsecond value could overflow, so those are null. */
static void json_cert_time(tv_buf *o, const char *k, const tv_cert *ct,
			   int64_t s)
{
	j_key(o, k);
	if (ct->error || s < -62135596800LL || s > 253402300799LL)
		tv_buf_adds(o, "null");
	else
		j_time(o, s * 1000000);
}

static void json_public_key(tv_buf *o, const tv_cert *ct)
{
	j_key(o, "public_key");
	if (ct->error) {
		tv_buf_adds(o, "null");
		return;
	}
	tv_buf_addc(o, '{');
	j_kstr(o, "algorithm", ct->key_algorithm);
	if (ct->key_curve)
		j_kstr(o, "curve", ct->key_curve);
	j_ku64(o, "bits", ct->key_bits);
	tv_buf_addc(o, '}');
}

/* An array of strings, as member k (or a bare value when k is NULL). */
static void j_strs(tv_buf *o, const char *k, const char *const *v, size_t n)
{
	if (k)
		j_key(o, k);
	tv_buf_addc(o, '[');
	for (size_t i = 0; i < n; i++) {
		j_sep(o);
		j_str(o, v[i]);
	}
	tv_buf_addc(o, ']');
}

/* An int, or null when negative ("absent"). */
static void j_kint(tv_buf *o, const char *k, int v)
{
	j_key(o, k);
	if (v < 0)
		tv_buf_adds(o, "null");
	else
		j_int(o, v);
}

static void json_basic_constraints(tv_buf *o, const tv_certinfo *ci)
{
	j_key(o, "basic_constraints");
	if (ci->ca < 0) {
		tv_buf_adds(o, "null");
		return;
	}
	tv_buf_addc(o, '{');
	j_kbool(o, "ca", ci->ca == 1);
	j_kint(o, "path_len", ci->path_len);
	tv_buf_addc(o, '}');
}

/* Extension details, known when the chain was validated. */
static void json_extensions(tv_buf *o, const tv_certinfo *ci)
{
	j_key(o, "extensions");
	tv_buf_addc(o, '{');
	j_key(o, "key_usage");
	if (ci->has_key_usage)
		j_strs(o, NULL, ci->key_usage_names, ci->n_key_usage);
	else
		tv_buf_adds(o, "null");
	j_key(o, "extended_key_usage");
	if (ci->n_eku)
		j_strs(o, NULL, ci->eku, ci->n_eku);
	else
		tv_buf_adds(o, "null");
	json_basic_constraints(o, ci);
	j_kstr(o, "subject_key_id", ci->ski);
	j_kstr(o, "authority_key_id", ci->aki);
	j_strs(o, "ocsp", ci->ocsp, ci->n_ocsp);
	j_strs(o, "ca_issuers", ci->ca_issuers, ci->n_ca_issuers);
	j_strs(o, "crl_distribution_points", ci->crl_dps, ci->n_crl_dps);
	j_key(o, "name_constraints");
	if (ci->n_nc_permitted || ci->n_nc_excluded) {
		tv_buf_addc(o, '{');
		j_strs(o, "permitted", ci->nc_permitted, ci->n_nc_permitted);
		j_strs(o, "excluded", ci->nc_excluded, ci->n_nc_excluded);
		tv_buf_addc(o, '}');
	} else {
		tv_buf_adds(o, "null");
	}
	j_strs(o, "critical", ci->critical, ci->n_critical);
	j_strs(o, "unknown_critical", ci->unknown_critical,
	       ci->n_unknown_critical);
	j_strs(o, "policies", ci->policies, ci->n_policies);
	j_kint(o, "scts", ci->n_scts);
	j_kbool(o, "must_staple", ci->must_staple);
	tv_buf_addc(o, '}');
}

static void json_cert(tv_buf *o, const tv_cert *ct, const tv_certinfo *ci)
{
	tv_buf_addc(o, '{');
	j_key(o, "position");
	j_int(o, ct->position);
	j_kstr(o, "sha256", ct->sha256[0] ? ct->sha256 : NULL);
	j_kstr(o, "subject", ct->subject);
	j_kstr(o, "issuer", ct->issuer);
	j_kstr(o, "serial", ct->serial);
	json_cert_time(o, "not_before", ct, ct->not_before);
	json_cert_time(o, "not_after", ct, ct->not_after);
	j_key(o, "san");
	tv_buf_addc(o, '[');
	for (size_t i = 0; i < ct->n_san; i++) {
		j_sep(o);
		j_str(o, ct->san[i]);
	}
	tv_buf_addc(o, ']');
	json_public_key(o, ct);
	j_kstr(o, "signature_algorithm", ct->signature_algorithm);
	j_kbool(o, "is_ca", ct->is_ca);
	j_kbool(o, "self_signed", ct->self_signed);
	j_kstr(o, "sha1", ct->sha1[0] ? ct->sha1 : NULL);
	j_key(o, "version");
	if (ct->error)
		tv_buf_adds(o, "null");
	else
		j_int(o, ct->version);
	if (ct->error)
		j_kstr(o, "error", ct->error);
	if (ci && ci->parsed)
		json_extensions(o, ci);
	tv_buf_addc(o, '}');
}

/* v: the verdict on l (extension details), or NULL. */
static void json_certlist(tv_buf *o, const char *k, const tv_certlist *l,
			  const tv_validation *v)
{
	j_key(o, k);
	tv_buf_addc(o, '[');
	for (size_t i = 0; i < l->n; i++) {
		j_sep(o);
		json_cert(o, &l->v[i],
			  v && i < v->n_certinfo ? &v->certinfo[i] : NULL);
	}
	tv_buf_addc(o, ']');
}

/* ---- the verdict (spec: "Validation") ---- */

static void json_anchor(tv_buf *o, const char *k, const tv_anchor_ref *a)
{
	j_key(o, k);
	if (!a) {
		tv_buf_adds(o, "null");
		return;
	}
	tv_buf_addc(o, '{');
	j_kstr(o, "subject", a->subject);
	j_kstr(o, "sha256", a->sha256);
	j_kstr(o, "source", a->source);
	tv_buf_addc(o, '}');
}

static void json_path(tv_buf *o, const tv_validation *v)
{
	j_key(o, "path");
	tv_buf_addc(o, '[');
	for (size_t i = 0; i < v->n_path; i++) {
		const tv_path_cert *pc = &v->path[i];

		j_sep(o);
		tv_buf_addc(o, '{');
		j_kstr(o, "subject", pc->subject);
		j_kstr(o, "sha256", pc->sha256);
		j_kstr(o, "from", pc->from_store ? "store" : "peer");
		j_kint(o, "position", pc->position);
		j_kstr(o, "source", pc->source);
		tv_buf_addc(o, '}');
	}
	tv_buf_addc(o, ']');
}

static void json_reasons(tv_buf *o, const tv_validation *v)
{
	j_key(o, "reasons");
	tv_buf_addc(o, '[');
	for (size_t i = 0; i < v->n_reasons; i++) {
		const tv_reason *r = &v->reasons[i];

		j_sep(o);
		tv_buf_addc(o, '{');
		j_kstr(o, "code", r->code);
		j_kstr(o, "severity", tv_severity_name(r->severity));
		j_kint(o, "certificate", r->certificate);
		j_kstr(o, "text", r->text);
		j_kint(o, "depth", r->depth);
		j_kstr(o, "evidence", r->evidence);
		j_kstr(o, "explanation", r->explanation);
		j_kstr(o, "check", r->check);
		j_kstr(o, "title", r->title);
		tv_buf_addc(o, '}');
	}
	tv_buf_addc(o, ']');
}

static void json_gnutls(tv_buf *o, bool trusted, const char *status)
{
	j_key(o, "gnutls");
	tv_buf_addc(o, '{');
	j_kbool(o, "trusted", trusted);
	j_kstr(o, "status", status);
	tv_buf_addc(o, '}');
}

static void json_store(tv_buf *o, const tv_store_verdict *s)
{
	tv_buf_addc(o, '{');
	j_kstr(o, "name", s->name);
	j_kbool(o, "trusted", s->trusted);
	json_anchor(o, "anchor", s->anchor);
	j_ku64(o, "path_length", s->path_len);
	j_key(o, "failure");
	if (s->code) {
		tv_buf_addc(o, '{');
		j_kstr(o, "code", s->code);
		j_kstr(o, "check", s->check);
		j_kint(o, "depth", s->depth);
		j_kint(o, "certificate", s->certificate);
		j_kstr(o, "evidence", s->evidence);
		tv_buf_addc(o, '}');
	} else {
		tv_buf_adds(o, "null");
	}
	json_gnutls(o, s->gnutls_trusted, s->gnutls);
	tv_buf_addc(o, '}');
}

/* Seconds, or null when absent (-1). */
static void j_ksecs(tv_buf *o, const char *k, int64_t s)
{
	if (s == -1 || s < -62135596800LL || s > 253402300799LL) {
		j_key(o, k);
		tv_buf_adds(o, "null");
	} else {
		j_ktime(o, k, s * 1000000);
	}
}

static void json_ocsp(tv_buf *o, const tv_validation *v)
{
	j_key(o, "ocsp");
	tv_buf_addc(o, '[');
	for (size_t i = 0; i < v->n_ocsp; i++) {
		const tv_ocsp_result *r = &v->ocsp[i];

		j_sep(o);
		tv_buf_addc(o, '{');
		j_kstr(o, "source", r->source);
		j_kint(o, "certificate", r->certificate);
		j_kint(o, "depth", r->depth);
		j_kstr(o, "status", r->status);
		j_kbool(o, "signature_ok", r->signature_ok);
		j_ksecs(o, "this_update", r->this_update);
		j_ksecs(o, "next_update", r->next_update);
		j_ksecs(o, "revoked_at", r->revoked_at);
		j_kstr(o, "problem", r->problem);
		tv_buf_addc(o, '}');
	}
	tv_buf_addc(o, ']');
}

static const char *const time_sources[] = {"now", "capture", "at"};

static void json_validation(tv_buf *o, const tv_validation *v)
{
	j_key(o, "validation");
	if (!v) {
		tv_buf_adds(o, "null");
		return;
	}
	tv_buf_addc(o, '{');
	j_kbool(o, "trusted", v->trusted);
	j_ktime(o, "checked_at", v->checked_at_us);
	j_kstr(o, "hostname", v->hostname);
	json_anchor(o, "anchor", v->anchor);
	json_path(o, v);
	json_reasons(o, v);
	j_kstr(o, "time_source", time_sources[v->time_source]);
	j_kint(o, "leaf", v->leaf);
	j_key(o, "stores");
	tv_buf_addc(o, '[');
	for (size_t i = 0; i < v->n_stores; i++) {
		j_sep(o);
		json_store(o, &v->stores[i]);
	}
	tv_buf_addc(o, ']');
	j_strs(o, "ca_issuers", v->ca_issuers, v->n_ca_issuers);
	json_ocsp(o, v);
	json_gnutls(o, v->gnutls_trusted, v->gnutls);
	tv_buf_addc(o, '}');
}

void tv_json_chain(tv_buf *out, const tv_certlist *certs,
		   const struct tv_validation *v)
{
	tv_buf_addc(out, '{');
	json_certlist(out, "certificates", certs, v);
	json_validation(out, v);
	tv_buf_adds(out, "}\n");
}

static void json_notes(tv_buf *o, const tv_conn *c)
{
	j_key(o, "notes");
	tv_buf_addc(o, '[');
	for (const tv_note *n = c->notes; n; n = n->next) {
		j_sep(o);
		j_str(o, n->text);
	}
	if (c->n_notes_dropped) {
		j_sep(o);
		tv_buf_printf(o, "\"%zu more notes were dropped\"",
			      c->n_notes_dropped);
	}
	tv_buf_addc(o, ']');
}

/* STARTTLS: the plaintext before TLS, step by step.  Beyond the contract
 * and only meaningful for a live connection: written only when there was
 * one, so replays' objects are unchanged. */
static void json_starttls(tv_buf *o, const tv_conn *c)
{
	if (!c->starttls)
		return;
	j_key(o, "starttls");
	tv_buf_addc(o, '{');
	j_kstr(o, "protocol", c->starttls);
	j_key(o, "preamble");
	tv_buf_addc(o, '[');
	for (const tv_preamble *s = c->preamble; s; s = s->next) {
		j_sep(o);
		tv_buf_addc(o, '{');
		j_kstr(o, "dir", tv_dir_name(s->dir));
		j_ktime(o, "time", s->time_us);
		j_kstr(o, "text", s->text);
		j_key(o, "data");
		tv_buf_addc(o, '"');
		tv_buf_hex(o, s->data.p, s->data.n);
		tv_buf_addc(o, '"');
		tv_buf_addc(o, '}');
	}
	tv_buf_adds(o, "]}");
}

static void json_per_dir(tv_buf *o, const char *k, const uint64_t v[2])
{
	j_key(o, k);
	tv_buf_addc(o, '{');
	j_ku64(o, "client", v[TV_DIR_CLIENT]);
	j_ku64(o, "server", v[TV_DIR_SERVER]);
	tv_buf_addc(o, '}');
}

/* explain: write the notes */
static void json_handshake(tv_buf *o, const tv_conn *c, bool explain)
{
	j_key(o, "messages");
	tv_buf_addc(o, '[');
	for (const tv_msg *m = c->msgs; m; m = m->next) {
		j_sep(o);
		json_msg(o, m, explain ? c : NULL);
	}
	tv_buf_addc(o, ']');
	j_key(o, "alerts");
	tv_buf_addc(o, '[');
	for (const tv_alert *a = c->alerts; a; a = a->next) {
		j_sep(o);
		json_alert(o, a, explain ? c : NULL);
	}
	tv_buf_addc(o, ']');
}

static void json_conn(tv_buf *out, const tv_conn *c, bool explain)
{
	tv_buf_addc(out, '{');
	j_ku64(out, "id", c->id);
	json_endpoint(out, "client", &c->client);
	json_endpoint(out, "server", &c->server);
	j_ktime(out, "start", c->start_us);
	json_code(out, "version", c->version, tls_version_name);
	json_code(out, "cipher_suite", c->cipher_suite, tls_cipher_suite_name);
	j_key(out, "sni");
	j_bytes(out, c->sni);
	json_alpn(out, c);
	j_kbool(out, "resumed", c->resumed);
	json_handshake(out, c, explain);
	json_certlist(out, "certificates", &c->certs, c->validation);
	json_certlist(out, "client_certificates", &c->client_certs, NULL);
	json_validation(out, c->validation);
	j_kstr(out, "ja3", c->ja3);
	j_kstr(out, "ja3_hash", c->ja3_hash);
	j_kstr(out, "ja4", c->ja4);
	j_kstr(out, "ja4_r", c->ja4_r);
	j_kstr(out, "ja3s", c->ja3s);
	j_kstr(out, "ja3s_hash", c->ja3s_hash);
	json_notes(out, c);
	j_ktime(out, "end", c->end_us);
	json_per_dir(out, "records", c->records);
	json_per_dir(out, "app_data_bytes", c->app_data_bytes);
	json_starttls(out, c);
	tv_buf_adds(out, "}\n");
}

void tv_json_conn(tv_buf *out, const tv_conn *c)
{
	json_conn(out, c, false);
}

void tv_json_conn_explained(tv_buf *out, const tv_conn *c)
{
	json_conn(out, c, true);
}
