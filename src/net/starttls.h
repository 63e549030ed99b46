/*
 * STARTTLS: the plaintext a protocol speaks before its TLS handshake
 * (SMTP, IMAP, POP3, FTP, XMPP, PostgreSQL, LDAP, MySQL).  Each exchange
 * is recorded in the connection (tv_conn_add_preamble) so the user sees
 * where TLS begins.  The server's answers are untrusted: lines are
 * bounded, binary answers are read through the cursor.
 */
#ifndef NET_STARTTLS_H
#define NET_STARTTLS_H

#include <stdbool.h>

#include "model/conn.h"
#include "net/connect.h"
#include "util/status.h"

typedef struct tv_starttls_proto tv_starttls_proto;

/* By name ("smtp"...), or NULL. */
const tv_starttls_proto *tv_starttls_find(const char *name);
/* The protocol that usually does STARTTLS on this port, or NULL. */
const tv_starttls_proto *tv_starttls_for_port(unsigned port);
const char *tv_starttls_name(const tv_starttls_proto *p);
/* "smtp, imap, ..." for messages. */
const char *tv_starttls_all_names(void);

/*
 * Speak p's preamble on io until the server agrees to TLS.  host is the
 * name the client asks for where the protocol names one (XMPP's `to`).
 * The steps go to conn.  On failure err says what the server answered.
 */
tv_status tv_starttls_run(const tv_starttls_proto *p, tv_netio *io,
			  const char *host, tv_conn *conn, tv_error *err);

#endif
