/*
 * The guide's table and notes: every entry complete and its placeholders
 * known, a fallback for every kind of message tlsview shows, notes that
 * fit the negotiated parameters (TLS 1.2 never "encrypted from here" at
 * ServerHello, RSA key transport only for an RSA suite, PSK-only
 * resumption without a forward-secrecy claim), optional parts left out
 * when a fact is unknown, and hostile certificate names that reach the
 * note as data but never the terminal or JSON raw.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/conn.h"
#include "report/guide.h"
#include "report/json.h"
#include "report/text.h"
#include "tap.h"

#define T0 1795389000123456LL

static tv_msg *add_msg(tv_conn *c, tv_dir dir, uint8_t type_id,
		       const char *type)
{
	tv_msg *m = tv_arena_alloc(&c->arena, sizeof *m);

	m->dir = dir;
	m->type_id = type_id;
	m->type = type;
	m->length = 10;
	m->time_us = T0 + (int64_t)c->n_msgs * 100;
	m->fields = tvf_object(&c->arena, NULL, NULL, 0, 14);
	tv_conn_add_msg(c, m);
	return m;
}

/* A ServerHello extension list with key_share's group (TLS 1.3). */
static void key_share(tv_conn *c, tv_msg *m, unsigned group, const char *name,
		      const char *key)
{
	tv_arena *a = &c->arena;
	tv_field *exts = tvf_array(a, m->fields, "extensions", 0, 0);
	tv_field *e = tvf_object(a, exts, NULL, 0, 0);
	tv_field *s;

	tvf_uint(a, e, "type_id", 0, 2, 51, "key_share");
	if (!strcmp(key, "selected_group")) {
		tvf_uint(a, e, "selected_group", 0, 2, group, name);
		return;
	}
	s = tvf_object(a, e, "server_share", 0, 0);
	tvf_uint(a, s, "group", 0, 2, group, name);
}

static tv_conn *conn(int version, int suite)
{
	tv_conn *c = tv_conn_new();

	c->id = 1;
	strcpy(c->client.ip, "127.0.0.1");
	strcpy(c->server.ip, "127.0.0.1");
	c->start_us = T0;
	c->version = version;
	c->cipher_suite = suite;
	c->ch.seen = true;
	return c;
}

static char *note_of(const tv_conn *c, const tv_msg *m)
{
	tv_buf b;
	char *s;

	tv_buf_init(&b);
	if (!tv_guide_msg_note(c, m, &b))
		tv_buf_adds(&b, "(none)");
	s = strdup(tv_buf_str(&b));
	tv_buf_free(&b);
	return s;
}

static bool has(const char *s, const char *sub)
{
	return strstr(s, sub) != NULL;
}

