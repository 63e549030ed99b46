/* Flows and connections through the whole pipeline (decoder = recorder):
 * who is the client, what each side's decoder is fed, when and why a
 * connection ends (FIN, RST, idle, eviction, end of capture, port reuse),
 * non-TLS flows, and the output order and ids (first packet order, a
 * long-lived first connection, max_pending, max_flows). */
#include "capture_harness.h"
#include "tap.h"

#define C "192.0.2.1:40000"
#define S "198.51.100.7:443"

static const tv_pipeline_stats *stats(tv_pipeline *p)
{
	return tv_pipeline_get_stats(p);
}

/* client port n of 192.0.2.1 */
static const char *cport(int n)
{
	static char buf[8][32];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "192.0.2.1:%d", n);
	return buf[k];
}

/* A whole connection from client port `port`: handshake, one message
 * each way, FIN both ways; ts .. ts + 6. */
static void whole_conn(tv_pipeline *p, int64_t ts, int port, const char *msg)
{
	const char *c = cport(port);

	h_handshake(p, ts, c, S, 100, 900);
	h_tcp(p, ts + 3, c, S, PK_ACK, 101, 901, msg);
	h_tcp(p, ts + 4, S, c, PK_ACK, 901, 101 + (uint32_t)strlen(msg), "ok");
	h_tcp(p, ts + 5, c, S, PK_FIN | PK_ACK, 101 + (uint32_t)strlen(msg),
	      903, NULL);
	h_tcp(p, ts + 6, S, c, PK_FIN | PK_ACK, 903,
	      102 + (uint32_t)strlen(msg), NULL);
}

static void test_lifecycle(void)
{
	tv_pipeline *p = h_new(NULL);

	h_handshake(p, 100, C, S, 1000, 5000);
	h_tcp(p, 110, C, S, PK_ACK | PK_PSH, 1001, 5001, "hello");
	h_tcp(p, 111, S, C, PK_ACK | PK_PSH, 5001, 1006, "world");
	h_tcp(p, 120, C, S, PK_FIN | PK_ACK, 1006, 5006, NULL);
	is_int(n_outs, 0, "one FIN: still open");
	h_tcp(p, 121, S, C, PK_FIN | PK_ACK, 5006, 1007, NULL);
	is_int(n_outs, 1, "FIN both ways: handed on at once");
	h_tcp(p, 122, C, S, PK_ACK, 1007, 5007, NULL);
	h_tcp(p, 123, S, C, PK_ACK, 5006, 1007, "late");
	tv_pipeline_finish(p);
	is_int(n_outs, 1,
	       "late packets after the close make no new connection");
	is_int(outs[0].id, 1, "id 1");
	is_str(outs[0].client, C, "client: the SYN's sender");
	is_str(outs[0].server, S, "server");
	is_int(outs[0].start_us, 100, "start: the first packet");
	is_int(outs[0].end_us, 121, "end: the last packet of the connection");
	is_str(outs[0].side[0], "hello[close]", "client side: data then close");
	is_str(outs[0].side[1], "world[close]", "server side: data then close");
	is_str(outs[0].why, "the connection was closed", "finished as closed");
	is_int(outs[0].finished, 1, "finished once");
	is_int(stats(p)->flows, 1, "one flow");
	is_int(stats(p)->tls_conns, 1, "one TLS connection");
	is_int(stats(p)->packets, 9, "9 packets");
	is_int(stats(p)->tcp_segments, 9, "9 TCP segments");
	is_int(tls_recorder_live(), 0, "no decoder left alive");
	tv_pipeline_free(p);
}

