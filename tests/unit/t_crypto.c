/*
 * tls/crypto: the key schedules and record decryption against published
 * vectors: RFC 8448's traffic keys and records (TLS 1.3), the TLS 1.2
 * PRF vectors posted to the IETF TLS list (SHA-256 and SHA-384), and the
 * TLS 1.0 PRF against an independent computation (Python's hmac).
 * Damaged and cut records must fail with the right reason.
 */
#include <stdlib.h>
#include <string.h>

#include "rfc8448.h"
#include "tap.h"
#include "tls/crypto.h"

static char hexbuf[4096];

static const char *hex(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && 2 * i + 2 < sizeof hexbuf; i++)
		snprintf(hexbuf + 2 * i, 3, "%02x", p[i]);
	hexbuf[2 * i] = '\0';
	return hexbuf;
}

static tls_suite_params suite(unsigned id)
{
	tls_suite_params p;
	const char *why;
	char buf[192];

	if (!tls_suite_params_get(id, &p, buf, sizeof buf, &why))
		diag("suite 0x%04x: %s", id, why);
	return p;
}

static void test_suite_params(void)
{
	tls_suite_params p;
	const char *why;
	char buf[192];

	p = suite(0x1301);
	ok(p.tls13 && p.kind == TLS_CIPHER_AEAD && p.key_len == 16 &&
	       p.fixed_iv_len == 12 && p.tag_len == 16 &&
	       p.prf == GNUTLS_MAC_SHA256,
	   "TLS_AES_128_GCM_SHA256: AEAD, 16-byte key, 12-byte iv, SHA-256");
	p = suite(0x1302);
	ok(p.key_len == 32 && p.prf == GNUTLS_MAC_SHA384,
	   "TLS_AES_256_GCM_SHA384: 32-byte key, SHA-384");
	p = suite(0x1305);
	ok(p.tag_len == 8 && p.cipher == GNUTLS_CIPHER_AES_128_CCM_8,
	   "TLS_AES_128_CCM_8_SHA256: an 8-byte tag");
	p = suite(0xc02f);
	ok(!p.tls13 && p.fixed_iv_len == 4 && p.explicit_iv_len == 8 &&
	       p.prf == GNUTLS_MAC_SHA256 && !p.rsa_kx,
	   "ECDHE-RSA-AES128-GCM-SHA256: 4-byte salt, 8-byte explicit nonce");
	p = suite(0xcca8);
	ok(p.fixed_iv_len == 12 && p.explicit_iv_len == 0,
	   "ECDHE-RSA-CHACHA20-POLY1305: 12-byte iv, no explicit nonce");
	p = suite(0x003d);
	ok(p.kind == TLS_CIPHER_CBC && p.mac == GNUTLS_MAC_SHA256 &&
	       p.mac_len == 32 && p.block_len == 16 && p.key_len == 32 &&
	       p.rsa_kx,
	   "RSA-AES256-CBC-SHA256: CBC, HMAC-SHA256, static RSA");
	p = suite(0xc030);
	ok(p.prf == GNUTLS_MAC_SHA384, "a _SHA384 suite uses the SHA-384 PRF");
	p = suite(0x000a);
	ok(p.kind == TLS_CIPHER_CBC && p.block_len == 8 && p.key_len == 24 &&
	       p.mac == GNUTLS_MAC_SHA1,
	   "RSA-3DES-EDE-CBC-SHA: 8-byte blocks, 24-byte key, HMAC-SHA1");
	ok(!tls_suite_params_get(0x0096, &p, buf, sizeof buf, &why) &&
	       strstr(why, "TLS_RSA_WITH_SEED_CBC_SHA (0x0096) is not "
			   "supported for decryption"),
	   "SEED is not supported, and the note names the suite");
	if (why)
		diag("%s", why);
	ok(!tls_suite_params_get(0x0003, &p, buf, sizeof buf, &why) &&
	       strstr(why, "export"),
	   "an export suite is refused");
	ok(!tls_suite_params_get(0x5a5a, &p, buf, sizeof buf, &why) &&
	       strstr(why, "not assigned"),
	   "an unassigned suite is refused");
}

