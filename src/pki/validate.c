/*
 * Chain validation.
 *
 * 1. Path building: from the leaf, look for an issuer (subject = issuer
 *    name, key identifiers agreeing) among the store's anchors and the
 *    other certificates sent, preferring anchors and verifying
 *    signatures.  A depth-first search with backtracking finds a path to
 *    an anchor when one exists (cross-signed roots, extra certificates);
 *    otherwise the first path tried is explained.
 * 2. Checks along the path, each reported with the depth and the
 *    certificate it concerns: validity at checked_at, signatures, CA
 *    flag, key usage, path length, name constraints, purpose, algorithms,
 *    key sizes, unknown critical extensions, revocation, the host name.
 * 3. The referee: GnuTLS's gnutls_x509_trust_list_verify_crt2 with the
 *    same anchors, at the same time.  If it rejects a chain our checks
 *    passed, its reasons are added, so "trusted" needs both.
 *
 * Every store is checked alone (does a path build to one of its anchors,
 * and if not, what failed where); the overall verdict is the first store
 * that trusts the chain, else all stores together.
 */
#include "pki/validate.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "pki/certinfo.h"
#include "pki/explain.h"
#include "pki/vcache.h"
#include "util/buf.h"

#define MAX_PEER       64   /* certificates of one list considered */
#define MAX_DEPTH      16   /* longest path built */
#define MAX_CANDIDATES 8    /* issuers tried for one certificate */
#define MAX_STEPS      2048 /* path-search budget against hostile lists */
#define MIN_RSA_BITS   2048
#define MIN_EC_BITS    224
#define DAY	       86400
#define MAX_STAPLED    8 /* OCSP responses of one connection checked */

/* Only the signature: everything else is checked and named on its own. */
#define SIG_ONLY_FLAGS                                                         \
	(GNUTLS_VERIFY_DO_NOT_ALLOW_SAME | GNUTLS_VERIFY_DISABLE_CA_SIGN |     \
	 GNUTLS_VERIFY_DISABLE_TIME_CHECKS |                                   \
	 GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |                           \
	 GNUTLS_VERIFY_DISABLE_CRL_CHECKS | GNUTLS_VERIFY_ALLOW_BROKEN |       \
	 GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |                                  \
	 GNUTLS_VERIFY_IGNORE_UNKNOWN_CRIT_EXTENSIONS |                        \
	 GNUTLS_VERIFY_ALLOW_ANY_X509_V1_CA_CRT)

typedef struct node {
	const tv_cert *cert;
	gnutls_x509_crt_t crt;	 /* NULL: the DER did not parse */
	tv_certinfo *info;	 /* anchors: filled when first needed */
	int position;		 /* in the checked list, -1 for anchors */
	const tv_anchor *anchor; /* a store's anchor, or NULL */
	int dup_of;		 /* a copy of this earlier position, or -1 */
} node;

typedef struct path {
	node *v[MAX_DEPTH];
	bool bad_sig[MAX_DEPTH]; /* v[i]'s signature fails with v[i+1] */
	size_t n;
	const tv_anchor *anchor; /* the path ends at this anchor */
} path;

typedef struct rlist {
	tv_reason *v;
	size_t n, cap;
} rlist;

typedef struct ctx {
	tv_arena *a;
	tv_trust *t;
	const tv_validate_opts *o;
	int64_t at; /* seconds */
	const char *hostname;
	bool host_bad; /* the name holds bytes no host name can */
	node *peer;
	size_t n_peer;
	node *anch;
	size_t n_anch;
	node *leaf;
	tv_certinfo *info; /* the verdict's certinfo, by position */
	size_t steps;
	bool time_text; /* a reason's text depends on the time checked */
} ctx;

typedef struct outcome {
	path p;
	rlist r;
	tv_ocsp_result *ocsp; /* one per o->ocsp of the options */
	size_t errors;
	unsigned status; /* GnuTLS's */
	const char *gnutls;
	bool referee_ok;
} outcome;

/* ---- small helpers ---- */

static const char *vfmt(tv_arena *a, const char *fmt, va_list ap)
{
	tv_buf b;
	const char *s;

	tv_buf_init(&b);
	tv_buf_vprintf(&b, fmt, ap);
	s = tv_arena_strndup(a, b.p ? b.p : "", b.len);
	tv_buf_free(&b);
	return s;
}

static const char *fmt(tv_arena *a, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
static const char *fmt(tv_arena *a, const char *f, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, f);
	s = vfmt(a, f, ap);
	va_end(ap);
	return s;
}

/* "2021-01-01 00:00:00 UTC" */
static const char *when(tv_arena *a, int64_t s)
{
	char t[32];

	if (s < -62135596800LL || s > 253402300799LL)
		return "an impossible date";
	tv_time_format(s * 1000000, t);
	t[10] = ' ';
	t[19] = '\0';
	return fmt(a, "%s UTC", t);
}

/* How a certificate is named in evidence. */
static const char *who(ctx *c, const node *x)
{
	const char *subj = x->cert->subject ? x->cert->subject : "";

	if (x->anchor)
		return fmt(c->a, "the trust anchor %s (from %s)", subj,
			   x->anchor->source);
	return fmt(c->a, "certificate %d (%s)", x->position, subj);
}

static tv_certinfo *info(ctx *c, node *x)
{
	if (!x->info) {
		x->info = tv_arena_alloc(c->a, sizeof *x->info);
		tv_certinfo_fill(c->a, x->crt, x->info);
	}
	return x->info;
}

static bool same_cert(const node *x, const node *y)
{
	return !strcmp(x->cert->sha256, y->cert->sha256);
}

static bool self_issued(const node *x)
{
	return gnutls_x509_crt_check_issuer(x->crt, x->crt) != 0;
}

