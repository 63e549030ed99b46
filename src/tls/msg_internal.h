/*
 * Shared by the handshake message decoders (handshake.c and msg_*.c) and
 * nothing else.  handshake.c owns the table of message types; each
 * msg_*.c file decodes one family of messages into m->root.
 *
 * A decoder reads the body through the cursor it is given and returns;
 * it does not check the cursor itself: handshake.c closes the body
 * (trailing bytes are malformed) and turns a cursor error into
 * msg->error and a connection note.
 */
#ifndef TLS_MSG_INTERNAL_H
#define TLS_MSG_INTERNAL_H

#include <stdbool.h>

#include "model/conn.h"
#include "tls/extensions.h"
#include "util/cursor.h"

typedef struct tls_msg_ctx {
	tv_conn *conn;
	tv_msg *msg;
	tv_arena *a;    /* &conn->arena */
	tv_field *root; /* msg->fields */
	size_t hdr_len; /* 4 (TLS) or 2 (SSLv2 record header) */
} tls_msg_ctx;

typedef void (*tls_msg_decoder)(tls_msg_ctx *m, tv_cur *c);

/* Certificates parsed per Certificate message; more are walked only. */
#define TLS_MSG_MAX_CERTS 64

/*
 * The negotiated version as its TLS equivalent (DTLS and TLS 1.3 drafts
 * mapped onto 0x0300..0x0304), or 0 while it is not known.
 */
int tls_msg_version(const tv_conn *conn);
bool tls_msg_is_tls13(const tv_conn *conn);

/*
 * A vector (1- or 2-byte length) of width-byte numbers as an ARRAY of
 * labelled UINTs covering the length prefix and the elements.  Returns
 * the array (its children may be walked), NULL on a cursor error.
 */
tv_field *tls_msg_uint_array(tls_msg_ctx *m, tv_field *parent,
			     const char *key, tv_cur *c, int lenwidth,
			     int width, tvf_namer namer);
/* A length-prefixed string (wire bytes) covering prefix and data. */
tv_field *tls_msg_vec_string(tls_msg_ctx *m, tv_field *parent,
			     const char *key, tv_cur *c, int lenwidth);
/* Everything left in the window as HEX (nothing when it is empty). */
tv_field *tls_msg_rest_hex(tls_msg_ctx *m, tv_field *parent,
			   const char *key, tv_cur *c);
/* An extensions block; a block that cannot be walked fails the cursor. */
void tls_msg_extensions(tls_msg_ctx *m, tv_field *parent, tv_cur *c,
			tls_ext_where where, tv_hello_info *hello);
/*
 * A digitally-signed element: "algorithm" (TLS 1.2 and later) and
 * "signature" (vec16).  With the version unknown the lengths decide.
 */
void tls_msg_signature(tls_msg_ctx *m, tv_field *parent, tv_cur *c);
/* The cipher suite label of a number: "GREASE" for RFC 8701 values. */
const char *tls_msg_suite_label(unsigned v);

/*
 * Turn the cursor error (if any) into msg->error and a connection note;
 * also say when a size limit cut the message.  Used by handshake.c and
 * the SSLv2 ClientHello.
 */
void tls_msg_report(tls_msg_ctx *m, const tv_cur_err *e);

/* msg_hello.c */
void tls_msg_client_hello(tls_msg_ctx *m, tv_cur *c);
void tls_msg_server_hello(tls_msg_ctx *m, tv_cur *c);

/* msg_cert.c */
void tls_msg_certificate(tls_msg_ctx *m, tv_cur *c);
void tls_msg_certificate_request(tls_msg_ctx *m, tv_cur *c);
void tls_msg_certificate_verify(tls_msg_ctx *m, tv_cur *c);
void tls_msg_certificate_status(tls_msg_ctx *m, tv_cur *c);
void tls_msg_compressed_certificate(tls_msg_ctx *m, tv_cur *c);

/* msg_kex.c */
void tls_msg_server_key_exchange(tls_msg_ctx *m, tv_cur *c);
void tls_msg_client_key_exchange(tls_msg_ctx *m, tv_cur *c);

/* msg_misc.c */
void tls_msg_empty(tls_msg_ctx *m, tv_cur *c);
void tls_msg_finished(tls_msg_ctx *m, tv_cur *c);
void tls_msg_new_session_ticket(tls_msg_ctx *m, tv_cur *c);
void tls_msg_encrypted_extensions(tls_msg_ctx *m, tv_cur *c);
void tls_msg_key_update(tls_msg_ctx *m, tv_cur *c);
void tls_msg_message_hash(tls_msg_ctx *m, tv_cur *c);
void tls_msg_hello_verify_request(tls_msg_ctx *m, tv_cur *c);
void tls_msg_certificate_url(tls_msg_ctx *m, tv_cur *c);
void tls_msg_supplemental_data(tls_msg_ctx *m, tv_cur *c);
void tls_msg_next_protocol(tls_msg_ctx *m, tv_cur *c);
void tls_msg_request_connection_id(tls_msg_ctx *m, tv_cur *c);
void tls_msg_new_connection_id(tls_msg_ctx *m, tv_cur *c);
void tls_msg_ekt_key(tls_msg_ctx *m, tv_cur *c);
void tls_msg_data(tls_msg_ctx *m, tv_cur *c);

#endif
