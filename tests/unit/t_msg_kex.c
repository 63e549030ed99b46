/*
 * ServerKeyExchange and ClientKeyExchange: the negotiated suite's key
 * exchange decides the layout.  Real ECDHE and RSA messages from the
 * corpus, hand-built ones for DHE, DH_anon, RSA export, PSK and its
 * combinations, SRP and explicit curves.
 */
#include "msg_test.h"

/* Messages extracted with tshark from tests/corpus. */
/* tls12-ecdhe-rsa-gcm, frame 6: 300 bytes */
static const char ske_ecdhe_rsa[] =
	"0c00012803001d20e48578259692d2c3119a0a6566288d4807a2cbe75b14daa8"
	"27a69876696fd67508040100148bfe86d0e913b722adfc4e3f5b7574ddca7459"
	"f7cde2366e1abeab4fd41b0e488f7eb461d7e0cd9d448ced3ebdd6e154a336c1"
	"c458bde3d786e2e39297d1ff9872a147cf9ae3b0682b4cc068eee3e19f226d54"
	"3472bc2c95a027a1580648bc46514fb1608697e985fb11d6cfca954bc1b23a71"
	"6098a41ab6c5e8495a2501cb915490189c505bf28580221286154b67eeb68a8f"
	"6200f1637b7bcbd0ca6e849f8e4576d7cf8e02215a1d4bc1647e0f692af1ed89"
	"6478af865dfe13da76c279e86c215802ee785f6c96a5464a0c4dc0ac64bcd2d3"
	"fce9f7a9761ad4f6a6bca177b8c41e6651d47512349098a0e0a6388a833761b7"
	"302e71d65b05d7b98fdff8b4";
/* tls12-clientauth, frame 6: 115 bytes */
static const char ske_ecdhe_ecdsa[] =
	"0c00006f03001d204ee1d64d753040c8c028378284e498242903e52fae05e875"
	"d806abcbfcc45521040300473045022100ed9cb6630f3adc2592406c0cd2fd53"
	"b22a631bdb86d1f75f650ec356ab781f29022054012a7662ef20f1d8ea75faf4"
	"496a26901296bef72fa8e2cb24d5ba8d3fe132";
/* tls12-ecdhe-rsa-gcm, frame 8: 37 bytes */
static const char cke_ecdhe[] =
	"10000021203fe98153e95e2f94dff47d378b450a9fcdb61c1365be6d51e13cc5"
	"c36f704566";
/* tls12-rsa-cbc, frame 8: 262 bytes */
static const char cke_rsa[] =
	"1000010201000a40f791a57b9d8c69f52daef594306adc7712662f1e6c80279d"
	"486b8b1467f2cfa7d4673665ff413c528ea2fea0bfd1836125613d4e6fdd1914"
	"084eefb6beb4ccfdfcbfd2e20b40fa6111d0e43c76cc8fdd807cc4e16f5b58d8"
	"69d761c6e30290b85192f6cd89500e99a6b4af5b0aa6a095a51deb9f3839d9e4"
	"7980a2e175725272498662174157595dd8bd8a188b9f0e77b96a223a93a41171"
	"88994b4baac48fe5a4ebfc71a44880dab90c81a315aae6020b69212376b1aa55"
	"d93fe752b6cd77f0d9746ae9f25db7994fd128471d0c289526635be88b53549e"
	"1c1e1f5f74ac1223fa4849defeb02c2f48c7e10ee6aa79ef02bf968e91a01b54"
	"61dcad65d41a";

/* Hand-built (RFC 5246 7.4.3, RFC 4279, RFC 5489, RFC 5054, RFC 4492). */
static const char ske_dhe[] =
	"0c000018" "000900c5a7b3d1e2f40913" "000102" "0002abcd"
	"0401" "00021234";
static const char ske_dh_anon[] = "0c00000a" "000200ff" "000102" "000107";
static const char ske_psk[] = "0c000006" "000468696e74";
static const char ske_ecdhe_psk[] =
	"0c00000d" "000468696e74" "03" "0017" "0304aabb";