/* y's subject is x's issuer, and the key identifiers do not disagree. */
static bool is_issuer(ctx *c, node *x, node *y)
{
	const char *aki, *ski, *xi = x->cert->issuer, *ys = y->cert->subject;

	/* GnuTLS matches names byte for byte or by their RFC 4514 strings,
	 * which tv_cert already holds (made by the same function): names
	 * whose strings differ cannot match, and the check costs a strcmp
	 * instead of two DN decodings per anchor of the store */
	if (xi && ys && *xi && *ys && strcmp(xi, ys))
		return false;
	if (!gnutls_x509_crt_check_issuer(x->crt, y->crt))
		return false;
	aki = info(c, x)->aki;
	ski = info(c, y)->ski;
	return !aki || !ski || !strcmp(aki, ski);
}

static bool sig_ok(const node *x, const node *issuer)
{
	unsigned status = 0;
	gnutls_x509_crt_t ca = issuer->crt;

	if (gnutls_x509_crt_verify(x->crt, &ca, 1, SIG_ONLY_FLAGS, &status) < 0)
		return false;
	return !(status & (GNUTLS_CERT_SIGNATURE_FAILURE |
			   GNUTLS_CERT_SIGNER_NOT_FOUND));
}

static void add_reason(ctx *c, rlist *r, const char *code, int depth,
		       const node *x, const char *f, ...)
    __attribute__((format(printf, 6, 7)));
static void add_reason(ctx *c, rlist *r, const char *code, int depth,
		       const node *x, const char *f, ...)
{
	const tv_explain *e = tv_explain_find(code);
	tv_reason *re;
	va_list ap;
	int cert = x ? x->position : -1;

	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].code, code) &&
		    r->v[i].certificate == cert && r->v[i].depth == depth)
			return; /* once per code and certificate */
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 8;
		r->v = tv_xrealloc(r->v, r->cap * sizeof *r->v);
	}
	re = &r->v[r->n++];
	memset(re, 0, sizeof *re);
	re->code = code;
	re->severity = e ? e->severity : TV_SEV_ERROR;
	re->certificate = cert;
	re->depth = depth;
	va_start(ap, f);
	re->evidence = vfmt(c->a, f, ap);
	va_end(ap);
	/* who() starts lower-case; evidence is a sentence */
	if (*re->evidence >= 'a' && *re->evidence <= 'z')
		*(char *)re->evidence -= 'a' - 'A';
	re->explanation = e ? e->text : "";
	re->text = fmt(c->a, "%s %s", re->evidence, re->explanation);
	re->check = e ? e->check : "";
	re->title = e ? e->title : code;
}

static size_t count_errors(const rlist *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].severity == TV_SEV_ERROR;
	return n;
}

/* ---- setting up the nodes ---- */

