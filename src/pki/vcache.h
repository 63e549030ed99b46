/*
 * The verdict cache behind tv_validate_conn_cached (pki/validate.h):
 * internal to pki/.
 */
#ifndef PKI_VCACHE_H
#define PKI_VCACHE_H

#include <stdbool.h>

#include "model/conn.h"
#include "model/validation.h"
#include "pki/trust.h"
#include "pki/validate.h"

/*
 * A copy into a of the verdict kept for certs checked with o against t at
 * o->at_us, with checked_at and time_source set from o; false when there
 * is none that holds at that time (or o has OCSP responses).
 */
bool tv_vcache_get(tv_verdict_cache *vc, tv_trust *t,
		   const tv_certlist *certs, const tv_validate_opts *o,
		   tv_arena *a, tv_validation **out);

/* Keep v, the verdict on certs with o against t at o->at_us: the caller
 * has checked that none of its texts names the time checked. */
void tv_vcache_put(tv_verdict_cache *vc, tv_trust *t,
		   const tv_certlist *certs, const tv_validate_opts *o,
		   const tv_validation *v);

/* A deep copy of v into a. */
tv_validation *tv_validation_copy(tv_arena *a, const tv_validation *v);

#endif
