/*
 * The lab's servers: threads of this process.  Each case has its own
 * listening socket (IPv4, and ::1 too when serving loopback); one accept
 * thread polls them all and a stop pipe, and hands each connection to a
 * worker thread of its own that does the GnuTLS handshake with the
 * case's credentials and priorities, says hello and closes.  Workers are
 * bounded (MAX_CONNS at once) and so is every step (IO_TIMEOUT_S), so a
 * client that stalls or floods cannot hold the lab.
 *
 * A worker never closes its socket: whoever joins it does, so a stop
 * that shuts the sockets down never touches a number reused meanwhile.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "lab/lab_int.h"
#include "util/arena.h"

#define MAX_CONNS 64
#define IO_TIMEOUT_S 10
#define MAX_FDS 2 /* per case: IPv4 and ::1 */

typedef struct srv_case {
	const tv_lab_case *c;
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	int fd[MAX_FDS];
	size_t n_fd;
	unsigned port;
} srv_case;

typedef struct worker {
	pthread_t th;
	bool used, done;
	int fd;
	srv_case *sc;
	struct tv_lab_servers *s;
} worker;

struct tv_lab_servers {
	srv_case *cases;
	size_t n;
	int stop[2];
	pthread_t acceptor;
	bool acceptor_started;
	pthread_mutex_t mu;
	worker workers[MAX_CONNS];
};

/* ---- one connection ---- */

static void *serve_one(void *arg)
{
	worker *w = arg;
	const tv_lab_case *c = w->sc->c;
	gnutls_session_t g;
	char hello[160];
	int rc;

	if (gnutls_init(&g, GNUTLS_SERVER | GNUTLS_NO_SIGNAL) >= 0) {
		gnutls_priority_set(g, w->sc->prio);
		gnutls_credentials_set(g, GNUTLS_CRD_CERTIFICATE, w->sc->cred);
		if (c->client_auth) {
			gnutls_certificate_server_set_request(
			    g, GNUTLS_CERT_REQUIRE);
			gnutls_session_set_verify_cert(g, NULL, 0);
		}
		gnutls_transport_set_int(g, w->fd);
		gnutls_handshake_set_timeout(g, IO_TIMEOUT_S * 1000);
		do
			rc = gnutls_handshake(g);
		while (rc < 0 && !gnutls_error_is_fatal(rc));
		if (rc < 0) {
			gnutls_alert_send_appropriate(g, rc);
		} else {
			snprintf(hello, sizeof hello,
				 "hello from the tlsview lab, case %s\n",
				 c->name);
			gnutls_record_send(g, hello, strlen(hello));
			gnutls_bye(g, GNUTLS_SHUT_WR);
		}
		gnutls_deinit(g);
	}
	shutdown(w->fd, SHUT_RDWR);
	pthread_mutex_lock(&w->s->mu);
	w->done = true;
	pthread_mutex_unlock(&w->s->mu);
	return NULL;
}

/* Join the finished workers (all of them with all), close their fds. */
static void reap(tv_lab_servers *s, bool all)
{
	for (size_t i = 0; i < MAX_CONNS; i++) {
		worker *w = &s->workers[i];
		bool done;

		pthread_mutex_lock(&s->mu);
		done = w->used && (w->done || all);
		pthread_mutex_unlock(&s->mu);
		if (!done)
			continue;
		pthread_join(w->th, NULL);
		close(w->fd);
		w->used = w->done = false;
	}
}

