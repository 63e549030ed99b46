/*
 * `tlsview lab --export DIR`: the lab's PKI as files an attendee can
 * take home, and README.md with the openssl commands that make the same
 * certificates by hand and verify each case, so `openssl verify` can be
 * seen to agree with tlsview.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "lab/lab_int.h"
#include "util/buf.h"

static bool exists(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

static bool copy_one(const tv_lab *l, const char *dir, const char *name,
		     tv_error *err)
{
	char *src = tv_lab_path(l, name);
	gnutls_datum_t d = {NULL, 0};
	size_t n = strlen(name);
	bool ok;

	if (gnutls_load_file(src, &d) < 0) {
		tv_error_set(err, TV_IO,
			     "lab: cannot read %s; delete %s to make the lab "
			     "again",
			     src, tv_lab_dir(l));
		free(src);
		return false;
	}
	ok = tv_lab_write_file(dir, name, d.data, d.size,
			       n > 4 && !strcmp(name + n - 4, ".key") ? 0600
								     : 0644,
			       err);
	gnutls_free(d.data);
	free(src);
	return ok;
}

bool tv_lab_export(const tv_lab *l, const char *dir, tv_error *err)
{
	struct stat st;
	tv_buf b;
	bool ok = true;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		tv_error_set(err, TV_IO,
			     "lab: cannot make the directory %s (%s); give "
			     "another --export directory",
			     dir, strerror(errno));
		return false;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		tv_error_set(err, TV_IO,
			     "lab: %s is not a directory; give another "
			     "--export directory",
			     dir);
		return false;
	}
	for (size_t i = 0; tv_lab_pki_files[i]; i++)
		if (exists(dir, tv_lab_pki_files[i]) || exists(dir, "README.md")) {
			tv_error_set(err, TV_IO,
				     "lab: %s/%s already exists (the export "
				     "never overwrites); give an empty or new "
				     "--export directory",
				     dir,
				     exists(dir, "README.md")
					 ? "README.md"
					 : tv_lab_pki_files[i]);
			return false;
		}
	for (size_t i = 0; ok && tv_lab_pki_files[i]; i++)
		ok = copy_one(l, dir, tv_lab_pki_files[i], err);
	if (!ok)
		return false;
	tv_buf_init(&b);
	tv_lab_readme(l, &b);
	ok = tv_lab_write_file(dir, "README.md", b.p, b.len, 0644, err);
	tv_buf_free(&b);
	return ok;
}
