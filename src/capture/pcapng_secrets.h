/*
 * Session secrets carried inside a pcapng file: Decryption Secrets Blocks
 * (block type 0x0000000A) of secrets type "TLSK" (0x544c534b) hold NSS key
 * log text.  libpcap skips these blocks, so the scanner reads them out of
 * the same bytes libpcap reads, as they stream past (replay.c tees them
 * in): one pass over the file, no seeking, no second read.
 *
 * The scanner follows the block structure only: Section Header Blocks
 * (either byte order, several sections), the length of every block, and
 * the body of Decryption Secrets Blocks, which goes line by line into a
 * tv_keylog_reader.  Other block bodies are skipped by counting, never
 * copied.  A file that does not start with a Section Header Block
 * (classic pcap) turns the scanner off; so does a block length that is
 * not a multiple of 4, under 12 or over TV_PCAPNG_MAX_BLOCK: libpcap
 * reports that file as damaged, the scanner just stops looking.
 *
 * Warnings go to the key log's warn callback with origin "pcapng
 * Decryption Secrets Block #N" (N counts every such block from 1, in
 * file order); line 0 for a problem with the block itself (another
 * secrets type, a length that does not fit, a block cut short).
 */
#ifndef CAPTURE_PCAPNG_SECRETS_H
#define CAPTURE_PCAPNG_SECRETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls/keylog.h"

#define TV_PCAPNG_MAX_BLOCK (64u << 20)

typedef struct tv_pcapng_secrets tv_pcapng_secrets;

/* Secrets found go into kl; warn may be NULL. */
tv_pcapng_secrets *tv_pcapng_secrets_new(tv_keylog *kl, tv_keylog_warn_fn warn,
					 void *warn_arg);
void tv_pcapng_secrets_free(tv_pcapng_secrets *s);

/* The next n bytes of the file, in order; pieces of any size. */
void tv_pcapng_secrets_feed(tv_pcapng_secrets *s, const uint8_t *p, size_t n);

/* No more bytes.  eof: the file itself ended (rather than the reading
 * stopping early); only changes how a block cut short is described. */
void tv_pcapng_secrets_end(tv_pcapng_secrets *s, bool eof);

/* Decryption Secrets Blocks seen (any secrets type) and secrets added. */
unsigned long tv_pcapng_secrets_blocks(const tv_pcapng_secrets *s);
size_t tv_pcapng_secrets_added(const tv_pcapng_secrets *s);
/* Still following the blocks: false for classic pcap, after a bad block
 * length or a bad byte-order magic. */
bool tv_pcapng_secrets_scanning(const tv_pcapng_secrets *s);

#endif
