/*
 * pki/validate: the verdict model on chains made here with the GnuTLS
 * API (fixed dates 2020-2040, checked at 2030-01-01, so nothing depends
 * on today's date): each reason code with its severity, certificate and
 * depth; the path as built, leaf first, with where each certificate came
 * from; one verdict per trust store and the anchor named by its store;
 * the time checked and where it came from (--at, the capture); the leaf
 * found among files in any order; stapled OCSP responses found in a
 * connection; --at parsing; the reason table; and every prefix of a
 * certificate (no crash, never trusted).  The verdict cache: a reused
 * verdict is the one computed afresh, byte for byte, until a validity date
 * falls between two connections of the same chain.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>

#include "model/validation.h"
#include "pki/cert.h"
#include "pki/explain.h"
#include "pki/ocsp.h"
#include "pki/trust.h"
#include "pki/validate.h"
#include "report/json.h"
#include "tap.h"
#include "util/buf.h"

#define Y2020 1577836800LL
#define Y2021 1609459200LL
#define Y2030 1893456000LL
#define Y2035 2051222400LL
#define Y2040 2208988800LL
#define AT_US (Y2030 * 1000000)
#define HOST  "www.example.test"

static char tmpdir[64];
static unsigned next_serial = 1;

/* ---- making certificates ---- */

typedef struct spec {
	const char *cn;
	int ca;		  /* -1: no basic constraints */
	int path_len;	  /* -1: none */
	unsigned ku;	  /* 0: no key usage extension */
	const char *eku;  /* OID or NULL */
	const char *dns;  /* SAN or NULL */
	const char *aia;  /* caIssuers URI or NULL */
	const char *nc;	  /* permitted DNS subtree or NULL */
	const char *crit; /* an unknown critical extension's OID */
	long long from, until;
	gnutls_digest_algorithm_t hash;
	bool v1;
} spec;

typedef struct kc {
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	gnutls_datum_t der;
} kc;

static gnutls_x509_privkey_t key_new(gnutls_pk_algorithm_t alg, unsigned bits)
{
	gnutls_x509_privkey_t k;

	gnutls_x509_privkey_init(&k);
	if (gnutls_x509_privkey_generate(k, alg, bits, 0) < 0)
		diag("cannot generate a key");
	return k;
}

static gnutls_x509_privkey_t ec_key(void)
{
	return key_new(GNUTLS_PK_ECDSA,
		       GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1));
}

static spec ca_spec(const char *cn)
{
	return (spec){.cn = cn,
		      .ca = 1,
		      .path_len = -1,
		      .ku = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN,
		      .from = Y2020,
		      .until = Y2040,
		      .hash = GNUTLS_DIG_SHA256};
}

static spec leaf_spec(void)
{
	return (spec){.cn = HOST,
		      .ca = 0,
		      .path_len = -1,
		      .ku = GNUTLS_KEY_DIGITAL_SIGNATURE,
		      .eku = GNUTLS_KP_TLS_WWW_SERVER,
		      .dns = HOST,
		      .from = Y2020,
		      .until = Y2040,
		      .hash = GNUTLS_DIG_SHA256};
}

static void set_extensions(gnutls_x509_crt_t crt, const spec *s)
{
	uint8_t id[64];
	size_t n = sizeof id;

	if (s->ca >= 0)
		gnutls_x509_crt_set_basic_constraints(crt, (unsigned)s->ca,
						      s->path_len);
	if (s->ku)
		gnutls_x509_crt_set_key_usage(crt, s->ku);
	if (s->eku)
		gnutls_x509_crt_set_key_purpose_oid(crt, s->eku, 0);
	if (s->dns)
		gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME,
						     s->dns, strlen(s->dns),
						     GNUTLS_FSAN_APPEND);
	if (s->aia) {
		gnutls_datum_t d = {(unsigned char *)s->aia,
				    (unsigned)strlen(s->aia)};

		gnutls_x509_crt_set_authority_info_access(
		    crt, GNUTLS_IA_CAISSUERS_URI, &d);
	}
	if (s->nc) {
		gnutls_x509_name_constraints_t nc;
		gnutls_datum_t d = {(unsigned char *)s->nc,
				    (unsigned)strlen(s->nc)};

		gnutls_x509_name_constraints_init(&nc);
		gnutls_x509_name_constraints_add_permitted(
		    nc, GNUTLS_SAN_DNSNAME, &d);
		gnutls_x509_crt_set_name_constraints(crt, nc, 1);
		gnutls_x509_name_constraints_deinit(nc);
	}
	if (s->crit)
		gnutls_x509_crt_set_extension_by_oid(crt, s->crit, "\x05\x00",
						     2, 1);
	if (gnutls_x509_crt_get_key_id(crt, 0, id, &n) == 0)
		gnutls_x509_crt_set_subject_key_id(crt, id, n);
}

/* A certificate for key k from s, signed by issuer (NULL: itself). */
static kc make(const spec *s, gnutls_x509_privkey_t k, const kc *issuer)
{
	kc out = {k, NULL, {NULL, 0}};
	char dn[256];
	unsigned char serial[2] = {0x10, (unsigned char)next_serial++};
	const char *err;
	int r;

	snprintf(dn, sizeof dn, "CN=%s,O=t_validate", s->cn);
	gnutls_x509_crt_init(&out.crt);
	gnutls_x509_crt_set_version(out.crt, s->v1 ? 1 : 3);
	gnutls_x509_crt_set_serial(out.crt, serial, sizeof serial);
	gnutls_x509_crt_set_activation_time(out.crt, (time_t)s->from);
	gnutls_x509_crt_set_expiration_time(out.crt, (time_t)s->until);
	if (gnutls_x509_crt_set_dn(out.crt, dn, &err) < 0)
		diag("bad DN %s", dn);
	gnutls_x509_crt_set_key(out.crt, k);
	if (!s->v1)
		set_extensions(out.crt, s);
	r = gnutls_x509_crt_sign2(out.crt, issuer ? issuer->crt : out.crt,
				  issuer ? issuer->key : k, s->hash, 0);
	if (r < 0)
		diag("cannot sign %s: %s", s->cn, gnutls_strerror(r));
	gnutls_x509_crt_export2(out.crt, GNUTLS_X509_FMT_DER, &out.der);
	return out;
}