static void start_worker(tv_lab_servers *s, srv_case *sc, int fd)
{
	struct timeval tv = {IO_TIMEOUT_S, 0};
	worker *w = NULL;

	for (size_t i = 0; !w && i < MAX_CONNS; i++)
		if (!s->workers[i].used)
			w = &s->workers[i];
	if (!w) { /* full: this client waits for nobody */
		close(fd);
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	w->fd = fd;
	w->sc = sc;
	w->s = s;
	w->done = false;
	if (pthread_create(&w->th, NULL, serve_one, w) != 0) {
		close(fd);
		return;
	}
	w->used = true;
}

/* ---- accepting ---- */

static void *accept_loop(void *arg)
{
	tv_lab_servers *s = arg;
	size_t n = 1;
	struct pollfd *pf = tv_xcalloc(s->n * MAX_FDS + 1, sizeof *pf);
	srv_case **owner = tv_xcalloc(s->n * MAX_FDS + 1, sizeof *owner);

	pf[0] = (struct pollfd){.fd = s->stop[0], .events = POLLIN};
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->cases[i].n_fd; k++) {
			owner[n] = &s->cases[i];
			pf[n++] = (struct pollfd){.fd = s->cases[i].fd[k],
						  .events = POLLIN};
		}
	for (;;) {
		int r = poll(pf, n, 1000); /* a second: reap the finished */

		reap(s, false);
		if (r < 0 && errno != EINTR)
			break;
		if (pf[0].revents)
			break;
		for (size_t i = 1; r > 0 && i < n; i++) {
			int fd;

			if (!(pf[i].revents & POLLIN))
				continue;
			fd = accept4(pf[i].fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd >= 0)
				start_worker(s, owner[i], fd);
			else if (errno == EMFILE || errno == ENFILE)
				poll(NULL, 0, 100); /* no busy loop meanwhile */
		}
	}
	free(pf);
	free(owner);
	return NULL;
}

/* ---- setting up ---- */

