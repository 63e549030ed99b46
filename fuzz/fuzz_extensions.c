/*
 * The extensions block and every extension decoder, in each message that
 * carries one, then the fingerprints over the hello lists it filled.
 *
 * Input: byte 0: the message (modulo the seven places of tls_ext_where),
 * bit 3 the connection is TLS 1.3; then the block with its 2-byte length.
 */
#include "fuzz_common.h"
#include "tls/extensions.h"
#include "tls/fingerprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_conn *c = tv_conn_new();
	tv_cur_err err, berr;
	tv_cur in, block;
	tv_hello_info *hello = NULL;
	tls_ext_where where;
	tv_field *root;
	uint8_t flags;

	cur_init(&in, data, size, 0, &err);
	flags = cur_u8(&in, "flags");
	where = (tls_ext_where)((flags & 7) % 7);
	c->version = flags & 8 ? 0x0304 : 0x0303;
	if (where == TLS_EXT_CLIENT_HELLO)
		hello = &c->ch;
	else if (where == TLS_EXT_SERVER_HELLO ||
		 where == TLS_EXT_HELLO_RETRY_REQUEST)
		hello = &c->sh;
	if (hello)
		hello->seen = true;
	cur_init(&block, in.p, cur_left(&in), 1, &berr);
	root = tvf_object(&c->arena, NULL, NULL, 0, size);
	tls_extensions_decode(c, root, &block, where, hello);
	tls_fingerprints_compute(c);
	tv_conn_free(c);
	return 0;
}