static void kc_free(kc *x, bool with_key)
{
	gnutls_x509_crt_deinit(x->crt);
	gnutls_free(x->der.data);
	if (with_key)
		gnutls_x509_privkey_deinit(x->key);
}

static const char *tmp(const char *name)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];

	snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
	return p;
}

static const char *write_der(const char *name, const gnutls_datum_t *d)
{
	const char *path = tmp(name);
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(d->data, 1, d->size, f) != d->size)
		diag("cannot write %s", path);
	if (f)
		fclose(f);
	return path;
}

/* A CRL from issuer, revoking rev (may be NULL), valid from..until. */
static const char *write_crl(const char *name, const kc *issuer, const kc *rev,
			     long long from, long long until)
{
	gnutls_x509_crl_t crl;
	gnutls_datum_t d = {NULL, 0};
	const char *path;

	gnutls_x509_crl_init(&crl);
	gnutls_x509_crl_set_version(crl, 2);
	gnutls_x509_crl_set_this_update(crl, (time_t)from);
	gnutls_x509_crl_set_next_update(crl, (time_t)until);
	if (rev)
		gnutls_x509_crl_set_crt(crl, rev->crt, (time_t)Y2021);
	if (gnutls_x509_crl_sign2(crl, issuer->crt, issuer->key,
				  GNUTLS_DIG_SHA256, 0) < 0)
		diag("cannot sign the CRL");
	gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &d);
	path = write_der(name, &d);
	gnutls_free(d.data);
	gnutls_x509_crl_deinit(crl);
	return path;
}

/* ---- checking ---- */

typedef struct fixture {
	tv_arena a;
	tv_certlist l;
	tv_trust *t;
	tv_validate_opts o;
} fixture;

static void fx_init(fixture *f)
{
	memset(f, 0, sizeof *f);
	tv_arena_init(&f->a);
	f->t = tv_trust_new();
	f->o.at_us = AT_US;
	f->o.time_source = TV_TIME_AT;
	f->o.hostname = HOST;
	f->o.order_matters = true;
}

static void fx_free(fixture *f)
{
	tv_trust_free(f->t);
	tv_arena_free(&f->a);
}

static void add(fixture *f, const kc *x)
{
	tv_cert *c = tv_certlist_push(&f->a, &f->l);
	int pos = c->position;

	tv_cert_parse(&f->a, tv_arena_memdup(&f->a, x->der.data, x->der.size),
		      x->der.size, c);
	c->position = pos;
}

static void add_store(fixture *f, const char *path)
{
	tv_error err = {TV_OK, ""};

	if (!tv_trust_add_file(f->t, path, &err))
		diag("store %s: %s", path, err.msg);
}

static const tv_reason *find(const tv_validation *v, const char *code)
{
	for (size_t i = 0; i < v->n_reasons; i++)
		if (!strcmp(v->reasons[i].code, code))
			return &v->reasons[i];
	return NULL;
}

static bool has_word(const char *s, const char *w)
{
	return s && strstr(s, w);
}

/* The reason code is there with this severity, certificate and depth,
 * its text holds word, and no other error is (warnings allowed). */
static void expect(const char *name, const tv_validation *v, const char *code,
		   tv_severity sev, int cert, int depth, const char *word)
{
	const tv_reason *r = find(v, code);
	size_t errors = tv_validation_count(v, TV_SEV_ERROR);

	if (!ok(r != NULL, "%s: reason %s", name, code)) {
		for (size_t i = 0; i < v->n_reasons; i++)
			diag("have %s: %s", v->reasons[i].code,
			     v->reasons[i].text);
		return;
	}
	is_int(r->severity, sev, "%s: %s is an %s", name, code,
	       tv_severity_name(sev));
	is_int(r->certificate, cert, "%s: %s is about certificate %d", name,
	       code, cert);
	is_int(r->depth, depth, "%s: %s at depth %d", name, code, depth);
	ok(has_word(r->text, word), "%s: %s says \"%s\"", name, code, word);
	ok(r->explanation && strlen(r->explanation) > 80 && r->check &&
	       *r->check && r->title && *r->title,
	   "%s: %s has an explanation, a check and a title", name, code);
	is_int(errors, sev == TV_SEV_ERROR ? 1 : 0,
	       "%s: no other error than %s", name, code);
	ok(v->trusted == (sev == TV_SEV_WARNING), "%s: %s", name,
	   sev == TV_SEV_WARNING ? "still trusted" : "not trusted");
}

/* The PKI most cases share. */
static kc root, root2, inter;
static const char *root_path, *root2_path, *inter_path;

static void make_pki(void)
{
	spec s = ca_spec("Root");

	root = make(&s, ec_key(), NULL);
	s = ca_spec("Other Root");
	root2 = make(&s, ec_key(), NULL);
	s = ca_spec("Inter");
	inter = make(&s, ec_key(), &root);
	root_path = write_der("root.der", &root.der);
	root2_path = write_der("root2.der", &root2.der);
	inter_path = write_der("inter.der", &inter.der);
}

/* leaf (from s, issued by inter) + inter, checked against root. */
static tv_validation *check_leaf(fixture *f, const spec *s, kc *leaf)
{
	fx_init(f);
	*leaf = make(s, ec_key(), &inter);
	add(f, leaf);
	add(f, &inter);
	add_store(f, root_path);
	return tv_validate_chain(&f->a, &f->l, f->t, &f->o);
}

/* ---- the cases ---- */

