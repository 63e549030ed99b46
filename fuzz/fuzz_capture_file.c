/*
 * A whole capture file (pcap or pcapng, as libpcap reads it) through
 * tv_replay_file and the pipeline with its default limits; every
 * connection that comes out is written as JSON, which must be valid.
 */
#include "capture/replay.h"
#include "fuzz_common.h"
#include "report/json.h"

static void sink(void *arg, tv_conn *conn)
{
	tv_buf *out = arg;

	tv_json_conn(out, conn);
	tv_conn_free(conn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_error err = {TV_OK, ""};
	tv_pipeline *p;
	fuzz_file f;
	tv_buf out;

	if (!fuzz_file_open(&f, data, size))
		return 0;
	tv_buf_init(&out);
	p = tv_pipeline_new(NULL, sink, &out);
	tv_replay_file(f.path, p, NULL, NULL, &err);
	tv_pipeline_free(p);
	fuzz_file_close(&f);
	if (out.len)
		fuzz_check_json_lines(&out);
	tv_buf_free(&out);
	fuzz_input_done();
	return 0;
}
