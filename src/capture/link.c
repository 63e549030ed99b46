/*
 * Link-layer headers, one small parser per DLT, chosen from a table.
 * Each returns the IP family it found (4 or 6; 0 when the IP header's
 * version nibble has to say) or -1 when the frame is not IP.
 */
#include "capture/link.h"

#include "capture/pipeline.h"
#include "util/cursor.h"

#define ETH_IPV4      0x0800
#define ETH_IPV6      0x86dd
#define MAX_VLAN_TAGS 8

static int family_of_ethertype(uint16_t type)
{
	return type == ETH_IPV4 ? 4 : type == ETH_IPV6 ? 6 : -1;
}

/* 802.1Q, 802.1ad (QinQ) and the older 0x9100 outer tag. */
static bool is_vlan(uint16_t type)
{
	return type == 0x8100 || type == 0x88a8 || type == 0x9100;
}

/* The ethertype at c, after any VLAN tags. */
static int ethertype_family(tv_cur *c)
{
	uint16_t type = cur_u16(c, "ethertype");

	for (int i = 0; i < MAX_VLAN_TAGS && is_vlan(type); i++) {
		cur_skip(c, 2, "vlan tci");
		type = cur_u16(c, "vlan ethertype");
	}
	if (type <= 1500) {
		/* 802.3 length: IP only inside LLC/SNAP (AA AA 03 OUI type) */
		const uint8_t *llc = cur_bytes(c, 6, "llc snap");

		if (!llc || llc[0] != 0xaa || llc[1] != 0xaa || llc[2] != 0x03)
			return -1;
		type = cur_u16(c, "snap ethertype");
	}
	return cur_ok(c) ? family_of_ethertype(type) : -1;
}

static int link_ether(tv_cur *c)
{
	cur_skip(c, 12, "ethernet addresses");
	return ethertype_family(c);
}

static int link_sll(tv_cur *c)
{
	/* packet type, ARPHRD type, address length, 8 address bytes */
	cur_skip(c, 14, "sll header");
	return ethertype_family(c);
}

static int link_sll2(tv_cur *c)
{
	uint16_t type = cur_u16(c, "sll2 protocol");

	/* reserved, interface index, ARPHRD, packet type, address */
	cur_skip(c, 18, "sll2 header");
	if (!cur_ok(c))
		return -1;
	if (is_vlan(type)) {
		cur_skip(c, 2, "vlan tci");
		return ethertype_family(c);
	}
	return family_of_ethertype(type);
}

/* AF_INET6 differs by system: Linux 10, the BSDs 24, FreeBSD 28, Darwin 30. */
static int family_of_af(uint32_t af)
{
	if (af == 2)
		return 4;
	if (af == 10 || af == 24 || af == 28 || af == 30)
		return 6;
	return -1;
}

/* DLT_NULL writes the family in the capturing host's byte order,
 * DLT_LOOP in network order; either may come from any host. */
static int link_null(tv_cur *c)
{
	const uint8_t *b = cur_bytes(c, 4, "loopback family");
	int f;

	if (!b)
		return -1;
	f = family_of_af((uint32_t)b[0] | (uint32_t)b[1] << 8 |
			 (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
	if (f < 0)
		f = family_of_af((uint32_t)b[3] | (uint32_t)b[2] << 8 |
				 (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24);
	return f;
}

static int link_raw(tv_cur *c)
{
	return 0;
}
static int link_ipv4(tv_cur *c)
{
	return 4;
}
static int link_ipv6(tv_cur *c)
{
	return 6;
}

typedef int link_fn(tv_cur *c);

static const struct {
	int dlt;
	link_fn *parse;
} link_types[] = {
    {0, link_null},   /* DLT_NULL */
    {1, link_ether},  /* DLT_EN10MB */
    {12, link_raw},   /* DLT_RAW on most systems */
    {14, link_raw},   /* DLT_RAW on OpenBSD */
    {101, link_raw},  /* LINKTYPE_RAW */
    {108, link_null}, /* DLT_LOOP */
    {113, link_sll},  /* DLT_LINUX_SLL */
    {228, link_ipv4}, /* DLT_IPV4 */
    {229, link_ipv6}, /* DLT_IPV6 */
    {276, link_sll2}, /* DLT_LINUX_SLL2 */
};

static link_fn *link_parser(int dlt)
{
	for (size_t i = 0; i < sizeof link_types / sizeof link_types[0]; i++)
		if (link_types[i].dlt == dlt)
			return link_types[i].parse;
	return NULL;
}

bool tv_pipeline_linktype_supported(int dlt)
{
	return link_parser(dlt) != NULL;
}

bool cap_link_parse(int dlt, const uint8_t *p, size_t caplen, size_t wirelen,
		    cap_l3 *out)
{
	link_fn *parse = link_parser(dlt);
	tv_cur_err err;
	tv_cur c;
	int family;
	size_t hdr;

	if (!parse)
		return false;
	cur_init(&c, p, caplen, 0, &err);
	family = parse(&c);
	if (family < 0 || !cur_ok(&c))
		return false;
	hdr = cur_off(&c);
	out->family = (uint8_t)family;
	out->p = c.p;
	out->caplen = cur_left(&c);
	out->wirelen = wirelen > hdr ? wirelen - hdr : 0;
	if (out->wirelen < out->caplen)
		out->wirelen = out->caplen;
	return true;
}
