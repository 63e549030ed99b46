/*
 * The lab object: where its PKI lives, what it serves on, and how a
 * client connects to it and judges what it gets (net/session.h options,
 * the trust options with the lab root as the store "lab root").
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "lab/lab_int.h"
#include "util/arena.h"

struct tv_lab {
	char *dir;
	char *listen;  /* the address served */
	char *connect; /* the address clients connect to */
	char *extra_ip; /* in the leaves' names, or NULL */
	unsigned port;
	bool made;
	char *root, *crl, *client_crt, *client_key;
	char root_sha256[65];
	tv_lab_servers *servers;
};

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(tv_xmalloc(n), s, n);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = tv_xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* mkdir -p; the last component 0700 (it will hold keys). */
static bool make_dirs(const char *path, tv_error *err)
{
	char *p = xstrdup(path);
	struct stat st;
	bool ok = true;

	for (char *s = p + 1; ok && *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			ok = false;
		*s = '/';
	}
	if (ok && mkdir(p, 0700) != 0 && errno != EEXIST)
		ok = false;
	if (ok && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
		errno = ENOTDIR;
		ok = false;
	}
	if (!ok)
		tv_error_set(err, TV_IO,
			     "lab: cannot make the directory %s (%s); give "
			     "another --dir",
			     path, strerror(errno));
	free(p);
	return ok;
}

static char *default_dir(tv_error *err)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return join(xdg, "tlsview/lab");
	if (home && home[0] == '/')
		return join(home, ".cache/tlsview/lab");
	tv_error_set(err, TV_IO,
		     "lab: neither XDG_CACHE_HOME nor HOME is set (no default "
		     "directory); give --dir");
	return NULL;
}

static bool is_wildcard(const char *a)
{
	unsigned char b[16];
	static const unsigned char zero[16];

	if (inet_pton(AF_INET, a, b) == 1)
		return !memcmp(b, zero, 4);
	return inet_pton(AF_INET6, a, b) == 1 && !memcmp(b, zero, 16);
}

static bool is_ip(const char *a)
{
	unsigned char b[16];

	return inet_pton(AF_INET, a, b) == 1 || inet_pton(AF_INET6, a, b) == 1;
}

static bool root_fingerprint(tv_lab *l)
{
	gnutls_datum_t d = {NULL, 0};
	gnutls_x509_crt_t crt;
	unsigned char fp[32];
	size_t n = sizeof fp;
	bool ok = false;

	if (gnutls_load_file(l->root, &d) < 0)
		return false;
	if (gnutls_x509_crt_init(&crt) >= 0) {
		ok = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM) >= 0 &&
		     gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp,
						     &n) >= 0 &&
		     n == 32;
		gnutls_x509_crt_deinit(crt);
	}
	for (size_t i = 0; ok && i < n; i++)
		snprintf(l->root_sha256 + 2 * i, 3, "%02x", fp[i]);
	gnutls_free(d.data);
	return ok;
}

tv_lab *tv_lab_open(const tv_lab_opts *o, tv_error *err)
{
	tv_lab *l = tv_xcalloc(1, sizeof *l);

	if (o->listen && !is_ip(o->listen)) {
		tv_error_set(err, TV_MALFORMED,
			     "lab: --listen %s: give an IP address of this "
			     "machine (192.0.2.10, 0.0.0.0)",
			     o->listen);
		free(l);
		return NULL;
	}
	l->dir = o->dir ? xstrdup(o->dir) : default_dir(err);
	if (!l->dir || !make_dirs(l->dir, err)) {
		tv_lab_free(l);
		return NULL;
	}
	l->listen = xstrdup(o->listen ? o->listen : "127.0.0.1");
	l->connect = xstrdup(o->listen && !is_wildcard(o->listen)
				 ? o->listen
				 : "127.0.0.1");
	if (o->listen && !is_wildcard(o->listen) && strcmp(o->listen, "127.0.0.1") &&
	    strcmp(o->listen, "::1"))
		l->extra_ip = xstrdup(o->listen);
	l->port = o->port;
	l->root = join(l->dir, "root-ca.crt");
	l->crl = join(l->dir, "lab.crl");
	l->client_crt = join(l->dir, "client.crt");
	l->client_key = join(l->dir, "client.key");
	if (!tv_lab_pki_ensure(l->dir, l->extra_ip, &l->made, err)) {
		tv_lab_free(l);
		return NULL;
	}
	if (!root_fingerprint(l)) {
		tv_error_set(err, TV_IO,
			     "lab: cannot read %s; delete the directory %s to "
			     "make the lab again",
			     l->root, l->dir);
		tv_lab_free(l);
		return NULL;
	}
	return l;
}

