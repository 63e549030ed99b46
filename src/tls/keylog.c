/*
 * The session-secret store and the NSS key log reader.
 *
 * Storage: client randoms live in a dense array of entries, found through
 * an open-addressing index (linear probing, at most half full, keyed hash
 * so crafted randoms cannot all collide).  Secrets sit in fixed 64-byte
 * slots in chunks that never move, so a pointer tv_keylog_get hands out
 * stays valid while later lines are added.
 *
 * Reading: text goes through a line splitter that keeps at most
 * TV_KEYLOG_MAX_LINE bytes, then each line is taken apart with the
 * bounded cursor (label, client random, secret).
 */
#include "tls/keylog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util/arena.h"
#include "util/cursor.h"
#include "util/hash.h"
#include "util/hex.h"

#define RANDOM_LEN	32
#define INITIAL_INDEX	64 /* slots; a power of two */
#define CHUNK_SECRETS	1024
#define FILE_READ_CHUNK (64 * 1024)

typedef struct kl_entry {
	uint8_t random[RANDOM_LEN];
	uint32_t slot[TV_SECRET_KINDS]; /* 1 + secret number, 0: none */
	uint8_t len[TV_SECRET_KINDS];
} kl_entry;

typedef uint8_t kl_secret[TV_SECRET_MAX];

struct tv_keylog {
	kl_entry *entries;
	size_t n, cap;
	uint32_t *index; /* 1 + entry number, 0: empty */
	size_t mask;	 /* index slots - 1 */
	kl_secret **chunks;
	size_t nsecrets, nchunks;
	size_t max_entries;
	uint64_t seed;
	bool full_reported;
};

struct tv_keylog_reader {
	tv_keylog *kl;
	char *origin;
	tv_keylog_warn_fn warn;
	void *warn_arg;
	unsigned long line;	 /* the line being collected, from 1 */
	unsigned long held_back; /* problems past TV_KEYLOG_MAX_WARNINGS */
	unsigned warnings;
	size_t added;
	size_t len; /* bytes of the line so far (may exceed buf) */
	uint8_t buf[TV_KEYLOG_MAX_LINE];
};

static const char *const kind_names[TV_SECRET_KINDS] = {
    [TV_SECRET_MASTER] = "CLIENT_RANDOM",
    [TV_SECRET_CLIENT_EARLY] = "CLIENT_EARLY_TRAFFIC_SECRET",
    [TV_SECRET_CLIENT_HS] = "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
    [TV_SECRET_SERVER_HS] = "SERVER_HANDSHAKE_TRAFFIC_SECRET",
    [TV_SECRET_CLIENT_AP0] = "CLIENT_TRAFFIC_SECRET_0",
    [TV_SECRET_SERVER_AP0] = "SERVER_TRAFFIC_SECRET_0",
    [TV_SECRET_EXPORTER] = "EXPORTER_SECRET",
};

/* Labels of the format that tlsview has no use for: an RSA premaster
 * by encrypted prefix, early exporter, ECH, and the traffic secrets
 * OpenSSL logs after a KeyUpdate (tlsview ratchets from _0 itself).
 * Skipped without a word: they are normal in key logs written by
 * browsers and OpenSSL. */
static const char *const unused_labels[] = {
    "RSA",
    "PMS_CLIENT_RANDOM",
    "EARLY_EXPORTER_SECRET",
    "ECH_SECRET",
    "ECH_CONFIG",
    "CLIENT_TRAFFIC_SECRET_N",
    "SERVER_TRAFFIC_SECRET_N",
};

const char *tv_secret_kind_name(tv_secret_kind k)
{
	return (unsigned)k < TV_SECRET_KINDS ? kind_names[k] : "unknown";
}

/* ------------------------------------------------------------------ */
/* The store                                                           */

tv_keylog *tv_keylog_new(void)
{
	tv_keylog *kl = tv_xcalloc(1, sizeof *kl);

	kl->index = tv_xcalloc(INITIAL_INDEX, sizeof *kl->index);
	kl->mask = INITIAL_INDEX - 1;
	kl->max_entries = TV_KEYLOG_MAX_ENTRIES;
	/* Seeded per store: the randoms come from untrusted files, and a
	 * crafted file must not make every insertion probe the whole index. */
	kl->seed = ((uint64_t)(uintptr_t)kl ^ (uint64_t)time(NULL)) *
		   0x9e3779b97f4a7c15ULL;
	return kl;
}