static void test_table(void)
{
	static const char *const kinds[] = {
	    "client_hello", "server_hello", "hello_retry_request",
	    "encrypted_extensions", "certificate", "certificate_request",
	    "certificate_verify", "server_key_exchange", "server_hello_done",
	    "client_key_exchange", TV_GUIDE_CCS, "finished",
	    "new_session_ticket", "key_update", "end_of_early_data",
	    "hello_request", TV_GUIDE_ALERT, TV_GUIDE_APP_DATA,
	    TV_GUIDE_NO_KEYS};
	size_t n, bad = 0, unknown = 0, unbalanced = 0, unprefixed = 0;
	const tv_guide_entry *t = tv_guide_table(&n);

	ok(n >= 40, "the table has an entry per kind and variant (%zu)", n);
	for (size_t i = 0; i < n; i++) {
		if (!t[i].key || !*t[i].key || !t[i].term || !*t[i].term ||
		    !t[i].tmpl || !*t[i].tmpl || !t[i].glossary ||
		    strlen(t[i].glossary) < 40) {
			bad++;
			diag("entry %zu (%s) is incomplete", i,
			     t[i].key ? t[i].key : "?");
		}
		for (const char *p = t[i].tmpl; p && *p; p++) {
			const char *e;

			if (*p == '[' &&
			    (!(e = strchr(p, ']')) ||
			     memchr(p + 1, '[', (size_t)(e - p - 1))))
				unbalanced++;
			if (*p != '{')
				continue;
			e = strchr(p, '}');
			if (!e || !tv_guide_placeholder_known(
				      p + 1, (size_t)(e - p - 1))) {
				unknown++;
				diag("entry %zu: unknown placeholder at %.20s",
				     i, p);
			}
		}
		if (t[i].term && t[i].tmpl &&
		    strncmp(t[i].tmpl, t[i].term, strlen(t[i].term))) {
			unprefixed++;
			diag("entry %zu: the note does not start with its term",
			     i);
		}
	}
	is_int((long)bad, 0, "every entry has a key, term, template and "
			     "glossary text");
	is_int((long)unknown, 0, "every placeholder of every template is "
				 "known");
	is_int((long)unbalanced, 0, "optional parts are closed, not nested");
	is_int((long)unprefixed, 0, "every note starts with its term");
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		bool fallback = false;

		for (size_t i = 0; i < n; i++)
			fallback |= !strcmp(t[i].key, kinds[k]) &&
				    t[i].when == 0;
		ok(fallback, "%s has an entry with no condition", kinds[k]);
	}
}

/* TLS 1.2 with RSA key transport (TLS_RSA_WITH_AES_256_CBC_SHA256). */
static void test_tls12_rsa(void)
{
	tv_conn *c = conn(0x0303, 0x003d);
	tv_msg *sh = add_msg(c, TV_DIR_SERVER, 2, "server_hello");
	tv_msg *cke = add_msg(c, TV_DIR_CLIENT, 16, "client_key_exchange");
	tv_msg *fin = add_msg(c, TV_DIR_CLIENT, 20, "finished");
	char *s;

	s = note_of(c, sh);
	ok(has(s, "TLS 1.2") && has(s, "AES-256-CBC with HMAC-SHA256"),
	   "TLS 1.2 RSA ServerHello names the version and cipher: %s", s);
	ok(has(s, "RSA key transport") && has(s, "no forward secrecy"),
	   "RSA ServerHello: key transport, no forward secrecy");
	ok(!has(s, "from here on everything is encrypted"),
	   "a TLS 1.2 ServerHello never says everything is encrypted from "
	   "here");
	ok(has(s, "ChangeCipherSpec"),
	   "a TLS 1.2 ServerHello says encryption starts at ChangeCipherSpec");
	free(s);
	s = note_of(c, cke);
	ok(has(s, "RSA key transport") && !has(s, "ECDHE"),
	   "RSA ClientKeyExchange: the key-transport wording");
	free(s);
	s = note_of(c, fin);
	ok(has(s, "client's first encrypted message") &&
	       has(s, "ChangeCipherSpec"),
	   "TLS 1.2 Finished: the sender's first encrypted message");
	free(s);
	tv_conn_free(c);
}

/* TLS 1.2 ECDHE: the group from ServerKeyExchange, never RSA transport. */
static void test_tls12_ecdhe(void)
{
	tv_conn *c = conn(0x0303, 0xc02f);
	tv_msg *sh = add_msg(c, TV_DIR_SERVER, 2, "server_hello");
	tv_msg *ske = add_msg(c, TV_DIR_SERVER, 12, "server_key_exchange");
	tv_msg *cke;
	char *s;

	tvf_uint(&c->arena, ske->fields, "named_curve", 0, 2, 29, "x25519");
	tvf_uint(&c->arena, ske->fields, "algorithm", 0, 2, 0x0804,
		 "rsa_pss_rsae_sha256");
	cke = add_msg(c, TV_DIR_CLIENT, 16, "client_key_exchange");
	s = note_of(c, sh);
	ok(has(s, "AES-128-GCM") && has(s, "ECDHE") && has(s, "RSA key") &&
	       !has(s, "RSA key transport"),
	   "ECDHE_RSA ServerHello: ECDHE signed with the RSA key: %s", s);
	free(s);
	s = note_of(c, ske);
	ok(has(s, "X25519") && has(s, "RSA-PSS with SHA-256"),
	   "ServerKeyExchange names the group and the signature: %s", s);
	free(s);
	s = note_of(c, cke);
	ok(has(s, "ECDHE") && has(s, "X25519"),
	   "ClientKeyExchange names the group");
	free(s);
	tv_conn_free(c);
}

