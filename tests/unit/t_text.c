/*
 * The --text writer: the exact block for a full and an empty connection,
 * the ladder (directions, time deltas, alerts interleaved by time,
 * decrypted messages in brackets, the compact form when narrow), the
 * --verbose field tree (labels, shortened hex), the width limit, and
 * hostile wire strings that must never reach the terminal raw.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/conn.h"
#include "report/text.h"
#include "tap.h"
#include "utf8_oracle.h"

#define T0 1795389000123456LL /* 2026-11-22T23:10:00.123456Z */

static tv_msg *add_msg(tv_conn *c, tv_dir dir, uint8_t type_id,
		       const char *type, int64_t t)
{
	tv_msg *m = tv_arena_alloc(&c->arena, sizeof *m);

	m->dir = dir;
	m->type_id = type_id;
	m->type = type;
	m->length = 100;
	m->time_us = t;
	m->fields = tvf_object(&c->arena, NULL, NULL, 0, 104);
	tv_conn_add_msg(c, m);
	return m;
}

static const uint8_t bytes48[48] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
    0x0c, 0x0d, 0x0e, 0x0f, 0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5, 0x06, 0x17,
    0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d, 0x8e, 0x9f, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static void client_hello_fields(tv_conn *c, tv_field *root)
{
	tv_arena *a = &c->arena;
	static const uint8_t host[] = "www.referee.test";
	tv_field *cs, *exts, *e;

	tvf_uint(a, root, "legacy_version", 4, 2, 0x0303, "TLS 1.2");
	tvf_hex(a, root, "random", 6, 32, bytes48, 32);
	tvf_hex(a, root, "session_id", 38, 1, NULL, 0);
	tvf_hex(a, root, "long", 0, 48, bytes48, 48);
	cs = tvf_array(a, root, "cipher_suites", 39, 8);
	tvf_uint(a, cs, NULL, 41, 2, 0x1301, "TLS_AES_128_GCM_SHA256");
	tvf_uint(a, cs, NULL, 43, 2, 0x0a0a, "GREASE");
	tvf_uint(a, cs, NULL, 45, 2, 0x9999, NULL);
	exts = tvf_array(a, root, "extensions", 47, 25);
	e = tvf_object(a, exts, NULL, 49, 25);
	tvf_uint(a, e, "type", 49, 2, 0, "server_name");
	tvf_uint(a, e, "length", 51, 2, 21, NULL);
	tvf_string(a, e, "host_name", 58, 16, host, 16);
	tvf_bool(a, root, "sslv2_compatible", 0, 0, false);
}

static void add_certs(tv_conn *c)
{
	static const char *san[] = {"www.referee.test", "127.0.0.1"};
	tv_cert *v = tv_arena_alloc(&c->arena, 2 * sizeof *v);

	v[0].position = 0;
	memset(v[0].sha256, 'a', 64);
	memset(v[0].sha1, 'b', 40);
	v[0].subject = "CN=www.referee.test";
	v[0].issuer = "CN=Referee CA,O=Referee";
	v[0].serial = "01ab";
	v[0].not_before = 1767225600; /* 2026-01-01 */
	v[0].not_after = 1798761600;  /* 2027-01-01 */
	v[0].san = san;
	v[0].n_san = 2;
	v[0].key_algorithm = "EC";
	v[0].key_curve = "secp256r1";
	v[0].key_bits = 256;
	v[0].signature_algorithm = "ECDSA-SHA256";
	v[0].version = 3;
	v[1].position = 1;
	memset(v[1].sha256, 'c', 64);
	memset(v[1].sha1, 'd', 40);
	v[1].error = "Error in DER parsing";
	c->certs.v = v;
	c->certs.n = 2;
}

