/*
 * TCP for the live client: parsing HOST[:PORT], getaddrinfo, a
 * nonblocking connect per address with poll() for the timeout, and
 * deadline-bounded send/recv that tee every byte.
 */
#include "net/connect.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"

int64_t tv_wall_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- HOST[:PORT] --------------------------------------------------------- */

static bool port_valid(const char *p)
{
	size_t n = strlen(p);

	if (n == 0)
		return false;
	if (strspn(p, "0123456789") == n) {
		long v = n <= 5 ? strtol(p, NULL, 10) : 0;

		return v >= 1 && v <= 65535;
	}
	/* a service name as /etc/services spells them */
	return strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789-_.") == n;
}

static bool host_valid(const char *h)
{
	for (const unsigned char *p = (const unsigned char *)h; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '/' || *p == '[' ||
		    *p == ']')
			return false;
	return *h != '\0';
}

bool tv_target_parse(const char *arg, const char *default_port, tv_target *t,
		     tv_error *err)
{
	const char *host = arg, *port = NULL;
	size_t hlen;
	struct in6_addr a6;
	struct in_addr a4;
	bool bracket = arg[0] == '[';

	memset(t, 0, sizeof *t);
	if (bracket) {
		const char *close = strchr(arg, ']');

		if (!close) {
			tv_error_set(err, TV_MALFORMED,
				     "%s: no ']' after the IPv6 address (write "
				     "it as [2001:db8::1]:443)",
				     arg);
			return false;
		}
		host = arg + 1;
		hlen = (size_t)(close - host);
		if (close[1] == ':')
			port = close + 2;
		else if (close[1]) {
			tv_error_set(err, TV_MALFORMED,
				     "%s: expected ':PORT' after ']'", arg);
			return false;
		}
	} else {
		const char *colon = strchr(arg, ':');

		if (colon && strchr(colon + 1, ':')) {
			hlen = strlen(arg); /* a bare IPv6 literal */
		} else if (colon) {
			hlen = (size_t)(colon - arg);
			port = colon + 1;
		} else {
			hlen = strlen(arg);
		}
	}
	if (hlen == 0 || hlen >= sizeof t->host) {
		tv_error_set(err, TV_MALFORMED, "%s: %s host name", arg,
			     hlen ? "an over-long" : "an empty");
		return false;
	}
	memcpy(t->host, host, hlen);
	if (!port)
		port = default_port;
	if (strlen(port) >= sizeof t->port || !port_valid(port) ||
	    !host_valid(t->host)) {
		tv_error_set(err, TV_MALFORMED,
			     "%s: not HOST[:PORT] (a port is a number from 1 "
			     "to 65535 or a service name such as imaps)",
			     arg);
		return false;
	}
	strcpy(t->port, port);
	t->ip_literal = inet_pton(AF_INET6, t->host, &a6) == 1 ||
			inet_pton(AF_INET, t->host, &a4) == 1;
	if (bracket && inet_pton(AF_INET6, t->host, &a6) != 1) {
		tv_error_set(err, TV_MALFORMED,
			     "%s: only IPv6 addresses go in brackets", arg);
		return false;
	}
	return true;
}

unsigned tv_target_port_number(const tv_target *t)
{
	struct servent *s;

	if (strspn(t->port, "0123456789") == strlen(t->port))
		return (unsigned)strtoul(t->port, NULL, 10);
	s = getservbyname(t->port, "tcp");
	return s ? ntohs((uint16_t)s->s_port) : 0;
}

/* ---- addresses ----------------------------------------------------------- */

static void sockaddr_endpoint(const struct sockaddr_storage *ss, tv_endpoint *e)
{
	memset(e, 0, sizeof *e);
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, e->ip, sizeof e->ip);
		e->port = ntohs(s6->sin6_port);
	} else if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, e->ip, sizeof e->ip);
		e->port = ntohs(s4->sin_port);
	}
}

