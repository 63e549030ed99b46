/*
 * The TLS record layer of one connection.
 *
 * Each side is a state machine over its in-order byte stream:
 *   SEARCH  - not at a known record boundary (start of a capture taken
 *             mid-connection, after a gap, after garbage): bytes are kept in
 *             a bounded window and scanned for a record header that the
 *             following bytes confirm;
 *   HEADER  - collecting the 5-byte record header;
 *   BODY    - inside a record: handshake, alert and ChangeCipherSpec bodies
 *             are collected, application data is only counted and skipped
 *             by its length (never copied); with keys (tls/decrypt.c) an
 *             encrypted record's body is collected whole, decrypted, and
 *             its plaintext goes through the same paths;
 *   SSLV2   - inside an SSLv2-format ClientHello.
 * Handshake records of a side are concatenated into one handshake stream
 * that is cut into messages (RFC 8446 5.1: messages may span records and a
 * record may carry several), each copied into the connection's arena and
 * decoded by tls/handshake.c.
 */
#include "tls/decoder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/decrypt.h"
#include "tls/fingerprint.h"
#include "tls/handshake.h"
#include "tls/registry.h"

#define REC_HANDSHAKE_MAX (16384 + 2048) /* TLSCiphertext limit (RFC 5246) */
#define SEARCH_WINDOW 65536              /* bytes kept while searching */
#define SEARCH_GIVE_UP (256 * 1024)      /* bytes searched before "not TLS" */
#define DEFAULT_MAX_HS_MSG (1024 * 1024)
#define DEFAULT_MAX_MESSAGES 1024

enum ct {
	CT_CHANGE_CIPHER_SPEC = 20,
	CT_ALERT = 21,
	CT_HANDSHAKE = 22,
	CT_APPLICATION_DATA = 23,
	CT_HEARTBEAT = 24,
	CT_TLS12_CID = 25,
};

typedef enum { S_SEARCH, S_HEADER, S_BODY, S_SSLV2 } side_state;

typedef struct side {
	side_state state;
	bool started;     /* some bytes were seen */
	bool synced_once; /* a record boundary was found at least once */
	bool encrypted;   /* TLS <= 1.2: after this side's ChangeCipherSpec */
	bool closed;
	bool ccs_seen;
	uint64_t offset; /* stream offset of the next byte fed */

	uint8_t hdr[5];
	size_t hdr_have;
	uint8_t rec_type;
	size_t rec_left;     /* body bytes of the current record still to come */
	uint64_t rec_start;  /* stream offset of the current record */
	uint32_t rec_index;  /* records of this side so far */
	uint8_t small[2];    /* alert / ChangeCipherSpec body */
	size_t small_have;
	bool collecting;     /* the record's body goes to rbuf to decrypt */
	uint8_t *rbuf;       /* one record's ciphertext */
	size_t rbuf_len;
	bool hs_decrypted;   /* hs_feed is given decrypted bytes */

	/* the handshake stream: bytes of the message being assembled */
	uint8_t *hs;
	size_t hs_len, hs_cap;
	uint64_t hs_off;      /* handshake-stream offset of hs[0] */
	uint32_t hs_rec;      /* record the message in hs began in */
	size_t hs_skip;       /* bytes of an over-long message still to drop */
	bool hs_cut;          /* the message in hs is being cut */

	/* SEARCH window */
	uint8_t *win;
	size_t win_len;
	size_t scan_from; /* window positions before it are ruled out */
	uint64_t searched;

	/* SSLv2 ClientHello */
	uint8_t *v2;
	size_t v2_len, v2_need;

	uint64_t encrypted_alerts;
	uint64_t heartbeats;
	int64_t last_ts;
} side;

struct tls_decoder {
	tv_conn *conn;
	tls_decoder_limits lim;
	side s[2];
	int client_side; /* which side is the client (0 until a hello says otherwise) */
	bool dir_known;
	tls_detect detect;
	bool limit_noted;
	bool finished;
	tls_decrypt *dx; /* NULL: no secrets given */
};

static tv_dir side_dir(const tls_decoder *d, int si)
{
	return si == d->client_side ? TV_DIR_CLIENT : TV_DIR_SERVER;
}