static tv_conn *full_conn(void)
{
	tv_conn *c = tv_conn_new();
	tv_msg *m;

	c->id = 1;
	strcpy(c->client.ip, "127.0.0.1");
	c->client.port = 56638;
	strcpy(c->server.ip, "::1");
	c->server.port = 31652;
	c->start_us = T0;
	c->end_us = T0 + 5000;
	c->version = 0x0304;
	c->cipher_suite = 0x1302;
	c->sni = tv_conn_bytes(c, (const uint8_t *)"www.referee.test", 16);
	c->alpn_offered = tv_arena_alloc(&c->arena, 2 * sizeof(tv_bytes));
	c->alpn_offered[0] = tv_conn_bytes(c, (const uint8_t *)"h2", 2);
	c->alpn_offered[1] = tv_conn_bytes(c, (const uint8_t *)"http/1.1", 8);
	c->n_alpn_offered = 2;
	c->alpn_selected = tv_conn_bytes(c, (const uint8_t *)"h2", 2);
	m = add_msg(c, TV_DIR_CLIENT, 1, "client_hello", T0 + 100);
	client_hello_fields(c, m->fields);
	m = add_msg(c, TV_DIR_SERVER, 2, "server_hello", T0 + 1500);
	tvf_uint(&c->arena, m->fields, "cipher_suite", 38, 2, 0x1302,
		 "TLS_AES_256_GCM_SHA384");
	m = add_msg(c, TV_DIR_SERVER, 8, "encrypted_extensions", T0 + 1600);
	m->encrypted = true;
	m->error = "encrypted_extensions.extensions: length 9 exceeds "
		   "remaining 2";
	tv_conn_add_alert(c, TV_DIR_SERVER, 2, 42, false, T0 + 2000);
	tv_conn_add_alert(c, TV_DIR_CLIENT, 7, 250, true, T0 + 3000);
	add_certs(c);
	c->ja3 = "771,4865-4866,0-16,29,0";
	c->ja3_hash = "0123456789abcdef0123456789abcdef";
	c->ja4 = "t13d0202h2_1234567890ab_0123456789ab";
	tv_conn_note(c, "no keys for %d encrypted handshake records", 3);
	tv_conn_note(c, "capture ends mid-handshake");
	c->n_notes_dropped = 2;
	c->records[TV_DIR_CLIENT] = 4;
	c->records[TV_DIR_SERVER] = 6;
	c->app_data_bytes[TV_DIR_CLIENT] = 100;
	c->app_data_bytes[TV_DIR_SERVER] = 2000;
	return c;
}

static const char full_expected[] =
    "#1  127.0.0.1:56638 -> [::1]:31652   2026-11-22 23:10:00.123456 UTC\n"
    "    SNI www.referee.test   TLS 1.3   TLS_AES_256_GCM_SHA384\n"
    "    ALPN h2 (offered h2, http/1.1)\n"
    "               client                                server\n"
    "    +0.000100  ClientHello          -------------->\n"
    "    +0.001400                       <--------------  ServerHello\n"
    "    +0.000100                       <--------------  "
    "[EncryptedExtensions] !\n"
    "               ! encrypted_extensions.extensions: length 9 exceeds "
    "remaining 2\n"
    "    +0.000400                       <--------------  "
    "Alert fatal bad_certificate\n"
    "    +0.001000  [Alert level 7 250]  -------------->\n"
    "    [...] was read after decryption\n"
    "    certificates:\n"
    "      0 CN=www.referee.test, issuer CN=Referee CA,O=Referee,\n"
    "        valid until 2027-01-01, SAN www.referee.test, 127.0.0.1,\n"
    "        EC secp256r1 256,\n"
    "        sha256 "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
    "      1 unreadable: Error in DER parsing,\n"
    "        sha256 "
    "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\n"
    "    fingerprints: ja3 0123456789abcdef0123456789abcdef,\n"
    "      ja4 t13d0202h2_1234567890ab_0123456789ab\n"
    "    notes: no keys for 3 encrypted handshake records\n"
    "           capture ends mid-handshake\n"
    "           2 more notes were dropped\n"
    "    records: client 4, server 6   app data bytes: client 100, server "
    "2000\n"
    "\n";

static const char empty_expected[] =
    "#0  :0 -> :0   1970-01-01 00:00:00.000000 UTC\n"
    "    no ServerHello seen\n"
    "    no handshake messages seen\n"
    "\n";

static char *render(const tv_conn *c, bool verbose, int width)
{
	tv_text_opts o = {verbose, width};
	tv_buf b;

	tv_buf_init(&b);
	tv_text_conn(&b, c, &o);
	tv_buf_str(&b);
	return b.p; /* the caller frees */
}

