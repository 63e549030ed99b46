/* Status codes shared by every layer: declared once, one text each. */
#ifndef TV_STATUS_H
#define TV_STATUS_H

#define TV_STATUS_LIST(X)                                              \
	X(TV_OK, "ok")                                                 \
	X(TV_TRUNCATED, "truncated: the bytes are not all there")      \
	X(TV_MALFORMED, "malformed: the bytes violate the protocol")   \
	X(TV_UNSUPPORTED, "unsupported")                               \
	X(TV_LIMIT, "a resource limit was reached")                    \
	X(TV_IO, "input/output error")

typedef enum {
#define TV_STATUS_ENUM(code, text) code,
	TV_STATUS_LIST(TV_STATUS_ENUM)
#undef TV_STATUS_ENUM
} tv_status;

const char *tv_status_text(tv_status s);

/* An error a user can act on: a status, where it happened and a sentence. */
typedef struct tv_error {
	tv_status status;
	char msg[256];
} tv_error;

void tv_error_set(tv_error *e, tv_status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
