/*
 * Guided explanations: one table of notes keyed by message kind and
 * conditions on the negotiated parameters.  A template names the facts of
 * this connection in braces ({group}); a part in brackets is left out
 * when a fact in it is unknown, so a note never guesses.  A fact outside
 * brackets that is unknown becomes a neutral phrase ("the negotiated
 * cipher").  The man page's GLOSSARY is printed from the same table
 * (man/gen-glossary.c).
 */
#include "report/guide.h"

#include <inttypes.h>
#include <string.h>

#include "tls/registry.h"
#include "util/hex.h"

#define TLS13 0x0304

/* What a note is about. */
typedef struct gctx {
	const tv_conn *c;
	const tv_msg *m;   /* the message, or NULL */
	const tv_alert *a; /* the alert, or NULL */
	tv_dir dir;
} gctx;

/* ---- the table ---- */

#define CERT_GLOSSARY                                                         \
	"A certificate chain, leaf first: the sender's public key and the "    \
	"signatures of the authorities that vouch for it.  The server sends "  \
	"one; the client sends one only when the server asks (an empty one "   \
	"when it has none).  Encrypted in TLS 1.3, in the clear in TLS 1.2."
#define FINISHED_GLOSSARY                                                     \
	"A MAC over the whole handshake with the new keys: if anyone changed " \
	"a message on the way, the Finished does not match and the "           \
	"connection fails.  In TLS 1.2 and older it is the first message "     \
	"after each side's ChangeCipherSpec, the first one encrypted."

#define CH_GLOSSARY                                                          \
	"The first message of every handshake, sent in the clear: the "      \
	"TLS versions, cipher suites, key-exchange groups and "              \
	"extensions the client supports, the server name it wants (SNI) "    \
	"and the application protocols it speaks (ALPN).  After a "          \
	"HelloRetryRequest the client sends it a second time with what "     \
	"the server asked for."
#define SH_GLOSSARY                                                          \
	"The server's answer to the ClientHello: the version, the "          \
	"cipher suite and, in TLS 1.3, its key share.  In TLS 1.3 "          \
	"everything after it is encrypted; a resumed session reuses a "      \
	"pre-shared key from a ticket and needs no certificate."
#define SH12_GLOSSARY                                                        \
	"In TLS 1.2 and older the ServerHello only picks the version "       \
	"and the cipher suite; nothing is encrypted until each side "        \
	"sends ChangeCipherSpec, just before its Finished."
#define CV_GLOSSARY                                                          \
	"A signature over the handshake so far with the private key of "     \
	"the certificate just sent: proof that the sender owns that "        \
	"key, not only a copy of its public certificate."
#define SKE_GLOSSARY                                                         \
	"TLS 1.2 and older: the server's temporary Diffie-Hellman value "    \
	"(on an elliptic curve for ECDHE, a large prime for DHE), "          \
	"signed with its certificate's key.  With PSK suites it may "        \
	"only carry a hint.  Plain RSA key transport has none."
#define CKE_GLOSSARY                                                         \
	"TLS 1.2 and older: the client's part of the key exchange: its "     \
	"Diffie-Hellman value (ECDHE, DHE), or with RSA key transport "      \
	"the secret itself encrypted to the server's public key (no "        \
	"forward secrecy)."
#define NST_GLOSSARY                                                         \
	"A ticket the client keeps to resume the session later with a "      \
	"shorter handshake (no certificate).  TLS 1.3 sends it after "       \
	"the handshake, TLS 1.2 just before the server's "                   \
	"ChangeCipherSpec."
#define ALERT_GLOSSARY                                                       \
	"A message that ends or warns about the connection: "                \
	"close_notify is the normal goodbye; a fatal alert "                 \
	"(bad_certificate, handshake_failure, ...) aborts the "              \
	"connection and says why."
#define NO_KEYS_GLOSSARY                                                     \
	"Handshake records tlsview could not decrypt because no key log "    \
	"(or RSA key) had the connection's secrets; give --keylog FILE "     \
	"or SSLKEYLOGFILE to read them."

#define V13 TV_GW_TLS13
#define V12 TV_GW_TLS12
#define CLI TV_GW_CLIENT
#define SRV TV_GW_SERVER