/* TLS 1.3 with a HelloRetryRequest, a certificate, tickets. */
static void test_tls13(void)
{
	tv_conn *c = conn(0x0304, 0x1301);
	tv_msg *ch1 = add_msg(c, TV_DIR_CLIENT, 1, "client_hello");
	tv_msg *hrr = add_msg(c, TV_DIR_SERVER, 2, "hello_retry_request");
	tv_msg *ch2 = add_msg(c, TV_DIR_CLIENT, 1, "client_hello");
	tv_msg *sh = add_msg(c, TV_DIR_SERVER, 2, "server_hello");
	tv_msg *crt = add_msg(c, TV_DIR_SERVER, 11, "certificate");
	tv_msg *nst = add_msg(c, TV_DIR_SERVER, 4, "new_session_ticket");
	tv_msg *ku = add_msg(c, TV_DIR_CLIENT, 24, "key_update");
	tv_cert *v = tv_arena_alloc(&c->arena, sizeof *v);
	char *s;

	c->hrr = true;
	c->sni = tv_conn_bytes(c, (const uint8_t *)"www.referee.test", 16);
	key_share(c, hrr, 23, "secp256r1", "selected_group");
	key_share(c, sh, 29, "x25519", "server_share");
	tvf_uint(&c->arena, nst->fields, "ticket_lifetime", 0, 4, 7200, NULL);
	tvf_uint(&c->arena, ku->fields, "request_update", 0, 1, 1,
		 "update_requested");
	v->subject = "CN=www.referee.test";
	v->issuer = "CN=Referee Intermediate CA,O=Referee";
	v->key_algorithm = "EC";
	v->key_curve = "secp256r1";
	c->certs.v = v;
	c->certs.n = 1;
	s = note_of(c, ch1);
	ok(has(s, "www.referee.test") && !has(s, "again"),
	   "the first ClientHello names the SNI: %s", s);
	free(s);
	s = note_of(c, hrr);
	ok(has(s, "HelloRetryRequest") && has(s, "P-256") &&
	       has(s, "round trip"),
	   "HelloRetryRequest names the group asked for: %s", s);
	free(s);
	s = note_of(c, ch2);
	ok(has(s, "again") && has(s, "P-256"),
	   "the second ClientHello answers the HelloRetryRequest: %s", s);
	free(s);
	s = note_of(c, sh);
	ok(!strcmp(s, "ServerHello: the server picks TLS 1.3, AES-128-GCM and "
		      "X25519; both sides can now compute the same secret "
		      "without ever sending it, and from here on everything is "
		      "encrypted with a fast symmetric key"),
	   "TLS 1.3 ServerHello, word for word: %s", s);
	free(s);
	s = note_of(c, crt);
	ok(has(s, "Referee Intermediate CA") && has(s, "1 certificate ") &&
	       has(s, "EC P-256") && has(s, "encrypted"),
	   "Certificate names the issuer's CN, the count and the key: %s", s);
	free(s);
	s = note_of(c, nst);
	ok(has(s, "2 hours"), "NewSessionTicket gives the lifetime: %s", s);
	free(s);
	s = note_of(c, ku);
	ok(has(s, "asks the server to update its keys too"),
	   "KeyUpdate says it asked the peer to update: %s", s);
	free(s);
	tv_conn_free(c);
}

