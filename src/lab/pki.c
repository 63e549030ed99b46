/*
 * The lab's PKI, made with GnuTLS: a root CA, an intermediate CA and the
 * leaves of every case, a second root the lab store does not hold, a
 * client certificate and the CRLs.  One table says what each certificate
 * is; the maker walks it in order (an issuer comes before what it signs).
 * The files are PEM with plain names so attendees can open them, and a
 * PKI that is still good is reused, so the lab starts at once.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "lab/lab_int.h"
#include "util/arena.h"
#include "util/buf.h"

#define DAY (24 * 3600)

enum kind { K_ROOT, K_CA, K_LEAF, K_CLIENT };
enum validity { V_GOOD, V_EXPIRED, V_FUTURE };

typedef struct spec {
	const char *name;   /* NAME.crt, NAME.key, NAME.csr */
	const char *issuer; /* the issuer's name; NULL: self-signed */
	const char *cn;
	enum kind kind;
	enum validity valid;
	unsigned rsa_bits;   /* 0: ECDSA P-256 */
	bool sha1;	     /* signed with SHA-1 */
	const char *dns;     /* NULL: localhost and the loopback addresses */
	bool chain_root;     /* NAME-chain.pem ends with the root */
} spec;

/* In the order they are made: each issuer before what it signs. */
static const spec specs[] = {
    {"root-ca", NULL, "tlsview lab Root CA", K_ROOT, V_GOOD, 0, false, NULL,
     false},
    {"intermediate-ca", "root-ca", "tlsview lab Intermediate CA", K_CA,
     V_GOOD, 0, false, NULL, false},
    {"untrusted-root-ca", NULL, "Untrusted Root CA", K_ROOT, V_GOOD, 0, false,
     NULL, false},
    {"untrusted-intermediate-ca", "untrusted-root-ca",
     "Untrusted Intermediate CA", K_CA, V_GOOD, 0, false, NULL, false},
    {"good", "intermediate-ca", "localhost", K_LEAF, V_GOOD, 0, false, NULL,
     false},
    {"self-signed", NULL, "localhost", K_LEAF, V_GOOD, 0, false, NULL, false},
    {"untrusted", "untrusted-intermediate-ca", "localhost", K_LEAF, V_GOOD, 0,
     false, NULL, true},
    {"expired", "intermediate-ca", "localhost", K_LEAF, V_EXPIRED, 0, false,
     NULL, false},
    {"not-yet-valid", "intermediate-ca", "localhost", K_LEAF, V_FUTURE, 0,
     false, NULL, false},
    {"wrong-host", "intermediate-ca", "wrong-host.example", K_LEAF, V_GOOD, 0,
     false, "wrong-host.example", false},
    {"sha1", "intermediate-ca", "localhost", K_LEAF, V_GOOD, 0, true, NULL,
     false},
    {"rsa-1024", "intermediate-ca", "localhost", K_LEAF, V_GOOD, 1024, false,
     NULL, false},
    {"not-ca-issuer", "intermediate-ca", "lab leaf that is not a CA", K_LEAF,
     V_GOOD, 0, false, "not-ca-issuer.example", false},
    {"not-ca", "not-ca-issuer", "localhost", K_LEAF, V_GOOD, 0, false, NULL,
     false},
    {"revoked", "intermediate-ca", "localhost", K_LEAF, V_GOOD, 0, false,
     NULL, false},
    {"client", "intermediate-ca", "tlsview lab client", K_CLIENT, V_GOOD, 0,
     false, NULL, false},
};
#define N_SPECS (sizeof specs / sizeof specs[0])

/* The CRLs: the intermediate's revokes "revoked"; the root's is empty
 * but lets a checker that wants a CRL for every CA find one. */
static const char *const revoked_by_intermediate = "revoked";

