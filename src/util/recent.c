/* Recent targets: a small line file under the XDG state directory. */
#include "util/recent.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cursor.h"

#define FILE_MAX 65536 /* more than TV_RECENT_MAX long lines */

bool tv_recent_path(char *buf, size_t size)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;

	/* the XDG spec: a relative XDG_STATE_HOME is invalid, ignore it */
	if (state && state[0] == '/')
		n = snprintf(buf, size, "%s/tlsview/recent", state);
	else if (home && home[0] == '/')
		n = snprintf(buf, size, "%s/.local/state/tlsview/recent", home);
	else
		return false;
	return n > 0 && (size_t)n < size;
}

static bool target_ok(const char *s, size_t n)
{
	if (!n || n >= TV_RECENT_TARGET)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static bool kind_ok(int k)
{
	return k == TV_RECENT_HOST || k == TV_RECENT_FILE;
}

/* "h<TAB>1763900000<TAB>example.org:443": false when it is not that. */
static bool parse_line(const uint8_t *p, size_t n, tv_recent_item *it)
{
	tv_cur_err e = {TV_OK, 0, ""};
	tv_cur c;
	int64_t when = 0;
	size_t digits = 0, tn;
	uint8_t b;

	cur_init(&c, p, n, 0, &e);
	b = cur_u8(&c, "kind");
	if (!kind_ok(b) || cur_u8(&c, "tab") != '\t')
		return false;
	while ((b = cur_u8(&c, "time")) >= '0' && b <= '9' && digits < 18) {
		when = when * 10 + (b - '0');
		digits++;
	}
	if (!cur_ok(&c) || !digits || b != '\t')
		return false;
	tn = cur_left(&c);
	if (!target_ok((const char *)c.p, tn))
		return false;
	it->kind = (tv_recent_kind)p[0];
	memcpy(it->target, c.p, tn);
	it->target[tn] = '\0';
	it->when = when;
	return true;
}

void tv_recent_load(tv_recent *r, const char *path)
{
	uint8_t *buf = malloc(FILE_MAX);
	size_t len = 0, at = 0;
	ssize_t k;
	int fd;

	memset(r, 0, sizeof *r);
	if (!buf)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0) {
		while (len < FILE_MAX &&
		       (k = read(fd, buf + len, FILE_MAX - len)) > 0)
			len += (size_t)k;
		close(fd);
	}
	/* newest first: each line goes last */
	while (at < len && r->n < TV_RECENT_MAX) {
		const uint8_t *nl = memchr(buf + at, '\n', len - at);
		size_t n;
		tv_recent_item it;
		bool dup = false;

		if (!nl)
			break; /* a cut last line */
		n = (size_t)(nl - (buf + at));
		if (parse_line(buf + at, n, &it)) {
			for (size_t i = 0; i < r->n && !dup; i++)
				dup = r->v[i].kind == it.kind &&
				      !strcmp(r->v[i].target, it.target);
			if (!dup)
				r->v[r->n++] = it;
		}
		at += n + 1;
	}
	free(buf);
}

bool tv_recent_add(tv_recent *r, tv_recent_kind kind, const char *target,
		   int64_t when)
{
	size_t n = target ? strlen(target) : 0;
	size_t i;

	if (!kind_ok(kind) || !target_ok(target, n))
		return false;
	for (i = 0; i < r->n; i++)
		if (r->v[i].kind == kind && !strcmp(r->v[i].target, target))
			break;
	if (i == r->n) /* new: the oldest goes when full */
		i = r->n < TV_RECENT_MAX ? r->n++ : TV_RECENT_MAX - 1;
	memmove(r->v + 1, r->v, i * sizeof *r->v);
	r->v[0].kind = kind;
	r->v[0].when = when;
	memcpy(r->v[0].target, target, n + 1);
	return true;
}

/* mkdir -p of path's directories, each made 0700. */
static bool make_dirs(const char *path, tv_error *err)
{
	char d[4096];
	size_t n = strlen(path);

	if (n >= sizeof d) {
		tv_error_set(err, TV_IO, "%s: path too long", path);
		return false;
	}
	memcpy(d, path, n + 1);
	for (char *p = d + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST) {
			tv_error_set(err, TV_IO, "%s: %s", d, strerror(errno));
			return false;
		}
		*p = '/';
	}
	return true;
}

bool tv_recent_save(const tv_recent *r, const char *path, tv_error *err)
{
	char tmp[4200];
	FILE *f;
	int fd;
	bool ok = true;

	if (!make_dirs(path, err))
		return false;
	if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >=
	    (int)sizeof tmp) {
		tv_error_set(err, TV_IO, "%s: path too long", path);
		return false;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		tv_error_set(err, TV_IO, "%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	for (size_t i = 0; i < r->n && ok; i++)
		ok = fprintf(f, "%c\t%lld\t%s\n", (char)r->v[i].kind,
			     (long long)r->v[i].when, r->v[i].target) > 0;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		tv_error_set(err, TV_IO, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	return ok;
}
