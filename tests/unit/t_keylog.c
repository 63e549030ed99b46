/* The key log store and reader: every NSS label is stored and found by
 * client random; comments, blank lines, CRLF, trailing blanks and either
 * case of hex are accepted; each kind of malformed line is reported with
 * its line number and a precise sentence while the other lines are still
 * used; later duplicates win; the store is bounded; files are read in
 * pieces (long lines, huge files, missing files); every prefix of a valid
 * key log and every split of it into two pieces gives a sensible result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "tls/keylog.h"

#define MAX_WARN 64

typedef struct warnings {
	int n;
	unsigned long line[MAX_WARN];
	char msg[MAX_WARN][300];
	char origin[64];
} warnings;

static void collect(void *arg, const char *origin, unsigned long line,
		    const char *msg)
{
	warnings *w = arg;

	snprintf(w->origin, sizeof w->origin, "%s", origin);
	if (w->n < MAX_WARN) {
		w->line[w->n] = line;
		snprintf(w->msg[w->n], sizeof w->msg[0], "%s", msg);
	}
	w->n++;
}

/* A client random made of one repeated byte; its hex in hex (65 bytes). */
static void random_of(uint8_t b, uint8_t r[32], char hex[65])
{
	memset(r, b, 32);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", b);
}

/* n bytes counting up from start, and their hex. */
static void secret_of(uint8_t start, size_t n, uint8_t *s, char *hex)
{
	for (size_t i = 0; i < n; i++) {
		s[i] = (uint8_t)(start + i);
		snprintf(hex + 2 * i, 3, "%02x", s[i]);
	}
}

static size_t add(tv_keylog *kl, const char *text, warnings *w)
{
	if (w)
		memset(w, 0, sizeof *w);
	return tv_keylog_add_text(kl, (const uint8_t *)text, strlen(text),
				  "test.keys", w ? collect : NULL, w);
}

static bool has_secret(const tv_keylog *kl, const uint8_t r[32],
		       tv_secret_kind k, const uint8_t *want, size_t n)
{
	const uint8_t *s;
	size_t len;

	return tv_keylog_get(kl, r, k, &s, &len) && len == n &&
	       memcmp(s, want, n) == 0;
}

static void test_every_label(void)
{
	static const char *const names[TV_SECRET_KINDS] = {
	    "CLIENT_RANDOM",
	    "CLIENT_EARLY_TRAFFIC_SECRET",
	    "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
	    "SERVER_HANDSHAKE_TRAFFIC_SECRET",
	    "CLIENT_TRAFFIC_SECRET_0",
	    "SERVER_TRAFFIC_SECRET_0",
	    "EXPORTER_SECRET",
	};
	tv_keylog *kl = tv_keylog_new();
	uint8_t r48[32], r32[32], s[TV_SECRET_KINDS][2][48];
	char h48[65], h32[65], sh[97], text[4096] = "";
	warnings w;

	random_of(0xa1, r48, h48);
	random_of(0xb2, r32, h32);
	for (int k = 0; k < TV_SECRET_KINDS; k++) {
		size_t n = strlen(text);

		is_str(tv_secret_kind_name((tv_secret_kind)k), names[k],
		       "kind %d is named %s", k, names[k]);
		secret_of((uint8_t)(k * 16), 48, s[k][0], sh);
		n += (size_t)snprintf(text + n, sizeof text - n, "%s %s %s\n",
				      names[k], h48, sh);
		if (k == TV_SECRET_MASTER)
			continue; /* the master secret is always 48 bytes */
		secret_of((uint8_t)(k * 16 + 100), 32, s[k][1], sh);
		snprintf(text + n, sizeof text - n, "%s %s %s\n", names[k], h32,
			 sh);
	}
	is_int(add(kl, text, &w), 13,
	       "7 labels with 48-byte secrets and 6 "
	       "with 32-byte ones are added");
	is_int(w.n, 0, "without a warning");
	is_int(tv_keylog_count(kl), 2, "under two client randoms");
	for (int k = 0; k < TV_SECRET_KINDS; k++) {
		ok(has_secret(kl, r48, (tv_secret_kind)k, s[k][0], 48),
		   "%s: the 48-byte secret is found", names[k]);
		if (k != TV_SECRET_MASTER)
			ok(has_secret(kl, r32, (tv_secret_kind)k, s[k][1], 32),
			   "%s: the 32-byte secret is found", names[k]);
	}
	is_str(tv_secret_kind_name(TV_SECRET_KINDS), "unknown",
	       "an out-of-range kind has a name too");
	tv_keylog_free(kl);
}

