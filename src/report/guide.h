/*
 * Guided explanations: a one-line note in plain words on what each
 * message, alert or record of a connection does in THIS handshake, and
 * the glossary the man page is generated from.  One table drives both.
 *
 * Notes are plain data: the strings they quote from the network (SNI,
 * ALPN, certificate names) are copied as they are, and the writers escape
 * the note like any other string.  No ncurses, no printing.
 */
#ifndef REPORT_GUIDE_H
#define REPORT_GUIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/conn.h"
#include "util/buf.h"

/* Conditions an entry needs, all of them (0: always). */
enum {
	TV_GW_TLS13 = 1u << 0,	 /* TLS 1.3 negotiated */
	TV_GW_TLS12 = 1u << 1,	 /* TLS 1.2 or older negotiated */
	TV_GW_ECDHE = 1u << 2,	 /* (EC)DHE on an elliptic curve */
	TV_GW_DHE = 1u << 3,	 /* finite-field Diffie-Hellman */
	TV_GW_RSA = 1u << 4,	 /* RSA key transport */
	TV_GW_PSK = 1u << 5,	 /* a pre-shared key alone, no DH */
	TV_GW_RESUMED = 1u << 6, /* the server accepted a resumption */
	TV_GW_FULL = 1u << 7,	 /* not resumed */
	TV_GW_RETRY = 1u << 8,	 /* after a HelloRetryRequest */
	TV_GW_CLIENT = 1u << 9,	 /* sent by the client */
	TV_GW_SERVER = 1u << 10, /* sent by the server */
	TV_GW_EMPTY = 1u << 11,	 /* a Certificate without certificates */
	TV_GW_FATAL = 1u << 12,	 /* alert level fatal */
	TV_GW_WARNING = 1u << 13, /* alert level warning */
	TV_GW_CLOSE = 1u << 14,	 /* alert close_notify */
};

/* The pseudo-message keys beside the handshake type names. */
#define TV_GUIDE_ALERT	       "alert"
#define TV_GUIDE_CCS	       "change_cipher_spec"
#define TV_GUIDE_APP_DATA      "application_data"
#define TV_GUIDE_NO_KEYS       "encrypted_handshake"

typedef struct tv_guide_entry {
	const char *key;      /* handshake type (contract name) or TV_GUIDE_* */
	unsigned when;	      /* TV_GW_* bits that must all hold */
	const char *term;     /* glossary term: "ServerHello" */
	const char *tmpl;     /* the note: {placeholders}, [optional parts] */
	const char *glossary; /* what the term means in general */
} tv_guide_entry;

/* The table, in match order (the first entry whose key and conditions
 * fit is used); *n gets its length. */
const tv_guide_entry *tv_guide_table(size_t *n);

/* "TLS 1.3, server" for an entry's conditions ("" when none). */
void tv_guide_when(unsigned when, tv_buf *out);

/* The note of message msg_index (0-based in c->msgs) appended to out: one
 * line, no newline.  false (out unchanged) when there is no such message
 * or no entry for its type. */
bool tv_guide_note(const tv_conn *c, size_t msg_index, tv_buf *out);
/* The same for a message of c, an alert of c, and the pseudo-messages
 * TV_GUIDE_APP_DATA and TV_GUIDE_NO_KEYS (false when c has none). */
bool tv_guide_msg_note(const tv_conn *c, const tv_msg *m, tv_buf *out);
bool tv_guide_alert_note(const tv_conn *c, const tv_alert *a, tv_buf *out);
bool tv_guide_conn_note(const tv_conn *c, const char *key, tv_buf *out);

/* Placeholders a template may use (for the table's test). */
bool tv_guide_placeholder_known(const char *name, size_t n);

#endif