tls_decoder *tls_decoder_new(tv_conn *conn, const tls_decoder_limits *lim)
{
	tls_decoder *d = tv_xcalloc(1, sizeof *d);

	d->conn = conn;
	d->lim.max_handshake_msg = lim && lim->max_handshake_msg
					   ? lim->max_handshake_msg
					   : DEFAULT_MAX_HS_MSG;
	d->lim.max_messages = lim && lim->max_messages ? lim->max_messages
						       : DEFAULT_MAX_MESSAGES;
	for (int i = 0; i < 2; i++)
		d->s[i].state = S_HEADER;
	return d;
}

void tls_decoder_set_secrets(tls_decoder *d, const tv_keylog *kl,
			     const tv_rsa_keys *rsa)
{
	if (d->dx || (!kl && !rsa))
		return;
	d->dx = tls_decrypt_new(d->conn, kl, rsa);
}

static void side_release(side *s)
{
	free(s->hs);
	free(s->win);
	free(s->v2);
	free(s->rbuf);
	s->hs = s->win = s->v2 = s->rbuf = NULL;
	s->hs_len = s->hs_cap = s->win_len = s->v2_len = 0;
}

void tls_decoder_free(tls_decoder *d)
{
	if (!d)
		return;
	side_release(&d->s[0]);
	side_release(&d->s[1]);
	tls_decrypt_free(d->dx);
	free(d);
}

tls_detect tls_decoder_detect(const tls_decoder *d) { return d->detect; }

/* The hello's sender fixes who is the client; swap if the guess was wrong. */
static void decide_direction(tls_decoder *d, int si, bool is_client)
{
	tv_conn *c = d->conn;
	int want = is_client ? si : 1 - si;

	if (d->dir_known)
		return;
	d->dir_known = true;
	if (want == d->client_side)
		return;
	d->client_side = want;
	tv_endpoint tmp = c->client;
	c->client = c->server;
	c->server = tmp;
	for (tv_msg *m = c->msgs; m; m = m->next)
		m->dir = m->dir == TV_DIR_CLIENT ? TV_DIR_SERVER : TV_DIR_CLIENT;
	for (tv_alert *a = c->alerts; a; a = a->next)
		a->dir = a->dir == TV_DIR_CLIENT ? TV_DIR_SERVER : TV_DIR_CLIENT;
	for (int i = 0; i < 4; i++) {
		uint64_t *st = i == 0 ? c->records : i == 1 ? c->app_data_bytes
					     : i == 2   ? c->encrypted_hs_records
							: c->bytes;
		uint64_t t = st[0];
		st[0] = st[1];
		st[1] = t;
	}
}

static bool is_tls13(const tls_decoder *d) { return d->conn->version == 0x0304; }

/* ---- handshake messages ------------------------------------------------ */

static void emit_message(tls_decoder *d, int si, const uint8_t *p,
			 size_t have, uint32_t body_len, bool cut, int64_t ts)
{
	side *s = &d->s[si];
	tv_conn *c = d->conn;
	tv_msg *m;

	if (c->n_msgs >= d->lim.max_messages) {
		if (!d->limit_noted)
			tv_conn_note(c, "more than %zu handshake messages: "
					"the rest are not listed",
				     d->lim.max_messages);
		d->limit_noted = true;
		return;
	}
	m = tv_arena_alloc(&c->arena, sizeof *m);
	m->dir = side_dir(d, si);
	m->type_id = p[0];
	m->length = body_len;
	m->encrypted = s->hs_decrypted;
	m->time_us = ts;
	m->raw = tv_arena_memdup(&c->arena, p, have);
	m->raw_len = have;
	m->raw_cut = cut;
	m->stream_off = s->hs_off;
	m->record = s->hs_rec;
	if (m->type_id == 1)
		decide_direction(d, si, true);
	else if (m->type_id == 2)
		decide_direction(d, si, false);
	m->dir = side_dir(d, si);
	tls_handshake_decode(c, m);
	tv_conn_add_msg(c, m);
	if (m->type_id == 1 || m->type_id == 2)
		d->detect = TLS_DETECT_YES;
	/* a decrypted TLS 1.3 Finished ends the side's handshake; the
	 * client's ends the server's flight too */
	if (m->type_id == 20 && m->encrypted && is_tls13(d)) {
		s->encrypted = true;
		if (m->dir == TV_DIR_CLIENT)
			d->s[1 - si].encrypted = true;
	}
	if (d->dx)
		tls_decrypt_message(d->dx, m);
}