static void endpoint_name(const tv_endpoint *e, char *buf, size_t n)
{
	snprintf(buf, n, strchr(e->ip, ':') ? "[%s]:%u" : "%s:%u", e->ip,
		 (unsigned)e->port);
}

static tv_status resolve_error(const tv_target *t, int rc, tv_error *err)
{
	switch (rc) {
	case EAI_NONAME:
#ifdef EAI_NODATA
	case EAI_NODATA:
#endif
		tv_error_set(err, TV_IO,
			     "cannot resolve %s: no such host (check the name)",
			     t->host);
		break;
	case EAI_AGAIN:
		tv_error_set(err, TV_IO,
			     "cannot resolve %s: the name server did not "
			     "answer (check the network, or try again)",
			     t->host);
		break;
	case EAI_SERVICE:
		tv_error_set(err, TV_IO,
			     "unknown port name '%s' (give a number, or a "
			     "name listed in /etc/services)",
			     t->port);
		break;
	case EAI_SYSTEM:
		tv_error_set(err, TV_IO, "cannot resolve %s: %s", t->host,
			     strerror(errno));
		break;
	default:
		tv_error_set(err, TV_IO, "cannot resolve %s: %s", t->host,
			     gai_strerror(rc));
	}
	return TV_IO;
}

/* Why a connect failed, in words a user can act on. */
static void connect_why(tv_buf *b, int e, int timeout_ms)
{
	switch (e) {
	case ETIMEDOUT:
		tv_buf_printf(b,
			      "no answer within %d.%03d s (a firewall may "
			      "drop the packets, or the host is down)",
			      timeout_ms / 1000, timeout_ms % 1000);
		break;
	case ECONNREFUSED:
		tv_buf_adds(b, "connection refused (nothing listens on that "
			       "port)");
		break;
	case ENETUNREACH:
		tv_buf_adds(b, "network unreachable (no route to it)");
		break;
	case EHOSTUNREACH:
		tv_buf_adds(b, "host unreachable");
		break;
	case EADDRNOTAVAIL:
	case EAFNOSUPPORT:
		tv_buf_adds(b, "address family not available here");
		break;
	default:
		tv_buf_adds(b, strerror(e));
	}
}

/* Wait for ev on fd until the deadline (0: none); 0, or an errno. */
static int wait_fd(int fd, short ev, int64_t deadline_ms)
{
	for (;;) {
		struct pollfd p = {fd, ev, 0};
		int ms = -1, rc;

		if (deadline_ms) {
			int64_t left = deadline_ms - mono_ms();

			if (left <= 0)
				return ETIMEDOUT;
			ms = left > 1000000 ? 1000000 : (int)left;
		}
		rc = poll(&p, 1, ms);
		if (rc > 0)
			return 0;
		if (rc == 0)
			return ETIMEDOUT;
		if (errno != EINTR)
			return errno;
	}
}

/* One address: 0 and a connected socket in io, or an errno. */
static int connect_one(const struct addrinfo *ai, int timeout_ms, tv_netio *io)
{
	int fd, e = 0, one = 1;
	socklen_t len = sizeof e;

	fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0)
		return errno;
	io->syn_us = tv_wall_us();
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		e = errno;
		if (e == EINPROGRESS)
			e = wait_fd(fd, POLLOUT, mono_ms() + timeout_ms);
		if (e == 0 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
			e = errno;
	}
	if (e) {
		close(fd);
		return e;
	}
	io->established_us = tv_wall_us();
	/* one segment per write: the capture then shows our records as
	 * they were written */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	io->fd = fd;
	len = sizeof io->local;
	getsockname(fd, (struct sockaddr *)&io->local, &len);
	memcpy(&io->peer, ai->ai_addr, ai->ai_addrlen);
	sockaddr_endpoint(&io->local, &io->local_ep);
	sockaddr_endpoint(&io->peer, &io->peer_ep);
	endpoint_name(&io->peer_ep, io->peer_name, sizeof io->peer_name);
	return 0;
}

