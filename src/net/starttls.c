/*
 * The STARTTLS preambles, one small function per protocol and a table
 * of them.  Text protocols are read line by line (each line is a step
 * in the connection's preamble); binary ones (PostgreSQL, LDAP, MySQL)
 * message by message, through the bounded cursor.
 */
#include "net/starttls.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/cursor.h"

#define ST_BUF	    16384 /* an answer larger than this is refused */
#define ST_LINE_MAX 4096

typedef struct st {
	const tv_starttls_proto *proto;
	tv_netio *io;
	tv_conn *conn;
	const char *host;
	tv_error *err;
	uint8_t buf[ST_BUF];
	size_t len; /* received, not yet consumed */
} st;

struct tv_starttls_proto {
	const char *name;
	const char *title;
	uint16_t ports[2];
	bool (*run)(st *x);
};

/* ---- plumbing ------------------------------------------------------------ */

/* Server text for an error message: printable ASCII, cut short. */
static const char *shown(const char *s, char out[96])
{
	size_t i = 0;

	for (; s[i] && i < 80; i++)
		out[i] = s[i] >= ' ' && s[i] < 0x7f ? s[i] : '?';
	if (s[i]) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

static bool st_fail(st *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static bool st_fail(st *x, const char *fmt, ...)
{
	char msg[224];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	tv_error_set(x->err, TV_IO, "%s STARTTLS: %s", x->proto->title, msg);
	return false;
}

static void step(st *x, tv_dir dir, const void *p, size_t n, const char *text)
{
	tv_conn_add_preamble(x->conn, dir, tv_wall_us(), p, n, text);
}

/* More bytes from the server; false (and the error) when none come. */
static bool st_fill(st *x, const char *waiting_for)
{
	ssize_t k;

	if (x->len == sizeof x->buf)
		return st_fail(x, "the answer to %s is longer than %d bytes",
			       waiting_for, ST_BUF);
	k = tv_netio_recv(x->io, x->buf + x->len, sizeof x->buf - x->len);
	if (k <= 0)
		return st_fail(x, "%s while waiting for the answer to %s",
			       tv_netio_why(x->io), waiting_for);
	x->len += (size_t)k;
	return true;
}

static void consume(st *x, size_t n)
{
	memmove(x->buf, x->buf + n, x->len - n);
	x->len -= n;
}

/* One line of the server's (a step), without its CR LF, into line. */
static bool st_line(st *x, char *line, size_t cap, const char *waiting_for)
{
	uint8_t *nl;
	size_t n, k;

	while (!(nl = memchr(x->buf, '\n', x->len))) {
		if (x->len > ST_LINE_MAX)
			return st_fail(x, "a line longer than %d bytes",
				       ST_LINE_MAX);
		if (!st_fill(x, waiting_for))
			return false;
	}
	n = (size_t)(nl - x->buf) + 1;
	k = n - 1 - (n >= 2 && x->buf[n - 2] == '\r');
	if (k >= cap)
		k = cap - 1;
	memcpy(line, x->buf, k);
	line[k] = '\0';
	for (size_t i = 0; i < k; i++)
		if (line[i] == '\0')
			line[i] = ' '; /* a NUL must not cut the text short */
	step(x, TV_DIR_SERVER, x->buf, n, line);
	consume(x, n);
	return true;
}

/* Exactly n bytes of the server's (no step: the caller describes them). */
static bool st_read(st *x, uint8_t *out, size_t n, const char *waiting_for)
{
	while (x->len < n)
		if (!st_fill(x, waiting_for))
			return false;
	memcpy(out, x->buf, n);
	consume(x, n);
	return true;
}

static bool st_send(st *x, const void *p, size_t n, const char *text)
{
	if (!tv_netio_send(x->io, p, n))
		return st_fail(x, "%s while sending %s", tv_netio_why(x->io),
			       text);
	step(x, TV_DIR_CLIENT, p, n, text);
	return true;
}

static bool st_send_line(st *x, const char *line)
{
	char b[512];

	snprintf(b, sizeof b, "%s\r\n", line);
	return st_send(x, b, strlen(b), line);
}

/* The first word after skip bytes equals w (case aside). */
static bool word_is(const char *line, size_t skip, const char *w)
{
	size_t n = strlen(w);

	if (strlen(line) < skip)
		return false;
	line += skip;
	return strncasecmp(line, w, n) == 0 &&
	       (line[n] == '\0' || line[n] == ' ');
}

/* ---- SMTP and FTP: numbered replies -------------------------------------- */

/*
 * One reply, "250-first" ... "250 last" (RFC 5321 4.2, RFC 959 4.2):
 * its code, and whether a line's first word is `word` (a capability).
 */
static bool reply(st *x, int *code, const char *word, bool *has,
		  const char *waiting_for)
{
	char line[ST_LINE_MAX + 1], s[96];
	bool first = true;

	for (;;) {
		if (!st_line(x, line, sizeof line, waiting_for))
			return false;
		bool numbered =
		    strlen(line) >= 3 && isdigit((unsigned char)line[0]) &&
		    isdigit((unsigned char)line[1]) &&
		    isdigit((unsigned char)line[2]) &&
		    (line[3] == '\0' || line[3] == ' ' || line[3] == '-');
		if (first && !numbered)
			return st_fail(x,
				       "expected a numbered reply to %s, got "
				       "'%s'",
				       waiting_for, shown(line, s));
		if (first)
			*code = atoi(line);
		first = false;
		if (word && numbered && word_is(line, 4, word))
			*has = true;
		if (numbered && atoi(line) == *code && line[3] != '-')
			return true;
	}
}

static bool expect_code(st *x, int want, const char *waiting_for)
{
	int code = 0;

	if (!reply(x, &code, NULL, NULL, waiting_for))
		return false;
	if (code != want)
		return st_fail(x, "the server answered %d to %s, not %d", code,
			       waiting_for, want);
	return true;
}

static bool smtp_run(st *x)
{
	bool has = false;
	int code = 0;

	if (!expect_code(x, 220, "the connection (the greeting)") ||
	    !st_send_line(x, "EHLO tlsview.invalid") ||
	    !reply(x, &code, "STARTTLS", &has, "EHLO"))
		return false;
	if (code != 250)
		return st_fail(x, "the server answered %d to EHLO, not 250",
			       code);
	if (!has)
		return st_fail(x, "the server does not offer STARTTLS (not in "
				  "its EHLO answer)");
	return st_send_line(x, "STARTTLS") && expect_code(x, 220, "STARTTLS");
}

static bool ftp_run(st *x)
{
	return expect_code(x, 220, "the connection (the greeting)") &&
	       st_send_line(x, "AUTH TLS") && expect_code(x, 234, "AUTH TLS");
}

/* ---- IMAP and POP3 ------------------------------------------------------- */

/* Lines until the tagged answer; whether it is OK, and whether an
 * untagged CAPABILITY line names STARTTLS. */
static bool imap_tagged(st *x, const char *tag, bool *has, const char *cmd)
{
	char line[ST_LINE_MAX + 1], s[96];
	size_t n = strlen(tag);

	for (;;) {
		if (!st_line(x, line, sizeof line, cmd))
			return false;
		if (has && !strncasecmp(line, "* CAPABILITY ", 13) &&
		    strcasestr(line, " STARTTLS"))
			*has = true;
		if (!strncmp(line, tag, n) && line[n] == ' ') {
			if (word_is(line, n + 1, "OK"))
				return true;
			return st_fail(x, "the server refused %s: '%s'", cmd,
				       shown(line, s));
		}
	}
}

static bool imap_run(st *x)
{
	char line[ST_LINE_MAX + 1], s[96];
	bool has = false;

	if (!st_line(x, line, sizeof line, "the connection (the greeting)"))
		return false;
	if (strncasecmp(line, "* OK", 4) && strncasecmp(line, "* PREAUTH", 9))
		return st_fail(x, "the greeting is '%s', not * OK",
			       shown(line, s));
	if (!st_send_line(x, "a001 CAPABILITY") ||
	    !imap_tagged(x, "a001", &has, "CAPABILITY"))
		return false;
	if (!has)
		return st_fail(x, "the server does not offer STARTTLS (not in "
				  "its CAPABILITY answer)");
	return st_send_line(x, "a002 STARTTLS") &&
	       imap_tagged(x, "a002", NULL, "STARTTLS");
}

static bool pop3_ok(st *x, const char *cmd)
{
	char line[ST_LINE_MAX + 1], s[96];

	if (!st_line(x, line, sizeof line, cmd))
		return false;
	if (!word_is(line, 0, "+OK"))
		return st_fail(x, "the server answered '%s' to %s, not +OK",
			       shown(line, s), cmd);
	return true;
}

static bool pop3_run(st *x)
{
	char line[ST_LINE_MAX + 1];
	bool has = false;

	if (!pop3_ok(x, "the connection (the greeting)") ||
	    !st_send_line(x, "CAPA") || !pop3_ok(x, "CAPA"))
		return false;
	do { /* RFC 2449: capabilities end with a line of one dot */
		if (!st_line(x, line, sizeof line, "CAPA"))
			return false;
		has |= word_is(line, 0, "STLS");
	} while (strcmp(line, "."));
	if (!has)
		return st_fail(x, "the server does not offer STLS (not in its "
				  "CAPA answer)");
	return st_send_line(x, "STLS") && pop3_ok(x, "STLS");
}

/* ---- XMPP (RFC 6120 5.4) ------------------------------------------------- */

/* The end of the first element that starts with one of the starts: the
 * '>' that closes it (a start ending in '>' is a whole tag); 0 when it
 * has not all come yet. */
static size_t xml_find(const st *x, const char *const *starts, size_t n,
		       size_t *which)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(starts[i]);
		const uint8_t *e = memmem(x->buf, x->len, starts[i], k);
		const uint8_t *gt;

		if (!e)
			continue;
		e += k - 1;
		gt = memchr(e, '>', x->len - (size_t)(e - x->buf));
		if (!gt)
			return 0;
		*which = i;
		return (size_t)(gt - x->buf) + 1;
	}
	return 0;
}