static const char ske_rsa_export[] =
	"0c00000e" "000300c1ff" "0003010001" "00025678";
static const char ske_srp[] =
	"0c00000e" "0002ffff" "000102" "020102" "00020304";
static const char ske_explicit[] =
	"0c000016" "01" "0117" "0101" "0102" "0104" "0105" "0101" "0204aa"
	"0804" "00029999";
static const char cke_psk[] = "10000009" "0007636c69656e7431";
static const char cke_ecdhe_psk[] =
	"1000000d" "0007636c69656e7431" "0304ccdd";
static const char cke_dhe_psk[] = "1000000d" "0007636c69656e7431" "0002eeff";
static const char cke_rsa_psk[] =
	"1000000e" "0007636c69656e7431" "0003112233";
static const char cke_srp[] = "10000004" "0002abcd";
static const char cke_dh_implicit[] = "10000000";

/* TLS 1.2 unless said otherwise; the suite sets the key exchange. */
static tv_msg *decode_with(tv_conn **c, int version, int suite, tv_dir dir,
			   const char *hex)
{
	msg_setup s = { version, suite, false };

	*c = conn_with(&s);
	return decode_hex(*c, dir, hex);
}

static void test_ske_ecdhe_rsa(void)
{
	tv_conn *c;
	tv_msg *m = decode_with(&c, 0x0303, 0xc02f, TV_DIR_SERVER,
				ske_ecdhe_rsa);

	is_str(m->type, "server_key_exchange", "type server_key_exchange");
	ok(m->error == NULL, "ECDHE_RSA ServerKeyExchange decodes");
	is_str(F_label(m, "curve_type"), "named_curve", "curve_type");
	is_int(F_num(m, "named_curve"), 0x001d, "named_curve 0x001d");
	is_str(F_label(m, "named_curve"), "x25519", "labelled x25519");
	is_str(F_str(m, "public"),
	       "e48578259692d2c3119a0a6566288d48"
	       "07a2cbe75b14daa827a69876696fd675",
	       "the server's public key as tshark shows it");
	is_int(F(m, "public")->off, 7, "public covers its length byte");
	is_str(F_label(m, "algorithm"), "rsa_pss_rsae_sha256",
	       "signed with rsa_pss_rsae_sha256");
	is_int(F(m, "signature")->nbytes, 256, "a 2048-bit RSA signature");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0xcca9, TV_DIR_SERVER, ske_ecdhe_ecdsa);
	ok(m->error == NULL, "ECDHE_ECDSA ServerKeyExchange decodes");
	is_str(F_label(m, "algorithm"), "ecdsa_secp256r1_sha256",
	       "signed with ecdsa_secp256r1_sha256");
	tv_conn_free(c);
}

