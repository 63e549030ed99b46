/*
 * ClientHello, ServerHello, HelloRetryRequest and the SSLv2 ClientHello:
 * real messages from the corpus decode to the values tshark shows, fill
 * the connection summary, and survive every prefix and byte flip.
 */
#include "msg_test.h"

/* Messages extracted with tshark from tests/corpus (tcp.payload). */
/* tls12-ecdhe-rsa-gcm, frame 4: 171 bytes */
static const char ch12[] =
	"010000a703036bc05a15b850dd0ad523edffc427e02d8a8a38282568a27f81cd"
	"05c420693580000004c02f00ff0100007a0000001500130000107273612e7265"
	"66657265652e74657374000b000403000102000a000c000a001d0017001e0019"
	"0018002300000010000b000908687474702f312e310016000000170000000d00"
	"2a0028040305030603080708080809080a080b08040805080604010501060103"
	"0303010302040205020602";
/* tls12-ecdhe-rsa-gcm, frame 6: 65 bytes */
static const char sh12[] =
	"0200003d030341b4cee3ca699cea197782bfb564d3d94d10fbf6e90ee334444f"
	"574e4752440100c02f000015ff01000100000b00040300010200230000001700"
	"00";
/* tls13-ecdsa-alpn, frame 4: 335 bytes */
static const char ch13[] =
	"0100014b03036aad9e461c79f527dcb9d5dc0fa697c2fc8bb947082490474dbf"
	"f1135945e13720218fddff8db4e0cbf293fe06052860c3e50290800078731c96"
	"0cbdaa2df83af7003e130213031301c02cc030009fcca9cca8ccaac02bc02f00"
	"9ec024c028006bc023c0270067c00ac0140039c009c0130033009d009c003d00"
	"3c0035002f00ff010000c40000001500130000107777772e726566657265652e"
	"74657374000b000403000102000a00160014001d0017001e0019001801000101"
	"010201030104002300000010000e000c02683208687474702f312e3100160000"
	"00170000000d002a0028040305030603080708080809080a080b080408050806"
	"040105010601030303010302040205020602002b000908030403030302030100"
	"2d00020101003300260024001d00205d6b47af14f7ae26e3b7af36d85c81eb83"
	"ab39bb7ef540ec6a0e8626a867f46e";
/* tls13-ecdsa-alpn, frame 6: 122 bytes */
static const char sh13[] =
	"020000760303133eb7d2f733b6e68f885df9636fbb9b8742eee156ce0da846ac"
	"bf394569e81820218fddff8db4e0cbf293fe06052860c3e50290800078731c96"
	"0cbdaa2df83af7130200002e002b0002030400330024001d0020f2b5ddd2cd75"
	"bf0a14eef3578635b7171ee04a01fd80ca450f2e3dd776ccd25e";
/* tls13-hrr, frame 6: 88 bytes */
static const char hrr[] =
	"020000540303cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e"
	"09e2c8a8339c20af797a398dd8185fda8950b1973646059124ebaceae3fb2fb2"
	"4a491fe9512e36130200000c002b00020304003300020017";
/* tls13-hrr, frame 8: 334 bytes */
static const char ch13_retry[] =
	"0100014a0303798e44220f57160fc362cd490e4c04f9f3d1d229a1c7a81782a7"
	"a0f0e0dab0b320af797a398dd8185fda8950b1973646059124ebaceae3fb2fb2"
	"4a491fe9512e36003e130213031301c02cc030009fcca9cca8ccaac02bc02f00"
	"9ec024c028006bc023c0270067c00ac0140039c009c0130033009d009c003d00"
	"3c0035002f00ff010000c30000001500130000107273612e726566657265652e"
	"74657374000b000403000102000a00060004001d001700230000001600000017"
	"0000000d002a0028040305030603080708080809080a080b0804080508060401"
	"05010601030303010302040205020602002b0009080304030303020301002d00"
	"02010100330047004500170041043048a7017f3e20e4bb9d3583453d7055c8f4"
	"1b7e1f038ecec560845f4d10ff09e4ae8b5497acf0314d9adb837ab6a042aad2"
	"87ed8cb8fdaa72e7808213500dfc";