static void test_layout(void)
{
	tv_keylog *kl = tv_keylog_new();
	uint8_t r[32], s[48], r2[32], s2[32];
	char rh[65], sh[97], r2h[65], s2h[65], text[2048], upper[65];
	warnings w;

	random_of(0x3c, r, rh);
	secret_of(7, 48, s, sh);
	random_of(0xd4, r2, r2h);
	secret_of(200, 32, s2, s2h);
	for (int i = 0; i < 65; i++)
		upper[i] = (char)(r2h[i] >= 'a' ? r2h[i] - 32 : r2h[i]);
	snprintf(text, sizeof text,
		 "\xef\xbb\xbf# SSL/TLS secrets log file\r\n"
		 "\r\n"
		 "   \t \n"
		 "  # an indented comment CLIENT_RANDOM xx yy\n"
		 "CLIENT_RANDOM\t%s   %s  \t\r\n"
		 "   SERVER_TRAFFIC_SECRET_0 %s %s",
		 rh, sh, upper, s2h);
	is_int(add(kl, text, &w), 2,
	       "BOM, comments, blank lines, CRLF, tabs, trailing blanks, "
	       "upper-case hex and a last line without a line end");
	is_int(w.n, 0, "are all accepted silently");
	ok(has_secret(kl, r, TV_SECRET_MASTER, s, 48),
	   "the CRLF line's master secret is right");
	ok(has_secret(kl, r2, TV_SECRET_SERVER_AP0, s2, 32),
	   "the upper-case client random is the same random");
	tv_keylog_free(kl);
}