const char *const tv_lab_pki_files[] = {
    "root-ca.crt", "root-ca.key", "intermediate-ca.crt", "intermediate-ca.key",
    "intermediate-ca.csr", "untrusted-root-ca.crt", "untrusted-root-ca.key",
    "untrusted-intermediate-ca.crt", "untrusted-intermediate-ca.key",
    "untrusted-intermediate-ca.csr", "good.crt", "good.key", "good.csr",
    "good-chain.pem", "self-signed.crt", "self-signed.key",
    "self-signed-chain.pem", "untrusted.crt", "untrusted.key", "untrusted.csr",
    "untrusted-chain.pem", "expired.crt", "expired.key", "expired.csr",
    "expired-chain.pem", "not-yet-valid.crt", "not-yet-valid.key",
    "not-yet-valid.csr", "not-yet-valid-chain.pem", "wrong-host.crt",
    "wrong-host.key", "wrong-host.csr", "wrong-host-chain.pem", "sha1.crt",
    "sha1.key", "sha1.csr", "sha1-chain.pem", "rsa-1024.crt", "rsa-1024.key",
    "rsa-1024.csr", "rsa-1024-chain.pem", "not-ca-issuer.crt",
    "not-ca-issuer.key", "not-ca-issuer.csr", "not-ca-issuer-chain.pem",
    "not-ca.crt", "not-ca.key", "not-ca.csr", "not-ca-chain.pem",
    "revoked.crt", "revoked.key", "revoked.csr", "revoked-chain.pem",
    "client.crt", "client.key", "client.csr", "client-chain.pem",
    "intermediate-ca.crl", "root-ca.crl", "lab.crl", NULL};

/* The stamp: what the PKI was made for.  Another stamp: make it again. */
#define STAMP_FILE "lab.stamp"
#define STAMP_VERSION "tlsview lab PKI 1"

/* ---- files ---- */

bool tv_lab_write_file(const char *dir, const char *name, const void *data,
		       size_t n, unsigned mode, tv_error *err)
{
	char tmp[4096], dst[4096];
	const char *p = data;
	unsigned char rnd[6];
	int fd = -1;
	bool ok;

	snprintf(dst, sizeof dst, "%s/%s", dir, name);
	for (int tries = 0; fd < 0 && tries < 8; tries++) {
		gnutls_rnd(GNUTLS_RND_NONCE, rnd, sizeof rnd);
		snprintf(tmp, sizeof tmp, "%s/.%s.%02x%02x%02x%02x%02x%02x", dir,
			 name, rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
		fd = open(tmp,
			  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  (mode_t)mode);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	ok = fd >= 0;
	while (ok && n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		ok = k > 0;
		if (ok) {
			p += k;
			n -= (size_t)k;
		}
	}
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok && rename(tmp, dst) != 0)
		ok = false;
	if (!ok) {
		tv_error_set(err, TV_IO,
			     "lab: cannot write %s (%s); check the directory "
			     "and its permissions, or give another --dir",
			     dst, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
	}
	return ok;
}

/* The whole file, or NULL. */
static bool read_file(const char *dir, const char *name, gnutls_datum_t *d)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return gnutls_load_file(path, d) == 0;
}

/* ---- making ---- */

typedef struct made_crt {
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	gnutls_datum_t crt_pem;
} made_crt;

typedef struct maker {
	const char *dir;
	const char *extra_ip;
	time_t now;
	made_crt m[N_SPECS];
	tv_error *err;
} maker;

static bool gt_fail(maker *mk, const char *what, const char *name, int rc)
{
	tv_error_set(mk->err, TV_UNSUPPORTED,
		     "lab: GnuTLS cannot make %s for %s (%s); use a GnuTLS "
		     "that allows it",
		     what, name, gnutls_strerror(rc));
	return false;
}

static size_t spec_index(const char *name)
{
	for (size_t i = 0; i < N_SPECS; i++)
		if (!strcmp(specs[i].name, name))
			return i;
	return N_SPECS;
}

static void validity(const spec *s, time_t now, time_t *from, time_t *to)
{
	switch (s->kind == K_ROOT || s->kind == K_CA ? -1 : (int)s->valid) {
	case V_EXPIRED:
		*from = now - 90 * DAY;
		*to = now - 30 * DAY;
		break;
	case V_FUTURE:
		*from = now + 3 * 365 * DAY;
		*to = now + 4 * 365 * DAY;
		break;
	case V_GOOD:
		*from = now - DAY;
		*to = now + 365 * DAY;
		break;
	default: /* the CAs outlive every leaf, the future one included */
		*from = now - 2 * 365 * DAY;
		*to = now + 6 * 365 * DAY;
	}
}

static int add_ip(gnutls_x509_crt_t crt, const char *ip)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, ip, a) == 1)
		return gnutls_x509_crt_set_subject_alt_name(
		    crt, GNUTLS_SAN_IPADDRESS, a, 4, GNUTLS_FSAN_APPEND);
	if (inet_pton(AF_INET6, ip, a) == 1)
		return gnutls_x509_crt_set_subject_alt_name(
		    crt, GNUTLS_SAN_IPADDRESS, a, 16, GNUTLS_FSAN_APPEND);
	return 0;
}

