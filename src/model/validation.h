/*
 * The trust verdict on a certificate chain: what every view reads
 * (spec/json-output.md, "Validation").  pki/validate.c fills it in;
 * report/ and ui/ only read it.  Everything lives in one arena (the
 * connection's, or the caller's for `tlsview cert`).
 */
#ifndef TV_VALIDATION_H
#define TV_VALIDATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { TV_SEV_ERROR = 0, TV_SEV_WARNING = 1 } tv_severity;

static inline const char *tv_severity_name(tv_severity s)
{
	return s == TV_SEV_WARNING ? "warning" : "error";
}

/* Where checked_at came from: said in the text output. */
typedef enum {
	TV_TIME_NOW = 0, /* the current time */
	TV_TIME_CAPTURE, /* the connection's first packet (replays) */
	TV_TIME_AT,	 /* --at TIME */
} tv_time_source;

/* One failure or warning. */
typedef struct tv_reason {
	const char *code; /* the contract's vocabulary: "expired", ... */
	tv_severity severity;
	int certificate;	 /* position in the checked list, -1 = null */
	int depth;		 /* index in the path, -1 = not on the path */
	const char *evidence;	 /* this chain's facts, a sentence or two */
	const char *explanation; /* the code's general text (pki/explain.c) */
	const char *text;	 /* evidence, then explanation */
	const char *check;	 /* the kind of check: "validity", ... */
	const char *title;	 /* a few words: "certificate expired" */
} tv_reason;

/* A certificate as the path uses it, leaf first. */
typedef struct tv_path_cert {
	const char *subject;
	char sha256[65];
	bool from_store;    /* "store" (trust anchors) or "peer" (sent) */
	int position;	    /* in the checked list, -1 for a store's */
	const char *source; /* the store of a store certificate, or NULL */
} tv_path_cert;

typedef struct tv_anchor_ref {
	const char *subject;
	char sha256[65];
	const char *source; /* store name: the file or directory, "system" */
} tv_anchor_ref;

/* The chain against one store alone. */
typedef struct tv_store_verdict {
	const char *name; /* as tv_anchor_ref.source */
	bool trusted;
	const tv_anchor_ref *anchor; /* NULL: no path reaches its anchors */
	size_t path_len;
	/* The first failing check, NULL when trusted. */
	const char *code;
	const char *check;	/* its kind: "signature", "validity", ... */
	int depth, certificate; /* -1 when not applicable */
	const char *evidence;
	bool gnutls_trusted; /* GnuTLS's own verdict with this store */
	const char *gnutls;  /* its words */
} tv_store_verdict;

/* Extension details of one checked certificate (text and JSON detail). */
typedef struct tv_certinfo {
	bool parsed;
	bool has_key_usage;
	unsigned key_usage; /* GNUTLS_KEY_* bits */
	const char **key_usage_names;
	size_t n_key_usage;
	const char **eku; /* "serverAuth", ... or the OID */
	size_t n_eku;
	int ca;		       /* basicConstraints cA: -1 absent, 0, 1 */
	int path_len;	       /* pathLenConstraint, -1 none */
	const char *ski, *aki; /* lower-case hex key identifiers, or NULL */
	const char **ocsp, **ca_issuers, **crl_dps; /* URIs */
	size_t n_ocsp, n_ca_issuers, n_crl_dps;
	const char **nc_permitted, **nc_excluded; /* "DNS:example.com" */
	size_t n_nc_permitted, n_nc_excluded;
	const char **critical; /* OIDs of the critical extensions */
	size_t n_critical;
	const char **unknown_critical; /* those no check understands */
	size_t n_unknown_critical;
	const char **policies; /* certificate policy OIDs */
	size_t n_policies;
	int n_scts; /* embedded SCTs (certificate transparency), -1 none */
	bool must_staple; /* TLS feature status_request (RFC 7633) */
} tv_certinfo;

/* An OCSP response checked against the chain (stapled, or --ocsp). */
typedef struct tv_ocsp_result {
	const char *source; /* "stapled" or the file given */
	int certificate;    /* the position it is about, -1 none found */
	int depth;	    /* its place on the path, -1 none */
	const char *status; /* "good", "revoked", "unknown"; NULL: unusable */
	bool signature_ok;  /* signed by the issuer (or its responder) */
	int64_t this_update, next_update; /* seconds, next -1 when absent */
	int64_t revoked_at;		  /* seconds, -1 unless revoked */
	const char *problem;		  /* why it cannot be used, or NULL */
} tv_ocsp_result;

struct tv_validation {
	bool trusted;
	int64_t checked_at_us;
	tv_time_source time_source;
	const char *hostname;	     /* NULL: no name was checked */
	const tv_anchor_ref *anchor; /* the path's anchor, NULL = null */
	tv_path_cert *path;
	size_t n_path;
	tv_reason *reasons; /* errors first, then warnings */
	size_t n_reasons;
	tv_store_verdict *stores; /* one per store, in the order given */
	size_t n_stores;
	int leaf; /* position of the leaf in the checked list, -1 none */
	/* Where a missing issuer can be downloaded (AIA caIssuers). */
	const char **ca_issuers;
	size_t n_ca_issuers;
	/* Parallel to the checked list: certinfo[position]. */
	tv_certinfo *certinfo;
	size_t n_certinfo;
	/* OCSP responses looked at (stapled or given), in order. */
	tv_ocsp_result *ocsp;
	size_t n_ocsp;
	/* The referee: GnuTLS's verification with all stores at once. */
	bool gnutls_trusted;
	const char *gnutls;
};
typedef struct tv_validation tv_validation;

static inline size_t tv_validation_count(const tv_validation *v, tv_severity s)
{
	size_t n = 0;

	for (size_t i = 0; i < v->n_reasons; i++)
		n += v->reasons[i].severity == s;
	return n;
}

#endif