static gnutls_x509_crt_t import(const tv_cert *ct)
{
	gnutls_datum_t d = {(unsigned char *)ct->der, (unsigned)ct->der_len};
	gnutls_x509_crt_t crt;

	if (ct->error || !ct->der || gnutls_x509_crt_init(&crt) < 0)
		return NULL;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

static void setup_peer(ctx *c, const tv_certlist *certs, tv_validation *v)
{
	c->n_peer = certs->n < MAX_PEER ? certs->n : MAX_PEER;
	c->peer = tv_xcalloc(c->n_peer ? c->n_peer : 1, sizeof *c->peer);
	v->n_certinfo = certs->n;
	v->certinfo = tv_arena_alloc(c->a, (certs->n ? certs->n : 1) *
					       sizeof(tv_certinfo));
	c->info = v->certinfo;
	for (size_t i = 0; i < c->n_peer; i++) {
		node *x = &c->peer[i];

		x->cert = &certs->v[i];
		x->position = (int)i;
		x->dup_of = -1;
		x->crt = import(x->cert);
		if (!x->crt)
			continue;
		x->info = &v->certinfo[i];
		tv_certinfo_fill(c->a, x->crt, x->info);
		for (size_t j = 0; j < i; j++)
			if (c->peer[j].crt && same_cert(&c->peer[j], x)) {
				x->dup_of = (int)j;
				break;
			}
	}
}

static void setup_anchors(ctx *c)
{
	c->n_anch = tv_trust_n_anchors(c->t);
	c->anch = tv_xcalloc(c->n_anch ? c->n_anch : 1, sizeof *c->anch);
	for (size_t i = 0; i < c->n_anch; i++) {
		const tv_anchor *an = tv_trust_anchor(c->t, i);

		c->anch[i].cert = &an->cert;
		c->anch[i].crt = an->crt;
		c->anch[i].position = -1;
		c->anch[i].anchor = an;
		c->anch[i].dup_of = -1;
	}
}

static void free_nodes(ctx *c)
{
	for (size_t i = 0; i < c->n_peer; i++)
		if (c->peer[i].crt)
			gnutls_x509_crt_deinit(c->peer[i].crt);
	free(c->peer);
	free(c->anch);
}

/* Does peer certificate y issue any other (different) one? */
static bool issues_another(ctx *c, node *y)
{
	for (size_t i = 0; i < c->n_peer; i++) {
		node *x = &c->peer[i];

		if (x->crt && !same_cert(x, y) && is_issuer(c, x, y) &&
		    sig_ok(x, y))
			return true;
	}
	return false;
}

/* Certificate files in any order: the leaf is the certificate that issued
 * none of the others, a non-CA one first, else the first sent. */
static node *find_leaf(ctx *c)
{
	node *best = NULL;

	for (size_t i = 0; i < c->n_peer; i++) {
		node *y = &c->peer[i];

		if (!y->crt || y->dup_of >= 0 || issues_another(c, y))
			continue;
		if (!best || (info(c, best)->ca == 1 && info(c, y)->ca != 1))
			best = y;
	}
	if (best)
		return best;
	for (size_t i = 0; i < c->n_peer; i++)
		if (c->peer[i].crt)
			return &c->peer[i];
	return NULL;
}

/* ---- path building ---- */

typedef struct search {
	ctx *c;
	size_t store;
	path cur, best;
	int best_rank; /* 0 anchored, all signatures good; 1 anchored; 2 not */
	bool have;
} search;

static bool in_store(const search *s, const node *x)
{
	return x->anchor &&
	       (s->store == TV_TRUST_ALL || x->anchor->store == s->store);
}

/* A sent certificate that is itself an anchor of the store. */
static node *as_anchor(search *s, node *x)
{
	if (x->anchor)
		return in_store(s, x) ? x : NULL;
	for (size_t i = 0; i < s->c->n_anch; i++)
		if (in_store(s, &s->c->anch[i]) && same_cert(&s->c->anch[i], x))
			return &s->c->anch[i];
	return NULL;
}

static int path_rank(const path *p)
{
	if (!p->anchor)
		return 2;
	for (size_t i = 0; i + 1 < p->n; i++)
		if (p->bad_sig[i])
			return 1;
	return 0;
}

static bool on_path(const path *p, const node *x)
{
	for (size_t i = 0; i < p->n; i++)
		if (same_cert(p->v[i], x))
			return true;
	return false;
}

static void consider(search *s)
{
	int r = path_rank(&s->cur);

	if (!s->have || r < s->best_rank) {
		s->best = s->cur;
		s->best_rank = r;
		s->have = true;
	}
}

typedef struct cand {
	node *x;
	bool ok;
	int rank;
} cand;

static void cand_add(cand *v, size_t *n, node *x, bool ok, int rank)
{
	size_t i = *n;

	if (*n == MAX_CANDIDATES)
		return;
	/* insertion keeps equal ranks in the order found */
	while (i > 0 && v[i - 1].rank > rank) {
		v[i] = v[i - 1];
		i--;
	}
	v[i] = (cand){x, ok, rank};
	(*n)++;
}

/* Issuers of x, best first: anchors that verify, sent certificates that
 * verify, then the ones whose signature fails. */
static size_t candidates(search *s, node *x, cand *v)
{
	ctx *c = s->c;
	size_t n = 0;
	bool self = x->cert->self_signed;

	for (size_t i = 0; i < c->n_anch; i++) {
		node *y = &c->anch[i];
		bool ok;

		if (!in_store(s, y) || on_path(&s->cur, y) ||
		    !is_issuer(c, x, y))
			continue;
		ok = sig_ok(x, y);
		if (ok || !self)
			cand_add(v, &n, y, ok, ok ? 0 : 2);
	}
	/* A self-signed certificate is its own issuer; only an anchor with
	 * the same name and key can stand in for it. */
	for (size_t i = 0; !self && i < c->n_peer; i++) {
		node *y = &c->peer[i];
		bool ok;

		if (!y->crt || y->dup_of >= 0 || on_path(&s->cur, y) ||
		    !is_issuer(c, x, y))
			continue;
		ok = sig_ok(x, y);
		cand_add(v, &n, y, ok, ok ? 1 : 3);
	}
	return n;
}

/* True when a perfect path was found (the search stops). */
static bool dfs(search *s, node *x)
{
	path *p = &s->cur;
	node *an = as_anchor(s, x);
	cand v[MAX_CANDIDATES];
	size_t n;
	bool stop = false;

	p->v[p->n] = x;
	p->bad_sig[p->n] = false;
	p->n++;
	if (an) {
		p->anchor = an->anchor;
		consider(s);
		stop = s->best_rank == 0;
		p->anchor = NULL;
	} else if (++s->c->steps > MAX_STEPS || p->n == MAX_DEPTH ||
		   !(n = candidates(s, x, v))) {
		consider(s); /* a dead end: explained if nothing better */
	} else {
		for (size_t k = 0; k < n && !stop; k++) {
			p->bad_sig[p->n - 1] = !v[k].ok;
			stop = dfs(s, v[k].x);
		}
	}
	p->n--;
	return stop;
}

static void build_path(ctx *c, size_t store, path *out)
{
	search *s = tv_xcalloc(1, sizeof *s);

	s->c = c;
	s->store = store;
	c->steps = 0;
	dfs(s, c->leaf);
	*out = s->best;
	free(s);
}

/* ---- the checks ---- */

static void check_end(ctx *c, const path *p, rlist *r)
{
	node *last = p->v[p->n - 1];
	int d = (int)p->n - 1;
	tv_certinfo *ci;

	if (p->anchor)
		return;
	if (last->cert->self_signed && d == 0) {
		add_reason(c, r, "self_signed", d, last,
			   "%s is self-signed: its subject and issuer are the "
			   "same (%s), its signature verifies with its own "
			   "public key, and no trust store used holds it.",
			   who(c, last), last->cert->issuer);
		return;
	}
	if (last->cert->self_signed) {
		add_reason(c, r, "untrusted_root", d, last,
			   "The chain ends at %s, a self-signed root %s, "
			   "which is not in any trust store used.",
			   who(c, last),
			   last->position >= 0 ? "that was sent along"
					       : "from a trust store");
		return;
	}
	ci = info(c, last);
	if (ci->n_ca_issuers) {
		add_reason(c, r, "incomplete_chain", d, last,
			   "The issuer of %s, %s, was not sent and is not in "
			   "the trust store; its certificate can be "
			   "downloaded from %s.",
			   who(c, last), last->cert->issuer, ci->ca_issuers[0]);
		return;
	}
	add_reason(c, r, "unknown_issuer", d, last,
		   "The issuer of %s, %s, is neither among the certificates "
		   "sent nor in the trust store, and the certificate does "
		   "not say where to find it.",
		   who(c, last), last->cert->issuer);
}

static void check_time(ctx *c, node *x, int d, rlist *r)
{
	const tv_cert *ct = x->cert;

	if (ct->not_after < c->at || ct->not_before > c->at)
		c->time_text = true; /* "N days before the time checked" */
	if (ct->not_after < c->at)
		add_reason(c, r, "expired", d, x,
			   "%s expired on %s, %lld days before the time "
			   "checked (%s).",
			   who(c, x), when(c->a, ct->not_after),
			   (long long)((c->at - ct->not_after) / DAY),
			   when(c->a, c->at));
	if (ct->not_before > c->at)
		add_reason(c, r, "not_yet_valid", d, x,
			   "%s is valid only from %s, %lld days after the "
			   "time checked (%s).",
			   who(c, x), when(c->a, ct->not_before),
			   (long long)((ct->not_before - c->at) / DAY),
			   when(c->a, c->at));
}

/* x (at depth d >= 1) signed p->v[d - 1]: may it? */
static void check_issuer(ctx *c, const path *p, size_t d, rlist *r)
{
	node *x = p->v[d];
	tv_certinfo *ci = info(c, x);
	size_t below = 0;

	if (ci->ca != 1 && !(x->anchor && x->cert->version == 1))
		add_reason(c, r, "issuer_not_ca", (int)d, x,
			   "%s signed %s but is not a CA: %s.", who(c, x),
			   who(c, p->v[d - 1]),
			   ci->ca == 0 ? "its basic constraints say CA:FALSE"
				       : "it has no basic constraints");
	if (ci->has_key_usage && !(ci->key_usage & GNUTLS_KEY_KEY_CERT_SIGN))
		add_reason(c, r, "key_usage", (int)d, x,
			   "%s signed %s, but its key usage does not include "
			   "keyCertSign.",
			   who(c, x), who(c, p->v[d - 1]));
	if (ci->path_len < 0)
		return;
	for (size_t j = 1; j < d; j++)
		below += !self_issued(p->v[j]);
	if (below > (size_t)ci->path_len)
		add_reason(c, r, "path_length_exceeded", (int)d, x,
			   "%s allows at most %d intermediate CA "
			   "certificate(s) below it (pathLenConstraint), but "
			   "%zu follow it in this chain.",
			   who(c, x), ci->path_len, below);
}

static const struct {
	unsigned type;
	const char *what;
} nc_types[] = {
    {GNUTLS_SAN_DNSNAME, "DNS name"},
    {GNUTLS_SAN_RFC822NAME, "email address"},
    {GNUTLS_SAN_IPADDRESS, "IP address"},
};

/* The name constraints of the CA at depth d against everything below. */
static void check_constraints(ctx *c, const path *p, size_t d, rlist *r)
{
	node *ca = p->v[d];
	gnutls_x509_name_constraints_t nc;
	unsigned critical;

	if (!info(c, ca)->n_nc_permitted && !info(c, ca)->n_nc_excluded)
		return;
	if (gnutls_x509_name_constraints_init(&nc) < 0)
		return;
	if (gnutls_x509_crt_get_name_constraints(ca->crt, nc, 0, &critical) ==
	    0)
		for (size_t j = 0; j < d; j++) {
			node *x = p->v[j];

			if (j > 0 && self_issued(x))
				continue;
			for (size_t k = 0;
			     k < sizeof nc_types / sizeof nc_types[0]; k++)
				if (!gnutls_x509_name_constraints_check_crt(
					nc, nc_types[k].type, x->crt)) {
					add_reason(c, r, "name_constraints",
						   (int)j, x,
						   "A %s of %s is outside "
						   "the names %s may issue "
						   "for.",
						   nc_types[k].what, who(c, x),
						   who(c, ca));
					break;
				}
		}
	gnutls_x509_name_constraints_deinit(nc);
}

static void check_algorithms(ctx *c, node *x, int d, bool signed_checked,
			     rlist *r)
{
	const tv_cert *ct = x->cert;
	int sa = gnutls_x509_crt_get_signature_algorithm(x->crt);
	gnutls_digest_algorithm_t h =
	    sa > 0 ? gnutls_sign_get_hash_algorithm(sa) : GNUTLS_DIG_UNKNOWN;
	const char *alg = ct->key_algorithm ? ct->key_algorithm : "";
	bool ec = !strcmp(alg, "EC");
	bool rsa = !strcmp(alg, "RSA") || !strcmp(alg, "RSA-PSS") ||
		   !strcmp(alg, "DSA");

	if (signed_checked && (h == GNUTLS_DIG_MD5 || h == GNUTLS_DIG_MD2 ||
			       h == GNUTLS_DIG_SHA1))
		add_reason(c, r, "insecure_signature_algorithm", d, x,
			   "%s is signed with %s.", who(c, x),
			   ct->signature_algorithm ? ct->signature_algorithm
						   : "a broken hash");
	if ((rsa && ct->key_bits < MIN_RSA_BITS) ||
	    (ec && ct->key_bits < MIN_EC_BITS))
		add_reason(c, r, "weak_key", d, x,
			   "%s has a %u-bit %s key (at least %u bits are "
			   "needed).",
			   who(c, x), ct->key_bits, alg,
			   ec ? MIN_EC_BITS : MIN_RSA_BITS);
}

static void check_purpose(ctx *c, node *x, int d, rlist *r)
{
	tv_certinfo *ci = info(c, x);
	const unsigned server_ku = GNUTLS_KEY_DIGITAL_SIGNATURE |
				   GNUTLS_KEY_KEY_ENCIPHERMENT |
				   GNUTLS_KEY_KEY_AGREEMENT;

	if (!tv_certinfo_server_auth(ci, d > 0))
		add_reason(c, r, "purpose_mismatch", d, x,
			   "The extended key usage of %s lists %s%s but not "
			   "serverAuth.",
			   who(c, x), ci->eku[0], ci->n_eku > 1 ? ", ..." : "");
	if (d == 0 && ci->has_key_usage && !(ci->key_usage & server_ku))
		add_reason(c, r, "key_usage", d, x,
			   "The key usage of %s allows neither "
			   "digitalSignature nor keyEncipherment, so the key "
			   "cannot be used by a TLS server.",
			   who(c, x));
}

static void check_critical(ctx *c, node *x, int d, rlist *r)
{
	tv_certinfo *ci = info(c, x);

	if (ci->n_unknown_critical)
		add_reason(c, r, "unknown_critical_extension", d, x,
			   "%s has the critical extension %s, which is not "
			   "understood.",
			   who(c, x), ci->unknown_critical[0]);
}

static bool crl_signed_by(const tv_crl *crl, const node *issuer)
{
	unsigned status = 0;
	gnutls_x509_crt_t ca = issuer->crt;

	if (gnutls_x509_crl_verify(crl->crl, &ca, 1,
				   GNUTLS_VERIFY_ALLOW_BROKEN |
				       GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |
				       GNUTLS_VERIFY_DISABLE_CA_SIGN,
				   &status) < 0)
		return false;
	return !(status & (GNUTLS_CERT_SIGNATURE_FAILURE |
			   GNUTLS_CERT_SIGNER_NOT_FOUND));
}

/* A CRL that applies must be current at the time checked. */
static void check_crl_time(ctx *c, const tv_crl *crl, node *x, int d, rlist *r)
{
	time_t tu = gnutls_x509_crl_get_this_update(crl->crl);
	time_t nu = gnutls_x509_crl_get_next_update(crl->crl);

	if ((tu != (time_t)-1 && tu > c->at) ||
	    (nu != (time_t)-1 && nu < c->at))
		c->time_text = true; /* the evidence names the time checked */
	if (tu != (time_t)-1 && tu > c->at)
		add_reason(c, r, "crl_not_yet_valid", d, x,
			   "The CRL of %s from %s was issued on %s, after the "
			   "time checked (%s).",
			   crl->issuer, crl->source, when(c->a, tu),
			   when(c->a, c->at));
	else if (nu != (time_t)-1 && nu < c->at)
		add_reason(c, r, "crl_expired", d, x,
			   "The CRL of %s from %s should have been replaced "
			   "on %s, before the time checked (%s).",
			   crl->issuer, crl->source, when(c->a, nu),
			   when(c->a, c->at));
}

static void check_revoked(ctx *c, node *x, node *issuer, int d, rlist *r)
{
	for (size_t i = 0; i < tv_trust_n_crls(c->t); i++) {
		const tv_crl *crl = tv_trust_crl(c->t, i);
		gnutls_x509_crl_t l = crl->crl;

		if (!crl_signed_by(crl, issuer))
			continue;
		check_crl_time(c, crl, x, d, r);
		if (gnutls_x509_crt_check_revocation(x->crt, &l, 1) != 1)
			continue;
		add_reason(c, r, "revoked", d, x,
			   "%s (serial %s) is listed as revoked in the CRL "
			   "of %s from %s.",
			   who(c, x), x->cert->serial ? x->cert->serial : "?",
			   crl->issuer, crl->source);
		return;
	}
}

static void check_hostname(ctx *c, node *leaf, rlist *r)
{
	const char *names = leaf->cert->n_san ? "its names are" : "its name is";
	tv_buf b;

	if (!c->hostname)
		return;
	if (!c->host_bad &&
	    gnutls_x509_crt_check_hostname2(leaf->crt, c->hostname, 0))
		return;
	tv_buf_init(&b);
	for (size_t i = 0; i < leaf->cert->n_san && i < 8; i++)
		tv_buf_printf(&b, "%s%s", i ? ", " : "", leaf->cert->san[i]);
	if (leaf->cert->n_san > 8)
		tv_buf_adds(&b, ", ...");
	if (!leaf->cert->n_san)
		tv_buf_adds(&b, leaf->cert->subject ? leaf->cert->subject : "");
	add_reason(c, r, "hostname_mismatch", 0, leaf,
		   "The name checked, %s, is not a name of %s: %s %s.",
		   c->host_bad ? "(a name with invalid bytes)" : c->hostname,
		   who(c, leaf), names, tv_buf_str(&b));
	tv_buf_free(&b);
}

static void check_path(ctx *c, const path *p, rlist *r)
{
	size_t n = p->n;

	check_end(c, p, r);
	for (size_t i = 0; i < n; i++) {
		node *x = p->v[i];
		bool trusted_end = p->anchor && i == n - 1;

		check_time(c, x, (int)i, r);
		if (i + 1 < n && p->bad_sig[i])
			add_reason(c, r, "bad_signature", (int)i, x,
				   "The signature of %s does not verify "
				   "with the public key of %s.",
				   who(c, x), who(c, p->v[i + 1]));
		if (i > 0) {
			check_issuer(c, p, i, r);
			check_constraints(c, p, i, r);
		}
		check_algorithms(c, x, (int)i, i + 1 < n, r);
		if (!trusted_end || i == 0)
			check_purpose(c, x, (int)i, r);
		check_critical(c, x, (int)i, r);
		if (i + 1 < n)
			check_revoked(c, x, p->v[i + 1], (int)i, r);
	}
	check_hostname(c, p->v[0], r);
}

/* ---- the order the certificates were sent in (warnings) ---- */

static bool reaches_path(ctx *c, const path *p, bool *keep, node *y)
{
	for (size_t i = 0; i < p->n; i++)
		if (is_issuer(c, p->v[i], y))
			return true;
	for (size_t i = 0; i < c->n_peer; i++)
		if (keep[i] && &c->peer[i] != y && is_issuer(c, &c->peer[i], y))
			return true;
	return false;
}

/* Sent certificates that belong: on the path, or issuers above it (a
 * root after a store's intermediate, a cross-signed variant). */
static void mark_related(ctx *c, const path *p, bool *keep)
{
	bool changed = true;

	for (size_t i = 0; i < p->n; i++)
		if (p->v[i]->position >= 0)
			keep[p->v[i]->position] = true;
	while (changed) {
		changed = false;
		for (size_t i = 0; i < c->n_peer; i++) {
			node *y = &c->peer[i];

			if (keep[i] || !y->crt || y->dup_of >= 0 ||
			    !reaches_path(c, p, keep, y))
				continue;
			keep[i] = changed = true;
		}
	}
}

static void check_sent_order(ctx *c, const path *p, rlist *r)
{
	int prev = -1;
	const node *prev_node = NULL;

	if (c->leaf->position != 0) {
		add_reason(c, r, "chain_order", 0, c->leaf,
			   "The leaf, %s, is not the first certificate.",
			   who(c, c->leaf));
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		const node *x = p->v[i];

		if (x->position < 0)
			continue;
		if (x->position < prev) {
			add_reason(c, r, "chain_order", (int)i, x,
				   "%s issued %s but comes before it.",
				   who(c, x), who(c, prev_node));
			return;
		}
		prev = x->position;
		prev_node = x;
	}
}

static void check_order(ctx *c, const path *p, rlist *r)
{
	bool keep[MAX_PEER] = {false};

	mark_related(c, p, keep);
	for (size_t i = 0; i < c->n_peer; i++) {
		node *y = &c->peer[i];

		if (y->dup_of >= 0)
			add_reason(c, r, "chain_order", -1, y,
				   "%s is a copy of certificate %d.", who(c, y),
				   y->dup_of);
		else if (!y->crt)
			add_reason(c, r, "chain_order", -1, y,
				   "Certificate %d cannot be read (%s), so it "
				   "is not used.",
				   y->position, y->cert->error);
		else if (!keep[i])
			add_reason(c, r, "chain_order", -1, y,
				   "%s is not part of the chain: it did not "
				   "issue any certificate of the path.",
				   who(c, y));
	}
	if (c->o->order_matters)
		check_sent_order(c, p, r);
}

/* ---- the referee ---- */

/*
 * GnuTLS reads the clock through a process-wide hook only; set it for
 * the one call and put time() back, so checked_at applies to GnuTLS too.
 * Single-threaded use only, like the rest of the verdict.
 */
static time_t referee_now;

static time_t referee_time(time_t *t)
{
	if (t)
		*t = referee_now;
	return referee_now;
}

static unsigned referee(ctx *c, gnutls_x509_trust_list_t tl)
{
	gnutls_x509_crt_t list[MAX_PEER];
	gnutls_typed_vdata_st data[2];
	unsigned n = 0, nd = 0, status = 0;
	int r;

	if (!tl)
		return GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
	list[n++] = c->leaf->crt;
	for (size_t i = 0; i < c->n_peer; i++)
		if (c->peer[i].crt && &c->peer[i] != c->leaf &&
		    c->peer[i].dup_of < 0)
			list[n++] = c->peer[i].crt;
	if (c->hostname && !c->host_bad)
		data[nd++] = (gnutls_typed_vdata_st){
		    GNUTLS_DT_DNS_HOSTNAME, (unsigned char *)c->hostname, 0};
	data[nd++] = (gnutls_typed_vdata_st){
	    GNUTLS_DT_KEY_PURPOSE_OID,
	    (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER, 0};
	referee_now = (time_t)c->at;
	gnutls_global_set_time_function(referee_time);
	r = gnutls_x509_trust_list_verify_crt2(tl, list, n, data, nd, 0,
					       &status, NULL);
	gnutls_global_set_time_function(time);
	if (r < 0)
		status |= GNUTLS_CERT_INVALID;
	if (c->hostname && c->host_bad)
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER;
	return status;
}

static const char *status_text(ctx *c, unsigned status)
{
	gnutls_datum_t out = {NULL, 0};
	const char *s;

	if (gnutls_certificate_verification_status_print(
		status, GNUTLS_CRT_X509, &out, 0) < 0)
		return fmt(c->a, "status 0x%x", status);
	s = tv_arena_strndup(c->a, (char *)out.data, out.size);
	gnutls_free(out.data);
	/* GnuTLS ends its sentences with a space */
	for (char *e = (char *)s + strlen(s); e > s && e[-1] == ' ';)
		*--e = '\0';
	return s;
}

static const struct {
	unsigned bit;
	const char *code;
} status_codes[] = {
    {GNUTLS_CERT_REVOKED, "revoked"},
    {GNUTLS_CERT_SIGNER_NOT_FOUND, "unknown_issuer"},
    {GNUTLS_CERT_SIGNER_NOT_CA, "issuer_not_ca"},
    {GNUTLS_CERT_INSECURE_ALGORITHM, "insecure_signature_algorithm"},
    {GNUTLS_CERT_NOT_ACTIVATED, "not_yet_valid"},
    {GNUTLS_CERT_EXPIRED, "expired"},
    {GNUTLS_CERT_SIGNATURE_FAILURE, "bad_signature"},
    {GNUTLS_CERT_UNEXPECTED_OWNER, "hostname_mismatch"},
    {GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE, "name_constraints"},
    {GNUTLS_CERT_PURPOSE_MISMATCH, "purpose_mismatch"},
    {GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, "unknown_critical_extension"},
    {GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED, "crl_expired"},
    {GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE, "crl_not_yet_valid"},
};

/* GnuTLS rejects what our checks passed: its reasons, so the verdict
 * cannot say trusted. */
static void referee_reasons(ctx *c, outcome *o)
{
	bool any = false;

	for (size_t i = 0; i < sizeof status_codes / sizeof status_codes[0];
	     i++)
		if (o->status & status_codes[i].bit) {
			add_reason(c, &o->r, status_codes[i].code, -1, NULL,
				   "GnuTLS rejects the chain: %s.", o->gnutls);
			any = true;
		}
	if (!any)
		add_reason(c, &o->r, "verifier_rejected", -1, NULL,
			   "GnuTLS rejects the chain: %s.", o->gnutls);
	o->errors = count_errors(&o->r);
}

/* ---- OCSP responses (stapled, or given) ---- */

static void ocsp_reason(ctx *c, const path *p, const tv_ocsp_result *res,
			rlist *r)
{
	node *x = res->depth >= 0 ? p->v[res->depth] : NULL;
	const char *from = strcmp(res->source, "stapled")
			       ? fmt(c->a, "from %s", res->source)
			       : "stapled by the server";

	if (res->problem)
		add_reason(c, r, "ocsp_invalid", res->depth, x,
			   "The OCSP response %s cannot be used: %s.", from,
			   res->problem);
	else if (!strcmp(res->status, "revoked"))
		add_reason(c, r, "revoked", res->depth, x,
			   "The OCSP response %s (issued %s) says %s was "
			   "revoked on %s.",
			   from, when(c->a, res->this_update), who(c, x),
			   when(c->a, res->revoked_at));
}

static void check_ocsp(ctx *c, const path *p, outcome *o)
{
	gnutls_x509_crt_t crts[MAX_DEPTH];
	int pos[MAX_DEPTH];
	size_t n = c->o->n_ocsp;

	if (!n)
		return;
	for (size_t i = 0; i < p->n; i++) {
		crts[i] = p->v[i]->crt;
		pos[i] = p->v[i]->position;
	}
	o->ocsp = tv_arena_alloc(c->a, n * sizeof *o->ocsp);
	for (size_t i = 0; i < n; i++) {
		tv_ocsp_check(c->a, &c->o->ocsp[i], crts, pos, p->n, c->at,
			      &o->ocsp[i]);
		ocsp_reason(c, p, &o->ocsp[i], &o->r);
	}
}

static void evaluate(ctx *c, size_t store, outcome *o)
{
	build_path(c, store, &o->p);
	check_path(c, &o->p, &o->r);
	check_ocsp(c, &o->p, o);
	o->status = referee(c, tv_trust_gnutls_list(c->t, store));
	o->referee_ok = !(o->status & GNUTLS_CERT_INVALID);
	o->gnutls = status_text(c, o->status);
	o->errors = count_errors(&o->r);
	if (!o->referee_ok && !o->errors)
		referee_reasons(c, o);
}

static bool outcome_trusted(const outcome *o)
{
	return o->p.anchor && !o->errors && o->referee_ok;
}

/* ---- the verdict ---- */

static const tv_anchor_ref *anchor_ref(ctx *c, const path *p)
{
	tv_anchor_ref *ref;

	if (!p->anchor)
		return NULL;
	ref = tv_arena_alloc(c->a, sizeof *ref);
	ref->subject = p->anchor->cert.subject;
	memcpy(ref->sha256, p->anchor->cert.sha256, sizeof ref->sha256);
	ref->source = p->anchor->source;
	return ref;
}

/* The structural reason (how the path ends) first, then by depth. */
static const tv_reason *first_error(const rlist *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].severity == TV_SEV_ERROR)
			return &r->v[i];
	return NULL;
}

