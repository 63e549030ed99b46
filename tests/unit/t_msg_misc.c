/*
 * The small messages: NewSessionTicket (TLS 1.2 and 1.3), Finished,
 * EncryptedExtensions, KeyUpdate, the empty ones and their length rule,
 * unknown types, and the rarer DTLS / RFC 6066 / RFC 4680 / NPN ones.
 */
#include "msg_test.h"

/* Messages extracted with tshark from tests/corpus (decrypted with the
 * key logs). */
/* tls12-ecdhe-rsa-gcm, frame 9: 186 bytes */
static const char nst12[] =
	"040000b600001c2000b049f95e2a16597c583183353cda3811ec27b4cb20cd0f"
	"d840a404e46d74129e390d9c0bcb37171a18b407f86854121b893dfefc1bae60"
	"6c4cf4aa72f9d76ff68499737f56123194736e64e643acf8c085a90e7d82f46d"
	"d6ff75124845cf1e43fc71d3101c9d1b104f76fcb5d02d356113e42b27d3a211"
	"302c6bc44a4d40a710130cd3cd704e8ef4a4d2aa0755648babd5dd0b9b4a6a83"
	"ce07bd5d866c26229e96c7e6b977b42b8ab257c1b17fadc4eea0";
/* tls13-ecdsa-alpn, frame 10: 233 bytes */
static const char nst13[] =
	"040000e500001c200b4a3d8208000000000000000000d0dc342ceae7d18ce787"
	"24e73aff401ff067113c3608f83331339439326a2dc089d5c386f6a5b7c61a22"
	"9e2cf370dde7bd8f49e29ef11411bac527de7bae4c81f759391dad28ec05ec7b"
	"fe6b2df2b8450efa3b0d70c77b638fac26657552f378ec6d1f9ff05405e5daf5"
	"42e586f8cb3e6b4e1f5b0e23ce50b85023dc6b0d4bd02605bde4f997cd2d9463"
	"611298406325bf44d4f4330ec31b198a28f24e771d4ac4270e5417402d648754"
	"6e0918ddff5aa36d01aa3816475c90efe95ebc47f32fca2dac3f5577a56f8427"
	"ce1c90de8ff6e90000";
/* tls13-ecdsa-alpn, frame 6: 15 bytes */
static const char ee13[] =
	"0800000b0009001000050003026832";
/* tls12-ecdhe-rsa-gcm, frame 8: 16 bytes */
static const char fin12[] =
	"1400000c34f60e62599f2fd746b5c89c";
/* tls13-ecdsa-alpn, frame 6: 52 bytes */
static const char fin13[] =
	"14000030e9ccc64d195daf8c579a3733e500fae7752c3d01f4052d7f2fc6d426"
	"21f58a43057543d14d981adc86eb3d06668c868a";

static const msg_setup TLS12 = { 0x0303, 0xc02f, false };
static const msg_setup TLS13 = { 0x0304, 0x1302, false };

static tv_msg *decode_as(tv_conn **c, const msg_setup *s, tv_dir dir,
			 const char *hex)
{
	*c = conn_with(s);
	return decode_hex(*c, dir, hex);
}

static void test_new_session_ticket(void)
{
	tv_conn *c;
	tv_msg *m = decode_as(&c, &TLS12, TV_DIR_SERVER, nst12);

	is_str(m->type, "new_session_ticket", "type new_session_ticket");
	ok(m->error == NULL, "TLS 1.2 NewSessionTicket decodes");
	is_int(F_num(m, "ticket_lifetime_hint"), 7200,
	       "ticket_lifetime_hint 7200");
	is_int(F(m, "ticket")->nbytes, 176, "a 176-byte ticket");
	ok(!F(m, "ticket_nonce"), "no TLS 1.3 members");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_SERVER, nst13);
	ok(m->error == NULL, "TLS 1.3 NewSessionTicket decodes");
	is_int(F_num(m, "ticket_lifetime"), 7200, "ticket_lifetime 7200");
	is_int(F_num(m, "ticket_age_add"), 0x0b4a3d82, "ticket_age_add");
	is_str(F_str(m, "ticket_nonce"), "0000000000000000", "ticket_nonce");
	is_int(F(m, "ticket")->nbytes, 208, "a 208-byte ticket");
	is_int(F(m, "extensions")->count, 0, "no extensions");
	tv_conn_free(c);

	m = decode_as(&c, &SETUP_NONE, TV_DIR_SERVER, nst13);
	ok(m->error == NULL && F(m, "ticket_age_add"),
	   "with the version unknown, the 1.3 layout is recognised");
	tv_conn_free(c);
	m = decode_as(&c, &SETUP_NONE, TV_DIR_SERVER, nst12);
	ok(m->error == NULL && F(m, "ticket_lifetime_hint"),
	   "and so is the 1.2 layout");
	tv_conn_free(c);
}

