/*
 * Certificate inspection: DER parsing, PEM files, chain validation (path
 * building, every check, the GnuTLS referee) and the `tlsview cert`
 * writers, whose output must be valid JSON / safe text.
 *
 * The first byte says what the input is:
 *   0x30  DER certificates one after another (each cut by its outer
 *         length), checked as a chain against the corpus's test roots;
 *   '-'   a PEM file: loaded as certificates, as a trust store and as a
 *         CRL file, then the certificates checked against it;
 *   else  a --at time and a reason code (tv_time_parse, tv_explain_find).
 * The input's length picks the validation options.
 */
#include "fuzz_common.h"
#include "pki/cert.h"
#include "pki/explain.h"
#include "pki/trust.h"
#include "pki/validate.h"
#include "report/json.h"
#include "report/text.h"

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

static tv_trust *roots;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tv_error err;

	roots = tv_trust_new();
	tv_trust_add_file(roots, FUZZ_SRCDIR "/tests/corpus/root-ca.crt", &err);
	tv_trust_add_file(roots, FUZZ_SRCDIR "/captures/demo-root-ca.crt",
			  &err);
	return 0;
}

/* The outer DER element at c: its tag, length and contents. */
static size_t der_element_len(const uint8_t *p, size_t n)
{
	size_t len, hdr = 2;

	if (n < 2)
		return n;
	len = p[1];
	if (len & 0x80) {
		size_t k = len & 0x7f;

		if (k == 0 || k > 4 || n < 2 + k)
			return n;
		len = 0;
		for (size_t i = 0; i < k; i++)
			len = len << 8 | p[2 + i];
		hdr += k;
	}
	return len > n - hdr ? n : hdr + len;
}

static void options(size_t size, tv_validate_opts *o)
{
	static const char *const hosts[] = {NULL, "localhost",
					    "www.referee.test", "127.0.0.1"};

	memset(o, 0, sizeof *o);
	o->at_us = (size & 4 ? 2100000000LL : 1750000000LL) * 1000000;
	o->time_source = TV_TIME_AT;
	o->hostname = hosts[size & 3];
	o->find_leaf = size & 8;
	o->order_matters = size & 16;
}

static void check_chain(tv_arena *a, const tv_certlist *l, tv_trust *t,
			size_t size)
{
	tv_validate_opts o;
	tv_validation *v;
	tv_text_opts to = {size & 32, size & 64 ? 20 : 0};
	tv_buf out;

	options(size, &o);
	v = tv_validate_chain(a, l, t, &o);
	tv_buf_init(&out);
	tv_json_chain(&out, l, v);
	fuzz_check_json_lines(&out);
	tv_buf_reset(&out);
	tv_text_chain(&out, l, v, &to);
	fuzz_check_text(&out);
	tv_buf_free(&out);
}

static void der_chain(tv_arena *a, const uint8_t *data, size_t size)
{
	tv_certlist l = {NULL, 0};
	size_t off = 0;

	while (off < size && l.n < 100) {
		size_t n = der_element_len(data + off, size - off);

		tv_cert_parse(a, data + off, n, tv_certlist_push(a, &l));
		off += n;
	}
	check_chain(a, &l, roots, size);
}

static void pem_file(tv_arena *a, const uint8_t *data, size_t size)
{
	tv_certlist l = {NULL, 0};
	tv_trust *t = tv_trust_new();
	tv_error err;
	fuzz_file f;

	if (!fuzz_file_open(&f, data, size)) {
		tv_trust_free(t);
		return;
	}
	tv_cert_load_file(a, f.path, &l, &err);
	tv_trust_add_file(t, f.path, &err);
	tv_trust_add_crl_file(t, f.path, &err);
	fuzz_file_close(&f);
	check_chain(a, &l, t, size);
	tv_trust_free(t);
}

static void strings(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t us;

	memcpy(s, data, size);
	s[size] = '\0';
	tv_time_parse(s, &us);
	tv_explain_find(s);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_arena a;

	if (size == 0)
		return 0;
	tv_arena_init(&a);
	if (data[0] == 0x30)
		der_chain(&a, data, size);
	else if (data[0] == '-')
		pem_file(&a, data, size);
	else
		strings(data, size);
	tv_arena_free(&a);
	fuzz_input_done();
	return 0;
}
