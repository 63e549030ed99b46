/*
 * pki/cert: X.509 parsing into tv_cert and certificate file loading.
 * The corpus root CA is fixed, so its values are asserted literally;
 * other certificates are made at test time with certtool from templates
 * with fixed dates and serials (skipped when certtool is missing).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pki/cert.h"
#include "tap.h"

/* `openssl x509 -in root-ca.crt -outform DER | sha256sum` (and sha1sum) */
#define ROOT_SHA256                                                            \
	"17e1759a8269b2c75f5e0a6d151f270a79d032cc59897f83f0c7662a8f211594"
#define ROOT_SHA1 "8d0149e60288f3a920ca503f648d1ca8d2090507"

static char corpus_path[512];
static char tmpdir[64];

static const char *corpus(const char *name)
{
	const char *dir = getenv("TV_CORPUS");

	snprintf(corpus_path, sizeof corpus_path, "%s/%s",
		 dir ? dir : "tests/corpus", name);
	return corpus_path;
}

static const char *tmp(const char *name)
{
	static char path[4][256];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
	return p;
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n)
		diag("cannot write %s", path);
	if (f)
		fclose(f);
}

static void test_root_ca(void)
{
	tv_arena a;
	tv_certlist l = {NULL, 0};
	tv_error err = {TV_OK, ""};
	tv_cert *c;

	tv_arena_init(&a);
	ok(tv_cert_load_file(&a, corpus("root-ca.crt"), &l, &err),
	   "root-ca.crt loads as PEM (%s)", err.msg);
	is_int(l.n, 1, "root-ca.crt holds one certificate");
	if (l.n != 1)
		goto out;
	c = &l.v[0];
	is_int(c->position, 0, "root: position 0");
	ok(c->error == NULL, "root: no error");
	is_str(c->sha256, ROOT_SHA256, "root: sha256 of the DER");
	is_str(c->sha1, ROOT_SHA1, "root: sha1 of the DER");
	is_str(c->subject, "CN=Referee Root CA,O=Referee",
	       "root: subject in RFC 4514 order");
	is_str(c->issuer, "CN=Referee Root CA,O=Referee",
	       "root: issuer equals subject");
	is_str(c->serial, "7463dc1ea5b00265bc5a6fb4f56d1ce004653a84",
	       "root: serial as lower-case hex");
	is_int(c->not_before, 1795390689,
	       "root: not_before 2026-11-22T23:38:09Z");
	is_int(c->not_after, 2426110689,
	       "root: not_after 2046-11-17T23:38:09Z");
	is_int(c->n_san, 0, "root: no SAN");
	is_str(c->key_algorithm, "RSA", "root: RSA key");
	is_int(c->key_bits, 3072, "root: 3072-bit key");
	ok(c->key_curve == NULL, "root: RSA has no curve");
	is_str(c->signature_algorithm, "RSA-SHA256", "root: RSA-SHA256");
	is_int(c->version, 3, "root: X.509 v3");
	ok(c->is_ca, "root: basicConstraints cA");
	ok(c->self_signed, "root: self-signed (own key verifies it)");
	ok(c->der != NULL && c->der_len > 500 && c->der[0] == 0x30,
	   "root: der points at the DER SEQUENCE (%zu bytes)", c->der_len);
out:
	tv_arena_free(&a);
}

/* The DER of root-ca.crt, copied out of a loaded list (caller frees). */
static uint8_t *root_der(size_t *len)
{
	tv_arena a;
	tv_certlist l = {NULL, 0};
	tv_error err;
	uint8_t *p = NULL;

	tv_arena_init(&a);
	*len = 0;
	if (tv_cert_load_file(&a, corpus("root-ca.crt"), &l, &err) && l.n) {
		*len = l.v[0].der_len;
		p = malloc(*len);
		memcpy(p, l.v[0].der, *len);
	}
	tv_arena_free(&a);
	return p;
}

static void test_bad_signature(const uint8_t *der, size_t len)
{
	tv_arena a;
	tv_cert c = {0};
	uint8_t *bad = malloc(len);

	/* The last byte is inside the signature BIT STRING: the DER stays
	 * valid, the names still match, only the signature breaks. */
	memcpy(bad, der, len);
	bad[len - 1] ^= 0x01;
	tv_arena_init(&a);
	ok(tv_cert_parse(&a, bad, len, &c), "broken signature: still parses");
	is_str(c.subject, c.issuer, "broken signature: subject equals issuer");
	ok(!c.self_signed,
	   "broken signature: not self-signed (the signature is checked)");
	ok(c.is_ca, "broken signature: other fields still decoded");
	tv_arena_free(&a);
	free(bad);
}