static void test_finished_and_ee(void)
{
	tv_conn *c;
	tv_msg *m = decode_as(&c, &TLS12, TV_DIR_CLIENT, fin12);

	is_str(m->type, "finished", "type finished");
	ok(m->error == NULL, "TLS 1.2 Finished decodes");
	is_int(F(m, "verify_data")->nbytes, 12, "12 bytes of verify_data");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_SERVER, fin13);
	is_int(F(m, "verify_data")->nbytes, 48,
	       "TLS 1.3 Finished with SHA-384: 48 bytes");
	tv_conn_free(c);

	m = decode_as(&c, &TLS12, TV_DIR_CLIENT, "140000020102");
	is_str(m->error, "finished: length 2, must be 12..64 at offset 1",
	       "a 2-byte Finished breaks the length rule");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_SERVER, ee13);
	is_str(m->type, "encrypted_extensions", "type encrypted_extensions");
	ok(m->error == NULL, "EncryptedExtensions decodes");
	is_int(F(m, "extensions")->count, 1, "one extension (ALPN)");
	tv_conn_free(c);
}

static void test_key_update(void)
{
	tv_conn *c;
	tv_msg *m = decode_as(&c, &TLS13, TV_DIR_CLIENT, "1800000101");

	is_str(m->type, "key_update", "type key_update");
	ok(m->error == NULL, "KeyUpdate decodes");
	is_int(F_num(m, "request_update"), 1, "request_update 1");
	is_str(F_label(m, "request_update"), "update_requested",
	       "labelled update_requested");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_SERVER, "1800000100");
	is_str(F_label(m, "request_update"), "update_not_requested",
	       "0 is update_not_requested");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_SERVER, "180000020100");
	is_str(m->error, "key_update: body: 1 unexpected trailing bytes at "
	       "offset 5", "a 2-byte KeyUpdate has a trailing byte");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_SERVER, "18000000");
	ok(m->error && strstr(m->error, "request_update"),
	   "an empty KeyUpdate lacks request_update: %s", m->error);
	tv_conn_free(c);
}

static void test_empty_messages(void)
{
	static const struct {
		const char *hex, *type;
	} empty[] = {
		{ "00000000", "hello_request" },
		{ "0e000000", "server_hello_done" },
		{ "05000000", "end_of_early_data" },
	};
	tv_conn *c;
	tv_msg *m;

	for (size_t i = 0; i < 3; i++) {
		m = decode_as(&c, &TLS12, TV_DIR_SERVER, empty[i].hex);
		is_str(m->type, empty[i].type, "%s: type name", empty[i].type);
		ok(m->error == NULL && m->fields->count == 0,
		   "%s: empty, no error, no fields", empty[i].type);
		tv_conn_free(c);
	}

	m = decode_as(&c, &TLS12, TV_DIR_SERVER, "0e000003aabbcc");
	is_str(m->error, "server_hello_done: length 3, must be 0 at offset 1",
	       "a ServerHelloDone with a body breaks the length rule");
	ok(note_has(c, "server server_hello_done at offset 1: length 3, "
		    "must be 0"), "and is noted");
	is_str(F_str(m, "data"), "aabbcc", "the unexpected bytes are kept");
	tv_conn_free(c);

	m = decode_as(&c, &TLS12, TV_DIR_SERVER, "00000001ff");
	ok(m->error && strstr(m->error, "hello_request: length 1"),
	   "a HelloRequest with a body is an error");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_CLIENT, "0500000100");
	ok(m->error && strstr(m->error, "end_of_early_data: length 1"),
	   "an EndOfEarlyData with a body is an error");
	tv_conn_free(c);
}

static void test_unknown_and_short(void)
{
	tv_conn *c;
	tv_msg *m = decode_as(&c, &TLS12, TV_DIR_SERVER, "63000003010203");

	is_str(m->type, "unknown_99", "an unassigned type is unknown_99");
	is_int(m->type_id, 99, "type_id kept");
	ok(m->error == NULL, "an unknown type is not an error");
	is_str(F_str(m, "data"), "010203", "its body is kept as data");
	is_int(F(m, "data")->off, 4, "data starts after the header");
	tv_conn_free(c);

	m = decode_as(&c, &TLS12, TV_DIR_SERVER, "0b00");
	ok(m->error && strstr(m->error, "header"),
	   "a message shorter than its header is an error: %s", m->error);
	ok(m->fields && m->fields->kind == TVF_OBJECT,
	   "and still has a fields object");
	tv_conn_free(c);
}

