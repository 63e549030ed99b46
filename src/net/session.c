/*
 * The live client.  GnuTLS does the handshake over our transport
 * functions, which record each chunk sent or received (the "wire" of the
 * connection: side, time, bytes, and whether it was the STARTTLS
 * preamble or TLS).  The key log callback stores each secret under the
 * client random as it is derived.  When the connection is over the
 * recorded TLS bytes go through tls_decoder with those secrets, exactly
 * as a capture's TCP streams do, and the same recording is framed into
 * the pcapng capture for -w.
 *
 * Decoding after the fact (rather than while GnuTLS reads) means every
 * secret is known before the decoder meets the records it protects,
 * whatever GnuTLS's internal order of reads and key derivations.
 */
#include "net/session.h"

#include <errno.h>
#include <gnutls/gnutls.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tls/decoder.h"
#include "tls/registry.h"

#define LINGER_MS	     1000	/* waiting for the server's close */
#define LINGER_MAX_BYTES     (1u << 20) /* application data read after */
#define HANDSHAKE_MAX_ROUNDS 64

struct tv_session {
	tv_session_opts o;
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	gnutls_datum_t *alpn;
	unsigned n_alpn;
	char *alpn_names;
	const char *sni;
	tv_keylog *kl;
	tv_buf keylog_text;
	gnutls_datum_t resume;
	uint64_t conns;
};

/* One chunk that crossed the socket; n == 0: the side closed. */
typedef struct wire_ev {
	uint8_t side;
	bool tls; /* after the STARTTLS preamble */
	int64_t ts;
	size_t off, n;
} wire_ev;

/* One live connection. */
typedef struct lconn {
	tv_session *s;
	tv_netio io;
	gnutls_session_t g;
	wire_ev *ev;
	size_t n_ev, cap_ev;
	tv_buf bytes;
	bool tls;
	uint64_t tls_rx;   /* bytes received since TLS began */
	uint8_t first[64]; /* the first of them: is the server speaking TLS? */
	size_t n_first;
} lconn;

/* ---- versions and options ------------------------------------------------ */

int tv_session_version_parse(const char *s)
{
	static const char *const prefixes[] = {"TLSv", "TLS ", "TLS", ""};
	static const char *const minors[] = {"1.0", "1.1", "1.2", "1.3"};

	for (size_t i = 0; i < 4; i++) {
		size_t n = strlen(prefixes[i]);

		if (strncasecmp(s, prefixes[i], n))
			continue;
		for (int m = 0; m < 4; m++)
			if (!strcmp(s + n, minors[m]))
				return 0x0301 + m;
	}
	return 0;
}

static char *priority_string(const tv_session_opts *o)
{
	tv_buf b;
	int lo = o->min_version ? o->min_version : 0x0301;
	int hi = o->max_version ? o->max_version : 0x0304;

	tv_buf_init(&b);
	tv_buf_adds(&b, o->priority ? o->priority : "NORMAL");
	if (o->min_version || o->max_version) {
		tv_buf_adds(&b, ":-VERS-ALL");
		for (int v = lo; v <= hi; v++)
			tv_buf_printf(&b, ":+VERS-TLS1.%d", v - 0x0301);
	}
	tv_buf_str(&b);
	return b.p;
}

static bool set_priority(tv_session *s, tv_error *err)
{
	char *str = priority_string(&s->o);
	const char *at = NULL;
	int rc = gnutls_priority_init(&s->prio, str, &at);

	if (rc < 0) {
		tv_error_set(
		    err, TV_MALFORMED,
		    "--priority %s: GnuTLS does not accept it at '%.40s' "
		    "(%s; see gnutls_priority_init(3))",
		    s->o.priority ? s->o.priority : "NORMAL", at ? at : "",
		    gnutls_strerror(rc));
		s->prio = NULL;
	}
	free(str);
	return rc >= 0;
}