static void hs_append(side *s, const uint8_t *p, size_t n)
{
	if (s->hs_len + n > s->hs_cap) {
		size_t cap = s->hs_cap ? s->hs_cap : 1024;

		while (cap < s->hs_len + n)
			cap *= 2;
		s->hs = tv_xrealloc(s->hs, cap);
		s->hs_cap = cap;
	}
	memcpy(s->hs + s->hs_len, p, n);
	s->hs_len += n;
}

static void hs_consume(side *s, size_t n)
{
	memmove(s->hs, s->hs + n, s->hs_len - n);
	s->hs_len -= n;
	s->hs_off += n;
	if (s->hs_len == 0 && s->hs_cap > 16384) {
		free(s->hs);
		s->hs = NULL;
		s->hs_cap = 0;
	}
}

/* Move up to `want` bytes from (*p, *n) into the message buffer. */
static void hs_take(side *s, const uint8_t **p, size_t *n, size_t want)
{
	size_t k = want - s->hs_len;

	if (k > *n)
		k = *n;
	hs_append(s, *p, k);
	*p += k;
	*n -= k;
}

/* Handshake record bytes of side si: cut the stream into messages. */
static void hs_feed(tls_decoder *d, int si, const uint8_t *p, size_t n,
		    int64_t ts)
{
	side *s = &d->s[si];
	size_t max = d->lim.max_handshake_msg;

	for (;;) {
		if (s->hs_skip) { /* dropping the tail of an over-long message */
			size_t k = n < s->hs_skip ? n : s->hs_skip;

			s->hs_skip -= k;
			s->hs_off += k;
			p += k;
			n -= k;
			if (s->hs_skip)
				return;
		}
		if (s->hs_len < 4) {
			if (n == 0)
				return;
			if (s->hs_len == 0)
				s->hs_rec = s->rec_index;
			hs_take(s, &p, &n, 4);
			if (s->hs_len < 4)
				return;
		}
		uint32_t body = ((uint32_t)s->hs[1] << 16) |
				((uint32_t)s->hs[2] << 8) | s->hs[3];
		size_t want = 4 + ((size_t)body < max ? (size_t)body : max);
		if (s->hs_len < want) {
			hs_take(s, &p, &n, want);
			if (s->hs_len < want)
				return;
		}
		bool cut = (size_t)body + 4 > s->hs_len;
		emit_message(d, si, s->hs, s->hs_len, body, cut, ts);
		if (cut) {
			tv_conn_note(d->conn,
				     "%s handshake message of %u bytes is longer "
				     "than the %zu kept: only its start is decoded",
				     tv_dir_name(side_dir(d, si)), body, max);
			s->hs_skip = (size_t)body + 4 - s->hs_len;
		}
		hs_consume(s, s->hs_len);
	}
}

/* ---- record bodies ----------------------------------------------------- */

static void alert_done(tls_decoder *d, int si, int64_t ts)
{
	side *s = &d->s[si];

	tv_conn_add_alert(d->conn, side_dir(d, si), s->small[0], s->small[1],
			  false, ts);
}

static void ccs_done(tls_decoder *d, int si)
{
	side *s = &d->s[si];

	s->ccs_seen = true;
	/* TLS 1.3's ChangeCipherSpec is only for middlebox compatibility */
	if (!is_tls13(d))
		s->encrypted = true;
	if (d->dx)
		tls_decrypt_ccs(d->dx, side_dir(d, si));
}

static bool record_encrypted(const tls_decoder *d, int si)
{
	return d->s[si].encrypted;
}

/* Feed n bytes of the current record's body. */
static void body_feed(tls_decoder *d, int si, const uint8_t *p, size_t n,
		      int64_t ts)
{
	side *s = &d->s[si];
	tv_conn *c = d->conn;
	bool enc = record_encrypted(d, si);

	if (s->collecting) {
		memcpy(s->rbuf + s->rbuf_len, p, n);
		s->rbuf_len += n;
		return;
	}
	switch (s->rec_type) {
	case CT_HANDSHAKE:
		if (!enc)
			hs_feed(d, si, p, n, ts);
		break;
	case CT_ALERT:
	case CT_CHANGE_CIPHER_SPEC:
		if (enc && s->rec_type == CT_ALERT)
			break;
		for (size_t i = 0; i < n && s->small_have < 2; i++)
			s->small[s->small_have++] = p[i];
		break;
	case CT_APPLICATION_DATA:
		c->app_data_bytes[side_dir(d, si)] += n;
		break;
	default:
		break;
	}
}

