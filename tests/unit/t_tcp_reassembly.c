/* TCP stream reassembly on its own: which bytes and gaps come out, in
 * which order, for reordering, retransmission, overlaps, holes, limits,
 * sequence wrap-around, truncated segments, FIN, keep-alives and probes. */
#include <stdlib.h>

#include "capture/tcp_reassembly.h"
#include "tap.h"
#include "util/buf.h"

typedef struct rec {
	tv_buf out;	  /* data as text, gaps as "[gap N]" */
	tv_buf notes;	  /* "different@OFF " / "limit@OFF " */
	uint64_t counted; /* bytes delivered, when not recording them */
	bool count_only;
} rec;

static void rec_data(void *arg, const tcp_stream *s, const uint8_t *p, size_t n,
		     int64_t ts)
{
	rec *r = arg;

	if (r->count_only)
		r->counted += n;
	else
		tv_buf_add(&r->out, p, n);
}

static void rec_gap(void *arg, const tcp_stream *s, uint64_t n, int64_t ts)
{
	rec *r = arg;

	tv_buf_printf(&r->out, "[gap %llu]", (unsigned long long)n);
}

static void rec_note(void *arg, const tcp_stream *s, tcp_note what,
		     uint64_t off)
{
	rec *r = arg;

	tv_buf_printf(&r->notes, "%s@%llu ",
		      what == TCP_NOTE_DIFFERENT ? "different" : "limit",
		      (unsigned long long)off);
}

static tcp_stream_ops ops = {rec_data, rec_gap, rec_note, 1 << 20};

static tcp_stream st;
static rec r;

static void begin(uint32_t seq0, size_t max_ooo)
{
	tcp_stream_init(&st);
	tcp_stream_start(&st, seq0);
	tv_buf_init(&r.out);
	tv_buf_init(&r.notes);
	r.count_only = false;
	r.counted = 0;
	ops.max_ooo = max_ooo;
}

static void end(void)
{
	tcp_stream_free(&st);
	tv_buf_free(&r.out);
	tv_buf_free(&r.notes);
}

/* A segment of text at seq (relative to nothing: the raw number). */
static void seg(uint32_t seq, const char *text)
{
	size_t n = strlen(text);

	tcp_stream_segment(&st, &ops, &r, seq, (const uint8_t *)text, n, n, 0,
			   0);
}

static const char *out(void)
{
	return tv_buf_str(&r.out);
}
static const char *notes(void)
{
	return tv_buf_str(&r.notes);
}

static void test_in_order(void)
{
	begin(1000, 1 << 20);
	seg(1000, "hello ");
	seg(1006, "world");
	is_str(out(), "hello world", "in-order segments pass straight through");
	is_int(st.next, 11, "the next offset counts the bytes delivered");
	is_int(st.ooo.count, 0, "nothing is held");
	end();
}

static void test_reorder(void)
{
	begin(1000, 1 << 20);
	seg(1006, "world");
	is_str(out(), "", "a segment after a hole is held");
	is_int(st.ooo.bytes, 5, "5 bytes held");
	seg(1011, "!");
	seg(1000, "hello ");
	is_str(out(), "hello world!", "the hole filled: everything in order");
	is_int(st.ooo.count, 0, "nothing held afterwards");
	is_str(notes(), "", "no notes for plain reordering");
	end();
}

static void test_retransmission(void)
{
	begin(1, 1 << 20);
	seg(1, "abcdef");
	seg(1, "abcdef");
	seg(3, "cdefgh");
	seg(1, "abc");
	is_str(out(), "abcdefgh", "retransmitted bytes are trimmed");
	is_str(notes(), "", "identical retransmissions make no note");
	end();
}

static void test_overlap_different(void)
{
	begin(1, 1 << 20);
	seg(1, "ab");
	seg(5, "EFGH");	  /* held */
	seg(7, "xyIJ");	  /* overlaps the held "GH" with different bytes */
	seg(3, "cdefgh"); /* fills the hole; its "efgh" overlap the held ones */
	is_str(out(), "abcdEFGHIJ", "the first copy of each byte wins");
	is_str(notes(), "different@6 ",
	       "one note, at the first differing offset");
	end();
}

static void test_overlap_in_order_runs_into_held(void)
{
	begin(1, 1 << 20);
	seg(4, "DEF");
	seg(1, "abcdefg"); /* in order, runs over the held "DEF" */
	is_str(out(), "abcDEFg",
	       "an in-order segment stops where held bytes begin, continues "
	       "after");
	ok(strstr(notes(), "different@3") != NULL,
	   "the difference is noted at offset 3 (got \"%s\")", notes());
	end();
}

static void test_fill_between_pieces(void)
{
	begin(1, 1 << 20);
	seg(3, "C");
	seg(6, "F");
	seg(9, "I");
	seg(2, "bcdefghij");
	is_str(out(), "", "still a hole at offset 0");
	is_int(st.ooo.bytes, 9,
	       "only the new bytes between the pieces are stored");
	seg(1, "a");
	is_str(out(), "abCdeFghIj", "pieces and fills interleave correctly");
	end();
}

static void test_hole_at_flush(void)
{
	begin(100, 1 << 20);
	seg(100, "abc");
	seg(110, "xyz");
	seg(120, "!");
	tcp_stream_flush(&st, &ops, &r, 0);
	is_str(out(), "abc[gap 7]xyz[gap 7]!",
	       "at the end every hole becomes a gap, in order");
	is_int(st.ooo.count, 0, "nothing held after a flush");
	end();
}

