/*
 * The --json writer against spec/json-output.md: the exact line for a
 * full connection and for an empty one (every nullable field null, none
 * omitted), the contract's key order, field-tree label siblings and hex,
 * and hostile wire strings that must still give valid UTF-8 JSON (checked
 * by a strict JSON + UTF-8 validator in this file).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/conn.h"
#include "report/json.h"
#include "util/hex.h"
#include "tap.h"
#include "utf8_oracle.h"

#define FFFD "\xef\xbf\xbd"

/* ---- a strict JSON validator (RFC 8259) that also rejects raw bidi,
 * separator and C1 characters, which our writer promises never to emit ----
 */

typedef struct jv {
	const unsigned char *p, *end;
	int depth;
	char keys[1024]; /* top-level keys, comma-separated, in order */
	const char *why;
} jv;

static bool jv_fail(jv *v, const char *why)
{
	if (!v->why)
		v->why = why;
	return false;
}

static bool raw_forbidden(long cp)
{
	return (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f;
}

static long jv_u4(jv *v)
{
	long u = 0;

	if (v->end - v->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = tv_hex_digit(*v->p++);

		if (h < 0)
			return -1;
		u = u << 4 | h;
	}
	return u;
}

static bool jv_escape(jv *v)
{
	long u;

	if (v->p >= v->end)
		return jv_fail(v, "escape at end");
	if (strchr("\"\\/bfnrt", *v->p) && *v->p) {
		v->p++;
		return true;
	}
	if (*v->p++ != 'u')
		return jv_fail(v, "bad escape");
	u = jv_u4(v);
	if (u < 0)
		return jv_fail(v, "bad \\u");
	if (u >= 0xdc00 && u <= 0xdfff)
		return jv_fail(v, "lone low surrogate");
	if (u >= 0xd800 && u <= 0xdbff) {
		if (v->end - v->p < 2 || v->p[0] != '\\' || v->p[1] != 'u')
			return jv_fail(v, "lone high surrogate");
		v->p += 2;
		u = jv_u4(v);
		if (u < 0xdc00 || u > 0xdfff)
			return jv_fail(v, "high surrogate not followed by low");
	}
	return true;
}

static bool jv_string(jv *v, char *copy, size_t cap)
{
	const unsigned char *start = ++v->p;
	size_t k;

	while (v->p < v->end && *v->p != '"') {
		if (*v->p == '\\') {
			v->p++;
			if (!jv_escape(v))
				return false;
			continue;
		}
		if (*v->p < 0x20)
			return jv_fail(v, "raw control character in string");
		long cp = u8_decode(v->p, (size_t)(v->end - v->p), &k);
		if (cp < 0)
			return jv_fail(v, "invalid UTF-8 in string");
		if (raw_forbidden(cp))
			return jv_fail(v, "raw C1/bidi/separator in string");
		v->p += k;
	}
	if (v->p >= v->end)
		return jv_fail(v, "unterminated string");
	if (copy) {
		size_t n = (size_t)(v->p - start);

		n = n < cap - 1 ? n : cap - 1;
		memcpy(copy, start, n);
		copy[n] = '\0';
	}
	v->p++;
	return true;
}

static bool jv_digits(jv *v)
{
	const unsigned char *s = v->p;

	while (v->p < v->end && *v->p >= '0' && *v->p <= '9')
		v->p++;
	return v->p > s;
}

static bool jv_number(jv *v)
{
	if (*v->p == '-')
		v->p++;
	if (v->p < v->end && *v->p == '0')
		v->p++;
	else if (!jv_digits(v))
		return jv_fail(v, "bad number");
	if (v->p < v->end && *v->p == '.') {
		v->p++;
		if (!jv_digits(v))
			return jv_fail(v, "bad fraction");
	}
	if (v->p < v->end && (*v->p == 'e' || *v->p == 'E')) {
		v->p++;
		if (v->p < v->end && (*v->p == '+' || *v->p == '-'))
			v->p++;
		if (!jv_digits(v))
			return jv_fail(v, "bad exponent");
	}
	return true;
}

static bool jv_value(jv *v);

static bool jv_lit(jv *v, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(v->end - v->p) < n || memcmp(v->p, w, n) != 0)
		return jv_fail(v, "unexpected character");
	v->p += n;
	return true;
}

