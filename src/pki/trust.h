/*
 * Trust stores: the anchors a chain may end at, kept as named stores side
 * by side (each --ca-file, each --ca-dir, the system store), plus the CRLs
 * given with --crl.  Each store can answer on its own, so a verdict can
 * say which stores trust a chain and why the others do not.
 */
#ifndef PKI_TRUST_H
#define PKI_TRUST_H

#include <stdbool.h>
#include <stddef.h>

#include <gnutls/x509.h>

#include "model/conn.h"
#include "util/status.h"

typedef enum {
	TV_STORE_FILE,	 /* --ca-file: a PEM bundle or one DER certificate */
	TV_STORE_DIR,	 /* --ca-dir: every certificate file in it */
	TV_STORE_SYSTEM, /* gnutls_x509_trust_list_add_system_trust */
} tv_store_kind;

typedef struct tv_store {
	const char *name; /* the path as given, or "system" */
	tv_store_kind kind;
	size_t first, n; /* its anchors: tv_trust_anchor(first .. first+n-1) */
	size_t skipped;	 /* entries that held no readable certificate */
} tv_store;

typedef struct tv_anchor {
	tv_cert cert; /* DER and strings live in the trust's arena */
	gnutls_x509_crt_t crt;
	size_t store;	    /* index of its store */
	const char *source; /* its store's name */
	const char *file;   /* the file it came from; NULL for the system's */
} tv_anchor;

typedef struct tv_crl {
	gnutls_x509_crl_t crl;
	const char *source; /* the --crl file */
	const char *issuer; /* RFC 4514 */
	gnutls_datum_t der;
} tv_crl;

typedef struct tv_trust tv_trust;

tv_trust *tv_trust_new(void);
void tv_trust_free(tv_trust *t);

/*
 * Each call adds one named store (duplicates within a store are kept
 * once).  Errors (TV_IO, TV_MALFORMED) name the path and say what to do;
 * the trust is then unchanged.  A directory skips files that hold no
 * certificate (counted in tv_store.skipped) and fails only when none
 * does.  The system store may be empty (no ca-certificates installed).
 */
bool tv_trust_add_file(tv_trust *t, const char *path, tv_error *err);
/* The same, the store named name ("lab root") instead of the path;
 * name NULL: the path. */
bool tv_trust_add_file_named(tv_trust *t, const char *path, const char *name,
			     tv_error *err);
bool tv_trust_add_dir(tv_trust *t, const char *path, tv_error *err);
bool tv_trust_add_system(tv_trust *t, tv_error *err);
/* CRLs (PEM, one or more, or DER) checked against every chain. */
bool tv_trust_add_crl_file(tv_trust *t, const char *path, tv_error *err);

size_t tv_trust_n_stores(const tv_trust *t);
const tv_store *tv_trust_store(const tv_trust *t, size_t i);
size_t tv_trust_n_anchors(const tv_trust *t);
const tv_anchor *tv_trust_anchor(const tv_trust *t, size_t i);
size_t tv_trust_n_crls(const tv_trust *t);
const tv_crl *tv_trust_crl(const tv_trust *t, size_t i);

/*
 * GnuTLS's own trust list for store i, or for all stores together when
 * i == TV_TRUST_ALL, with the CRLs: built on first use, owned by t.
 * NULL when GnuTLS cannot build it.
 */
#define TV_TRUST_ALL ((size_t)-1)
gnutls_x509_trust_list_t tv_trust_gnutls_list(tv_trust *t, size_t i);

#endif