static const tv_guide_entry table[] = {
    /* ClientHello */
    {"client_hello", TV_GW_RETRY, "ClientHello",
     "ClientHello (again): the client answers the HelloRetryRequest with a "
     "new hello[ carrying a key share for {hrr_group}]; the rest is what it "
     "offered before",
     CH_GLOSSARY},
    {"client_hello", 0, "ClientHello",
     "ClientHello: the client opens the handshake[ for {sni}], offering "
     "{nsuites}[ and versions up to {maxversion}][, proposing ALPN "
     "{alpn_offered}]"
     "[; {resume_offer}]; it is sent in the clear",
     CH_GLOSSARY},

    /* HelloRetryRequest */
    {"hello_retry_request", 0, "HelloRetryRequest",
     "HelloRetryRequest: the server chose {version} and {cipher} but none "
     "of the client's key shares suits it, so it asks the client to say "
     "hello again[ with a key share for {hrr_group}]; this costs one extra "
     "round trip",
     "TLS 1.3 only: a ServerHello with a special random value.  The server "
     "asks the client to send its ClientHello again, usually with a key "
     "share for a group the server prefers; it costs a round trip."},

    /* ServerHello */
    {"server_hello", V13 | TV_GW_RESUMED | TV_GW_PSK, "ServerHello",
     "ServerHello: the server accepts the client's ticket and resumes an "
     "earlier session with {version} and {cipher}, from the pre-shared key "
     "alone (no new key exchange, so no forward secrecy for this session); "
     "no certificate is needed, and from here on everything is encrypted",
     SH_GLOSSARY},
    {"server_hello", V13 | TV_GW_RESUMED, "ServerHello",
     "ServerHello: the server accepts the client's ticket and resumes an "
     "earlier session with {version} and {cipher}, mixing in a fresh "
     "{group} key exchange; no certificate is needed, and from here on "
     "everything is encrypted",
     SH_GLOSSARY},
    {"server_hello", V13, "ServerHello",
     "ServerHello: the server picks {version}, {cipher} and {group}; both "
     "sides can now compute the same secret without ever sending it, and "
     "from here on everything is encrypted with a fast symmetric key",
     SH_GLOSSARY},
    {"server_hello", V12 | TV_GW_RESUMED, "ServerHello",
     "ServerHello: the server agrees to resume an earlier session "
     "({version}, {suite}): no certificate and no key exchange, the new keys "
     "come from the saved master secret; nothing is encrypted yet, and the "
     "server sends its ChangeCipherSpec and Finished first",
     SH12_GLOSSARY},
    {"server_hello", V12 | TV_GW_ECDHE, "ServerHello",
     "ServerHello: the server picks {version} and {suite}: {cipher} for the "
     "data, keys from an ECDHE exchange[ signed with its {auth} key] (a "
     "fresh key per connection: forward secrecy); nothing is encrypted "
     "yet: each side switches on encryption with its ChangeCipherSpec, just "
     "before its Finished",
     SH12_GLOSSARY},
    {"server_hello", V12 | TV_GW_DHE, "ServerHello",
     "ServerHello: the server picks {version} and {suite}: {cipher} for the "
     "data, keys from a finite-field Diffie-Hellman (DHE) exchange[ signed "
     "with its {auth} key] (a fresh key per connection: forward secrecy); "
     "nothing is encrypted yet: each side switches on encryption with its "
     "ChangeCipherSpec, just before its Finished",
     SH12_GLOSSARY},
    {"server_hello", V12 | TV_GW_RSA, "ServerHello",
     "ServerHello: the server picks {version} and {suite}: {cipher} for the "
     "data and RSA key transport: the client encrypts the secret to the "
     "server's key (no forward secrecy: whoever gets that key later can "
     "decrypt a recording); nothing is encrypted yet: each side switches "
     "on encryption with its ChangeCipherSpec, just before its Finished",
     SH12_GLOSSARY},
    {"server_hello", V12, "ServerHello",
     "ServerHello: the server picks {version} and {suite}; nothing is "
     "encrypted yet: each side switches on encryption with its "
     "ChangeCipherSpec, just before its Finished",
     SH12_GLOSSARY},
    {"server_hello", 0, "ServerHello",
     "ServerHello: the server answers with the version and cipher suite it "
     "picked",
     SH_GLOSSARY},

    /* EncryptedExtensions */
    {"encrypted_extensions", 0, "EncryptedExtensions",
     "EncryptedExtensions: the server's first encrypted message: its "
     "answers to the client's extensions[, here ALPN {alpn}]",
     "TLS 1.3: the server's answers to the client's extensions that do not "
     "shape the key exchange (ALPN, server name acknowledgement, ...), "
     "already encrypted."},

    /* Certificate */
    {"certificate", CLI | TV_GW_EMPTY, "Certificate",
     "Certificate: the client has no certificate to give (an empty list), "
     "so it stays anonymous; the server decides whether to go on",
     CERT_GLOSSARY},
    {"certificate", CLI, "Certificate",
     "Certificate: the client's own certificate[ ({subject})], signed by "
     "{issuer}, because the server asked for one; {ncerts} sent",
     CERT_GLOSSARY},
    {"certificate", V13, "Certificate",
     "Certificate: the server's public key[ ({key})][ for {subject}], "
     "signed by {issuer}; {ncerts} sent, encrypted; see the chain view for "
     "who vouches for it",
     CERT_GLOSSARY},
    {"certificate", V12, "Certificate",
     "Certificate: the server's public key[ ({key})][ for {subject}], "
     "signed by {issuer}; {ncerts} sent in the clear; see the chain view "
     "for who vouches for it",
     CERT_GLOSSARY},
    {"certificate", 0, "Certificate",
     "Certificate: the server's public key[ ({key})][ for {subject}], "
     "signed by {issuer}; {ncerts} sent; see the chain view for who vouches "
     "for it",
     CERT_GLOSSARY},

    /* CertificateRequest */
    {"certificate_request", 0, "CertificateRequest",
     "CertificateRequest: the server asks the client to prove who it is "
     "with a certificate of its own (client authentication)",
     "The server asks for a client certificate (mutual TLS); the client "
     "answers with a Certificate, and a CertificateVerify when it has one."},

    /* CertificateVerify */
    {"certificate_verify", CLI, "CertificateVerify",
     "CertificateVerify: the client signs the handshake so far with its "
     "private key[ ({sigscheme})], proving it owns the certificate it sent",
     CV_GLOSSARY},
    {"certificate_verify", 0, "CertificateVerify",
     "CertificateVerify: the server signs the handshake so far with its "
     "private key[ ({sigscheme})], proving it owns the certificate it sent",
     CV_GLOSSARY},

    /* ServerKeyExchange */
    {"server_key_exchange", TV_GW_ECDHE, "ServerKeyExchange",
     "ServerKeyExchange: the server's half of an ECDHE exchange on {group}, "
     "signed with its certificate's key[ ({sigscheme})] so nobody in between "
     "can swap it; a fresh key per connection gives forward secrecy",
     SKE_GLOSSARY},
    {"server_key_exchange", TV_GW_DHE, "ServerKeyExchange",
     "ServerKeyExchange: the server's half of a finite-field Diffie-Hellman "
     "(DHE) exchange[ with a {dhbits}-bit prime], signed with its "
     "certificate's key[ ({sigscheme})]; a fresh key per connection gives "
     "forward secrecy",
     SKE_GLOSSARY},
    {"server_key_exchange", TV_GW_PSK, "ServerKeyExchange",
     "ServerKeyExchange: a hint telling the client which pre-shared key the "
     "server expects",
     SKE_GLOSSARY},
    {"server_key_exchange", 0, "ServerKeyExchange",
     "ServerKeyExchange: the server's key-exchange parameters for "
     "{suite}",
     SKE_GLOSSARY},

    /* ServerHelloDone */
    {"server_hello_done", 0, "ServerHelloDone",
     "ServerHelloDone: the server has said all it has to say for now; the "
     "client's turn to send its key exchange",
     "TLS 1.2 and older: the end of the server's first flight."},

    /* ClientKeyExchange */
    {"client_key_exchange", TV_GW_ECDHE, "ClientKeyExchange",
     "ClientKeyExchange: the client's half of the ECDHE exchange[ on "
     "{group}]; both sides now compute the same premaster secret without "
     "ever sending it",
     CKE_GLOSSARY},
    {"client_key_exchange", TV_GW_DHE, "ClientKeyExchange",
     "ClientKeyExchange: the client's half of the DHE exchange; both sides "
     "now compute the same premaster secret without ever sending it",
     CKE_GLOSSARY},
    {"client_key_exchange", TV_GW_RSA, "ClientKeyExchange",
     "ClientKeyExchange: RSA key transport: the client encrypts the secret "
     "to the server's key (no forward secrecy); only the server's private "
     "key opens it",
     CKE_GLOSSARY},
    {"client_key_exchange", TV_GW_PSK, "ClientKeyExchange",
     "ClientKeyExchange: the client names the pre-shared key it uses",
     CKE_GLOSSARY},
    {"client_key_exchange", 0, "ClientKeyExchange",
     "ClientKeyExchange: the client's part of the key exchange for {suite}",
     CKE_GLOSSARY},

    /* ChangeCipherSpec: a record type of its own, in the glossary */
    {TV_GUIDE_CCS, 0, "ChangeCipherSpec",
     "ChangeCipherSpec: the {sender} switches on the keys just negotiated",
     "Not a handshake message but a record of its own: in TLS 1.2 and older "
     "the sender switches on the negotiated keys, and its next record (the "
     "Finished) is encrypted.  TLS 1.3 peers may still send one for old "
     "middleboxes; it means nothing there."},

    /* Finished */
    {"finished", V13 | SRV, "Finished",
     "Finished: the server's proof that it saw the same handshake (a MAC "
     "over every message so far with its handshake key); after it the "
     "server may already send application data",
     FINISHED_GLOSSARY},
    {"finished", V13, "Finished",
     "Finished: the client's proof that it saw the same handshake; from here "
     "on both sides use the application traffic keys",
     FINISHED_GLOSSARY},
    {"finished", V12, "Finished",
     "Finished: the {sender}'s first encrypted message, right after its "
     "ChangeCipherSpec: a MAC over the whole handshake with the new keys, "
     "so any change to the messages sent in the clear is caught",
     FINISHED_GLOSSARY},
    {"finished", 0, "Finished",
     "Finished: the {sender}'s proof that it saw the same handshake (a MAC "
     "over every message so far with the new keys)",
     FINISHED_GLOSSARY},

    /* NewSessionTicket */
    {"new_session_ticket", V13, "NewSessionTicket",
     "NewSessionTicket: after the handshake the server hands the client a "
     "ticket to resume later without a full handshake[, valid for "
     "{lifetime}]",
     NST_GLOSSARY},
    {"new_session_ticket", 0, "NewSessionTicket",
     "NewSessionTicket: the server hands the client a ticket to resume "
     "this session later without a full handshake[; it suggests keeping it "
     "{lifetime}]",
     NST_GLOSSARY},

    /* KeyUpdate */
    {"key_update", 0, "KeyUpdate",
     "KeyUpdate: the {sender} switches to the next generation of its "
     "traffic keys {ku_request}",
     "TLS 1.3: a side moves on to fresh traffic keys derived from the old "
     "ones, and may ask the other side to do the same."},

    /* EndOfEarlyData */
    {"end_of_early_data", 0, "EndOfEarlyData",
     "EndOfEarlyData: the client's 0-RTT data (sent before the handshake "
     "finished, and replayable) ends here",
     "TLS 1.3: the end of the early (0-RTT) data a resuming client sent "
     "before the handshake was over; such data can be replayed by an "
     "attacker."},

    /* HelloRequest */
    {"hello_request", 0, "HelloRequest",
     "HelloRequest: the server asks the client to start a new handshake on "
     "this connection (renegotiation)",
     "TLS 1.2 and older: the server asks for renegotiation; the client may "
     "ignore it."},

    /* CertificateStatus */
    {"certificate_status", 0, "CertificateStatus",
     "CertificateStatus: the server staples a recent OCSP answer, so the "
     "client can see the certificate is not revoked without asking the CA",
     "An OCSP response the server fetched from its CA and sends along "
     "(stapling)."},

    /* Alerts */
    {TV_GUIDE_ALERT, TV_GW_CLOSE, "Alert",
     "Alert close_notify: the {sender} says it is done sending; a clean "
     "end, so the data was not cut short by an attacker",
     ALERT_GLOSSARY},
    {TV_GUIDE_ALERT, TV_GW_FATAL, "Alert",
     "Alert {alert} (fatal): the {sender} aborts the connection[: "
     "{alert_words}]",
     ALERT_GLOSSARY},
    {TV_GUIDE_ALERT, 0, "Alert",
     "Alert {alert} ({level}): the {sender} reports a problem[: "
     "{alert_words}]",
     ALERT_GLOSSARY},

    /* Application data */
    {TV_GUIDE_APP_DATA, 0, "Application data",
     "Application data: the protected payload ({app_bytes}), encrypted with "
     "{cipher}; only the two ends, or someone with their key log, can read "
     "it",
     "The records that carry the application's own data (HTTP, SMTP, ...), "
     "encrypted with the negotiated cipher."},

    /* Encrypted handshake, no keys */
    {TV_GUIDE_NO_KEYS, V13, "Encrypted handshake, no keys",
     "Encrypted handshake, no keys: in TLS 1.3 everything after the "
     "ServerHello is encrypted, and no key log has this connection's "
     "secrets, so {records} stay unreadable; give --keylog FILE to see them",
     NO_KEYS_GLOSSARY},
    {TV_GUIDE_NO_KEYS, 0, "Encrypted handshake, no keys",
     "Encrypted handshake, no keys: {records} sent after ChangeCipherSpec "
     "stay unreadable because no key log has this connection's secrets; "
     "give --keylog FILE to see them",
     NO_KEYS_GLOSSARY},
};