static void test_who_is_client(void)
{
	tv_pipeline *p = h_new(NULL);

	/* SYN-ACK first: the destination is the client */
	h_tcp(p, 1, S, C, PK_SYN | PK_ACK, 5000, 1001, NULL);
	h_tcp(p, 2, C, S, PK_ACK, 1001, 5001, NULL);
	h_tcp(p, 3, C, S, PK_ACK, 1001, 5001, "hi");
	h_tcp(p, 4, S, C, PK_ACK, 5001, 1003, "yo");
	tv_pipeline_finish(p);
	is_str(outs[0].client, C,
	       "SYN-ACK first: its destination is the client");
	is_str(outs[0].side[0], "hi", "side 0 is that client");
	is_str(outs[0].side[1], "yo", "side 1 the server");
	is_int(outs[0].start_us, 1, "start: the SYN-ACK");
	tv_pipeline_free(p);

	/* mid-connection: the first packet's sender */
	p = h_new(NULL);
	h_tcp(p, 5, S, C, PK_ACK, 7000, 300, "srv");
	h_tcp(p, 6, C, S, PK_ACK, 300, 7003, "cli");
	h_tcp(p, 7, S, C, PK_ACK, 7003, 303, "more");
	tv_pipeline_finish(p);
	is_str(outs[0].client, S,
	       "no SYN: the first packet's sender is side 0");
	is_str(outs[0].side[0], "srvmore",
	       "its stream starts at its first sequence number");
	is_str(outs[0].side[1], "cli", "the other side's too");
	is_str(outs[0].why, "the capture ended while the connection was open",
	       "finished by the end of the capture");
	tv_pipeline_free(p);

	/* a lone ACK, FIN or RST starts nothing */
	p = h_new(NULL);
	h_tcp(p, 1, C, S, PK_ACK, 1, 1, NULL);
	h_tcp(p, 2, C, S, PK_FIN | PK_ACK, 1, 1, NULL);
	h_tcp(p, 3, C, S, PK_RST, 1, 1, NULL);
	tv_pipeline_finish(p);
	is_int(stats(p)->flows, 0, "ACK, FIN and RST alone start no flow");
	tv_pipeline_free(p);
}

static void test_reassembly_through_pipeline(void)
{
	tv_pipeline *p = h_new(NULL);

	h_handshake(p, 0, C, S, 1000, 5000);
	h_tcp(p, 10, C, S, PK_ACK, 1006, 5001, "world");
	h_tcp(p, 11, C, S, PK_ACK, 1001, 5001, "hello");
	h_tcp(p, 12, C, S, PK_ACK, 1001, 5001, "hello");
	h_tcp(p, 13, C, S, PK_ACK, 1020, 5001, "XYZ"); /* hole of 9 */
	h_tcp(p, 14, C, S, PK_ACK, 1021, 5001, "QQ");  /* differs from YZ */
	h_tcp(p, 15, C, S, PK_ACK, 1010, 5001, "d");   /* keep-alive */
	h_tcp(p, 16, C, S, PK_FIN | PK_ACK, 1023, 5001, NULL);
	h_tcp(p, 17, S, C, PK_FIN | PK_ACK, 5001, 1024, NULL);
	is_int(n_outs, 1, "closed");
	is_str(outs[0].side[0], "helloworld[gap 9]XYZ[close]",
	       "reordered, retransmitted, a hole as a gap at the close, "
	       "the first copy of an overlap");
	is_str(outs[0].side[1], "[close]", "the server sent nothing");
	is_str(outs[0].notes,
	       "a retransmission from 192.0.2.1:40000 carried bytes different "
	       "from the first copy at stream offset 20 (the first copy was "
	       "kept)",
	       "the differing overlap is a note");
	tv_pipeline_free(p);

	/* the FIN came before a retransmission that fills a hole */
	p = h_new(NULL);
	h_handshake(p, 0, C, S, 1000, 5000);
	h_tcp(p, 10, C, S, PK_ACK, 1004, 5001, "def");
	h_tcp(p, 11, C, S, PK_FIN | PK_ACK, 1007, 5001, NULL);
	h_tcp(p, 12, C, S, PK_ACK, 1001, 5001, "abc");
	h_tcp(p, 13, S, C, PK_FIN | PK_ACK, 5001, 1008, NULL);
	is_str(outs[0].side[0], "abcdef[close]",
	       "a hole before the FIN can still be filled until both FINs");
	tv_pipeline_free(p);

	/* the out-of-order limit through the pipeline */
	{
		tv_pipeline_opts o;

		tv_pipeline_opts_default(&o);
		o.max_ooo_bytes = 8;
		p = h_new(&o);
	}
	h_handshake(p, 0, C, S, 1000, 5000);
	h_tcp(p, 10, C, S, PK_ACK, 1001, 5001, "ab");
	h_tcp(p, 11, C, S, PK_ACK, 1010, 5001, "jklmn");
	h_tcp(p, 12, C, S, PK_ACK, 1015, 5001, "opqrs");
	h_tcp(p, 13, C, S, PK_ACK, 1003, 5001, "cdefghi");
	tv_pipeline_finish(p);
	is_str(outs[0].side[0], "ab[gap 7]jklmnopqrs",
	       "over max_ooo_bytes the hole became a gap");
	is_str(outs[0].notes,
	       "too many bytes from 192.0.2.1:40000 arrived after a missing "
	       "segment: the missing bytes were given up",
	       "and a note says so");
	tv_pipeline_free(p);
}