/* Longest line in code points. */
static size_t widest(const char *s)
{
	size_t max = 0, w = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			max = w > max ? w : max;
			w = 0;
		} else if (((unsigned char)*s & 0xc0) != 0x80) {
			w++;
		}
	}
	return w > max ? w : max;
}

static void test_full(void)
{
	tv_conn *c = full_conn();
	char *s = render(c, false, 80);
	tv_buf b;

	is_str(s, full_expected, "full connection: exact block at 80 columns");
	free(s);
	tv_buf_init(&b);
	tv_text_conn(&b, c, NULL);
	is_str(tv_buf_str(&b), full_expected, "NULL options mean 80 columns");
	tv_buf_free(&b);
	s = render(c, false, 0);
	is_str(s, full_expected, "width 0 means 80 columns");
	free(s);
	tv_conn_free(c);

	c = tv_conn_new();
	s = render(c, false, 80);
	is_str(s, empty_expected, "empty connection: exact block");
	free(s);
	tv_conn_free(c);
}

static void test_verbose(void)
{
	tv_conn *c = full_conn();
	char *s = render(c, true, 80);

	ok(strstr(s, "    +0.000100  ClientHello          -------------->\n"
		     "        legacy_version: 771 (TLS 1.2)\n"
		     "        random: 000102030405060708090a0b0c0d0e0fa0b1c2d3"
		     "e4f5061728394a5b6c7d8e9f\n"
		     "        session_id: (0 bytes)\n") != NULL,
	   "verbose: fields below their message, label in parentheses, "
	   "32-byte hex whole");
	ok(strstr(s, "        long: 000102030405060708090a0b0c0d0e0fa0b1c2d3"
		     "e4f506172839... (48 bytes)\n") != NULL,
	   "verbose: hex shortened to fit 80 columns, with an ellipsis "
	   "and the length");
	ok(strstr(s, "        cipher_suites (3):\n"
		     "          - 4865 (TLS_AES_128_GCM_SHA256)\n"
		     "          - 2570 (GREASE)\n"
		     "          - 39321\n") != NULL,
	   "verbose: arrays as a counted list of labelled numbers");
	ok(strstr(s, "        extensions (1):\n"
		     "          - type: 0 (server_name)\n"
		     "            length: 21\n"
		     "            host_name: \"www.referee.test\"\n"
		     "        sslv2_compatible: false\n") != NULL,
	   "verbose: objects in arrays, strings quoted, booleans");
	ok(strstr(s, "<--------------  ServerHello\n"
		     "        cipher_suite: 4866 (TLS_AES_256_GCM_SHA384)\n") !=
	       NULL,
	   "verbose: server message fields");
	ok(strstr(s, "valid from 2026-01-01 until 2027-01-01") != NULL &&
	       strstr(s, "signed with ECDSA-SHA256, serial 01ab") != NULL &&
	       strstr(s, "sha1 bbbb") != NULL,
	   "verbose: certificate validity, signature, serial and sha1");
	ok(strstr(s, "ja3 string 771,4865-4866,0-16,29,0") != NULL,
	   "verbose: the full ja3 string");
	free(s);
	s = render(c, true, 132);
	ok(strstr(s, "        long: 000102030405060708090a0b0c0d0e0fa0b1c2d3"
		     "e4f5061728394a5b6c7d8e9f... (48 bytes)\n") != NULL,
	   "verbose, wide: hex past 32 bytes shows 32 and the length");
	free(s);
	tv_conn_free(c);
}