#undef V13
#undef V12
#undef CLI
#undef SRV

const tv_guide_entry *tv_guide_table(size_t *n)
{
	*n = sizeof table / sizeof *table;
	return table;
}

static const char *const when_words[] = {
    "TLS 1.3", "TLS 1.2 and older", "ECDHE", "DHE", "RSA key transport",
    "PSK only", "resumed", "full handshake", "after a HelloRetryRequest",
    "client", "server", "empty", "fatal", "warning", "close_notify"};

void tv_guide_when(unsigned when, tv_buf *out)
{
	bool first = true;

	for (size_t i = 0; i < sizeof when_words / sizeof *when_words; i++) {
		if (!(when & (1u << i)))
			continue;
		if (!first)
			tv_buf_adds(out, ", ");
		tv_buf_adds(out, when_words[i]);
		first = false;
	}
}

/* ---- facts of the connection ---- */

static const tv_msg *find_msg(const tv_conn *c, const char *type)
{
	const tv_msg *found = NULL;

	for (const tv_msg *m = c->msgs; m; m = m->next)
		if (m->type && !strcmp(m->type, type))
			found = m;
	return found;
}

/* The extension of type id in a message's "extensions" array. */
static const tv_field *find_ext(const tv_msg *m, unsigned id)
{
	const tv_field *exts = m && m->fields ? tvf_get(m->fields, "extensions")
					      : NULL;

	for (const tv_field *e = exts ? exts->first : NULL; e; e = e->next) {
		const tv_field *t = tvf_get(e, "type_id");

		if (t && t->num == id)
			return e;
	}
	return NULL;
}