/* Server bytes up to the end of the first of the elements (one step). */
static bool xml_until(st *x, const char *const *starts, size_t n_starts,
		      size_t *which, const char *waiting_for)
{
	size_t n;
	char *text;

	while (!(n = xml_find(x, starts, n_starts, which)))
		if (!st_fill(x, waiting_for))
			return false;
	text = tv_xmalloc(n + 1);
	memcpy(text, x->buf, n);
	text[n] = '\0';
	for (size_t k = 0; k < n; k++)
		if (!text[k])
			text[k] = ' ';
	step(x, TV_DIR_SERVER, x->buf, n, text);
	free(text);
	consume(x, n);
	return true;
}

static bool xmpp_run(st *x)
{
	static const char *const features[] = {
	    "</stream:features>", "<stream:features/>", "</stream:error>"};
	static const char *const answer[] = {"<proceed", "<failure",
					     "</stream:error>"};
	static const char tls_req[] =
	    "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
	tv_buf open;
	size_t which;
	bool ok;

	tv_buf_init(&open);
	tv_buf_printf(&open,
		      "<?xml version='1.0'?><stream:stream to='%s' "
		      "version='1.0' xmlns='jabber:client' "
		      "xmlns:stream='http://etherx.jabber.org/streams'>",
		      x->host);
	ok = st_send(x, open.p, open.len, tv_buf_str(&open));
	tv_buf_free(&open);
	if (!ok || !xml_until(x, features, 3, &which, "the stream header"))
		return false;
	if (which == 2)
		return st_fail(x, "the server closed the stream with an error "
				  "(see the preamble)");
	if (!x->conn->preamble_tail->text ||
	    !strstr(x->conn->preamble_tail->text, "<starttls"))
		return st_fail(x, "the server does not offer <starttls/> in "
				  "its stream features");
	if (!st_send(x, tls_req, strlen(tls_req), tls_req) ||
	    !xml_until(x, answer, 3, &which, "<starttls/>"))
		return false;
	if (which != 0)
		return st_fail(x, "the server answered <starttls/> with a "
				  "failure");
	return true;
}

