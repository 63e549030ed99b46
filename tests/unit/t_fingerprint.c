/*
 * tls/fingerprint: JA3, JA3S, JA4 and JA4_r against the vectors of
 * spec/fingerprints.md and FoxIO's technical_details/JA4.md, with the
 * hello lists filled by hand.  Extra expected hashes were computed with
 * `printf %s LIST | sha256sum | cut -c1-12` (or md5sum).
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tls/fingerprint.h"

#define JA4_EXAMPLE "t13d1516h2_8daaf6152771_e5627efa2ab1"
#define JA4_R_EXAMPLE                                                          \
	"t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,"   \
	"c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,"    \
	"002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void push_all(tv_conn *c, tv_u16list *l, const uint16_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tv_u16list_push(c, l, v[i]);
}

static void set_alpn(tv_conn *c, const char *first, size_t len)
{
	c->alpn_offered = tv_arena_alloc(&c->arena, 2 * sizeof(tv_bytes));
	c->alpn_offered[0] = tv_conn_bytes(c, (const uint8_t *)first, len);
	c->alpn_offered[1] = tv_conn_bytes(c, (const uint8_t *)"http/1.1", 8);
	c->n_alpn_offered = 2;
}

/* The ClientHello of FoxIO's JA4 example, in wire order. */
static const uint16_t ex_ciphers[] = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f,
				      0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013,
				      0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
static const uint16_t ex_exts[] = {
    0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d,
    0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015};
static const uint16_t ex_sigalgs[] = {0x0403, 0x0804, 0x0401, 0x0503,
				      0x0805, 0x0501, 0x0806, 0x0601};
static const uint16_t ex_versions[] = {0x0304, 0x0303};
static const uint16_t ex_groups[] = {0x001d, 0x0017, 0x0018};
static const uint16_t ex_formats[] = {0x0000};

enum { EX_PLAIN = 0, EX_GREASE = 1, EX_NO_SNI = 2, EX_NO_ALPN = 4 };

/* The example ClientHello, with GREASE sprinkled in or SNI/ALPN removed. */
static tv_conn *example_conn(int how)
{
	tv_conn *c = tv_conn_new();
	tv_hello_info *ch = &c->ch;

	ch->seen = true;
	ch->legacy_version = 0x0303;
	if (how & EX_GREASE) {
		tv_u16list_push(c, &ch->ciphers, 0x0a0a);
		tv_u16list_push(c, &ch->extensions, 0x1a1a);
		tv_u16list_push(c, &ch->versions, 0x2a2a);
		tv_u16list_push(c, &ch->groups, 0x3a3a);
		tv_u16list_push(c, &ch->sigalgs, 0x4a4a);
	}
	push_all(c, &ch->ciphers, ex_ciphers, N(ex_ciphers));
	for (size_t i = 0; i < N(ex_exts); i++) {
		if (((how & EX_NO_SNI) && ex_exts[i] == 0x0000) ||
		    ((how & EX_NO_ALPN) && ex_exts[i] == 0x0010))
			continue;
		tv_u16list_push(c, &ch->extensions, ex_exts[i]);
	}
	push_all(c, &ch->sigalgs, ex_sigalgs, N(ex_sigalgs));
	push_all(c, &ch->versions, ex_versions, N(ex_versions));
	push_all(c, &ch->groups, ex_groups, N(ex_groups));
	push_all(c, &ch->ec_point_formats, ex_formats, N(ex_formats));
	if (how & EX_GREASE) {
		tv_u16list_push(c, &ch->extensions, 0xfafa);
		tv_u16list_push(c, &ch->ciphers, 0xdada);
	}
	ch->has_sni = !(how & EX_NO_SNI);
	if (!(how & EX_NO_ALPN))
		set_alpn(c, "h2", 2);
	return c;
}

