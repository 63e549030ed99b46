/*
 * Extension details through GnuTLS, copied into the caller's arena.  An
 * extension GnuTLS cannot decode is left out, as if absent: the chain
 * checks then rely on GnuTLS's own verdict for it.
 */
#include "pki/certinfo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>

#define OID_AIA			   "1.3.6.1.5.5.7.1.1"
#define OID_CRLDP		   "2.5.29.31"
#define OID_EKU_SERVER		   "1.3.6.1.5.5.7.3.1"
#define OID_EKU_ANY		   "2.5.29.37.0"
#define OID_SCTS		   "1.3.6.1.4.1.11129.2.4.2"
#define TLS_FEATURE_STATUS_REQUEST 5
/* entries kept per list: far above real certificates */
#define MAX_LIST 64

/* A growing list of strings in the arena (at most MAX_LIST). */
typedef struct strlist {
	const char **v;
	size_t n;
} strlist;

static void sl_add(tv_arena *a, strlist *l, const char *s)
{
	if (!l->v)
		l->v = tv_arena_alloc(a, MAX_LIST * sizeof *l->v);
	if (l->n < MAX_LIST)
		l->v[l->n++] = s;
}

static const char *hex(tv_arena *a, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = tv_arena_alloc(a, 2 * n + 1);

	for (size_t i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	return s;
}

static const struct {
	unsigned bit;
	const char *name;
} ku_names[] = {
    {GNUTLS_KEY_DIGITAL_SIGNATURE, "digitalSignature"},
    {GNUTLS_KEY_NON_REPUDIATION, "nonRepudiation"},
    {GNUTLS_KEY_KEY_ENCIPHERMENT, "keyEncipherment"},
    {GNUTLS_KEY_DATA_ENCIPHERMENT, "dataEncipherment"},
    {GNUTLS_KEY_KEY_AGREEMENT, "keyAgreement"},
    {GNUTLS_KEY_KEY_CERT_SIGN, "keyCertSign"},
    {GNUTLS_KEY_CRL_SIGN, "cRLSign"},
    {GNUTLS_KEY_ENCIPHER_ONLY, "encipherOnly"},
    {GNUTLS_KEY_DECIPHER_ONLY, "decipherOnly"},
};

static const struct {
	const char *oid, *name;
} eku_names[] = {
    {OID_EKU_SERVER, "serverAuth"},
    {"1.3.6.1.5.5.7.3.2", "clientAuth"},
    {"1.3.6.1.5.5.7.3.3", "codeSigning"},
    {"1.3.6.1.5.5.7.3.4", "emailProtection"},
    {"1.3.6.1.5.5.7.3.8", "timeStamping"},
    {"1.3.6.1.5.5.7.3.9", "OCSPSigning"},
    {OID_EKU_ANY, "anyExtendedKeyUsage"},
};

static void get_key_usage(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *o)
{
	unsigned ku = 0, critical = 0;
	strlist l = {NULL, 0};

	if (gnutls_x509_crt_get_key_usage(crt, &ku, &critical) < 0)
		return;
	o->has_key_usage = true;
	o->key_usage = ku;
	for (size_t i = 0; i < sizeof ku_names / sizeof ku_names[0]; i++)
		if (ku & ku_names[i].bit)
			sl_add(a, &l, ku_names[i].name);
	o->key_usage_names = l.v;
	o->n_key_usage = l.n;
}

static const char *eku_name(tv_arena *a, const char *oid)
{
	for (size_t i = 0; i < sizeof eku_names / sizeof eku_names[0]; i++)
		if (!strcmp(eku_names[i].oid, oid))
			return eku_names[i].name;
	return tv_arena_strdup(a, oid);
}

static void get_eku(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *o)
{
	strlist l = {NULL, 0};
	char oid[128];

	for (unsigned i = 0; i < MAX_LIST; i++) {
		size_t n = sizeof oid;
		unsigned critical;

		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &n,
							&critical) < 0)
			break;
		sl_add(a, &l, eku_name(a, oid));
	}
	o->eku = l.v;
	o->n_eku = l.n;
}

