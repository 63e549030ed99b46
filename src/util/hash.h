/* Hashing for the in-memory tables (flows, key log): a 64-bit finaliser
 * that spreads every input bit over the result; tables seed it per
 * instance so crafted input cannot choose colliding keys in advance. */
#ifndef TV_HASH_H
#define TV_HASH_H

#include <stdint.h>

static inline uint64_t tv_mix64(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

#endif