static void test_hash_blocks(void)
{
	char md5[33], sha[65];

	tls_md5_hex("", 0, md5);
	is_str(md5, "d41d8cd98f00b204e9800998ecf8427e", "md5 of nothing");
	tls_md5_hex("abc", 3, md5);
	is_str(md5, "900150983cd24fb0d6963f7d28e17f72", "md5(abc)");
	tls_sha256_hex("abc", 3, sha);
	is_str(
	    sha,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "sha256(abc)");
}

static void test_ja3_vectors(void)
{
	static const uint16_t c1[] = {47,    53,    5,	10, 49161, 49162,
				      49171, 49172, 50, 56, 19,	   4};
	static const uint16_t e1[] = {0, 10, 11}, g1[] = {23, 24, 25},
			      f1[] = {0};
	static const uint16_t c2[] = {4, 5, 10, 9, 100, 98, 3, 6, 19, 18, 99};
	tv_conn *c = tv_conn_new();

	c->ch.seen = true;
	c->ch.legacy_version = 769;
	push_all(c, &c->ch.ciphers, c1, N(c1));
	push_all(c, &c->ch.extensions, e1, N(e1));
	push_all(c, &c->ch.groups, g1, N(g1));
	push_all(c, &c->ch.ec_point_formats, f1, N(f1));
	tls_fingerprints_compute(c);
	is_str(c->ja3,
	       "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,"
	       "23-24-25,0",
	       "JA3 vector 1: string");
	is_str(c->ja3_hash, "ada70206e40642a3e4461f35503241d5",
	       "JA3 vector 1: MD5");
	is_str(c->ja4, "t10d120300_d94e65cdb899_33a13ba74d1c",
	       "JA4 of JA3 vector 1: TLS 1.0, SNI, no ALPN, no sigalgs");
	ok(c->ja3s == NULL && c->ja3s_hash == NULL,
	   "no ServerHello: JA3S stays NULL");
	tv_conn_free(c);

	c = tv_conn_new();
	c->ch.seen = true;
	c->ch.legacy_version = 769;
	push_all(c, &c->ch.ciphers, c2, N(c2));
	tls_fingerprints_compute(c);
	is_str(c->ja3, "769,4-5-10-9-100-98-3-6-19-18-99,,,",
	       "JA3 vector 2: empty lists leave empty fields");
	is_str(c->ja3_hash, "de350869b8c85de67a350c8d186f11e6",
	       "JA3 vector 2: MD5");
	is_str(c->ja4, "t10i110000_3609b414f052_000000000000",
	       "JA4 without extensions: part c is twelve zeros");
	is_str(c->ja4_r,
	       "t10i110000_0003,0004,0005,0006,0009,000a,0012,0013,0062,0063,"
	       "0064_",
	       "JA4_r without extensions: ciphers sorted, part c empty");
	tv_conn_free(c);
}

static void test_ja3s_vector(void)
{
	static const uint16_t e[] = {51, 43};
	tv_conn *c = tv_conn_new();

	c->sh.seen = true;
	c->sh.legacy_version = 771;
	c->sh.cipher = 4865;
	push_all(c, &c->sh.extensions, e, N(e));
	tv_u16list_push(c, &c->sh.versions, 0x0304);
	tls_fingerprints_compute(c);
	is_str(c->ja3s, "771,4865,51-43", "JA3S vector: string");
	is_str(c->ja3s_hash, "eb1d94daa7e0344597e756a1fb6e7054",
	       "JA3S vector: MD5");
	ok(c->ja3 == NULL && c->ja3_hash == NULL && c->ja4 == NULL &&
	       c->ja4_r == NULL,
	   "no ClientHello: client fingerprints stay NULL");
	tv_conn_free(c);
}

