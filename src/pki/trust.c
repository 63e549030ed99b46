/*
 * Trust stores.  Every anchor is parsed once into a tv_cert (for listing
 * and for our own path building) and kept as a GnuTLS certificate; the
 * GnuTLS trust lists used as the referee are built from the same DER, so
 * both see exactly the same anchors.
 */
#include "pki/trust.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gnutls/gnutls.h>

#include "pki/cert.h"

struct tv_trust {
	tv_arena arena;
	tv_store *stores;
	size_t n_stores;
	tv_anchor *anchors;
	size_t n_anchors, cap_anchors;
	tv_crl *crls;
	size_t n_crls;
	gnutls_x509_trust_list_t *lists; /* per store, built on first use */
	gnutls_x509_trust_list_t all;
	bool all_built;
};

tv_trust *tv_trust_new(void)
{
	tv_trust *t = tv_xcalloc(1, sizeof *t);

	tv_arena_init(&t->arena);
	return t;
}

static void drop_lists(tv_trust *t)
{
	for (size_t i = 0; t->lists && i < t->n_stores; i++)
		if (t->lists[i])
			gnutls_x509_trust_list_deinit(t->lists[i], 1);
	free(t->lists);
	t->lists = NULL;
	if (t->all)
		gnutls_x509_trust_list_deinit(t->all, 1);
	t->all = NULL;
	t->all_built = false;
}

void tv_trust_free(tv_trust *t)
{
	if (!t)
		return;
	drop_lists(t);
	for (size_t i = 0; i < t->n_anchors; i++)
		gnutls_x509_crt_deinit(t->anchors[i].crt);
	for (size_t i = 0; i < t->n_crls; i++) {
		gnutls_x509_crl_deinit(t->crls[i].crl);
		gnutls_free(t->crls[i].der.data);
	}
	free(t->anchors);
	free(t->crls);
	free(t->stores);
	tv_arena_free(&t->arena);
	free(t);
}

size_t tv_trust_n_stores(const tv_trust *t)
{
	return t->n_stores;
}

const tv_store *tv_trust_store(const tv_trust *t, size_t i)
{
	return i < t->n_stores ? &t->stores[i] : NULL;
}

size_t tv_trust_n_anchors(const tv_trust *t)
{
	return t->n_anchors;
}

const tv_anchor *tv_trust_anchor(const tv_trust *t, size_t i)
{
	return i < t->n_anchors ? &t->anchors[i] : NULL;
}

size_t tv_trust_n_crls(const tv_trust *t)
{
	return t->n_crls;
}

const tv_crl *tv_trust_crl(const tv_trust *t, size_t i)
{
	return i < t->n_crls ? &t->crls[i] : NULL;
}

/* ---- adding anchors ---- */

static tv_store *store_begin(tv_trust *t, const char *name, tv_store_kind k)
{
	tv_store *s;

	drop_lists(t); /* a new store: the referee lists are stale */
	t->stores = tv_xrealloc(t->stores, (t->n_stores + 1) * sizeof *s);
	s = &t->stores[t->n_stores];
	memset(s, 0, sizeof *s);
	s->name = tv_arena_strdup(&t->arena, name);
	s->kind = k;
	s->first = t->n_anchors;
	return s;
}

static bool store_has(const tv_trust *t, const tv_store *s, const char *sha)
{
	for (size_t i = s->first; i < s->first + s->n; i++)
		if (!strcmp(t->anchors[i].cert.sha256, sha))
			return true;
	return false;
}

/* Add one parsed certificate to the store being built; false when it
 * cannot be used (it did not parse). */
static bool store_add(tv_trust *t, tv_store *s, const tv_cert *c)
{
	gnutls_datum_t d = {(unsigned char *)c->der, (unsigned)c->der_len};
	tv_anchor *an;
	gnutls_x509_crt_t crt;

	if (c->error)
		return false;
	if (store_has(t, s, c->sha256))
		return true;
	if (gnutls_x509_crt_init(&crt) < 0)
		return false;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return false;
	}
	if (t->n_anchors == t->cap_anchors) {
		t->cap_anchors = t->cap_anchors ? 2 * t->cap_anchors : 64;
		t->anchors = tv_xrealloc(t->anchors,
					 t->cap_anchors * sizeof *t->anchors);
	}
	an = &t->anchors[t->n_anchors++];
	an->cert = *c;
	an->cert.position = (int)s->n;
	an->crt = crt;
	an->store = (size_t)(s - t->stores);
	an->source = s->name;
	an->file = NULL;
	s->n++;
	return true;
}

/* Keep the store only if it holds something (or may be empty). */
static bool store_end(tv_trust *t, tv_store *s, bool may_be_empty)
{
	if (s->n || may_be_empty) {
		t->n_stores++;
		return true;
	}
	return false;
}