static void fill_store(ctx *c, size_t i, const outcome *o, tv_store_verdict *sv)
{
	const tv_reason *e = first_error(&o->r);

	sv->name = tv_trust_store(c->t, i)->name;
	sv->trusted = outcome_trusted(o);
	sv->anchor = anchor_ref(c, &o->p);
	sv->path_len = o->p.n;
	sv->depth = sv->certificate = -1;
	sv->gnutls_trusted = o->referee_ok;
	sv->gnutls = o->gnutls;
	if (!e)
		return;
	sv->code = e->code;
	sv->check = e->check;
	sv->depth = e->depth;
	sv->certificate = e->certificate;
	sv->evidence = e->evidence;
}

static void fill_path(ctx *c, const path *p, tv_validation *v)
{
	v->n_path = p->n;
	v->path = tv_arena_alloc(c->a, (p->n ? p->n : 1) * sizeof *v->path);
	for (size_t i = 0; i < p->n; i++) {
		const node *x = p->v[i];
		tv_path_cert *pc = &v->path[i];

		pc->subject = x->cert->subject;
		memcpy(pc->sha256, x->cert->sha256, sizeof pc->sha256);
		pc->from_store = x->anchor != NULL;
		pc->position = x->position;
		pc->source = x->anchor ? x->anchor->source : NULL;
	}
}

