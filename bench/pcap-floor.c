/*
 * pcap-floor: the libpcap read floor, the least work any libpcap-based
 * decoder of a capture file must do.
 *
 *   cc -O2 -o pcap-floor bench/pcap-floor.c -lpcap
 *   pcap-floor FILE      pcap_next_ex over every packet, reading its
 *                        Ethernet, IPv4 and TCP headers
 *   pcap-floor -a FILE   ... and adding up every captured byte (what a
 *                        decoder that looks at all the data would do)
 *
 * Prints the packets, the captured bytes and the TCP SYNs without ACK
 * (connection attempts, retransmitted SYNs included).
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct floor_count {
	uint64_t packets, bytes, syns, sum;
};

/* Ethernet, IPv4, TCP: the headers every decoder reads. */
static void headers(struct floor_count *n, const u_char *p, uint32_t caplen)
{
	unsigned ihl;

	if (caplen < 54 || p[12] != 0x08 || p[13] != 0x00 || p[23] != 6)
		return;
	ihl = (p[14] & 15u) * 4u;
	if (caplen < 14 + ihl + 14)
		return;
	if ((p[14 + ihl + 13] & 0x12) == 0x02)
		n->syns++;
}

static uint64_t sum_bytes(const u_char *p, uint32_t caplen)
{
	uint64_t s = 0;

	for (uint32_t i = 0; i < caplen; i++)
		s += p[i];
	return s;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct floor_count n = { 0 };
	struct pcap_pkthdr *h;
	const u_char *p;
	int all = 0, eth, rc;
	pcap_t *pc;

	if (argc == 3 && strcmp(argv[1], "-a") == 0) {
		all = 1;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: pcap-floor [-a] FILE\n");
		return 2;
	}
	pc = pcap_open_offline(argv[1], err);
	if (!pc) {
		fprintf(stderr, "pcap-floor: %s\n", err);
		return 1;
	}
	eth = pcap_datalink(pc) == DLT_EN10MB;
	while ((rc = pcap_next_ex(pc, &h, &p)) == 1) {
		n.packets++;
		n.bytes += h->caplen;
		if (eth)
			headers(&n, p, h->caplen);
		if (all)
			n.sum += sum_bytes(p, h->caplen);
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "pcap-floor: %s\n", pcap_geterr(pc));
		pcap_close(pc);
		return 1;
	}
	printf("packets %llu bytes %llu syns %llu sum %llu\n",
	       (unsigned long long)n.packets, (unsigned long long)n.bytes,
	       (unsigned long long)n.syns, (unsigned long long)n.sum);
	pcap_close(pc);
	return 0;
}
