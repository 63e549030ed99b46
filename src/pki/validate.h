/*
 * Chain validation: build the path from the peer's certificates and the
 * trust stores ourselves (so the verdict can name the anchor, the path and
 * every failing check at each depth), with GnuTLS's own verification as a
 * referee: the verdict never says trusted when GnuTLS says not.
 */
#ifndef PKI_VALIDATE_H
#define PKI_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/conn.h"
#include "model/validation.h"
#include "pki/ocsp.h"
#include "pki/trust.h"

typedef struct tv_validate_opts {
	int64_t at_us; /* the moment validity is checked at */
	tv_time_source time_source;
	const char *hostname;	 /* NULL: no name check (tv_validate_conn:
				    the SNI) */
	bool find_leaf;		 /* certificate files: the leaf is the one that
				    issued none of the others, not position 0 */
	bool order_matters;	 /* warn when not sent leaf first, each issuer
				    after what it signed */
	const tv_ocsp_src *ocsp; /* OCSP responses to check (tv_validate_conn:
				    the stapled ones) */
	size_t n_ocsp;
} tv_validate_opts;

/*
 * Check certs against the stores of t (any number, none included).  The
 * verdict and its strings live in a.  Never NULL: an empty list gives
 * the reason no_certificate.
 */
tv_validation *tv_validate_chain(tv_arena *a, const tv_certlist *certs,
				 tv_trust *t, const tv_validate_opts *o);

/*
 * A connection's server chain, into c->validation (in c's arena).
 * checked_at is the connection's start (the capture's time) unless
 * o->time_source is TV_TIME_AT; the name checked is o->hostname, else
 * the SNI.  Left NULL when the server's Certificate message was not seen.
 */
void tv_validate_conn(tv_conn *c, tv_trust *t, const tv_validate_opts *o);

/*
 * Verdicts remembered for replays, where the same few chains come back in
 * thousands of connections: tv_validate_conn_cached gives c the verdict an
 * earlier connection got when everything it depends on is the same (the
 * certificates, the name checked, the options; t is fixed for the cache)
 * and the time checked is inside the window over which it cannot change,
 * as a copy into c's arena with c's own checked_at.  Chains with stapled
 * OCSP responses, and verdicts whose texts name the time checked, are
 * never reused.  Bounded: memory stays flat on any capture.  The output
 * is the same as tv_validate_conn's; vc NULL is tv_validate_conn.
 */
typedef struct tv_verdict_cache tv_verdict_cache;
tv_verdict_cache *tv_verdict_cache_new(void);
void tv_verdict_cache_free(tv_verdict_cache *vc);
void tv_validate_conn_cached(tv_conn *c, tv_trust *t,
			     const tv_validate_opts *o, tv_verdict_cache *vc);

/* What the cache did so far (tests, profiles): verdicts given from it,
 * verdicts computed, and how many it holds. */
typedef struct tv_verdict_cache_stats {
	uint64_t reused, computed;
	size_t entries;
} tv_verdict_cache_stats;
tv_verdict_cache_stats tv_verdict_cache_get_stats(const tv_verdict_cache *vc);

/*
 * --at TIME: RFC 3339 ("2030-01-01T00:00:00Z", fractions and offsets
 * allowed) or a date ("2030-01-01", midnight UTC).  Microseconds since
 * the epoch; false when s is neither.
 */
bool tv_time_parse(const char *s, int64_t *us);

#endif