tv_status tv_net_connect(const tv_target *t, int timeout_ms, tv_netio *io,
			 tv_error *err)
{
	struct addrinfo hints, *res = NULL;
	tv_buf why;
	int rc, tried = 0;

	memset(io, 0, sizeof *io);
	io->fd = -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	if (t->ip_literal)
		hints.ai_flags = AI_NUMERICHOST;
	rc = getaddrinfo(t->host, t->port, &hints, &res);
	if (rc != 0)
		return resolve_error(t, rc, err);
	tv_buf_init(&why);
	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		struct sockaddr_storage ss;
		tv_endpoint ep;
		char name[64];
		int e;

		if (ai->ai_addrlen > sizeof ss)
			continue;
		e = connect_one(ai, timeout_ms, io);
		if (e == 0)
			break;
		memset(&ss, 0, sizeof ss);
		memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
		sockaddr_endpoint(&ss, &ep);
		endpoint_name(&ep, name, sizeof name);
		tv_buf_printf(&why, "%s%s: ", tried++ ? "; " : "", name);
		connect_why(&why, e, timeout_ms);
	}
	freeaddrinfo(res);
	if (io->fd < 0) {
		if (tried > 1)
			tv_error_set(
			    err, TV_IO,
			    "cannot connect to any of the %d addresses "
			    "of %s: %s",
			    tried, t->host, tv_buf_str(&why));
		else
			tv_error_set(err, TV_IO, "cannot connect to %s",
				     tv_buf_str(&why));
	}
	tv_buf_free(&why);
	return io->fd < 0 ? TV_IO : TV_OK;
}

/* ---- bytes --------------------------------------------------------------- */

void tv_netio_set_timeout(tv_netio *io, int timeout_ms)
{
	io->deadline_ms = mono_ms() + (timeout_ms > 0 ? timeout_ms : 1);
}

static void tee_bytes(tv_netio *io, int side, const void *p, size_t n)
{
	if (io->tee)
		io->tee(io->tee_arg, side, p, n, tv_wall_us());
}

bool tv_netio_send(tv_netio *io, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t k = send(io->fd, b, n, MSG_NOSIGNAL);
		int e;

		if (k > 0) {
			tee_bytes(io, 0, b, (size_t)k);
			b += k;
			n -= (size_t)k;
			continue;
		}
		e = k < 0 ? errno : EPIPE;
		if (e == EINTR)
			continue;
		if (e == EAGAIN || e == EWOULDBLOCK)
			e = wait_fd(io->fd, POLLOUT, io->deadline_ms);
		if (e) {
			io->timed_out = e == ETIMEDOUT;
			io->err = e;
			return false;
		}
	}
	return true;
}

ssize_t tv_netio_recv(tv_netio *io, void *buf, size_t n)
{
	for (;;) {
		ssize_t k = recv(io->fd, buf, n, 0);
		int e;

		if (k > 0) {
			tee_bytes(io, 1, buf, (size_t)k);
			return k;
		}
		if (k == 0) {
			if (!io->eof)
				tee_bytes(io, 1, NULL, 0);
			io->eof = true;
			return 0;
		}
		e = errno;
		if (e == EINTR)
			continue;
		if (e == EAGAIN || e == EWOULDBLOCK)
			e = wait_fd(io->fd, POLLIN, io->deadline_ms);
		if (e) {
			io->timed_out = e == ETIMEDOUT;
			io->err = e;
			return -1;
		}
	}
}

const char *tv_netio_why(const tv_netio *io)
{
	if (io->timed_out)
		return "no answer before the timeout (--timeout)";
	if (io->err == ECONNRESET)
		return "the server reset the connection";
	if (io->err)
		return strerror(io->err);
	if (io->eof)
		return "the server closed the connection";
	return "the connection failed";
}

void tv_netio_close(tv_netio *io)
{
	if (io->fd < 0)
		return;
	tee_bytes(io, 0, NULL, 0);
	close(io->fd);
	io->fd = -1;
}
