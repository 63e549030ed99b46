#include "model/field.h"

#include <string.h>

tv_field *tvf_add(tv_arena *a, tv_field *parent, tvf_kind kind,
		  const char *key, size_t off, size_t len)
{
	tv_field *f = tv_arena_alloc(a, sizeof *f);

	f->key = key;
	f->kind = kind;
	f->off = (uint32_t)off;
	f->len = (uint32_t)len;
	if (parent) {
		f->parent = parent;
		if (parent->last)
			parent->last->next = f;
		else
			parent->first = f;
		parent->last = f;
		parent->count++;
	}
	return f;
}

tv_field *tvf_object(tv_arena *a, tv_field *parent, const char *key,
		     size_t off, size_t len)
{
	return tvf_add(a, parent, TVF_OBJECT, key, off, len);
}

tv_field *tvf_array(tv_arena *a, tv_field *parent, const char *key,
		    size_t off, size_t len)
{
	return tvf_add(a, parent, TVF_ARRAY, key, off, len);
}

tv_field *tvf_uint(tv_arena *a, tv_field *parent, const char *key,
		   size_t off, size_t len, uint64_t v, const char *label)
{
	tv_field *f = tvf_add(a, parent, TVF_UINT, key, off, len);

	f->num = v;
	f->label = label;
	return f;
}

tv_field *tvf_bool(tv_arena *a, tv_field *parent, const char *key,
		   size_t off, size_t len, bool v)
{
	tv_field *f = tvf_add(a, parent, TVF_BOOL, key, off, len);

	f->num = v ? 1 : 0;
	return f;
}

tv_field *tvf_null(tv_arena *a, tv_field *parent, const char *key,
		   size_t off, size_t len)
{
	return tvf_add(a, parent, TVF_NULL, key, off, len);
}

tv_field *tvf_string(tv_arena *a, tv_field *parent, const char *key,
		     size_t off, size_t len, const uint8_t *s, size_t n)
{
	tv_field *f = tvf_add(a, parent, TVF_STRING, key, off, len);

	f->bytes = s;
	f->nbytes = n;
	return f;
}

tv_field *tvf_text(tv_arena *a, tv_field *parent, const char *key,
		   size_t off, size_t len, const char *s)
{
	size_t n = strlen(s);

	return tvf_string(a, parent, key, off, len,
			  tv_arena_memdup(a, s, n), n);
}

tv_field *tvf_hex(tv_arena *a, tv_field *parent, const char *key,
		  size_t off, size_t len, const uint8_t *b, size_t n)
{
	tv_field *f = tvf_add(a, parent, TVF_HEX, key, off, len);

	f->bytes = b;
	f->nbytes = n;
	return f;
}

tv_field *tvf_read_uint(tv_arena *a, tv_field *parent, const char *key,
			tv_cur *c, int width, tvf_namer namer)
{
	size_t off = cur_off(c);
	uint64_t v;

	switch (width) {
	case 1: v = cur_u8(c, key); break;
	case 2: v = cur_u16(c, key); break;
	case 3: v = cur_u24(c, key); break;
	default: v = cur_u32(c, key); width = 4; break;
	}
	if (!cur_ok(c))
		return NULL;
	return tvf_uint(a, parent, key, off, (size_t)width, v,
			namer ? namer((unsigned)v) : NULL);
}

tv_field *tvf_read_hex(tv_arena *a, tv_field *parent, const char *key,
		       tv_cur *c, size_t n)
{
	size_t off = cur_off(c);
	const uint8_t *p = cur_bytes(c, n, key);

	if (!p && n)
		return NULL;
	return tvf_hex(a, parent, key, off, n, p, n);
}

tv_field *tvf_read_string(tv_arena *a, tv_field *parent, const char *key,
			  tv_cur *c, size_t n)
{
	size_t off = cur_off(c);
	const uint8_t *p = cur_bytes(c, n, key);

	if (!p && n)
		return NULL;
	return tvf_string(a, parent, key, off, n, p, n);
}

tv_field *tvf_read_vec_hex(tv_arena *a, tv_field *parent, const char *key,
			   tv_cur *c, int lenwidth)
{
	size_t off = cur_off(c);
	tv_cur v;

	switch (lenwidth) {
	case 1: v = cur_vec8(c, key); break;
	case 2: v = cur_vec16(c, key); break;
	default: v = cur_vec24(c, key); break;
	}
	if (!cur_ok(c))
		return NULL;
	return tvf_hex(a, parent, key, off, cur_off(c) - off, v.p, cur_left(&v));
}

void tvf_end(tv_field *f, const tv_cur *c)
{
	if (f && cur_off(c) >= f->off)
		f->len = (uint32_t)(cur_off(c) - f->off);
}

tv_field *tvf_get(const tv_field *obj, const char *key)
{
	if (!obj)
		return NULL;
	for (tv_field *f = obj->first; f; f = f->next)
		if (f->key && strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

tv_field *tvf_path(const tv_field *root, const char *path)
{
	const tv_field *f = root;
	char key[64];

	while (f && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		f = tvf_get(f, key);
		path += n;
		if (*path == '.')
			path++;
	}
	return (tv_field *)f;
}