static void get_key_ids(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *o)
{
	uint8_t id[128];
	size_t n = sizeof id;
	unsigned critical;

	if (gnutls_x509_crt_get_subject_key_id(crt, id, &n, &critical) >= 0)
		o->ski = hex(a, id, n);
	n = sizeof id;
	if (gnutls_x509_crt_get_authority_key_id(crt, id, &n, &critical) >= 0)
		o->aki = hex(a, id, n);
}

/* The raw extension, or false when absent. */
static bool get_ext(gnutls_x509_crt_t crt, const char *oid, gnutls_datum_t *d)
{
	unsigned critical;

	d->data = NULL;
	d->size = 0;
	return gnutls_x509_crt_get_extension_by_oid2(crt, oid, 0, d,
						     &critical) >= 0;
}

static void get_aia(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *o)
{
	gnutls_datum_t ext, oid, san;
	gnutls_x509_aia_t aia;
	strlist ocsp = {NULL, 0}, issuers = {NULL, 0};
	unsigned type;

	if (!get_ext(crt, OID_AIA, &ext))
		return;
	if (gnutls_x509_aia_init(&aia) == 0) {
		if (gnutls_x509_ext_import_aia(&ext, aia, 0) == 0)
			for (unsigned i = 0; i < MAX_LIST; i++) {
				const char *s;

				if (gnutls_x509_aia_get(aia, i, &oid, &type,
							&san) < 0)
					break;
				if (type != GNUTLS_SAN_URI)
					continue;
				s = tv_arena_strndup(a, (char *)san.data,
						     san.size);
				if (!strcmp((char *)oid.data,
					    GNUTLS_OID_AD_OCSP))
					sl_add(a, &ocsp, s);
				else if (!strcmp((char *)oid.data,
						 GNUTLS_OID_AD_CAISSUERS))
					sl_add(a, &issuers, s);
			}
		gnutls_x509_aia_deinit(aia);
	}
	gnutls_free(ext.data);
	o->ocsp = ocsp.v;
	o->n_ocsp = ocsp.n;
	o->ca_issuers = issuers.v;
	o->n_ca_issuers = issuers.n;
}

static void get_crl_dps(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *o)
{
	gnutls_datum_t ext, dist;
	gnutls_x509_crl_dist_points_t cdp;
	strlist l = {NULL, 0};
	unsigned type, reasons;

	if (!get_ext(crt, OID_CRLDP, &ext))
		return;
	if (gnutls_x509_crl_dist_points_init(&cdp) == 0) {
		if (gnutls_x509_ext_import_crl_dist_points(&ext, cdp, 0) == 0)
			for (unsigned i = 0; i < MAX_LIST; i++) {
				if (gnutls_x509_crl_dist_points_get(
					cdp, i, &type, &dist, &reasons) < 0)
					break;
				if (type == GNUTLS_SAN_URI)
					sl_add(a, &l,
					       tv_arena_strndup(
						   a, (char *)dist.data,
						   dist.size));
			}
		gnutls_x509_crl_dist_points_deinit(cdp);
	}
	gnutls_free(ext.data);
	o->crl_dps = l.v;
	o->n_crl_dps = l.n;
}

/* "DNS:example.com", "IP:10.0.0.0/8", "email:example.com", ... */
static const char *nc_text(tv_arena *a, unsigned type, const gnutls_datum_t *d)
{
	char addr[INET6_ADDRSTRLEN], mask[INET6_ADDRSTRLEN];
	const char *s;

	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		s = "DNS:";
		break;
	case GNUTLS_SAN_RFC822NAME:
		s = "email:";
		break;
	case GNUTLS_SAN_URI:
		s = "URI:";
		break;
	case GNUTLS_SAN_DN:
		s = "DN:";
		break;
	case GNUTLS_SAN_IPADDRESS:
		if ((d->size == 8 || d->size == 32) &&
		    inet_ntop(d->size == 8 ? AF_INET : AF_INET6, d->data, addr,
			      sizeof addr) &&
		    inet_ntop(d->size == 8 ? AF_INET : AF_INET6,
			      d->data + d->size / 2, mask, sizeof mask))
			return tv_arena_printf(a, "IP:%s/%s", addr, mask);
		return tv_arena_printf(a, "IP:%s", hex(a, d->data, d->size));
	default:
		return tv_arena_printf(a, "type %u", type);
	}
	return tv_arena_printf(a, "%s%s", s,
			       tv_arena_strndup(a, (char *)d->data, d->size));
}

