/*
 * The verdict cache.
 *
 * What a verdict depends on: the certificates sent (in order), the name
 * checked, the options, the stores and CRLs (fixed for the cache: a cache
 * serves one tv_trust), the OCSP responses, and the time checked.  The
 * key holds the first three: each certificate by its length and SHA-256
 * (a collision would need two certificates with the same digest), the
 * name as given.  OCSP responses are never cached: whether one can be
 * used, and what the verdict says about it, depends on its own update
 * times against the time checked, and staples are rare next to the
 * connections that repeat a chain.
 *
 * The time enters through validity checks only (ours and GnuTLS's: the
 * certificates sent, the anchors of every store, the CRLs): each such
 * check compares the time checked, in whole seconds, with a fixed date.
 * A verdict is kept with the window [lo, hi) around its time that no
 * such date of any certificate sent, any anchor or any CRL falls inside,
 * so every check gives the same answer anywhere in it.  Texts that name
 * the time checked ("expired ... 12 days before the time checked") would
 * differ all the same: such verdicts are not kept (validate.c says which).
 */
#include "pki/vcache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/memo.h"

#define VCACHE_ENTRIES 256
#define VCACHE_BYTES   (16u << 20)

struct tv_verdict_cache {
	tv_memo *memo;
	const tv_trust *trust; /* the one the entries were made with */
	tv_buf key;	       /* scratch */
	uint64_t reused, computed;
};

typedef struct kept {
	int64_t lo, hi; /* seconds: the verdict holds for lo <= at < hi */
	tv_validation *v;
} kept;

tv_verdict_cache *tv_verdict_cache_new(void)
{
	tv_verdict_cache *vc = tv_xcalloc(1, sizeof *vc);

	vc->memo = tv_memo_new(VCACHE_ENTRIES, VCACHE_BYTES);
	tv_buf_init(&vc->key);
	return vc;
}

void tv_verdict_cache_free(tv_verdict_cache *vc)
{
	if (!vc)
		return;
	tv_memo_free(vc->memo);
	tv_buf_free(&vc->key);
	free(vc);
}

tv_verdict_cache_stats tv_verdict_cache_get_stats(const tv_verdict_cache *vc)
{
	return (tv_verdict_cache_stats){vc->reused, vc->computed,
					tv_memo_get_stats(vc->memo).entries};
}

/* ---- the key ---- */

static void key_u64(tv_buf *b, uint64_t v)
{
	tv_buf_add(b, &v, sizeof v);
}

static void key_str(tv_buf *b, const char *s)
{
	key_u64(b, s ? strlen(s) + 1 : 0);
	if (s)
		tv_buf_add(b, s, strlen(s));
}

/* False when o cannot be cached (OCSP) or a digest is missing. */
static bool make_key(tv_verdict_cache *vc, tv_trust *t,
		     const tv_certlist *certs, const tv_validate_opts *o)
{
	tv_buf *b = &vc->key;

	if (o->n_ocsp)
		return false;
	if (vc->trust != t) {
		/* another trust: nothing kept applies to it */
		tv_memo_free(vc->memo);
		vc->memo = tv_memo_new(VCACHE_ENTRIES, VCACHE_BYTES);
		vc->trust = t;
	}
	tv_buf_reset(b);
	tv_buf_add(b, "tlsview verdict 1", 17);
	key_u64(b, (uint64_t)o->find_leaf << 1 | o->order_matters);
	key_str(b, o->hostname);
	key_u64(b, certs->n);
	for (size_t i = 0; i < certs->n; i++) {
		const tv_cert *ct = &certs->v[i];

		if (strlen(ct->sha256) != 64)
			return false;
		key_u64(b, ct->der ? ct->der_len : UINT64_MAX);
		tv_buf_add(b, ct->sha256, 64);
	}
	return true;
}

/* ---- the window ---- */

