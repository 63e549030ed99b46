/* Link layers: every supported DLT (Ethernet with 802.1Q / QinQ tags and
 * LLC/SNAP, Linux cooked v1 and v2, BSD loopback in both byte orders with
 * each AF_INET6 value, raw IP under its several DLT numbers, DLT_IPV4/6)
 * finds the IP header, and a TCP payload carried over each reaches the
 * decoder; short and foreign frames are refused without a crash. */
#include "capture/link.h"
#include "capture_harness.h"
#include "tap.h"

static uint8_t ip4[200], ip6[200];
static size_t ip4_len, ip6_len;

/* IPv4 and IPv6 packets carrying "hello" from a client to port 443. */
static void make_ip(void)
{
	pk_tcp t = {
	    .seq = 100, .flags = PK_ACK | PK_PSH, .data = "hello", .len = 5};

	ip4_len = pk_ip_tcp(ip4, pk_endpoint("192.0.2.1:40000"),
			    pk_endpoint("198.51.100.7:443"), &t);
	ip6_len = pk_ip_tcp(ip6, pk_endpoint("[2001:db8::1]:40000"),
			    pk_endpoint("[2001:db8::7]:443"), &t);
}

/* The frame must parse to the IP packet at offset hdr, and the pipeline
 * must feed "hello" to side 0 of one connection. */
static void check(int dlt, const uint8_t *frame, size_t n, size_t hdr,
		  int family, const char *what)
{
	cap_l3 l3;
	tv_pipeline *p;
	const uint8_t *ip = family == 6 ? ip6 : ip4;
	size_t iplen = family == 6 ? ip6_len : ip4_len;

	ok(cap_link_parse(dlt, frame, n, n, &l3), "%s: parsed", what);
	is_int(l3.p - frame, hdr, "%s: the IP header is at offset %zu", what,
	       hdr);
	ok(l3.family == family || l3.family == 0,
	   "%s: family %d (0 = from the version nibble)", what, l3.family);
	is_int(l3.caplen, iplen, "%s: the whole IP packet follows", what);
	ok(memcmp(l3.p, ip, iplen) == 0, "%s: the IP bytes", what);

	p = h_new(NULL);
	tv_pipeline_packet(p, dlt, 1000, frame, n, n);
	tv_pipeline_finish(p);
	is_int(n_outs, 1, "%s: one connection out of the pipeline", what);
	is_str(outs[0].side[0], "hello", "%s: its payload reached the decoder",
	       what);
	is_str(outs[0].client,
	       family == 6 ? "[2001:db8::1]:40000" : "192.0.2.1:40000",
	       "%s: the sender of the first packet is the client", what);
	tv_pipeline_free(p);
}

static void test_ethernet(void)
{
	static const uint16_t q[] = {0x8100}, qinq[] = {0x88a8, 0x8100},
			      old[] = {0x9100, 0x8100};
	uint8_t f[300];
	size_t n;

	n = pk_ether(f, ip4, ip4_len, NULL, 0);
	check(1, f, n, 14, 4, "Ethernet IPv4");
	n = pk_ether(f, ip6, ip6_len, NULL, 0);
	check(1, f, n, 14, 6, "Ethernet IPv6");
	n = pk_ether(f, ip4, ip4_len, q, 1);
	check(1, f, n, 18, 4, "802.1Q VLAN");
	n = pk_ether(f, ip6, ip6_len, qinq, 2);
	check(1, f, n, 22, 6, "802.1ad QinQ");
	n = pk_ether(f, ip4, ip4_len, old, 2);
	check(1, f, n, 22, 4, "0x9100 outer tag");

	/* 802.3 length + LLC/SNAP */
	memset(f, 0x11, 12);
	pk_put16(f + 12, (uint16_t)(8 + ip4_len));
	memcpy(f + 14, "\xaa\xaa\x03\x00\x00\x00\x08\x00", 8);
	memcpy(f + 22, ip4, ip4_len);
	check(1, f, 22 + ip4_len, 22, 4, "802.3 LLC/SNAP");

	/* Ethernet padding after a short IP packet is not payload */
	n = pk_ether(f, ip4, ip4_len, NULL, 0);
	memset(f + n, 0, 20);
	{
		tv_pipeline *p = h_new(NULL);

		tv_pipeline_packet(p, 1, 1, f, n + 20, n + 20);
		tv_pipeline_finish(p);
		is_str(outs[0].side[0], "hello",
		       "trailing Ethernet padding is trimmed by the IP length");
		tv_pipeline_free(p);
	}
}

static void test_linux_cooked(void)
{
	uint8_t f[300];

	/* SLL: packet type, ARPHRD, address length, address[8], protocol */
	memset(f, 0, 16);
	f[1] = 4; /* outgoing */
	f[3] = 1; /* ARPHRD_ETHER */
	f[5] = 6;
	pk_put16(f + 14, 0x0800);
	memcpy(f + 16, ip4, ip4_len);
	check(113, f, 16 + ip4_len, 16, 4, "Linux cooked (SLL) IPv4");
	pk_put16(f + 14, 0x86dd);
	memcpy(f + 16, ip6, ip6_len);
	check(113, f, 16 + ip6_len, 16, 6, "Linux cooked (SLL) IPv6");
	/* SLL with a VLAN tag left in */
	pk_put16(f + 14, 0x8100);
	pk_put16(f + 16, 5);
	pk_put16(f + 18, 0x0800);
	memcpy(f + 20, ip4, ip4_len);
	check(113, f, 20 + ip4_len, 20, 4,
	      "Linux cooked (SLL) with a VLAN tag");

	/* SLL2: protocol, reserved, ifindex, ARPHRD, type, addr len, addr */
	memset(f, 0, 20);
	pk_put16(f, 0x86dd);
	f[7] = 2;
	f[9] = 1;
	memcpy(f + 20, ip6, ip6_len);
	check(276, f, 20 + ip6_len, 20, 6, "Linux cooked v2 (SLL2) IPv6");
	pk_put16(f, 0x0800);
	memcpy(f + 20, ip4, ip4_len);
	check(276, f, 20 + ip4_len, 20, 4, "Linux cooked v2 (SLL2) IPv4");
}