/* A record that decrypted: its plaintext by content type. */
static void plaintext_dispatch(tls_decoder *d, int si, uint8_t type,
			       const uint8_t *p, size_t n, int64_t ts)
{
	side *s = &d->s[si];
	tv_conn *c = d->conn;
	tv_dir dir = side_dir(d, si);

	switch (type) {
	case CT_HANDSHAKE:
		s->hs_decrypted = true;
		hs_feed(d, si, p, n, ts);
		s->hs_decrypted = false;
		break;
	case CT_ALERT:
		if (n == 2)
			tv_conn_add_alert(c, dir, p[0], p[1], true, ts);
		else
			tv_conn_note(c, "%s alert record %u has %zu bytes "
					"instead of 2 (decrypted)",
				     tv_dir_name(dir), s->rec_index + 1, n);
		break;
	case CT_APPLICATION_DATA:
		c->app_data_bytes[dir] += n;
		break;
	case CT_CHANGE_CIPHER_SPEC: /* a renegotiation's, under the old keys */
		ccs_done(d, si);
		break;
	case CT_HEARTBEAT:
		s->heartbeats++;
		break;
	default:
		tv_conn_note(c, "%s record %u decrypts to content type %u, "
				"which TLS does not define",
			     tv_dir_name(dir), s->rec_index + 1, type);
	}
}

/* The collected record: true when it is accounted for (decrypted and
 * dispatched, or skipped 0-RTT data); false when it stays encrypted. */
static bool record_decrypt(tls_decoder *d, int si, int64_t ts)
{
	side *s = &d->s[si];
	tv_dir dir = side_dir(d, si);
	const uint8_t *pt;
	size_t n;
	uint8_t type;

	s->collecting = false;
	switch (tls_decrypt_record(d->dx, dir, s->rec_index, s->hdr, s->rbuf,
				   s->rbuf_len, &type, &pt, &n)) {
	case TLS_REC_DECRYPTED:
		plaintext_dispatch(d, si, type, pt, n, ts);
		return true;
	case TLS_REC_EARLY_DATA:
		d->conn->app_data_bytes[dir] += s->rbuf_len;
		return true;
	case TLS_REC_UNREADABLE:
		break;
	}
	if (s->rec_type == CT_APPLICATION_DATA)
		d->conn->app_data_bytes[dir] += s->rbuf_len;
	return false;
}

static void record_end(tls_decoder *d, int si, int64_t ts)
{
	side *s = &d->s[si];
	tv_conn *c = d->conn;
	tv_dir dir = side_dir(d, si);
	bool enc = record_encrypted(d, si);

	if (s->collecting && record_decrypt(d, si, ts))
		goto next;
	switch (s->rec_type) {
	case CT_HANDSHAKE:
		if (enc)
			c->encrypted_hs_records[dir]++;
		break;
	case CT_ALERT:
		if (enc)
			s->encrypted_alerts++;
		else if (s->small_have == 2)
			alert_done(d, si, ts);
		else
			tv_conn_note(c, "%s alert record %u has %zu bytes "
					"instead of 2",
				     tv_dir_name(dir), s->rec_index,
				     s->small_have);
		break;
	case CT_CHANGE_CIPHER_SPEC:
		ccs_done(d, si);
		break;
	case CT_APPLICATION_DATA:
		/* In TLS 1.3 the encrypted handshake travels as application
		 * data; count records sent before this side's Finished could
		 * have been seen (the first records of each side). */
		if (is_tls13(d) && !s->encrypted) {
			c->encrypted_hs_records[dir]++;
			/* the client's first record is its Finished; the server's
			 * flight ends when the client answers */
			if (dir == TV_DIR_CLIENT) {
				s->encrypted = true;
				d->s[1 - si].encrypted = true;
			}
		}
		break;
	case CT_HEARTBEAT:
		s->heartbeats++;
		break;
	default:
		break;
	}
next:
	s->rec_index++;
	c->records[dir]++;
	s->state = S_HEADER;
	s->hdr_have = 0;
}