/* Resumption with a PSK alone: no forward-secrecy claim, no group. */
static void test_psk_only(void)
{
	tv_conn *c = conn(0x0304, 0x1302);
	tv_msg *sh = add_msg(c, TV_DIR_SERVER, 2, "server_hello");
	char *s;

	c->resumed = true;
	s = note_of(c, sh);
	ok(has(s, "pre-shared key alone") && has(s, "no forward secrecy") &&
	       !has(s, "negotiated group"),
	   "psk_ke resumption: the PSK alone, no forward secrecy: %s", s);
	free(s);
	tv_conn_free(c);
}

/* Unknown facts: the optional parts go, the neutral words stay. */
static void test_unknown(void)
{
	tv_conn *c = conn(-1, -1);
	tv_msg *ch = add_msg(c, TV_DIR_CLIENT, 1, "client_hello");
	tv_msg *crt = add_msg(c, TV_DIR_SERVER, 11, "certificate");
	tv_msg *odd = add_msg(c, TV_DIR_SERVER, 77, NULL);
	tv_buf b;
	char *s;

	s = note_of(c, ch);
	ok(!has(s, " for ") && !has(s, "ALPN") && !has(s, "{"),
	   "no SNI, no ALPN: those parts are left out: %s", s);
	free(s);
	s = note_of(c, crt);
	ok(has(s, "issuer tlsview could not read") && !has(s, "(") &&
	       !has(s, "["),
	   "a Certificate without parsed certificates: %s", s);
	free(s);
	tv_buf_init(&b);
	ok(!tv_guide_msg_note(c, odd, &b) && b.len == 0,
	   "an unassigned handshake type has no note");
	ok(!tv_guide_note(c, 3, &b) && b.len == 0,
	   "a message index past the end has no note");
	ok(tv_guide_note(c, 1, &b) && !strncmp(b.p, "Certificate:", 12),
	   "tv_guide_note by index finds message 1");
	tv_buf_reset(&b);
	ok(!tv_guide_conn_note(c, TV_GUIDE_NO_KEYS, &b) &&
	       !tv_guide_conn_note(c, TV_GUIDE_APP_DATA, &b),
	   "no records, no application data: no extra notes");
	tv_buf_free(&b);
	tv_conn_free(c);
}

static char *alert_note(const tv_conn *c, const tv_alert *a)
{
	tv_buf b;
	char *s;

	tv_buf_init(&b);
	if (!tv_guide_alert_note(c, a, &b))
		tv_buf_adds(&b, "(none)");
	s = strdup(tv_buf_str(&b));
	tv_buf_free(&b);
	return s;
}

static void test_alerts(void)
{
	tv_conn *c = conn(0x0303, 0xc02f);
	tv_alert *a[4];
	char *s;

	a[0] = tv_conn_add_alert(c, TV_DIR_CLIENT, 2, 48, false, T0);
	a[1] = tv_conn_add_alert(c, TV_DIR_SERVER, 1, 0, true, T0);
	a[2] = tv_conn_add_alert(c, TV_DIR_SERVER, 1, 90, true, T0);
	a[3] = tv_conn_add_alert(c, TV_DIR_SERVER, 9, 250, true, T0);
	s = alert_note(c, a[0]);
	ok(has(s, "unknown_ca (fatal)") && has(s, "client aborts") &&
	       has(s, "trusted CA"),
	   "fatal unknown_ca: the client aborts, and why: %s", s);
	free(s);
	s = alert_note(c, a[1]);
	ok(has(s, "close_notify") && has(s, "server says it is done"),
	   "close_notify: a clean end by the server: %s", s);
	free(s);
	s = alert_note(c, a[2]);
	ok(has(s, "user_canceled (warning)"),
	   "a warning alert says its level: %s", s);
	free(s);
	s = alert_note(c, a[3]);
	ok(has(s, "Alert 250 (level 9)") && !has(s, ": the server reports a "
						   "problem:"),
	   "an unassigned alert and level by number, no made-up reason: %s",
	   s);
	free(s);
	tv_conn_free(c);
}

