/*
 * Following the pcapng block structure as the bytes stream past, to pick
 * the key log text out of Decryption Secrets Blocks.  Every block starts
 * with type and total length (the byte order of its section); the
 * scanner keeps at most the first 16 bytes of a block, then skips the
 * rest by counting, except for the secrets of a TLSK block, which go to
 * a key log reader line by line.
 */
#include "capture/pcapng_secrets.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/cursor.h"

#define BT_SHB		 0x0a0d0d0au /* the same in either byte order */
#define BT_DSB		 0x0000000au
#define BYTE_ORDER_MAGIC 0x1a2b3c4du
#define SECRETS_TLSK	 0x544c534bu
#define BLOCK_MIN	 12 /* type, length, trailing length */
#define SHB_MIN		 28 /* + magic, version, section length */
#define DSB_MIN		 20 /* + secrets type, secrets length */
#define BLOCK_HEAD	 8  /* type and length */
#define SHB_HEAD	 12 /* + byte-order magic */
#define DSB_HEAD	 16 /* + secrets type and length */

typedef enum scan_state {
	SCAN_HEADER,  /* collecting the first bytes of a block */
	SCAN_SKIP,    /* counting past the rest of a block */
	SCAN_SECRETS, /* handing key log text to the reader */
	SCAN_OFF,     /* not pcapng, or lost track of the blocks */
} scan_state;

struct tv_pcapng_secrets {
	tv_keylog *kl;
	tv_keylog_warn_fn warn;
	void *warn_arg;
	scan_state state;
	bool started; /* past the file's first block header */
	bool little;  /* the current section is little-endian */
	uint8_t head[DSB_HEAD];
	size_t have, want; /* bytes of head collected, needed */
	uint32_t block_len;
	uint64_t left;	/* bytes of the current span still to come */
	uint32_t after; /* block bytes after the secrets */
	tv_keylog_reader *reader;
	unsigned long blocks;
	size_t added;
	char origin[64];
};

/* Secrets types registered for pcapng, to name the ones ignored. */
static const struct {
	uint32_t type;
	const char *name;
} secrets_types[] = {
    {SECRETS_TLSK, "TLS key log"},	{0x5353484bu, "SSH key log"},
    {0x57474b4cu, "WireGuard key log"}, {0x5a4e574bu, "Zigbee network key"},
    {0x5a415053u, "Zigbee APS key"},	{0x55414b4cu, "OPC UA key log"},
};

static const char *secrets_type_name(uint32_t type)
{
	for (size_t i = 0; i < sizeof secrets_types / sizeof *secrets_types;
	     i++)
		if (secrets_types[i].type == type)
			return secrets_types[i].name;
	return "unknown";
}

tv_pcapng_secrets *tv_pcapng_secrets_new(tv_keylog *kl, tv_keylog_warn_fn warn,
					 void *warn_arg)
{
	tv_pcapng_secrets *s = tv_xcalloc(1, sizeof *s);

	s->kl = kl;
	s->warn = warn;
	s->warn_arg = warn_arg;
	s->state = SCAN_HEADER;
	s->want = BLOCK_HEAD;
	return s;
}

void tv_pcapng_secrets_free(tv_pcapng_secrets *s)
{
	if (!s)
		return;
	tv_keylog_reader_free(s->reader);
	free(s);
}

unsigned long tv_pcapng_secrets_blocks(const tv_pcapng_secrets *s)
{
	return s->blocks;
}

size_t tv_pcapng_secrets_added(const tv_pcapng_secrets *s)
{
	return s->added;
}

bool tv_pcapng_secrets_scanning(const tv_pcapng_secrets *s)
{
	return s->state != SCAN_OFF;
}