static void test_wrap_and_probe(void)
{
	tv_pipeline *p = h_new(NULL);
	pk_tcp t = {.seq = 5001,
		    .ack = 0xfffffffaU,
		    .flags = PK_ACK,
		    .zero_window = true};

	h_handshake(p, 0, C, S, 0xfffffff5U, 5000);
	h_tcp(p, 10, C, S, PK_ACK, 0xfffffff6U, 5001, "0123456789");
	h_tcp(p, 11, C, S, PK_ACK, 0x00000000U, 5001, "abc");
	h_tcp_t(p, 12, S, C, &t); /* the server's window is full */
	h_tcp(p, 13, C, S, PK_ACK, 0x00000003U, 5001, "P"); /* a probe */
	t.zero_window = false;
	h_tcp_t(p, 14, S, C, &t);
	h_tcp(p, 15, C, S, PK_ACK, 0x00000003U, 5001, "PQ");
	tv_pipeline_finish(p);
	is_str(outs[0].side[0], "0123456789abcPQ",
	       "sequence numbers wrap; the zero-window probe is not doubled");
	tv_pipeline_free(p);
}

static void test_not_tls(void)
{
	tv_pipeline *p = h_new(NULL);

	h_handshake(p, 0, C, S, 1000, 5000);
	h_tcp(p, 10, C, S, PK_ACK, 1001, 5001, "!SSH-2.0");
	is_int(tls_recorder_live(), 0,
	       "not TLS: the decoder is dropped at once");
	h_tcp(p, 11, S, C, PK_ACK, 5001, 1009, "SSH-2.0 server");
	h_tcp(p, 12, C, S, PK_ACK, 1009, 5015, "more");
	is_int(tls_recorder_count(), 1,
	       "later packets do not re-create it mid-stream");
	whole_conn(p, 20, 40001, "tls");
	h_tcp(p, 30, C, S, PK_FIN | PK_ACK, 1013, 5015, NULL);
	h_tcp(p, 31, S, C, PK_FIN | PK_ACK, 5015, 1014, NULL);
	tv_pipeline_finish(p);
	is_int(n_outs, 1, "only the TLS connection is handed on");
	is_int(outs[0].id, 1, "and it is number 1");
	is_str(outs[0].client, "192.0.2.1:40001", "the TLS one");
	is_int(stats(p)->flows, 2, "two flows were seen");
	is_int(stats(p)->tls_conns, 1, "one was TLS");

	/* a flow that never carried a byte is not output either */
	p = (tv_pipeline_free(p), h_new(NULL));
	h_handshake(p, 0, C, S, 1000, 5000);
	tv_pipeline_finish(p);
	is_int(n_outs, 0, "a handshake without data is not a TLS connection");
	tv_pipeline_free(p);
}