/* ---- record headers and resynchronisation ----------------------------- */

static bool plausible_header(const uint8_t h[5], bool first)
{
	size_t len = ((size_t)h[3] << 8) | h[4];

	if (h[0] < CT_CHANGE_CIPHER_SPEC || h[0] > CT_TLS12_CID)
		return false;
	if (h[1] != 3 || h[2] > 4)
		return false;
	if (len == 0 && h[0] != CT_APPLICATION_DATA)
		return false;
	if (first && h[0] != CT_HANDSHAKE && h[0] != CT_ALERT)
		return false;
	return len <= REC_HANDSHAKE_MAX;
}

/* Is this the start of an SSLv2-format ClientHello? */
static bool sslv2_hello_start(const uint8_t *p, size_t n)
{
	size_t len;

	if (n < 5 || !(p[0] & 0x80))
		return false;
	len = ((size_t)(p[0] & 0x7f) << 8) | p[1];
	return p[2] == 1 && (p[3] == 0 || p[3] == 3) && p[4] <= 4 && len >= 9;
}

static void start_record(tls_decoder *d, int si)
{
	side *s = &d->s[si];

	s->rec_type = s->hdr[0];
	s->rec_left = ((size_t)s->hdr[3] << 8) | s->hdr[4];
	s->rec_start = s->offset;
	s->small_have = 0;
	s->state = S_BODY;
	s->synced_once = true;
	s->collecting = d->dx && tls_decrypt_wants(d->dx, side_dir(d, si),
						   s->rec_type);
	s->rbuf_len = 0;
	if (s->collecting && !s->rbuf)
		s->rbuf = tv_xmalloc(REC_HANDSHAKE_MAX);
}

/* Append bytes to the search window without scanning (at most its size). */
static void window_append(side *s, const uint8_t *p, size_t n)
{
	if (!s->win)
		s->win = tv_xmalloc(SEARCH_WINDOW);
	if (n > SEARCH_WINDOW - s->win_len)
		n = SEARCH_WINDOW - s->win_len;
	memcpy(s->win + s->win_len, p, n);
	s->win_len += n;
}

/*
 * Look for a record boundary in the search window: a plausible header
 * whose record ends exactly at the end of the window or is followed by
 * another plausible header.  All of (p, n) is consumed.  When a boundary
 * is found, returns a new buffer (*out, *outlen: the window from the
 * boundary, then the input not yet windowed) that the caller feeds through
 * the record layer; this is a loop in the caller, never a recursion, so
 * hostile input cannot deepen the stack.
 */
static bool search_feed(tls_decoder *d, int si, const uint8_t *p, size_t n,
			uint8_t **out, size_t *outlen)
{
	side *s = &d->s[si];

	do {
		size_t k = SEARCH_WINDOW - (s->win ? s->win_len : 0);

		if (k > n)
			k = n;
		window_append(s, p, k);
		p += k;
		n -= k;
		for (size_t i = s->scan_from; i + 5 <= s->win_len; i++) {
			const uint8_t *h = s->win + i;
			size_t len = ((size_t)h[3] << 8) | h[4];
			size_t next = i + 5 + len;
			bool ruled_out = !plausible_header(h, false) ||
					 (next + 5 <= s->win_len &&
					  !plausible_header(s->win + next, false));

			if (ruled_out) {
				/* never a boundary, whatever bytes follow */
				if (i == s->scan_from)
					s->scan_from++;
				continue;
			}
			if (next + 5 > s->win_len && next != s->win_len)
				continue; /* undecided until more bytes come */
			/* found: hand back the window from the boundary on */
			size_t wl = s->win_len - i;
			uint8_t *buf = tv_xmalloc(wl + n);

			memcpy(buf, s->win + i, wl);
			if (n)
				memcpy(buf + wl, p, n);
			if (s->synced_once || s->offset + i > 0)
				tv_conn_note(d->conn,
					     "%s stream: skipped %zu bytes to the "
					     "next TLS record boundary",
					     tv_dir_name(side_dir(d, si)), i);
			s->win_len = 0;
			s->scan_from = 0;
			s->searched += i;
			s->offset += i;
			s->state = S_HEADER;
			s->hdr_have = 0;
			s->synced_once = true;
			*out = buf;
			*outlen = wl + n;
			return true;
		}
		/* keep the last bytes: a header may straddle the window edge;
		 * drop the rest once the window is full */
		if (s->win_len == SEARCH_WINDOW) {
			size_t keep = REC_HANDSHAKE_MAX + 10;
			size_t drop = s->win_len - keep;

			memmove(s->win, s->win + drop, keep);
			s->win_len = keep;
			s->scan_from = s->scan_from > drop ? s->scan_from - drop : 0;
			s->searched += drop;
			s->offset += drop;
		}
	} while (n);
	if (s->searched + s->win_len > SEARCH_GIVE_UP &&
	    d->detect == TLS_DETECT_UNKNOWN)
		d->detect = TLS_DETECT_NO;
	return false;
}