static bool jv_object(jv *v)
{
	char key[128];

	v->p++;
	if (v->p < v->end && *v->p == '}') {
		v->p++;
		return true;
	}
	for (;;) {
		if (v->p >= v->end || *v->p != '"')
			return jv_fail(v, "object key expected");
		if (!jv_string(v, key, sizeof key))
			return false;
		if (v->depth == 1) {
			if (v->keys[0])
				strncat(v->keys, ",",
					sizeof v->keys - strlen(v->keys) - 1);
			strncat(v->keys, key,
				sizeof v->keys - strlen(v->keys) - 1);
		}
		if (!jv_lit(v, ":") || !jv_value(v))
			return false;
		if (v->p < v->end && *v->p == '}') {
			v->p++;
			return true;
		}
		if (!jv_lit(v, ","))
			return false;
	}
}

static bool jv_array(jv *v)
{
	v->p++;
	if (v->p < v->end && *v->p == ']') {
		v->p++;
		return true;
	}
	for (;;) {
		if (!jv_value(v))
			return false;
		if (v->p < v->end && *v->p == ']') {
			v->p++;
			return true;
		}
		if (!jv_lit(v, ","))
			return false;
	}
}

static bool jv_value(jv *v)
{
	bool r;

	if (v->p >= v->end)
		return jv_fail(v, "value expected");
	if (++v->depth > 64)
		return jv_fail(v, "too deep");
	switch (*v->p) {
	case '{':
		r = jv_object(v);
		break;
	case '[':
		r = jv_array(v);
		break;
	case '"':
		r = jv_string(v, NULL, 0);
		break;
	case 't':
		r = jv_lit(v, "true");
		break;
	case 'f':
		r = jv_lit(v, "false");
		break;
	case 'n':
		r = jv_lit(v, "null");
		break;
	default:
		r = (*v->p == '-' || (*v->p >= '0' && *v->p <= '9')) &&
		    jv_number(v);
		if (!r)
			jv_fail(v, "unexpected character");
	}
	v->depth--;
	return r;
}

/* One JSON value followed by exactly one newline and nothing else. */
static bool json_line_valid(const char *s, size_t n, jv *v)
{
	memset(v, 0, sizeof *v);
	v->p = (const unsigned char *)s;
	v->end = v->p + n;
	if (!jv_value(v))
		return false;
	if (v->end - v->p != 1 || *v->p != '\n')
		return jv_fail(v, "not exactly one line");
	return true;
}

/* ---- building connections by hand ---- */

#define T0 1795389000123456LL /* 2026-11-22T23:10:00.123456Z */

static const char contract_keys[] =
    "id,client,server,start,version,cipher_suite,sni,alpn,resumed,"
    "messages,alerts,certificates,client_certificates,validation,ja3,"
    "ja3_hash,ja4,ja4_r,ja3s,ja3s_hash,notes,end,records,app_data_bytes";

static tv_msg *add_msg(tv_conn *c, tv_dir dir, uint8_t type_id,
		       const char *type, uint32_t len, int64_t t)
{
	tv_msg *m = tv_arena_alloc(&c->arena, sizeof *m);

	m->dir = dir;
	m->type_id = type_id;
	m->type = type;
	m->length = len;
	m->time_us = t;
	m->fields = tvf_object(&c->arena, NULL, NULL, 0, 4 + len);
	tv_conn_add_msg(c, m);
	return m;
}

static const uint8_t random32[32] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
    0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5,
    0x06, 0x17, 0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d, 0x8e, 0x9f};

