/*
 * STARTTLS preambles against scripted servers: the server's whole answer
 * is written into a socket pair before the client runs.  Each protocol's
 * real dialogue succeeds and is recorded step by step; every prefix of
 * it (the server closing early) fails with a message and no crash; and
 * refusals and malformed answers say what the server did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/starttls.h"
#include "tap.h"

typedef struct script {
	const char *proto;
	const char *answer;
	size_t len; /* 0: strlen(answer) */
	tv_status want;
	const char *says;      /* in the error (or the last step's text) */
	const char *last_step; /* the last server step's text, when OK */
} script;

#define BIN(s) s, sizeof s - 1

static const char mysql_greeting[] =
    "\x4f\x00\x00\x00" /* length 79, sequence 0 */
    "\x0a"
    "8.0.36-test\0"
    "\x07\x00\x00\x00"
    "abcdefgh\0"
    "\xff\xff" /* capabilities: CLIENT_SSL among them */
    "\x21\x02\x00\x08\x00\x15"
    "\0\0\0\0\0\0\0\0\0\0"
    "ijklmnopqrst\0"
    "mysql_native_password\0";

static const script good[] = {
    {"smtp",
     "220 mx.example.test ESMTP\r\n250-mx.example.test\r\n250-STARTTLS\r\n"
     "250 8BITMIME\r\n220 2.0.0 go ahead\r\n",
     0, TV_OK, NULL, "220 2.0.0 go ahead"},
    {"imap",
     "* OK ready\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na001 OK done\r\n"
     "a002 OK begin\r\n",
     0, TV_OK, NULL, "a002 OK begin"},
    {"pop3", "+OK ready\r\n+OK caps\r\nUSER\r\nSTLS\r\n.\r\n+OK begin\r\n", 0,
     TV_OK, NULL, "+OK begin"},
    {"ftp", "220-hello\r\n220 ready\r\n234 AUTH TLS OK\r\n", 0, TV_OK, NULL,
     "234 AUTH TLS OK"},
    {"xmpp",
     "<?xml version='1.0'?><stream:stream from='x' version='1.0'>"
     "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
     "</stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
     0, TV_OK, NULL, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"},
    {"postgres", "S", 0, TV_OK, NULL, "S (the server agrees: TLS follows)"},
    {"ldap", BIN("\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x00\x04\x00\x04\x00"),
     TV_OK, NULL, "ExtendedResponse: 0 (success)"},
    {"mysql", BIN(mysql_greeting), TV_OK, NULL,
     "greeting: protocol 10, server 8.0.36-test, TLS supported"},
};

static const script bad[] = {
    {"smtp", "554 go away\r\n", 0, TV_IO, "answered 554 to the connection",
     NULL},
    {"smtp", "220 hi\r\n250-mx\r\n250 8BITMIME\r\n", 0, TV_IO,
     "does not offer STARTTLS", NULL},
    {"smtp", "hello there\r\n", 0, TV_IO, "expected a numbered reply", NULL},
    {"imap", "* BYE too busy\r\n", 0, TV_IO, "not * OK", NULL},
    {"imap", "* OK hi\r\na001 OK done\r\n", 0, TV_IO, "does not offer STARTTLS",
     NULL},
    {"imap", "* OK hi\r\n* CAPABILITY STARTTLS\r\na001 OK\r\na002 NO nope\r\n",
     0, TV_IO, "refused STARTTLS", NULL},
    {"pop3", "+OK hi\r\n+OK\r\nUSER\r\n.\r\n", 0, TV_IO, "does not offer STLS",
     NULL},
    {"ftp", "220 hi\r\n530 no TLS here\r\n", 0, TV_IO,
     "answered 530 to AUTH TLS, not 234", NULL},
    {"xmpp", "<stream:stream><stream:error><x/></stream:error>", 0, TV_IO,
     "closed the stream with an error", NULL},
    {"xmpp", "<stream:stream><stream:features/>", 0, TV_IO,
     "does not offer <starttls/>", NULL},
    {"xmpp",
     "<stream:stream><stream:features><starttls/></stream:features>"
     "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
     0, TV_IO, "answered <starttls/> with a failure", NULL},
    {"postgres", "N", 0, TV_IO, "it does not do TLS", NULL},
    {"postgres", "E", 0, TV_IO, "neither S nor N", NULL},
    {"ldap", BIN("\x30\x0c\x02\x01\x01\x78\x07\x0a\x01\x02\x04\x00\x04\x00"),
     TV_IO, "refused StartTLS: 2 (protocolError)", NULL},
    {"ldap", BIN("\x31\x03\x02\x01\x01"), TV_IO, "not an LDAP message", NULL},
    {"ldap", BIN("\x30\x05\x02\x01\x01\x78\x09"), TV_IO, "malformed", NULL},
    {"ldap", BIN("\x30\x85\x01"), TV_IO, "not an LDAP message", NULL},
    {"mysql",
     BIN("\x17\x00\x00\x00\xff\x10\x04"
	 "Too many connections"),
     TV_IO, "refused the connection: error 1040: Too many connections", NULL},
    {"mysql",
     BIN("\x05\x00\x00\x00\x09"
	 "abcd"),
     TV_IO, "not MySQL's protocol 10", NULL},
    {"mysql", BIN("\xff\xff\xff\x00"), TV_IO, "a greeting of", NULL},
};

static size_t script_len(const script *s)
{
	return s->len ? s->len : strlen(s->answer);
}

/* Run proto against the first n bytes of answer, then the server's end
 * of stream (or, with keep_open, silence). */
static tv_status run(const char *proto, const char *answer, size_t n,
		     tv_conn **conn, tv_error *err)
{
	tv_netio io;
	int sv[2];
	tv_status st;

	memset(&io, 0, sizeof io);
	*conn = tv_conn_new();
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return TV_IO;
	if (n && write(sv[1], answer, n) != (ssize_t)n)
		return TV_IO;
	shutdown(sv[1], SHUT_WR);
	io.fd = sv[0];
	strcpy(io.peer_name, "test");
	tv_netio_set_timeout(&io, 2000);
	st = tv_starttls_run(tv_starttls_find(proto), &io, "www.example.test",
			     *conn, err);
	close(sv[0]);
	close(sv[1]);
	return st;
}

static const char *last_server_step(const tv_conn *c)
{
	const char *t = NULL;

	for (const tv_preamble *p = c->preamble; p; p = p->next)
		if (p->dir == TV_DIR_SERVER)
			t = p->text;
	return t;
}

static void check_good(const script *s)
{
	size_t n = script_len(s), fails = 0;
	tv_conn *c;
	tv_error err = {TV_OK, ""};
	tv_status st = run(s->proto, s->answer, n, &c, &err);

	is_int(st, TV_OK, "%s: the real dialogue succeeds (%s)", s->proto,
	       err.msg);
	is_str(c->starttls, s->proto, "%s: the connection names it", s->proto);
	is_str(last_server_step(c), s->last_step,
	       "%s: the server's go-ahead is the last step", s->proto);
	ok(c->preamble && c->preamble->data.n > 0,
	   "%s: the steps keep their bytes", s->proto);
	is_int(c->n_notes, 0, "%s: nothing odd", s->proto);
	tv_conn_free(c);
	for (size_t k = 0; k < n; k++) {
		err.msg[0] = '\0';
		st = run(s->proto, s->answer, k, &c, &err);
		if (st != TV_IO || !strstr(err.msg, "closed the connection"))
			fails++;
		tv_conn_free(c);
	}
	is_int(fails, 0,
	       "%s: each of the %zu prefixes fails: the server closed the "
	       "connection",
	       s->proto, n);
}

int main(void)
{
	tv_conn *c;
	tv_error err;
	char line[5001];

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		check_good(&good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const script *s = &bad[i];

		err.msg[0] = '\0';
		is_int(run(s->proto, s->answer, script_len(s), &c, &err),
		       s->want, "%s refusal %zu fails", s->proto, i);
		ok(strstr(err.msg, s->says) != NULL, "%s refusal %zu: '%s'",
		   s->proto, i, s->says);
		if (!strstr(err.msg, s->says))
			diag("error: %s", err.msg);
		tv_conn_free(c);
	}

	/* bytes after the go-ahead: a note, they are not TLS */
	is_int(run("ftp", "220 hi\r\n234 ok\r\nEXTRA", 21, &c, &err), TV_OK,
	       "ftp: bytes after the go-ahead do not fail it");
	ok(c->notes && strstr(c->notes->text, "sent 5 bytes after agreeing"),
	   "ftp: bytes after the go-ahead are noted");
	tv_conn_free(c);

	/* an endless line */
	memset(line, 'a', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	is_int(run("smtp", line, sizeof line - 1, &c, &err), TV_IO,
	       "smtp: an endless line fails");
	ok(strstr(err.msg, "a line longer than 4096 bytes") != NULL,
	   "smtp: an endless line is named: %s", err.msg);
	tv_conn_free(c);

	ok(tv_starttls_find("SMTP") != NULL,
	   "names are found whatever the case");
	ok(tv_starttls_find("gopher") == NULL, "unknown names are not");
	is_str(tv_starttls_name(tv_starttls_for_port(587)), "smtp",
	       "port 587 is SMTP's");
	is_str(tv_starttls_name(tv_starttls_for_port(5432)), "postgres",
	       "port 5432 is PostgreSQL's");
	ok(tv_starttls_for_port(443) == NULL, "port 443 is no STARTTLS port");
	return done_testing();
}
