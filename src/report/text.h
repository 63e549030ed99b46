/* The --text writer: a readable block per connection. */
#ifndef REPORT_TEXT_H
#define REPORT_TEXT_H

#include <stdbool.h>

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

#endif