static void keys_are(const tls_suite_params *p, const char *secret_hex,
		     const char *key, const char *iv, const char *what)
{
	uint8_t k[TLS_MAX_KEY], v[TLS_MAX_IV];
	size_t n;
	uint8_t *s = rfc_hex(secret_hex, &n);

	ok(tls13_traffic_keys(p, s, n, k, v), "%s: derived", what);
	is_str(hex(k, p->key_len), key, "%s: write key", what);
	is_str(hex(v, 12), iv, "%s: write iv", what);
	free(s);
}

static void test_tls13_keys(void)
{
	tls_suite_params p = suite(0x1301);
	uint8_t out[32];
	size_t n;
	uint8_t *s;

	keys_are(&p, RFC8448_S3_SERVER_HS, "3fce516009c21727d0f2e4e86ee403bc",
		 "5d313eb2671276ee13000b30", "RFC 8448 3 server handshake");
	keys_are(&p, RFC8448_S3_CLIENT_HS, "dbfaa693d1762c5b666af5d950258d01",
		 "5bd3c71b836e0b76bb73265f", "RFC 8448 3 client handshake");
	keys_are(&p, RFC8448_S3_SERVER_AP, "9f02283b6c9c07efc26bb9f2ac92e356",
		 "cf782b88dd83549aadf1e984", "RFC 8448 3 server application");
	keys_are(&p, RFC8448_S3_CLIENT_AP, "17422dda596ed5d9acd890e3c63f5051",
		 "5b78923dee08579033e523d9", "RFC 8448 3 client application");
	keys_are(&p, RFC8448_S4_CLIENT_EARLY,
		 "920205a5b7bf2115e6fc5c2942834f54", "6d475f0993c8e564610db2b9",
		 "RFC 8448 4 client early data");
	keys_are(&p, RFC8448_S4_SERVER_HS, "27c6bdc0a3dcea39a47326d79bc9e4ee",
		 "9569ecdd4d0536705e9ef725", "RFC 8448 4 server handshake");
	keys_are(&p, RFC8448_S4_SERVER_AP, "e857c690a34c5a9129d833619684f95e",
		 "0685d6b561aab9ef1013faf9", "RFC 8448 4 server application");

	/* RFC 8448 3: the server's finished key, HKDF-Expand-Label with an
	 * empty context */
	s = rfc_hex(RFC8448_S3_SERVER_HS, &n);
	ok(tls13_expand_label(GNUTLS_MAC_SHA256, s, n, "finished", NULL, 0, out,
			      32),
	   "expand_label(\"finished\") runs");
	is_str(
	    hex(out, 32),
	    "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8",
	    "RFC 8448 3: the server's finished key");
	/* KeyUpdate: the next secret is Expand-Label(secret, "traffic upd") */
	ok(tls13_expand_label(GNUTLS_MAC_SHA256, s, n, "traffic upd", NULL, 0,
			      out, 32) &&
	       tls13_next_secret(GNUTLS_MAC_SHA256, s, n) &&
	       memcmp(out, s, 32) == 0,
	   "tls13_next_secret is Expand-Label(secret, \"traffic upd\", \"\")");
	free(s);
}