/* A certificate name with ESC and BEL: plain data in the note, escaped
 * in both writers. */
static void test_hostile(void)
{
	tv_conn *c = conn(0x0303, 0xc02f);
	tv_cert *v = tv_arena_alloc(&c->arena, sizeof *v);
	tv_msg *crt;
	tv_buf b;
	char *s;

	v->subject = "CN=evil\x1b[31m.test";
	v->issuer = "CN=Bad\x1b]0;title\x07 CA";
	v->key_algorithm = "RSA";
	v->key_bits = 2048;
	c->certs.v = v;
	c->certs.n = 1;
	c->sni = tv_conn_bytes(c, (const uint8_t *)"a\x1b[2Jb", 6);
	c->client_certs.v = tv_arena_alloc(&c->arena, sizeof *v);
	c->client_certs.v[0].subject = "O=x\\,y,CN=hex\\1bname\\,z,C=SE";
	c->client_certs.n = 1;
	add_msg(c, TV_DIR_CLIENT, 1, "client_hello");
	crt = add_msg(c, TV_DIR_SERVER, 11, "certificate");
	s = note_of(c, crt);
	ok(has(s, "evil\x1b[31m.test") && has(s, "Bad\x1b]0;title\x07 CA"),
	   "the note keeps the names as data (the writers escape)");
	free(s);
	s = note_of(c, add_msg(c, TV_DIR_CLIENT, 11, "certificate"));
	ok(has(s, "(hex\x1bname,z)"),
	   "RFC 4514 escapes in a CN are undone (\\1b, \\,): %s", s);
	free(s);
	tv_buf_init(&b);
	tv_text_conn_explained(&b, c, NULL);
	ok(!memchr(b.p, 0x1b, b.len) && !memchr(b.p, 0x07, b.len),
	   "--text --explain: no ESC or BEL reaches the output");
	ok(has(tv_buf_str(&b), "evil\\x1b[31m.test"),
	   "--text --explain: the ESC is shown escaped");
	tv_buf_reset(&b);
	tv_json_conn_explained(&b, c);
	ok(!memchr(b.p, 0x1b, b.len) && !memchr(b.p, 0x07, b.len) &&
	       has(tv_buf_str(&b), "\"explain\":\"Certificate: "),
	   "--json --explain: the note is there and escaped");
	tv_buf_free(&b);
	tv_conn_free(c);
}

/* Without --explain the writers are unchanged. */
static void test_unchanged(void)
{
	tv_conn *c = conn(0x0304, 0x1301);
	tv_buf a, b;

	add_msg(c, TV_DIR_CLIENT, 1, "client_hello");
	tv_buf_init(&a);
	tv_buf_init(&b);
	tv_text_conn(&a, c, NULL);
	tv_text_conn_explained(&b, c, NULL);
	ok(a.len < b.len && !has(tv_buf_str(&a), "ClientHello: the client") &&
	       has(tv_buf_str(&b), "ClientHello: the client"),
	   "--text without --explain has no notes");
	tv_buf_reset(&a);
	tv_json_conn(&a, c);
	ok(!has(tv_buf_str(&a), "\"explain\""),
	   "--json without --explain has no \"explain\"");
	tv_buf_free(&a);
	tv_buf_free(&b);
	tv_conn_free(c);
}

static void test_when(void)
{
	tv_buf b;

	tv_buf_init(&b);
	tv_guide_when(TV_GW_TLS13 | TV_GW_SERVER, &b);
	is_str(tv_buf_str(&b), "TLS 1.3, server", "conditions in words");
	tv_buf_reset(&b);
	tv_guide_when(0, &b);
	is_str(tv_buf_str(&b), "", "no condition, no words");
	tv_buf_free(&b);
}

int main(void)
{
	test_table();
	test_tls12_rsa();
	test_tls12_ecdhe();
	test_tls13();
	test_psk_only();
	test_unknown();
	test_alerts();
	test_hostile();
	test_unchanged();
	test_when();
	done_testing();
}