static void test_malformed(void)
{
	tv_keylog *kl = tv_keylog_new();
	uint8_t r[32], s[48], r2[32], s2[48], r3[32];
	char rh[65], sh[97], r2h[65], s2h[97], r3h[65];
	char *text = malloc(16384), *long_line = malloc(2001);
	static const struct {
		unsigned long line;
		const char *msg;
	} want[] = {
	    {3, "unknown label \"FOO_SECRET\" (a key log line starts with "
		"CLIENT_RANDOM or a TLS 1.3 secret name)"},
	    {4, "the client random must be 64 hex digits, not 63"},
	    {5, "the client random must be 64 hex digits (found 'g' at "
		"column 20)"},
	    {6, "CLIENT_RANDOM needs a client random and a secret after it"},
	    {7, "a CLIENT_RANDOM master secret must be 96 hex digits (48 "
		"bytes), not 64"},
	    {8, "a CLIENT_HANDSHAKE_TRAFFIC_SECRET must be 64 or 96 hex "
		"digits (32 or 48 bytes, the size of the suite's hash), not "
		"95"},
	    {9, "the secret must be hex digits (found 'z' at column 85)"},
	    {10, "unexpected text after the secret (column 177)"},
	    {14, "unknown label \"A?B\" (a key log line starts with "
		 "CLIENT_RANDOM or a TLS 1.3 secret name)"},
	    {15, "longer than 1024 characters: not a key log line"},
	    {17, "a CLIENT_TRAFFIC_SECRET_0 must be 64 or 96 hex digits (32 "
		 "or 48 bytes, the size of the suite's hash), not 128"},
	    {18, "the secret must be hex digits (found byte 0x00 at column "
		 "90)"},
	};
	warnings w;
	size_t n = 0;
	int bad_random = 0;

	random_of(0x11, r, rh);
	secret_of(1, 48, s, sh);
	random_of(0x22, r2, r2h);
	secret_of(9, 48, s2, s2h);
	random_of(0x33, r3, r3h);
	memset(long_line, 'A', 2000);
	long_line[2000] = '\0';
#define LINE(...) n += (size_t)snprintf(text + n, 16384 - n, __VA_ARGS__)
	LINE("# line 1\n");
	LINE("CLIENT_RANDOM %s %s\n", rh, sh);			     /* 2 */
	LINE("FOO_SECRET %s %s\n", rh, sh);			     /* 3 */
	LINE("CLIENT_RANDOM %.63s %s\n", r3h, sh);		     /* 4 */
	LINE("CLIENT_RANDOM %.5sg%s %s\n", r3h, r3h + 6, sh);	     /* 5 */
	LINE("CLIENT_RANDOM %s\n", r3h);			     /* 6 */
	LINE("CLIENT_RANDOM %s %.64s\n", r3h, sh);		     /* 7 */
	LINE("CLIENT_HANDSHAKE_TRAFFIC_SECRET %s %.95s\n", r3h, sh); /* 8 */
	LINE("CLIENT_RANDOM %s %.5sz%s\n", r3h, sh, sh + 6);	     /* 9 */
	LINE("CLIENT_RANDOM %s %s extra\n", r3h, sh);		     /* 10 */
	LINE("RSA 6d4cee18acd8d418 %s\n", sh);			     /* 11 */
	LINE("EARLY_EXPORTER_SECRET %s %s\n", r3h, sh);		     /* 12 */
	LINE("CLIENT_HANDSHAKE_TRAFFIC_SECRET %s %s\n", r2h, s2h);   /* 13 */
	LINE("A\x01"
	     "B %s %s\n",
	     r3h, sh);						     /* 14 */
	LINE("%s\n", long_line);				     /* 15 */
	LINE("SERVER_HANDSHAKE_TRAFFIC_SECRET %s %s\n", r2h, s2h);   /* 16 */
	LINE("CLIENT_TRAFFIC_SECRET_0 %s %s%.32s\n", r3h, s2h, s2h); /* 17 */
	LINE("CLIENT_RANDOM %s %.10s", r3h, sh);		     /* 18 */
	text[n++] = '\0'; /* a NUL inside the secret */
	LINE("%s\n", sh + 11);
	LINE("CLIENT_TRAFFIC_SECRET_N %s %s\n", r3h, sh);	     /* 19 */
	LINE("SERVER_TRAFFIC_SECRET_N %s %s\n", r3h, sh);	     /* 20 */
#undef LINE
	memset(&w, 0, sizeof w);
	is_int(tv_keylog_add_text(kl, (const uint8_t *)text, n, "bad.keys",
				  collect, &w),
	       3, "the three good lines among the bad ones are added");
	is_int(w.n, (int)(sizeof want / sizeof want[0]),
	       "one warning per malformed line, none for RSA, "
	       "EARLY_EXPORTER_SECRET or OpenSSL's *_TRAFFIC_SECRET_N");
	is_str(w.origin, "bad.keys", "warnings name the origin");
	for (int i = 0; i < w.n && i < (int)(sizeof want / sizeof want[0]);
	     i++) {
		is_int(w.line[i], want[i].line, "warning %d is for line %lu",
		       i + 1, want[i].line);
		is_str(w.msg[i], want[i].msg, "line %lu: the message says why",
		       want[i].line);
	}
	ok(has_secret(kl, r, TV_SECRET_MASTER, s, 48),
	   "line 2 (before the bad lines) is used");
	ok(has_secret(kl, r2, TV_SECRET_CLIENT_HS, s2, 48) &&
	       has_secret(kl, r2, TV_SECRET_SERVER_HS, s2, 48),
	   "lines 13 and 16 (among and after them) are used");
	for (int k = 0; k < TV_SECRET_KINDS; k++) {
		const uint8_t *p;
		size_t len;

		bad_random +=
		    tv_keylog_get(kl, r3, (tv_secret_kind)k, &p, &len);
	}
	is_int(bad_random, 0, "nothing of the malformed lines is stored");
	is_int(tv_keylog_count(kl), 2, "two client randoms in all");
	free(text);
	free(long_line);
	tv_keylog_free(kl);
}