void tv_keylog_free(tv_keylog *kl)
{
	if (!kl)
		return;
	for (size_t i = 0; i < kl->nchunks; i++)
		free(kl->chunks[i]);
	free(kl->chunks);
	free(kl->entries);
	free(kl->index);
	free(kl);
}

void tv_keylog_set_max_entries(tv_keylog *kl, size_t max)
{
	kl->max_entries =
	    max < TV_KEYLOG_MAX_ENTRIES ? max : TV_KEYLOG_MAX_ENTRIES;
}

size_t tv_keylog_count(const tv_keylog *kl)
{
	return kl->n;
}

static size_t random_hash(const tv_keylog *kl, const uint8_t r[RANDOM_LEN])
{
	uint64_t w[RANDOM_LEN / 8];
	uint64_t h = kl->seed;

	memcpy(w, r, sizeof w);
	for (size_t i = 0; i < RANDOM_LEN / 8; i++)
		h = tv_mix64(h ^ w[i]) + i;
	return (size_t)h;
}

/* The index slot holding r, or the empty slot where it would go. */
static size_t index_slot(const tv_keylog *kl, const uint8_t r[RANDOM_LEN])
{
	size_t i = random_hash(kl, r) & kl->mask;

	while (kl->index[i] != 0 &&
	       memcmp(kl->entries[kl->index[i] - 1].random, r, RANDOM_LEN) != 0)
		i = (i + 1) & kl->mask;
	return i;
}

static void index_grow(tv_keylog *kl)
{
	size_t slots = (kl->mask + 1) * 2;

	free(kl->index);
	kl->index = tv_xcalloc(slots, sizeof *kl->index);
	kl->mask = slots - 1;
	for (size_t e = 0; e < kl->n; e++)
		kl->index[index_slot(kl, kl->entries[e].random)] =
		    (uint32_t)(e + 1);
}

/* The entry for r, created when new; NULL when the store is full. */
static kl_entry *entry_get(tv_keylog *kl, const uint8_t r[RANDOM_LEN])
{
	size_t i = index_slot(kl, r);
	kl_entry *e;

	if (kl->index[i] != 0)
		return &kl->entries[kl->index[i] - 1];
	if (kl->n >= kl->max_entries)
		return NULL;
	if ((kl->n + 1) * 2 > kl->mask + 1) {
		index_grow(kl);
		i = index_slot(kl, r);
	}
	if (kl->n == kl->cap) {
		kl->cap = kl->cap ? kl->cap * 2 : 32;
		kl->entries =
		    tv_xrealloc(kl->entries, kl->cap * sizeof *kl->entries);
	}
	e = &kl->entries[kl->n];
	memset(e, 0, sizeof *e);
	memcpy(e->random, r, RANDOM_LEN);
	kl->index[i] = (uint32_t)++kl->n;
	return e;
}

static uint8_t *secret_at(const tv_keylog *kl, uint32_t slot)
{
	size_t k = slot - 1;

	return kl->chunks[k / CHUNK_SECRETS][k % CHUNK_SECRETS];
}

static uint32_t secret_new(tv_keylog *kl)
{
	if (kl->nsecrets == kl->nchunks * CHUNK_SECRETS) {
		kl->chunks = tv_xrealloc(kl->chunks, (kl->nchunks + 1) *
							 sizeof *kl->chunks);
		kl->chunks[kl->nchunks++] =
		    tv_xmalloc(CHUNK_SECRETS * sizeof(kl_secret));
	}
	return (uint32_t)++kl->nsecrets;
}

bool tv_keylog_add(tv_keylog *kl, const uint8_t client_random[32],
		   tv_secret_kind kind, const uint8_t *secret, size_t len)
{
	kl_entry *e;

	if ((unsigned)kind >= TV_SECRET_KINDS || len == 0 ||
	    len > TV_SECRET_MAX)
		return false;
	e = entry_get(kl, client_random);
	if (!e)
		return false;
	if (e->slot[kind] == 0)
		e->slot[kind] = secret_new(kl);
	memcpy(secret_at(kl, e->slot[kind]), secret, len);
	e->len[kind] = (uint8_t)len;
	return true;
}