static void test_ja4_example(void)
{
	tv_conn *c = example_conn(EX_PLAIN), *g = example_conn(EX_GREASE);

	tls_fingerprints_compute(c);
	tls_fingerprints_compute(g);
	is_str(c->ja4, JA4_EXAMPLE, "JA4 example from JA4.md");
	is_str(c->ja4_r, JA4_R_EXAMPLE, "JA4_r example from JA4.md");
	is_str(g->ja4, JA4_EXAMPLE,
	       "JA4: GREASE in ciphers, extensions, versions, sigalgs ignored");
	is_str(g->ja4_r, JA4_R_EXAMPLE, "JA4_r: GREASE ignored");
	is_str(g->ja3, c->ja3, "JA3: GREASE ignored (%s)", c->ja3);
	is_str(c->ja3,
	       "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-"
	       "49172-156-157-47-53,27-0-51-16-17513-23-45-13-5-35-18-43-65281-"
	       "11-10-21,29-23-24,0",
	       "JA3 keeps wire order");
	tv_conn_free(c);
	tv_conn_free(g);

	c = example_conn(EX_NO_SNI);
	tls_fingerprints_compute(c);
	is_str(c->ja4, "t13i1515h2_8daaf6152771_e5627efa2ab1",
	       "JA4 without SNI: 'i', one extension fewer, same part c");
	tv_conn_free(c);

	c = example_conn(EX_NO_ALPN);
	tls_fingerprints_compute(c);
	is_str(c->ja4, "t13d151500_8daaf6152771_e5627efa2ab1",
	       "JA4 without ALPN: '00', same part c");
	tv_conn_free(c);

	c = example_conn(EX_PLAIN);
	c->ch.sigalgs.n = 0;
	tls_fingerprints_compute(c);
	is_str(c->ja4, "t13d1516h2_8daaf6152771_6d807ffa2a79",
	       "JA4 without sigalgs: no '_' hashed (JA4.md value)");
	ok(c->ja4_r && strstr(c->ja4_r, "4469,ff01") &&
	       c->ja4_r[strlen(c->ja4_r) - 1] == '1',
	   "JA4_r without sigalgs ends with the extension list");
	tv_conn_free(c);
}

/* The ALPN characters (positions 8-9 of JA4 part a) for a first value. */
static void alpn_case(const char *value, size_t len, const char *want,
		      const char *why)
{
	tv_conn *c = example_conn(EX_PLAIN);
	char got[3] = "";

	set_alpn(c, value, len);
	tls_fingerprints_compute(c);
	if (c->ja4 && strlen(c->ja4) > 10)
		memcpy(got, c->ja4 + 8, 2);
	is_str(got, want, "JA4 ALPN %s", why);
	tv_conn_free(c);
}

static void test_ja4_alpn(void)
{
	alpn_case("http/1.1", 8, "h1", "http/1.1 -> h1");
	alpn_case("h2", 2, "h2", "h2 -> h2");
	alpn_case("x", 1, "xx", "single character used twice");
	alpn_case("", 0, "00", "empty first value -> 00");
	alpn_case("\xab", 1, "ab", "0xab -> ab (hex)");
	alpn_case("\xab\xcd", 2, "ad", "0xab 0xcd -> ad");
	alpn_case("0\xab", 2, "3b", "0x30 0xab -> 3b");
	alpn_case("01\xab\xcd", 4, "3d", "0x30 0x31 0xab 0xcd -> 3d");
	alpn_case("0\xab\xcd"
		  "1",
		  4, "01", "0x30 0xab 0xcd 0x31 -> 01 (ends alphanumeric)");
	alpn_case("h2-\x01", 4, "61", "non-printable last byte -> hex");
}

static void test_ja4_counts(void)
{
	tv_conn *c = tv_conn_new();
	size_t commas = 0;

	c->ch.seen = true;
	c->ch.legacy_version = 0x0303;
	for (unsigned v = 1; v <= 150; v++)
		tv_u16list_push(c, &c->ch.ciphers, (uint16_t)v);
	tls_fingerprints_compute(c);
	is_str(c->ja4, "t12i990000_2ddb91151f68_000000000000",
	       "150 ciphers: count capped at 99, all 150 hashed");
	for (const char *p = c->ja4_r; p && *p; p++)
		commas += *p == ',';
	is_int(commas, 149, "150 ciphers: JA4_r lists all 150");
	tv_conn_free(c);
}