static void test_ladder_order(void)
{
	tv_conn *c = tv_conn_new();
	char *s;

	c->start_us = T0;
	add_msg(c, TV_DIR_CLIENT, 1, "client_hello", T0);
	add_msg(c, TV_DIR_SERVER, 2, NULL, T0 + 2000000);
	add_msg(c, TV_DIR_SERVER, 99, NULL, T0 + 1999000);
	tv_conn_add_alert(c, TV_DIR_CLIENT, 1, 0, false, T0 + 1000);
	s = render(c, false, 80);
	is_str(s,
	       "#0  :0 -> :0   2026-11-22 23:10:00.123456 UTC\n"
	       "    no ServerHello seen\n"
	       "               client                                          "
	       "server\n"
	       "    +0.000000  ClientHello                 ----------------->\n"
	       "    +0.001000  Alert warning close_notify  ----------------->\n"
	       "    +1.999000                              <-----------------  "
	       "ServerHello\n"
	       "    -0.001000                              <-----------------  "
	       "Handshake type 99\n"
	       "\n",
	       "ladder: alert between messages by time, per-direction order "
	       "kept, deltas (negative when out of order), registry name in "
	       "CamelCase when msg->type is NULL, number when unknown");
	free(s);
	tv_conn_free(c);
}

static void test_hrr_and_compact(void)
{
	tv_conn *c = tv_conn_new();
	char *s;

	c->start_us = T0;
	c->hrr = true;
	c->resumed = true;
	add_msg(c, TV_DIR_SERVER, 2, "hello_retry_request", T0);
	tv_conn_add_alert(c, TV_DIR_CLIENT, 2, 48, true, T0 + 1);
	tv_conn_add_alert(c, TV_DIR_SERVER, 2, 40, false, T0 + 2);
	s = render(c, false, 50);
	is_str(s,
	       "#0  :0 -> :0   2026-11-22 23:10:00.123456 UTC\n"
	       "    resumed   HelloRetryRequest\n"
	       "    no ServerHello seen\n"
	       "               --> client to server,\n"
	       "               <-- server to client\n"
	       "    +0.000000  <--  HelloRetryRequest\n"
	       "    +0.000001  -->  [Alert fatal unknown_ca]\n"
	       "    +0.000001  <--  Alert fatal handshake_failure\n"
	       "    [...] was read after decryption\n"
	       "\n",
	       "narrow: flags, one ladder column with direction arrows, "
	       "within 50 columns");
	free(s);
	tv_conn_free(c);
}

static void test_widths(void)
{
	static const int widths[] = {40, 50, 60, 72, 80, 100, 132};
	tv_conn *c = full_conn();

	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		for (int v = 0; v < 2; v++) {
			char *s = render(c, v, widths[i]);

			ok(widest(s) <= (size_t)widths[i],
			   "%s output fits %d columns (widest %zu)",
			   v ? "verbose" : "plain", widths[i], widest(s));
			free(s);
		}
	}
	tv_conn_free(c);
}

/* ---- hostile strings ---- */

static const uint8_t hostile[] = "\x1b[2J\x00\x9b"
				 "31m"
				 "\xc0\xaf"
				 "\xed\xa0\x80"
				 "\xe2\x80\xae"
				 "\xe2\x80\xa8"
				 "\xe2\x81\xa6"
				 "\xff\\"
				 "\xc2\x85"
				 "\xf4\x90\x80\x80";
#define HOSTILE_LEN (sizeof hostile - 1)

static const char hostile_text[] =
    "\\x1b[2J\\x00\\x9b31m\\xc0\\xaf\\xed\\xa0\\x80\\u{202e}\\u{2028}"
    "\\u{2066}\\xff\\\\\\u{0085}\\xf4\\x90\\x80\\x80";

/* Valid UTF-8; no control except \n, no DEL, no C1, no bidi control,
 * no line/paragraph separator. */
static const char *terminal_unsafe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;

	while (i < n) {
		long cp = u8_decode(p + i, n - i, &k);

		if (cp < 0)
			return "invalid UTF-8";
		if ((cp < 0x20 && cp != '\n') || cp == 0x7f)
			return "C0 control or DEL";
		if (cp >= 0x80 && cp <= 0x9f)
			return "C1 control";
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
		    cp == 0x200f || cp == 0x061c)
			return "bidi control";
		if (cp == 0x2028 || cp == 0x2029)
			return "line/paragraph separator";
		i += k;
	}
	return NULL;
}

