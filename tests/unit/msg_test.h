/*
 * Shared by the handshake message tests (t_msg_*.c): build a message the
 * way the record layer hands it over, decode it, look at its fields, and
 * run the robustness checks (every prefix, byte flips) on a real message.
 */
#ifndef TV_MSG_TEST_H
#define TV_MSG_TEST_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/conn.h"
#include "tap.h"
#include "tls/handshake.h"

/* What the format of a message depends on: set before decoding it. */
typedef struct msg_setup {
	int version;      /* conn->version, -1 unknown */
	int cipher_suite; /* conn->cipher_suite, -1 unknown */
	bool sslv2;       /* an SSLv2 ClientHello record */
} msg_setup;

/* Nothing negotiated yet. */
#define SETUP_NONE ((msg_setup){ -1, -1, false })

static inline size_t hex_to_bytes(const char *hex, uint8_t **out)
{
	size_t n = strlen(hex) / 2;
	uint8_t *b = malloc(n ? n : 1);

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		b[i] = (uint8_t)v;
	}
	*out = b;
	return n;
}

static inline tv_conn *conn_with(const msg_setup *s)
{
	tv_conn *c = tv_conn_new();

	c->version = s->version;
	c->cipher_suite = s->cipher_suite;
	return c;
}

/*
 * A message over a copy of b[0..n) in the connection's arena.  length is
 * the header's body length (or the SSLv2 record length); cut says that a
 * size limit kept only these n bytes.
 */