static void sslv2_feed(tls_decoder *d, int si, const uint8_t **pp, size_t *pn,
		       int64_t ts)
{
	side *s = &d->s[si];
	size_t k = s->v2_need - s->v2_len;
	tv_conn *c = d->conn;

	if (k > *pn)
		k = *pn;
	memcpy(s->v2 + s->v2_len, *pp, k);
	s->v2_len += k;
	*pp += k;
	*pn -= k;
	s->offset += k;
	if (s->v2_len < s->v2_need)
		return;
	tv_msg *m = tv_arena_alloc(&c->arena, sizeof *m);
	m->dir = TV_DIR_CLIENT;
	m->type_id = 1;
	m->length = (uint32_t)(s->v2_len - 2);
	m->time_us = ts;
	m->raw = tv_arena_memdup(&c->arena, s->v2, s->v2_len);
	m->raw_len = s->v2_len;
	decide_direction(d, si, true);
	tls_sslv2_client_hello_decode(c, m);
	tv_conn_add_msg(c, m);
	if (d->dx)
		tls_decrypt_message(d->dx, m);
	d->detect = TLS_DETECT_YES;
	free(s->v2);
	s->v2 = NULL;
	s->rec_index++;
	c->records[side_dir(d, si)]++;
	s->state = S_HEADER;
	s->hdr_have = 0;
}

/* Leave the record layer: what follows is searched for a boundary. */
static void start_search(side *s, const uint8_t *p, size_t n)
{
	s->state = S_SEARCH;
	s->hdr_have = 0;
	window_append(s, p, n);
}

static void side_feed(tls_decoder *d, int si, const uint8_t *p, size_t n,
		      int64_t ts)
{
	side *s = &d->s[si];
	uint8_t *owned = NULL; /* bytes handed back by a search */

	while (n && d->detect != TLS_DETECT_NO) {
		switch (s->state) {
		case S_SEARCH: {
			uint8_t *buf;
			size_t len;

			if (!search_feed(d, si, p, n, &buf, &len)) {
				n = 0;
				break;
			}
			free(owned);
			owned = buf;
			p = buf;
			n = len;
			break;
		}
		case S_SSLV2:
			sslv2_feed(d, si, &p, &n, ts);
			break;
		case S_HEADER: {
			size_t k = 5 - s->hdr_have;

			if (k > n)
				k = n;
			memcpy(s->hdr + s->hdr_have, p, k);
			s->hdr_have += k;
			p += k;
			n -= k;
			/* An impossible first byte needs no more bytes to be
			 * judged; otherwise wait for the whole header. */
			if (s->hdr_have < 5 && s->hdr[0] >= CT_CHANGE_CIPHER_SPEC &&
			    s->hdr[0] <= CT_TLS12_CID) {
				s->offset += k;
				break;
			}
			if (s->hdr_have < 5) {
				start_search(s, s->hdr, s->hdr_have);
				break;
			}
			if (!s->started && sslv2_hello_start(s->hdr, 5)) {
				s->started = true;
				s->v2_need = 2 + (((size_t)(s->hdr[0] & 0x7f) << 8) |
						  s->hdr[1]);
				s->v2 = tv_xmalloc(s->v2_need);
				memcpy(s->v2, s->hdr, 5);
				s->v2_len = 5;
				s->offset += k;
				s->state = S_SSLV2;
				break;
			}
			if (!plausible_header(s->hdr, !s->synced_once && s->offset < 5)) {
				if (s->synced_once)
					tv_conn_note(d->conn,
						     "%s stream: invalid record header "
						     "at offset %llu (type %u, version "
						     "0x%02x%02x, length %u); looking "
						     "for the next record",
						     tv_dir_name(side_dir(d, si)),
						     (unsigned long long)(s->offset + k - 5),
						     s->hdr[0], s->hdr[1], s->hdr[2],
						     ((unsigned)s->hdr[3] << 8) | s->hdr[4]);
				/* the window starts at the header's first byte */
				s->offset += k;
				s->offset -= 5;
				start_search(s, s->hdr, 5);
				break;
			}
			s->started = true;
			s->offset += k;
			start_record(d, si);
			if (s->rec_left == 0)
				record_end(d, si, ts);
			break;
		}
		case S_BODY: {
			size_t k = s->rec_left < n ? s->rec_left : n;

			body_feed(d, si, p, k, ts);
			s->rec_left -= k;
			s->offset += k;
			p += k;
			n -= k;
			if (s->rec_left == 0)
				record_end(d, si, ts);
			break;
		}
		}
	}
	free(owned);
}