static void test_truncated(const uint8_t *der, size_t len)
{
	size_t bad = 0, unsafe = 0;

	for (size_t n = 0; n < len; n++) {
		tv_arena a;
		tv_cert c = {0};
		uint8_t *p = malloc(n ? n : 1);
		bool parsed;

		memcpy(p, der, n);
		tv_arena_init(&a);
		c.position = 2;
		parsed = tv_cert_parse(&a, p, n, &c);
		if (parsed || !c.error || c.subject || c.issuer || c.serial ||
		    c.san || c.key_algorithm || c.signature_algorithm)
			bad++;
		if (c.der != p || c.der_len != n || strlen(c.sha256) != 64 ||
		    c.position != 2)
			unsafe++;
		tv_arena_free(&a);
		free(p);
	}
	is_int(bad, 0,
	       "every proper prefix of the root DER fails with an error and "
	       "empty fields");
	is_int(unsafe, 0,
	       "truncated DER: der, der_len, sha256 and position still set");
}

static void test_garbage(void)
{
	static const uint8_t junk[] = "this is not a certificate at all";
	static const uint8_t huge_len[] = {0x30, 0x84, 0xff, 0xff,
					   0xff, 0xff, 0x30, 0x00};
	tv_arena a;
	tv_cert c = {0};

	tv_arena_init(&a);
	ok(!tv_cert_parse(&a, junk, sizeof junk - 1, &c),
	   "garbage: parse fails");
	ok(c.error &&
	       strncmp(c.error, "the certificate is not valid DER: ", 34) == 0,
	   "garbage: error says not valid DER (%s)", c.error);
	ok(c.subject == NULL && c.key_algorithm == NULL && c.n_san == 0 &&
	       !c.is_ca && !c.self_signed && c.version == 0,
	   "garbage: other fields stay empty");
	/* printf 'this is not a certificate at all' | sha256sum */
	is_str(
	    c.sha256,
	    "8f6143920d47e967e241bdf850756c187fc293122dc13e4cad943c54dfb3900e",
	    "garbage: sha256 of the bytes still set");
	memset(&c, 0, sizeof c);
	ok(!tv_cert_parse(&a, huge_len, sizeof huge_len, &c) && c.error,
	   "SEQUENCE claiming 4 GiB: error, no crash");
	memset(&c, 0, sizeof c);
	ok(!tv_cert_parse(&a, NULL, 0, &c), "empty input: parse fails");
	is_str(c.error, "the certificate is empty", "empty input: says so");
	is_str(
	    c.sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "empty input: sha256 of nothing");
	tv_arena_free(&a);
}

static void test_certlist_push(void)
{
	tv_arena a;
	tv_certlist l = {NULL, 0};
	size_t wrong = 0;

	tv_arena_init(&a);
	for (int i = 0; i < 100; i++) {
		tv_cert *c = tv_certlist_push(&a, &l);

		if (c != &l.v[i] || c->position != i || c->der)
			wrong++;
		c->key_bits = (unsigned)i;
	}
	for (int i = 0; i < 100; i++)
		if (l.v[i].key_bits != (unsigned)i || l.v[i].position != i)
			wrong++;
	is_int(l.n, 100, "certlist: 100 pushes give 100 entries");
	is_int(wrong, 0, "certlist: entries keep their values as it grows");
	tv_arena_free(&a);
}

static const char ca_tmpl[] = "cn = \"tlsview Test CA\"\n"
			      "organization = \"tlsview\"\n"
			      "serial = 0x0a01\n"
			      "activation_date = \"2020-01-01 00:00:00\"\n"
			      "expiration_date = \"2040-01-01 00:00:00\"\n"
			      "ca\n"
			      "cert_signing_key\n";

static const char leaf_tmpl[] = "cn = \"leaf.example\"\n"
				"serial = 0x00ff02\n"
				"activation_date = \"2021-02-03 04:05:06\"\n"
				"expiration_date = \"2031-02-03 04:05:06\"\n"
				"dns_name = \"leaf.example\"\n"
				"dns_name = \"*.leaf.example\"\n"
				"ip_address = \"192.0.2.7\"\n"
				"ip_address = \"2001:db8:0:0:0:0:0:1\"\n"
				"uri = \"https://leaf.example/\"\n"
				"tls_www_server\n";

static const char ed_tmpl[] = "cn = \"ed25519.example\"\n"
			      "serial = 7\n"
			      "activation_date = \"2022-06-01 12:00:00\"\n"
			      "expiration_date = \"2032-06-01 12:00:00\"\n";