static const tv_field *msg_field(const tv_msg *m, const char *path)
{
	return m && m->fields ? tvf_path(m->fields, path) : NULL;
}

/* The registry name of the group the key exchange used, or NULL. */
static const char *group_name(const tv_conn *c)
{
	const tv_field *f;

	if (c->version == TLS13) {
		const tv_field *ks = find_ext(find_msg(c, "server_hello"), 51);

		f = ks ? tvf_path(ks, "server_share.group") : NULL;
	} else {
		f = msg_field(find_msg(c, "server_key_exchange"),
			      "named_curve");
	}
	return f && f->kind == TVF_UINT ? f->label : NULL;
}

static const char *hrr_group_name(const tv_conn *c)
{
	const tv_field *ks = find_ext(find_msg(c, "hello_retry_request"), 51);
	const tv_field *f = ks ? tvf_get(ks, "selected_group") : NULL;

	return f && f->kind == TVF_UINT ? f->label : NULL;
}

static const tls_suite_info *suite(const tv_conn *c)
{
	if (c->cipher_suite < 0)
		return NULL;
	return tls_suite_lookup((unsigned)c->cipher_suite);
}

static unsigned kx_bits(const tv_conn *c)
{
	const tls_suite_info *s = suite(c);
	const char *g;

	if (c->version == TLS13) {
		g = group_name(c);
		if (!g)
			return c->resumed ? TV_GW_PSK : 0;
		return strncmp(g, "ffdhe", 5) ? TV_GW_ECDHE : TV_GW_DHE;
	}
	if (!s)
		return 0;
	switch (s->kx) {
	case TLS_KX_ECDHE:
	case TLS_KX_ECDHE_PSK:
		return TV_GW_ECDHE;
	case TLS_KX_DHE:
	case TLS_KX_DHE_PSK:
		return TV_GW_DHE;
	case TLS_KX_RSA:
	case TLS_KX_RSA_PSK:
		return TV_GW_RSA;
	case TLS_KX_PSK:
		return TV_GW_PSK;
	default:
		return 0;
	}
}

