/*
 * The decryption state of one connection (see decrypt.h).
 *
 * TLS 1.3 (RFC 8446 7): the key log gives each direction's traffic
 * secrets; the server reads with its handshake keys from its
 * ServerHello on and switches to application keys after its Finished,
 * the client likewise after its own Finished; a KeyUpdate ratchets the
 * sender's secret.  A client that offered 0-RTT may send early data
 * (CLIENT_EARLY_TRAFFIC_SECRET) before its handshake records: its
 * records are tried with the early keys, then with the handshake keys,
 * and a record neither reads (early data the server rejected, or no
 * early secret) is skipped until one does.
 *
 * TLS 1.0-1.2: the master secret (key log CLIENT_RANDOM, or the
 * pre-master secret an RSA key decrypts) gives the key block; each
 * direction switches at its ChangeCipherSpec, and a renegotiation's
 * hellos start the next handshake whose keys apply at the next one.
 */
#include "tls/decrypt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/crypto.h"
#include "tls/handshake.h"
#include "util/cursor.h"

#define MAX_FAILS_IN_A_ROW 8  /* then the keys are surely wrong: stop */
#define SEQ_SEARCH	   64 /* sequence numbers tried after a gap */

enum {
	CT_CCS = 20,
	CT_APPLICATION_DATA = 23,
	EXT_ETM = 22,
	EXT_EMS = 23,
	EXT_EARLY_DATA = 42,
};

typedef enum { EP_NONE, EP_EARLY, EP_HANDSHAKE, EP_APP, EP_TLS12 } epoch;
typedef enum { SRC_KEYLOG, SRC_RSA } secret_src;

typedef struct dkeys {
	tls_rec_cipher rc; /* the keys of the direction's next record */
	uint64_t seq;
	epoch ep;
	secret_src src;
	uint8_t secret[TV_SECRET_MAX]; /* TLS 1.3 traffic secret */
	size_t slen;
	/* TLS 1.3 client that offered 0-RTT */
	bool early_guess;  /* early secret known, the suite not yet */
	tls_rec_cipher hs; /* handshake keys, waiting behind early data */
	bool hs_waiting;
	bool skip_until_ok; /* records that fail are rejected early data */
	/* after a gap */
	bool seq_unknown;
	bool broken; /* chained state lost: nothing more can be read */
	bool gave_up;
	/* a secret the key log lacks: said when a record needs it */
	bool missing;
	tv_secret_kind missing_kind;
	const char *missing_what;
	unsigned fails_in_row;
	uint64_t decrypted, failed, skipped_early;
} dkeys;

struct tls_decrypt {
	tv_conn *conn;
	const tv_keylog *kl;
	const tv_rsa_keys *rsa;
	int version; /* 0x0300..0x0304 from the first ServerHello, else 0 */
	/* the handshake in progress */
	uint8_t cr[32], sr[32];
	bool have_cr, sh_since_ch;
	bool ch_ems, ch_etm, early_offered;
	bool ems, etm;
	const tv_msg *hs_first; /* its ClientHello */
	tls_suite_params params;
	bool params_ok;
	uint8_t master[TLS_MASTER_LEN];
	bool have_master, master_noted;
	bool rsa_tried; /* this handshake's ClientKeyExchange met an RSA key */
	secret_src master_src;
	uint8_t early_secret[TV_SECRET_MAX];
	size_t early_len;
	dkeys d[2];
	uint8_t *out; /* one record's plaintext */
};

tls_decrypt *tls_decrypt_new(tv_conn *conn, const tv_keylog *kl,
			     const tv_rsa_keys *rsa)
{
	tls_decrypt *x = tv_xcalloc(1, sizeof *x);

	x->conn = conn;
	x->kl = kl;
	x->rsa = rsa;
	return x;
}

static void dkeys_clear(dkeys *k)
{
	tls_rec_cipher_clear(&k->rc);
	tls_rec_cipher_clear(&k->hs);
	memset(k->secret, 0, sizeof k->secret);
}