static int64_t seconds(int64_t us)
{
	return us / 1000000 - (us % 1000000 < 0);
}

/* Every check compares at with d by < or <= (or > or >=): d and d + 1
 * both bound the window, so none changes its answer inside it. */
static void bound(int64_t at, int64_t d, kept *k)
{
	for (int i = 0; i < 2; i++) {
		int64_t b = d + i;

		if (b <= at && b > k->lo)
			k->lo = b;
		else if (b > at && b < k->hi)
			k->hi = b;
		if (d == INT64_MAX)
			break;
	}
}

static void bound_cert(int64_t at, const tv_cert *ct, kept *k)
{
	bound(at, ct->not_before, k);
	bound(at, ct->not_after, k);
}

static void window(tv_trust *t, const tv_certlist *certs, int64_t at, kept *k)
{
	k->lo = INT64_MIN;
	k->hi = INT64_MAX;
	for (size_t i = 0; i < certs->n; i++)
		bound_cert(at, &certs->v[i], k);
	for (size_t i = 0; i < tv_trust_n_anchors(t); i++)
		bound_cert(at, &tv_trust_anchor(t, i)->cert, k);
	for (size_t i = 0; i < tv_trust_n_crls(t); i++) {
		gnutls_x509_crl_t crl = tv_trust_crl(t, i)->crl;
		time_t tu = gnutls_x509_crl_get_this_update(crl);
		time_t nu = gnutls_x509_crl_get_next_update(crl);

		if (tu != (time_t)-1)
			bound(at, (int64_t)tu, k);
		if (nu != (time_t)-1)
			bound(at, (int64_t)nu, k);
	}
}

/* ---- get and put ---- */

bool tv_vcache_get(tv_verdict_cache *vc, tv_trust *t, const tv_certlist *certs,
		   const tv_validate_opts *o, tv_arena *a, tv_validation **out)
{
	int64_t at = seconds(o->at_us);
	const kept *k;
	tv_validation *v;

	vc->computed++; /* until found */
	if (!make_key(vc, t, certs, o))
		return false;
	k = tv_memo_get(vc->memo, vc->key.p, vc->key.len);
	if (!k || at < k->lo || at >= k->hi)
		return false;
	vc->computed--;
	vc->reused++;
	v = tv_validation_copy(a, k->v);
	v->checked_at_us = o->at_us;
	v->time_source = o->time_source;
	*out = v;
	return true;
}

void tv_vcache_put(tv_verdict_cache *vc, tv_trust *t, const tv_certlist *certs,
		   const tv_validate_opts *o, const tv_validation *v)
{
	tv_arena a;
	kept *k;

	if (!make_key(vc, t, certs, o))
		return;
	tv_arena_init(&a);
	k = tv_arena_alloc(&a, sizeof *k);
	window(t, certs, seconds(o->at_us), k);
	k->v = tv_validation_copy(&a, v);
	tv_memo_put(vc->memo, vc->key.p, vc->key.len, &a, k);
}

/* ---- the deep copy ---- */

static const char *str(tv_arena *a, const char *s)
{
	return s ? tv_arena_strdup(a, s) : NULL;
}

