/*
 * Shared by extensions.c (the walk, the table, the summary) and
 * ext_decoders.c (one decoder per extension) and nothing else.
 *
 * A decoder reads the body through the cursor it is given, adds the
 * decoded members to x->obj and updates the summary; it does not check
 * the cursor: the walk closes the body and turns an error into the
 * element's "error".
 */
#ifndef TLS_EXT_INTERNAL_H
#define TLS_EXT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "model/conn.h"
#include "model/field.h"
#include "tls/extensions.h"
#include "util/cursor.h"

typedef struct ext_ctx {
	tv_conn *conn;
	tv_arena *a;
	tls_ext_where where;
	tv_hello_info *hello;    /* NULL unless a hello summary is kept */
	tv_field *obj;           /* the element being decoded */
	const tv_field *sh_alpn; /* ServerHello ALPN list, applied at the end */
	bool sh_tls13;           /* the ServerHello has supported_versions */
} ext_ctx;

typedef void (*ext_decoder)(ext_ctx *x, tv_cur *b);

/* Everything left in the window as HEX (nothing when it is empty). */
tv_field *ext_rest_hex(ext_ctx *x, tv_field *parent, const char *key,
		       tv_cur *c);
/* conn->alpn_selected from the first protocol of a list. */
void ext_set_alpn_selected(ext_ctx *x, const tv_field *list);

void ext_empty(ext_ctx *x, tv_cur *b);
void ext_server_name(ext_ctx *x, tv_cur *b);
void ext_max_fragment_length(ext_ctx *x, tv_cur *b);
void ext_status_request(ext_ctx *x, tv_cur *b);
void ext_cert_type(ext_ctx *x, tv_cur *b);
void ext_supported_groups(ext_ctx *x, tv_cur *b);
void ext_ec_point_formats(ext_ctx *x, tv_cur *b);
void ext_srp(ext_ctx *x, tv_cur *b);
void ext_signature_algorithms(ext_ctx *x, tv_cur *b);
void ext_use_srtp(ext_ctx *x, tv_cur *b);
void ext_heartbeat(ext_ctx *x, tv_cur *b);
void ext_alpn(ext_ctx *x, tv_cur *b);
void ext_status_request_v2(ext_ctx *x, tv_cur *b);
void ext_signed_certificate_timestamp(ext_ctx *x, tv_cur *b);
void ext_client_certificate_type(ext_ctx *x, tv_cur *b);
void ext_server_certificate_type(ext_ctx *x, tv_cur *b);
void ext_padding(ext_ctx *x, tv_cur *b);
void ext_token_binding(ext_ctx *x, tv_cur *b);
void ext_compress_certificate(ext_ctx *x, tv_cur *b);
void ext_record_size_limit(ext_ctx *x, tv_cur *b);
void ext_delegated_credential(ext_ctx *x, tv_cur *b);
void ext_session_ticket(ext_ctx *x, tv_cur *b);
void ext_pre_shared_key(ext_ctx *x, tv_cur *b);
void ext_early_data(ext_ctx *x, tv_cur *b);
void ext_supported_versions(ext_ctx *x, tv_cur *b);
void ext_cookie(ext_ctx *x, tv_cur *b);
void ext_psk_key_exchange_modes(ext_ctx *x, tv_cur *b);
void ext_certificate_authorities(ext_ctx *x, tv_cur *b);
void ext_oid_filters(ext_ctx *x, tv_cur *b);
void ext_signature_algorithms_cert(ext_ctx *x, tv_cur *b);
void ext_key_share(ext_ctx *x, tv_cur *b);
void ext_connection_id(ext_ctx *x, tv_cur *b);
void ext_quic_transport_parameters(ext_ctx *x, tv_cur *b);
void ext_ticket_request(ext_ctx *x, tv_cur *b);
void ext_next_protocol_negotiation(ext_ctx *x, tv_cur *b);
void ext_application_settings(ext_ctx *x, tv_cur *b);
void ext_ech_outer_extensions(ext_ctx *x, tv_cur *b);
void ext_encrypted_client_hello(ext_ctx *x, tv_cur *b);
void ext_renegotiation_info(ext_ctx *x, tv_cur *b);

#endif