static void test_prf(void)
{
	uint8_t out[148], *s, *seed;
	size_t n, sn;

	s = rfc_hex("9bbe436ba940f017b17652849a71db35", &n);
	seed = rfc_hex("a0ba9f936cda311827a6f796ffd5198c", &sn);
	ok(tls_prf(0x0303, GNUTLS_MAC_SHA256, s, n, "test label", seed, sn, out,
		   100),
	   "TLS 1.2 PRF (SHA-256) runs");
	is_str(
	    hex(out, 100),
	    "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
	    "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
	    "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
	    "87347b66",
	    "TLS 1.2 PRF (SHA-256): the published 100-byte vector");
	free(s);
	free(seed);
	s = rfc_hex("b80b733d6ceefcdc71566ea48e5567df", &n);
	seed = rfc_hex("cd665cf6a8447dd6ff8b27555edb7465", &sn);
	ok(tls_prf(0x0303, GNUTLS_MAC_SHA384, s, n, "test label", seed, sn, out,
		   148),
	   "TLS 1.2 PRF (SHA-384) runs");
	is_str(
	    hex(out, 148),
	    "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd"
	    "e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
	    "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
	    "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
	    "91c8f3a26854308d5eaa3be85e0990703d73e56f",
	    "TLS 1.2 PRF (SHA-384): the published 148-byte vector");
	free(s);
	free(seed);

	/* TLS 1.0/1.1: P_MD5(first half) xor P_SHA1(second half) */
	uint8_t sec[48], sd[64];

	for (int i = 0; i < 48; i++)
		sec[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		sd[i] = (uint8_t)(100 + i);
	ok(tls_prf(0x0301, GNUTLS_MAC_UNKNOWN, sec, 48, "key expansion", sd, 64,
		   out, 104),
	   "TLS 1.0 PRF runs");
	is_str(
	    hex(out, 104),
	    "7c2a8c1e1e7756ec8bc5c0448a030fe12d127c89b9eb1e0718f45abbfa9de22e"
	    "bcadc4b01bdecddbdc4a2db401ed44183c73e1d5eab2fd9c329d090d3f0d9a57"
	    "4c1c0a05f4d0273996c3c1f362a6a580a4ccefcb4cc6ee4a5482bafbe3099802"
	    "b24beba0a87c0b36",
	    "TLS 1.0 PRF: MD5 and SHA-1 halves of an even secret");
	ok(tls_prf(0x0302, GNUTLS_MAC_UNKNOWN, sec, 47, "odd", sd, 10, out, 40),
	   "TLS 1.1 PRF with an odd secret length runs");
	is_str(
	    hex(out, 40),
	    "5054b4214da786842a7a0be5b99da533ea823691ff2923522a059944bd80c46b"
	    "e50e4964df0c2a54",
	    "TLS 1.1 PRF: the halves of an odd secret share its middle byte");
}

/* Decrypt one RFC record; *pt the plaintext (hex), *type its type. */
static tls_dec_result open_record(const char *secret_hex, const char *rec,
				  uint64_t seq, uint8_t *type, char *pt,
				  size_t ptsize)
{
	tls_suite_params p = suite(0x1301);
	tls_rec_cipher rc;
	uint8_t key[TLS_MAX_KEY], iv[TLS_MAX_IV], out[TLS_REC_MAX];
	size_t n, sn, outlen = 0;
	uint8_t *r = rfc_hex(rec, &n), *s = rfc_hex(secret_hex, &sn);
	tls_dec_result res;

	tls13_traffic_keys(&p, s, sn, key, iv);
	tls_rec_cipher_init(&rc, &p, 0x0304, false, key, iv, NULL);
	res = tls_rec_decrypt(&rc, seq, r, r + 5, n - 5, out, &outlen, type);
	snprintf(pt, ptsize, "%s", hex(out, outlen));
	tls_rec_cipher_clear(&rc);
	free(r);
	free(s);
	return res;
}

static void test_tls13_records(void)
{
	static char pt[4096], want[4096];
	uint8_t type = 0;

	is_int(open_record(RFC8448_S3_SERVER_HS, rfc8448_sflight3, 0, &type, pt,
			   sizeof pt),
	       TLS_DEC_OK, "RFC 8448 3: the server's flight decrypts");
	is_int(type, 22, "its inner content type is handshake");
	snprintf(want, sizeof want, "%s%s%s%s", rfc8448_ee3, rfc8448_cert3,
		 rfc8448_cv3, rfc8448_sfin3);
	is_str(pt, want,
	       "its plaintext is EncryptedExtensions, Certificate, "
	       "CertificateVerify and Finished exactly");
	is_int(open_record(RFC8448_S3_CLIENT_HS, rfc8448_cfin3, 0, &type, pt,
			   sizeof pt),
	       TLS_DEC_OK, "RFC 8448 3: the client's Finished decrypts");
	is_str(pt, rfc8448_cfinmsg3, "to the client's Finished message");
	is_int(open_record(RFC8448_S3_SERVER_AP, rfc8448_nst3, 0, &type, pt,
			   sizeof pt),
	       TLS_DEC_OK, "the NewSessionTicket decrypts (application keys)");
	is_str(pt, rfc8448_nstmsg3, "to the NewSessionTicket message");
	is_int(open_record(RFC8448_S3_SERVER_AP, rfc8448_sapp3, 1, &type, pt,
			   sizeof pt),
	       TLS_DEC_OK, "the server's application data is record 1");
	is_int(type, 23, "of type application_data");
	is_str(
	    pt,
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "202122232425262728292a2b2c2d2e2f3031",
	    "holding the bytes 00..31");
	is_int(open_record(RFC8448_S3_SERVER_AP, rfc8448_salert3, 2, &type, pt,
			   sizeof pt),
	       TLS_DEC_OK, "the server's close_notify decrypts");
	ok(type == 21 && strcmp(pt, "0100") == 0,
	   "to an alert: warning close_notify");
	is_int(open_record(RFC8448_S3_SERVER_AP, rfc8448_sapp3, 0, &type, pt,
			   sizeof pt),
	       TLS_DEC_AUTH, "the wrong sequence number fails the tag");
	is_int(open_record(RFC8448_S3_CLIENT_HS, rfc8448_sflight3, 0, &type, pt,
			   sizeof pt),
	       TLS_DEC_AUTH, "the other side's keys fail the tag");
	is_int(open_record(RFC8448_S4_CLIENT_EARLY, rfc8448_early4, 0, &type,
			   pt, sizeof pt),
	       TLS_DEC_OK, "RFC 8448 4: the 0-RTT record decrypts");
	is_str(pt, "414243444546", "to the early data \"ABCDEF\"");
	is_int(open_record(RFC8448_S4_CLIENT_EARLY, rfc8448_eoed4, 1, &type, pt,
			   sizeof pt),
	       TLS_DEC_OK, "RFC 8448 4: EndOfEarlyData is early record 1");
	is_str(pt, "05000000", "an empty EndOfEarlyData message");
}

/* Every byte flipped, every prefix: a reason, never a crash. */
static void test_damaged(void)
{
	tls_suite_params p = suite(0x1301);
	tls_rec_cipher rc;
	uint8_t key[TLS_MAX_KEY], iv[TLS_MAX_IV], out[TLS_REC_MAX], type;
	size_t n, sn, outlen;
	uint8_t *r = rfc_hex(rfc8448_cfin3, &n);
	uint8_t *s = rfc_hex(RFC8448_S3_CLIENT_HS, &sn);
	int auth = 0, cut = 0;

	tls13_traffic_keys(&p, s, sn, key, iv);
	tls_rec_cipher_init(&rc, &p, 0x0304, false, key, iv, NULL);
	for (size_t i = 0; i < n; i++) {
		r[i] ^= 0x40;
		auth += tls_rec_decrypt(&rc, 0, r, r + 5, n - 5, out, &outlen,
					&type) == TLS_DEC_AUTH;
		r[i] ^= 0x40;
	}
	is_int(auth, n, "each of the %zu bytes flipped fails the AEAD tag", n);
	for (size_t k = 0; k < n - 5; k++) {
		tls_dec_result res =
		    tls_rec_decrypt(&rc, 0, r, r + 5, k, out, &outlen, &type);

		cut += res == TLS_DEC_AUTH || res == TLS_DEC_MALFORMED;
	}
	is_int(cut, n - 5, "every prefix of the body fails (tag or too short)");
	is_int(tls_rec_decrypt(&rc, 0, r, r + 5, 16, out, &outlen, &type),
	       TLS_DEC_MALFORMED, "a body no longer than the tag is malformed");
	is_int(tls_rec_decrypt(&rc, 0, r, r + 5, n - 5, out, &outlen, &type),
	       TLS_DEC_OK, "the undamaged record still decrypts");
	tls_rec_cipher_clear(&rc);
	free(r);
	free(s);
}

/* TLS 1.2 CBC: a record made with GnuTLS's encryption and HMAC, opened
 * by tls_rec_decrypt, MAC-then-encrypt and encrypt_then_mac. */
static size_t cbc_record(const tls_suite_params *p, bool etm,
			 const uint8_t *key, const uint8_t *mac_key,
			 const uint8_t *content, size_t clen, uint8_t *rec)
{
	uint8_t iv[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
	uint8_t plain[256], ad[13] = {0, 0, 0, 0, 0, 0, 0, 5, 23, 3, 3};
	size_t bs = p->block_len, n = 0, pad;
	gnutls_cipher_hd_t h;
	gnutls_datum_t k = {(unsigned char *)key, p->key_len};
	gnutls_datum_t v = {iv, (unsigned)bs};

	memcpy(plain, content, clen);
	n = clen;
	ad[11] = (uint8_t)(clen >> 8);
	ad[12] = (uint8_t)clen;
	if (!etm) {
		gnutls_hmac_hd_t m;

		gnutls_hmac_init(&m, p->mac, mac_key, p->mac_len);
		gnutls_hmac(m, ad, 13);
		gnutls_hmac(m, content, clen);
		gnutls_hmac_deinit(m, plain + n);
		n += p->mac_len;
	}
	pad = bs - (n + 1) % bs;
	if (pad == bs)
		pad = 0;
	memset(plain + n, (int)pad, pad + 1);
	n += pad + 1;
	memcpy(rec + 5, iv, bs);
	gnutls_cipher_init(&h, p->cipher, &k, &v);
	gnutls_cipher_encrypt2(h, plain, n, rec + 5 + bs, n);
	gnutls_cipher_deinit(h);
	n += bs;
	if (etm) {
		gnutls_hmac_hd_t m;

		ad[11] = (uint8_t)(n >> 8);
		ad[12] = (uint8_t)n;
		gnutls_hmac_init(&m, p->mac, mac_key, p->mac_len);
		gnutls_hmac(m, ad, 13);
		gnutls_hmac(m, rec + 5, n);
		gnutls_hmac_deinit(m, rec + 5 + n);
		n += p->mac_len;
	}
	rec[0] = 23;
	rec[1] = 3;
	rec[2] = 3;
	rec[3] = (uint8_t)(n >> 8);
	rec[4] = (uint8_t)n;
	return n;
}

static void test_cbc(void)
{
	tls_suite_params p = suite(0xc013); /* ECDHE-RSA-AES128-SHA */
	uint8_t key[16] = {1, 2, 3}, mac[20] = {4, 5, 6};
	uint8_t rec[512], out[512], type;
	const uint8_t msg[] = "GET / HTTP/1.0\r\n\r\n";
	tls_rec_cipher rc;
	size_t n, outlen;

	for (int etm = 0; etm < 2; etm++) {
		n = cbc_record(&p, etm, key, mac, msg, sizeof msg - 1, rec);
		tls_rec_cipher_init(&rc, &p, 0x0303, etm, key, NULL, mac);
		is_int(tls_rec_decrypt(&rc, 5, rec, rec + 5, n, out, &outlen,
				       &type),
		       TLS_DEC_OK, "AES-128-CBC-SHA %s: decrypts",
		       etm ? "encrypt_then_mac" : "MAC-then-encrypt");
		ok(outlen == sizeof msg - 1 && !memcmp(out, msg, outlen),
		   "  to the content, padding and MAC removed");
		is_int(tls_rec_decrypt(&rc, 6, rec, rec + 5, n, out, &outlen,
				       &type),
		       TLS_DEC_AUTH,
		       "  the wrong sequence number fails the MAC");
		rec[5 + 20] ^= 1;
		ok(tls_rec_decrypt(&rc, 5, rec, rec + 5, n, out, &outlen,
				   &type) != TLS_DEC_OK,
		   "  a flipped ciphertext bit fails");
		is_int(tls_rec_decrypt(&rc, 5, rec, rec + 5, n - 3, out,
				       &outlen, &type),
		       TLS_DEC_MALFORMED,
		       "  a body not in whole blocks is "
		       "malformed");
		tls_rec_cipher_clear(&rc);
	}
}

int main(void)
{
	test_suite_params();
	test_tls13_keys();
	test_prf();
	test_tls13_records();
	test_damaged();
	test_cbc();
	return done_testing();
}