static void test_port_reuse(void)
{
	tv_pipeline *p = h_new(NULL);

	whole_conn(p, 0, 40000, "one");
	h_tcp(p, 50, C, S, PK_SYN, 77777, 0, NULL); /* same 4-tuple */
	h_tcp(p, 51, S, C, PK_SYN | PK_ACK, 88888, 77778, NULL);
	h_tcp(p, 52, C, S, PK_ACK, 77778, 88889, "two");
	h_tcp(p, 53, C, S, PK_FIN | PK_ACK, 77781, 88889, NULL);
	h_tcp(p, 54, S, C, PK_FIN | PK_ACK, 88889, 77782, NULL);
	tv_pipeline_finish(p);
	is_int(n_outs, 2, "two connections on one 4-tuple: two outputs");
	is_int(outs[0].id, 1, "the first is 1");
	is_str(outs[0].side[0], "one[close]", "with its own bytes");
	is_int(outs[1].id, 2, "the second is 2");
	is_str(outs[1].side[0], "two[close]", "with its own bytes");
	is_int(outs[1].start_us, 50, "its start is its SYN");

	/* a SYN with a new ISN while the old connection looks open */
	p = (tv_pipeline_free(p), h_new(NULL));
	h_handshake(p, 0, C, S, 1000, 5000);
	h_tcp(p, 3, C, S, PK_ACK, 1001, 5001, "old");
	h_tcp(p, 4, C, S, PK_SYN, 1000, 0, NULL); /* same ISN: a duplicate */
	is_int(stats(p)->flows, 1,
	       "a retransmitted SYN is not a new connection");
	h_tcp(p, 10, C, S, PK_SYN, 2000, 0, NULL);
	h_tcp(p, 11, S, C, PK_SYN | PK_ACK, 6000, 2001, NULL);
	h_tcp(p, 12, C, S, PK_ACK, 2001, 6001, "new");
	is_int(n_outs, 1, "the SYN with another ISN ended the old connection");
	tv_pipeline_finish(p);
	is_int(n_outs, 2, "then the new one");
	is_str(outs[0].side[0], "old", "old bytes");
	is_str(outs[0].why, "a new connection reused its addresses and ports",
	       "why the old one ended");
	is_str(outs[0].notes,
	       "a new connection (SYN) reused its addresses and ports before "
	       "it was seen to end",
	       "a note says so");
	is_str(outs[1].side[0], "new", "new bytes");
	is_int(outs[1].start_us, 10, "the new one starts at its SYN");

	/* after a RST, a SYN starts anew even with the same ISN */
	p = (tv_pipeline_free(p), h_new(NULL));
	h_handshake(p, 0, C, S, 1000, 5000);
	h_tcp(p, 3, C, S, PK_ACK, 1001, 5001, "first");
	h_tcp(p, 4, S, C, PK_RST | PK_ACK, 5001, 1006, NULL);
	is_int(n_outs, 1, "RST: handed on at once");
	is_str(outs[0].side[0], "first", "the client did not close");
	is_str(outs[0].side[1], "[close]", "the RST's sender closed");
	is_str(outs[0].why, "the connection was reset", "finished as reset");
	h_tcp(p, 5, C, S, PK_SYN, 1000, 0, NULL);
	h_tcp(p, 6, C, S, PK_ACK, 1001, 0, "again");
	tv_pipeline_finish(p);
	is_int(n_outs, 2, "a SYN after a RST is a new connection");
	is_str(outs[1].side[0], "again", "with its bytes");
	tv_pipeline_free(p);
}