static int set_names(maker *mk, const spec *s, gnutls_x509_crt_t crt)
{
	const char *dns = s->dns ? s->dns : "localhost";
	int rc;

	if (s->kind == K_CLIENT || s->kind == K_ROOT || s->kind == K_CA)
		return 0;
	rc = gnutls_x509_crt_set_subject_alt_name(
	    crt, GNUTLS_SAN_DNSNAME, dns, (unsigned)strlen(dns),
	    GNUTLS_FSAN_APPEND);
	if (rc < 0 || s->dns)
		return rc;
	if ((rc = add_ip(crt, "127.0.0.1")) < 0 || (rc = add_ip(crt, "::1")) < 0)
		return rc;
	return mk->extra_ip ? add_ip(crt, mk->extra_ip) : 0;
}

static int set_extensions(maker *mk, const spec *s, gnutls_x509_crt_t crt)
{
	bool ca = s->kind == K_ROOT || s->kind == K_CA;
	unsigned char id[64];
	size_t n = sizeof id;
	int rc;

	/* no pathLenConstraint: the not-a-ca case fails for CA:FALSE, not
	 * for the intermediate's path length */
	rc = gnutls_x509_crt_set_basic_constraints(crt, ca, -1);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_key_usage(
		    crt, ca ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN
			    : GNUTLS_KEY_DIGITAL_SIGNATURE);
	if (rc >= 0 && !ca)
		rc = gnutls_x509_crt_set_key_purpose_oid(
		    crt,
		    s->kind == K_CLIENT ? GNUTLS_KP_TLS_WWW_CLIENT
					: GNUTLS_KP_TLS_WWW_SERVER,
		    0);
	if (rc >= 0)
		rc = set_names(mk, s, crt);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA1, id,
						&n);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_subject_key_id(crt, id, n);
	return rc;
}

static int set_serial(gnutls_x509_crt_t crt)
{
	unsigned char serial[16];

	gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial);
	serial[0] = (serial[0] & 0x7f) | 0x10; /* positive, 16 bytes */
	return gnutls_x509_crt_set_serial(crt, serial, sizeof serial);
}

static bool save_datum(maker *mk, const char *name, const char *ext,
		       const gnutls_datum_t *d, unsigned mode)
{
	char file[256];

	snprintf(file, sizeof file, "%s%s", name, ext);
	return tv_lab_write_file(mk->dir, file, d->data, d->size, mode,
				 mk->err);
}