/* ---- PostgreSQL (protocol 3, "SSLRequest") ------------------------------- */

static bool postgres_run(st *x)
{
	static const uint8_t req[8] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
	uint8_t a;

	if (!st_send(x, req, sizeof req,
		     "SSLRequest (code 80877103: the client asks for TLS)") ||
	    !st_read(x, &a, 1, "SSLRequest"))
		return false;
	if (a == 'S') {
		step(x, TV_DIR_SERVER, &a, 1,
		     "S (the server agrees: TLS follows)");
		return true;
	}
	if (a == 'N') {
		step(x, TV_DIR_SERVER, &a, 1, "N (the server does not do TLS)");
		return st_fail(x, "the server answered N: it does not do TLS "
				  "(ssl = off in postgresql.conf)");
	}
	step(x, TV_DIR_SERVER, &a, 1, "an unexpected answer");
	return st_fail(x,
		       "the server answered 0x%02x to SSLRequest, neither S "
		       "nor N (is it PostgreSQL?)",
		       a);
}

/* ---- LDAP (RFC 4511 4.14, StartTLS extended operation) ------------------- */

/* A BER element with tag `tag` and a definite length: its contents. */
static tv_cur ber_element(tv_cur *c, uint8_t tag, const char *what)
{
	uint8_t t = cur_u8(c, what);
	size_t len = cur_u8(c, what);

	if (cur_ok(c) && t != tag)
		cur_fail(c, TV_MALFORMED, "%s: tag 0x%02x, expected 0x%02x",
			 what, t, tag);
	if (len & 0x80) {
		size_t k = len & 0x7f;

		if (k == 0 || k > 3)
			cur_fail(c, TV_MALFORMED, "%s: length of %zu bytes",
				 what, k);
		len = 0;
		for (size_t i = 0; i < k && cur_ok(c); i++)
			len = len << 8 | cur_u8(c, what);
	}
	return cur_sub(c, len, what);
}