/* "h2,http/1.1" into GnuTLS's list (pointing into a copy). */
static bool set_alpn(tv_session *s, tv_error *err)
{
	char *p;

	if (!s->o.alpn)
		return true;
	s->alpn_names = tv_xmalloc(strlen(s->o.alpn) + 1);
	strcpy(s->alpn_names, s->o.alpn);
	for (p = s->alpn_names;;) {
		size_t n = strcspn(p, ",");

		if (n == 0 || n > 255) {
			tv_error_set(
			    err, TV_MALFORMED,
			    "--alpn %s: each protocol name has 1 to 255 "
			    "bytes, separated by commas (h2,http/1.1)",
			    s->o.alpn);
			return false;
		}
		s->alpn =
		    tv_xrealloc(s->alpn, (s->n_alpn + 1) * sizeof *s->alpn);
		s->alpn[s->n_alpn].data = (unsigned char *)p;
		s->alpn[s->n_alpn++].size = (unsigned)n;
		if (!p[n])
			return true;
		p[n] = '\0';
		p += n + 1;
	}
}

static bool set_credentials(tv_session *s, tv_error *err)
{
	int rc;

	gnutls_certificate_allocate_credentials(&s->cred);
	if (!s->o.client_cert)
		return true;
	rc = gnutls_certificate_set_x509_key_file(
	    s->cred, s->o.client_cert, s->o.client_key, GNUTLS_X509_FMT_PEM);
	if (rc < 0)
		rc = gnutls_certificate_set_x509_key_file(
		    s->cred, s->o.client_cert, s->o.client_key,
		    GNUTLS_X509_FMT_DER);
	if (rc < 0)
		tv_error_set(err, TV_IO,
			     "%s, %s: cannot load the client certificate and "
			     "key: %s (give PEM or DER files; the key must be "
			     "the certificate's)",
			     s->o.client_cert, s->o.client_key,
			     gnutls_strerror(rc));
	return rc >= 0;
}

tv_session *tv_session_new(const tv_session_opts *o, tv_error *err)
{
	tv_session *s = tv_xcalloc(1, sizeof *s);

	s->o = *o;
	if (o->no_sni)
		s->sni = NULL;
	else if (o->sni)
		s->sni = o->sni;
	else if (!o->target.ip_literal) /* RFC 6066 3: no IP addresses */
		s->sni = s->o.target.host;
	s->kl = tv_keylog_new();
	tv_buf_init(&s->keylog_text);
	if (!set_priority(s, err) || !set_alpn(s, err) ||
	    !set_credentials(s, err)) {
		tv_session_free(s);
		return NULL;
	}
	return s;
}

void tv_session_free(tv_session *s)
{
	if (!s)
		return;
	if (s->prio)
		gnutls_priority_deinit(s->prio);
	if (s->cred)
		gnutls_certificate_free_credentials(s->cred);
	gnutls_free(s->resume.data);
	free(s->alpn);
	free(s->alpn_names);
	tv_keylog_free(s->kl);
	tv_buf_free(&s->keylog_text);
	free(s);
}

const tv_buf *tv_session_keylog_text(const tv_session *s)
{
	return &s->keylog_text;
}

/* ---- the wire ------------------------------------------------------------ */

static void wire_tee(void *arg, int side, const uint8_t *p, size_t n,
		     int64_t ts)
{
	lconn *l = arg;
	wire_ev *e;

	if (l->n_ev == l->cap_ev) {
		l->cap_ev = l->cap_ev ? 2 * l->cap_ev : 64;
		l->ev = tv_xrealloc(l->ev, l->cap_ev * sizeof *l->ev);
	}
	e = &l->ev[l->n_ev++];
	e->side = (uint8_t)side;
	e->tls = l->tls;
	e->ts = ts;
	e->off = l->bytes.len;
	e->n = n;
	if (n)
		tv_buf_add(&l->bytes, p, n);
	if (side == 1 && l->tls) {
		for (size_t i = 0; i < n && l->n_first < sizeof l->first; i++)
			l->first[l->n_first++] = p[i];
		l->tls_rx += n;
	}
}