static bool after_hrr(const tv_conn *c, const tv_msg *m)
{
	bool seen = false;

	for (const tv_msg *x = c->msgs; x && x != m; x = x->next)
		seen |= x->type && !strcmp(x->type, "hello_retry_request");
	return seen;
}

static const tv_certlist *certs_of(const gctx *g)
{
	return g->dir == TV_DIR_SERVER ? &g->c->certs : &g->c->client_certs;
}

static unsigned conditions(const gctx *g)
{
	const tv_conn *c = g->c;
	unsigned w = kx_bits(c);

	if (c->version == TLS13)
		w |= TV_GW_TLS13;
	else if (c->version >= 0)
		w |= TV_GW_TLS12;
	w |= c->resumed ? TV_GW_RESUMED : TV_GW_FULL;
	w |= g->dir == TV_DIR_SERVER ? TV_GW_SERVER : TV_GW_CLIENT;
	if (g->m && after_hrr(c, g->m))
		w |= TV_GW_RETRY;
	if (g->m && g->m->type && !strcmp(g->m->type, "certificate") &&
	    !certs_of(g)->n)
		w |= TV_GW_EMPTY;
	if (g->a) {
		if (g->a->desc == 0)
			w |= TV_GW_CLOSE;
		if (g->a->level == 2)
			w |= TV_GW_FATAL;
		else if (g->a->level == 1)
			w |= TV_GW_WARNING;
	}
	return w;
}

/* ---- placeholders ---- */

static void add_bytes(tv_buf *b, tv_bytes v)
{
	tv_buf_add(b, v.p, v.n);
}

static bool p_version(const gctx *g, tv_buf *b)
{
	const char *n = g->c->version >= 0
			    ? tls_version_name((unsigned)g->c->version)
			    : NULL;

	if (n)
		tv_buf_adds(b, n);
	return n != NULL;
}

static bool p_suite(const gctx *g, tv_buf *b)
{
	const tls_suite_info *s = suite(g->c);

	if (s)
		tv_buf_adds(b, s->name);
	return s != NULL;
}

/* "AES_128_GCM" -> "AES-128-GCM"; ChaCha20 as its authors write it. */
static bool p_cipher(const gctx *g, tv_buf *b)
{
	const tls_suite_info *s = suite(g->c);

	if (!s || !s->cipher)
		return false;
	if (!strcmp(s->cipher, "CHACHA20_POLY1305")) {
		tv_buf_adds(b, "ChaCha20-Poly1305");
		return true;
	}
	for (const char *p = s->cipher; *p; p++)
		tv_buf_addc(b, *p == '_' ? '-' : *p);
	if (!s->aead && s->mac && strcmp(s->mac, "NULL")) {
		tv_buf_adds(b, " with HMAC-");
		tv_buf_adds(b, strcmp(s->mac, "SHA") ? s->mac : "SHA1");
	}
	return true;
}

static bool p_auth(const gctx *g, tv_buf *b)
{
	const tls_suite_info *s = suite(g->c);

	if (!s || !s->auth || !strcmp(s->auth, "anon"))
		return false;
	tv_buf_adds(b, s->auth);
	return true;
}

/* Registry group names in the words people use. */
static const struct {
	const char *name, *words;
} group_words[] = {
    {"x25519", "X25519"},    {"x448", "X448"},	    {"secp256r1", "P-256"},
    {"secp384r1", "P-384"},  {"secp521r1", "P-521"},
};

static bool group_plain(const char *n, tv_buf *b)
{
	if (!n)
		return false;
	for (size_t i = 0; i < sizeof group_words / sizeof *group_words; i++)
		if (!strcmp(n, group_words[i].name)) {
			tv_buf_adds(b, group_words[i].words);
			return true;
		}
	tv_buf_adds(b, n);
	return true;
}

static bool p_group(const gctx *g, tv_buf *b)
{
	return group_plain(group_name(g->c), b);
}

static bool p_hrr_group(const gctx *g, tv_buf *b)
{
	return group_plain(hrr_group_name(g->c), b);
}

static bool p_sni(const gctx *g, tv_buf *b)
{
	if (!g->c->sni.p || !g->c->sni.n)
		return false;
	add_bytes(b, g->c->sni);
	return true;
}

static bool p_alpn(const gctx *g, tv_buf *b)
{
	if (!g->c->alpn_selected.p)
		return false;
	add_bytes(b, g->c->alpn_selected);
	return true;
}