static const char **strv(tv_arena *a, const char *const *v, size_t n)
{
	const char **out;

	if (!v)
		return NULL;
	out = tv_arena_alloc(a, (n ? n : 1) * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = str(a, v[i]);
	return out;
}

/* An array of n elements of size sz (NULL stays NULL; at least one). */
static void *arr(tv_arena *a, const void *v, size_t n, size_t sz)
{
	void *out;

	if (!v)
		return NULL;
	out = tv_arena_alloc(a, (n ? n : 1) * sz);
	memcpy(out, v, n * sz);
	return out;
}

static const tv_anchor_ref *anchor_ref(tv_arena *a, const tv_anchor_ref *r)
{
	tv_anchor_ref *out = arr(a, r, 1, sizeof *r);

	if (out) {
		out->subject = str(a, r->subject);
		out->source = str(a, r->source);
	}
	return out;
}

static void copy_path(tv_arena *a, tv_validation *v)
{
	v->path = arr(a, v->path, v->n_path, sizeof *v->path);
	for (size_t i = 0; v->path && i < v->n_path; i++) {
		v->path[i].subject = str(a, v->path[i].subject);
		v->path[i].source = str(a, v->path[i].source);
	}
}

static void copy_reasons(tv_arena *a, tv_validation *v)
{
	v->reasons = arr(a, v->reasons, v->n_reasons, sizeof *v->reasons);
	for (size_t i = 0; v->reasons && i < v->n_reasons; i++) {
		tv_reason *r = &v->reasons[i];

		r->code = str(a, r->code);
		r->evidence = str(a, r->evidence);
		r->explanation = str(a, r->explanation);
		r->text = str(a, r->text);
		r->check = str(a, r->check);
		r->title = str(a, r->title);
	}
}

static void copy_stores(tv_arena *a, tv_validation *v)
{
	v->stores = arr(a, v->stores, v->n_stores, sizeof *v->stores);
	for (size_t i = 0; v->stores && i < v->n_stores; i++) {
		tv_store_verdict *s = &v->stores[i];

		s->name = str(a, s->name);
		s->anchor = anchor_ref(a, s->anchor);
		s->code = str(a, s->code);
		s->check = str(a, s->check);
		s->evidence = str(a, s->evidence);
		s->gnutls = str(a, s->gnutls);
	}
}

static void copy_certinfo(tv_arena *a, tv_certinfo *ci)
{
	ci->key_usage_names = strv(a, ci->key_usage_names, ci->n_key_usage);
	ci->eku = strv(a, ci->eku, ci->n_eku);
	ci->ski = str(a, ci->ski);
	ci->aki = str(a, ci->aki);
	ci->ocsp = strv(a, ci->ocsp, ci->n_ocsp);
	ci->ca_issuers = strv(a, ci->ca_issuers, ci->n_ca_issuers);
	ci->crl_dps = strv(a, ci->crl_dps, ci->n_crl_dps);
	ci->nc_permitted = strv(a, ci->nc_permitted, ci->n_nc_permitted);
	ci->nc_excluded = strv(a, ci->nc_excluded, ci->n_nc_excluded);
	ci->critical = strv(a, ci->critical, ci->n_critical);
	ci->unknown_critical =
	    strv(a, ci->unknown_critical, ci->n_unknown_critical);
	ci->policies = strv(a, ci->policies, ci->n_policies);
}

static void copy_ocsp(tv_arena *a, tv_validation *v)
{
	v->ocsp = arr(a, v->ocsp, v->n_ocsp, sizeof *v->ocsp);
	for (size_t i = 0; v->ocsp && i < v->n_ocsp; i++) {
		v->ocsp[i].source = str(a, v->ocsp[i].source);
		v->ocsp[i].status = str(a, v->ocsp[i].status);
		v->ocsp[i].problem = str(a, v->ocsp[i].problem);
	}
}

tv_validation *tv_validation_copy(tv_arena *a, const tv_validation *src)
{
	tv_validation *v = arr(a, src, 1, sizeof *src);

	if (!v)
		return NULL;
	v->hostname = str(a, v->hostname);
	v->anchor = anchor_ref(a, v->anchor);
	copy_path(a, v);
	copy_reasons(a, v);
	copy_stores(a, v);
	v->ca_issuers = strv(a, v->ca_issuers, v->n_ca_issuers);
	v->certinfo = arr(a, v->certinfo, v->n_certinfo, sizeof *v->certinfo);
	for (size_t i = 0; v->certinfo && i < v->n_certinfo; i++)
		copy_certinfo(a, &v->certinfo[i]);
	copy_ocsp(a, v);
	v->gnutls = str(a, v->gnutls);
	return v;
}