/* ---- GnuTLS's transport and key log -------------------------------------- */

static int io_errno(const tv_netio *io)
{
	return io->timed_out ? ETIMEDOUT : io->err ? io->err : EIO;
}

static ssize_t push(gnutls_transport_ptr_t ptr, const void *p, size_t n)
{
	lconn *l = ptr;

	if (!tv_netio_send(&l->io, p, n)) {
		gnutls_transport_set_errno(l->g, io_errno(&l->io));
		return -1;
	}
	return (ssize_t)n;
}

static ssize_t pull(gnutls_transport_ptr_t ptr, void *p, size_t n)
{
	lconn *l = ptr;
	ssize_t k = tv_netio_recv(&l->io, p, n);

	if (k < 0)
		gnutls_transport_set_errno(l->g, io_errno(&l->io));
	return k;
}

/* Is there something to read within ms?  (The deadline itself is
 * enforced by pull.) */
static int pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms)
{
	lconn *l = ptr;
	struct pollfd p = {l->io.fd, POLLIN, 0};
	int rc;

	if (ms == GNUTLS_INDEFINITE_TIMEOUT)
		return 1;
	do
		rc = poll(&p, 1, ms > 1000000 ? 1000000 : (int)ms);
	while (rc < 0 && errno == EINTR);
	return rc;
}

static int keylog_cb(gnutls_session_t g, const char *label,
		     const gnutls_datum_t *secret)
{
	lconn *l = gnutls_session_get_ptr(g);
	tv_session *s = l->s;
	gnutls_datum_t cr, sr;

	gnutls_session_get_random(g, &cr, &sr);
	if (cr.size != 32)
		return 0;
	for (int k = 0; k < TV_SECRET_KINDS; k++)
		if (!strcmp(label, tv_secret_kind_name((tv_secret_kind)k)))
			tv_keylog_add(s->kl, cr.data, (tv_secret_kind)k,
				      secret->data, secret->size);
	tv_buf_adds(&s->keylog_text, label);
	tv_buf_addc(&s->keylog_text, ' ');
	tv_buf_hex(&s->keylog_text, cr.data, cr.size);
	tv_buf_addc(&s->keylog_text, ' ');
	tv_buf_hex(&s->keylog_text, secret->data, secret->size);
	tv_buf_addc(&s->keylog_text, '\n');
	return 0;
}

/* A resumed TLS <= 1.2 session reuses its master secret without deriving
 * it, so the key log callback is not called: log it ourselves. */
static void log_resumed_master(lconn *l)
{
	gnutls_datum_t ms = {NULL, 0};
	gnutls_datum_t cr, sr;
	const uint8_t *have;
	size_t n;

	if (gnutls_protocol_get_version(l->g) == GNUTLS_TLS1_3 ||
	    !gnutls_session_is_resumed(l->g))
		return;
	gnutls_session_get_random(l->g, &cr, &sr);
	if (cr.size != 32 ||
	    tv_keylog_get(l->s->kl, cr.data, TV_SECRET_MASTER, &have, &n))
		return;
	gnutls_session_get_master_secret(l->g, &ms);
	if (ms.size)
		keylog_cb(l->g, "CLIENT_RANDOM", &ms);
}

static void gnutls_setup(lconn *l, bool resume)
{
	tv_session *s = l->s;
	gnutls_session_t g;

	gnutls_init(&g, GNUTLS_CLIENT);
	l->g = g;
	gnutls_priority_set(g, s->prio);
	gnutls_credentials_set(g, GNUTLS_CRD_CERTIFICATE, s->cred);
	if (s->sni)
		gnutls_server_name_set(g, GNUTLS_NAME_DNS, s->sni,
				       strlen(s->sni));
	if (s->n_alpn)
		gnutls_alpn_set_protocols(g, s->alpn, s->n_alpn, 0);
	if (resume && s->resume.size)
		gnutls_session_set_data(g, s->resume.data, s->resume.size);
	gnutls_session_set_ptr(g, l);
	gnutls_session_set_keylog_function(g, keylog_cb);
	gnutls_transport_set_ptr(g, l);
	gnutls_transport_set_push_function(g, push);
	gnutls_transport_set_pull_function(g, pull);
	gnutls_transport_set_pull_timeout_function(g, pull_timeout);
}