static inline tv_msg *msg_make(tv_conn *c, tv_dir dir, const uint8_t *b,
			       size_t n, bool cut, bool sslv2)
{
	tv_msg *m = tv_arena_alloc(&c->arena, sizeof *m);

	m->dir = dir;
	m->raw = tv_arena_memdup(&c->arena, b, n);
	m->raw_len = n;
	m->raw_cut = cut;
	if (!sslv2 && n >= 4) {
		m->type_id = b[0];
		m->length = (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	}
	return m;
}

static inline tv_msg *msg_run(tv_conn *c, tv_msg *m, bool sslv2)
{
	if (sslv2)
		tls_sslv2_client_hello_decode(c, m);
	else
		tls_handshake_decode(c, m);
	tv_conn_add_msg(c, m);
	return m;
}

static inline tv_msg *decode_bytes(tv_conn *c, tv_dir dir,
				   const uint8_t *b, size_t n)
{
	return msg_run(c, msg_make(c, dir, b, n, false, false), false);
}

/* Decode one whole message given as hex. */
static inline tv_msg *decode_hex(tv_conn *c, tv_dir dir, const char *hex)
{
	uint8_t *b;
	size_t n = hex_to_bytes(hex, &b);
	tv_msg *m = decode_bytes(c, dir, b, n);

	free(b);
	return m;
}

static inline tv_field *F(const tv_msg *m, const char *path)
{
	return tvf_path(m->fields, path);
}

static inline uint64_t F_num(const tv_msg *m, const char *path)
{
	tv_field *f = F(m, path);

	return f ? f->num : (uint64_t)-1;
}

static inline const char *F_label(const tv_msg *m, const char *path)
{
	tv_field *f = F(m, path);

	return f ? f->label : NULL;
}

/* A STRING or HEX field as text (hex for HEX), in a static buffer. */
static inline const char *field_text(const tv_field *f)
{
	static char buf[8192];
	size_t n;

	if (!f || (f->kind != TVF_STRING && f->kind != TVF_HEX))
		return NULL;
	if (f->kind == TVF_STRING) {
		n = f->nbytes < sizeof buf - 1 ? f->nbytes : sizeof buf - 1;
		memcpy(buf, f->bytes, n);
		buf[n] = '\0';
		return buf;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < f->nbytes && 2 * i + 2 < sizeof buf; i++)
		sprintf(buf + 2 * i, "%02x", f->bytes[i]);
	return buf;
}

static inline const char *F_str(const tv_msg *m, const char *path)
{
	return field_text(F(m, path));
}

/* A member of an object (array element) as text. */
static inline const char *member_text(const tv_field *obj, const char *key)
{
	return field_text(tvf_get(obj, key));
}

/* The i-th child of a field (array element). */
static inline tv_field *nth(const tv_field *f, unsigned i)
{
	tv_field *e = f ? f->first : NULL;

	while (e && i--)
		e = e->next;
	return e;
}

static inline bool note_has(const tv_conn *c, const char *needle)
{
	for (tv_note *n = c->notes; n; n = n->next)
		if (strstr(n->text, needle))
			return true;
	return false;
}

/* Every field must lie inside the message's raw bytes. */
static inline bool fields_in_bounds(const tv_field *f, size_t raw_len)
{
	if (!f)
		return true;
	if ((size_t)f->off + f->len > raw_len)
		return false;
	for (tv_field *k = f->first; k; k = k->next)
		if (!fields_in_bounds(k, raw_len))
			return false;
	return true;
}

static inline bool error_well_formed(const tv_msg *m)
{
	return m->error && m->type && !strncmp(m->error, m->type,
					      strlen(m->type)) &&
	       m->error[strlen(m->type)] == ':';
}

/* Decode bytes in a fresh connection set up as s; true when it is clean. */
static inline bool try_decode(const msg_setup *s, tv_dir dir,
			      const uint8_t *b, size_t n, bool cut,
			      bool *sane)
{
	tv_conn *c = conn_with(s);
	tv_msg *m = msg_run(c, msg_make(c, dir, b, n, cut, s->sslv2),
			    s->sslv2);
	bool clean = m->error == NULL;

	*sane = m->fields && fields_in_bounds(m->fields, n) &&
		(clean || error_well_formed(m));
	tv_conn_free(c);
	return clean;
}

/*
 * Every prefix of the message, twice: cut by a size limit (the header
 * keeps the full length; an error must say so), and as a shorter
 * message whose header length was rewritten to match (an error unless
 * the prefix is itself well formed).  Returns how many rewritten
 * prefixes decoded cleanly.
 */
static inline size_t check_prefixes(const char *name, const msg_setup *s,
				    tv_dir dir, const char *hex)
{
	size_t hdr = s->sslv2 ? 2 : 4, n_clean = 0, n_cut_err = 0;
	bool all_sane = true, sane;
	uint8_t *b, *p;
	size_t n = hex_to_bytes(hex, &b);

	p = malloc(n);
	for (size_t len = hdr; len < n; len++) {
		size_t body = len - hdr;

		if (!try_decode(s, dir, b, len, true, &sane))
			n_cut_err++;
		all_sane &= sane;
		memcpy(p, b, len);
		if (s->sslv2) {
			p[0] = (uint8_t)(0x80 | body >> 8);
			p[1] = (uint8_t)body;
		} else {
			p[1] = (uint8_t)(body >> 16);
			p[2] = (uint8_t)(body >> 8);
			p[3] = (uint8_t)body;
		}
		n_clean += try_decode(s, dir, p, len, false, &sane);
		all_sane &= sane;
	}
	for (size_t len = 0; len < hdr; len++) {
		ok(!try_decode(s, dir, b, len, false, &sane) && sane,
		   "%s: a message of %zu bytes has no header: error", name,
		   len);
	}
	is_int(n_cut_err, n - hdr,
	       "%s: each of its %zu prefixes cut by a size limit has an error",
	       name, n - hdr);
	ok(all_sane, "%s: every prefix decodes within bounds, errors name "
	   "the message", name);
	free(p);
	free(b);
	return n_clean;
}

/* Flip every byte three ways: no crash, fields in bounds, errors named. */
static inline void check_flips(const char *name, const msg_setup *s,
			       tv_dir dir, const char *hex)
{
	static const uint8_t masks[] = { 0x01, 0x80, 0xff };
	bool all_sane = true, sane;
	size_t n_err = 0, tries = 0;
	uint8_t *b;
	size_t n = hex_to_bytes(hex, &b);

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof masks; k++) {
			b[i] ^= masks[k];
			n_err += !try_decode(s, dir, b, n, false, &sane);
			all_sane &= sane;
			b[i] ^= masks[k];
			tries++;
		}
	}
	ok(all_sane, "%s: %zu byte-flipped copies decode within bounds "
	   "(%zu with an error)", name, tries, n_err);
	ok(n_err > 0, "%s: some byte flips are detected as errors", name);
	free(b);
}

#endif
