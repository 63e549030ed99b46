/*
 * Session secrets, by ClientHello.random: what an NSS key log file
 * (SSLKEYLOGFILE), a pcapng Decryption Secrets Block or the live client's
 * key log callback tells us.  The decoder looks secrets up when it has
 * seen both hellos; nothing here does any cryptography.
 *
 * Untrusted input: a key log line is parsed through the bounded cursor,
 * a malformed line is reported (with its line number) and skipped, and
 * the store is bounded (TV_KEYLOG_MAX_ENTRIES client randoms; more are
 * refused with one warning).
 */
#ifndef TLS_KEYLOG_H
#define TLS_KEYLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* The labels of the NSS key log format. */
typedef enum tv_secret_kind {
	TV_SECRET_MASTER,          /* CLIENT_RANDOM: TLS <= 1.2 master secret (48) */
	TV_SECRET_CLIENT_EARLY,    /* CLIENT_EARLY_TRAFFIC_SECRET */
	TV_SECRET_CLIENT_HS,       /* CLIENT_HANDSHAKE_TRAFFIC_SECRET */
	TV_SECRET_SERVER_HS,       /* SERVER_HANDSHAKE_TRAFFIC_SECRET */
	TV_SECRET_CLIENT_AP0,      /* CLIENT_TRAFFIC_SECRET_0 */
	TV_SECRET_SERVER_AP0,      /* SERVER_TRAFFIC_SECRET_0 */
	TV_SECRET_EXPORTER,        /* EXPORTER_SECRET */
	TV_SECRET_KINDS
} tv_secret_kind;

#define TV_SECRET_MAX 64          /* bytes: SHA-384 secrets are 48 */
#define TV_KEYLOG_MAX_ENTRIES (4u << 20)

typedef struct tv_keylog tv_keylog;

/* A problem with one line: origin is the file name (or "pcapng
 * Decryption Secrets Block #N"), line counts from 1; line 0 when the
 * problem is not one line's (a block cut short, warnings held back).
 * msg is a sentence without the origin and line ("the client random
 * must be 64 hex digits, not 62"); the caller shows all three. */
typedef void (*tv_keylog_warn_fn)(void *arg, const char *origin,
				  unsigned long line, const char *msg);

tv_keylog *tv_keylog_new(void);
void tv_keylog_free(tv_keylog *kl);

/* The label's name ("CLIENT_HANDSHAKE_TRAFFIC_SECRET"...). */
const char *tv_secret_kind_name(tv_secret_kind k);

/*
 * Add every line of a key log text.  Comments (#...) and blank lines are
 * allowed; CRLF line ends too.  Each malformed line goes to warn (may be
 * NULL) and is skipped.  Returns the number of secrets added.
 */
size_t tv_keylog_add_text(tv_keylog *kl, const uint8_t *p, size_t n,
			  const char *origin, tv_keylog_warn_fn warn,
			  void *warn_arg);

/* The same for a file; TV_IO with err set when it cannot be read. */
tv_status tv_keylog_load_file(tv_keylog *kl, const char *path,
			      tv_keylog_warn_fn warn, void *warn_arg,
			      size_t *added, tv_error *err);

/* One secret (the live client's key log callback).  false when len is
 * 0 or > TV_SECRET_MAX, or the store is full. */
bool tv_keylog_add(tv_keylog *kl, const uint8_t client_random[32],
		   tv_secret_kind kind, const uint8_t *secret, size_t len);

/* The secret for this ClientHello.random, or false.  *secret stays
 * valid until tv_keylog_free (a later line with the same label and
 * client random overwrites it in place). */
bool tv_keylog_get(const tv_keylog *kl, const uint8_t client_random[32],
		   tv_secret_kind kind, const uint8_t **secret, size_t *len);

/* Client randoms with at least one secret. */
size_t tv_keylog_count(const tv_keylog *kl);

/* Hold fewer client randoms than TV_KEYLOG_MAX_ENTRIES (a smaller
 * memory budget; tests).  Values above it are clamped to it. */
void tv_keylog_set_max_entries(tv_keylog *kl, size_t max);

/*
 * Key log text in pieces of any size, as it streams past: a file read in
 * chunks, a pcapng Decryption Secrets Block while libpcap reads the file.
 * Lines are checked exactly as by tv_keylog_add_text and may span pieces;
 * a line longer than TV_KEYLOG_MAX_LINE bytes is malformed (never kept
 * whole), so memory stays bounded whatever the input.  After
 * TV_KEYLOG_MAX_WARNINGS problems the reader stops reporting lines and
 * says at the end how many more it skipped.
 */
#define TV_KEYLOG_MAX_LINE     1024
#define TV_KEYLOG_MAX_WARNINGS 20

typedef struct tv_keylog_reader tv_keylog_reader;

/* origin is copied; warn may be NULL. */
tv_keylog_reader *tv_keylog_reader_new(tv_keylog *kl, const char *origin,
				       tv_keylog_warn_fn warn, void *warn_arg);
void tv_keylog_reader_feed(tv_keylog_reader *r, const uint8_t *p, size_t n);
/* End of the text.  complete: the last line counts even without a line
 * end; otherwise (the text was cut short) an unfinished last line is
 * reported and dropped, so a truncated secret is never stored.
 * Returns the secrets added from the whole text. */
size_t tv_keylog_reader_end(tv_keylog_reader *r, bool complete);
void tv_keylog_reader_free(tv_keylog_reader *r);

#endif
