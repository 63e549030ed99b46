/*
 * Making wire bytes safe to show.  Nothing that came from the network
 * reaches a terminal or a JSON document unescaped.
 */
#ifndef REPORT_ESCAPE_H
#define REPORT_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* For a terminal / --text: valid UTF-8 printable text is kept; control
 * characters (C0, DEL, C1), ESC sequences, bidirectional overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069), other invisible format
 * characters and invalid UTF-8 bytes are shown as \xNN / \u{NNNN}, and a
 * backslash as \\. */
void tv_escape_text(tv_buf *out, const uint8_t *p, size_t n);
/* For JSON: the contents of a JSON string (no quotes), always valid UTF-8:
 * invalid bytes become U+FFFD; control characters \u00XX; bidi overrides
 * \u202E etc. */
void tv_escape_json(tv_buf *out, const uint8_t *p, size_t n);

#endif