/* Errors first, then warnings; otherwise as found. */
static void fill_reasons(ctx *c, const rlist *r, tv_validation *v)
{
	size_t k = 0;

	v->reasons =
	    tv_arena_alloc(c->a, (r->n ? r->n : 1) * sizeof *v->reasons);
	for (int sev = TV_SEV_ERROR; sev <= TV_SEV_WARNING; sev++)
		for (size_t i = 0; i < r->n; i++)
			if ((int)r->v[i].severity == sev)
				v->reasons[k++] = r->v[i];
	v->n_reasons = k;
}

static void fill_verdict(ctx *c, outcome *o, tv_validation *v)
{
	node *last = o->p.v[o->p.n - 1];
	tv_certinfo *ci;

	check_order(c, &o->p, &o->r);
	v->trusted = outcome_trusted(o);
	v->anchor = anchor_ref(c, &o->p);
	v->gnutls_trusted = o->referee_ok;
	v->gnutls = o->gnutls;
	fill_path(c, &o->p, v);
	fill_reasons(c, &o->r, v);
	v->ocsp = o->ocsp;
	v->n_ocsp = o->ocsp ? c->o->n_ocsp : 0;
	ci = info(c, last);
	if (!o->p.anchor && !last->cert->self_signed) {
		v->ca_issuers = ci->ca_issuers;
		v->n_ca_issuers = ci->n_ca_issuers;
	}
}

