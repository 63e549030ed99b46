/*
 * Raw packets into tv_pipeline_packet, for every link type the pipeline
 * decodes, with small limits so that eviction, idle expiry, the pending
 * queue and the fragment budget are all reached.
 *
 * Input: byte 0 picks the link type (modulo the table below); then
 * packets, each a 2-byte length, a byte of timing (bits 0-6: seconds
 * since the previous packet; bit 7: the packet was longer on the wire
 * than captured) and the packet bytes (or what is left).
 */
#include "capture/pipeline.h"
#include "fuzz_common.h"

static const int dlts[] = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276};

static void sink(void *arg, tv_conn *conn)
{
	(void)arg;
	tv_conn_free(conn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_pipeline_opts o;
	tv_pipeline *p;
	tv_cur_err err;
	tv_cur c;
	int64_t ts = 1600000000000000LL;
	int dlt;

	cur_init(&c, data, size, 0, &err);
	dlt = dlts[cur_u8(&c, "link type") % (sizeof dlts / sizeof dlts[0])];
	tv_pipeline_opts_default(&o);
	o.max_flows = 4;
	o.max_ooo_bytes = 2048;
	o.max_pending = 2;
	o.max_frag_bytes = 4096;
	o.idle_timeout_us = 60 * 1000000LL;
	p = tv_pipeline_new(&o, sink, NULL);
	while (cur_left(&c) >= 3) {
		size_t len = cur_u16(&c, "length");
		uint8_t t = cur_u8(&c, "timing");

		if (len > cur_left(&c))
			len = cur_left(&c);
		ts += (int64_t)(t & 0x7f) * 1000000 + 1;
		tv_pipeline_packet(p, dlt, ts, cur_bytes(&c, len, "packet"),
				   len, len + (t & 0x80 ? 1000 : 0));
	}
	tv_pipeline_finish(p);
	tv_pipeline_free(p);
	fuzz_input_done();
	return 0;
}