/* ---- what went wrong ----------------------------------------------------- */

static const struct {
	uint8_t desc;
	const char *cause;
} alert_causes[] = {
    {40, "the server accepts nothing the ClientHello offers (cipher "
	 "suites, groups, signature algorithms), or it wants a client "
	 "certificate (--client-cert)"},
    {42, "the server did not accept the client certificate"},
    {46, "the server could not check the client certificate"},
    {47, "the server rejected a value in the ClientHello (try --tls1.2 "
	 "or another --priority)"},
    {48, "the server does not trust the issuer of the client certificate"},
    {49, "the server refused access (a client certificate or an allow "
	 "list)"},
    {50, "the server could not parse the ClientHello (try --tls1.2 or "
	 "another --priority)"},
    {70, "the server speaks none of the TLS versions offered (try "
	 "--tls1.2, or --min-version 1.0)"},
    {71, "the server wants stronger cipher suites or keys than those "
	 "offered"},
    {80, "the server failed internally"},
    {86, "the server took the versions offered for a downgrade attack"},
    {109, "the ClientHello lacks an extension the server requires"},
    {112, "the server does not know the name sent as SNI (check --sni)"},
    {116, "the server requires a client certificate (--client-cert and "
	  "--client-key)"},
    {120, "the server supports none of the ALPN protocols offered (check "
	  "--alpn)"},
};

static const char *alert_cause(unsigned desc)
{
	for (size_t i = 0; i < sizeof alert_causes / sizeof alert_causes[0];
	     i++)
		if (alert_causes[i].desc == desc)
			return alert_causes[i].cause;
	return "see RFC 8446 6.2";
}

static bool looks_like_tls(const uint8_t *p, size_t n)
{
	return n == 0 || (p[0] >= 20 && p[0] <= 24 && (n < 2 || p[1] == 3));
}

/* What a plaintext answer is, from its first bytes. */
static const char *plaintext_kind(const uint8_t *p, size_t n)
{
	static const struct {
		const char *start, *what;
	} kinds[] = {
	    {"HTTP/", "an HTTP server"},	{"SSH-", "an SSH server"},
	    {"220", "an SMTP or FTP greeting"}, {"* OK", "an IMAP greeting"},
	    {"+OK", "a POP3 greeting"},		{"<?xml", "XMPP"},
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t k = strlen(kinds[i].start);

		if (n >= k && !memcmp(p, kinds[i].start, k))
			return kinds[i].what;
	}
	return "not TLS";
}

static void starttls_hint(const lconn *l, tv_buf *why)
{
	unsigned port = tv_target_port_number(&l->s->o.target);
	const tv_starttls_proto *p = tv_starttls_for_port(port);

	if (p && !l->s->o.starttls)
		tv_buf_printf(why,
			      " (port %u usually speaks %s with STARTTLS: "
			      "try --starttls %s)",
			      port, tv_starttls_name(p), tv_starttls_name(p));
}

static void not_tls(const lconn *l, tv_buf *why)
{
	char shown[64];
	size_t k = 0;

	for (size_t i = 0; i < l->n_first && k < 48; i++) {
		uint8_t c = l->first[i];

		if (c == '\r' || c == '\n')
			break;
		shown[k++] = c >= ' ' && c < 0x7f ? (char)c : '.';
	}
	shown[k] = '\0';
	tv_buf_printf(why,
		      "the server does not speak TLS here: it answered "
		      "\"%s\" (%s)",
		      shown, plaintext_kind(l->first, l->n_first));
}

