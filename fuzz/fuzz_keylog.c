/*
 * Key logs and the pcapng secrets reader: the same bytes read as NSS key
 * log text (whole, and streamed in pieces whose sizes the input picks)
 * and as a pcapng file whose Decryption Secrets Blocks are scanned.
 *
 * Checks beyond "no crash": the whole-text and the streamed readings add
 * the same number of secrets; every warning is one line of printable
 * ASCII or UTF-8 (no control character reaches a terminal); the warnings
 * stop at the documented cap; the key log stays within its entry limit.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "capture/pcapng_secrets.h"
#include "tls/keylog.h"

typedef struct warns {
	unsigned n;
} warns;

static void check_warning(void *arg, const char *origin, unsigned long line,
			  const char *msg)
{
	warns *w = arg;

	(void)line;
	w->n++;
	for (const char *s = origin; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
	for (const char *s = msg; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tv_keylog *whole = tv_keylog_new(), *pieces = tv_keylog_new();
	tv_keylog *dsb = tv_keylog_new();
	tv_keylog_reader *r;
	tv_pcapng_secrets *ps;
	warns w1 = {0}, w2 = {0}, w3 = {0};
	size_t a, b, step, off;

	tv_keylog_set_max_entries(pieces, 64);

	a = tv_keylog_add_text(whole, data, size, "whole", check_warning, &w1);

	/* pieces: sizes from the input's first byte, 1..64 */
	step = size ? (size_t)(data[0] & 63) + 1 : 1;
	r = tv_keylog_reader_new(pieces, "pieces", check_warning, &w2);
	for (off = 0; off < size; off += step)
		tv_keylog_reader_feed(r, data + off,
				      size - off < step ? size - off : step);
	b = tv_keylog_reader_end(r, true);
	tv_keylog_reader_free(r);
	/* the same lines, so the same secrets, up to the entry limit */
	if (tv_keylog_count(pieces) > 64)
		abort();
	if (a <= 64 && tv_keylog_count(whole) <= 64 && b != a)
		abort();
	if (w1.n > TV_KEYLOG_MAX_WARNINGS + 1 ||
	    w2.n > TV_KEYLOG_MAX_WARNINGS + 1)
		abort();

	ps = tv_pcapng_secrets_new(dsb, check_warning, &w3);
	for (off = 0; off < size; off += step + 3)
		tv_pcapng_secrets_feed(ps, data + off,
				       size - off < step + 3 ? size - off
							     : step + 3);
	tv_pcapng_secrets_end(ps, size & 1);
	tv_pcapng_secrets_free(ps);

	tv_keylog_free(whole);
	tv_keylog_free(pieces);
	tv_keylog_free(dsb);
	return 0;
}