static bool p_alpn_offered(const gctx *g, tv_buf *b)
{
	for (size_t i = 0; i < g->c->n_alpn_offered; i++) {
		if (i)
			tv_buf_adds(b, " or ");
		add_bytes(b, g->c->alpn_offered[i]);
	}
	return g->c->n_alpn_offered > 0;
}

/* A signalling value in the cipher suite list, not a suite: GREASE, or
 * an SCSV (TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV). */
static bool not_a_suite(unsigned v)
{
	const char *n = tls_cipher_suite_name(v);
	size_t k = n ? strlen(n) : 0;

	return tls_is_grease(v) || (k >= 5 && !strcmp(n + k - 5, "_SCSV"));
}

static bool p_nsuites(const gctx *g, tv_buf *b)
{
	size_t n = 0;

	for (size_t i = 0; i < g->c->ch.ciphers.n; i++)
		n += !not_a_suite(g->c->ch.ciphers.v[i]);
	tv_buf_printf(b, "%zu cipher suite%s", n, n == 1 ? "" : "s");
	return g->c->ch.seen;
}

static bool p_maxversion(const gctx *g, tv_buf *b)
{
	const tv_hello_info *h = &g->c->ch;
	unsigned best = 0;
	const char *n;

	for (size_t i = 0; i < h->versions.n; i++)
		if (!tls_is_grease(h->versions.v[i]) && h->versions.v[i] > best)
			best = h->versions.v[i];
	if (!best && h->seen)
		best = h->legacy_version;
	n = best ? tls_version_name(best) : NULL;
	if (n)
		tv_buf_adds(b, n);
	return n != NULL;
}

static bool p_resume_offer(const gctx *g, tv_buf *b)
{
	if (!g->c->ch.has_psk && !g->c->ch.has_ticket)
		return false;
	tv_buf_adds(b, "it offers a ticket from an earlier session to resume");
	return true;
}

/* The value of attribute CN in an RFC 4514 name, its escapes (\, and \1b)
 * undone: the bytes as the certificate has them, escaped later by the
 * writers.  The whole name when it has no CN. */
static bool dn_cn(const char *dn, tv_buf *b)
{
	const char *p = dn;

	if (!dn || !*dn)
		return false;
	while (*p) {
		if (!strncmp(p, "CN=", 3)) {
			for (p += 3; *p && *p != ','; p++) {
				const unsigned char *u =
				    (const unsigned char *)p;
				int hi = *p == '\\' ? tv_hex_digit(u[1]) : -1;
				int lo = hi >= 0 ? tv_hex_digit(u[2]) : -1;

				if (lo >= 0) {
					tv_buf_addc(b, (char)(hi * 16 + lo));
					p += 2;
					continue;
				}
				if (*p == '\\' && p[1])
					p++;
				tv_buf_addc(b, *p);
			}
			return true;
		}
		while (*p && *p != ',') /* the next attribute */
			p += *p == '\\' && p[1] ? 2 : 1;
		if (*p)
			p++;
	}
	tv_buf_adds(b, dn);
	return true;
}

static const tv_cert *leaf(const gctx *g)
{
	const tv_certlist *l = certs_of(g);

	return l->n && !l->v[0].error ? &l->v[0] : NULL;
}

static bool p_subject(const gctx *g, tv_buf *b)
{
	const tv_cert *ct = leaf(g);

	return ct && dn_cn(ct->subject, b);
}

static bool p_issuer(const gctx *g, tv_buf *b)
{
	const tv_cert *ct = leaf(g);

	if (ct && ct->self_signed) {
		tv_buf_adds(b,
			    "itself (self-signed: nobody else vouches for it)");
		return true;
	}
	return ct && dn_cn(ct->issuer, b);
}

static bool p_key(const gctx *g, tv_buf *b)
{
	const tv_cert *ct = leaf(g);

	if (!ct || !ct->key_algorithm)
		return false;
	tv_buf_adds(b, ct->key_algorithm);
	if (ct->key_curve) {
		tv_buf_addc(b, ' ');
		group_plain(ct->key_curve, b);
	} else if (ct->key_bits) {
		tv_buf_printf(b, " %u-bit", ct->key_bits);
	}
	return true;
}

static bool p_ncerts(const gctx *g, tv_buf *b)
{
	size_t n = certs_of(g)->n;

	tv_buf_printf(b, "%zu certificate%s", n, n == 1 ? "" : "s");
	return true;
}

/* Signature scheme names in words: rsa_pss_rsae_sha256 -> RSA-PSS with
 * SHA-256. */
static const struct {
	const char *prefix, *words;
} sig_words[] = {
    {"rsa_pss_rsae_", "RSA-PSS"},   {"rsa_pss_pss_", "RSA-PSS"},
    {"rsa_pkcs1_", "RSA PKCS#1 v1.5"}, {"ecdsa_secp256r1_", "ECDSA P-256"},
    {"ecdsa_secp384r1_", "ECDSA P-384"}, {"ecdsa_secp521r1_", "ECDSA P-521"},
    {"ecdsa_", "ECDSA"},	    {"dsa_", "DSA"},
};