static uint32_t ber_uint(tv_cur *v)
{
	uint32_t n = 0;

	while (cur_left(v) && cur_ok(v))
		n = n << 8 | cur_u8(v, "integer");
	return n;
}

static const char *ldap_result_name(uint32_t code)
{
	static const struct {
		uint32_t code;
		const char *name;
	} names[] = {
	    {0, "success"},
	    {1, "operationsError"},
	    {2, "protocolError"},
	    {52, "unavailable"},
	    {53, "unwillingToPerform"},
	    {80, "other"},
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].code == code)
			return names[i].name;
	return "see RFC 4511 4.1.9";
}

/* The LDAPMessage of the answer, whole: tag, length, contents. */
static bool ldap_read(st *x, uint8_t *msg, size_t *n)
{
	size_t len, k = 0;

	if (!st_read(x, msg, 2, "the StartTLS request"))
		return false;
	len = msg[1];
	if (len & 0x80) {
		k = len & 0x7f;
		if (k == 0 || k > 2)
			return st_fail(x, "the answer is not an LDAP message");
		if (!st_read(x, msg + 2, k, "the StartTLS request"))
			return false;
		len = 0;
		for (size_t i = 0; i < k; i++)
			len = len << 8 | msg[2 + i];
	}
	if (msg[0] != 0x30 || 2 + k + len > ST_BUF)
		return st_fail(x, "the answer is not an LDAP message");
	if (!st_read(x, msg + 2 + k, len, "the StartTLS request"))
		return false;
	*n = 2 + k + len;
	return true;
}