static bool make_key(maker *mk, const spec *s, made_crt *m)
{
	gnutls_datum_t pem = {NULL, 0};
	int rc;

	rc = gnutls_x509_privkey_init(&m->key);
	if (rc >= 0 && s->rsa_bits)
		rc = gnutls_x509_privkey_generate(m->key, GNUTLS_PK_RSA,
						  s->rsa_bits, 0);
	else if (rc >= 0)
		rc = gnutls_x509_privkey_generate(
		    m->key, GNUTLS_PK_ECDSA,
		    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
	if (rc >= 0)
		rc = gnutls_x509_privkey_export2_pkcs8(
		    m->key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, &pem);
	if (rc < 0)
		return gt_fail(mk, "a key", s->name, rc);
	rc = save_datum(mk, s->name, ".key", &pem, 0600);
	gnutls_free(pem.data);
	return rc;
}

static int sign_with(gnutls_x509_privkey_t key, bool sha1,
		     int (*sign)(void *, gnutls_privkey_t, gnutls_digest_algorithm_t,
				 void *),
		     void *obj, void *arg)
{
	gnutls_privkey_t pk;
	int rc = gnutls_privkey_init(&pk);

	if (rc < 0)
		return rc;
	rc = gnutls_privkey_import_x509(pk, key, 0);
	if (rc >= 0)
		rc = sign(obj, pk, sha1 ? GNUTLS_DIG_SHA1 : GNUTLS_DIG_SHA256,
			  arg);
	gnutls_privkey_deinit(pk);
	return rc;
}

static int sign_crq(void *obj, gnutls_privkey_t pk,
		    gnutls_digest_algorithm_t dig, void *arg)
{
	(void)arg;
	return gnutls_x509_crq_privkey_sign(obj, pk, dig, 0);
}

static int sign_crt(void *obj, gnutls_privkey_t pk,
		    gnutls_digest_algorithm_t dig, void *arg)
{
	return gnutls_x509_crt_privkey_sign(obj, arg, pk, dig, 0);
}

/* The CSR of a certificate that has an issuer: its subject and key,
 * signed with its own key; the certificate takes both from it. */
static bool make_csr(maker *mk, const spec *s, made_crt *m)
{
	gnutls_x509_crq_t crq;
	gnutls_datum_t pem = {NULL, 0};
	char dn[256];
	int rc;

	snprintf(dn, sizeof dn, "CN=%s,O=tlsview lab", s->cn);
	rc = gnutls_x509_crq_init(&crq);
	if (rc < 0)
		return gt_fail(mk, "a CSR", s->name, rc);
	rc = gnutls_x509_crq_set_dn(crq, dn, NULL);
	if (rc >= 0)
		rc = gnutls_x509_crq_set_version(crq, 1);
	if (rc >= 0)
		rc = gnutls_x509_crq_set_key(crq, m->key);
	if (rc >= 0)
		rc = sign_with(m->key, false, sign_crq, crq, NULL);
	if (rc >= 0)
		rc = gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM, &pem);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_crq(m->crt, crq);
	gnutls_x509_crq_deinit(crq);
	if (rc < 0)
		return gt_fail(mk, "a CSR", s->name, rc);
	rc = save_datum(mk, s->name, ".csr", &pem, 0644);
	gnutls_free(pem.data);
	return rc;
}

static bool make_crt(maker *mk, size_t i)
{
	const spec *s = &specs[i];
	made_crt *m = &mk->m[i], *is = m;
	time_t from, to;
	char dn[256];
	int rc;

	if (s->issuer)
		is = &mk->m[spec_index(s->issuer)];
	if (!make_key(mk, s, m))
		return false;
	if ((rc = gnutls_x509_crt_init(&m->crt)) < 0)
		return gt_fail(mk, "a certificate", s->name, rc);
	if (s->issuer && !make_csr(mk, s, m))
		return false;
	snprintf(dn, sizeof dn, "CN=%s,O=tlsview lab", s->cn);
	validity(s, mk->now, &from, &to);
	rc = s->issuer ? 0 : gnutls_x509_crt_set_dn(m->crt, dn, NULL);
	if (rc >= 0 && !s->issuer)
		rc = gnutls_x509_crt_set_key(m->crt, m->key);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_version(m->crt, 3);
	if (rc >= 0)
		rc = set_serial(m->crt);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_activation_time(m->crt, from);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_expiration_time(m->crt, to);
	if (rc >= 0)
		rc = set_extensions(mk, s, m->crt);
	if (rc >= 0 && s->issuer) {
		unsigned char id[64];
		size_t n = sizeof id;

		rc = gnutls_x509_crt_get_subject_key_id(is->crt, id, &n, NULL);
		if (rc >= 0)
			rc = gnutls_x509_crt_set_authority_key_id(m->crt, id, n);
	}
	if (rc >= 0)
		rc = sign_with(is->key, s->sha1, sign_crt, m->crt, is->crt);
	if (rc >= 0)
		rc = gnutls_x509_crt_export2(m->crt, GNUTLS_X509_FMT_PEM,
					     &m->crt_pem);
	if (rc < 0)
		return gt_fail(mk, s->sha1 ? "a SHA-1 signature" : "a certificate",
			       s->name, rc);
	return save_datum(mk, s->name, ".crt", &m->crt_pem, 0644);
}