static void put_family(uint8_t *f, uint32_t af, bool big)
{
	for (int i = 0; i < 4; i++)
		f[i] = (uint8_t)(af >> (big ? 24 - 8 * i : 8 * i));
}

static void test_loopback(void)
{
	static const uint32_t af6[] = {10, 24, 28, 30};
	uint8_t f[300];
	char what[80];

	for (int dlt = 0; dlt <= 108; dlt += 108) {
		for (int big = 0; big < 2; big++) {
			put_family(f, 2, big);
			memcpy(f + 4, ip4, ip4_len);
			snprintf(what, sizeof what, "%s AF_INET %s-endian",
				 dlt ? "DLT_LOOP" : "DLT_NULL",
				 big ? "big" : "little");
			check(dlt, f, 4 + ip4_len, 4, 4, what);
			for (size_t i = 0; i < 4; i++) {
				put_family(f, af6[i], big);
				memcpy(f + 4, ip6, ip6_len);
				snprintf(what, sizeof what,
					 "%s AF_INET6=%u %s-endian",
					 dlt ? "DLT_LOOP" : "DLT_NULL", af6[i],
					 big ? "big" : "little");
				check(dlt, f, 4 + ip6_len, 4, 6, what);
			}
		}
	}
	{
		cap_l3 l3;

		put_family(f, 7, false); /* not an IP family */
		ok(!cap_link_parse(0, f, 4 + ip4_len, 4 + ip4_len, &l3),
		   "DLT_NULL with another family is refused");
	}
}

static void test_raw(void)
{
	static const int raw[] = {12, 14, 101};
	char what[64];

	for (size_t i = 0; i < 3; i++) {
		snprintf(what, sizeof what, "raw IP (DLT %d) IPv4", raw[i]);
		check(raw[i], ip4, ip4_len, 0, 4, what);
		snprintf(what, sizeof what, "raw IP (DLT %d) IPv6", raw[i]);
		check(raw[i], ip6, ip6_len, 0, 6, what);
	}
	check(228, ip4, ip4_len, 0, 4, "DLT_IPV4");
	check(229, ip6, ip6_len, 0, 6, "DLT_IPV6");
	{
		tv_pipeline *p = h_new(NULL);

		tv_pipeline_packet(p, 228, 1, ip6, ip6_len, ip6_len);
		tv_pipeline_finish(p);
		is_int(tv_pipeline_get_stats(p)->undecodable_packets, 1,
		       "an IPv6 packet under DLT_IPV4 is undecodable");
		is_int(n_outs, 0, "and makes no connection");
		tv_pipeline_free(p);
	}
}

static void test_supported_list(void)
{
	static const int yes[] = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276};
	static const int no[] = {-1, 105, 127, 9, 50, 192, 197, 1000};

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		ok(tv_pipeline_linktype_supported(yes[i]),
		   "link type %d is supported", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		ok(!tv_pipeline_linktype_supported(no[i]),
		   "link type %d is not", no[i]);
}

static void test_refused(void)
{
	uint8_t f[300];
	cap_l3 l3;
	size_t n = pk_ether(f, ip4, ip4_len, NULL, 0);
	int parsed = 0;
	tv_pipeline *p;

	pk_put16(f + 12, 0x0806); /* ARP */
	ok(!cap_link_parse(1, f, n, n, &l3), "ARP is not IP");
	ok(!cap_link_parse(105, f, n, n, &l3), "an unsupported DLT is refused");
	n = pk_ether(f, ip4, ip4_len, NULL, 0);
	for (size_t i = 0; i < 14; i++)
		parsed += cap_link_parse(1, f, i, n, &l3);
	is_int(parsed, 0, "Ethernet frames shorter than 14 bytes are refused");

	/* every prefix of a QinQ frame goes through the pipeline safely */
	{
		static const uint16_t qinq[] = {0x88a8, 0x8100};

		n = pk_ether(f, ip4, ip4_len, qinq, 2);
		p = h_new(NULL);
		for (size_t i = 0; i <= n; i++)
			tv_pipeline_packet(p, 1, (int64_t)i, f, i, n);
		tv_pipeline_finish(p);
		is_int(tv_pipeline_get_stats(p)->packets, n + 1,
		       "every prefix of a frame was counted");
		ok(n_outs <= 1, "prefixes make at most one connection");
		tv_pipeline_free(p);
	}
}

int main(void)
{
	make_ip();
	test_ethernet();
	test_linux_cooked();
	test_loopback();
	test_raw();
	test_supported_list();
	test_refused();
	tls_recorder_reset();
	return done_testing();
}
