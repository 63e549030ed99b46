/*
 * The --json and --text writers over a connection decoded from the input
 * (the script format of fuzz_common.h), its chain checked against the
 * corpus's test roots: the JSON must be valid UTF-8 JSON, one object per
 * line; the text must be valid UTF-8 without any raw control, invisible
 * or direction-changing character (a newline aside), plain and verbose,
 * at several widths.
 */
#include "fuzz_common.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int widths[] = {0, 20, 80, 200};
	tv_conn *c = fuzz_decode_script(data, size);
	tv_validate_opts vo = {
	    .at_us = c->start_us,
	    .time_source = TV_TIME_CAPTURE,
	};
	uint8_t flags = size ? data[0] : 0;
	tv_text_opts to = {flags & 4, widths[(flags >> 3) & 3]};
	tv_buf out;

	tv_validate_conn(c, roots, &vo);
	tv_buf_init(&out);
	tv_json_conn(&out, c);
	fuzz_check_json_lines(&out);
	tv_buf_reset(&out);
	tv_text_conn(&out, c, &to);
	fuzz_check_text(&out);
	tv_buf_free(&out);
	tv_conn_free(c);
	fuzz_input_done();
	return 0;
}