/* NAME-chain.pem: what a server with this leaf sends, leaf first, up to
 * the root (included only when the spec says so). */
static bool make_chain(maker *mk, size_t i)
{
	const spec *s = &specs[i];
	char name[256];
	tv_buf b;
	bool ok;

	tv_buf_init(&b);
	for (size_t k = i; k < N_SPECS;) {
		if (!specs[k].issuer && k != i && !s->chain_root)
			break;
		tv_buf_add(&b, mk->m[k].crt_pem.data, mk->m[k].crt_pem.size);
		k = specs[k].issuer ? spec_index(specs[k].issuer) : N_SPECS;
	}
	snprintf(name, sizeof name, "%s-chain.pem", s->name);
	ok = tv_lab_write_file(mk->dir, name, b.p, b.len, 0644, mk->err);
	tv_buf_free(&b);
	return ok;
}

/* One CA's CRL, revoking the certificate named revoked (or none). */
static bool make_crl(maker *mk, const char *ca, const char *revoked,
		     tv_buf *all)
{
	made_crt *is = &mk->m[spec_index(ca)];
	gnutls_x509_crl_t crl;
	gnutls_datum_t pem = {NULL, 0};
	unsigned char id[64], num = 1;
	size_t n = sizeof id;
	char name[256];
	int rc;

	if ((rc = gnutls_x509_crl_init(&crl)) < 0)
		return gt_fail(mk, "a CRL", ca, rc);
	rc = gnutls_x509_crl_set_version(crl, 2);
	if (rc >= 0)
		rc = gnutls_x509_crl_set_this_update(crl, mk->now - DAY);
	if (rc >= 0)
		rc = gnutls_x509_crl_set_next_update(crl, mk->now + 365 * DAY);
	if (rc >= 0)
		rc = gnutls_x509_crl_set_number(crl, &num, 1);
	if (rc >= 0)
		rc = gnutls_x509_crt_get_subject_key_id(is->crt, id, &n, NULL);
	if (rc >= 0)
		rc = gnutls_x509_crl_set_authority_key_id(crl, id, n);
	if (rc >= 0 && revoked)
		rc = gnutls_x509_crl_set_crt(
		    crl, mk->m[spec_index(revoked)].crt, mk->now - DAY / 2);
	if (rc >= 0) {
		gnutls_privkey_t pk;

		rc = gnutls_privkey_init(&pk);
		if (rc >= 0)
			rc = gnutls_privkey_import_x509(pk, is->key, 0);
		if (rc >= 0)
			rc = gnutls_x509_crl_privkey_sign(crl, is->crt, pk,
							  GNUTLS_DIG_SHA256, 0);
		gnutls_privkey_deinit(pk);
	}
	if (rc >= 0)
		rc = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &pem);
	gnutls_x509_crl_deinit(crl);
	if (rc < 0)
		return gt_fail(mk, "a CRL", ca, rc);
	snprintf(name, sizeof name, "%s.crl", ca);
	tv_buf_add(all, pem.data, pem.size);
	rc = tv_lab_write_file(mk->dir, name, pem.data, pem.size, 0644,
			       mk->err);
	gnutls_free(pem.data);
	return rc;
}

static void stamp_text(tv_buf *b, const char *extra_ip)
{
	tv_buf_printf(b, "%s\nextra-ip: %s\n", STAMP_VERSION,
		      extra_ip ? extra_ip : "-");
}

static bool make_all(maker *mk)
{
	tv_buf b;
	bool ok = true;

	for (size_t i = 0; ok && i < N_SPECS; i++) {
		ok = make_crt(mk, i);
		if (ok && (specs[i].kind == K_LEAF || specs[i].kind == K_CLIENT))
			ok = make_chain(mk, i);
	}
	tv_buf_init(&b);
	ok = ok && make_crl(mk, "intermediate-ca", revoked_by_intermediate, &b) &&
	     make_crl(mk, "root-ca", NULL, &b) &&
	     tv_lab_write_file(mk->dir, "lab.crl", b.p, b.len, 0644, mk->err);
	tv_buf_reset(&b);
	stamp_text(&b, mk->extra_ip);
	/* the stamp last: a half-made PKI has none and is made again */
	ok = ok && tv_lab_write_file(mk->dir, STAMP_FILE, b.p, b.len, 0644,
				     mk->err);
	tv_buf_free(&b);
	return ok;
}