#define CERTTOOL "certtool >/dev/null 2>&1 "

static bool make_certs(void)
{
	write_file(tmp("ca.tmpl"), ca_tmpl, sizeof ca_tmpl - 1);
	write_file(tmp("leaf.tmpl"), leaf_tmpl, sizeof leaf_tmpl - 1);
	write_file(tmp("ed.tmpl"), ed_tmpl, sizeof ed_tmpl - 1);
	write_file(tmp("text.txt"), "hello, world\n", 13);
	write_file(tmp("empty"), "", 0);
	return sh(CERTTOOL "--generate-privkey --key-type=ecdsa "
			   "--curve=secp256r1 --outfile %s/ca.key",
		  tmpdir) == 0 &&
	       sh(CERTTOOL "--generate-self-signed --load-privkey %s/ca.key "
			   "--template %s/ca.tmpl --outfile %s/ca.crt",
		  tmpdir, tmpdir, tmpdir) == 0 &&
	       sh(CERTTOOL "--generate-privkey --key-type=ecdsa "
			   "--curve=secp256r1 --outfile %s/leaf.key",
		  tmpdir) == 0 &&
	       sh(CERTTOOL "--generate-certificate --load-privkey %s/leaf.key "
			   "--load-ca-privkey %s/ca.key "
			   "--load-ca-certificate %s/ca.crt "
			   "--template %s/leaf.tmpl --outfile %s/leaf.crt",
		  tmpdir, tmpdir, tmpdir, tmpdir, tmpdir) == 0 &&
	       sh(CERTTOOL "--certificate-info --infile %s/leaf.crt --outder "
			   "--outfile %s/leaf.der",
		  tmpdir, tmpdir) == 0 &&
	       sh(CERTTOOL "--generate-privkey --key-type=ed25519 "
			   "--outfile %s/ed.key",
		  tmpdir) == 0 &&
	       sh(CERTTOOL "--generate-self-signed --load-privkey %s/ed.key "
			   "--template %s/ed.tmpl --outfile %s/ed.crt",
		  tmpdir, tmpdir, tmpdir) == 0 &&
	       sh("cat %s/leaf.crt %s/ca.crt > %s/bundle.pem", tmpdir, tmpdir,
		  tmpdir) == 0 &&
	       sh("sed 's/^M/!/' %s/ca.crt > %s/badb64.pem", tmpdir, tmpdir) ==
		   0 &&
	       sh("head -n 3 %s/ca.crt > %s/noend.pem", tmpdir, tmpdir) == 0;
}

static void check_leaf(const tv_cert *c, const char *how)
{
	static const char *const want_san[] = {"leaf.example", "*.leaf.example",
					       "URI:https://leaf.example/",
					       "192.0.2.7", "2001:db8::1"};
	size_t n = sizeof want_san / sizeof want_san[0];

	ok(c->error == NULL, "%s leaf: parses", how);
	is_str(c->subject, "CN=leaf.example", "%s leaf: subject", how);
	is_str(c->issuer, "CN=tlsview Test CA,O=tlsview",
	       "%s leaf: issuer is the CA, RFC 4514 order", how);
	is_str(c->serial, "ff02", "%s leaf: serial without the DER sign byte",
	       how);
	is_int(c->not_before, 1612325106,
	       "%s leaf: not_before from the template", how);
	is_int(c->not_after, 1927857906, "%s leaf: not_after from the template",
	       how);
	is_int(c->n_san, n, "%s leaf: 5 SAN entries (DNS, URI, IPs)", how);
	for (size_t i = 0; i < n && i < c->n_san; i++)
		is_str(c->san[i], want_san[i], "%s leaf: SAN %zu", how, i);
	is_str(c->key_algorithm, "EC", "%s leaf: EC key", how);
	is_str(c->key_curve, "secp256r1", "%s leaf: curve secp256r1", how);
	is_int(c->key_bits, 256, "%s leaf: 256 bits", how);
	is_str(c->signature_algorithm, "ECDSA-SHA256",
	       "%s leaf: signed ECDSA-SHA256", how);
	is_int(c->version, 3, "%s leaf: v3", how);
	ok(!c->is_ca, "%s leaf: not a CA", how);
	ok(!c->self_signed, "%s leaf: not self-signed", how);
}