bool tv_keylog_get(const tv_keylog *kl, const uint8_t client_random[32],
		   tv_secret_kind kind, const uint8_t **secret, size_t *len)
{
	size_t i;
	const kl_entry *e;

	if ((unsigned)kind >= TV_SECRET_KINDS)
		return false;
	i = index_slot(kl, client_random);
	if (kl->index[i] == 0)
		return false;
	e = &kl->entries[kl->index[i] - 1];
	if (e->slot[kind] == 0)
		return false;
	*secret = secret_at(kl, e->slot[kind]);
	*len = e->len[kind];
	return true;
}

/* ------------------------------------------------------------------ */
/* One line: LABEL <64 hex client random> <hex secret>                 */

static void reader_warn(tv_keylog_reader *r, unsigned long line,
			const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reader_warn(tv_keylog_reader *r, unsigned long line,
			const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!r->warn)
		return;
	if (r->warnings >= TV_KEYLOG_MAX_WARNINGS) {
		r->held_back++;
		return;
	}
	r->warnings++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->warn(r->warn_arg, r->origin, line, msg);
}

static bool is_blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' ||
	       ch == '\f';
}

/* Bytes at the start of c that are (blank) or are not (!blank) blanks. */
static size_t run_length(const tv_cur *c, bool blank)
{
	tv_cur t = *c;
	size_t n = 0;

	while (cur_left(&t) && is_blank(cur_u8(&t, "key log line")) == blank)
		n++;
	return n;
}

/* The next space-separated field (an empty window at the end). */
static tv_cur next_field(tv_cur *line)
{
	cur_skip(line, run_length(line, true), "blanks");
	return cur_sub(line, run_length(line, false), "field");
}

static bool field_is(const tv_cur *f, const char *name)
{
	tv_cur t = *f;
	size_t n = strlen(name);

	return cur_left(f) == n &&
	       memcmp(cur_bytes(&t, n, "label"), name, n) == 0;
}

static int label_kind(const tv_cur *label)
{
	for (int k = 0; k < TV_SECRET_KINDS; k++)
		if (field_is(label, kind_names[k]))
			return k;
	return -1;
}

static bool label_unused(const tv_cur *label)
{
	for (size_t i = 0; i < sizeof unused_labels / sizeof *unused_labels;
	     i++)
		if (field_is(label, unused_labels[i]))
			return true;
	return false;
}

/* The field as printable text for a message: at most 40 characters,
 * anything outside printable ASCII as '?'. */