static bool p_sigscheme(const gctx *g, tv_buf *b)
{
	const tv_field *f = msg_field(g->m, "algorithm");
	const char *n = f && f->kind == TVF_UINT ? f->label : NULL;
	const char *h;

	if (!n)
		return false;
	for (size_t i = 0; i < sizeof sig_words / sizeof *sig_words; i++) {
		size_t k = strlen(sig_words[i].prefix);

		if (strncmp(n, sig_words[i].prefix, k))
			continue;
		h = n + k;
		tv_buf_adds(b, sig_words[i].words);
		if (!strncmp(h, "sha", 3) && h[3]) {
			tv_buf_adds(b, " with SHA-");
			tv_buf_adds(b, h[3] == '1' && !h[4] ? "1" : h + 3);
		}
		return true;
	}
	if (!strcmp(n, "ed25519") || !strcmp(n, "ed448")) {
		tv_buf_adds(b, n[2] == '2' ? "Ed25519" : "Ed448");
		return true;
	}
	tv_buf_adds(b, n);
	return true;
}

static bool p_dhbits(const gctx *g, tv_buf *b)
{
	const tv_field *f =
	    msg_field(find_msg(g->c, "server_key_exchange"), "dh_p_bits");

	if (!f || f->kind != TVF_UINT)
		return false;
	tv_buf_printf(b, "%" PRIu64, f->num);
	return true;
}