/* The certificates of one file; file is kept by the anchors it adds. */
static size_t add_list(tv_trust *t, tv_store *s, const tv_certlist *l,
		       const char *file)
{
	size_t skipped = 0, had = t->n_anchors;

	for (size_t i = 0; i < l->n; i++)
		if (!store_add(t, s, &l->v[i]))
			skipped++;
	for (size_t i = had; i < t->n_anchors; i++)
		t->anchors[i].file = file;
	return skipped;
}

bool tv_trust_add_file(tv_trust *t, const char *path, tv_error *err)
{
	return tv_trust_add_file_named(t, path, NULL, err);
}

bool tv_trust_add_file_named(tv_trust *t, const char *path, const char *name,
			     tv_error *err)
{
	tv_certlist l = {NULL, 0};
	tv_store *s;

	if (!tv_cert_load_file(&t->arena, path, &l, err))
		return false;
	s = store_begin(t, name ? name : path, TV_STORE_FILE);
	s->skipped = add_list(t, s, &l, tv_arena_strdup(&t->arena, path));
	if (!store_end(t, s, false)) {
		tv_error_set(err, TV_MALFORMED,
			     "%s: no readable certificate in this CA file "
			     "(use a PEM bundle or a DER certificate)",
			     path);
		return false;
	}
	return true;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a directory, sorted so the anchors' order is stable. */
static char **dir_names(const char *path, size_t *n, tv_error *err)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d) {
		tv_error_set(err, TV_IO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			names = tv_xrealloc(names, cap * sizeof *names);
		}
		names[*n] = tv_xmalloc(strlen(e->d_name) + 1);
		strcpy(names[(*n)++], e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof *names, name_cmp);
	return names ? names : tv_xcalloc(1, sizeof *names);
}

static void dir_add_entry(tv_trust *t, tv_store *s, const char *dir,
			  const char *name)
{
	char *path = tv_arena_printf(&t->arena, "%s/%s", dir, name);
	struct stat st;
	tv_certlist l = {NULL, 0};
	tv_error ignored;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !tv_cert_load_file(&t->arena, path, &l, &ignored)) {
		s->skipped++;
		return;
	}
	s->skipped += add_list(t, s, &l, path);
}

bool tv_trust_add_dir(tv_trust *t, const char *path, tv_error *err)
{
	size_t n;
	char **names = dir_names(path, &n, err);
	tv_store *s;
	bool ok;

	if (!names)
		return false;
	s = store_begin(t, path, TV_STORE_DIR);
	for (size_t i = 0; i < n; i++) {
		dir_add_entry(t, s, path, names[i]);
		free(names[i]);
	}
	free(names);
	ok = store_end(t, s, false);
	if (!ok)
		tv_error_set(err, TV_MALFORMED,
			     "%s: no certificate file in this directory "
			     "(put PEM or DER CA certificates in it)",
			     path);
	return ok;
}

/* One certificate of GnuTLS's system list into the store. */
static void system_add(tv_trust *t, tv_store *s, gnutls_x509_crt_t crt)
{
	gnutls_datum_t der = {NULL, 0};
	tv_cert c;

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0) {
		s->skipped++;
		return;
	}
	memset(&c, 0, sizeof c);
	tv_cert_parse(&t->arena, tv_arena_memdup(&t->arena, der.data, der.size),
		      der.size, &c);
	gnutls_free(der.data);
	if (!store_add(t, s, &c))
		s->skipped++;
}

bool tv_trust_add_system(tv_trust *t, tv_error *err)
{
	gnutls_x509_trust_list_t tl;
	gnutls_x509_trust_list_iter_t it = NULL;
	gnutls_x509_crt_t crt;
	tv_store *s;
	int r;

	if (gnutls_x509_trust_list_init(&tl, 0) < 0) {
		tv_error_set(err, TV_IO, "system: cannot create a trust list");
		return false;
	}
	r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
	if (r < 0 && r != GNUTLS_E_UNIMPLEMENTED_FEATURE) {
		tv_error_set(err, TV_IO,
			     "system: the system trust store cannot be read: "
			     "%s (install ca-certificates, or use "
			     "--no-system-ca with --ca-file)",
			     gnutls_strerror(r));
		gnutls_x509_trust_list_deinit(tl, 1);
		return false;
	}
	s = store_begin(t, "system", TV_STORE_SYSTEM);
	while (gnutls_x509_trust_list_iter_get_ca(tl, &it, &crt) == 0) {
		system_add(t, s, crt);
		gnutls_x509_crt_deinit(crt);
	}
	gnutls_x509_trust_list_iter_deinit(it);
	gnutls_x509_trust_list_deinit(tl, 1);
	return store_end(t, s, true);
}

/* ---- CRLs ---- */