static void field_text(const tv_cur *f, char *out, size_t size)
{
	tv_cur t = *f;
	size_t i = 0;

	while (cur_left(&t) && i + 4 < size && i < 40) {
		uint8_t ch = cur_u8(&t, "label");

		out[i++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	if (cur_left(&t))
		out[i++] = '.', out[i++] = '.', out[i++] = '.';
	out[i] = '\0';
}

/*
 * Where the field has a byte that is not a hex digit: its column (from
 * 1), with *bad set to it; 0 when every byte is a hex digit.
 */
static size_t first_non_hex(const tv_cur *f, uint8_t *bad)
{
	tv_cur t = *f;

	while (cur_left(&t)) {
		size_t col = cur_off(&t) + 1;
		uint8_t ch = cur_u8(&t, "hex");

		if (tv_hex_digit(ch) < 0) {
			*bad = ch;
			return col;
		}
	}
	return 0;
}

/* Decode a field of hex digits already checked by first_non_hex. */
static void hex_decode(tv_cur *f, uint8_t *out)
{
	for (size_t i = 0; cur_left(f) >= 2; i++) {
		int hi = tv_hex_digit(cur_u8(f, "hex"));

		out[i] = (uint8_t)(hi << 4 | tv_hex_digit(cur_u8(f, "hex")));
	}
}

/* "'g'" or "byte 0x00" for a message. */
static void char_text(uint8_t ch, char out[16])
{
	if (ch > 0x20 && ch < 0x7f)
		snprintf(out, 16, "'%c'", ch);
	else
		snprintf(out, 16, "byte 0x%02x", ch);
}

/* Secret sizes by label, in bytes: the master secret is always 48; a
 * TLS 1.3 secret is as long as the suite's hash (SHA-256 or SHA-384). */
static bool secret_size_ok(int kind, size_t n)
{
	return kind == TV_SECRET_MASTER ? n == 48 : n == 32 || n == 48;
}

/* Every byte of the field is a hex digit; otherwise a warning that
 * starts with rule and says which byte is not. */
static bool check_hex(tv_keylog_reader *r, unsigned long line, const tv_cur *f,
		      const char *rule)
{
	char what[16];
	uint8_t bad;
	size_t col = first_non_hex(f, &bad);

	if (!col)
		return true;
	char_text(bad, what);
	reader_warn(r, line, "%s (found %s at column %zu)", rule, what, col);
	return false;
}

static bool check_random(tv_keylog_reader *r, unsigned long line,
			 const tv_cur *f)
{
	if (!check_hex(r, line, f, "the client random must be 64 hex digits"))
		return false;
	if (cur_left(f) != RANDOM_LEN * 2) {
		reader_warn(r, line,
			    "the client random must be 64 hex digits, not %zu",
			    cur_left(f));
		return false;
	}
	return true;
}

static bool check_secret(tv_keylog_reader *r, unsigned long line, int kind,
			 const tv_cur *f)
{
	size_t digits = cur_left(f);

	if (!check_hex(r, line, f, "the secret must be hex digits"))
		return false;
	if (digits % 2 || !secret_size_ok(kind, digits / 2)) {
		reader_warn(r, line,
			    kind == TV_SECRET_MASTER
				? "a %s master secret must be 96 hex digits "
				  "(48 bytes), not %zu"
				: "a %s must be 64 or 96 hex digits (32 or 48 "
				  "bytes, the size of the suite's hash), not "
				  "%zu",
			    kind_names[kind], digits);
		return false;
	}
	return true;
}

static void store_line(tv_keylog_reader *r, unsigned long line, int kind,
		       tv_cur *rnd, tv_cur *sec)
{
	uint8_t random[RANDOM_LEN], secret[TV_SECRET_MAX];
	size_t len = cur_left(sec) / 2;

	hex_decode(rnd, random);
	hex_decode(sec, secret);
	if (tv_keylog_add(r->kl, random, (tv_secret_kind)kind, secret, len)) {
		r->added++;
		return;
	}
	if (r->kl->full_reported)
		return;
	r->kl->full_reported = true;
	reader_warn(r, line,
		    "the key log store is full (%zu client randoms); the "
		    "secrets of further connections are ignored",
		    r->kl->max_entries);
}

/* Skip a UTF-8 byte order mark (editors on Windows write one). */
static void skip_bom(tv_cur *line)
{
	static const uint8_t bom[3] = {0xef, 0xbb, 0xbf};
	tv_cur t = *line;

	if (cur_left(line) >= 3 &&
	    memcmp(cur_bytes(&t, 3, "byte order mark"), bom, 3) == 0)
		cur_skip(line, 3, "byte order mark");
}

static bool is_comment_or_blank(const tv_cur *label)
{
	tv_cur t = *label;

	return !cur_left(label) || cur_u8(&t, "label") == '#';
}

static void parse_line(tv_keylog_reader *r, unsigned long line,
		       const uint8_t *p, size_t n)
{
	tv_cur_err ce;
	tv_cur c, label, rnd, sec, rest;
	char text[48];
	int kind;

	cur_init(&c, p, n, 0, &ce);
	if (line == 1)
		skip_bom(&c);
	label = next_field(&c);
	if (is_comment_or_blank(&label))
		return;
	kind = label_kind(&label);
	if (kind < 0) {
		if (label_unused(&label))
			return;
		field_text(&label, text, sizeof text);
		reader_warn(r, line,
			    "unknown label \"%s\" (a key log line starts with "
			    "CLIENT_RANDOM or a TLS 1.3 secret name)",
			    text);
		return;
	}
	rnd = next_field(&c);
	sec = next_field(&c);
	rest = next_field(&c);
	if (!cur_left(&sec)) {
		reader_warn(r, line,
			    "%s needs a client random and a secret after it",
			    kind_names[kind]);
		return;
	}
	if (cur_left(&rest)) {
		reader_warn(r, line,
			    "unexpected text after the secret "
			    "(column %zu)",
			    cur_off(&rest) + 1);
		return;
	}
	if (check_random(r, line, &rnd) && check_secret(r, line, kind, &sec))
		store_line(r, line, kind, &rnd, &sec);
}

/* ------------------------------------------------------------------ */
/* Lines out of pieces of text                                          */

tv_keylog_reader *tv_keylog_reader_new(tv_keylog *kl, const char *origin,
				       tv_keylog_warn_fn warn, void *warn_arg)
{
	tv_keylog_reader *r = tv_xcalloc(1, sizeof *r);
	size_t n = strlen(origin);

	r->kl = kl;
	r->origin = memcpy(tv_xmalloc(n + 1), origin, n + 1);
	r->warn = warn;
	r->warn_arg = warn_arg;
	r->line = 1;
	return r;
}

void tv_keylog_reader_free(tv_keylog_reader *r)
{
	if (!r)
		return;
	free(r->origin);
	free(r);
}

static void line_done(tv_keylog_reader *r)
{
	if (r->len > TV_KEYLOG_MAX_LINE)
		reader_warn(r, r->line,
			    "longer than %d characters: not a key log line",
			    TV_KEYLOG_MAX_LINE);
	else
		parse_line(r, r->line, r->buf, r->len);
	r->line++;
	r->len = 0;
}

void tv_keylog_reader_feed(tv_keylog_reader *r, const uint8_t *p, size_t n)
{
	tv_cur_err ce;
	tv_cur c;

	cur_init(&c, p, n, 0, &ce);
	while (cur_left(&c)) {
		uint8_t ch = cur_u8(&c, "key log text");

		if (ch == '\n')
			line_done(r);
		else if (r->len++ < TV_KEYLOG_MAX_LINE)
			r->buf[r->len - 1] = ch;
		else
			r->len = TV_KEYLOG_MAX_LINE + 1; /* no overflow */
	}
}

size_t tv_keylog_reader_end(tv_keylog_reader *r, bool complete)
{
	if (r->len && complete) {
		line_done(r);
	} else if (r->len) {
		reader_warn(r, r->line,
			    "cut off: the text ends in the middle of this "
			    "line, which was skipped");
		r->len = 0;
	}
	if (r->held_back && r->warn) {
		char msg[128];

		snprintf(msg, sizeof msg,
			 "%lu more problems were found and not shown",
			 r->held_back);
		r->warn(r->warn_arg, r->origin, 0, msg);
		r->held_back = 0;
	}
	return r->added;
}

size_t tv_keylog_add_text(tv_keylog *kl, const uint8_t *p, size_t n,
			  const char *origin, tv_keylog_warn_fn warn,
			  void *warn_arg)
{
	tv_keylog_reader *r = tv_keylog_reader_new(kl, origin, warn, warn_arg);
	size_t added;

	tv_keylog_reader_feed(r, p, n);
	added = tv_keylog_reader_end(r, true);
	tv_keylog_reader_free(r);
	return added;
}

/* ------------------------------------------------------------------ */
/* Files                                                                */

static tv_status open_error(int errnum, tv_error *err)
{
	const char *hint =
	    errnum == EACCES || errnum == EPERM ? "check the file's permissions"
	    : errnum == EISDIR ? "give the path of a key log file, such as "
				 "the one SSLKEYLOGFILE names"
			       : "check the --keylog path";

	tv_error_set(err, TV_IO, "cannot open: %s (%s)", strerror(errnum),
		     hint);
	return TV_IO;
}

/* Read the file in chunks: a huge or binary file never sits in memory. */
static tv_status read_all(FILE *f, tv_keylog_reader *r, tv_error *err)
{
	uint8_t *chunk = tv_xmalloc(FILE_READ_CHUNK);
	size_t got;

	while ((got = fread(chunk, 1, FILE_READ_CHUNK, f)) > 0)
		tv_keylog_reader_feed(r, chunk, got);
	free(chunk);
	if (ferror(f)) {
		tv_error_set(err, TV_IO,
			     "read error: %s (check the file and the disk)",
			     strerror(errno));
		return TV_IO;
	}
	return TV_OK;
}

tv_status tv_keylog_load_file(tv_keylog *kl, const char *path,
			      tv_keylog_warn_fn warn, void *warn_arg,
			      size_t *added, tv_error *err)
{
	tv_keylog_reader *r;
	struct stat st;
	tv_status status;
	size_t n;
	FILE *f;

	if (added)
		*added = 0;
	f = fopen(path, "rb");
	if (!f)
		return open_error(errno, err);
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return open_error(EISDIR, err);
	}
	r = tv_keylog_reader_new(kl, path, warn, warn_arg);
	status = read_all(f, r, err);
	/* After a read error the last line may be cut: do not trust it. */
	n = tv_keylog_reader_end(r, status == TV_OK);
	tv_keylog_reader_free(r);
	fclose(f);
	if (added)
		*added = n;
	return status;
}