static void test_ske_other_kx(void)
{
	tv_conn *c;
	tv_msg *m;

	m = decode_with(&c, 0x0303, 0x009e, TV_DIR_SERVER, ske_dhe);
	ok(m->error == NULL, "DHE_RSA ServerKeyExchange decodes");
	is_str(F_str(m, "dh_p"), "00c5a7b3d1e2f40913", "dh_p");
	is_int(F_num(m, "dh_p_bits"), 64, "dh_p_bits ignores leading zeros");
	is_str(F_str(m, "dh_g"), "02", "dh_g");
	is_str(F_str(m, "dh_Ys"), "abcd", "dh_Ys");
	is_str(F_label(m, "algorithm"), "rsa_pkcs1_sha256", "signature alg");
	is_str(F_str(m, "signature"), "1234", "signature");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0x0034, TV_DIR_SERVER, ske_dh_anon);
	ok(m->error == NULL && !F(m, "signature"),
	   "DH_anon ServerKeyExchange has no signature");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0x008c, TV_DIR_SERVER, ske_psk);
	is_str(F_str(m, "psk_identity_hint"), "hint", "PSK identity hint");
	ok(F(m, "psk_identity_hint")->kind == TVF_STRING, "as a STRING");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0xc035, TV_DIR_SERVER, ske_ecdhe_psk);
	ok(m->error == NULL, "ECDHE_PSK ServerKeyExchange decodes");
	ok(F(m, "psk_identity_hint") && F_num(m, "named_curve") == 0x17 &&
	   !F(m, "signature"), "hint, curve, no signature");
	tv_conn_free(c);

	m = decode_with(&c, 0x0301, 0x0003, TV_DIR_SERVER, ske_rsa_export);
	ok(m->error == NULL, "RSA export ServerKeyExchange decodes");
	is_str(F_str(m, "rsa_modulus"), "00c1ff", "rsa_modulus");
	is_str(F_str(m, "rsa_exponent"), "010001", "rsa_exponent");
	ok(!F(m, "algorithm") && F(m, "signature"),
	   "TLS 1.0 signature without algorithm");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0xc01d, TV_DIR_SERVER, ske_srp);
	ok(m->error == NULL, "SRP ServerKeyExchange decodes");
	is_str(F_str(m, "srp_s"), "0102", "srp_s");
	is_str(F_str(m, "srp_B"), "0304", "srp_B");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0xc02f, TV_DIR_SERVER, ske_explicit);
	ok(m->error == NULL, "explicit_prime curve decodes: %s",
	   m->error ? m->error : "ok");
	is_str(F_label(m, "curve_type"), "explicit_prime", "explicit_prime");
	is_str(F_str(m, "prime_p"), "17", "prime_p");
	is_str(F_str(m, "cofactor"), "01", "cofactor");
	is_str(F_str(m, "public"), "04aa", "public point");
	tv_conn_free(c);
}

static void test_ske_unknown_and_errors(void)
{
	tv_conn *c;
	tv_msg *m;

	m = decode_with(&c, 0x0303, -1, TV_DIR_SERVER, ske_dhe);
	ok(m->error == NULL && F(m, "data") && F(m, "data")->nbytes == 24,
	   "without a chosen suite the body is kept as data");
	ok(note_has(c, "no ServerHello chose a cipher suite"), "noted");
	tv_conn_free(c);

	m = decode_with(&c, 0x0304, 0x1301, TV_DIR_SERVER, ske_dhe);
	ok(F(m, "data") && note_has(c, "suite 0x1301 is not decoded"),
	   "a TLS 1.3 suite has no ServerKeyExchange layout: data + note");
	tv_conn_free(c);

	/* ECDHE_RSA without its signature. */
	m = decode_with(&c, 0x0303, 0xc02f, TV_DIR_SERVER,
			"0c0000050300170104");
	ok(m->error && strstr(m->error, "at offset 9"),
	   "a signing suite without a signature is an error: %s", m->error);
	ok(note_has(c, "server server_key_exchange at offset 9"),
	   "noted with direction, message and offset");
	ok(F(m, "public") != NULL, "the parameters before it are kept");
	tv_conn_free(c);
}