static void test_generated(void)
{
	tv_arena a;
	tv_certlist l = {NULL, 0};
	tv_error err = {TV_OK, ""};

	tv_arena_init(&a);
	ok(tv_cert_load_file(&a, tmp("bundle.pem"), &l, &err),
	   "PEM bundle loads (%s)", err.msg);
	is_int(l.n, 2, "PEM bundle: two certificates");
	if (l.n == 2) {
		check_leaf(&l.v[0], "PEM");
		is_int(l.v[1].position, 1, "PEM bundle: CA at position 1");
		is_str(l.v[1].subject, "CN=tlsview Test CA,O=tlsview",
		       "PEM bundle: CA subject");
		is_str(l.v[1].serial, "0a01", "PEM bundle: CA serial");
		is_int(l.v[1].not_before, 1577836800, "CA: not_before");
		is_int(l.v[1].not_after, 2208988800, "CA: not_after");
		ok(l.v[1].is_ca && l.v[1].self_signed,
		   "PEM bundle: CA is a self-signed CA");
		ok(l.v[0].not_before < l.v[0].not_after,
		   "leaf: not_before < not_after");
	}

	ok(tv_cert_load_file(&a, tmp("leaf.der"), &l, &err),
	   "DER file loads (%s)", err.msg);
	is_int(l.n, 3, "DER file: appended one certificate");
	if (l.n == 3) {
		check_leaf(&l.v[2], "DER");
		is_str(l.v[2].sha256, l.v[0].sha256,
		       "DER and PEM of the leaf hash alike");
	}

	ok(tv_cert_load_file(&a, tmp("ed.crt"), &l, &err),
	   "Ed25519 certificate loads (%s)", err.msg);
	if (l.n == 4) {
		const tv_cert *c = &l.v[3];

		is_str(c->key_algorithm, "Ed25519", "Ed25519: key algorithm");
		ok(c->key_curve == NULL, "Ed25519: no separate curve");
		is_int(c->key_bits, 256, "Ed25519: 256 bits");
		is_str(c->signature_algorithm, "EdDSA-Ed25519",
		       "Ed25519: signature algorithm");
		is_str(c->serial, "07", "Ed25519: serial 07");
		ok(!c->is_ca, "Ed25519: cA false");
		ok(c->self_signed, "Ed25519: self-signed although not a CA");
		is_int(c->not_before, 1654084800, "Ed25519: not_before");
		is_int(c->not_after, 1969704000, "Ed25519: not_after");
	}
	tv_arena_free(&a);
}

static void load_fails(const char *name, tv_status want, const char *says,
		       const char *what)
{
	tv_arena a;
	tv_cert *keep;
	tv_certlist l = {NULL, 0};
	tv_error err = {TV_OK, ""};

	tv_arena_init(&a);
	keep = tv_certlist_push(&a, &l);
	keep->key_bits = 42;
	ok(!tv_cert_load_file(&a, name, &l, &err), "%s: load fails", what);
	is_int(err.status, want, "%s: status %s", what, tv_status_text(want));
	ok(strstr(err.msg, says) != NULL, "%s: message says \"%s\" (%s)", what,
	   says, err.msg);
	ok(l.n == 1 && l.v[0].key_bits == 42, "%s: the list is left as it was",
	   what);
	tv_arena_free(&a);
}

static void test_load_errors(void)
{
	load_fails(tmp("missing.pem"), TV_IO, "No such file", "missing file");
	load_fails(tmp("text.txt"), TV_MALFORMED,
		   "not PEM, and the certificate is not valid DER",
		   "text file");
	load_fails(tmp("empty"), TV_MALFORMED, "empty file", "empty file");
	load_fails(tmp("ca.key"), TV_MALFORMED, "without any CERTIFICATE",
		   "PEM private key");
	load_fails(tmp("badb64.pem"), TV_MALFORMED,
		   "certificate 1: bad PEM data", "PEM with corrupt base64");
	load_fails(tmp("noend.pem"), TV_MALFORMED, "no END line",
		   "PEM without END line");
}

int main(void)
{
	size_t len;
	uint8_t *der;

	test_root_ca();
	der = root_der(&len);
	ok(der != NULL, "root DER available for the malformed-input tests");
	if (der) {
		test_bad_signature(der, len);
		test_truncated(der, len);
		free(der);
	}
	test_garbage();
	test_certlist_push();

	snprintf(tmpdir, sizeof tmpdir, "/tmp/t_cert.XXXXXX");
	if (system("certtool --version >/dev/null 2>&1") != 0) {
		printf(
		    "ok %d # SKIP certtool missing: generated certificates\n",
		    ++tap_n);
	} else if (!mkdtemp(tmpdir)) {
		ok(0, "cannot create a temporary directory");
	} else {
		ok(make_certs(), "certtool made the test certificates");
		test_generated();
		test_load_errors();
		sh("rm -rf %s", tmpdir);
	}
	return done_testing();
}