static void test_ooo_limit(void)
{
	begin(0, 10);
	seg(0, "ab");
	seg(5, "fghi"); /* held: 4 */
	seg(9, "jklm"); /* held: 8 */
	is_str(out(), "ab", "under the limit the hole waits");
	seg(13, "nop"); /* 11 > 10: the hole gives way */
	is_str(out(), "ab[gap 3]fghijklmnop",
	       "over the limit the hole becomes a gap and the held bytes flow");
	is_str(notes(), "limit@2 ", "a note says where the hole was given up");
	seg(2, "cde");
	is_str(out(), "ab[gap 3]fghijklmnop",
	       "the late bytes of a given-up hole are ignored");
	end();

	begin(0, 4);
	seg(10, "0123456789"); /* alone larger than the limit */
	is_str(
	    out(), "[gap 10]0123456789",
	    "a segment larger than the limit is not held: the hole is a gap");
	end();
}

static void test_wraparound(void)
{
	begin(0xfffffffaU, 1 << 20);
	seg(0xfffffffaU, "abcd");
	seg(0x00000002U, "ijkl"); /* after the wrap, out of order */
	seg(0xfffffffeU, "efgh"); /* crosses 2^32 */
	is_str(out(), "abcdefghijkl",
	       "sequence numbers wrap around 2^32 transparently");
	is_int(st.next, 12, "stream offsets keep counting");
	seg(0xfffffffaU, "abcd");
	is_str(out(), "abcdefghijkl",
	       "an old copy from before the wrap is trimmed");
	end();
}

static void test_offsets_past_4gib(void)
{
	static uint8_t chunk[65536];
	uint32_t seq = 7;

	begin(seq, 1 << 20);
	r.count_only = true;
	for (int i = 0; i < 65537; i++) {
		tcp_stream_segment(&st, &ops, &r, seq, chunk, sizeof chunk,
				   sizeof chunk, 0, 0);
		seq += sizeof chunk;
	}
	is_int(r.counted, 65537ULL * 65536,
	       "4 GiB + 64 KiB delivered in order");
	is_int(st.next, 65537ULL * 65536, "the offset went past 2^32");
	r.count_only = false;
	seg(seq + 3, "def");
	seg(seq, "abc");
	is_str(out(), "abcdef", "reordering still works after 4 GiB");
	end();
}

static void test_keepalive_and_probe(void)
{
	begin(50, 1 << 20);
	seg(50, "abc");
	seg(52, "c"); /* keep-alive: one byte below next */
	tcp_stream_segment(&st, &ops, &r, 52, NULL, 0, 0, 0, 0);
	is_str(out(), "abc", "keep-alives add nothing");
	tcp_stream_segment(&st, &ops, &r, 53, (const uint8_t *)"d", 1, 1,
			   TCP_SEG_PROBE, 0);
	is_str(out(), "abc", "a zero-window probe is ignored");
	seg(53, "defg");
	is_str(out(), "abcdefg", "the probed byte comes with the real segment");
	end();
}

static void test_truncated_segments(void)
{
	begin(0, 1 << 20);
	tcp_stream_segment(&st, &ops, &r, 0, (const uint8_t *)"abcdef", 3, 6, 0,
			   0);
	is_str(out(), "abc[gap 3]",
	       "a segment cut by the snaplen: what is there, then a gap");
	tcp_stream_segment(&st, &ops, &r, 10, (const uint8_t *)"klmnop", 2, 6,
			   0, 0);
	seg(6, "ghij");
	is_str(out(), "abc[gap 3]ghijkl[gap 4]",
	       "a held cut segment keeps its missing part as a gap");
	end();
}

static void test_fin(void)
{
	begin(0, 1 << 20);
	seg(0, "abc");
	tcp_stream_fin(&st, 3);
	ok(tcp_stream_done(&st),
	   "FIN right after the data: the stream is done");
	seg(3, "zzz");
	is_str(out(), "abc", "bytes after the FIN are ignored");
	end();

	begin(0, 1 << 20);
	seg(0, "abc");
	seg(6, "ghi");
	tcp_stream_fin(&st, 12);
	ok(!tcp_stream_done(&st), "FIN after a hole: not done yet");
	seg(3, "def");
	is_str(out(), "abcdefghi", "a late segment before the FIN still fills");
	tcp_stream_flush(&st, &ops, &r, 0);
	is_str(out(), "abcdefghi[gap 3]",
	       "bytes missing before the FIN become a gap at the flush");
	ok(tcp_stream_done(&st), "done after the flush");
	end();
}

static void test_before_start(void)
{
	begin(5000, 1 << 20);
	seg(4990, "0123456789abc"); /* starts 10 bytes before offset 0 */
	seg(4000, "old");
	is_str(out(), "abc",
	       "bytes before the first sequence number seen are trimmed");
	end();
}

static void test_not_started(void)
{
	tcp_stream_init(&st);
	tv_buf_init(&r.out);
	tv_buf_init(&r.notes);
	seg(1, "abc");
	is_str(out(), "", "a stream that was not started ignores segments");
	end();
}

int main(void)
{
	test_in_order();
	test_reorder();
	test_retransmission();
	test_overlap_different();
	test_overlap_in_order_runs_into_held();
	test_fill_between_pieces();
	test_hole_at_flush();
	test_ooo_limit();
	test_wraparound();
	test_offsets_past_4gib();
	test_keepalive_and_probe();
	test_truncated_segments();
	test_fin();
	test_before_start();
	test_not_started();
	return done_testing();
}