static void test_client_key_exchange(void)
{
	tv_conn *c;
	tv_msg *m;

	m = decode_with(&c, 0x0303, 0xc02f, TV_DIR_CLIENT, cke_ecdhe);
	is_str(m->type, "client_key_exchange", "type client_key_exchange");
	ok(m->error == NULL, "ECDHE ClientKeyExchange decodes");
	is_int(F(m, "ecdh_Yc")->nbytes, 32, "ecdh_Yc: an x25519 share");
	is_int(F(m, "ecdh_Yc")->len, 33, "covering its length byte");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0x003d, TV_DIR_CLIENT, cke_rsa);
	ok(m->error == NULL, "RSA ClientKeyExchange decodes");
	is_int(F(m, "encrypted_pre_master_secret")->nbytes, 256,
	       "a 256-byte encrypted premaster secret");
	tv_conn_free(c);

	/* SSL 3.0 has no length: the same bytes are all ciphertext. */
	m = decode_with(&c, 0x0300, 0x003d, TV_DIR_CLIENT, cke_rsa);
	ok(m->error == NULL, "SSL 3.0 RSA ClientKeyExchange decodes");
	is_int(F(m, "encrypted_pre_master_secret")->nbytes, 258,
	       "SSL 3.0: the whole body is the ciphertext");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0x008c, TV_DIR_CLIENT, cke_psk);
	is_str(F_str(m, "psk_identity"), "client1", "PSK identity");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0xc035, TV_DIR_CLIENT, cke_ecdhe_psk);
	ok(m->error == NULL && F(m, "psk_identity") &&
	   !strcmp(F_str(m, "ecdh_Yc"), "04ccdd"),
	   "ECDHE_PSK: identity and ecdh_Yc");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0x0090, TV_DIR_CLIENT, cke_dhe_psk);
	ok(m->error == NULL && !strcmp(F_str(m, "dh_Yc"), "eeff"),
	   "DHE_PSK: identity and dh_Yc");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0x0094, TV_DIR_CLIENT, cke_rsa_psk);
	ok(m->error == NULL &&
	   !strcmp(F_str(m, "encrypted_pre_master_secret"), "112233"),
	   "RSA_PSK: identity and encrypted premaster secret");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0xc01d, TV_DIR_CLIENT, cke_srp);
	is_str(F_str(m, "srp_A"), "abcd", "SRP: srp_A");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0x0030, TV_DIR_CLIENT, cke_dh_implicit);
	ok(m->error == NULL, "static DH with an empty body decodes");
	is_str(F_str(m, "public_value_encoding"), "implicit",
	       "the public value is implicit (in the certificate)");
	tv_conn_free(c);

	m = decode_with(&c, 0x0303, 0xc02f, TV_DIR_CLIENT, cke_dh_implicit);
	ok(m->error != NULL, "ECDHE with an empty body is an error");
	tv_conn_free(c);
}

static void test_robustness(void)
{
	static const struct {
		const char *name;
		msg_setup s;
		tv_dir dir;
		const char *hex;
	} cases[] = {
		{ "ECDHE_RSA ServerKeyExchange", { 0x0303, 0xc02f, false },
		  TV_DIR_SERVER, ske_ecdhe_rsa },
		{ "ECDHE_ECDSA ServerKeyExchange", { 0x0303, 0xcca9, false },
		  TV_DIR_SERVER, ske_ecdhe_ecdsa },
		{ "DHE_RSA ServerKeyExchange", { 0x0303, 0x009e, false },
		  TV_DIR_SERVER, ske_dhe },
		{ "ECDHE_PSK ServerKeyExchange", { 0x0303, 0xc035, false },
		  TV_DIR_SERVER, ske_ecdhe_psk },
		{ "SRP ServerKeyExchange", { 0x0303, 0xc01d, false },
		  TV_DIR_SERVER, ske_srp },
		{ "explicit curve ServerKeyExchange", { 0x0303, 0xc02f, false },
		  TV_DIR_SERVER, ske_explicit },
		{ "ECDHE ClientKeyExchange", { 0x0303, 0xc02f, false },
		  TV_DIR_CLIENT, cke_ecdhe },
		{ "RSA ClientKeyExchange", { 0x0303, 0x003d, false },
		  TV_DIR_CLIENT, cke_rsa },
		{ "RSA_PSK ClientKeyExchange", { 0x0303, 0x0094, false },
		  TV_DIR_CLIENT, cke_rsa_psk },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		is_int(check_prefixes(cases[i].name, &cases[i].s, cases[i].dir,
				      cases[i].hex), 0,
		       "%s: no prefix is well formed", cases[i].name);
		check_flips(cases[i].name, &cases[i].s, cases[i].dir,
			    cases[i].hex);
	}
}

int main(void)
{
	test_ske_ecdhe_rsa();
	test_ske_other_kx();
	test_ske_unknown_and_errors();
	test_client_key_exchange();
	test_robustness();
	return done_testing();
}
