/*
 * The connection model: what every view reads (JSON, text, UI).
 * tls/ and pki/ fill it in; report/ and ui/ only read it.
 * Everything a connection points to lives in its arena.
 */
#ifndef TV_CONN_H
#define TV_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/field.h"
#include "util/arena.h"

typedef enum { TV_DIR_CLIENT = 0, TV_DIR_SERVER = 1 } tv_dir;

static inline const char *tv_dir_name(tv_dir d)
{
	return d == TV_DIR_CLIENT ? "client" : "server";
}

/* Bytes borrowed from the connection's arena; p == NULL means "absent". */
typedef struct tv_bytes {
	const uint8_t *p;
	size_t n;
} tv_bytes;

typedef struct tv_u16list {
	uint16_t *v;
	size_t n;
} tv_u16list;

typedef struct tv_endpoint {
	char ip[46]; /* textual, IPv6 without brackets */
	uint16_t port;
} tv_endpoint;

typedef struct tv_msg tv_msg;
struct tv_msg {
	tv_msg *next;
	tv_dir dir;
	uint8_t type_id;      /* the type byte on the wire */
	const char *type;     /* contract name, "hello_retry_request" for an HRR */
	uint32_t length;      /* body length from the header */
	bool encrypted;       /* only readable after decryption */
	int64_t time_us;      /* packet that completed the message */
	const uint8_t *raw;   /* header + body (what is kept of it) */
	size_t raw_len;
	bool raw_cut;         /* raw_len < 4 + length: a size limit cut it */
	uint64_t stream_off;  /* offset in its direction's handshake byte stream */
	uint32_t record;      /* per-direction index of the record it started in */
	tv_field *fields;     /* OBJECT; offsets relative to raw */
	const char *error;    /* decode error, or NULL */
};

typedef struct tv_alert tv_alert;
struct tv_alert {
	tv_alert *next;
	tv_dir dir;
	uint8_t level, desc;
	bool encrypted;
	int64_t time_us;
};

typedef struct tv_cert {
	int position;
	const uint8_t *der;
	size_t der_len;
	char sha256[65];
	char sha1[41];
	const char *subject, *issuer; /* RFC 4514 */
	const char *serial;           /* lower-case hex */
	int64_t not_before, not_after; /* seconds since the epoch */
	const char **san;             /* DNS names and IP addresses */
	size_t n_san;
	const char *key_algorithm; /* "RSA", "EC", "Ed25519", ... */
	const char *key_curve;     /* "secp256r1", ... or NULL */
	unsigned key_bits;
	const char *signature_algorithm;
	int version;
	bool is_ca;
	bool self_signed;
	const char *error; /* the DER did not parse: why (other fields empty) */
} tv_cert;

typedef struct tv_certlist {
	tv_cert *v;
	size_t n;
} tv_certlist;

/* Raw ClientHello / ServerHello lists, as sent, for fingerprints. */
typedef struct tv_hello_info {
	bool seen;
	uint16_t legacy_version;
	tv_u16list ciphers;    /* ClientHello: all offered (GREASE included) */
	uint16_t cipher;       /* ServerHello: the chosen one */
	tv_u16list extensions; /* type numbers in wire order */
	tv_u16list groups;     /* supported_groups */
	tv_u16list ec_point_formats;
	tv_u16list sigalgs;    /* signature_algorithms */
	tv_u16list versions;   /* supported_versions (server: one) */
	tv_bytes session_id;
	bool has_sni;
	bool has_ticket;       /* non-empty session_ticket extension */
	bool has_psk;          /* pre_shared_key extension */
} tv_hello_info;

typedef struct tv_note tv_note;
struct tv_note {
	tv_note *next;
	const char *text;
	uint32_t hash; /* of text: a repeated note is found without strcmp */
};

/* One step of a plaintext preamble before TLS (STARTTLS): a line of a
 * text protocol, or one message of a binary one. */
typedef struct tv_preamble tv_preamble;
struct tv_preamble {
	tv_preamble *next;
	tv_dir dir;
	int64_t time_us;
	tv_bytes data;    /* the bytes as sent */
	const char *text; /* for people: the line, or what the message says */
};

struct tv_validation; /* filled by pki/ (certificate chain issue) */

typedef struct tv_conn {
	tv_arena arena;
	uint64_t id; /* 1-based, assigned at output in first-packet order */
	tv_endpoint client, server;
	int64_t start_us, end_us;
	int version;      /* negotiated, -1 when unknown */
	int cipher_suite; /* ServerHello's, -1 when unknown */
	tv_bytes sni;
	tv_bytes *alpn_offered;
	size_t n_alpn_offered;
	tv_bytes alpn_selected;
	bool resumed;
	bool hrr; /* a HelloRetryRequest was seen */
	tv_msg *msgs, *msgs_tail;
	size_t n_msgs;
	tv_alert *alerts, *alerts_tail;
	size_t n_alerts;
	tv_certlist certs;        /* the server's Certificate message */
	tv_certlist client_certs; /* the client's */
	struct tv_validation *validation;
	tv_hello_info ch, sh;
	const char *ja3, *ja3_hash, *ja4, *ja4_r, *ja3s, *ja3s_hash;
	tv_note *notes, *notes_tail;
	size_t n_notes, n_notes_dropped;
	/* a live connection's STARTTLS: the protocol ("smtp"...) and the
	 * plaintext exchanged before the first TLS byte; NULL otherwise */
	const char *starttls;
	tv_preamble *preamble, *preamble_tail;
	size_t n_preamble;
	/* statistics, per direction (index tv_dir) */
	uint64_t records[2];
	uint64_t app_data_bytes[2];
	uint64_t encrypted_hs_records[2];
	uint64_t bytes[2];
} tv_conn;

tv_conn *tv_conn_new(void);
void tv_conn_free(tv_conn *c);
/* Append a message (already allocated in c's arena). */
void tv_conn_add_msg(tv_conn *c, tv_msg *m);
tv_alert *tv_conn_add_alert(tv_conn *c, tv_dir dir, uint8_t level,
			    uint8_t desc, bool encrypted, int64_t time_us);
/* Add a note; identical notes are kept once; at most TV_MAX_NOTES. */
void tv_conn_note(tv_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define TV_MAX_NOTES 64

/* Append a STARTTLS preamble step (bytes and text are copied). */
void tv_conn_add_preamble(tv_conn *c, tv_dir dir, int64_t time_us,
			  const uint8_t *p, size_t n, const char *text);

/* A copy of wire bytes into the connection's arena. */
tv_bytes tv_conn_bytes(tv_conn *c, const uint8_t *p, size_t n);
/* Append to a u16 list in the connection's arena (amortised growth). */
void tv_u16list_push(tv_conn *c, tv_u16list *l, uint16_t v);

/* RFC 3339 UTC with microseconds: buf needs 28 bytes. */
void tv_time_format(int64_t time_us, char buf[32]);

/* A packet's timestamp (seconds and microseconds, as a capture file
 * says) in microseconds, clamped to years 1970-9999 so that a corrupt
 * capture cannot overflow the arithmetic that follows. */
int64_t tv_time_from_packet(int64_t sec, int64_t usec);

#endif