static const char hvr[] = "03000005" "fefd" "02abcd";
static const char msg_hash[] =
	"fe000020" "000102030405060708090a0b0c0d0e0f"
	"101112131415161718191a1b1c1d1e1f";
static const char cert_url[] =
	"1500002e" "00" "002b" "0014687474703a2f2f63612e746573742f632e646572"
	"01" "1111111111111111111111111111111111111111";
static const char supp_data[] = "1700000a" "000007" "4002" "0003aabbcc";
static const char next_proto[] =
	"43000022" "026832" "1e"
	"000000000000000000000000000000000000000000000000000000000000";
static const char ekt[] = "1a00000a" "02aabb" "01cc" "0102" "000e10";
static const char new_cid[] = "0a000008" "0005" "020102" "0103" "01";

static void test_rare_messages(void)
{
	tv_conn *c;
	tv_msg *m;

	m = decode_as(&c, &SETUP_NONE, TV_DIR_SERVER, hvr);
	is_str(m->type, "hello_verify_request", "HelloVerifyRequest");
	ok(m->error == NULL && F_num(m, "server_version") == 0xfefd &&
	   !strcmp(F_str(m, "cookie"), "abcd"), "server_version and cookie");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_CLIENT, msg_hash);
	is_str(m->type, "message_hash", "message_hash");
	is_int(F(m, "hash")->nbytes, 32, "its 32-byte hash");
	tv_conn_free(c);

	m = decode_as(&c, &TLS12, TV_DIR_CLIENT, cert_url);
	is_str(m->type, "certificate_url", "certificate_url");
	ok(m->error == NULL, "certificate_url decodes");
	is_str(F_label(m, "type"), "individual_certs", "individual_certs");
	is_str(member_text(nth(F(m, "url_and_hash_list"), 0), "url"),
	       "http://ca.test/c.der", "its URL");
	tv_conn_free(c);

	m = decode_as(&c, &TLS12, TV_DIR_CLIENT, supp_data);
	is_str(m->type, "supplemental_data", "supplemental_data");
	ok(m->error == NULL, "supplemental_data decodes");
	is_int(tvf_get(nth(F(m, "supp_data"), 0), "supp_data_type")->num,
	       16386, "user_mapping_data entry");
	tv_conn_free(c);

	m = decode_as(&c, &TLS12, TV_DIR_CLIENT, next_proto);
	is_str(m->type, "next_protocol", "NPN next_protocol");
	is_str(F_str(m, "selected_protocol"), "h2", "selected h2");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_SERVER, ekt);
	ok(m->error == NULL && F_num(m, "ekt_ttl") == 3600, "ekt_key");
	tv_conn_free(c);

	m = decode_as(&c, &TLS13, TV_DIR_SERVER, new_cid);
	ok(m->error == NULL && F(m, "cids")->count == 2 &&
	   F_num(m, "usage") == 1, "new_connection_id: two CIDs, spare");
	tv_conn_free(c);
}

static void test_robustness(void)
{
	static const struct {
		const char *name;
		const msg_setup *s;
		const char *hex;
		size_t clean;
	} cases[] = {
		{ "TLS 1.2 NewSessionTicket", &TLS12, nst12, 0 },
		{ "TLS 1.3 NewSessionTicket", &TLS13, nst13, 0 },
		{ "EncryptedExtensions", &TLS13, ee13, 0 },
		/* Finished bodies of 12..47 bytes are well formed. */
		{ "TLS 1.3 Finished", &TLS13, fin13, 36 },
		{ "certificate_url", &TLS12, cert_url, 0 },
		{ "supplemental_data", &TLS12, supp_data, 0 },
		{ "next_protocol", &TLS12, next_proto, 0 },
		{ "KeyUpdate", &TLS13, "1800000101", 0 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		is_int(check_prefixes(cases[i].name, cases[i].s, TV_DIR_SERVER,
				      cases[i].hex), cases[i].clean,
		       "%s: %zu well-formed prefixes", cases[i].name,
		       cases[i].clean);
		check_flips(cases[i].name, cases[i].s, TV_DIR_SERVER,
			    cases[i].hex);
	}
}

int main(void)
{
	test_new_session_ticket();
	test_finished_and_ee();
	test_key_update();
	test_empty_messages();
	test_unknown_and_short();
	test_rare_messages();
	test_robustness();
	return done_testing();
}