static bool crl_import(const gnutls_datum_t *data, gnutls_x509_crl_t **crls,
		       unsigned *n)
{
	gnutls_x509_crl_t one;

	if (memmem(data->data, data->size, "-----BEGIN", 10))
		return gnutls_x509_crl_list_import2(
			   crls, n, data, GNUTLS_X509_FMT_PEM, 0) >= 0 &&
		       *n > 0;
	if (gnutls_x509_crl_init(&one) < 0)
		return false;
	if (gnutls_x509_crl_import(one, data, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crl_deinit(one);
		return false;
	}
	*crls = gnutls_malloc(sizeof **crls);
	if (!*crls) {
		gnutls_x509_crl_deinit(one);
		return false;
	}
	(*crls)[0] = one;
	*n = 1;
	return true;
}

static void crl_keep(tv_trust *t, const char *source, gnutls_x509_crl_t crl)
{
	tv_crl *c;
	gnutls_datum_t dn = {NULL, 0};

	t->crls = tv_xrealloc(t->crls, (t->n_crls + 1) * sizeof *t->crls);
	c = &t->crls[t->n_crls++];
	memset(c, 0, sizeof *c);
	c->crl = crl;
	c->source = source;
	c->issuer = "";
	if (gnutls_x509_crl_get_issuer_dn3(crl, &dn, 0) == 0 && dn.data)
		c->issuer =
		    tv_arena_strndup(&t->arena, (char *)dn.data, dn.size);
	gnutls_free(dn.data);
	gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &c->der);
}

bool tv_trust_add_crl_file(tv_trust *t, const char *path, tv_error *err)
{
	gnutls_datum_t data = {NULL, 0};
	gnutls_x509_crl_t *crls = NULL;
	unsigned n = 0;
	const char *source;
	FILE *f = fopen(path, "rb");
	int r;

	/* fopen first: gnutls_load_file does not say why it failed. */
	if (!f) {
		tv_error_set(err, TV_IO, "%s: %s", path, strerror(errno));
		return false;
	}
	fclose(f);
	r = gnutls_load_file(path, &data);
	if (r < 0) {
		tv_error_set(err, TV_IO, "%s: %s", path, gnutls_strerror(r));
		return false;
	}
	if (!crl_import(&data, &crls, &n)) {
		gnutls_free(data.data);
		tv_error_set(err, TV_MALFORMED,
			     "%s: not a CRL (use a PEM or DER X.509 CRL)",
			     path);
		return false;
	}
	gnutls_free(data.data);
	drop_lists(t);
	source = tv_arena_strdup(&t->arena, path);
	for (unsigned i = 0; i < n; i++)
		crl_keep(t, source, crls[i]);
	gnutls_free(crls);
	return true;
}

/* ---- GnuTLS's trust lists (the referee) ---- */

static bool list_add_cert(gnutls_x509_trust_list_t tl, const tv_anchor *an)
{
	gnutls_datum_t d = {(unsigned char *)an->cert.der,
			    (unsigned)an->cert.der_len};
	gnutls_x509_crt_t crt;

	if (gnutls_x509_crt_init(&crt) < 0)
		return false;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0 ||
	    gnutls_x509_trust_list_add_cas(tl, &crt, 1, 0) != 1) {
		gnutls_x509_crt_deinit(crt);
		return false;
	}
	return true; /* the list owns crt now */
}

static void list_add_crls(const tv_trust *t, gnutls_x509_trust_list_t tl)
{
	for (size_t i = 0; i < t->n_crls; i++) {
		gnutls_x509_crl_t crl;

		if (gnutls_x509_crl_init(&crl) < 0)
			continue;
		/* Not verified here: a CRL may come from an intermediate
		 * that only the peer sends. */
		if (gnutls_x509_crl_import(crl, &t->crls[i].der,
					   GNUTLS_X509_FMT_DER) < 0 ||
		    gnutls_x509_trust_list_add_crls(tl, &crl, 1, 0, 0) != 1)
			gnutls_x509_crl_deinit(crl);
	}
}

static bool anchor_seen_before(const tv_trust *t, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(t->anchors[j].cert.sha256,
			    t->anchors[i].cert.sha256))
			return true;
	return false;
}

static gnutls_x509_trust_list_t build_list(const tv_trust *t, size_t store)
{
	gnutls_x509_trust_list_t tl;

	if (gnutls_x509_trust_list_init(&tl, 0) < 0)
		return NULL;
	for (size_t i = 0; i < t->n_anchors; i++) {
		bool want = store == TV_TRUST_ALL
				? !anchor_seen_before(t, i)
				: t->anchors[i].store == store;

		if (want)
			list_add_cert(tl, &t->anchors[i]);
	}
	list_add_crls(t, tl);
	return tl;
}

gnutls_x509_trust_list_t tv_trust_gnutls_list(tv_trust *t, size_t i)
{
	if (i == TV_TRUST_ALL) {
		if (!t->all_built) {
			t->all = build_list(t, TV_TRUST_ALL);
			t->all_built = true;
		}
		return t->all;
	}
	if (i >= t->n_stores)
		return NULL;
	if (!t->lists)
		t->lists = tv_xcalloc(t->n_stores, sizeof *t->lists);
	if (!t->lists[i])
		t->lists[i] = build_list(t, i);
	return t->lists[i];
}