/* tls13-hrr, frame 9: 155 bytes */
static const char sh13_after_hrr[] =
	"0200009703036344378a94a31b1cbdec1f421ca708715279c175801888f37e44"
	"1b775ce5628020af797a398dd8185fda8950b1973646059124ebaceae3fb2fb2"
	"4a491fe9512e36130200004f002b000203040033004500170041047f21ba0204"
	"ed3221bc0d503d73f801d0647419a51bb72866953a66279aede324b3414a34e7"
	"133793c51c360dce97ba13688784eccf9185f1ee5812ab36d55a47";

static void test_client_hello_tls12(void)
{
	tv_conn *c = tv_conn_new();
	tv_msg *m = decode_hex(c, TV_DIR_CLIENT, ch12);
	tv_field *suites = F(m, "cipher_suites");

	is_str(m->type, "client_hello", "TLS 1.2 ClientHello: type name");
	ok(m->error == NULL, "TLS 1.2 ClientHello decodes without error");
	ok(m->fields && m->fields->kind == TVF_OBJECT && !m->fields->key &&
	   m->fields->off == 0 && m->fields->len == 171,
	   "fields is an unnamed OBJECT covering all 171 bytes");
	is_int(F_num(m, "legacy_version"), 0x0303, "legacy_version 0x0303");
	is_str(F_label(m, "legacy_version"), "TLS 1.2",
	       "legacy_version labelled TLS 1.2");
	is_int(F(m, "legacy_version")->off, 4,
	       "legacy_version starts after the 4-byte header");
	is_str(F_str(m, "random"),
	       "6bc05a15b850dd0ad523edffc427e02d"
	       "8a8a38282568a27f81cd05c420693580", "random as tshark shows it");
	is_int(F(m, "random")->off, 6, "random at offset 6");
	is_int(F(m, "random")->len, 32, "random is 32 bytes");
	is_str(F_str(m, "session_id"), "", "empty session_id");
	is_int(F(m, "session_id")->len, 1,
	       "session_id covers its length byte");
	is_int(suites ? suites->count : 0, 2, "two cipher suites");
	is_int(suites->off, 39, "cipher_suites start at offset 39");
	is_int(suites->len, 6, "cipher_suites cover length and 2 suites");
	is_int(nth(suites, 0)->num, 0xc02f, "first suite 0xc02f");
	is_str(nth(suites, 0)->label,
	       "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	       "first suite labelled with its IANA name");
	is_str(nth(suites, 1)->label, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
	       "second suite is the renegotiation SCSV");
	is_int(F(m, "compression_methods")->count, 1,
	       "one compression method");
	is_int(nth(F(m, "compression_methods"), 0)->num, 0,
	       "compression method null");
	ok(F(m, "extensions") && F(m, "extensions")->count > 0,
	   "extensions decoded");
	ok(c->ch.seen, "conn->ch.seen");
	is_int(c->ch.legacy_version, 0x0303, "conn->ch.legacy_version");
	is_int(c->ch.ciphers.n, 2, "conn->ch.ciphers has both suites");
	is_int(c->ch.ciphers.v[0], 0xc02f, "conn->ch.ciphers in wire order");
	ok(c->ch.session_id.p && c->ch.session_id.n == 0,
	   "conn->ch.session_id present and empty");
	is_int(c->n_notes, 0, "no notes");
	tv_conn_free(c);
}

static void test_client_hello_tls13(void)
{
	tv_conn *c = tv_conn_new();
	tv_msg *m = decode_hex(c, TV_DIR_CLIENT, ch13);
	tv_field *suites = F(m, "cipher_suites");

	ok(m->error == NULL, "TLS 1.3 ClientHello decodes without error");
	is_int(suites->count, 31, "31 cipher suites offered");
	is_str(nth(suites, 0)->label, "TLS_AES_256_GCM_SHA384",
	       "first suite TLS_AES_256_GCM_SHA384");
	is_int(nth(suites, 30)->num, 0x00ff, "last suite is the SCSV");
	is_str(F_str(m, "session_id"),
	       "218fddff8db4e0cbf293fe06052860c3"
	       "e50290800078731c960cbdaa2df83af7",
	       "32-byte compatibility session_id");
	is_int(c->ch.session_id.n, 32, "conn->ch.session_id 32 bytes");
	is_int(c->ch.ciphers.n, 31, "conn->ch.ciphers has all 31");
	is_int(c->ch.ciphers.v[2], 0x1301, "conn->ch.ciphers[2] 0x1301");
	tv_conn_free(c);
}

static void test_server_hello_tls12_downgrade(void)
{
	tv_conn *c = tv_conn_new();
	tv_msg *m = decode_hex(c, TV_DIR_SERVER, sh12);
	tv_field *s;

	is_str(m->type, "server_hello", "TLS 1.2 ServerHello: type name");
	ok(m->error == NULL, "TLS 1.2 ServerHello decodes without error");
	is_int(F_num(m, "cipher_suite"), 0xc02f, "cipher_suite 0xc02f");
	is_str(F_label(m, "cipher_suite"),
	       "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "cipher_suite label");
	is_int(F_num(m, "compression_method"), 0, "compression_method 0");
	is_int(c->cipher_suite, 0xc02f, "conn->cipher_suite set");
	is_int(c->version, 0x0303, "conn->version from legacy_version");
	ok(c->sh.seen && c->sh.cipher == 0xc02f &&
	   c->sh.legacy_version == 0x0303, "conn->sh filled");
	ok(c->sh.session_id.p && c->sh.session_id.n == 0,
	   "conn->sh.session_id empty");
	/* OpenSSL 3.0 can speak TLS 1.3; the client offered only 1.2. */
	s = F(m, "downgrade_sentinel");
	is_str(F_str(m, "downgrade_sentinel"), "TLS 1.2",
	       "the corpus ServerHello carries the TLS 1.2 sentinel");
	ok(s && s->off == 6 + 24 && s->len == 8,
	   "the sentinel covers the last 8 bytes of random");
	ok(note_has(c, "ServerHello.random carries the TLS 1.3 downgrade "
		    "sentinel for TLS 1.2: a TLS 1.3 server negotiated a "
		    "lower version"), "and a note explains it");
	ok(!c->hrr, "no HRR");
	tv_conn_free(c);
}

static void test_downgrade_tls11(void)
{
	tv_conn *c = tv_conn_new();
	uint8_t *b;
	size_t n = hex_to_bytes(sh12, &b);
	tv_msg *m;

	b[6 + 31] = 0; /* DOWNGRD\x01 -> DOWNGRD\x00 */
	m = decode_bytes(c, TV_DIR_SERVER, b, n);
	is_str(F_str(m, "downgrade_sentinel"), "TLS 1.1 or below",
	       "DOWNGRD\\0 is the sentinel for TLS 1.1 or below");
	ok(note_has(c, "sentinel for TLS 1.1 or below"), "noted");
	b[6 + 30] = 'X';
	tv_conn_free(c);
	c = tv_conn_new();
	m = decode_bytes(c, TV_DIR_SERVER, b, n);
	ok(!F(m, "downgrade_sentinel") && c->n_notes == 0,
	   "a random without the sentinel has no field and no note");
	free(b);
	tv_conn_free(c);
}

static void test_server_hello_tls13(void)
{
	tv_conn *c = tv_conn_new();
	tv_msg *m;

	decode_hex(c, TV_DIR_CLIENT, ch13);
	m = decode_hex(c, TV_DIR_SERVER, sh13);
	ok(m->error == NULL, "TLS 1.3 ServerHello decodes without error");
	is_int(F_num(m, "legacy_version"), 0x0303,
	       "legacy_version stays 0x0303");
	is_str(F_str(m, "session_id"),
	       "218fddff8db4e0cbf293fe06052860c3"
	       "e50290800078731c960cbdaa2df83af7",
	       "the session_id is echoed");
	is_int(F_num(m, "cipher_suite"), 0x1302, "cipher_suite 0x1302");
	is_int(c->version, 0x0304,
	       "conn->version from supported_versions: TLS 1.3");
	is_int(c->cipher_suite, 0x1302, "conn->cipher_suite 0x1302");
	ok(!F(m, "downgrade_sentinel"), "no downgrade sentinel");
	is_int(c->sh.session_id.n, 32, "conn->sh.session_id 32 bytes");
	tv_conn_free(c);
}

static void test_hello_retry_request(void)
{
	tv_conn *c = tv_conn_new();
	size_t n_ciphers;
	tv_msg *m;

	decode_hex(c, TV_DIR_CLIENT, ch13);
	n_ciphers = c->ch.ciphers.n;
	m = decode_hex(c, TV_DIR_SERVER, hrr);
	is_str(m->type, "hello_retry_request",
	       "a ServerHello with the HRR random is hello_retry_request");
	is_int(m->type_id, 2, "its type_id stays 2");
	ok(m->error == NULL, "the HRR decodes without error");
	ok(c->hrr, "conn->hrr set");
	ok(!c->sh.seen, "the HRR does not fill conn->sh");
	is_int(c->version, 0x0304, "version taken from the HRR meanwhile");
	is_int(c->cipher_suite, 0x1302, "cipher suite from the HRR");
	ok(!F(m, "downgrade_sentinel"), "an HRR has no downgrade check");

	m = decode_hex(c, TV_DIR_CLIENT, ch13_retry);
	ok(m->error == NULL, "the second ClientHello decodes");
	is_int(c->ch.ciphers.n, n_ciphers,
	       "the second ClientHello does not change conn->ch");
	m = decode_hex(c, TV_DIR_SERVER, sh13_after_hrr);
	is_str(m->type, "server_hello", "the real ServerHello follows");
	ok(c->sh.seen && c->sh.cipher == 0x1302, "and fills conn->sh");
	is_int(c->version, 0x0304, "conn->version TLS 1.3");
	tv_conn_free(c);
}

/* An SSL 3.0-era ClientHello: no extensions block at all. */
static const char ch_no_ext[] =
	"0100002d0300"
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"00" "0006" "000a002f0035" "0100";

static void test_client_hello_without_extensions(void)
{
	tv_conn *c = tv_conn_new();
	tv_msg *m = decode_hex(c, TV_DIR_CLIENT, ch_no_ext);

	ok(m->error == NULL, "a ClientHello without extensions is fine");
	is_str(F_label(m, "legacy_version"), "SSL 3.0", "SSL 3.0 client");
	ok(!F(m, "extensions"), "no extensions field");
	is_int(c->ch.ciphers.n, 3, "three suites in conn->ch");
	tv_conn_free(c);
}

/* cipher_suites claims 260 bytes where 6 are left. */
static const char ch_bad_suites[] =
	"0100002e0303"
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"00" "0104" "c02f00ff0100";

static void test_client_hello_error(void)
{
	tv_conn *c = tv_conn_new();
	tv_msg *m = decode_hex(c, TV_DIR_CLIENT, ch_bad_suites);

	is_str(m->error,
	       "client_hello: cipher_suites: length 260 exceeds remaining 6 "
	       "at offset 41",
	       "the error names the message, field, lengths and offset");
	ok(note_has(c, "client client_hello at offset 41: cipher_suites: "
		    "length 260 exceeds remaining 6"),
	   "and the connection gets a note");
	ok(F(m, "random") && F(m, "session_id"),
	   "fields before the error are kept");
	ok(!F(m, "cipher_suites"), "the broken vector is not");
	tv_conn_free(c);
}

static void test_client_hello_cut(void)
{
	tv_conn *c = tv_conn_new();
	uint8_t *b;
	tv_msg *m;

	hex_to_bytes(ch12, &b);
	m = msg_make(c, TV_DIR_CLIENT, b, 50, true, false);

	msg_run(c, m, false);
	ok(m->error && strstr(m->error, "only 46 of 167 body bytes were "
			      "kept (size limit)"),
	   "a message cut by a size limit says so: %s", m->error);
	is_int(F(m, "cipher_suites")->count, 2,
	       "what was kept is still decoded");
	free(b);
	tv_conn_free(c);
}

/* SSLv2 record: RC4-MD5 (SSLv2), TLS_RSA_WITH_AES_128_CBC_SHA, 3DES. */
static const char sslv2[] =
	"8022" "01" "0301" "0009" "0000" "0010"
	"010080" "00002f" "0700c0"
	"00112233445566778899aabbccddeeff";

static void test_sslv2_client_hello(void)
{
	tv_conn *c = tv_conn_new();
	uint8_t *b;
	size_t n = hex_to_bytes(sslv2, &b);
	tv_msg *m = msg_run(c, msg_make(c, TV_DIR_CLIENT, b, n, false, true),
			    true);
	tv_field *suites = F(m, "cipher_suites"), *compat;

	ok(m->error == NULL, "SSLv2 ClientHello decodes: %s",
	   m->error ? m->error : "no error");
	is_str(m->type, "client_hello", "its type is client_hello");
	is_int(m->type_id, 1, "type_id 1");
	is_int(m->length, 0x22, "length from the 2-byte record header");
	compat = F(m, "sslv2_compatible");
	ok(compat && compat->kind == TVF_BOOL && compat->num == 1,
	   "sslv2_compatible: true");
	is_str(F_label(m, "legacy_version"), "TLS 1.0", "version TLS 1.0");
	is_int(suites->count, 3, "three cipher specs");
	is_int(nth(suites, 0)->num, 0x010080, "SSLv2 spec as 3-byte value");
	is_str(nth(suites, 0)->label, "SSL2_RC4_128_WITH_MD5",
	       "SSLv2 spec labelled with its SSLv2 name");
	is_int(nth(suites, 1)->num, 0x002f, "TLS suite as its 2-byte value");
	is_str(nth(suites, 1)->label, "TLS_RSA_WITH_AES_128_CBC_SHA",
	       "TLS suite labelled with its IANA name");
	is_int(nth(suites, 1)->off, 14, "second spec at offset 14");
	is_str(nth(suites, 2)->label, "SSL2_DES_192_EDE3_CBC_WITH_MD5",
	       "3DES spec");
	is_str(F_str(m, "challenge"), "00112233445566778899aabbccddeeff",
	       "challenge");
	is_int(F(m, "session_id")->len, 0, "empty session id");
	ok(c->ch.seen && c->ch.legacy_version == 0x0301, "conn->ch filled");
	is_int(c->ch.ciphers.n, 1, "conn->ch.ciphers holds the TLS suite");
	is_int(c->ch.ciphers.v[0], 0x002f, "which is 0x002f");

	b[2] = 4; /* not CLIENT-HELLO */
	tv_conn_free(c);
	c = tv_conn_new();
	m = msg_run(c, msg_make(c, TV_DIR_CLIENT, b, n, false, true), true);
	is_str(m->error,
	       "client_hello: msg_type: 4 is not CLIENT-HELLO at offset 3",
	       "another SSLv2 message type is an error");
	b[2] = 1;
	b[0] = 0x00;
	tv_conn_free(c);
	c = tv_conn_new();
	m = msg_run(c, msg_make(c, TV_DIR_CLIENT, b, n, false, true), true);
	ok(m->error && strstr(m->error, "high bit"),
	   "a header without the high bit is an error");
	free(b);
	tv_conn_free(c);
}

static void test_robustness(void)
{
	msg_setup v2 = { -1, -1, true };

	is_int(check_prefixes("TLS 1.2 ClientHello", &SETUP_NONE,
			      TV_DIR_CLIENT, ch12), 1,
	       "TLS 1.2 ClientHello: only the prefix ending before the "
	       "extensions is a well-formed message");
	check_flips("TLS 1.2 ClientHello", &SETUP_NONE, TV_DIR_CLIENT, ch12);
	is_int(check_prefixes("TLS 1.3 ClientHello", &SETUP_NONE,
			      TV_DIR_CLIENT, ch13), 1,
	       "TLS 1.3 ClientHello: one well-formed prefix");
	check_flips("TLS 1.3 ClientHello", &SETUP_NONE, TV_DIR_CLIENT, ch13);
	is_int(check_prefixes("TLS 1.2 ServerHello", &SETUP_NONE,
			      TV_DIR_SERVER, sh12), 1,
	       "TLS 1.2 ServerHello: one well-formed prefix");
	check_flips("TLS 1.2 ServerHello", &SETUP_NONE, TV_DIR_SERVER, sh12);
	is_int(check_prefixes("TLS 1.3 ServerHello", &SETUP_NONE,
			      TV_DIR_SERVER, sh13), 1,
	       "TLS 1.3 ServerHello: one well-formed prefix");
	check_flips("TLS 1.3 ServerHello", &SETUP_NONE, TV_DIR_SERVER, sh13);
	is_int(check_prefixes("HelloRetryRequest", &SETUP_NONE, TV_DIR_SERVER,
			      hrr), 1,
	       "HelloRetryRequest: one well-formed prefix");
	check_flips("HelloRetryRequest", &SETUP_NONE, TV_DIR_SERVER, hrr);
	is_int(check_prefixes("SSLv2 ClientHello", &v2, TV_DIR_CLIENT, sslv2),
	       0, "SSLv2 ClientHello: no prefix is well formed");
	check_flips("SSLv2 ClientHello", &v2, TV_DIR_CLIENT, sslv2);
}

int main(void)
{
	test_client_hello_tls12();
	test_client_hello_tls13();
	test_server_hello_tls12_downgrade();
	test_downgrade_tls11();
	test_server_hello_tls13();
	test_hello_retry_request();
	test_client_hello_without_extensions();
	test_client_hello_error();
	test_client_hello_cut();
	test_sslv2_client_hello();
	test_robustness();
	return done_testing();
}
