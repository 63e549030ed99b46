/*
 * The decoded-field tree: what a handshake message "contains", with the
 * byte range of every field inside the message's raw bytes (offset 0 is the
 * handshake type byte).  The JSON writer serialises it, the text writer
 * prints it, the UI shows it as a collapsible tree beside the hex pane.
 *
 * JSON mapping (done generically by report/json.c):
 *   OBJECT -> {...} of the children by key; ARRAY -> [...]
 *   UINT   -> number; when it has a label, the enclosing object also gets
 *             "<key>_name": label (for an array of labelled numbers,
 *             "<key>_names": [label or null, ...] follows the array)
 *   BOOL   -> true/false;  NUL -> null
 *   STRING -> string (bytes from the wire, escaped to valid UTF-8 JSON)
 *   HEX    -> lower-case hex string
 */
#ifndef TV_FIELD_H
#define TV_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/cursor.h"

typedef enum {
	TVF_OBJECT,
	TVF_ARRAY,
	TVF_UINT,
	TVF_BOOL,
	TVF_STRING,
	TVF_HEX,
	TVF_NULL,
} tvf_kind;

typedef struct tv_field tv_field;
struct tv_field {
	const char *key; /* NULL for array elements; static or arena string */
	tvf_kind kind;
	uint32_t off, len;     /* bytes of the message this field covers */
	uint64_t num;          /* UINT value; BOOL 0/1 */
	const char *label;     /* UINT: registry name, "GREASE", or NULL */
	const uint8_t *bytes;  /* STRING / HEX: borrowed from the message */
	size_t nbytes;
	tv_field *parent, *first, *last, *next;
	uint32_t count; /* number of children */
};

/* Registry name lookups share this shape so readers can take any of them. */
typedef const char *(*tvf_namer)(unsigned value);

tv_field *tvf_add(tv_arena *a, tv_field *parent, tvf_kind kind,
		  const char *key, size_t off, size_t len);
tv_field *tvf_object(tv_arena *a, tv_field *parent, const char *key,
		     size_t off, size_t len);
tv_field *tvf_array(tv_arena *a, tv_field *parent, const char *key,
		    size_t off, size_t len);
tv_field *tvf_uint(tv_arena *a, tv_field *parent, const char *key,
		   size_t off, size_t len, uint64_t v, const char *label);
tv_field *tvf_bool(tv_arena *a, tv_field *parent, const char *key,
		   size_t off, size_t len, bool v);
tv_field *tvf_null(tv_arena *a, tv_field *parent, const char *key,
		   size_t off, size_t len);
tv_field *tvf_string(tv_arena *a, tv_field *parent, const char *key,
		     size_t off, size_t len, const uint8_t *s, size_t n);
/* A string made by tlsview itself (not wire bytes): copied into the arena. */
tv_field *tvf_text(tv_arena *a, tv_field *parent, const char *key,
		   size_t off, size_t len, const char *s);
tv_field *tvf_hex(tv_arena *a, tv_field *parent, const char *key,
		  size_t off, size_t len, const uint8_t *b, size_t n);

/*
 * Read-and-add helpers: read from the cursor and add a field covering
 * exactly the bytes read.  On a cursor error nothing is added and NULL is
 * returned.  width is 1, 2, 3 or 4 bytes; namer may be NULL.
 */
tv_field *tvf_read_uint(tv_arena *a, tv_field *parent, const char *key,
			tv_cur *c, int width, tvf_namer namer);
tv_field *tvf_read_hex(tv_arena *a, tv_field *parent, const char *key,
		       tv_cur *c, size_t n);
tv_field *tvf_read_string(tv_arena *a, tv_field *parent, const char *key,
			  tv_cur *c, size_t n);
/* Length-prefixed opaque<..> (lenwidth 1, 2 or 3) as HEX covering prefix+data. */
tv_field *tvf_read_vec_hex(tv_arena *a, tv_field *parent, const char *key,
			   tv_cur *c, int lenwidth);
/* Set f->len so the field ends where the cursor now is. */
void tvf_end(tv_field *f, const tv_cur *c);

/* First child with this key, or NULL. */
tv_field *tvf_get(const tv_field *obj, const char *key);
/* Path lookup through objects: tvf_path(root, "extensions") etc. Keys split on '.'. */
tv_field *tvf_path(const tv_field *root, const char *path);

#endif
