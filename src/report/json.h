/* The --json writer: one line per connection, spec/json-output.md exactly. */
#ifndef REPORT_JSON_H
#define REPORT_JSON_H

#include "model/conn.h"
#include "util/buf.h"

/* Append the connection object and a newline. */
void tv_json_conn(tv_buf *out, const tv_conn *c);
/* The same with --explain: each message and alert object also gets
 * "explain": its plain-words note (report/guide.h), or null. */
void tv_json_conn_explained(tv_buf *out, const tv_conn *c);
/* Append `tlsview cert`'s object, {"certificates", "validation"}, and a
 * newline. */
void tv_json_chain(tv_buf *out, const tv_certlist *certs,
		   const struct tv_validation *v);
/* Append a field tree as JSON (used for "fields"; exposed for tests). */
void tv_json_field(tv_buf *out, const tv_field *f);

#endif