static void test_duplicates_and_misses(void)
{
	tv_keylog *kl = tv_keylog_new();
	uint8_t r[32], s1[48], s2[48], s3[32], other[32];
	char rh[65], h1[97], h2[97], h3[65], oh[65], text[1024];
	const uint8_t *p;
	size_t len;

	random_of(0x5e, r, rh);
	random_of(0x5f, other, oh);
	secret_of(1, 48, s1, h1);
	secret_of(50, 48, s2, h2);
	secret_of(99, 32, s3, h3);
	snprintf(text, sizeof text,
		 "CLIENT_RANDOM %s %s\nCLIENT_RANDOM %s %s\n"
		 "CLIENT_HANDSHAKE_TRAFFIC_SECRET %s %s\n"
		 "CLIENT_HANDSHAKE_TRAFFIC_SECRET %s %s\n",
		 rh, h1, rh, h2, rh, h2, rh, h3);
	is_int(add(kl, text, NULL), 4, "four lines, two of them repeats");
	is_int(tv_keylog_count(kl), 1, "one client random");
	ok(has_secret(kl, r, TV_SECRET_MASTER, s2, 48),
	   "the later master secret replaces the earlier one");
	ok(has_secret(kl, r, TV_SECRET_CLIENT_HS, s3, 32),
	   "a later secret of another size replaces the earlier one");
	ok(!tv_keylog_get(kl, other, TV_SECRET_MASTER, &p, &len),
	   "an unknown client random is a miss");
	ok(!tv_keylog_get(kl, r, TV_SECRET_SERVER_HS, &p, &len),
	   "a known random without that label is a miss");
	ok(!tv_keylog_get(kl, r, TV_SECRET_KINDS, &p, &len),
	   "an out-of-range kind is a miss");
	ok(!tv_keylog_add(kl, other, TV_SECRET_MASTER, s1, 0),
	   "adding an empty secret is refused");
	ok(!tv_keylog_add(kl, other, TV_SECRET_MASTER, s1, TV_SECRET_MAX + 1),
	   "adding a secret over TV_SECRET_MAX is refused");
	is_int(tv_keylog_count(kl), 1, "and neither creates an entry");
	{
		uint8_t big[TV_SECRET_MAX];

		memset(big, 0x77, sizeof big);
		ok(tv_keylog_add(kl, other, TV_SECRET_EXPORTER, big,
				 sizeof big),
		   "tv_keylog_add takes a secret of TV_SECRET_MAX bytes");
		ok(has_secret(kl, other, TV_SECRET_EXPORTER, big, sizeof big),
		   "and it is found");
	}
	tv_keylog_free(kl);
}