/* A listening socket on addr:port; port 0 takes any and says which. */
static int listen_on(const char *addr, unsigned *port, int *err_no)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1, fd, fam;

	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, addr, &((struct sockaddr_in *)&ss)->sin_addr) ==
	    1) {
		fam = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)*port);
		len = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, addr,
			     &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		fam = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)*port);
		len = sizeof(struct sockaddr_in6);
	} else {
		*err_no = EINVAL;
		return -1;
	}
	ss.ss_family = (sa_family_t)fam;
	fd = socket(fam, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		*err_no = errno;
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fam == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		*err_no = errno;
		close(fd);
		return -1;
	}
	*port = ntohs(fam == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
				     : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

static bool open_sockets(const tv_lab *l, srv_case *sc, unsigned port,
			 tv_error *err)
{
	const char *addr = tv_lab_listen_addr(l);
	int e = 0, fd;

	sc->port = port;
	fd = listen_on(addr, &sc->port, &e);
	if (fd < 0) {
		if (e == EADDRINUSE)
			tv_error_set(err, TV_IO,
				     "lab: port %u is in use (case %s on %s); "
				     "give another --port, or --port 0 for "
				     "any free ports",
				     port, sc->c->name, addr);
		else
			tv_error_set(err, TV_IO,
				     "lab: cannot listen on %s port %u (%s); "
				     "check --listen and --port",
				     addr, port, strerror(e));
		return false;
	}
	sc->fd[sc->n_fd++] = fd;
	/* loopback: ::1 as well, on the same port, if the machine has it */
	if (!strcmp(addr, "127.0.0.1")) {
		unsigned p6 = sc->port;

		fd = listen_on("::1", &p6, &e);
		if (fd >= 0)
			sc->fd[sc->n_fd++] = fd;
	}
	return true;
}

static bool load_cred(const tv_lab *l, srv_case *sc, tv_error *err)
{
	char *chain = tv_lab_path(l, sc->c->chain);
	char *key = tv_lab_path(l, sc->c->key);
	char *ca = tv_lab_path(l, "intermediate-ca.crt");
	const char *at = NULL;
	int rc;

	rc = gnutls_certificate_allocate_credentials(&sc->cred);
	if (rc >= 0)
		rc = gnutls_certificate_set_x509_key_file(
		    sc->cred, chain, key, GNUTLS_X509_FMT_PEM);
	if (rc >= 0 && sc->c->client_auth)
		rc = gnutls_certificate_set_x509_trust_file(
		    sc->cred, tv_lab_root_file(l), GNUTLS_X509_FMT_PEM);
	if (rc >= 0 && sc->c->client_auth)
		rc = gnutls_certificate_set_x509_trust_file(sc->cred, ca,
							    GNUTLS_X509_FMT_PEM);
	if (rc < 0)
		tv_error_set(err, TV_IO,
			     "lab: case %s: GnuTLS cannot load %s with %s "
			     "(%s); delete %s to make the lab again",
			     sc->c->name, chain, key, gnutls_strerror(rc),
			     tv_lab_dir(l));
	else if ((rc = gnutls_priority_init(&sc->prio, sc->c->priority, &at)) <
		 0)
		tv_error_set(err, TV_UNSUPPORTED,
			     "lab: case %s: this GnuTLS refuses the priority "
			     "string %s (%s); use a newer GnuTLS",
			     sc->c->name, sc->c->priority, gnutls_strerror(rc));
	free(chain);
	free(key);
	free(ca);
	return rc >= 0;
}

tv_lab_servers *tv_lab_servers_start(const tv_lab *l, tv_error *err)
{
	tv_lab_servers *s = tv_xcalloc(1, sizeof *s);
	const tv_lab_case *cases = tv_lab_cases(&s->n);
	unsigned base = tv_lab_base_port(l);
	bool ok = true;

	pthread_mutex_init(&s->mu, NULL);
	s->stop[0] = s->stop[1] = -1;
	s->cases = tv_xcalloc(s->n, sizeof *s->cases);
	if (base && base + s->n - 1 > 65535) {
		tv_error_set(err, TV_MALFORMED,
			     "lab: --port %u: the %zu cases need ports up to "
			     "%zu; give a lower --port",
			     base, s->n, base + s->n - 1);
		ok = false;
	}
	for (size_t i = 0; ok && i < s->n; i++) {
		s->cases[i].c = &cases[i];
		ok = load_cred(l, &s->cases[i], err) &&
		     open_sockets(l, &s->cases[i], base ? base + (unsigned)i : 0,
				  err);
	}
	if (ok && pipe2(s->stop, O_CLOEXEC) != 0) {
		tv_error_set(err, TV_IO, "lab: cannot make a pipe (%s)",
			     strerror(errno));
		ok = false;
	}
	if (ok && pthread_create(&s->acceptor, NULL, accept_loop, s) != 0) {
		tv_error_set(err, TV_LIMIT, "lab: cannot start a thread");
		ok = false;
	}
	s->acceptor_started = ok;
	if (!ok) {
		tv_lab_servers_stop(s);
		return NULL;
	}
	return s;
}

unsigned tv_lab_servers_port(const tv_lab_servers *s, size_t i)
{
	return i < s->n ? s->cases[i].port : 0;
}

void tv_lab_servers_stop(tv_lab_servers *s)
{
	if (!s)
		return;
	if (s->acceptor_started) {
		while (write(s->stop[1], "x", 1) < 0 && errno == EINTR)
			;
		pthread_join(s->acceptor, NULL);
	}
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < MAX_CONNS; i++)
		if (s->workers[i].used)
			shutdown(s->workers[i].fd, SHUT_RDWR);
	pthread_mutex_unlock(&s->mu);
	reap(s, true);
	for (size_t i = 0; i < s->n; i++) {
		srv_case *sc = &s->cases[i];

		for (size_t k = 0; k < sc->n_fd; k++)
			close(sc->fd[k]);
		if (sc->cred)
			gnutls_certificate_free_credentials(sc->cred);
		if (sc->prio)
			gnutls_priority_deinit(sc->prio);
	}
	if (s->stop[0] >= 0) {
		close(s->stop[0]);
		close(s->stop[1]);
	}
	pthread_mutex_destroy(&s->mu);
	free(s->cases);
	free(s);
}