/* GnuTLS read only a record header of a plaintext answer: read the rest
 * of its first line, to show it. */
static void read_more(lconn *l)
{
	uint8_t buf[64];

	tv_netio_set_timeout(&l->io, 200);
	while (l->n_first < sizeof l->first &&
	       !memchr(l->first, '\n', l->n_first) &&
	       tv_netio_recv(&l->io, buf, sizeof l->first - l->n_first) > 0)
		;
}

static void explain(const lconn *l, int rc, tv_buf *why)
{
	int secs = l->s->o.timeout_ms / 1000;
	unsigned desc;

	if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		const char *name;

		desc = (unsigned)gnutls_alert_get(l->g);
		name = tls_alert_name(desc);
		tv_buf_printf(why, "the server sent a fatal alert, %s (%u): %s",
			      name ? name : "unknown", desc, alert_cause(desc));
		return;
	}
	if (!looks_like_tls(l->first, l->n_first))
		not_tls(l, why);
	else if (l->io.timed_out)
		tv_buf_printf(why, "%s within %d s (--timeout)",
			      l->tls_rx ? "the handshake stalled: no answer"
					: "no answer to the ClientHello",
			      secs);
	else if (rc == GNUTLS_E_PREMATURE_TERMINATION || l->io.eof)
		tv_buf_adds(
		    why, l->tls_rx ? "the server closed the connection in the "
				     "middle of the handshake"
				   : "the server closed the connection without "
				     "answering the ClientHello");
	else if (l->io.err)
		tv_buf_printf(why,
			      "the connection failed during the handshake: "
			      "%s",
			      strerror(l->io.err));
	else if (rc == GNUTLS_E_UNSUPPORTED_VERSION_PACKET)
		tv_buf_adds(why, "no TLS version in common: the server chose "
				 "one that was not offered (see --min-version, "
				 "--max-version)");
	else if (rc == GNUTLS_E_NO_CIPHER_SUITES ||
		 rc == GNUTLS_E_UNKNOWN_CIPHER_SUITE ||
		 rc == GNUTLS_E_NO_COMMON_KEY_SHARE)
		tv_buf_printf(why, "no cipher suite or group in common (%s)",
			      gnutls_strerror(rc));
	else
		tv_buf_printf(why, "the handshake failed: %s",
			      gnutls_strerror(rc));
	if (rc != GNUTLS_E_FATAL_ALERT_RECEIVED)
		starttls_hint(l, why);
}

/* ---- one connection ------------------------------------------------------ */

static int handshake(lconn *l)
{
	int rc = GNUTLS_E_AGAIN;

	for (int i = 0; i < HANDSHAKE_MAX_ROUNDS && rc < 0; i++) {
		rc = gnutls_handshake(l->g);
		if (rc < 0 && gnutls_error_is_fatal(rc))
			break;
	}
	return rc;
}

/* After the handshake: say goodbye, and read what the server still sends
 * (TLS 1.3 session tickets, its close_notify) until it closes.  A fatal
 * alert then (a TLS 1.3 server refusing the client's certificate) comes
 * back, else 0. */
static int linger(lconn *l)
{
	char *buf = tv_xmalloc(16384);
	size_t total = 0;
	ssize_t k;
	int ms =
	    l->s->o.timeout_ms < LINGER_MS ? l->s->o.timeout_ms : LINGER_MS;

	tv_netio_set_timeout(&l->io, ms);
	gnutls_bye(l->g, GNUTLS_SHUT_WR);
	do
		k = gnutls_record_recv(l->g, buf, 16384);
	while ((k > 0 && (total += (size_t)k) < LINGER_MAX_BYTES) ||
	       k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED);
	free(buf);
	return k == GNUTLS_E_FATAL_ALERT_RECEIVED ? (int)k : 0;
}