static void test_order_long_lived_first(void)
{
	tv_pipeline *p = h_new(NULL);

	h_handshake(p, 0, cport(1), S, 100, 900);
	h_tcp(p, 3, cport(1), S, PK_ACK, 101, 901, "A");
	whole_conn(p, 10, 2, "B");
	whole_conn(p, 20, 3, "C");
	is_int(n_outs, 0, "finished connections wait for the older open one");
	h_tcp(p, 30, cport(1), S, PK_FIN | PK_ACK, 102, 901, NULL);
	h_tcp(p, 31, S, cport(1), PK_FIN | PK_ACK, 901, 103, NULL);
	is_int(n_outs, 3, "when it ends, all three go out");
	is_str(outs[0].client, "192.0.2.1:1", "first the long-lived one");
	is_str(outs[1].client, "192.0.2.1:2", "then B");
	is_str(outs[2].client, "192.0.2.1:3", "then C");
	for (int i = 0; i < 3; i++)
		is_int(outs[i].id, i + 1, "ids follow the first packets (%d)",
		       i);
	tv_pipeline_finish(p);

	/* a newer open one does not hold back an older finished one */
	p = (tv_pipeline_free(p), h_new(NULL));
	whole_conn(p, 0, 1, "A");
	h_handshake(p, 1, cport(2), S, 100, 900);
	h_tcp(p, 5, cport(2), S, PK_ACK, 101, 901, "B");
	is_int(n_outs, 1, "an older connection does not wait for a newer one");
	tv_pipeline_finish(p);
	is_int(n_outs, 2, "the end of the capture flushes the rest");
	is_str(outs[1].why, "the capture ended while the connection was open",
	       "why the open one ended");
	tv_pipeline_free(p);
}

static void test_max_pending(void)
{
	tv_pipeline_opts o;
	tv_pipeline *p;

	tv_pipeline_opts_default(&o);
	o.max_pending = 2;
	p = h_new(&o);
	h_handshake(p, 0, cport(1), S, 100, 900);
	h_tcp(p, 3, cport(1), S, PK_ACK, 101, 901, "A");
	whole_conn(p, 10, 2, "B");
	whole_conn(p, 20, 3, "C");
	is_int(n_outs, 0, "two waiting: within max_pending");
	whole_conn(p, 30, 4, "D");
	is_int(n_outs, 4, "a third: the oldest open one is reported early");
	is_str(outs[0].client, "192.0.2.1:1", "it goes first");
	is_str(outs[0].notes,
	       "reported before it ended: output is in first-packet order and "
	       "3 newer connections were waiting",
	       "with a note why");
	is_str(outs[0].why, "it was reported before it ended", "and a reason");
	is_str(outs[0].side[0], "A", "with what it had");
	for (int i = 0; i < 4; i++)
		is_int(outs[i].id, i + 1, "order kept (%d)", i);
	h_tcp(p, 40, cport(1), S, PK_ACK, 102, 901, "later");
	is_int(stats(p)->flows, 4,
	       "its later packets are ignored, not a new connection");
	h_tcp(p, 41, cport(1), S, PK_FIN | PK_ACK, 107, 901, NULL);
	h_tcp(p, 42, S, cport(1), PK_FIN | PK_ACK, 901, 108, NULL);
	h_tcp(p, 50, cport(1), S, PK_SYN, 5000, 0, NULL);
	h_tcp(p, 51, cport(1), S, PK_ACK, 5001, 0, "A2");
	tv_pipeline_finish(p);
	is_int(n_outs, 5, "after it closed, the 4-tuple can be used again");
	is_str(outs[4].side[0], "A2", "by a new connection");
	tv_pipeline_free(p);
}

static void test_max_flows(void)
{
	tv_pipeline_opts o;
	tv_pipeline *p;

	tv_pipeline_opts_default(&o);
	o.max_flows = 2;
	p = h_new(&o);
	h_tcp(p, 1, cport(1), S, PK_ACK, 10, 0, "a");
	h_tcp(p, 2, cport(2), S, PK_ACK, 10, 0, "b");
	h_tcp(p, 3, cport(1), S, PK_ACK, 11, 0, "a");
	h_tcp(p, 4, cport(3), S, PK_ACK, 10, 0, "c"); /* B is least recent */
	is_int(stats(p)->evicted_flows, 1, "one flow evicted");
	is_int(n_outs, 0, "it waits for the older open one");
	tv_pipeline_finish(p);
	is_int(n_outs, 3, "three connections");
	is_str(outs[1].client, "192.0.2.1:2", "the second is B");
	is_str(outs[1].notes, "evicted: more than 2 concurrent flows",
	       "the least recently active was evicted, with a note");
	is_str(outs[1].why, "it was evicted from the flow table",
	       "and a reason");
	is_str(outs[0].notes, "", "the older but active one was not");
	is_str(outs[0].side[0], "aa", "and kept all its bytes");
	tv_pipeline_free(p);
}