void tls_decoder_feed(tls_decoder *d, int side_idx, const uint8_t *p,
		      size_t n, int64_t ts_us)
{
	side *s;

	if (d->finished || d->detect == TLS_DETECT_NO || side_idx < 0 ||
	    side_idx > 1 || n == 0)
		return;
	s = &d->s[side_idx];
	s->last_ts = ts_us;
	d->conn->bytes[side_dir(d, side_idx)] += n;
	if (ts_us > d->conn->end_us)
		d->conn->end_us = ts_us;
	side_feed(d, side_idx, p, n, ts_us);
}

void tls_decoder_gap(tls_decoder *d, int side_idx, uint64_t nbytes,
		     int64_t ts_us)
{
	side *s;
	tv_dir dir;
	bool inside;

	if (d->finished || side_idx < 0 || side_idx > 1 || nbytes == 0)
		return;
	s = &d->s[side_idx];
	dir = side_dir(d, side_idx);
	inside = s->state == S_BODY && s->rec_type == CT_APPLICATION_DATA &&
		 nbytes <= s->rec_left;
	if (d->dx && s->collecting) { /* this record cannot be decrypted */
		s->collecting = false;
		if (s->rec_type == CT_APPLICATION_DATA)
			d->conn->app_data_bytes[dir] += s->rbuf_len;
		tls_decrypt_lost(d->dx, dir, inside);
	} else if (d->dx && !inside) {
		tls_decrypt_lost(d->dx, dir, false);
	}
	/* A gap inside application data costs nothing: skip it. */
	if (inside) {
		d->conn->app_data_bytes[dir] += nbytes;
		s->rec_left -= nbytes;
		s->offset += nbytes;
		if (s->rec_left == 0)
			record_end(d, side_idx, ts_us);
		return;
	}
	tv_conn_note(d->conn,
		     "%llu bytes of the %s stream are missing from the capture "
		     "at offset %llu",
		     (unsigned long long)nbytes, tv_dir_name(dir),
		     (unsigned long long)s->offset);
	if (s->hs_len || s->hs_skip)
		tv_conn_note(d->conn,
			     "a %s handshake message was lost in that gap",
			     tv_dir_name(dir));
	s->hs_len = 0;
	s->hs_skip = 0;
	free(s->v2);
	s->v2 = NULL;
	s->offset += nbytes;
	s->hs_off += nbytes;
	s->hdr_have = 0;
	s->state = S_SEARCH;
	s->synced_once = true;
	s->win_len = 0;
	s->scan_from = 0;
}

void tls_decoder_close(tls_decoder *d, int side_idx, int64_t ts_us)
{
	if (side_idx >= 0 && side_idx <= 1)
		d->s[side_idx].closed = true;
	if (ts_us > d->conn->end_us)
		d->conn->end_us = ts_us;
}

static bool has_msg(const tv_conn *c, tv_dir dir, const char *type)
{
	for (const tv_msg *m = c->msgs; m; m = m->next)
		if (m->dir == dir && strcmp(m->type, type) == 0)
			return true;
	return false;
}