static void block_warn(tv_pcapng_secrets *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void block_warn(tv_pcapng_secrets *s, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!s->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	s->warn(s->warn_arg, s->origin, 0, msg);
}

/* A 32-bit field of the block head; raw: as stored, big-endian. */
static uint32_t head_u32(const tv_pcapng_secrets *s, size_t off, bool raw)
{
	tv_cur_err e;
	tv_cur c;
	uint32_t v;

	cur_init(&c, s->head, s->have, 0, &e);
	cur_skip(&c, off, "pcapng block head");
	v = cur_u32(&c, "pcapng block field");
	return s->little && !raw ? __builtin_bswap32(v) : v;
}

static void next_block(tv_pcapng_secrets *s)
{
	s->state = SCAN_HEADER;
	s->have = 0;
	s->want = BLOCK_HEAD;
}

static void skip(tv_pcapng_secrets *s, uint64_t n)
{
	s->left = n;
	s->state = SCAN_SKIP;
	if (n == 0)
		next_block(s);
}

/* The lengths libpcap accepts as well; anything else and the scanner
 * has lost the block boundaries, so it stops rather than guess. */
static bool length_ok(uint32_t len, uint32_t min)
{
	return len % 4 == 0 && len >= min && len <= TV_PCAPNG_MAX_BLOCK;
}

static void secrets_done(tv_pcapng_secrets *s)
{
	s->added += tv_keylog_reader_end(s->reader, true);
	tv_keylog_reader_free(s->reader);
	s->reader = NULL;
	skip(s, s->after);
}

/* The head of a Decryption Secrets Block: type and length of secrets. */
static void dsb_head(tv_pcapng_secrets *s)
{
	uint32_t type = head_u32(s, 8, false), len = head_u32(s, 12, false);
	uint32_t room = s->block_len - DSB_MIN;

	if (len > room) {
		block_warn(s,
			   "its secrets length (%u bytes) does not fit in the "
			   "block (%u bytes of room); the block is ignored",
			   len, room);
		skip(s, s->block_len - DSB_HEAD);
	} else if (type != SECRETS_TLSK) {
		block_warn(s,
			   "it holds secrets of type 0x%08x (%s), not a TLS "
			   "key log; the block is ignored",
			   type, secrets_type_name(type));
		skip(s, s->block_len - DSB_HEAD);
	} else {
		s->reader = tv_keylog_reader_new(s->kl, s->origin, s->warn,
						 s->warn_arg);
		s->left = len;
		s->after = s->block_len - DSB_HEAD - len;
		s->state = SCAN_SECRETS;
		if (len == 0)
			secrets_done(s);
	}
}

/* A Section Header Block: the byte order of the blocks that follow. */
static void shb_head(tv_pcapng_secrets *s)
{
	uint32_t magic = head_u32(s, 8, true);

	if (magic != BYTE_ORDER_MAGIC &&
	    magic != __builtin_bswap32(BYTE_ORDER_MAGIC)) {
		s->state = SCAN_OFF;
		return;
	}
	s->little = magic != BYTE_ORDER_MAGIC;
	s->block_len = head_u32(s, 4, false);
	if (!length_ok(s->block_len, SHB_MIN)) {
		s->state = SCAN_OFF;
		return;
	}
	skip(s, s->block_len - SHB_HEAD);
}

/* Type and length of any block: decide what to collect or skip. */
static void block_head(tv_pcapng_secrets *s)
{
	uint32_t type = head_u32(s, 0, true);
	bool first = !s->started;

	s->started = true;
	if (type == BT_SHB) {
		s->want = SHB_HEAD; /* the byte order comes next */
		return;
	}
	if (first) { /* classic pcap, or not a capture at all */
		s->state = SCAN_OFF;
		return;
	}
	type = head_u32(s, 0, false);
	s->block_len = head_u32(s, 4, false);
	if (!length_ok(s->block_len, BLOCK_MIN)) {
		s->state = SCAN_OFF;
		return;
	}
	if (type != BT_DSB) {
		skip(s, s->block_len - BLOCK_HEAD);
		return;
	}
	snprintf(s->origin, sizeof s->origin,
		 "pcapng Decryption Secrets Block #%lu", ++s->blocks);
	if (s->block_len < DSB_MIN) {
		block_warn(s,
			   "the block is %u bytes, too short to hold secrets; "
			   "it is ignored",
			   s->block_len);
		skip(s, s->block_len - BLOCK_HEAD);
		return;
	}
	s->want = DSB_HEAD;
}

static void head_done(tv_pcapng_secrets *s)
{
	if (s->want == BLOCK_HEAD)
		block_head(s);
	else if (s->want == SHB_HEAD)
		shb_head(s);
	else
		dsb_head(s);
}

static size_t min_size(uint64_t a, size_t b)
{
	return a < b ? (size_t)a : b;
}

void tv_pcapng_secrets_feed(tv_pcapng_secrets *s, const uint8_t *p, size_t n)
{
	tv_cur_err e;
	tv_cur c;
	size_t take;

	cur_init(&c, p, n, 0, &e);
	while (cur_left(&c) && s->state != SCAN_OFF) {
		switch (s->state) {
		case SCAN_HEADER:
			take = min_size(s->want - s->have, cur_left(&c));
			memcpy(s->head + s->have,
			       cur_bytes(&c, take, "pcapng block head"), take);
			s->have += take;
			if (s->have == s->want)
				head_done(s);
			break;
		case SCAN_SKIP:
			take = min_size(s->left, cur_left(&c));
			cur_skip(&c, take, "pcapng block body");
			s->left -= take;
			if (s->left == 0)
				next_block(s);
			break;
		case SCAN_SECRETS:
			take = min_size(s->left, cur_left(&c));
			tv_keylog_reader_feed(
			    s->reader, cur_bytes(&c, take, "pcapng secrets"),
			    take);
			s->left -= take;
			if (s->left == 0)
				secrets_done(s);
			break;
		case SCAN_OFF:
			break;
		}
	}
}

void tv_pcapng_secrets_end(tv_pcapng_secrets *s, bool eof)
{
	if (s->state == SCAN_SECRETS) {
		s->added += tv_keylog_reader_end(s->reader, false);
		tv_keylog_reader_free(s->reader);
		s->reader = NULL;
		block_warn(
		    s, eof ? "the file ends inside this block; the lines "
			     "before the cut were used"
			   : "the capture was not read to the end of this "
			     "block; the lines before that point were used");
	}
	s->state = SCAN_OFF;
}