typedef int (*nc_get_fn)(gnutls_x509_name_constraints_t, unsigned, unsigned *,
			 gnutls_datum_t *);

static void nc_list(tv_arena *a, gnutls_x509_name_constraints_t nc,
		    nc_get_fn get, const char ***v, size_t *n)
{
	strlist l = {NULL, 0};
	gnutls_datum_t d;
	unsigned type;

	for (unsigned i = 0; i < MAX_LIST; i++) {
		if (get(nc, i, &type, &d) < 0)
			break;
		sl_add(a, &l, nc_text(a, type, &d));
	}
	*v = l.v;
	*n = l.n;
}

static void get_nc(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *o)
{
	gnutls_x509_name_constraints_t nc;
	unsigned critical;

	if (gnutls_x509_name_constraints_init(&nc) < 0)
		return;
	if (gnutls_x509_crt_get_name_constraints(crt, nc, 0, &critical) == 0) {
		nc_list(a, nc, gnutls_x509_name_constraints_get_permitted,
			&o->nc_permitted, &o->n_nc_permitted);
		nc_list(a, nc, gnutls_x509_name_constraints_get_excluded,
			&o->nc_excluded, &o->n_nc_excluded);
	}
	gnutls_x509_name_constraints_deinit(nc);
}

static void get_critical(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *o)
{
	strlist l = {NULL, 0}, unknown = {NULL, 0};
	char oid[128];

	for (unsigned i = 0; i < 256; i++) {
		size_t n = sizeof oid;
		unsigned critical = 0;
		int r = gnutls_x509_crt_get_extension_info(crt, i, oid, &n,
							   &critical);

		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (r < 0 || !critical)
			continue;
		sl_add(a, &l, tv_arena_strdup(a, oid));
		if (!tv_certinfo_known_extension(oid))
			sl_add(a, &unknown, l.v[l.n - 1]);
	}
	o->critical = l.v;
	o->n_critical = l.n;
	o->unknown_critical = unknown.v;
	o->n_unknown_critical = unknown.n;
}

static void get_policies(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *o)
{
	strlist l = {NULL, 0};

	for (unsigned i = 0; i < MAX_LIST; i++) {
		struct gnutls_x509_policy_st pol;
		unsigned critical;

		if (gnutls_x509_crt_get_policy(crt, i, &pol, &critical) < 0)
			break;
		sl_add(a, &l, tv_arena_strdup(a, pol.oid ? pol.oid : "?"));
		gnutls_x509_policy_release(&pol);
	}
	o->policies = l.v;
	o->n_policies = l.n;
}

/* Embedded signed certificate timestamps: how many, -1 without the
 * extension (the logs and signatures are not checked). */
static void get_scts(gnutls_x509_crt_t crt, tv_certinfo *o)
{
	gnutls_datum_t ext;
	gnutls_x509_ct_scts_t scts;
	unsigned version;

	o->n_scts = -1;
	if (!get_ext(crt, OID_SCTS, &ext))
		return;
	if (gnutls_x509_ext_ct_scts_init(&scts) == 0) {
		if (gnutls_x509_ext_ct_import_scts(&ext, scts, 0) == 0) {
			o->n_scts = 0;
			while (o->n_scts < MAX_LIST &&
			       gnutls_x509_ct_sct_get_version(
				   scts, (unsigned)o->n_scts, &version) == 0)
				o->n_scts++;
		}
		gnutls_x509_ext_ct_scts_deinit(scts);
	}
	gnutls_free(ext.data);
}