void tls_decrypt_free(tls_decrypt *x)
{
	if (!x)
		return;
	dkeys_clear(&x->d[0]);
	dkeys_clear(&x->d[1]);
	memset(x->master, 0, sizeof x->master);
	memset(x->early_secret, 0, sizeof x->early_secret);
	free(x->out);
	free(x);
}

bool tls_decrypt_has_secrets(const tls_decrypt *x)
{
	return (x->kl && tv_keylog_count(x->kl) > 0) ||
	       tv_rsa_keys_count(x->rsa) > 0;
}

/* ---- secrets ------------------------------------------------------------- */

static const char *cr_hex(const tls_decrypt *x, char buf[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(buf + 2 * i, 3, "%02x", x->cr[i]);
	return buf;
}

static bool secret_get(const tls_decrypt *x, tv_secret_kind kind,
		       const uint8_t **s, size_t *len)
{
	return x->kl && x->have_cr && tv_keylog_get(x->kl, x->cr, kind, s, len);
}

static bool any_secret(const tls_decrypt *x)
{
	const uint8_t *s;
	size_t len;

	for (int k = 0; k < TV_SECRET_KINDS; k++)
		if (secret_get(x, (tv_secret_kind)k, &s, &len))
			return true;
	return false;
}

/* Say that kind is missing: the whole entry, or this one secret. */
static void note_missing(tls_decrypt *x, tv_secret_kind kind,
			 const char *what_stays)
{
	char hex[65];

	if (!tls_decrypt_has_secrets(x))
		return;
	if (!any_secret(x))
		tv_conn_note(x->conn, "no key log entry for client random %s",
			     cr_hex(x, hex));
	else
		tv_conn_note(x->conn,
			     "the key log has no %s for client random "
			     "%s: %s stays encrypted",
			     tv_secret_kind_name(kind), cr_hex(x, hex),
			     what_stays);
}

/* ---- TLS 1.3 keys -------------------------------------------------------- */

static bool keys13(const tls_suite_params *p, const uint8_t *secret,
		   size_t slen, tls_rec_cipher *rc)
{
	uint8_t key[TLS_MAX_KEY], iv[TLS_MAX_IV];
	bool ok;

	ok = tls13_traffic_keys(p, secret, slen, key, iv) &&
	     tls_rec_cipher_init(rc, p, 0x0304, false, key, iv, NULL);
	memset(key, 0, sizeof key);
	return ok;
}

/* The secret's length must be the suite's hash length. */
static bool secret_fits(tls_decrypt *x, tv_secret_kind kind, size_t len)
{
	size_t want = gnutls_hmac_get_len(x->params.prf);
	char hex[65];

	if (len == want)
		return true;
	tv_conn_note(x->conn,
		     "the key log's %s for client random %s is %zu "
		     "bytes, but %s needs %zu: it cannot be this "
		     "connection's",
		     tv_secret_kind_name(kind), cr_hex(x, hex), len,
		     x->params.name, want);
	return false;
}

/* Load a traffic secret into rc; false when it is missing (said when
 * a record needs it: a connection may end before one does). */
static bool load13(tls_decrypt *x, tv_secret_kind kind, dkeys *k,
		   tls_rec_cipher *rc, const char *what_stays)
{
	const uint8_t *s;
	size_t len;

	if (!x->params_ok)
		return false;
	if (!secret_get(x, kind, &s, &len)) {
		k->missing = true;
		k->missing_kind = kind;
		k->missing_what = what_stays;
		return false;
	}
	if (!secret_fits(x, kind, len))
		return false;
	if (!keys13(&x->params, s, len, rc)) {
		tv_conn_note(x->conn, "GnuTLS could not set up %s keys",
			     x->params.name);
		return false;
	}
	memcpy(k->secret, s, len);
	k->slen = len;
	return true;
}

/* Switch a direction to the keys of a traffic secret. */
static void switch13(tls_decrypt *x, tv_dir dir, tv_secret_kind kind, epoch ep,
		     const char *what_stays)
{
	dkeys *k = &x->d[dir];

	tls_rec_cipher_clear(&k->rc);
	k->ep = EP_NONE;
	k->seq = 0;
	k->fails_in_row = 0;
	k->seq_unknown = false;
	k->missing = false;
	if (load13(x, kind, k, &k->rc, what_stays))
		k->ep = ep;
}

static void start_tls13(tls_decrypt *x)
{
	dkeys *c = &x->d[TV_DIR_CLIENT];

	switch13(x, TV_DIR_SERVER, TV_SECRET_SERVER_HS, EP_HANDSHAKE,
		 "the server's handshake (EncryptedExtensions, Certificate, "
		 "CertificateVerify, Finished)");
	if (c->early_guess && x->params_ok &&
	    gnutls_hmac_get_len(x->params.prf) == x->early_len &&
	    keys13(&x->params, x->early_secret, x->early_len, &c->rc)) {
		c->early_guess = false;
		c->ep = EP_EARLY;
	}
	if (c->ep == EP_EARLY) { /* early data may still come first */
		c->hs_waiting = load13(x, TV_SECRET_CLIENT_HS, c, &c->hs,
				       "the client's handshake");
		return;
	}
	c->early_guess = false;
	switch13(x, TV_DIR_CLIENT, TV_SECRET_CLIENT_HS, EP_HANDSHAKE,
		 "the client's handshake (Finished)");
	c->skip_until_ok = x->early_offered;
}

/* The client's 0-RTT records: the early keys or the handshake keys. */
static void client_to_handshake(dkeys *c)
{
	tls_rec_cipher_clear(&c->rc);
	c->rc = c->hs;
	memset(&c->hs, 0, sizeof c->hs);
	c->hs_waiting = false;
	c->ep = EP_HANDSHAKE;
	c->seq = 0;
}

/* ---- handshake messages -------------------------------------------------- */

typedef struct hello {
	const uint8_t *random;
	uint16_t suite;
	bool ems, etm, early_data;
} hello;

static void hello_extensions(tv_cur *c, hello *h)
{
	tv_cur exts;

	if (!cur_ok(c) || !cur_left(c))
		return; /* SSL 3.0 style: no extensions */
	exts = cur_vec16(c, "extensions");
	while (cur_ok(&exts) && cur_left(&exts)) {
		uint16_t t = cur_u16(&exts, "extension type");

		cur_vec16(&exts, "extension_data");
		h->ems |= t == EXT_EMS;
		h->etm |= t == EXT_ETM;
		h->early_data |= t == EXT_EARLY_DATA;
	}
}

/* The parts of a hello that decryption needs, read again through the
 * cursor (the decoded fields are for people; this is for keys). */
static bool hello_read(const tv_msg *m, bool server, hello *h)
{
	tv_cur_err err;
	tv_cur c;

	memset(h, 0, sizeof *h);
	if (!m->raw || m->raw_len < 4 || m->raw_cut)
		return false;
	cur_init(&c, m->raw + 4, m->raw_len - 4, 4, &err);
	cur_u16(&c, "legacy_version");
	h->random = cur_bytes(&c, 32, "random");
	cur_vec8(&c, "session_id");
	if (server) {
		h->suite = cur_u16(&c, "cipher_suite");
		cur_u8(&c, "compression_method");
	} else {
		cur_vec16(&c, "cipher_suites");
		cur_vec8(&c, "compression_methods");
	}
	hello_extensions(&c, h);
	return cur_ok(&c) && h->random;
}

/* RFC 5246 E.2: an SSLv2 CLIENT-HELLO's challenge, right-aligned, is
 * the client random. */
static bool sslv2_random(const tv_msg *m, uint8_t cr[32])
{
	tv_cur_err err;
	tv_cur c;
	size_t specs, sid, chal;
	const uint8_t *p;

	if (!m->raw || m->raw_len < 2)
		return false;
	cur_init(&c, m->raw + 2, m->raw_len - 2, 2, &err);
	cur_u8(&c, "msg_type");
	cur_u16(&c, "version");
	specs = cur_u16(&c, "cipher_spec_length");
	sid = cur_u16(&c, "session_id_length");
	chal = cur_u16(&c, "challenge_length");
	cur_skip(&c, specs + sid, "cipher_specs");
	p = cur_bytes(&c, chal, "challenge");
	if (!cur_ok(&c) || chal < 16 || chal > 32)
		return false;
	memset(cr, 0, 32);
	memcpy(cr + 32 - chal, p, chal);
	return true;
}

static void early_setup(tls_decrypt *x)
{
	dkeys *c = &x->d[TV_DIR_CLIENT];
	const uint8_t *s;
	size_t len;

	if (!secret_get(x, TV_SECRET_CLIENT_EARLY, &s, &len))
		return;
	memcpy(x->early_secret, s, len);
	x->early_len = len;
	c->early_guess = true;
}

static void on_client_hello(tls_decrypt *x, const tv_msg *m)
{
	hello h;
	bool v2 = m->raw && m->raw_len && (m->raw[0] & 0x80);

	/* a ClientHello answering a HelloRetryRequest keeps the random */
	if (x->have_cr && !x->sh_since_ch)
		return;
	if (v2 ? !sslv2_random(m, x->cr) : !hello_read(m, false, &h))
		return;
	if (!v2)
		memcpy(x->cr, h.random, 32);
	x->have_cr = true;
	x->sh_since_ch = false;
	x->ch_ems = !v2 && h.ems;
	x->ch_etm = !v2 && h.etm;
	x->hs_first = m;
	x->have_master = x->master_noted = x->rsa_tried = false;
	if (!x->version && !v2 && h.early_data) { /* the first hello only */
		x->early_offered = true;
		early_setup(x);
	}
}

static int negotiated_version(const tv_conn *c)
{
	return c->version >= 0x0300 && c->version <= 0x0304 ? c->version : 0;
}

static void on_server_hello(tls_decrypt *x, const tv_msg *m)
{
	char why[192];
	const char *w;
	hello h;

	if (!hello_read(m, true, &h) || !memcmp(h.random, tls_hrr_random, 32))
		return;
	if (!x->version)
		x->version = negotiated_version(x->conn);
	if (!x->version) {
		if (tls_decrypt_has_secrets(x))
			tv_conn_note(x->conn,
				     "version 0x%04x is not one "
				     "tlsview decrypts",
				     x->conn->version);
		return;
	}
	memcpy(x->sr, h.random, 32);
	x->sh_since_ch = true;
	x->ems = x->ch_ems && h.ems;
	x->etm = x->ch_etm && h.etm;
	x->params_ok =
	    tls_suite_params_get(h.suite, &x->params, why, sizeof why, &w);
	if (!x->params_ok && tls_decrypt_has_secrets(x))
		tv_conn_note(x->conn, "%s", w);
	if (x->params_ok && x->params.tls13 != (x->version == 0x0304)) {
		x->params_ok = false;
		tv_conn_note(x->conn,
			     "the ServerHello chose %s, a suite not "
			     "of its version: its records are not decrypted",
			     x->params.name);
	}
	if (x->version == 0x0304 && x->have_cr)
		start_tls13(x);
}

/* RFC 7627 4: the hash of this handshake's messages up to and
 * including the ClientKeyExchange. */
static bool session_hash(tls_decrypt *x, const tv_msg *upto,
			 uint8_t out[TLS_MAX_HASH], size_t *len)
{
	tls_session_hash sh;

	if (!x->hs_first || !tls_session_hash_init(&sh, &x->params, x->version))
		return false;
	for (const tv_msg *m = x->hs_first; m; m = m->next) {
		if (!m->raw || m->raw_cut) {
			tls_session_hash_done(&sh, NULL, NULL);
			return false;
		}
		if (m->type_id != 0) /* HelloRequest is never hashed */
			tls_session_hash_add(&sh, m->raw, m->raw_len);
		if (m == upto)
			break;
	}
	tls_session_hash_done(&sh, out, len);
	return true;
}

static bool rsa_master(tls_decrypt *x, const tv_msg *m, const uint8_t pms[48])
{
	uint8_t sh[TLS_MAX_HASH];
	size_t shlen = 0;

	if (x->ems && !session_hash(x, m, sh, &shlen)) {
		tv_conn_note(x->conn,
			     "the extended master secret needs every "
			     "handshake message whole: a message was cut "
			     "or is missing, the RSA key cannot be used");
		return false;
	}
	return tls_master_secret(&x->params, x->version, pms, 48, x->cr, x->sr,
				 x->ems ? sh : NULL, shlen, x->master);
}

static void on_client_key_exchange(tls_decrypt *x, const tv_msg *m)
{
	const tv_certlist *certs = &x->conn->certs;
	const uint8_t *s, *enc;
	size_t len, n;
	uint8_t pms[48];
	tv_cur_err err;
	tv_cur c, v;

	if (!tv_rsa_keys_count(x->rsa) || !x->params_ok || !x->params.rsa_kx ||
	    x->version == 0x0304 || x->have_master || m->raw_len < 4 ||
	    secret_get(x, TV_SECRET_MASTER, &s, &len))
		return;
	cur_init(&c, m->raw + 4, m->raw_len - 4, 4, &err);
	if (x->version == 0x0300) { /* SSL 3.0: no length prefix */
		v = cur_rest(&c);
	} else {
		v = cur_vec16(&c, "encrypted_pre_master_secret");
	}
	n = cur_left(&v);
	enc = cur_bytes(&v, n, "encrypted_pre_master_secret");
	if (!cur_ok(&c) || !enc)
		return;
	x->rsa_tried = true;
	switch (tv_rsa_keys_decrypt_pms(
	    x->rsa, certs->n ? certs->v[0].der : NULL,
	    certs->n ? certs->v[0].der_len : 0, enc, n, pms)) {
	case TV_RSA_OK:
		x->have_master = rsa_master(x, m, pms);
		x->master_src = SRC_RSA;
		break;
	case TV_RSA_NO_KEY:
		tv_conn_note(x->conn,
			     "no --rsa-key matches the server's "
			     "certificate (%s): the pre-master secret stays "
			     "encrypted",
			     certs->v[0].subject ? certs->v[0].subject : "?");
		break;
	case TV_RSA_FAILED:
		tv_conn_note(x->conn,
			     "the ClientKeyExchange does not decrypt "
			     "with the --rsa-key%s: is it this server's key?",
			     certs->n ? " matching the server's certificate"
				      : "s given");
		break;
	}
	memset(pms, 0, sizeof pms);
}

static void on_finished(tls_decrypt *x, const tv_msg *m)
{
	bool client = m->dir == TV_DIR_CLIENT;

	if (x->version != 0x0304 || x->d[m->dir].ep != EP_HANDSHAKE)
		return;
	switch13(x, m->dir,
		 client ? TV_SECRET_CLIENT_AP0 : TV_SECRET_SERVER_AP0, EP_APP,
		 client ? "what the client sends after its Finished"
			: "what the server sends after its Finished");
}

static void on_end_of_early_data(tls_decrypt *x, const tv_msg *m)
{
	dkeys *c = &x->d[TV_DIR_CLIENT];

	if (m->dir == TV_DIR_CLIENT && c->ep == EP_EARLY && c->hs_waiting)
		client_to_handshake(c);
}

/* RFC 8446 7.2: the sender's next records use the next secret. */
static void on_key_update(tls_decrypt *x, const tv_msg *m)
{
	dkeys *k = &x->d[m->dir];

	if (x->version != 0x0304 || k->ep != EP_APP)
		return;
	tls_rec_cipher_clear(&k->rc);
	k->seq = 0;
	if (tls13_next_secret(x->params.prf, k->secret, k->slen) &&
	    keys13(&x->params, k->secret, k->slen, &k->rc))
		return;
	k->ep = EP_NONE;
	tv_conn_note(x->conn,
		     "the %s's KeyUpdate could not be followed: its "
		     "next records stay encrypted",
		     tv_dir_name(m->dir));
}

static const struct {
	uint8_t type;
	void (*fn)(tls_decrypt *x, const tv_msg *m);
} msg_handlers[] = {
    {1, on_client_hello},      {2, on_server_hello},
    {5, on_end_of_early_data}, {16, on_client_key_exchange},
    {20, on_finished},	       {24, on_key_update},
};

void tls_decrypt_message(tls_decrypt *x, const tv_msg *m)
{
	for (size_t i = 0; i < sizeof msg_handlers / sizeof msg_handlers[0];
	     i++)
		if (msg_handlers[i].type == m->type_id)
			msg_handlers[i].fn(x, m);
}

/* ---- TLS <= 1.2: ChangeCipherSpec ---------------------------------------- */

static bool master_get(tls_decrypt *x)
{
	const uint8_t *s;
	size_t len;
	char hex[65];

	if (x->have_master)
		return true;
	if (secret_get(x, TV_SECRET_MASTER, &s, &len)) {
		if (len == TLS_MASTER_LEN) {
			memcpy(x->master, s, len);
			x->master_src = SRC_KEYLOG;
			return x->have_master = true;
		}
		tv_conn_note(x->conn,
			     "the key log's master secret for client "
			     "random %s is %zu bytes instead of 48",
			     cr_hex(x, hex), len);
		return false;
	}
	if (x->master_noted || !tls_decrypt_has_secrets(x))
		return false;
	x->master_noted = true;
	if (tv_rsa_keys_count(x->rsa) && !x->params.rsa_kx)
		tv_conn_note(x->conn,
			     "no key log entry for client random %s, "
			     "and %s is not static RSA key exchange, which "
			     "an --rsa-key cannot decrypt",
			     cr_hex(x, hex), x->params.name);
	else if (tv_rsa_keys_count(x->rsa) && !x->rsa_tried)
		tv_conn_note(x->conn,
			     "no key log entry for client random %s, and no "
			     "ClientKeyExchange for the --rsa-key to decrypt "
			     "(a resumed session's master secret comes from an "
			     "earlier connection: only a key log has it)",
			     cr_hex(x, hex));
	else if (!tv_rsa_keys_count(x->rsa))
		tv_conn_note(x->conn, "no key log entry for client random %s%s",
			     cr_hex(x, hex),
			     x->params.rsa_kx ? " (static RSA key exchange: "
						"--rsa-key with the server's "
						"key would decrypt it too)"
					      : "");
	return false;
}

void tls_decrypt_ccs(tls_decrypt *x, tv_dir dir)
{
	dkeys *k = &x->d[dir];
	tls_key_block kb;
	bool ok;

	if (!x->version || x->version == 0x0304)
		return;
	tls_rec_cipher_clear(&k->rc);
	k->ep = EP_NONE;
	k->seq = 0;
	k->fails_in_row = 0;
	k->gave_up = k->broken = k->seq_unknown = false;
	if (!x->params_ok || !x->have_cr || !master_get(x))
		return;
	ok = tls_key_block_derive(&x->params, x->version, x->master, x->cr,
				  x->sr, &kb) &&
	     tls_rec_cipher_init(&k->rc, &x->params, x->version, x->etm,
				 kb.key[dir], kb.iv[dir], kb.mac[dir]);
	memset(&kb, 0, sizeof kb);
	if (!ok) {
		tv_conn_note(x->conn, "GnuTLS could not set up %s keys",
			     x->params.name);
		return;
	}
	k->ep = EP_TLS12;
	k->src = x->master_src;
}

/* ---- records ------------------------------------------------------------- */

bool tls_decrypt_wants(tls_decrypt *x, tv_dir dir, uint8_t type)
{
	dkeys *k = &x->d[dir];

	if (k->gave_up || k->broken)
		return false;
	if (k->ep == EP_TLS12)
		return k->rc.ready;
	if (type != CT_APPLICATION_DATA)
		return false;
	if (k->missing && !k->rc.ready && !k->hs_waiting) {
		k->missing = false;
		note_missing(x, k->missing_kind, k->missing_what);
	}
	if (k->rc.ready || k->hs_waiting || k->early_guess)
		return true;
	/* 0-RTT data nobody can read: collected only to be counted */
	return dir == TV_DIR_CLIENT && x->early_offered && !x->version;
}

static bool try_rc(tls_decrypt *x, tls_rec_cipher *rc, uint64_t seq,
		   const uint8_t hdr[5], const uint8_t *body, size_t n,
		   uint8_t *type, size_t *len, tls_dec_result *why)
{
	tls_dec_result r =
	    tls_rec_decrypt(rc, seq, hdr, body, n, x->out, len, type);

	if (why)
		*why = r;
	return r == TLS_DEC_OK;
}

/* Before the ServerHello names the suite: each offered TLS 1.3 suite
 * whose hash fits the early secret. */
static bool early_trial(tls_decrypt *x, const uint8_t hdr[5],
			const uint8_t *body, size_t n, uint8_t *type,
			size_t *len)
{
	dkeys *c = &x->d[TV_DIR_CLIENT];
	const tv_u16list *l = &x->conn->ch.ciphers;
	tls_suite_params p;
	tls_rec_cipher rc;
	char buf[192];
	const char *why;

	for (size_t i = 0; i < l->n; i++) {
		if (!tls_suite_params_get(l->v[i], &p, buf, sizeof buf, &why) ||
		    !p.tls13 || gnutls_hmac_get_len(p.prf) != x->early_len ||
		    !keys13(&p, x->early_secret, x->early_len, &rc))
			continue;
		if (try_rc(x, &rc, c->seq, hdr, body, n, type, len, NULL)) {
			c->rc = rc;
			c->ep = EP_EARLY;
			c->early_guess = false;
			return true;
		}
		tls_rec_cipher_clear(&rc);
	}
	return false;
}

/* A TLS 1.3 client record while 0-RTT data may still be coming. */
static bool client_early_record(tls_decrypt *x, const uint8_t hdr[5],
				const uint8_t *body, size_t n, uint8_t *type,
				size_t *len)
{
	dkeys *c = &x->d[TV_DIR_CLIENT];

	if (c->early_guess && early_trial(x, hdr, body, n, type, len)) {
		c->seq++;
		c->decrypted++;
		return true;
	}
	if (c->ep == EP_EARLY &&
	    try_rc(x, &c->rc, c->seq, hdr, body, n, type, len, NULL)) {
		c->seq++;
		c->decrypted++;
		return true;
	}
	if (c->hs_waiting &&
	    try_rc(x, &c->hs, 0, hdr, body, n, type, len, NULL)) {
		client_to_handshake(c);
		c->seq = 1;
		c->decrypted++;
		return true;
	}
	if (c->ep == EP_HANDSHAKE && c->skip_until_ok &&
	    try_rc(x, &c->rc, c->seq, hdr, body, n, type, len, NULL)) {
		c->skip_until_ok = false;
		c->seq++;
		c->decrypted++;
		return true;
	}
	if (c->ep == EP_EARLY || c->early_guess)
		c->seq++; /* an early record the early keys did not read */
	c->skipped_early++;
	return false;
}

static bool in_early_phase(const tls_decrypt *x, tv_dir dir)
{
	const dkeys *c = &x->d[dir];

	if (dir != TV_DIR_CLIENT || !x->early_offered ||
	    (x->version && x->version != 0x0304))
		return false;
	return c->early_guess || c->ep == EP_EARLY || c->hs_waiting ||
	       c->skip_until_ok || (c->ep == EP_NONE && !x->version);
}

static void record_failed(tls_decrypt *x, tv_dir dir, uint32_t index,
			  tls_dec_result r)
{
	dkeys *k = &x->d[dir];
	const char *who = tv_dir_name(dir);

	if (++k->failed == 1) {
		if (r == TLS_DEC_MALFORMED || r == TLS_DEC_ERROR)
			tv_conn_note(x->conn,
				     "record %u from the %s cannot be "
				     "decrypted: %s",
				     index + 1, who,
				     tls_dec_result_text(r, k->rc.p.kind));
		else if (k->src == SRC_RSA)
			tv_conn_note(x->conn,
				     "record %u from the %s does not "
				     "decrypt with the pre-master secret from "
				     "--rsa-key (%s): is it this server's key?",
				     index + 1, who,
				     tls_dec_result_text(r, k->rc.p.kind));
		else
			tv_conn_note(x->conn,
				     "record %u from the %s does not "
				     "decrypt with the key log's secrets (%s): "
				     "wrong or stale key log?",
				     index + 1, who,
				     tls_dec_result_text(r, k->rc.p.kind));
	}
	if (++k->fails_in_row < MAX_FAILS_IN_A_ROW)
		return;
	k->gave_up = true;
	tv_conn_note(x->conn,
		     "%u records in a row from the %s did not "
		     "decrypt: the rest of them are not tried",
		     MAX_FAILS_IN_A_ROW, who);
}

/* After a gap the number of lost records is not known: search. */
static bool search_seq(tls_decrypt *x, dkeys *k, const uint8_t hdr[5],
		       const uint8_t *body, size_t n, uint8_t *type,
		       size_t *len, tls_dec_result *why)
{
	for (uint64_t s = k->seq; s < k->seq + SEQ_SEARCH; s++)
		if (try_rc(x, &k->rc, s, hdr, body, n, type, len, why)) {
			k->seq = s;
			k->seq_unknown = false;
			return true;
		}
	return false;
}

tls_rec_outcome tls_decrypt_record(tls_decrypt *x, tv_dir dir, uint32_t index,
				   const uint8_t hdr[5], const uint8_t *body,
				   size_t n, uint8_t *type, const uint8_t **pt,
				   size_t *ptlen)
{
	dkeys *k = &x->d[dir];
	tls_dec_result why = TLS_DEC_OK;
	bool ok;

	*pt = NULL;
	*ptlen = 0;
	if (!x->out)
		x->out = tv_xmalloc(TLS_REC_MAX);
	if (n > TLS_REC_MAX)
		return TLS_REC_UNREADABLE;
	if (hdr[0] == CT_APPLICATION_DATA && in_early_phase(x, dir)) {
		if (!client_early_record(x, hdr, body, n, type, ptlen))
			return TLS_REC_EARLY_DATA;
		*pt = x->out;
		return TLS_REC_DECRYPTED;
	}
	if (!k->rc.ready || k->gave_up || k->broken)
		return TLS_REC_UNREADABLE;
	if (k->seq_unknown)
		ok = search_seq(x, k, hdr, body, n, type, ptlen, &why);
	else
		ok = try_rc(x, &k->rc, k->seq, hdr, body, n, type, ptlen, &why);
	if (!ok) {
		if (!k->seq_unknown)
			k->seq++;
		record_failed(x, dir, index, why);
		return TLS_REC_UNREADABLE;
	}
	k->seq++;
	k->decrypted++;
	k->fails_in_row = 0;
	*pt = x->out;
	return TLS_REC_DECRYPTED;
}

void tls_decrypt_lost(tls_decrypt *x, tv_dir dir, bool boundary_known)
{
	dkeys *k = &x->d[dir];
	bool chained =
	    k->rc.ready &&
	    (k->rc.p.kind == TLS_CIPHER_STREAM ||
	     (k->rc.p.kind == TLS_CIPHER_CBC && k->rc.version <= 0x0301));

	if (!k->rc.ready || k->broken)
		return;
	if (chained) { /* RC4's keystream, TLS 1.0's CBC chain: lost */
		k->broken = true;
		tv_conn_note(x->conn,
			     "the %s's later records cannot be "
			     "decrypted: %s chains each record to the one "
			     "lost in the gap",
			     tv_dir_name(dir), k->rc.p.name);
		return;
	}
	if (boundary_known)
		k->seq++;
	else
		k->seq_unknown = true;
}

void tls_decrypt_finish(tls_decrypt *x)
{
	for (int i = 0; i < 2; i++) {
		dkeys *k = &x->d[i];
		const char *who = tv_dir_name((tv_dir)i);

		if (k->failed > 1)
			tv_conn_note(x->conn,
				     "%llu records from the %s did not "
				     "decrypt in all",
				     (unsigned long long)k->failed, who);
		if (k->skipped_early)
			tv_conn_note(
			    x->conn,
			    "%llu %s record%s of 0-RTT early "
			    "data skipped: %s",
			    (unsigned long long)k->skipped_early, who,
			    k->skipped_early == 1 ? "" : "s",
			    x->early_len
				? "they decrypt with neither the early "
				  "nor the handshake keys (the server "
				  "rejected them?)"
				: "the key log has no "
				  "CLIENT_EARLY_TRAFFIC_SECRET");
	}
}
