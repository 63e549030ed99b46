/*
 * The live client: one GnuTLS client handshake with a server, whose
 * transport records every byte sent and received (with its time) and
 * whose key log callback keeps the session secrets.  The recorded bytes
 * then go through the same TLS decoder as a capture, with those secrets,
 * so a live connection is shown exactly as a capture of it would be.
 *
 * GnuTLS never refuses the server's certificate here: the chain gets its
 * verdict afterwards from pki/, like any other.
 */
#ifndef NET_SESSION_H
#define NET_SESSION_H

#include <stdbool.h>

#include "capture/pcapng_writer.h"
#include "model/conn.h"
#include "net/connect.h"
#include "net/starttls.h"
#include "tls/keylog.h"
#include "util/buf.h"
#include "util/status.h"

typedef struct tv_session_opts {
	tv_target target;
	const char *sni; /* NULL: the host, unless it is an IP address */
	bool no_sni;
	const char *alpn;     /* "h2,http/1.1", or NULL */
	const char *priority; /* a GnuTLS priority string; NULL: "NORMAL" */
	int min_version, max_version; /* 0x0301..0x0304; 0: no bound */
	const char *client_cert, *client_key;
	int timeout_ms;
	const tv_starttls_proto *starttls;
	tv_pcapng_writer *pcap; /* when set, every connection is added */
} tv_session_opts;

typedef struct tv_session tv_session;

/* Check the options (priority string, ALPN list, client key pair);
 * NULL with err set (TV_MALFORMED: a usage error; TV_IO: a file). */
tv_session *tv_session_new(const tv_session_opts *o, tv_error *err);
void tv_session_free(tv_session *s);

/*
 * Connect, handshake, read what the server sends until it closes (at
 * most a second), and decode the connection.  resume: offer the session
 * of the previous connection.  *conn is the decoded connection, or NULL
 * when no TCP connection was made; TV_OK when the handshake completed,
 * else err says what went wrong (and *conn, if any, has a note too).
 */
tv_status tv_session_connect(tv_session *s, bool resume, tv_conn **conn,
			     tv_error *err);

/* The secrets of every connection so far, as NSS key log lines. */
const tv_buf *tv_session_keylog_text(const tv_session *s);

/* "1.2", "tls1.2", "TLS1.2", "TLSv1.2": 0x0303; 0 if not a version. */
int tv_session_version_parse(const char *s);

#endif