/* RFC 7633 TLS feature status_request: "must staple". */
static void get_must_staple(gnutls_x509_crt_t crt, tv_certinfo *o)
{
	gnutls_x509_tlsfeatures_t f;
	unsigned critical, feature;

	if (gnutls_x509_tlsfeatures_init(&f) < 0)
		return;
	if (gnutls_x509_crt_get_tlsfeatures(crt, f, 0, &critical) == 0)
		for (unsigned i = 0; i < MAX_LIST; i++) {
			if (gnutls_x509_tlsfeatures_get(f, i, &feature) < 0)
				break;
			if (feature == TLS_FEATURE_STATUS_REQUEST)
				o->must_staple = true;
		}
	gnutls_x509_tlsfeatures_deinit(f);
}

void tv_certinfo_fill(tv_arena *a, gnutls_x509_crt_t crt, tv_certinfo *out)
{
	unsigned critical = 0, ca = 0;
	int path_len = -1;

	memset(out, 0, sizeof *out);
	out->parsed = true;
	out->ca = -1;
	out->path_len = -1;
	if (gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca,
						  &path_len) >= 0) {
		out->ca = ca ? 1 : 0;
		out->path_len = ca && path_len >= 0 ? path_len : -1;
	}
	get_key_usage(a, crt, out);
	get_eku(a, crt, out);
	get_key_ids(a, crt, out);
	get_aia(a, crt, out);
	get_crl_dps(a, crt, out);
	get_nc(a, crt, out);
	get_critical(a, crt, out);
	get_policies(a, crt, out);
	get_scts(crt, out);
	get_must_staple(crt, out);
}

bool tv_certinfo_server_auth(const tv_certinfo *ci, bool any_ok)
{
	if (!ci->n_eku)
		return true;
	for (size_t i = 0; i < ci->n_eku; i++)
		if (!strcmp(ci->eku[i], "serverAuth") ||
		    (any_ok && !strcmp(ci->eku[i], "anyExtendedKeyUsage")))
			return true;
	return false;
}

/* The extensions whose meaning the checks (ours and GnuTLS's) know; a
 * critical extension outside this list makes a chain fail. */
static const char *const known_oids[] = {
    "2.5.29.15",	  /* key usage */
    "2.5.29.17",	  /* subject alternative name */
    "2.5.29.19",	  /* basic constraints */
    "2.5.29.30",	  /* name constraints */
    "2.5.29.32",	  /* certificate policies */
    "2.5.29.33",	  /* policy mappings */
    "2.5.29.36",	  /* policy constraints */
    "2.5.29.37",	  /* extended key usage */
    "2.5.29.54",	  /* inhibit anyPolicy */
    "1.3.6.1.5.5.7.1.24", /* TLS feature (must-staple) */
};

bool tv_certinfo_known_extension(const char *oid)
{
	for (size_t i = 0; i < sizeof known_oids / sizeof known_oids[0]; i++)
		if (!strcmp(known_oids[i], oid))
			return true;
	return false;
}

bool tv_cert_write_pem(const tv_cert *c, const char *path, tv_error *err)
{
	gnutls_datum_t der = {(unsigned char *)c->der, (unsigned)c->der_len};
	gnutls_datum_t pem = {NULL, 0};
	FILE *f;
	bool ok;

	if (!c->der ||
	    gnutls_pem_base64_encode2("CERTIFICATE", &der, &pem) < 0) {
		tv_error_set(err, TV_MALFORMED,
			     "%s: certificate %d cannot be encoded as PEM",
			     path, c->position);
		return false;
	}
	f = fopen(path, "wb");
	if (!f) {
		tv_error_set(err, TV_IO, "%s: %s", path, strerror(errno));
		gnutls_free(pem.data);
		return false;
	}
	ok = fwrite(pem.data, 1, pem.size, f) == pem.size;
	ok = (fclose(f) == 0) && ok;
	if (!ok)
		tv_error_set(err, TV_IO, "%s: %s", path, strerror(errno));
	gnutls_free(pem.data);
	return ok;
}