static void test_store_full(void)
{
	tv_keylog *kl = tv_keylog_new();
	uint8_t r[32], s[48];
	char rh[65], sh[97], text[4096] = "";
	size_t n = 0;
	warnings w;

	tv_keylog_set_max_entries(kl, 3);
	secret_of(3, 48, s, sh);
	for (uint8_t i = 1; i <= 5; i++) {
		random_of(i, r, rh);
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "CLIENT_RANDOM %s %s\n", rh, sh);
	}
	random_of(1, r, rh);
	snprintf(text + n, sizeof text - n, "EXPORTER_SECRET %s %.64s\n", rh,
		 sh);
	is_int(add(kl, text, &w), 4,
	       "a store for 3 randoms takes 3 of 5, and a new label for a "
	       "random it has");
	is_int(tv_keylog_count(kl), 3, "it holds 3 client randoms");
	is_int(w.n, 1, "being full is reported once");
	is_int(w.line[0], 4, "at the first line refused");
	is_str(w.msg[0],
	       "the key log store is full (3 client randoms); the secrets "
	       "of further connections are ignored",
	       "saying what is lost");
	add(kl, text, &w);
	is_int(w.n, 0, "a store already reported full stays quiet");
	random_of(9, r, rh);
	ok(!tv_keylog_add(kl, r, TV_SECRET_MASTER, s, 48),
	   "tv_keylog_add refuses a new random too");
	tv_keylog_set_max_entries(kl, (size_t)-1);
	ok(tv_keylog_add(kl, r, TV_SECRET_MASTER, s, 48),
	   "a limit above TV_KEYLOG_MAX_ENTRIES is clamped to it");
	tv_keylog_free(kl);
}

static void test_warning_cap(void)
{
	tv_keylog *kl = tv_keylog_new();
	char text[4096] = "";
	size_t n = 0;
	warnings w;

	for (int i = 0; i < 30; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "garbage line %d\n", i);
	add(kl, text, &w);
	is_int(w.n, TV_KEYLOG_MAX_WARNINGS + 1,
	       "30 bad lines: %d warnings and a summary",
	       TV_KEYLOG_MAX_WARNINGS);
	is_int(w.line[TV_KEYLOG_MAX_WARNINGS - 1], TV_KEYLOG_MAX_WARNINGS,
	       "the last one shown is for line %d", TV_KEYLOG_MAX_WARNINGS);
	is_int(w.line[TV_KEYLOG_MAX_WARNINGS], 0,
	       "the summary is not about one line");
	is_str(w.msg[TV_KEYLOG_MAX_WARNINGS],
	       "10 more problems were found and not shown",
	       "and counts what was held back");
	tv_keylog_free(kl);
}

static const char *const valid_text =
    "# SSL/TLS secrets log file, generated by OpenSSL\n"
    "SERVER_HANDSHAKE_TRAFFIC_SECRET "
    "c1cd0ed101871e7e15140da47d75a72b0431f208ec8933820f1bac77a22bcf7e "
    "ca18d99b1be3f029029bcfbed7728d9a40b8de919345bf699a8947e6c1662229"
    "9a0f6f25af6e0b5f686c02e04432b1b9\n"
    "CLIENT_TRAFFIC_SECRET_0 "
    "c1cd0ed101871e7e15140da47d75a72b0431f208ec8933820f1bac77a22bcf7e "
    "1cc6f4adf3056c80d083ae73737c3922bd986355dcce16f6ff6a91594e88031c\r\n"
    "\n"
    "CLIENT_RANDOM "
    "ae19b34d4c270211a4f5a04e236c38cf8111aea1589c7e42088eb3d0dbb409a4 "
    "679612652b5c0c19e38d820d31ec9f0180b4be98fb80fd98ae37ddef84b6030e"
    "363fc3579a10cac8686dc30895a08469\n";

/* Secrets on the lines of valid_text that end before cut: lines 2, 3
 * and 5 hold one each (1 is a comment, 4 is blank). */
static size_t complete_secrets(size_t cut)
{
	static const size_t secrets_after[] = {0, 0, 1, 2, 2, 3};
	size_t lines = 0;

	for (size_t i = 0; i < cut; i++)
		lines += valid_text[i] == '\n';
	return secrets_after[lines];
}