static void compute_resumed(tls_decoder *d)
{
	tv_conn *c = d->conn;
	const tv_hello_info *ch = &c->ch, *sh = &c->sh;

	if (!sh->seen)
		return;
	if (is_tls13(d)) {
		c->resumed = sh->has_psk;
		return;
	}
	if (ch->session_id.n && ch->session_id.n == sh->session_id.n &&
	    memcmp(ch->session_id.p, sh->session_id.p, ch->session_id.n) == 0) {
		c->resumed = true;
		return;
	}
	/* ticket resumption: no Certificate / ServerHelloDone, straight to
	 * ChangeCipherSpec */
	if (!has_msg(c, TV_DIR_SERVER, "server_hello_done") &&
	    !has_msg(c, TV_DIR_SERVER, "certificate") &&
	    d->s[1 - d->client_side].ccs_seen)
		c->resumed = true;
}

static void finish_side_notes(tls_decoder *d, int si, const char *why)
{
	side *s = &d->s[si];
	tv_conn *c = d->conn;
	tv_dir dir = side_dir(d, si);

	if (s->hs_len) {
		if (s->hs_len >= 4) {
			uint32_t body = ((uint32_t)s->hs[1] << 16) |
					((uint32_t)s->hs[2] << 8) | s->hs[3];
			const char *name = tls_handshake_type_name(s->hs[0]);

			tv_conn_note(c, "%s %s incomplete: %zu of %u bytes when %s",
				     tv_dir_name(dir),
				     name ? name : "handshake message",
				     s->hs_len - 4, body, why);
		} else {
			tv_conn_note(c, "%s handshake message header incomplete when %s",
				     tv_dir_name(dir), why);
		}
	}
	if (s->state == S_BODY && s->rec_type != CT_APPLICATION_DATA &&
	    s->rec_left)
		tv_conn_note(c, "%s record incomplete: %zu bytes missing when %s",
			     tv_dir_name(dir), s->rec_left, why);
	if (s->state == S_SSLV2)
		tv_conn_note(c, "SSLv2 ClientHello incomplete when %s", why);
	if (s->encrypted_alerts)
		tv_conn_note(c, "%s sent %llu encrypted alert%s (no keys to read them)",
			     tv_dir_name(dir),
			     (unsigned long long)s->encrypted_alerts,
			     s->encrypted_alerts == 1 ? "" : "s");
	if (s->heartbeats)
		tv_conn_note(c, "%s sent %llu heartbeat record%s",
			     tv_dir_name(dir), (unsigned long long)s->heartbeats,
			     s->heartbeats == 1 ? "" : "s");
}

void tls_decoder_finish(tls_decoder *d, const char *why)
{
	tv_conn *c = d->conn;

	if (d->finished)
		return;
	d->finished = true;
	if (!why)
		why = "the connection ended";
	for (int i = 0; i < 2; i++)
		finish_side_notes(d, i, why);
	if (d->detect == TLS_DETECT_UNKNOWN &&
	    (d->s[0].synced_once || d->s[1].synced_once) &&
	    (c->records[0] + c->records[1]) >= 2)
		d->detect = TLS_DETECT_YES;
	if (!c->ch.seen && d->detect == TLS_DETECT_YES)
		tv_conn_note(c, "no ClientHello in the capture: it started "
				"after the handshake began");
	uint64_t enc = c->encrypted_hs_records[0] + c->encrypted_hs_records[1];
	if (d->dx)
		tls_decrypt_finish(d->dx);
	if (d->dx && tls_decrypt_has_secrets(d->dx) && enc)
		tv_conn_note(c, "%llu encrypted handshake record%s could not be "
				"decrypted",
			     (unsigned long long)enc, enc == 1 ? "" : "s");
	else if (is_tls13(d) && enc)
		tv_conn_note(c, "TLS 1.3: the handshake after ServerHello is "
				"encrypted (%llu records skipped); give a key log "
				"(--keylog) to see EncryptedExtensions, "
				"Certificate, CertificateVerify and Finished",
			     (unsigned long long)enc);
	else if (enc)
		tv_conn_note(c, "%llu encrypted handshake record%s (Finished) "
				"not decoded: no keys (--keylog)",
			     (unsigned long long)enc, enc == 1 ? "" : "s");
	compute_resumed(d);
	tls_fingerprints_compute(c);
	side_release(&d->s[0]);
	side_release(&d->s[1]);
	tls_decrypt_free(d->dx);
	d->dx = NULL;
}