bool tv_lab_serve(tv_lab *l, tv_error *err)
{
	if (l->servers)
		return true;
	l->servers = tv_lab_servers_start(l, err);
	return l->servers != NULL;
}

void tv_lab_free(tv_lab *l)
{
	if (!l)
		return;
	tv_lab_servers_stop(l->servers);
	free(l->dir);
	free(l->listen);
	free(l->connect);
	free(l->extra_ip);
	free(l->root);
	free(l->crl);
	free(l->client_crt);
	free(l->client_key);
	free(l);
}

const char *tv_lab_dir(const tv_lab *l)
{
	return l->dir;
}

bool tv_lab_was_made(const tv_lab *l)
{
	return l->made;
}

const char *tv_lab_root_file(const tv_lab *l)
{
	return l->root;
}

const char *tv_lab_crl_file(const tv_lab *l)
{
	return l->crl;
}

const char *tv_lab_client_cert_file(const tv_lab *l)
{
	return l->client_crt;
}

const char *tv_lab_client_key_file(const tv_lab *l)
{
	return l->client_key;
}

const char *tv_lab_host(const tv_lab *l)
{
	(void)l;
	return "localhost";
}

const char *tv_lab_listen_addr(const tv_lab *l)
{
	return l->listen;
}

const char *tv_lab_connect_addr(const tv_lab *l)
{
	return l->connect;
}

bool tv_lab_addr_is_loopback(const char *addr)
{
	static const uint8_t v6_loop[16] = {[15] = 1};
	static const uint8_t v4_mapped[12] = {[10] = 0xff, [11] = 0xff};
	struct in_addr a4;
	struct in6_addr a6;

	if (!addr)
		return false;
	if (inet_pton(AF_INET, addr, &a4) == 1)
		return ((const uint8_t *)&a4)[0] == 127;
	if (inet_pton(AF_INET6, addr, &a6) != 1)
		return false;
	return !memcmp(a6.s6_addr, v6_loop, 16) ||
	       (!memcmp(a6.s6_addr, v4_mapped, 12) && a6.s6_addr[12] == 127);
}

const char *tv_lab_root_sha256(const tv_lab *l)
{
	return l->root_sha256;
}

char *tv_lab_path(const tv_lab *l, const char *name)
{
	return join(l->dir, name);
}

/* The base port asked for (0: any free ports), for the servers. */
unsigned tv_lab_base_port(const tv_lab *l)
{
	return l->port;
}

unsigned tv_lab_port(const tv_lab *l, size_t i)
{
	return l->servers ? tv_lab_servers_port(l->servers, i) : 0;
}

void tv_lab_session_opts(const tv_lab *l, size_t i, tv_session_opts *so)
{
	memset(so, 0, sizeof *so);
	snprintf(so->target.host, sizeof so->target.host, "%s", l->connect);
	snprintf(so->target.port, sizeof so->target.port, "%u",
		 tv_lab_port(l, i));
	so->target.ip_literal = true;
	so->sni = tv_lab_host(l);
	so->timeout_ms = 10000;
}

void tv_lab_trust_opts(const tv_lab *l, tv_trust_opts *to)
{
	memset(to, 0, sizeof *to);
	to->src = tv_xmalloc(sizeof *to->src);
	to->src[0] = (tv_trust_src){.dir = false, .path = l->root,
				    .name = "lab root"};
	to->n_src = 1;
	to->crls = tv_xmalloc(sizeof *to->crls);
	to->crls[0] = l->crl;
	to->n_crls = 1;
	to->no_system = true;
	to->host = tv_lab_host(l);
}
