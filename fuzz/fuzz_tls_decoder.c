/*
 * The TLS record layer and everything behind it: two directions of a
 * connection fed in chunks whose sizes, order, gaps and closes the input
 * chooses (the script format of fuzz_common.h).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_conn_free(fuzz_decode_script(data, size));
	fuzz_input_done();
	return 0;
}