static void no_certificate(ctx *c, const tv_certlist *certs, tv_validation *v)
{
	rlist r = {NULL, 0, 0};

	if (!certs->n)
		add_reason(c, &r, "no_certificate", -1, NULL,
			   "No certificate was sent.");
	else
		add_reason(c, &r, "no_certificate", 0, &c->peer[0],
			   "Certificate 0 cannot be read: %s.",
			   certs->v[0].error ? certs->v[0].error
					     : "it does not parse");
	fill_reasons(c, &r, v);
	free(r.v);
	v->gnutls = "no certificate to verify";
}

static void set_hostname(ctx *c, const char *host, tv_validation *v)
{
	if (!host)
		return;
	c->hostname = tv_arena_strdup(c->a, host);
	v->hostname = c->hostname;
	for (const char *p = host; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			c->host_bad = true;
}

static void validate(ctx *c, tv_validation *v)
{
	size_t n = tv_trust_n_stores(c->t);
	outcome *per = tv_xcalloc(n ? n : 1, sizeof *per), all;
	outcome *chosen = NULL;

	memset(&all, 0, sizeof all);
	setup_anchors(c);
	v->leaf = c->leaf->position;
	v->n_stores = n;
	v->stores = tv_arena_alloc(c->a, (n ? n : 1) * sizeof *v->stores);
	for (size_t i = 0; i < n; i++) {
		evaluate(c, i, &per[i]);
		fill_store(c, i, &per[i], &v->stores[i]);
		if (!chosen && outcome_trusted(&per[i]))
			chosen = &per[i];
	}
	/* One store: all stores together are that store (the same anchors,
	 * the same GnuTLS list), so its outcome is the one to explain. */
	if (!chosen && n == 1)
		chosen = &per[0];
	if (!chosen) {
		evaluate(c, TV_TRUST_ALL, &all);
		chosen = &all;
	}
	fill_verdict(c, chosen, v);
	for (size_t i = 0; i < n; i++)
		free(per[i].r.v);
	free(per);
	free(all.r.v);
}

/* *time_text: whether a text of the verdict depends on the time checked
 * beyond what the validity windows decide (dates, day counts). */
static tv_validation *validate_chain(tv_arena *a, const tv_certlist *certs,
				     tv_trust *t, const tv_validate_opts *o,
				     bool *time_text)
{
	tv_validation *v = tv_arena_alloc(a, sizeof *v);
	ctx c;

	memset(&c, 0, sizeof c);
	c.a = a;
	c.t = t;
	c.o = o;
	c.at = o->at_us / 1000000 - (o->at_us % 1000000 < 0);
	v->checked_at_us = o->at_us;
	v->time_source = o->time_source;
	v->leaf = -1;
	set_hostname(&c, o->hostname, v);
	setup_peer(&c, certs, v);
	if (c.n_peer)
		c.leaf = o->find_leaf ? find_leaf(&c)
				      : (c.peer[0].crt ? &c.peer[0] : NULL);
	if (c.leaf)
		validate(&c, v);
	else
		no_certificate(&c, certs, v);
	free_nodes(&c);
	*time_text = c.time_text;
	return v;
}

tv_validation *tv_validate_chain(tv_arena *a, const tv_certlist *certs,
				 tv_trust *t, const tv_validate_opts *o)
{
	bool time_text;

	return validate_chain(a, certs, t, o, &time_text);
}

/* ---- connections ---- */

static bool server_sent_certificate(const tv_conn *c)
{
	for (const tv_msg *m = c->msgs; m; m = m->next)
		if (m->dir == TV_DIR_SERVER && m->type_id == 11)
			return true;
	return false;
}

void tv_validate_conn(tv_conn *c, tv_trust *t, const tv_validate_opts *o)
{
	tv_validate_conn_cached(c, t, o, NULL);
}

void tv_validate_conn_cached(tv_conn *c, tv_trust *t,
			     const tv_validate_opts *o, tv_verdict_cache *vc)
{
	tv_validate_opts co = *o;
	char *sni = NULL;
	tv_ocsp_src stapled[MAX_STAPLED];
	bool time_text;

	c->validation = NULL;
	if (!c->certs.n && !server_sent_certificate(c))
		return;
	if (co.time_source != TV_TIME_AT) {
		co.at_us = c->start_us;
		co.time_source = TV_TIME_CAPTURE;
	}
	if (!co.hostname && c->sni.p) {
		/* A NUL inside would cut the name short: keep it visible
		 * (set_hostname then refuses the name). */
		sni = tv_arena_strndup(&c->arena, (const char *)c->sni.p,
				       c->sni.n);
		for (size_t i = 0; i < c->sni.n; i++)
			if (!sni[i])
				sni[i] = '\x01';
		co.hostname = sni;
	}
	co.find_leaf = false;
	co.order_matters = true;
	co.ocsp = stapled;
	co.n_ocsp = tv_ocsp_stapled(c, stapled, MAX_STAPLED);
	if (vc && tv_vcache_get(vc, t, &c->certs, &co, &c->arena,
				&c->validation))
		return;
	c->validation =
	    validate_chain(&c->arena, &c->certs, t, &co, &time_text);
	if (vc && !time_text)
		tv_vcache_put(vc, t, &c->certs, &co, c->validation);
}

/* ---- --at ---- */

static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

static bool parse_date(const char *s, int64_t *days)
{
	int y, m, d;

	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d))
		return false;
	if (m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

/* "HH:MM:SS[.frac]" then "Z" or "+HH:MM" / "-HH:MM". */
static bool parse_clock(const char *s, int64_t *secs, int64_t *us)
{
	int h, mi, se, oh, om;
	int64_t frac = 0, scale = 100000;
	const char *p;

	if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &mi) ||
	    s[5] != ':' || !digits(s + 6, 2, &se) || h > 23 || mi > 59 ||
	    se > 60)
		return false;
	p = s + 8;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++) {
			frac += scale * (*p - '0');
			scale /= 10;
		}
	}
	*secs = h * 3600 + mi * 60 + se;
	*us = frac;
	if ((*p == 'Z' || *p == 'z') && !p[1])
		return true;
	if ((*p != '+' && *p != '-') || !digits(p + 1, 2, &oh) || p[3] != ':' ||
	    !digits(p + 4, 2, &om) || p[6] || oh > 23 || om > 59)
		return false;
	*secs -= (*p == '+' ? 1 : -1) * (oh * 3600 + om * 60);
	return true;
}

bool tv_time_parse(const char *s, int64_t *us)
{
	int64_t days, secs = 0, frac = 0;

	if (!s || strlen(s) < 10 || !parse_date(s, &days))
		return false;
	if (s[10] && ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
		      !parse_clock(s + 11, &secs, &frac)))
		return false;
	*us = (days * DAY + secs) * 1000000 + frac;
	return true;
}