static void test_good_chain(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf;
	tv_validation *v = check_leaf(&f, &s, &leaf);

	ok(v->trusted, "good chain: trusted");
	is_int(v->n_reasons, 0, "good chain: no reason");
	is_int(v->n_path, 3, "good chain: a path of three");
	is_str(v->path[0].subject, "CN=" HOST ",O=t_validate",
	       "good chain: path[0] is the leaf");
	is_str(v->path[1].subject, "CN=Inter,O=t_validate",
	       "good chain: path[1] is the intermediate");
	is_str(v->path[2].subject, "CN=Root,O=t_validate",
	       "good chain: path[2] is the root");
	ok(!v->path[0].from_store && !v->path[1].from_store &&
	       v->path[2].from_store,
	   "good chain: sent, sent, from the store");
	ok(v->path[0].position == 0 && v->path[1].position == 1 &&
	       v->path[2].position == -1,
	   "good chain: path positions 0, 1, none");
	is_str(v->path[2].source, root_path, "good chain: root's store named");
	ok(v->anchor != NULL, "good chain: an anchor");
	if (v->anchor) {
		is_str(v->anchor->subject, "CN=Root,O=t_validate",
		       "good chain: the anchor's subject");
		is_str(v->anchor->source, root_path,
		       "good chain: the anchor's source is its file");
		is_str(v->anchor->sha256, v->path[2].sha256,
		       "good chain: the anchor's SHA-256");
	}
	is_int(v->checked_at_us, AT_US, "good chain: checked at --at");
	is_int(v->time_source, TV_TIME_AT, "good chain: time from --at");
	is_str(v->hostname, HOST, "good chain: the host name checked");
	is_int(v->leaf, 0, "good chain: leaf is position 0");
	is_int(v->n_stores, 1, "good chain: one store");
	ok(v->stores[0].trusted && !v->stores[0].code,
	   "good chain: the store trusts it");
	ok(v->gnutls_trusted, "good chain: GnuTLS agrees");
	is_int(v->n_certinfo, 2, "good chain: details of both certificates");
	ok(v->certinfo[1].ca == 1 && v->certinfo[0].ca == 0,
	   "good chain: basic constraints read");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_any_order(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter);
	tv_validation *v;

	fx_init(&f);
	f.o.find_leaf = true;
	add(&f, &inter);
	add(&f, &leaf);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	is_int(v->leaf, 1, "any order: the leaf is found at position 1");
	ok(v->n_path == 3 && v->path[0].position == 1 &&
	       v->path[1].position == 0,
	   "any order: the path starts at the leaf");
	ok(v->trusted, "any order: trusted");
	expect("leaf not first", v, "chain_order", TV_SEV_WARNING, 1, 0,
	       "not the first");
	fx_free(&f);

	/* several files: the order is not the server's, no warning */
	fx_init(&f);
	f.o.find_leaf = true;
	f.o.order_matters = false;
	add(&f, &inter);
	add(&f, &leaf);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(v->trusted && v->n_reasons == 0,
	   "files in any order: trusted without a warning");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_self_signed(void)
{
	fixture f;
	spec s = leaf_spec();
	kc self = make(&s, ec_key(), NULL);
	tv_validation *v;

	fx_init(&f);
	add(&f, &self);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("self-signed", v, "self_signed", TV_SEV_ERROR, 0, 0,
	       "own public key");
	ok(v->anchor == NULL && v->n_path == 1, "self-signed: no anchor");
	fx_free(&f);

	/* trusted explicitly: the certificate is its own anchor */
	fx_init(&f);
	add(&f, &self);
	add_store(&f, write_der("self.der", &self.der));
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(v->trusted && v->anchor, "self-signed in a store: trusted");
	kc_free(&self, true);
	fx_free(&f);
}

static void test_untrusted_root(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter);
	tv_validation *v;

	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	add(&f, &root);
	add_store(&f, root2_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("untrusted root", v, "untrusted_root", TV_SEV_ERROR, 2, 2,
	       "sent along");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_missing_issuer(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter);
	tv_validation *v;

	fx_init(&f);
	add(&f, &leaf);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("no AIA", v, "unknown_issuer", TV_SEV_ERROR, 0, 0,
	       "CN=Inter,O=t_validate");
	is_int(v->n_ca_issuers, 0, "no AIA: no download address");
	kc_free(&leaf, true);
	fx_free(&f);

	s.aia = "http://ca.example.test/inter.der";
	fx_init(&f);
	leaf = make(&s, ec_key(), &inter);
	add(&f, &leaf);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("AIA", v, "incomplete_chain", TV_SEV_ERROR, 0, 0,
	       "http://ca.example.test/inter.der");
	ok(v->n_ca_issuers == 1 &&
	       !strcmp(v->ca_issuers[0], "http://ca.example.test/inter.der"),
	   "AIA: the caIssuers URL is in the verdict");
	ok(has_word(find(v, "incomplete_chain")->explanation,
		    "depends on the client"),
	   "AIA: explained as client-dependent");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_validity(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf;
	tv_validation *v;

	s.until = Y2021;
	v = check_leaf(&f, &s, &leaf);
	expect("expired", v, "expired", TV_SEV_ERROR, 0, 0, "3287 days");
	is_str(v->stores[0].check, "validity", "expired: a validity check");
	kc_free(&leaf, true);
	fx_free(&f);

	s = leaf_spec();
	s.from = Y2035;
	v = check_leaf(&f, &s, &leaf);
	expect("not yet valid", v, "not_yet_valid", TV_SEV_ERROR, 0, 0,
	       "2035-01-01");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_hostname(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf;
	tv_validation *v;

	fx_init(&f);
	leaf = make(&s, ec_key(), &inter);
	add(&f, &leaf);
	add(&f, &inter);
	add_store(&f, root_path);
	f.o.hostname = "other.example.test";
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("wrong host", v, "hostname_mismatch", TV_SEV_ERROR, 0, 0,
	       "other.example.test");
	f.o.hostname = "WWW.Example.TEST";
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(v->trusted, "host names compare without case");
	f.o.hostname = "www.example.test\033[2J";
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(!v->trusted && find(v, "hostname_mismatch") &&
	       !strchr(find(v, "hostname_mismatch")->evidence, '\033'),
	   "a host name with control bytes never matches, and is not "
	   "repeated raw");
	f.o.hostname = NULL;
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(v->trusted && !v->hostname, "no host name: not checked");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_signature(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter);
	tv_validation *v;

	/* the signature's last byte changed: still DER, no longer valid */
	leaf.der.data[leaf.der.size - 1] ^= 1;
	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("bad signature", v, "bad_signature", TV_SEV_ERROR, 0, 0,
	       "does not verify");
	is_str(v->stores[0].check, "signature", "bad signature: the check");
	kc_free(&leaf, true);
	fx_free(&f);

	s.hash = GNUTLS_DIG_SHA1;
	fx_init(&f);
	leaf = make(&s, ec_key(), &inter);
	add(&f, &leaf);
	add(&f, &inter);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("SHA-1", v, "insecure_signature_algorithm", TV_SEV_ERROR, 0, 0,
	       "SHA1");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_weak_key(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf = make(&s, key_new(GNUTLS_PK_RSA, 1024), &inter);
	tv_validation *v;

	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("RSA 1024", v, "weak_key", TV_SEV_ERROR, 0, 0, "1024-bit RSA");
	kc_free(&leaf, true);
	fx_free(&f);
}

/* leaf <- ca (spec c) <- root; returns the verdict. */
static tv_validation *under(fixture *f, const spec *c, const spec *l, kc *ca,
			    kc *leaf)
{
	fx_init(f);
	*ca = make(c, ec_key(), &root);
	*leaf = make(l, ec_key(), ca);
	add(f, leaf);
	add(f, ca);
	add_store(f, root_path);
	return tv_validate_chain(&f->a, &f->l, f->t, &f->o);
}

static void test_issuers(void)
{
	fixture f;
	spec c = ca_spec("Not A CA"), l = leaf_spec();
	kc ca, leaf;
	tv_validation *v;

	c.ca = 0;
	v = under(&f, &c, &l, &ca, &leaf);
	expect("CA:FALSE issuer", v, "issuer_not_ca", TV_SEV_ERROR, 1, 1,
	       "CA:FALSE");
	is_str(v->stores[0].check, "basic constraints",
	       "CA:FALSE issuer: the check");
	kc_free(&ca, true);
	kc_free(&leaf, true);
	fx_free(&f);

	c = ca_spec("No Cert Sign");
	c.ku = GNUTLS_KEY_CRL_SIGN;
	v = under(&f, &c, &l, &ca, &leaf);
	expect("CA without keyCertSign", v, "key_usage", TV_SEV_ERROR, 1, 1,
	       "keyCertSign");
	kc_free(&ca, true);
	kc_free(&leaf, true);
	fx_free(&f);

	c = ca_spec("Constrained");
	c.nc = "allowed.test";
	v = under(&f, &c, &l, &ca, &leaf);
	expect("name constraints", v, "name_constraints", TV_SEV_ERROR, 0, 0,
	       "Constrained");
	kc_free(&ca, true);
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_path_length(void)
{
	fixture f;
	spec s = ca_spec("Path Length 0");
	kc pl0, sub, leaf;
	tv_validation *v;

	s.path_len = 0;
	pl0 = make(&s, ec_key(), &root);
	s = ca_spec("Sub");
	sub = make(&s, ec_key(), &pl0);
	s = leaf_spec();
	leaf = make(&s, ec_key(), &sub);
	fx_init(&f);
	add(&f, &leaf);
	add(&f, &sub);
	add(&f, &pl0);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("path length", v, "path_length_exceeded", TV_SEV_ERROR, 2, 2,
	       "at most 0");
	is_int(v->n_path, 4, "path length: a path of four");
	kc_free(&pl0, true);
	kc_free(&sub, true);
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_leaf_purpose(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf;
	tv_validation *v;

	s.eku = GNUTLS_KP_TLS_WWW_CLIENT;
	v = check_leaf(&f, &s, &leaf);
	expect("clientAuth only", v, "purpose_mismatch", TV_SEV_ERROR, 0, 0,
	       "clientAuth");
	kc_free(&leaf, true);
	fx_free(&f);

	s = leaf_spec();
	s.ku = GNUTLS_KEY_CRL_SIGN;
	v = check_leaf(&f, &s, &leaf);
	expect("leaf key usage", v, "key_usage", TV_SEV_ERROR, 0, 0,
	       "digitalSignature");
	kc_free(&leaf, true);
	fx_free(&f);

	s = leaf_spec();
	s.crit = "1.3.6.1.4.1.55555.1";
	v = check_leaf(&f, &s, &leaf);
	expect("critical extension", v, "unknown_critical_extension",
	       TV_SEV_ERROR, 0, 0, "1.3.6.1.4.1.55555.1");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_revocation(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter),
	   other = make(&s, ec_key(), &inter);
	tv_error err = {TV_OK, ""};
	const char *crl = write_crl("inter.crl", &inter, &leaf, Y2020, Y2040);
	const char *old = write_crl("old.crl", &inter, NULL, Y2020, Y2021);
	tv_validation *v;

	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	add_store(&f, root_path);
	ok(tv_trust_add_crl_file(f.t, crl, &err), "CRL: loaded");
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("revoked", v, "revoked", TV_SEV_ERROR, 0, 0, crl);
	is_str(v->stores[0].check, "revocation", "revoked: the check");
	fx_free(&f);

	fx_init(&f);
	add(&f, &other);
	add(&f, &inter);
	add_store(&f, root_path);
	tv_trust_add_crl_file(f.t, crl, &err);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(v->trusted, "CRL: a certificate it does not list is trusted");
	fx_free(&f);

	fx_init(&f);
	add(&f, &other);
	add(&f, &inter);
	add_store(&f, root_path);
	tv_trust_add_crl_file(f.t, old, &err);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("old CRL", v, "crl_expired", TV_SEV_ERROR, 0, 0, "2021-01-01");
	fx_free(&f);
	kc_free(&leaf, true);
	kc_free(&other, true);
}

static void test_order(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter);
	tv_validation *v;

	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	add(&f, &inter);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("duplicate", v, "chain_order", TV_SEV_WARNING, 2, -1,
	       "copy of certificate 1");
	fx_free(&f);

	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	add(&f, &root2);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("unrelated", v, "chain_order", TV_SEV_WARNING, 2, -1,
	       "not part of the chain");
	fx_free(&f);

	/* the root sent along is not unrelated */
	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	add(&f, &root);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(v->trusted && v->n_reasons == 0,
	   "the root sent along: trusted, no warning");
	kc_free(&leaf, true);
	fx_free(&f);
}

static void test_stores(void)
{
	fixture f;
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter);
	tv_validation *v;

	/* the first store refuses, the second trusts */
	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	add_store(&f, root2_path);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(v->trusted, "two stores: trusted");
	is_int(v->n_stores, 2, "two stores: a verdict for each");
	is_str(v->stores[0].name, root2_path, "two stores: first named");
	ok(!v->stores[0].trusted && !v->stores[0].anchor,
	   "two stores: the first refuses");
	is_str(v->stores[0].code, "unknown_issuer",
	       "two stores: the first cannot chain");
	is_int(v->stores[0].depth, 1, "two stores: at depth 1");
	is_str(v->stores[0].check, "name chaining",
	       "two stores: a name chaining failure");
	ok(v->stores[0].evidence && strstr(v->stores[0].evidence, "CN=Root"),
	   "two stores: the evidence names the missing issuer");
	ok(v->stores[1].trusted && v->stores[1].anchor &&
	       !strcmp(v->stores[1].anchor->source, root_path),
	   "two stores: the second trusts it, anchor named");
	ok(v->anchor && !strcmp(v->anchor->source, root_path),
	   "two stores: the verdict's anchor comes from the second");
	fx_free(&f);

	/* no store at all */
	fx_init(&f);
	add(&f, &leaf);
	add(&f, &inter);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(!v->trusted && v->n_stores == 0 && find(v, "unknown_issuer"),
	   "no store: refused, unknown issuer");
	fx_free(&f);
	kc_free(&leaf, true);
}

static void test_no_certificate(void)
{
	fixture f;
	tv_validation *v;
	tv_cert *c;

	fx_init(&f);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("empty list", v, "no_certificate", TV_SEV_ERROR, -1, -1,
	       "No certificate");
	is_int(v->leaf, -1, "empty list: no leaf");
	c = tv_certlist_push(&f.a, &f.l);
	tv_cert_parse(&f.a, (const uint8_t *)"\x30\x03\x02\x01\x01", 5, c);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	expect("garbage", v, "no_certificate", TV_SEV_ERROR, 0, 0,
	       "cannot be read");
	fx_free(&f);
}

/* Every prefix of a real chain's leaf: never a crash, never trusted. */
static void test_prefixes(void)
{
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter);
	size_t bad = 0;

	for (size_t n = 0; n < leaf.der.size; n++) {
		fixture f;
		tv_cert *c;
		tv_validation *v;

		fx_init(&f);
		c = tv_certlist_push(&f.a, &f.l);
		tv_cert_parse(&f.a, tv_arena_memdup(&f.a, leaf.der.data, n), n,
			      c);
		add(&f, &inter);
		add_store(&f, root_path);
		v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
		bad += v->trusted || !v->n_reasons;
		fx_free(&f);
	}
	is_int(bad, 0,
	       "every prefix of the leaf (%u bytes): refused with a "
	       "reason",
	       leaf.der.size);
	kc_free(&leaf, true);
}

/* Policies, embedded SCTs and must-staple reach the verdict's details. */
static void test_details(void)
{
	/* one SignedCertificateTimestamp (RFC 6962), with its u16 length */
	static const uint8_t sct[] = {
	    0x00, 0x31, /* length, then version 1 and the log id */
	    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
	    0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
	    0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
	    0x00, 0x00, 0x01, 0x70, 0x00, 0x00, 0x00, 0x00, /* timestamp */
	    0x00, 0x00,					    /* extensions */
	    0x04, 0x03, 0x00, 0x02, 0xaa, 0xbb};	    /* signature */
	uint8_t ext[2 + 2 * sizeof sct + 2];
	spec s = leaf_spec();
	kc leaf;
	fixture f;
	tv_validation *v;
	struct gnutls_x509_policy_st pol;
	gnutls_x509_tlsfeatures_t feat;
	char oid[] = "1.3.6.1.4.1.55555.7";

	/* the list: u16 length, then each SCT as u16 length + body */
	ext[0] = 0x04;
	ext[1] = (uint8_t)(2 + 2 * sizeof sct);
	ext[2] = 0;
	ext[3] = (uint8_t)(2 * sizeof sct);
	memcpy(ext + 4, sct, sizeof sct);
	memcpy(ext + 4 + sizeof sct, sct, sizeof sct);
	fx_init(&f);
	leaf = make(&s, ec_key(), &inter);
	memset(&pol, 0, sizeof pol);
	pol.oid = oid;
	gnutls_x509_crt_set_policy(leaf.crt, &pol, 0);
	gnutls_x509_crt_set_extension_by_oid(
	    leaf.crt, "1.3.6.1.4.1.11129.2.4.2", ext, 4 + 2 * sizeof sct, 0);
	gnutls_x509_tlsfeatures_init(&feat);
	gnutls_x509_tlsfeatures_add(feat, 5);
	gnutls_x509_crt_set_tlsfeatures(leaf.crt, feat);
	gnutls_x509_tlsfeatures_deinit(feat);
	gnutls_x509_crt_sign2(leaf.crt, inter.crt, inter.key, GNUTLS_DIG_SHA256,
			      0);
	gnutls_free(leaf.der.data);
	gnutls_x509_crt_export2(leaf.crt, GNUTLS_X509_FMT_DER, &leaf.der);
	add(&f, &leaf);
	add(&f, &inter);
	add_store(&f, root_path);
	v = tv_validate_chain(&f.a, &f.l, f.t, &f.o);
	ok(v->trusted, "details: the chain is trusted");
	ok(v->certinfo[0].n_policies == 1 &&
	       !strcmp(v->certinfo[0].policies[0], oid),
	   "details: the certificate policy");
	is_int(v->certinfo[0].n_scts, 2, "details: two embedded SCTs");
	is_int(v->certinfo[1].n_scts, -1, "details: no SCT extension");
	ok(v->certinfo[0].must_staple && !v->certinfo[1].must_staple,
	   "details: must-staple");
	kc_free(&leaf, true);
	fx_free(&f);
}

/* ---- connections: the capture's time, the SNI, stapled OCSP ---- */

static tv_conn *conn_with_chain(const kc *leaf, const char *sni)
{
	tv_conn *c = tv_conn_new();
	const kc *chain[2] = {leaf, &inter};

	c->start_us = (Y2030 + 3600) * 1000000 + 42;
	if (sni)
		c->sni = tv_conn_bytes(c, (const uint8_t *)sni, strlen(sni));
	for (int i = 0; i < 2; i++) {
		tv_cert *ct = tv_certlist_push(&c->arena, &c->certs);
		int pos = ct->position;

		tv_cert_parse(&c->arena,
			      tv_arena_memdup(&c->arena, chain[i]->der.data,
					      chain[i]->der.size),
			      chain[i]->der.size, ct);
		ct->position = pos;
	}
	return c;
}

/* A CertificateStatus message whose ocsp_response holds bytes. */
static void add_status(tv_conn *c, const uint8_t *bytes, size_t n)
{
	tv_msg *m = tv_arena_alloc(&c->arena, sizeof *m);

	m->dir = TV_DIR_SERVER;
	m->type_id = 22;
	m->type = "certificate_status";
	m->fields = tvf_object(&c->arena, NULL, NULL, 0, 4 + n);
	tvf_uint(&c->arena, m->fields, "status_type", 4, 1, 1, "ocsp");
	tvf_hex(&c->arena, m->fields, "ocsp_response", 5, 3 + n,
		tv_arena_memdup(&c->arena, bytes, n), n);
	tv_conn_add_msg(c, m);
}

static void test_conn(void)
{
	spec s = leaf_spec();
	kc leaf = make(&s, ec_key(), &inter);
	tv_trust *t = tv_trust_new();
	tv_validate_opts o = {0};
	tv_error err = {TV_OK, ""};
	tv_conn *c = conn_with_chain(&leaf, HOST);
	tv_ocsp_src src[4];

	tv_trust_add_file(t, root_path, &err);
	o.time_source = TV_TIME_NOW;
	tv_validate_conn(c, t, &o);
	ok(c->validation && c->validation->trusted, "conn: trusted");
	if (c->validation) {
		is_int(c->validation->checked_at_us, c->start_us,
		       "conn: checked at the capture's time");
		is_int(c->validation->time_source, TV_TIME_CAPTURE,
		       "conn: the time source is the capture");
		is_str(c->validation->hostname, HOST,
		       "conn: the SNI is the host name checked");
	}
	o.at_us = (Y2040 + 1) * 1000000;
	o.time_source = TV_TIME_AT;
	o.hostname = "other.example.test";
	tv_validate_conn(c, t, &o);
	ok(c->validation && c->validation->time_source == TV_TIME_AT &&
	       c->validation->checked_at_us == o.at_us &&
	       find(c->validation, "expired") &&
	       find(c->validation, "hostname_mismatch"),
	   "conn: --at and --host override the capture's time and the SNI");

	/* a stapled response that is not OCSP: noted, not fatal */
	add_status(c, (const uint8_t *)"not an OCSP response", 20);
	is_int(tv_ocsp_stapled(c, src, 4), 1, "conn: one stapled response");
	o = (tv_validate_opts){0};
	tv_validate_conn(c, t, &o);
	ok(c->validation && c->validation->n_ocsp == 1 &&
	       c->validation->ocsp[0].problem &&
	       !strcmp(c->validation->ocsp[0].source, "stapled"),
	   "conn: the stapled response is checked and found unusable");
	ok(c->validation && c->validation->trusted &&
	       find(c->validation, "ocsp_invalid") &&
	       find(c->validation, "ocsp_invalid")->severity == TV_SEV_WARNING,
	   "conn: an unusable staple is a warning");
	tv_conn_free(c);

	/* no Certificate message: no verdict */
	c = tv_conn_new();
	tv_validate_conn(c, t, &o);
	ok(c->validation == NULL, "conn without a chain: validation is null");
	tv_conn_free(c);
	tv_trust_free(t);
	kc_free(&leaf, true);
}

/* ---- the verdict cache ---- */

/* The connection's JSON (its verdict included), checked at t seconds. */
static char *conn_json(tv_conn *c)
{
	tv_buf b;
	char *s;

	tv_buf_init(&b);
	tv_json_conn(&b, c);
	s = strdup(tv_buf_str(&b));
	tv_buf_free(&b);
	return s;
}

typedef struct cache_case {
	const char *name;
	long long at;	  /* the capture's time, seconds */
	const char *sni;  /* the name checked */
	const char *code; /* the error expected, NULL: trusted */
	bool reused;	  /* given from the cache */
} cache_case;

/* One connection through the cache and the same one without: the same
 * JSON, the verdict expected, and reused or not as said. */
static void cache_check(tv_verdict_cache *vc, tv_trust *t, const kc *leaf,
			const tv_ocsp_src *staple, const cache_case *k)
{
	tv_validate_opts o = {0};
	tv_conn *c = conn_with_chain(leaf, k->sni);
	tv_conn *d = conn_with_chain(leaf, k->sni);
	tv_verdict_cache_stats before = tv_verdict_cache_get_stats(vc), after;
	char *got, *want;

	c->start_us = d->start_us = k->at * 1000000 + 42;
	if (staple) {
		add_status(c, staple->der, staple->len);
		add_status(d, staple->der, staple->len);
	}
	tv_validate_conn_cached(c, t, &o, vc);
	after = tv_verdict_cache_get_stats(vc);
	tv_validate_conn(d, t, &o);
	got = conn_json(c);
	want = conn_json(d);
	if (!ok(!strcmp(got, want),
		"cache %s: the JSON equals the uncached one", k->name))
		diag("cached: %s\n# uncached: %s", got, want);
	ok(c->validation && c->validation->trusted == !k->code &&
	       (!k->code || find(c->validation, k->code)),
	   "cache %s: %s", k->name, k->code ? k->code : "trusted");
	ok(c->validation && c->validation->checked_at_us == c->start_us &&
	       c->validation->time_source == TV_TIME_CAPTURE,
	   "cache %s: checked at this connection's time", k->name);
	is_int(after.reused - before.reused, k->reused, "cache %s: %s", k->name,
	       k->reused ? "reused" : "computed afresh");
	free(got);
	free(want);
	tv_conn_free(c);
	tv_conn_free(d);
}

static void test_cache(void)
{
	/* the leaf expires 2030-01-31 00:00:00; the chain is checked at
	 * times of a capture that spans its end */
	const long long until = Y2030 + 30 * 86400LL;
	const cache_case cases[] = {
	    {"first", Y2030 + 3600, HOST, NULL, false},
	    {"same chain later", Y2030 + 7200, HOST, NULL, true},
	    {"another name", Y2030 + 7300, "other.example.test",
	     "hostname_mismatch", false},
	    {"that name again", Y2030 + 7400, "other.example.test",
	     "hostname_mismatch", true},
	    /* the window stops a second short of each date (whether a
	     * check is < or <=): computed, and kept instead */
	    {"the last valid second", until, HOST, NULL, false},
	    {"a second after the end", until + 1, HOST, "expired", false},
	    {"three days after", until + 3 * 86400, HOST, "expired", false},
	    {"valid again (an earlier packet)", Y2030 + 10800, HOST, NULL,
	     false},
	    {"and a second later", Y2030 + 10801, HOST, NULL, true},
	    {"before the leaf's start", Y2020 - 86400, HOST, "not_yet_valid",
	     false},
	    {"a day later, still before", Y2020 - 3600, HOST, "not_yet_valid",
	     false},
	};
	spec s = leaf_spec();
	kc leaf;
	tv_trust *t = tv_trust_new(), *t2 = tv_trust_new();
	tv_error err = {TV_OK, ""};
	tv_verdict_cache *vc = tv_verdict_cache_new();
	tv_ocsp_src junk = {(const uint8_t *)"not an OCSP response", 20,
			    "stapled"};
	cache_case k;
	tv_conn *c;
	char name[64];
	uint64_t reused;

	s.until = until;
	leaf = make(&s, ec_key(), &inter);
	tv_trust_add_file(t, root_path, &err);
	tv_trust_add_file(t2, root2_path, &err);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cache_check(vc, t, &leaf, NULL, &cases[i]);

	/* what the verdict texts do not depend on is never the reason for
	 * a miss: a staple (time-dependent) is never cached */
	k = (cache_case){"stapled", Y2030 + 3600, HOST, NULL, false};
	cache_check(vc, t, &leaf, &junk, &k);
	k.name = "stapled again";
	cache_check(vc, t, &leaf, &junk, &k);

	/* another trust: nothing of the first is reused */
	k = (cache_case){"another trust", Y2030 + 3600, HOST, "unknown_issuer",
			 false};
	cache_check(vc, t2, &leaf, NULL, &k);
	k.name = "another trust again";
	k.reused = true;
	cache_check(vc, t2, &leaf, NULL, &k);

	/* bounded: 300 names, at most 256 verdicts kept */
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "h%d.example.test", i);
		c = conn_with_chain(&leaf, name);
		tv_validate_conn_cached(c, t2, &(tv_validate_opts){0}, vc);
		tv_conn_free(c);
	}
	ok(tv_verdict_cache_get_stats(vc).entries == 256,
	   "cache: at most 256 verdicts kept (holds %zu)",
	   tv_verdict_cache_get_stats(vc).entries);

	/* a reused verdict lives in the connection's arena: it outlives
	 * the cache */
	reused = tv_verdict_cache_get_stats(vc).reused;
	c = conn_with_chain(&leaf, "h299.example.test");
	tv_validate_conn_cached(c, t2, &(tv_validate_opts){0}, vc);
	is_int(tv_verdict_cache_get_stats(vc).reused, reused + 1,
	       "cache: the last name's verdict is reused");
	tv_verdict_cache_free(vc);
	ok(c->validation && !c->validation->trusted &&
	       !strcmp(c->validation->hostname, "h299.example.test") &&
	       !strcmp(c->validation->reasons[0].code, "unknown_issuer"),
	   "cache: the copy outlives the cache");
	tv_conn_free(c);
	tv_trust_free(t);
	tv_trust_free(t2);
	kc_free(&leaf, true);
}

/* Every prefix of garbage as an OCSP response: a problem, no crash. */
static void test_ocsp_garbage(void)
{
	static const uint8_t junk[] = {0x30, 0x82, 0x01, 0x00, 0x0a, 0x01,
				       0x00, 0xa0, 0x82, 0x00, 0xf9, 0x30};
	gnutls_x509_crt_t path[2] = {root.crt, root.crt};
	int pos[2] = {0, -1};
	tv_arena a;
	size_t bad = 0;

	tv_arena_init(&a);
	for (size_t n = 0; n <= sizeof junk; n++) {
		tv_ocsp_src src = {junk, n, "stapled"};
		tv_ocsp_result r;

		tv_ocsp_check(&a, &src, path, pos, 2, Y2030, &r);
		bad += !r.problem || r.status;
	}
	is_int(bad, 0, "every prefix of a broken OCSP response: unusable");
	tv_arena_free(&a);
}

/* ---- --at and the reason table ---- */

static void test_time_parse(void)
{
	static const struct {
		const char *s;
		bool ok;
		long long us;
	} cases[] = {
	    {"2030-01-01", true, Y2030 * 1000000},
	    {"2030-01-01T00:00:00Z", true, Y2030 * 1000000},
	    {"2030-01-01t00:00:00z", true, Y2030 * 1000000},
	    {"2030-01-01T01:00:00+01:00", true, Y2030 * 1000000},
	    {"2029-12-31T23:00:00-01:00", true, Y2030 * 1000000},
	    {"2030-01-01T00:00:00.5Z", true, Y2030 * 1000000 + 500000},
	    {"2030-01-01T00:00:00.123456789Z", true, Y2030 * 1000000 + 123456},
	    {"2028-02-29", true, 1835395200LL * 1000000},
	    {"2030-02-29", false, 0},
	    {"2030-13-01", false, 0},
	    {"2030-01-32", false, 0},
	    {"2030-01-01T24:00:00Z", false, 0},
	    {"2030-01-01T00:00:00", false, 0},
	    {"2030-01-01T00:00Z", false, 0},
	    {"2030-01-01T00:00:00.Z", false, 0},
	    {"2030-1-1", false, 0},
	    {"yesterday", false, 0},
	    {"", false, 0},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t us = 0;
		bool got = tv_time_parse(cases[i].s, &us);

		ok(got == cases[i].ok && (!got || us == cases[i].us),
		   "--at \"%s\" is %s", cases[i].s,
		   cases[i].ok ? "that time" : "refused");
	}
}

static size_t sentences(const char *s)
{
	size_t n = 0;

	for (const char *p = s; (p = strchr(p, '.')); p++)
		n += p[1] == ' ' || p[1] == '\0';
	return n;
}

static void test_explain_table(void)
{
	static const char *const contract[] = {
	    "self_signed",
	    "untrusted_root",
	    "unknown_issuer",
	    "incomplete_chain",
	    "expired",
	    "not_yet_valid",
	    "hostname_mismatch",
	    "bad_signature",
	    "issuer_not_ca",
	    "path_length_exceeded",
	    "name_constraints",
	    "key_usage",
	    "purpose_mismatch",
	    "insecure_signature_algorithm",
	    "weak_key",
	    "revoked",
	    "unknown_critical_extension",
	    "chain_order",
	    "no_certificate",
	};
	size_t n, bad = 0;
	const tv_explain *t = tv_explain_table(&n);

	for (size_t i = 0; i < sizeof contract / sizeof contract[0]; i++)
		ok(tv_explain_find(contract[i]) != NULL,
		   "the contract's code %s is explained", contract[i]);
	is_int(tv_explain_find("chain_order")->severity, TV_SEV_WARNING,
	       "chain_order is a warning");
	ok(tv_explain_find("no_such_code") == NULL, "unknown code: NULL");
	for (size_t i = 0; i < n; i++) {
		size_t k = sentences(t[i].text);

		if (k < 2 || k > 5 || !*t[i].check || !*t[i].title) {
			diag("%s: %zu sentences", t[i].code, k);
			bad++;
		}
	}
	is_int(bad, 0,
	       "every explanation has 2-5 sentences, a check and a "
	       "title");
}

/* The manual and the README list every code of the table. */
static char *slurp(const char *name)
{
	const char *dir = getenv("TV_SRCDIR");
	char path[512];
	char *buf = NULL;
	long n;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = calloc(1, (size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static void test_documented(void)
{
	static const char *const docs[] = {"man/tlsview.1", "README.md"};
	size_t n;
	const tv_explain *t = tv_explain_table(&n);

	for (size_t d = 0; d < 2; d++) {
		char *text = slurp(docs[d]);
		size_t missing = 0;

		for (size_t i = 0; text && i < n; i++)
			if (!strstr(text, t[i].code)) {
				diag("%s does not mention %s", docs[d],
				     t[i].code);
				missing++;
			}
		ok(text && !missing, "%s lists every reason code", docs[d]);
		free(text);
	}
}

int main(void)
{
	char tmpl[] = "/tmp/t_validate.XXXXXX";

	if (!mkdtemp(tmpl)) {
		printf("1..0 # SKIP cannot make a temporary directory\n");
		return 0;
	}
	snprintf(tmpdir, sizeof tmpdir, "%s", tmpl);
	gnutls_global_init();
	make_pki();
	test_good_chain();
	test_any_order();
	test_self_signed();
	test_untrusted_root();
	test_missing_issuer();
	test_validity();
	test_hostname();
	test_signature();
	test_weak_key();
	test_issuers();
	test_path_length();
	test_leaf_purpose();
	test_revocation();
	test_order();
	test_stores();
	test_no_certificate();
	test_prefixes();
	test_details();
	test_conn();
	test_ocsp_garbage();
	test_cache();
	test_time_parse();
	test_explain_table();
	test_documented();
	kc_free(&root, true);
	kc_free(&root2, true);
	kc_free(&inter, true);
	for (const char *const *f =
		 (const char *const[]){"root.der", "root2.der", "inter.der",
				       "self.der", "inter.crl", "old.crl",
				       NULL};
	     *f; f++)
		unlink(tmp(*f));
	rmdir(tmpdir);
	gnutls_global_deinit();
	return done_testing();
}