static void maker_free(maker *mk)
{
	for (size_t i = 0; i < N_SPECS; i++) {
		if (mk->m[i].key)
			gnutls_x509_privkey_deinit(mk->m[i].key);
		if (mk->m[i].crt)
			gnutls_x509_crt_deinit(mk->m[i].crt);
		gnutls_free(mk->m[i].crt_pem.data);
	}
}

/* ---- reusing ---- */

/* Is the certificate file still what its spec wants for 30 days? */
static bool crt_still_good(const char *dir, const spec *s, time_t now)
{
	char file[256];
	gnutls_datum_t d = {NULL, 0};
	gnutls_x509_crt_t crt;
	bool ok = false;

	snprintf(file, sizeof file, "%s.crt", s->name);
	if (!read_file(dir, file, &d))
		return false;
	if (gnutls_x509_crt_init(&crt) >= 0) {
		if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM) >= 0) {
			time_t nb = gnutls_x509_crt_get_activation_time(crt);
			time_t na = gnutls_x509_crt_get_expiration_time(crt);

			if (s->valid == V_FUTURE && s->kind == K_LEAF)
				ok = nb > now + 30 * DAY;
			else if (s->valid == V_EXPIRED)
				ok = na < now;
			else
				ok = nb <= now && na > now + 30 * DAY;
		}
		gnutls_x509_crt_deinit(crt);
	}
	gnutls_free(d.data);
	return ok;
}

static bool crls_still_good(const char *dir, time_t now)
{
	gnutls_datum_t d = {NULL, 0};
	gnutls_x509_crl_t *crls = NULL;
	unsigned n = 0;
	bool ok = false;

	if (!read_file(dir, "lab.crl", &d))
		return false;
	if (gnutls_x509_crl_list_import2(&crls, &n, &d, GNUTLS_X509_FMT_PEM,
					 0) >= 0) {
		ok = n == 2;
		for (unsigned i = 0; i < n; i++) {
			ok = ok && gnutls_x509_crl_get_next_update(crls[i]) >
				       now + 30 * DAY;
			gnutls_x509_crl_deinit(crls[i]);
		}
		gnutls_free(crls);
	}
	gnutls_free(d.data);
	return ok;
}

static bool stamp_matches(const char *dir, const char *extra_ip)
{
	gnutls_datum_t d = {NULL, 0};
	tv_buf want;
	bool ok;

	if (!read_file(dir, STAMP_FILE, &d))
		return false;
	tv_buf_init(&want);
	stamp_text(&want, extra_ip);
	ok = d.size == want.len && !memcmp(d.data, want.p, want.len);
	tv_buf_free(&want);
	gnutls_free(d.data);
	return ok;
}

static bool all_files_readable(const char *dir)
{
	char path[4096];

	for (size_t i = 0; tv_lab_pki_files[i]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, tv_lab_pki_files[i]);
		if (access(path, R_OK) != 0)
			return false;
	}
	return true;
}

static bool reusable(const char *dir, const char *extra_ip, time_t now)
{
	if (!stamp_matches(dir, extra_ip) || !all_files_readable(dir) ||
	    !crls_still_good(dir, now))
		return false;
	for (size_t i = 0; i < N_SPECS; i++)
		if (!crt_still_good(dir, &specs[i], now))
			return false;
	return true;
}

bool tv_lab_pki_ensure(const char *dir, const char *extra_ip, bool *made,
		       tv_error *err)
{
	maker mk;
	bool ok;

	memset(&mk, 0, sizeof mk);
	mk.dir = dir;
	mk.extra_ip = extra_ip;
	mk.now = time(NULL);
	mk.err = err;
	*made = false;
	if (reusable(dir, extra_ip, mk.now))
		return true;
	*made = true;
	{
		char stamp[4096];

		snprintf(stamp, sizeof stamp, "%s/%s", dir, STAMP_FILE);
		unlink(stamp); /* made again: not reusable until complete */
	}
	ok = make_all(&mk);
	maker_free(&mk);
	return ok;
}