static void test_prefixes_and_splits(void)
{
	const uint8_t *t = (const uint8_t *)valid_text;
	size_t len = strlen(valid_text), bad = 0, split_bad = 0;
	size_t stream_bad = 0;

	for (size_t cut = 0; cut <= len; cut++) {
		tv_keylog *kl = tv_keylog_new();
		tv_keylog_reader *r;
		warnings w = {0}, w2 = {0};
		size_t got =
		    tv_keylog_add_text(kl, t, cut, "prefix", collect, &w);

		/* the cut line may be a shorter valid secret; never more */
		if (w.n > 1 || got < complete_secrets(cut) ||
		    got > complete_secrets(cut) + 1)
			bad++;
		tv_keylog_free(kl);

		kl = tv_keylog_new();
		r = tv_keylog_reader_new(kl, "stream", collect, &w2);
		tv_keylog_reader_feed(r, t, cut);
		got = tv_keylog_reader_end(r, false);
		tv_keylog_reader_free(r);
		if (got != complete_secrets(cut) || w2.n > 1)
			stream_bad++;
		tv_keylog_free(kl);

		kl = tv_keylog_new();
		r = tv_keylog_reader_new(kl, "split", NULL, NULL);
		tv_keylog_reader_feed(r, t, cut);
		tv_keylog_reader_feed(r, t + cut, len - cut);
		if (tv_keylog_reader_end(r, true) != 3 ||
		    tv_keylog_count(kl) != 2)
			split_bad++;
		tv_keylog_reader_free(r);
		tv_keylog_free(kl);
	}
	is_int(bad, 0,
	       "every prefix adds the complete lines' secrets, with "
	       "at most one warning (for the cut line)");
	is_int(stream_bad, 0,
	       "a stream cut short never stores its unfinished "
	       "last line");
	is_int(split_bad, 0,
	       "split anywhere into two pieces, the text gives "
	       "the same 3 secrets");
}

static void test_cut_stream_warning(void)
{
	tv_keylog *kl = tv_keylog_new();
	tv_keylog_reader *r;
	warnings w = {0};

	r = tv_keylog_reader_new(kl, "block", collect, &w);
	tv_keylog_reader_feed(r, (const uint8_t *)valid_text, 300);
	is_int(tv_keylog_reader_end(r, false), 1,
	       "a stream cut in line 3 keeps line 2");
	is_int(w.n, 1, "and reports the cut line");
	is_int(w.line[0], 3, "as line 3");
	is_str(w.msg[0],
	       "cut off: the text ends in the middle of this line, which was "
	       "skipped",
	       "saying it was skipped");
	tv_keylog_reader_free(r);
	tv_keylog_free(kl);
}

static char tmp_path[64];

static FILE *tmp_file(void)
{
	int fd;

	snprintf(tmp_path, sizeof tmp_path, "/tmp/tlsview-t_keylog-XXXXXX");
	fd = mkstemp(tmp_path);
	return fd < 0 ? NULL : fdopen(fd, "w");
}

static void test_files(void)
{
	tv_keylog *kl = tv_keylog_new();
	tv_error err = {0};
	warnings w = {0};
	size_t added = 99;
	FILE *f;

	is_int(tv_keylog_load_file(kl, "/nonexistent/ssl.keys", collect, &w,
				   &added, &err),
	       TV_IO, "a missing file is an I/O error");
	is_str(err.msg,
	       "cannot open: No such file or directory (check the --keylog "
	       "path)",
	       "that says to check the path");
	is_int(added, 0, "and adds nothing");
	is_int(tv_keylog_load_file(kl, "/tmp", NULL, NULL, NULL, &err), TV_IO,
	       "a directory is refused");
	is_str(err.msg,
	       "cannot open: Is a directory (give the path of a key log "
	       "file, such as the one SSLKEYLOGFILE names)",
	       "saying what to give instead");

	f = tmp_file();
	fputs(valid_text, f);
	fputs("CLIENT_RANDOM ", f);
	for (int i = 0; i < 70000; i++) /* a line longer than a read chunk */
		fputc('f', f);
	fputs(
	    "\nEXPORTER_SECRET "
	    "ae19b34d4c270211a4f5a04e236c38cf8111aea1589c7e42088eb3d0dbb409a4"
	    " 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
	    f);
	fclose(f);
	is_int(tv_keylog_load_file(kl, tmp_path, collect, &w, &added, &err),
	       TV_OK, "a file with a 70,000-character line loads");
	is_int(added, 4,
	       "its 4 good lines are added (the last without a "
	       "line end)");
	is_int(w.n, 1, "the long line is reported");
	is_int(w.line[0], 6, "as line 6");
	is_str(w.msg[0], "longer than 1024 characters: not a key log line",
	       "as too long");
	is_str(w.origin, tmp_path, "warnings name the file");
	unlink(tmp_path);
	tv_keylog_free(kl);
}

