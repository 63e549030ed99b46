/*
 * TLS extensions: one table of type -> name -> decoder, used by every
 * message that carries an extensions block (ClientHello, ServerHello,
 * HelloRetryRequest, EncryptedExtensions, CertificateRequest (1.3),
 * Certificate entries (1.3), NewSessionTicket (1.3)).
 */
#ifndef TLS_EXTENSIONS_H
#define TLS_EXTENSIONS_H

#include <stdbool.h>

#include "model/conn.h"
#include "util/cursor.h"

typedef enum {
	TLS_EXT_CLIENT_HELLO,
	TLS_EXT_SERVER_HELLO,
	TLS_EXT_HELLO_RETRY_REQUEST,
	TLS_EXT_ENCRYPTED_EXTENSIONS,
	TLS_EXT_CERTIFICATE_REQUEST,
	TLS_EXT_CERTIFICATE_ENTRY,
	TLS_EXT_NEW_SESSION_TICKET,
} tls_ext_where;

/*
 * Decode an extensions block at the cursor: the 2-byte length prefix and
 * the extensions it holds (consumed exactly).  Adds to parent an ARRAY
 * "extensions" whose elements are OBJECTs
 *   {type: STRING name ("server_name", "GREASE", "unknown"),
 *    type_id: UINT, length: UINT, ...decoded members}
 * where an unknown or undecodable extension body is kept as HEX "data".
 * The meaning of some extensions depends on where they are
 * (key_share, supported_versions, pre_shared_key, ...).
 *
 * Updates the connection summary from what it decodes:
 *   ClientHello: conn->sni (host_name), conn->alpn_offered,
 *     hello->extensions (every type, wire order), hello->groups,
 *     ec_point_formats, sigalgs, versions, has_sni, has_ticket, has_psk
 *   ServerHello / HRR: hello->extensions, hello->versions (selected),
 *     has_psk; conn->alpn_selected (TLS <= 1.2)
 *   EncryptedExtensions: conn->alpn_selected
 * hello is &conn->ch or &conn->sh for hellos, NULL otherwise.
 * A malformed extension body is reported (cursor error naming the
 * extension and field) but does not hide the following extensions when
 * the outer lengths are consistent: the element gets an "error" STRING.
 * Returns false when the block itself could not be walked.
 */
bool tls_extensions_decode(tv_conn *conn, tv_field *parent, tv_cur *c,
			   tls_ext_where where, tv_hello_info *hello);

#endif