static bool p_lifetime(const gctx *g, tv_buf *b)
{
	static const struct {
		uint64_t s;
		const char *unit;
	} units[] = {
	    {86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
	const tv_field *f = msg_field(g->m, "ticket_lifetime");
	uint64_t s;

	if (!f)
		f = msg_field(g->m, "ticket_lifetime_hint");
	if (!f || f->kind != TVF_UINT || !f->num)
		return false;
	s = f->num;
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (s % units[i].s == 0) {
			tv_buf_printf(b, "%" PRIu64 " %s%s", s / units[i].s,
				      units[i].unit,
				      s == units[i].s ? "" : "s");
			break;
		}
	return true;
}

static bool p_sender(const gctx *g, tv_buf *b)
{
	tv_buf_adds(b, tv_dir_name(g->dir));
	return true;
}

static bool p_ku_request(const gctx *g, tv_buf *b)
{
	const tv_field *f = msg_field(g->m, "request_update");
	const char *peer = tv_dir_name(g->dir == TV_DIR_CLIENT ? TV_DIR_SERVER
							       : TV_DIR_CLIENT);

	if (f && f->kind == TVF_UINT && f->num == 1)
		tv_buf_printf(b, "and asks the %s to update its keys too",
			      peer);
	else if (f && f->kind == TVF_UINT && f->num == 0)
		tv_buf_printf(b, "without asking the %s to do the same", peer);
	else
		tv_buf_adds(b,
			    "(its request to the other side did not decode)");
	return true;
}

static bool p_alert(const gctx *g, tv_buf *b)
{
	const char *n = g->a ? tls_alert_name(g->a->desc) : NULL;

	if (n)
		tv_buf_adds(b, n);
	else if (g->a)
		tv_buf_printf(b, "%u", (unsigned)g->a->desc);
	return g->a != NULL;
}

static bool p_level(const gctx *g, tv_buf *b)
{
	const char *n = g->a ? tls_alert_level_name(g->a->level) : NULL;

	if (n)
		tv_buf_adds(b, n);
	else if (g->a)
		tv_buf_printf(b, "level %u", (unsigned)g->a->level);
	return g->a != NULL;
}

/* What the common alerts mean, by description number (RFC 8446 6.2). */
static const struct {
	uint8_t desc;
	const char *words;
} alert_words[] = {
    {10, "a message came at the wrong moment"},
    {20, "a record failed its integrity check (wrong keys or tampering)"},
    {40, "the two sides found no parameters they both accept"},
    {42, "the certificate is bad"},
    {43, "the certificate is of an unsupported type"},
    {44, "the certificate was revoked"},
    {45, "the certificate has expired or is not yet valid"},
    {46, "the certificate cannot be trusted (unknown issuer, self-signed, "
	 "...)"},
    {47, "a field held a value out of range"},
    {48, "the certificate chain does not lead to a trusted CA"},
    {50, "a message could not be decoded"},
    {51, "a signature or Finished did not verify"},
    {70, "the version offered is not supported"},
    {71, "the parameters are too weak for its policy"},
    {80, "an internal error unrelated to the peer"},
    {86, "a downgrade attempt was detected"},
    {90, "the user cancelled the handshake"},
    {109, "a required extension is missing"},
    {110, "an extension was not expected"},
    {112, "it does not serve this server name (SNI)"},
    {116, "it needs a client certificate"},
    {120, "no application protocol (ALPN) in common"},
};

static bool p_alert_words(const gctx *g, tv_buf *b)
{
	for (size_t i = 0; g->a && i < sizeof alert_words / sizeof *alert_words;
	     i++)
		if (alert_words[i].desc == g->a->desc) {
			tv_buf_adds(b, alert_words[i].words);
			return true;
		}
	return false;
}

static bool p_app_bytes(const gctx *g, tv_buf *b)
{
	const uint64_t *v = g->c->app_data_bytes;

	tv_buf_printf(b, "client %" PRIu64 " bytes, server %" PRIu64 " bytes",
		      v[TV_DIR_CLIENT], v[TV_DIR_SERVER]);
	return true;
}

static bool p_records(const gctx *g, tv_buf *b)
{
	uint64_t n = g->c->encrypted_hs_records[0] +
		     g->c->encrypted_hs_records[1];

	tv_buf_printf(b, "%" PRIu64 " handshake record%s", n,
		      n == 1 ? "" : "s");
	return true;
}

typedef bool (*filler)(const gctx *g, tv_buf *b);

static const struct {
	const char *name;
	filler fill;
	const char *unknown; /* outside brackets when the fact is unknown */
} placeholders[] = {
    {"version", p_version, "the negotiated version"},
    {"suite", p_suite, "the negotiated cipher suite"},
    {"cipher", p_cipher, "the negotiated cipher"},
    {"auth", p_auth, "certificate"},
    {"group", p_group, "the negotiated group"},
    {"hrr_group", p_hrr_group, "another group"},
    {"sni", p_sni, "the server"},
    {"alpn", p_alpn, "none"},
    {"alpn_offered", p_alpn_offered, "none"},
    {"nsuites", p_nsuites, "its cipher suites"},
    {"maxversion", p_maxversion, "the versions it supports"},
    {"resume_offer", p_resume_offer, ""},
    {"subject", p_subject, "the sender"},
    {"issuer", p_issuer, "an issuer tlsview could not read"},
    {"key", p_key, "a key"},
    {"ncerts", p_ncerts, "the certificates"},
    {"sigscheme", p_sigscheme, "the negotiated signature scheme"},
    {"dhbits", p_dhbits, "a"},
    {"lifetime", p_lifetime, "as long as the server allows"},
    {"sender", p_sender, "sender"},
    {"ku_request", p_ku_request, ""},
    {"alert", p_alert, "alert"},
    {"level", p_level, "unknown level"},
    {"alert_words", p_alert_words, ""},
    {"app_bytes", p_app_bytes, ""},
    {"records", p_records, "some handshake records"},
};

static int placeholder(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof placeholders / sizeof *placeholders; i++)
		if (strlen(placeholders[i].name) == n &&
		    !memcmp(placeholders[i].name, name, n))
			return (int)i;
	return -1;
}

bool tv_guide_placeholder_known(const char *name, size_t n)
{
	return placeholder(name, n) >= 0;
}

/* Expand s[0..n) into out; false when a fact in it is unknown (out then
 * holds the neutral phrases instead). */
static bool expand(const gctx *g, const char *s, size_t n, tv_buf *out)
{
	bool all = true;

	for (size_t i = 0; i < n; i++) {
		const char *close;
		int k;

		if (s[i] != '{' || !(close = memchr(s + i, '}', n - i))) {
			tv_buf_addc(out, s[i]);
			continue;
		}
		k = placeholder(s + i + 1, (size_t)(close - s - i - 1));
		if (k < 0 || !placeholders[k].fill(g, out)) {
			all = false;
			if (k >= 0)
				tv_buf_adds(out, placeholders[k].unknown);
		}
		i = (size_t)(close - s);
	}
	return all;
}

static void fill(const gctx *g, const char *tmpl, tv_buf *out)
{
	tv_buf part;

	tv_buf_init(&part);
	for (const char *p = tmpl; *p;) {
		const char *open = strchr(p, '['), *close;

		if (!open || !(close = strchr(open, ']'))) {
			expand(g, p, strlen(p), out);
			break;
		}
		expand(g, p, (size_t)(open - p), out);
		tv_buf_reset(&part);
		if (expand(g, open + 1, (size_t)(close - open - 1), &part))
			tv_buf_add(out, part.p, part.len);
		p = close + 1;
	}
	tv_buf_free(&part);
}

static bool note(const gctx *g, const char *key, tv_buf *out)
{
	unsigned w = conditions(g);

	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (!strcmp(table[i].key, key) &&
		    (table[i].when & w) == table[i].when) {
			fill(g, table[i].tmpl, out);
			return true;
		}
	return false;
}

bool tv_guide_msg_note(const tv_conn *c, const tv_msg *m, tv_buf *out)
{
	gctx g = {c, m, NULL, m->dir};
	const char *type =
	    m->type ? m->type : tls_handshake_type_name(m->type_id);

	return type && note(&g, type, out);
}

bool tv_guide_note(const tv_conn *c, size_t msg_index, tv_buf *out)
{
	const tv_msg *m = c->msgs;

	while (m && msg_index--)
		m = m->next;
	return m && tv_guide_msg_note(c, m, out);
}

bool tv_guide_alert_note(const tv_conn *c, const tv_alert *a, tv_buf *out)
{
	gctx g = {c, NULL, a, a->dir};

	return note(&g, TV_GUIDE_ALERT, out);
}

bool tv_guide_conn_note(const tv_conn *c, const char *key, tv_buf *out)
{
	gctx g = {c, NULL, NULL, TV_DIR_CLIENT};

	if (!strcmp(key, TV_GUIDE_APP_DATA) &&
	    !c->app_data_bytes[0] && !c->app_data_bytes[1])
		return false;
	if (!strcmp(key, TV_GUIDE_NO_KEYS) &&
	    !c->encrypted_hs_records[0] && !c->encrypted_hs_records[1])
		return false;
	return note(&g, key, out);
}