static void test_big_file(void)
{
	enum { N = 10000 };
	tv_keylog *kl = tv_keylog_new();
	tv_error err = {0};
	warnings w = {0};
	size_t added = 0;
	int found = 0;
	FILE *f = tmp_file();

	for (uint32_t i = 0; i < N; i++) {
		uint32_t x = i * 2654435761u;

		fprintf(f, "CLIENT_RANDOM %08x%056x ", x, i);
		for (int k = 0; k < 12; k++)
			fprintf(f, "%08x", x ^ (uint32_t)k);
		fputc('\n', f);
	}
	fclose(f);
	is_int(tv_keylog_load_file(kl, tmp_path, collect, &w, &added, &err),
	       TV_OK, "a 10,000-line key log loads");
	is_int(added, N, "every line is added");
	is_int(w.n, 0, "without a warning");
	is_int(tv_keylog_count(kl), N, "10,000 client randoms");
	for (uint32_t i = 0; i < N; i++) {
		uint32_t x = i * 2654435761u;
		uint8_t r[32] = {0}, want[48];
		const uint8_t *s;
		size_t len;

		r[0] = (uint8_t)(x >> 24), r[1] = (uint8_t)(x >> 16);
		r[2] = (uint8_t)(x >> 8), r[3] = (uint8_t)x;
		r[28] = (uint8_t)(i >> 24), r[29] = (uint8_t)(i >> 16);
		r[30] = (uint8_t)(i >> 8), r[31] = (uint8_t)i;
		for (int k = 0; k < 12; k++) {
			uint32_t v = x ^ (uint32_t)k;

			want[4 * k] = (uint8_t)(v >> 24);
			want[4 * k + 1] = (uint8_t)(v >> 16);
			want[4 * k + 2] = (uint8_t)(v >> 8);
			want[4 * k + 3] = (uint8_t)v;
		}
		found += tv_keylog_get(kl, r, TV_SECRET_MASTER, &s, &len) &&
			 len == 48 && memcmp(s, want, 48) == 0;
	}
	is_int(found, N, "each of them is found with its own secret");
	unlink(tmp_path);
	tv_keylog_free(kl);
}

/* The key log shipped with the demo capture: 7 connections, RSA line
 * skipped without a warning. */
static void test_demo_keys(void)
{
	const char *src = getenv("TV_SRCDIR");
	char path[1024];
	tv_keylog *kl = tv_keylog_new();
	tv_error err = {0};
	warnings w = {0};
	size_t added = 0;

	snprintf(path, sizeof path, "%s/captures/demo.keys", src ? src : ".");
	is_int(tv_keylog_load_file(kl, path, collect, &w, &added, &err), TV_OK,
	       "captures/demo.keys loads");
	is_int(added, 20, "its 20 secrets are added");
	is_int(tv_keylog_count(kl), 7, "for its 7 connections");
	is_int(w.n, 0, "its RSA line is skipped without a warning");
	tv_keylog_free(kl);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_every_label();
	test_layout();
	test_malformed();
	test_duplicates_and_misses();
	test_store_full();
	test_warning_cap();
	test_prefixes_and_splits();
	test_cut_stream_warning();
	test_files();
	test_big_file();
	test_demo_keys();
	return done_testing();
}