static void keep_session(lconn *l)
{
	tv_session *s = l->s;
	gnutls_datum_t d = {NULL, 0};

	if (gnutls_session_get_data2(l->g, &d) < 0)
		return;
	gnutls_free(s->resume.data);
	s->resume = d;
}

/* The recording through the decoder (and into the capture). */
static void decode(lconn *l, tv_conn *c)
{
	tls_decoder *d = tls_decoder_new(c, NULL);
	tv_pcapng_tcp t;
	bool fin[2] = {false, false};
	bool pcap = l->s->o.pcap &&
		    tv_pcapng_tcp_open(l->s->o.pcap, &t, &l->io.local_ep,
				       &l->io.peer_ep, l->io.syn_us,
				       l->io.established_us);

	tls_decoder_set_secrets(d, l->s->kl, NULL);
	for (size_t i = 0; i < l->n_ev; i++) {
		const wire_ev *e = &l->ev[i];
		const uint8_t *p = (const uint8_t *)l->bytes.p + e->off;

		if (e->n == 0) {
			if (fin[e->side])
				continue;
			fin[e->side] = true;
			tls_decoder_close(d, e->side, e->ts);
			if (pcap)
				tv_pcapng_tcp_fin(&t, e->side, e->ts);
			continue;
		}
		if (e->tls)
			tls_decoder_feed(d, e->side, p, e->n, e->ts);
		if (pcap)
			tv_pcapng_tcp_data(&t, e->side, p, e->n, e->ts);
	}
	tls_decoder_finish(d, fin[0] && fin[1]
				  ? "the connection was closed"
				  : "the capture ended while the connection "
				    "was open");
	tls_decoder_free(d);
}

static void link_free(lconn *l)
{
	if (l->g)
		gnutls_deinit(l->g);
	tv_netio_close(&l->io);
	free(l->ev);
	tv_buf_free(&l->bytes);
}

tv_status tv_session_connect(tv_session *s, bool resume, tv_conn **conn,
			     tv_error *err)
{
	lconn l;
	tv_conn *c;
	tv_buf why;
	tv_status st = TV_OK;
	int rc;

	memset(&l, 0, sizeof l);
	l.s = s;
	*conn = NULL;
	tv_buf_init(&l.bytes);
	st = tv_net_connect(&s->o.target, s->o.timeout_ms, &l.io, err);
	if (st != TV_OK)
		return st;
	c = tv_conn_new();
	c->id = ++s->conns;
	c->client = l.io.local_ep;
	c->server = l.io.peer_ep;
	c->start_us = c->end_us = l.io.syn_us;
	l.io.tee = wire_tee;
	l.io.tee_arg = &l;
	tv_netio_set_timeout(&l.io, s->o.timeout_ms);
	if (s->o.starttls)
		st =
		    tv_starttls_run(s->o.starttls, &l.io,
				    s->sni ? s->sni : s->o.target.host, c, err);
	if (st == TV_OK) {
		l.tls = true;
		gnutls_setup(&l, resume);
		rc = handshake(&l);
		if (rc < 0 && !looks_like_tls(l.first, l.n_first))
			read_more(&l);
		if (rc >= 0) {
			log_resumed_master(&l);
			rc = linger(&l);
			keep_session(&l);
		}
		if (rc < 0) {
			tv_buf_init(&why);
			explain(&l, rc, &why);
			tv_error_set(err, TV_IO, "%s", tv_buf_str(&why));
			tv_conn_note(c, "%s", tv_buf_str(&why));
			tv_buf_free(&why);
			st = TV_IO;
		}
	}
	tv_netio_close(&l.io);
	decode(&l, c);
	if (resume && st == TV_OK && !c->resumed)
		tv_conn_note(c, "resumption was offered but the server made a "
				"full handshake (it kept no session for us, "
				"or gave no ticket)");
	link_free(&l);
	*conn = c;
	return st;
}
