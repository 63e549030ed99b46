/* The --text writer: a readable block per connection. */
#ifndef REPORT_TEXT_H
#define REPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "model/conn.h"
#include "util/buf.h"

typedef struct tv_text_opts {
	bool verbose; /* every message's full field tree */
	int width;    /* wrap/fit width, 0 = 80 */
} tv_text_opts;

void tv_text_conn(tv_buf *out, const tv_conn *c, const tv_text_opts *o);
/* The same with --explain: a plain-words note (report/guide.h) under each
 * message and alert, and rows for the records the ladder does not draw. */
void tv_text_conn_explained(tv_buf *out, const tv_conn *c,
			    const tv_text_opts *o);
/* `tlsview cert`: the certificates, then the verdict on them. */
void tv_text_chain(tv_buf *out, const tv_certlist *certs,
		   const struct tv_validation *v, const tv_text_opts *o);

/* "ClientHello" (or "Handshake type 99"), "Alert fatal handshake_failure":
 * the names the ladder shows, for the UI too. */
void tv_text_msg_name(tv_buf *b, const tv_msg *m);
void tv_text_alert_name(tv_buf *b, const tv_alert *a);

/*
 * A scalar field's value as the report writes it, shared with the UI's
 * field tree: a number and its name, true/false, a quoted string, hex cut
 * to fit room columns (at most max_hex bytes, then the length).  esc_fn
 * makes wire text safe where it goes (tv_escape_text, or the terminal's).
 */
typedef void (*tv_text_esc_fn)(tv_buf *b, const void *p, size_t n);
void tv_text_field_value(tv_buf *b, const tv_field *f, size_t room,
			 size_t max_hex, tv_text_esc_fn esc_fn);

#endif