static tv_conn *hostile_conn(void)
{
	tv_conn *c = tv_conn_new();
	tv_msg *m;
	tv_cert *ct;
	static const char *san[1];

	c->sni = tv_conn_bytes(c, hostile, HOSTILE_LEN);
	c->alpn_offered = tv_arena_alloc(&c->arena, sizeof(tv_bytes));
	c->alpn_offered[0] = c->sni;
	c->n_alpn_offered = 1;
	c->alpn_selected = c->sni;
	m = add_msg(c, TV_DIR_CLIENT, 1, "client_\x1b[2J\xe2\x80\xae", 0);
	tvf_string(&c->arena, m->fields, "host_name", 0, 0, hostile,
		   HOSTILE_LEN);
	tvf_hex(&c->arena, m->fields, "raw", 0, 0, hostile, HOSTILE_LEN);
	m->error = "bad \x1b]0;title\x07 \xe2\x81\xa7";
	ct = tv_arena_alloc(&c->arena, sizeof *ct);
	ct->subject = "CN=\x1b[2J\xe2\x80\xae";
	ct->issuer = "CN=\xc0\xaf\x9b";
	san[0] = "\xe2\x81\xa9x\x7f";
	ct->san = san;
	ct->n_san = 1;
	ct->key_algorithm = "RSA\x1b[0m";
	memcpy(ct->sha256, "ff", 3);
	c->certs.v = ct;
	c->certs.n = 1;
	c->ja3_hash = "\x1b[5m";
	tv_conn_note(c, "bad name %s", "\x1b[31m\xe2\x80\xa8\xed\xbf\xbf");
	return c;
}

static void test_hostile(void)
{
	tv_conn *c = hostile_conn();
	static const int widths[] = {40, 80, 200};
	tv_buf want;

	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		for (int v = 0; v < 2; v++) {
			char *s = render(c, v, widths[i]);
			const char *why = terminal_unsafe(s);

			ok(why == NULL,
			   "hostile strings, %s, width %d: nothing unsafe "
			   "reaches the terminal (%s)",
			   v ? "verbose" : "plain", widths[i],
			   why ? why : "clean");
			ok(widest(s) <= (size_t)widths[i],
			   "hostile strings, %s, width %d: long escaped "
			   "strings are cut to fit (widest %zu)",
			   v ? "verbose" : "plain", widths[i], widest(s));
			free(s);
		}
	}
	char *s = render(c, true, 400);

	tv_buf_init(&want);
	tv_buf_printf(&want, "SNI %s   ", hostile_text);
	ok(strstr(s, want.p) != NULL, "SNI shown escaped: \\xNN, \\u{NNNN}, "
				      "backslash doubled");
	tv_buf_reset(&want);
	tv_buf_printf(&want, "ALPN %s (offered %s)", hostile_text,
		      hostile_text);
	ok(strstr(s, want.p) != NULL, "ALPN shown escaped");
	tv_buf_reset(&want);
	tv_buf_printf(&want, "host_name: \"%s\"", hostile_text);
	ok(strstr(s, want.p) != NULL, "field string shown escaped");
	ok(strstr(s, "ClientX\\x1b[2J\\u{202e}") == NULL &&
	       strstr(s, "Client\\x1b[2J\\u{202e}") != NULL,
	   "message type name escaped");
	ok(strstr(s, "! bad \\x1b]0;title\\x07 \\u{2067}") != NULL,
	   "message error escaped");
	ok(strstr(s, "0 CN=\\x1b[2J\\u{202e}, issuer CN=\\xc0\\xaf\\x9b") !=
	       NULL,
	   "certificate subject and issuer escaped");
	ok(strstr(s, "SAN \\u{2069}x\\x7f, RSA\\x1b[0m") != NULL,
	   "certificate SAN and key algorithm escaped");
	ok(strstr(s, "notes: bad name \\x1b[31m\\u{2028}\\xed\\xbf\\xbf") !=
	       NULL,
	   "notes escaped");
	ok(strstr(s, "ja3 \\x1b[5m") != NULL, "fingerprints escaped");
	tv_buf_free(&want);
	free(s);
	tv_conn_free(c);
}

int main(void)
{
	test_full();
	test_verbose();
	test_ladder_order();
	test_hrr_and_compact();
	test_widths();
	test_hostile();
	return done_testing();
}