static bool ldap_run(st *x)
{
	static const uint8_t req[] = {
	    0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16, '1', '.',
	    '3',  '.',	'6',  '.',  '1',  '.',	'4',  '.',  '1',  '.', '1',
	    '4',  '6',	'6',  '.',  '2',  '0',	'0',  '3',  '7'};
	uint8_t *msg = tv_xmalloc(ST_BUF);
	char text[200], diag[96] = "";
	tv_cur_err cerr;
	tv_cur c, m, r, v;
	uint32_t code = 0;
	size_t n = 0;
	bool ok;

	ok = st_send(x, req, sizeof req,
		     "ExtendedRequest StartTLS (1.3.6.1.4.1.1466.20037)") &&
	     ldap_read(x, msg, &n);
	if (ok) {
		cur_init(&c, msg, n, 0, &cerr);
		m = ber_element(&c, 0x30, "LDAPMessage");
		ber_element(&m, 0x02, "messageID");
		r = ber_element(&m, 0x78, "ExtendedResponse");
		v = ber_element(&r, 0x0a, "resultCode");
		code = ber_uint(&v);
		ber_element(&r, 0x04, "matchedDN");
		v = ber_element(&r, 0x04, "diagnosticMessage");
		if (cur_ok(&v)) {
			size_t k = cur_left(&v) < 80 ? cur_left(&v) : 80;
			char raw[81];

			memcpy(raw, cur_bytes(&v, k, "diagnosticMessage"), k);
			raw[k] = '\0';
			shown(raw, diag);
		}
		if (!cur_ok(&c)) {
			step(x, TV_DIR_SERVER, msg, n, "a malformed answer");
			ok = st_fail(x, "the answer is malformed: %s",
				     cerr.what);
		} else {
			snprintf(text, sizeof text,
				 "ExtendedResponse: %u (%s)%s%s", code,
				 ldap_result_name(code), *diag ? ": " : "",
				 diag);
			step(x, TV_DIR_SERVER, msg, n, text);
			if (code != 0)
				ok = st_fail(x,
					     "the server refused StartTLS: "
					     "%u (%s)%s%s",
					     code, ldap_result_name(code),
					     *diag ? ": " : "", diag);
		}
	}
	free(msg);
	return ok;
}

/* ---- MySQL (client/server protocol, "SSL request") ----------------------- */

#define MYSQL_CLIENT_LONG_PASSWORD     0x00000001u
#define MYSQL_CLIENT_PROTOCOL_41       0x00000200u
#define MYSQL_CLIENT_SSL	       0x00000800u
#define MYSQL_CLIENT_TRANSACTIONS      0x00002000u
#define MYSQL_CLIENT_SECURE_CONNECTION 0x00008000u
#define MYSQL_CLIENT_PLUGIN_AUTH       0x00080000u