static void test_ja4_versions(void)
{
	static const struct {
		uint16_t legacy;
		uint16_t versions[3];
		size_t n;
		const char *want;
		const char *why;
	} cases[] = {
	    {0x0303, {0}, 0, "t12", "TLS 1.2 legacy, no supported_versions"},
	    {0x0303, {0x0303}, 1, "t12", "supported_versions 1.2 only"},
	    {0x0303, {0x0303, 0x0304}, 2, "t13", "highest, not first"},
	    {0x0303, {0x0a0a}, 1, "t12", "only GREASE: legacy_version"},
	    {0x0302, {0}, 0, "t11", "TLS 1.1"},
	    {0x0301, {0}, 0, "t10", "TLS 1.0"},
	    {0x0300, {0}, 0, "ts3", "SSL 3.0"},
	    {0x0002, {0}, 0, "ts2", "SSL 2.0"},
	    {0x0305, {0}, 0, "t00", "unknown version"},
	    {0x0303, {0x7f1c}, 1, "t00", "draft version: unknown"},
	};

	for (size_t i = 0; i < N(cases); i++) {
		tv_conn *c = tv_conn_new();

		c->ch.seen = true;
		c->ch.legacy_version = cases[i].legacy;
		push_all(c, &c->ch.versions, cases[i].versions, cases[i].n);
		tls_fingerprints_compute(c);
		ok(c->ja4 && strncmp(c->ja4, cases[i].want, 3) == 0,
		   "JA4 version %s: %s (%s)", cases[i].want, cases[i].why,
		   c->ja4 ? c->ja4 : "(null)");
		tv_conn_free(c);
	}
}

static void test_empty_and_sslv3(void)
{
	tv_conn *c = tv_conn_new();

	c->ch.seen = true;
	c->ch.legacy_version = 0x0303;
	c->sh.seen = true;
	c->sh.legacy_version = 0x0303;
	tls_fingerprints_compute(c);
	is_str(c->ja3, "771,,,,", "empty ClientHello lists: JA3 fields empty");
	is_str(c->ja3_hash, "bddda940f9963577c41d7c28b1a5f65f",
	       "empty ClientHello lists: JA3 MD5");
	is_str(c->ja4, "t12i000000_000000000000_000000000000",
	       "empty lists: JA4 hashes are twelve zeros");
	is_str(c->ja4_r, "t12i000000__", "empty lists: JA4_r");
	is_str(c->ja3s, "771,0,", "empty ServerHello extensions: JA3S");
	tv_conn_free(c);

	c = tv_conn_new();
	c->ch.seen = true;
	c->ch.legacy_version = 0x0300;
	tv_u16list_push(c, &c->ch.ciphers, 47);
	tv_u16list_push(c, &c->ch.ciphers, 5);
	tls_fingerprints_compute(c);
	is_str(c->ja3, "768,47-5,,,", "SSLv3: JA3 string");
	is_str(c->ja3_hash, "b226c48e595626490b6ac5311ec546dd",
	       "SSLv3: JA3 MD5");
	ok(c->ja4 && strncmp(c->ja4, "ts3i0200", 8) == 0,
	   "SSLv3: JA4 starts ts3i0200 (%s)", c->ja4);
	tv_conn_free(c);

	c = tv_conn_new();
	tls_fingerprints_compute(c);
	ok(!c->ja3 && !c->ja4 && !c->ja4_r && !c->ja3s,
	   "no hello seen: every fingerprint stays NULL");
	tv_conn_free(c);
}

int main(void)
{
	test_hash_blocks();
	test_ja3_vectors();
	test_ja3s_vector();
	test_ja4_example();
	test_ja4_alpn();
	test_ja4_counts();
	test_ja4_versions();
	test_empty_and_sslv3();
	return done_testing();
}
