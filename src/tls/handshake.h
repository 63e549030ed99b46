/*
 * Handshake message decoding: one complete message in, fields out.
 *
 * The record layer (tls/decoder.c) reassembles a message, copies it into
 * the connection's arena, fills in msg->dir, raw, raw_len, raw_cut,
 * length, type_id, encrypted, time_us, stream_off and record, and then
 * calls tls_handshake_decode().  The decoder of each message type (one
 * table, one file per message family) builds msg->fields, sets msg->type
 * and updates the connection summary: sni, alpn_offered / alpn_selected,
 * version, cipher_suite, hrr, ch / sh (tv_hello_info), certs /
 * client_certs.  A message that does not decode keeps the fields read so
 * far, gets msg->error, and the connection a note naming the message, the
 * field and the offset.  Nothing here prints or allocates outside the
 * connection's arena.
 */
#ifndef TLS_HANDSHAKE_H
#define TLS_HANDSHAKE_H

#include "model/conn.h"

void tls_handshake_decode(tv_conn *conn, tv_msg *msg);

/*
 * An SSLv2-format ClientHello (record starts with the 2-byte length with
 * the high bit set, then msg type 1): raw is the whole SSLv2 record
 * including its 2-byte header.  Builds a client_hello message whose fields
 * say "sslv2_compatible": true and whose cipher_suites list the 3-byte
 * SSLv2 cipher specs (TLS suites as their 2-byte values).
 */
void tls_sslv2_client_hello_decode(tv_conn *conn, tv_msg *msg);

/* The HelloRetryRequest random of RFC 8446 4.1.3. */
extern const uint8_t tls_hrr_random[32];

#endif
