/*
 * Recent targets: the hosts connected to and the captures opened in the
 * UI, newest first, so the start screen can offer them again.  They are
 * kept in $XDG_STATE_HOME/tlsview/recent (~/.local/state/tlsview/recent),
 * a line each: "KIND<TAB>UNIX-TIME<TAB>TARGET".  The file is the user's
 * own, but it is read like any input: a damaged or hostile file gives
 * fewer entries, never more than TV_RECENT_MAX, never a crash.
 */
#ifndef TV_RECENT_H
#define TV_RECENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

#define TV_RECENT_MAX	 10
#define TV_RECENT_TARGET 512 /* longest target kept, with its NUL */

typedef enum {
	TV_RECENT_HOST = 'h', /* HOST[:PORT] as typed */
	TV_RECENT_FILE = 'f', /* a capture's absolute path */
} tv_recent_kind;

typedef struct tv_recent_item {
	tv_recent_kind kind;
	int64_t when; /* seconds since 1970 */
	char target[TV_RECENT_TARGET];
} tv_recent_item;

typedef struct tv_recent {
	tv_recent_item v[TV_RECENT_MAX];
	size_t n;
} tv_recent;

/* The file's path from the environment; false when neither
 * XDG_STATE_HOME nor HOME is set (nothing is remembered then). */
bool tv_recent_path(char *buf, size_t size);

/* The entries of path (none when it is missing or unreadable). */
void tv_recent_load(tv_recent *r, const char *path);

/* Put target first (an older entry of the same target goes); false,
 * with r unchanged, when the target is empty, too long or holds a
 * control character (it could not be written back as one line). */
bool tv_recent_add(tv_recent *r, tv_recent_kind kind, const char *target,
		   int64_t when);

/* Write r to path (its directories made 0700, the file 0600, replaced
 * in one rename); false with err saying what failed where. */
bool tv_recent_save(const tv_recent *r, const char *path, tv_error *err);

#endif
