/*
 * Decryption: a connection decoded with session secrets.  The input is
 * a key log (a 2-byte length, then that much NSS key log text) followed
 * by a feed script (fuzz_common.h's format).  The seeds pair each
 * connection of the captures that ship a key log with that key log, so
 * the fuzzer starts from connections that decrypt: TLS 1.3 key schedule,
 * KeyUpdate, early data, TLS 1.2 PRFs, AEAD/CBC/stream records, with
 * their records cut, repeated, reordered and damaged.  The connection
 * then goes through both writers and their output checks.
 */
#include "fuzz_common.h"
#include "report/json.h"
#include "report/text.h"
#include "tls/keylog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_keylog *kl = tv_keylog_new();
	size_t klen = size >= 2 ? (size_t)data[0] << 8 | data[1] : 0;
	tv_conn *conn;
	tv_buf b;
	tv_text_opts o = {true, 80};

	if (klen > size - (size >= 2 ? 2 : 0))
		klen = size - (size >= 2 ? 2 : 0);
	if (size >= 2)
		tv_keylog_add_text(kl, data + 2, klen, "fuzz", NULL, NULL);
	data += size >= 2 ? 2 + klen : size;
	size -= size >= 2 ? 2 + klen : size;
	conn = fuzz_decode_script_secrets(data, size, kl);

	tv_buf_init(&b);
	tv_json_conn(&b, conn);
	fuzz_check_json_lines(&b);
	tv_buf_free(&b);
	tv_buf_init(&b);
	tv_text_conn(&b, conn, &o);
	fuzz_check_text(&b);
	tv_buf_free(&b);

	tv_conn_free(conn);
	tv_keylog_free(kl);
	fuzz_input_done();
	return 0;
}
