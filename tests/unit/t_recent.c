/* Recent targets: order, duplicates, the cap, the file round trip, and
 * damaged or hostile files that must give fewer entries, never a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/tap.h"
#include "util/recent.h"

static char dir[] = "/tmp/t_recent.XXXXXX";

static void put(const char *path, const char *text, size_t n)
{
	FILE *f = fopen(path, "wb");

	fwrite(text, 1, n, f);
	fclose(f);
}

int main(void)
{
	tv_recent r, back;
	tv_error err = {TV_OK, ""};
	char path[256], p2[256];
	struct stat st;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/state/tlsview/recent", dir);

	memset(&r, 0, sizeof r);
	ok(tv_recent_add(&r, TV_RECENT_HOST, "example.org", 100), "add host");
	ok(tv_recent_add(&r, TV_RECENT_FILE, "/tmp/a.pcap", 200), "add file");
	ok(tv_recent_add(&r, TV_RECENT_HOST, "example.org", 300),
	   "add the host again");
	is_int(r.n, 2, "a target is kept once");
	is_str(r.v[0].target, "example.org", "the newest is first");
	is_int(r.v[0].when, 300, "with its newest time");
	is_str(r.v[1].target, "/tmp/a.pcap", "then the older one");
	ok(tv_recent_add(&r, TV_RECENT_FILE, "example.org", 310),
	   "the same text as another kind is another target");
	is_int(r.n, 3, "three targets");
	ok(!tv_recent_add(&r, TV_RECENT_HOST, "", 1), "empty refused");
	ok(!tv_recent_add(&r, TV_RECENT_HOST, "a\nb", 1), "newline refused");
	ok(!tv_recent_add(&r, TV_RECENT_HOST, "a\tb", 1), "tab refused");
	ok(!tv_recent_add(&r, TV_RECENT_HOST, "\x1b[2Jx", 1), "ESC refused");
	ok(!tv_recent_add(&r, (tv_recent_kind)'x', "a", 1), "bad kind refused");
	is_int(r.n, 3, "refusals change nothing");

	ok(tv_recent_save(&r, path, &err), "saved (directories made)");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "the file is 0600");
	snprintf(p2, sizeof p2, "%s/state/tlsview", dir);
	ok(stat(p2, &st) == 0 && (st.st_mode & 0777) == 0700,
	   "its directory is 0700");
	tv_recent_load(&back, path);
	is_int(back.n, 3, "loaded back: three");
	is_str(back.v[0].target, "example.org", "first");
	is_int(back.v[0].kind, TV_RECENT_FILE, "first's kind");
	is_int(back.v[0].when, 310, "first's time");
	is_str(back.v[2].target, "/tmp/a.pcap", "last");

	for (int i = 0; i < 25; i++) {
		char t[32];

		snprintf(t, sizeof t, "host%d", i);
		tv_recent_add(&r, TV_RECENT_HOST, t, 1000 + i);
	}
	is_int(r.n, TV_RECENT_MAX, "capped at TV_RECENT_MAX");
	is_str(r.v[0].target, "host24", "newest kept");
	is_str(r.v[TV_RECENT_MAX - 1].target, "host15", "oldest dropped");

	/* damaged files */
	{
		static const char bad[] =
		    "h\t1\tgood.example\n"
		    "x\t1\tbad-kind\n"
		    "h\tabc\tbad-time\n"
		    "h\t1\t\n"
		    "h\t1\tctrl\x1b[31m\n"
		    "h\t99999999999999999999999\ttoo-long-time\n"
		    "h\t2\tgood.example\n"
		    "h1good2\n"
		    "\n"
		    "f\t3\t/last/one\n"
		    "h\t4\tcut-without-newline";

		snprintf(p2, sizeof p2, "%s/bad", dir);
		put(p2, bad, sizeof bad - 1);
		tv_recent_load(&back, p2);
		is_int(back.n, 2, "a damaged file: only the good lines");
		is_str(back.v[0].target, "good.example", "its first");
		is_int(back.v[0].when, 1, "a duplicate keeps the newest (first) line");
		is_str(back.v[1].target, "/last/one", "its second");
	}
	{
		/* one huge line, then many lines: bounded */
		size_t n = 200000;
		char *big = malloc(n);

		memset(big, 'a', n);
		memcpy(big, "h\t1\t", 4);
		big[n - 1] = '\n';
		snprintf(p2, sizeof p2, "%s/big", dir);
		put(p2, big, n);
		tv_recent_load(&back, p2);
		is_int(back.n, 0, "a line longer than a target: nothing");
		for (size_t i = 0; i + 8 < n; i += 8)
			memcpy(big + i, "h\t1\tab\n", 7), big[i + 7] = '\n';
		put(p2, big, n);
		tv_recent_load(&back, p2);
		ok(back.n <= TV_RECENT_MAX, "many lines: at most the cap");
		free(big);
	}
	snprintf(p2, sizeof p2, "%s/none", dir);
	tv_recent_load(&back, p2);
	is_int(back.n, 0, "a missing file: nothing");
	tv_recent_load(&back, dir);
	is_int(back.n, 0, "a directory: nothing");

	setenv("XDG_STATE_HOME", "/x/state", 1);
	ok(tv_recent_path(p2, sizeof p2) && !strcmp(p2, "/x/state/tlsview/recent"),
	   "XDG_STATE_HOME is used");
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	ok(tv_recent_path(p2, sizeof p2) &&
	       !strcmp(p2, "/home/u/.local/state/tlsview/recent"),
	   "a relative XDG_STATE_HOME is ignored for HOME's");
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ok(!tv_recent_path(p2, sizeof p2), "neither: nothing is remembered");

	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			diag("could not remove %s", dir);
	}
	return done_testing();
}