static uint32_t le(tv_cur *c, size_t n, const char *what)
{
	const uint8_t *p = cur_bytes(c, n, what);
	uint32_t v = 0;

	for (size_t i = n; p && i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* The server's greeting: TLS supported?  Its text in text. */
static bool mysql_greeting(st *x, const uint8_t *p, size_t n, char *text,
			   size_t cap)
{
	char version[64] = "", s[96];
	tv_cur_err cerr;
	tv_cur c;
	uint32_t caps;
	uint8_t proto;
	size_t k = 0;

	cur_init(&c, p, n, 4, &cerr);
	proto = cur_u8(&c, "protocol version");
	if (cur_ok(&c) && proto == 0xff) { /* ERR_Packet */
		uint32_t code = le(&c, 2, "error code");
		tv_cur rest = cur_rest(&c);
		size_t m = cur_left(&rest) < 80 ? cur_left(&rest) : 80;
		char raw[81];

		memcpy(raw,
		       m ? cur_bytes(&rest, m, "message") : (const uint8_t *)"",
		       m);
		raw[m] = '\0';
		snprintf(text, cap, "error %u: %s", code, shown(raw, s));
		return st_fail(x, "the server refused the connection: %s",
			       text);
	}
	for (uint8_t ch; cur_ok(&c) && (ch = cur_u8(&c, "server version"));)
		if (k < sizeof version - 1)
			version[k++] = ch >= ' ' && ch < 0x7f ? (char)ch : '?';
	le(&c, 4, "connection id");
	cur_skip(&c, 8 + 1, "auth-plugin-data and filler");
	caps = le(&c, 2, "capability flags");
	if (!cur_ok(&c) || proto != 10) {
		snprintf(text, cap, "a malformed greeting");
		return st_fail(x,
			       "the greeting is not MySQL's protocol 10 "
			       "(%s)",
			       cur_ok(&c) ? "another protocol version"
					  : cerr.what);
	}
	snprintf(text, cap, "greeting: protocol 10, server %s, TLS %s", version,
		 caps & MYSQL_CLIENT_SSL ? "supported" : "not supported");
	if (!(caps & MYSQL_CLIENT_SSL))
		return st_fail(x, "the server does not do TLS (no CLIENT_SSL "
				  "in its capabilities)");
	return true;
}

static bool mysql_run(st *x)
{
	uint8_t hdr[4], *payload = NULL, req[4 + 32] = {32, 0, 0, 0};
	char text[160];
	uint32_t caps = MYSQL_CLIENT_LONG_PASSWORD | MYSQL_CLIENT_PROTOCOL_41 |
			MYSQL_CLIENT_SSL | MYSQL_CLIENT_TRANSACTIONS |
			MYSQL_CLIENT_SECURE_CONNECTION |
			MYSQL_CLIENT_PLUGIN_AUTH;
	size_t len;
	bool ok;

	if (!st_read(x, hdr, 4, "the connection (the greeting)"))
		return false;
	len = hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16;
	if (len > ST_BUF - 4)
		return st_fail(x, "a greeting of %zu bytes (is it MySQL?)",
			       len);
	payload = tv_xmalloc(4 + len);
	memcpy(payload, hdr, 4);
	ok = st_read(x, payload + 4, len, "the connection (the greeting)");
	if (ok) {
		ok = mysql_greeting(x, payload + 4, len, text, sizeof text);
		step(x, TV_DIR_SERVER, payload, 4 + len, text);
	}
	free(payload);
	if (!ok)
		return false;
	req[3] = (uint8_t)(hdr[3] + 1); /* the sequence id */
	for (int i = 0; i < 4; i++) {
		req[4 + i] = (uint8_t)(caps >> (8 * i));
		req[8 + i] = (uint8_t)(0x01000000u >> (8 * i)); /* max packet */
	}
	req[12] = 0x21; /* utf8_general_ci */
	return st_send(x, req, sizeof req,
		       "SSLRequest (CLIENT_SSL: the client asks for TLS)");
}

/* ---- the table ----------------------------------------------------------- */

static const tv_starttls_proto protos[] = {
    {"smtp", "SMTP", {25, 587}, smtp_run},
    {"imap", "IMAP", {143, 0}, imap_run},
    {"pop3", "POP3", {110, 0}, pop3_run},
    {"ftp", "FTP", {21, 0}, ftp_run},
    {"xmpp", "XMPP", {5222, 5269}, xmpp_run},
    {"postgres", "PostgreSQL", {5432, 0}, postgres_run},
    {"ldap", "LDAP", {389, 0}, ldap_run},
    {"mysql", "MySQL", {3306, 0}, mysql_run},
};
#define N_PROTOS (sizeof protos / sizeof protos[0])

const tv_starttls_proto *tv_starttls_find(const char *name)
{
	for (size_t i = 0; i < N_PROTOS; i++)
		if (!strcasecmp(protos[i].name, name))
			return &protos[i];
	return NULL;
}

const tv_starttls_proto *tv_starttls_for_port(unsigned port)
{
	for (size_t i = 0; i < N_PROTOS; i++)
		for (size_t k = 0; k < 2; k++)
			if (port && protos[i].ports[k] == port)
				return &protos[i];
	return NULL;
}

const char *tv_starttls_name(const tv_starttls_proto *p)
{
	return p->name;
}

const char *tv_starttls_all_names(void)
{
	return "smtp, imap, pop3, ftp, xmpp, postgres, ldap, mysql";
}

tv_status tv_starttls_run(const tv_starttls_proto *p, tv_netio *io,
			  const char *host, tv_conn *conn, tv_error *err)
{
	st *x = tv_xcalloc(1, sizeof *x);
	bool ok;

	x->proto = p;
	x->io = io;
	x->conn = conn;
	x->host = host;
	x->err = err;
	conn->starttls = p->name;
	ok = p->run(x);
	/* The server must wait for our ClientHello: anything it sent after
	 * agreeing was not TLS (and would have been trusted as if it came
	 * through TLS: CVE-2011-0411). */
	if (ok && x->len)
		tv_conn_note(conn,
			     "the server sent %zu bytes after agreeing to "
			     "STARTTLS, before the TLS handshake: they were "
			     "ignored",
			     x->len);
	free(x);
	return ok ? TV_OK : TV_IO;
}