static void client_hello_fields(tv_conn *c, tv_field *root)
{
	tv_arena *a = &c->arena;
	static const uint8_t host[] = "www.referee.test";
	tv_field *cs, *exts, *e;

	tvf_uint(a, root, "legacy_version", 4, 2, 0x0303, "TLS 1.2");
	tvf_hex(a, root, "random", 6, 32, random32, 32);
	tvf_hex(a, root, "session_id", 38, 1, NULL, 0);
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
	m = add_msg(c, TV_DIR_CLIENT, 1, "client_hello", 508, T0 + 100);
	client_hello_fields(c, m->fields);
	m = add_msg(c, TV_DIR_SERVER, 2, "server_hello", 118, T0 + 1500);
	m->record = 0;
	tvf_uint(&c->arena, m->fields, "cipher_suite", 38, 2, 0x1302,
		 "TLS_AES_256_GCM_SHA384");
	m = add_msg(c, TV_DIR_SERVER, 8, "encrypted_extensions", 9, T0 + 1600);
	m->encrypted = true;
	m->stream_off = 122;
	m->record = 2;
	m->fields = NULL;
	m->error = "encrypted_extensions.extensions: length 9 exceeds "
		   "remaining 2";
	tv_conn_add_alert(c, TV_DIR_SERVER, 2, 42, false, T0 + 2000);
	tv_conn_add_alert(c, TV_DIR_CLIENT, 7, 250, true, T0 + 3000);
	add_certs(c);
	c->ja3 = "771,4865-4866,0-16,29,0";
	c->ja3_hash = "0123456789abcdef0123456789abcdef";
	c->ja4 = "t13d0202h2_1234567890ab_0123456789ab";
	c->ja4_r = "t13d0202h2_1301,1302_0000,0010";
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
    "{\"id\":1,"
    "\"client\":{\"ip\":\"127.0.0.1\",\"port\":56638},"
    "\"server\":{\"ip\":\"::1\",\"port\":31652},"
    "\"start\":\"2026-11-22T23:10:00.123456Z\","
    "\"version\":{\"id\":772,\"name\":\"TLS 1.3\"},"
    "\"cipher_suite\":{\"id\":4866,\"name\":\"TLS_AES_256_GCM_SHA384\"},"
    "\"sni\":\"www.referee.test\","
    "\"alpn\":{\"offered\":[\"h2\",\"http/1.1\"],\"selected\":\"h2\"},"
    "\"resumed\":false,"
    "\"messages\":["
    "{\"dir\":\"client\",\"type\":\"client_hello\",\"type_id\":1,"
    "\"length\":508,\"encrypted\":false,"
    "\"time\":\"2026-11-22T23:10:00.123556Z\","
    "\"fields\":{\"legacy_version\":771,\"legacy_version_name\":\"TLS 1.2\","
    "\"random\":\"000102030405060708090a0b0c0d0e0fa0b1c2d3e4f506172839"
    "4a5b6c7d8e9f\","
    "\"session_id\":\"\","
    "\"cipher_suites\":[4865,2570,39321],"
    "\"cipher_suites_names\":[\"TLS_AES_128_GCM_SHA256\",\"GREASE\",null],"
    "\"extensions\":[{\"type\":0,\"type_name\":\"server_name\","
    "\"length\":21,\"host_name\":\"www.referee.test\"}],"
    "\"sslv2_compatible\":false},"
    "\"offset\":0,\"record\":0},"
    "{\"dir\":\"server\",\"type\":\"server_hello\",\"type_id\":2,"
    "\"length\":118,\"encrypted\":false,"
    "\"time\":\"2026-11-22T23:10:00.124956Z\","
    "\"fields\":{\"cipher_suite\":4866,"
    "\"cipher_suite_name\":\"TLS_AES_256_GCM_SHA384\"},"
    "\"offset\":0,\"record\":0},"
    "{\"dir\":\"server\",\"type\":\"encrypted_extensions\",\"type_id\":8,"
    "\"length\":9,\"encrypted\":true,"
    "\"time\":\"2026-11-22T23:10:00.125056Z\","
    "\"fields\":{},"
    "\"error\":\"encrypted_extensions.extensions: length 9 exceeds "
    "remaining 2\","
    "\"offset\":122,\"record\":2}],"
    "\"alerts\":["
    "{\"dir\":\"server\",\"level\":\"fatal\",\"description\":"
    "\"bad_certificate\",\"id\":42,\"encrypted\":false,"
    "\"time\":\"2026-11-22T23:10:00.125456Z\"},"
    "{\"dir\":\"client\",\"level\":7,\"description\":null,\"id\":250,"
    "\"encrypted\":true,\"time\":\"2026-11-22T23:10:00.126456Z\"}],"
    "\"certificates\":["
    "{\"position\":0,"
    "\"sha256\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaa\","
    "\"subject\":\"CN=www.referee.test\","
    "\"issuer\":\"CN=Referee CA,O=Referee\","
    "\"serial\":\"01ab\","
    "\"not_before\":\"2026-01-01T00:00:00.000000Z\","
    "\"not_after\":\"2027-01-01T00:00:00.000000Z\","
    "\"san\":[\"www.referee.test\",\"127.0.0.1\"],"
    "\"public_key\":{\"algorithm\":\"EC\",\"curve\":\"secp256r1\","
    "\"bits\":256},"
    "\"signature_algorithm\":\"ECDSA-SHA256\","
    "\"is_ca\":false,\"self_signed\":false,"
    "\"sha1\":\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"version\":3},"
    "{\"position\":1,"
    "\"sha256\":\"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
    "cccc\","
    "\"subject\":null,\"issuer\":null,\"serial\":null,"
    "\"not_before\":null,\"not_after\":null,\"san\":[],"
    "\"public_key\":null,\"signature_algorithm\":null,"
    "\"is_ca\":false,\"self_signed\":false,"
    "\"sha1\":\"dddddddddddddddddddddddddddddddddddddddd\",\"version\":null,"
    "\"error\":\"Error in DER parsing\"}],"
    "\"client_certificates\":[],"
    "\"validation\":null,"
    "\"ja3\":\"771,4865-4866,0-16,29,0\","
    "\"ja3_hash\":\"0123456789abcdef0123456789abcdef\","
    "\"ja4\":\"t13d0202h2_1234567890ab_0123456789ab\","
    "\"ja4_r\":\"t13d0202h2_1301,1302_0000,0010\","
    "\"ja3s\":null,\"ja3s_hash\":null,"
    "\"notes\":[\"no keys for 3 encrypted handshake records\","
    "\"capture ends mid-handshake\",\"2 more notes were dropped\"],"
    "\"end\":\"2026-11-22T23:10:00.128456Z\","
    "\"records\":{\"client\":4,\"server\":6},"
    "\"app_data_bytes\":{\"client\":100,\"server\":2000}}\n";

static const char empty_expected[] =
    "{\"id\":0,\"client\":{\"ip\":\"\",\"port\":0},"
    "\"server\":{\"ip\":\"\",\"port\":0},"
    "\"start\":\"1970-01-01T00:00:00.000000Z\","
    "\"version\":null,\"cipher_suite\":null,\"sni\":null,"
    "\"alpn\":{\"offered\":[],\"selected\":null},\"resumed\":false,"
    "\"messages\":[],\"alerts\":[],\"certificates\":[],"
    "\"client_certificates\":[],\"validation\":null,"
    "\"ja3\":null,\"ja3_hash\":null,\"ja4\":null,\"ja4_r\":null,"
    "\"ja3s\":null,\"ja3s_hash\":null,\"notes\":[],"
    "\"end\":\"1970-01-01T00:00:00.000000Z\","
    "\"records\":{\"client\":0,\"server\":0},"
    "\"app_data_bytes\":{\"client\":0,\"server\":0}}\n";

static void check_line(const tv_buf *b, const char *what)
{
	jv v;

	if (!ok(json_line_valid(b->p, b->len, &v), "%s: one valid JSON line",
		what))
		diag("invalid: %s at byte %ld", v.why ? v.why : "?",
		     (long)(v.p - (const unsigned char *)b->p));
	is_str(v.keys, contract_keys, "%s: top-level keys in contract order",
	       what);
}

static void test_full(void)
{
	tv_conn *c = full_conn();
	tv_buf b;

	tv_buf_init(&b);
	tv_json_conn(&b, c);
	is_str(tv_buf_str(&b), full_expected,
	       "full connection: exact JSON line");
	check_line(&b, "full connection");
	tv_buf_free(&b);
	tv_conn_free(c);
}

static void test_empty(void)
{
	tv_conn *c = tv_conn_new();
	tv_buf b;

	tv_buf_init(&b);
	tv_json_conn(&b, c);
	is_str(tv_buf_str(&b), empty_expected,
	       "empty connection: every nullable field null, none omitted");
	check_line(&b, "empty connection");
	tv_buf_free(&b);
	tv_conn_free(c);
}

static void test_unknown_codes(void)
{
	tv_conn *c = tv_conn_new();
	tv_buf b;

	c->version = 0x1234;	  /* unassigned */
	c->cipher_suite = 0x5678; /* unassigned */
	c->sni = tv_conn_bytes(c, (const uint8_t *)"", 0);
	tv_buf_init(&b);
	tv_json_conn(&b, c);
	ok(strstr(b.p, "\"version\":{\"id\":4660,\"name\":null},") != NULL,
	   "unknown version: id with a null name");
	ok(strstr(b.p, "\"cipher_suite\":{\"id\":22136,\"name\":null},") !=
	       NULL,
	   "unknown cipher suite: id with a null name");
	ok(strstr(b.p, "\"sni\":\"\",") != NULL,
	   "an empty SNI (present, zero bytes) is \"\", not null");
	tv_buf_free(&b);
	tv_conn_free(c);
}

/* ---- field trees ---- */

static void field_is(const tv_field *f, const char *want, const char *what)
{
	tv_buf b;

	tv_buf_init(&b);
	tv_json_field(&b, f);
	is_str(tv_buf_str(&b), want, "field: %s", what);
	tv_buf_free(&b);
}

static void test_fields(void)
{
	tv_arena a;
	tv_field *o, *arr, *e, *inner;
	static const uint8_t hx[] = {0x00, 0xff, 0x7f, 0xab};
	static const uint8_t evil[] = "\x1b]0;pwned\x07\xe2\x80\xae";

	tv_arena_init(&a);
	field_is(NULL, "null", "NULL field is null");
	o = tvf_object(&a, NULL, NULL, 0, 0);
	field_is(o, "{}", "empty object");
	tvf_uint(&a, o, "group", 0, 2, 29, "x25519");
	tvf_uint(&a, o, "plain", 2, 2, 7, NULL);
	field_is(o, "{\"group\":29,\"group_name\":\"x25519\",\"plain\":7}",
		 "labelled number gets a <key>_name sibling right after it");
	arr = tvf_array(&a, o, "groups", 4, 6);
	tvf_uint(&a, arr, NULL, 4, 2, 0x1a1a, "GREASE");
	tvf_uint(&a, arr, NULL, 6, 2, 0x1234, NULL);
	tvf_uint(&a, arr, NULL, 8, 2, 23, "secp256r1");
	arr = tvf_array(&a, o, "unnamed", 10, 4);
	tvf_uint(&a, arr, NULL, 10, 2, 1, NULL);
	tvf_uint(&a, arr, NULL, 12, 2, 2, NULL);
	tvf_array(&a, o, "none", 14, 0);
	field_is(o,
		 "{\"group\":29,\"group_name\":\"x25519\",\"plain\":7,"
		 "\"groups\":[6682,4660,23],"
		 "\"groups_names\":[\"GREASE\",null,\"secp256r1\"],"
		 "\"unnamed\":[1,2],\"none\":[]}",
		 "labelled array gets <key>_names after it, null where "
		 "unnamed; unlabelled and empty arrays get none");

	o = tvf_object(&a, NULL, NULL, 0, 0);
	tvf_hex(&a, o, "h", 0, 4, hx, 4);
	tvf_hex(&a, o, "empty", 4, 0, NULL, 0);
	tvf_string(&a, o, "s", 4, 0, NULL, 0);
	tvf_bool(&a, o, "t", 4, 0, true);
	tvf_null(&a, o, "n", 4, 0);
	tvf_string(&a, o, "evil", 0, 0, evil, sizeof evil - 1);
	field_is(o,
		 "{\"h\":\"00ff7fab\",\"empty\":\"\",\"s\":\"\",\"t\":true,"
		 "\"n\":null,"
		 "\"evil\":\"\\u001b]0;pwned\\u0007\\u202e\"}",
		 "hex lower-case, empty hex and string are \"\", bool, null, "
		 "escaped wire string");

	arr = tvf_array(&a, NULL, NULL, 0, 0);
	e = tvf_object(&a, arr, NULL, 0, 0);
	tvf_uint(&a, e, "type", 0, 2, 43, "supported_versions");
	inner = tvf_array(&a, e, "versions", 0, 0);
	tvf_uint(&a, inner, NULL, 0, 2, 0x0304, "TLS 1.3");
	e = tvf_array(&a, arr, NULL, 0, 0);
	tvf_uint(&a, e, NULL, 0, 1, 5, "five");
	field_is(arr,
		 "[{\"type\":43,\"type_name\":\"supported_versions\","
		 "\"versions\":[772],\"versions_names\":[\"TLS 1.3\"]},[5]]",
		 "nested: names inside objects in arrays; a labelled number "
		 "directly in an array has no key to name");
	tv_arena_free(&a);
}

/* ---- hostile strings ---- */

static const uint8_t hostile[] = "\x1b[2J\x00\x9b"
				 "31m"
				 "\xc0\xaf"
				 "\xed\xa0\x80"
				 "\xe2\x80\xae"
				 "\xe2\x80\xa8"
				 "\xe2\x81\xa6"
				 "\xff\"\\"
				 "\xf4\x90\x80\x80";
#define HOSTILE_LEN (sizeof hostile - 1)

static const char hostile_json[] =
    "\\u001b[2J\\u0000" FFFD "31m" FFFD FFFD FFFD FFFD FFFD
    "\\u202e\\u2028\\u2066" FFFD "\\\"\\\\" FFFD FFFD FFFD FFFD;

static void test_hostile(void)
{
	tv_conn *c = tv_conn_new();
	tv_buf b, want;
	tv_msg *m;
	tv_cert *ct;
	static const char *san[1];

	c->sni = tv_conn_bytes(c, hostile, HOSTILE_LEN);
	c->alpn_offered = tv_arena_alloc(&c->arena, sizeof(tv_bytes));
	c->alpn_offered[0] = c->sni;
	c->n_alpn_offered = 1;
	c->alpn_selected = c->sni;
	m = add_msg(c, TV_DIR_CLIENT, 1, "client_hello", 10, 0);
	tvf_string(&c->arena, m->fields, "host_name", 0, 0, hostile,
		   HOSTILE_LEN);
	m->error =
	    tv_arena_strndup(&c->arena, (const char *)hostile, HOSTILE_LEN);
	ct = tv_arena_alloc(&c->arena, sizeof *ct);
	ct->subject = tv_arena_strdup(&c->arena, "CN=\x1b[2J\xe2\x80\xae");
	ct->issuer = "CN=\xc0\xaf\x9b";
	san[0] = "\xe2\x81\xa9x\x7f";
	ct->san = san;
	ct->n_san = 1;
	c->certs.v = ct;
	c->certs.n = 1;
	tv_conn_note(c, "bad name %s", "\x1b[31m\xe2\x80\xa8\xed\xbf\xbf");
	tv_buf_init(&b);
	tv_json_conn(&b, c);
	check_line(&b, "hostile strings everywhere");
	tv_buf_init(&want);
	tv_buf_printf(&want, "\"sni\":\"%s\",", hostile_json);
	ok(strstr(b.p, want.p) != NULL,
	   "sni: controls \\u00XX, invalid UTF-8/overlong/surrogate/"
	   "out-of-range -> U+FFFD, bidi and U+2028 escaped");
	tv_buf_reset(&want);
	tv_buf_printf(&want, "\"offered\":[\"%s\"],\"selected\":\"%s\"}",
		      hostile_json, hostile_json);
	ok(strstr(b.p, want.p) != NULL, "alpn offered and selected escaped");
	tv_buf_reset(&want);
	tv_buf_printf(&want, "\"host_name\":\"%s\"", hostile_json);
	ok(strstr(b.p, want.p) != NULL, "field-tree string escaped");
	ok(strstr(b.p, "\"error\":\"\\u001b[2J\"") != NULL,
	   "message error escaped (C string ends at the NUL)");
	ok(strstr(b.p, "\"subject\":\"CN=\\u001b[2J\\u202e\","
		       "\"issuer\":\"CN=" FFFD FFFD FFFD "\"") != NULL,
	   "certificate subject and issuer escaped");
	ok(strstr(b.p, "\"san\":[\"\\u2069x\\u007f\"]") != NULL,
	   "certificate SAN escaped");
	ok(strstr(b.p, "\"notes\":[\"bad name \\u001b[31m\\u2028" FFFD FFFD FFFD
		       "\"]") != NULL,
	   "notes escaped");
	tv_buf_free(&want);
	tv_buf_free(&b);
	tv_conn_free(c);
}

/* Every prefix of a hostile string, in every string position: the line
 * stays valid. */
static void test_prefixes(void)
{
	bool all = true;
	size_t bad = 0;

	for (size_t n = 0; n <= HOSTILE_LEN && all; n++) {
		tv_conn *c = tv_conn_new();
		tv_buf b;
		jv v;

		c->sni = tv_conn_bytes(c, hostile + HOSTILE_LEN - n, n);
		c->alpn_selected = tv_conn_bytes(c, hostile, n);
		tv_buf_init(&b);
		tv_json_conn(&b, c);
		all = json_line_valid(b.p, b.len, &v);
		bad = n;
		tv_buf_free(&b);
		tv_conn_free(c);
	}
	ok(all,
	   "every prefix and suffix of the hostile string gives a valid "
	   "line (failed at %zu)",
	   all ? (size_t)0 : bad);
}

/* The validator itself must reject what it is there to catch. */
static void test_validator(void)
{
	static const char *bad[] = {
	    "{\"a\":1}",		  /* no newline */
	    "{\"a\":1}\n\n",		  /* two lines */
	    "{\"a\":\"\x1b\"}\n",	  /* raw control */
	    "{\"a\":\"\xc0\xaf\"}\n",	  /* overlong */
	    "{\"a\":\"\xe2\x80\xae\"}\n", /* raw RLO */
	    "{\"a\":\"\\ud800\"}\n",	  /* lone surrogate escape */
	    "{\"a\":01}\n",		  /* leading zero */
	    "{\"a\":1,}\n",		  /* trailing comma */
	    "{a:1}\n",			  /* bare key */
	};
	jv v;
	int rejected = 0;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		rejected += !json_line_valid(bad[i], strlen(bad[i]), &v);
	is_int(rejected, sizeof bad / sizeof bad[0],
	       "validator rejects each malformed line");
	ok(json_line_valid("{\"a\":[1,-2.5e3,true,null,\"\\u00e9\\ud83d"
			   "\\ude00\"]}\n",
			   strlen("{\"a\":[1,-2.5e3,true,null,\"\\u00e9\\ud83d"
				  "\\ude00\"]}\n"),
			   &v),
	   "validator accepts a well-formed line");
}

int main(void)
{
	test_validator();
	test_full();
	test_empty();
	test_unknown_codes();
	test_fields();
	test_hostile();
	test_prefixes();
	return done_testing();
}