static void test_idle_timeout(void)
{
	tv_pipeline_opts o;
	tv_pipeline *p;

	tv_pipeline_opts_default(&o);
	o.idle_timeout_us = 5 * 1000000;
	p = h_new(&o);
	h_tcp(p, 0, cport(1), S, PK_ACK, 10, 0, "a");
	h_tcp(p, 5000000, cport(2), S, PK_ACK, 10, 0, "b");
	is_int(n_outs, 0, "5 s idle: not yet");
	h_tcp(p, 5000001, cport(2), S, PK_ACK, 11, 0, "b");
	is_int(n_outs, 1, "more than 5 s: finished");
	is_str(outs[0].why, "the connection was idle for more than 5 s", "why");
	is_str(outs[0].notes, "no packet for more than 5 s: taken as ended",
	       "a note");
	tv_pipeline_finish(p);
	is_int(n_outs, 2, "the other at the end");
	tv_pipeline_free(p);
}

static void test_undecodable(void)
{
	tv_pipeline *p = h_new(NULL);
	uint8_t ip[100], fr[200];
	size_t n = pk_ipv4(ip, pk_endpoint(C), pk_endpoint(S), 17,
			   (const uint8_t *)"udp-payload", 11, 1, 0, 0);

	n = pk_ether(fr, ip, n, NULL, 0);
	tv_pipeline_packet(p, 1, 0, fr, n, n);
	tv_pipeline_packet(p, 1, 0, fr, 10, 10);
	tv_pipeline_finish(p);
	is_int(stats(p)->undecodable_packets, 2,
	       "UDP and runts are undecodable");
	is_int(stats(p)->tcp_segments, 0, "no TCP");
	tv_pipeline_free(p);
}

/* Freeing a pipeline in the middle of a capture releases everything
 * (open flows, held segments, waiting connections, fragments): ASan's
 * leak check fails the test otherwise. */
static void test_free_mid_capture(void)
{
	tv_pipeline *p = h_new(NULL);
	uint8_t ip[100], fr[200];
	pk_tcp t = {.seq = 1, .flags = PK_ACK, .data = "x", .len = 1};
	size_t n = pk_tcp_seg(ip + 20, pk_endpoint(C), pk_endpoint(S), &t);

	h_handshake(p, 0, cport(1), S, 100, 900);
	h_tcp(p, 3, cport(1), S, PK_ACK, 110, 901, "held");
	whole_conn(p, 10, 2, "waiting");
	n = pk_ipv4(fr, pk_endpoint(C), pk_endpoint(S), 6, ip + 20, n, 9,
		    0x2000, 0);
	n = pk_ether(ip, fr, n, NULL, 0);
	tv_pipeline_packet(p, 1, 20, ip, n, n);
	is_int(n_outs, 0, "nothing handed on yet");
	tv_pipeline_free(p);
	is_int(tls_recorder_live(), 0,
	       "freeing mid-capture frees the decoders");
}

int main(void)
{
	test_lifecycle();
	test_who_is_client();
	test_reassembly_through_pipeline();
	test_wrap_and_probe();
	test_not_tls();
	test_port_reuse();
	test_order_long_lived_first();
	test_max_pending();
	test_max_flows();
	test_idle_timeout();
	test_undecodable();
	test_free_mid_capture();
	tls_recorder_reset();
	return done_testing();
}
