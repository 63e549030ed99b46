/*
 * Every handshake message decoder, in sequence on one connection so that
 * what a ServerHello negotiates shapes how later messages are read, then
 * the fingerprints over what the hellos left.
 *
 * Input: byte 0: bits 0-2 the version known before the first message
 * (table below), bit 3 the cipher suite in bytes 1-2 is known, bit 4 the
 * messages come from the server, bit 5 the first message is an SSLv2
 * ClientHello record (2-byte header with the high bit set); then
 * messages, each a 4-byte header and its body.  A body the input does not
 * hold entirely is given as cut by a size limit, as the record layer does.
 */
#include "fuzz_common.h"
#include "tls/fingerprint.h"
#include "tls/handshake.h"

static const int versions[] = {-1,     0x0300, 0x0301, 0x0302,
			       0x0303, 0x0304, 0xfefd, 0x7f1c};

static tv_msg *new_msg(tv_conn *c, tv_dir dir, const uint8_t *p, size_t n)
{
	tv_msg *m = tv_arena_alloc(&c->arena, sizeof *m);

	m->dir = dir;
	m->raw = tv_arena_memdup(&c->arena, p, n);
	m->raw_len = n;
	m->time_us = 1600000000000000LL;
	return m;
}

static void sslv2_hello(tv_conn *c, tv_cur *in)
{
	tv_cur peek = *in;
	size_t len = cur_u16(&peek, "sslv2 header") & 0x7fff;
	size_t n = 2 + len < cur_left(in) ? 2 + len : cur_left(in);
	tv_msg *m = new_msg(c, TV_DIR_CLIENT, cur_bytes(in, n, "sslv2"), n);

	m->type_id = 1;
	m->length = (uint32_t)(n >= 2 ? n - 2 : 0);
	tls_sslv2_client_hello_decode(c, m);
	tv_conn_add_msg(c, m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_conn *c = tv_conn_new();
	tv_cur_err err;
	tv_cur in;
	uint8_t flags;
	uint16_t suite;
	tv_dir dir;

	cur_init(&in, data, size, 0, &err);
	flags = cur_u8(&in, "flags");
	suite = cur_u16(&in, "suite");
	c->version = versions[flags & 7];
	c->cipher_suite = flags & 8 ? suite : -1;
	dir = flags & 16 ? TV_DIR_SERVER : TV_DIR_CLIENT;
	if ((flags & 32) && cur_left(&in) >= 2)
		sslv2_hello(c, &in);
	while (cur_left(&in) >= 4) {
		tv_cur peek = in;
		uint8_t type = cur_u8(&peek, "type");
		uint32_t body = cur_u24(&peek, "length");
		size_t n = cur_left(&in) - 4 < body ? cur_left(&in) : 4 + body;
		tv_msg *m = new_msg(c, dir, cur_bytes(&in, n, "message"), n);

		m->type_id = type;
		m->length = body;
		m->raw_cut = n < 4 + (size_t)body;
		tls_handshake_decode(c, m);
		tv_conn_add_msg(c, m);
	}
	tls_fingerprints_compute(c);
	tv_conn_free(c);
	fuzz_input_done();
	return 0;
}
