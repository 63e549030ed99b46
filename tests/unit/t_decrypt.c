/*
 * Decryption through the record layer: the RFC 8448 handshakes fed to a
 * tls_decoder as their records, with a key log holding the RFC's
 * secrets, decode to exactly the messages the RFC lists, marked
 * encrypted; and what goes wrong (no entry, a stale or truncated key
 * log, a damaged record, every cut of the stream, rejected 0-RTT data)
 * gives the right note and no crash.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rfc8448.h"
#include "tap.h"
#include "tls/decoder.h"
#include "tls/keylog.h"

#define CLIENT 0
#define SERVER 1

typedef struct feed {
	int side;
	const char *hex;
} feed;

/* RFC 8448 3, in the order the records went. */
static const feed s3[] = {
    {CLIENT, rfc8448_ch3},	{SERVER, rfc8448_sh3},
    {SERVER, rfc8448_sflight3}, {CLIENT, rfc8448_cfin3},
    {SERVER, rfc8448_nst3},	{CLIENT, rfc8448_capp3},
    {SERVER, rfc8448_sapp3},	{SERVER, rfc8448_salert3},
    {CLIENT, rfc8448_calert3},
};

/* RFC 8448 4: 0-RTT data right after the ClientHello. */
static const feed s4[] = {
    {CLIENT, rfc8448_ch4},     {CLIENT, rfc8448_early4},
    {SERVER, rfc8448_sh4},     {SERVER, rfc8448_sflight4},
    {CLIENT, rfc8448_eoed4},   {CLIENT, rfc8448_cfin4},
    {CLIENT, rfc8448_capp4},   {SERVER, rfc8448_sapp4},
    {CLIENT, rfc8448_calert4}, {SERVER, rfc8448_salert4},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static tv_keylog *keylog(const char *text)
{
	tv_keylog *kl = tv_keylog_new();

	tv_keylog_add_text(kl, (const uint8_t *)text, strlen(text), "test",
			   NULL, NULL);
	return kl;
}

static const char *s3_keys =
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET " RFC8448_S3_CLIENT_RANDOM
    " " RFC8448_S3_CLIENT_HS "\n"
    "SERVER_HANDSHAKE_TRAFFIC_SECRET " RFC8448_S3_CLIENT_RANDOM
    " " RFC8448_S3_SERVER_HS "\n"
    "CLIENT_TRAFFIC_SECRET_0 " RFC8448_S3_CLIENT_RANDOM " " RFC8448_S3_CLIENT_AP
    "\n"
    "SERVER_TRAFFIC_SECRET_0 " RFC8448_S3_CLIENT_RANDOM " " RFC8448_S3_SERVER_AP
    "\n";

static const char *s4_keys =
    "CLIENT_EARLY_TRAFFIC_SECRET " RFC8448_S4_CLIENT_RANDOM
    " " RFC8448_S4_CLIENT_EARLY "\n"
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET " RFC8448_S4_CLIENT_RANDOM
    " " RFC8448_S4_CLIENT_HS "\n"
    "SERVER_HANDSHAKE_TRAFFIC_SECRET " RFC8448_S4_CLIENT_RANDOM
    " " RFC8448_S4_SERVER_HS "\n"
    "CLIENT_TRAFFIC_SECRET_0 " RFC8448_S4_CLIENT_RANDOM " " RFC8448_S4_CLIENT_AP
    "\n"
    "SERVER_TRAFFIC_SECRET_0 " RFC8448_S4_CLIENT_RANDOM " " RFC8448_S4_SERVER_AP
    "\n";

/*
 * Feed the records (chunk bytes at a time; 0: whole records), the
 * record `damage` (index, or -1) with one byte flipped, and stop after
 * `cut` bytes of the whole exchange (0: everything).
 */
static tv_conn *run(const feed *f, size_t nf, const tv_keylog *kl, size_t chunk,
		    int damage, size_t cut)
{
	tv_conn *c = tv_conn_new();
	tls_decoder *d = tls_decoder_new(c, NULL);
	size_t total = 0;

	tls_decoder_set_secrets(d, kl, NULL);
	for (size_t i = 0; i < nf; i++) {
		size_t n;
		uint8_t *b = rfc_hex(f[i].hex, &n);

		if ((int)i == damage)
			b[n / 2] ^= 0x01;
		if (cut && total + n > cut)
			n = cut - total;
		for (size_t at = 0; at < n;) {
			size_t k = chunk && chunk < n - at ? chunk : n - at;

			tls_decoder_feed(d, f[i].side, b + at, k,
					 1000000 * (int64_t)(i + 1));
			at += k;
		}
		total += n;
		free(b);
		if (cut && total >= cut)
			break;
	}
	tls_decoder_finish(d, "the test ended");
	tls_decoder_free(d);
	return c;
}

/* "c:client_hello s:server_hello [s:encrypted_extensions] ..." */
static const char *ladder(const tv_conn *c)
{
	static char buf[1024];
	size_t at = 0;

	buf[0] = '\0';
	for (const tv_msg *m = c->msgs; m && at < sizeof buf - 64; m = m->next)
		at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s%c:%s%s",
				       at ? " " : "", m->encrypted ? "[" : "",
				       m->dir == TV_DIR_CLIENT ? 'c' : 's',
				       m->type, m->encrypted ? "]" : "");
	return buf;
}

static bool has_note(const tv_conn *c, const char *part)
{
	for (const tv_note *n = c->notes; n; n = n->next)
		if (strstr(n->text, part))
			return true;
	return false;
}

static void show_notes(const tv_conn *c)
{
	for (const tv_note *n = c->notes; n; n = n->next)
		diag("note: %s", n->text);
}

static const char *s3_ladder =
    "c:client_hello s:server_hello [s:encrypted_extensions] "
    "[s:certificate] [s:certificate_verify] [s:finished] [c:finished] "
    "[s:new_session_ticket]";

static void test_s3(void)
{
	tv_keylog *kl = keylog(s3_keys);
	tv_conn *c = run(s3, N(s3), kl, 0, -1, 0);
	const tv_alert *a = c->alerts;

	is_str(ladder(c), s3_ladder,
	       "RFC 8448 3: the messages of the RFC, those after ServerHello "
	       "decrypted");
	is_int(c->certs.n, 1, "the certificate chain fills certificates");
	is_str(c->certs.n ? c->certs.v[0].subject : NULL, "CN=rsa",
	       "its subject is the RFC's CN=rsa");
	is_int(c->n_alerts, 2, "two alerts");
	ok(a && a->encrypted && a->desc == 0 && a->dir == TV_DIR_SERVER &&
	       a->next && a->next->encrypted && a->next->dir == TV_DIR_CLIENT,
	   "the server's then the client's close_notify, decrypted");
	is_int(c->app_data_bytes[TV_DIR_CLIENT], 50,
	       "the client's 50 bytes of application data");
	is_int(c->app_data_bytes[TV_DIR_SERVER], 50,
	       "the server's 50 bytes of application data");
	is_int(c->n_notes, 0, "no notes");
	show_notes(c);
	tv_conn_free(c);

	c = run(s3, N(s3), kl, 1, -1, 0);
	is_str(ladder(c), s3_ladder, "fed one byte at a time: the same");
	tv_conn_free(c);
	c = run(s3, N(s3), kl, 7, -1, 0);
	is_str(ladder(c), s3_ladder, "fed seven bytes at a time: the same");
	tv_conn_free(c);
	tv_keylog_free(kl);
}

static void test_s4(void)
{
	tv_keylog *kl = keylog(s4_keys);
	tv_conn *c = run(s4, N(s4), kl, 0, -1, 0);

	is_str(ladder(c),
	       "c:client_hello s:server_hello [s:encrypted_extensions] "
	       "[s:finished] [c:end_of_early_data] [c:finished]",
	       "RFC 8448 4: 0-RTT accepted, EndOfEarlyData under the early "
	       "keys, then the handshake keys");
	is_int(c->app_data_bytes[TV_DIR_CLIENT], 6 + 50,
	       "the client's 6 bytes of early data and 50 after the handshake");
	is_int(c->app_data_bytes[TV_DIR_SERVER], 50, "the server's 50 bytes");
	ok(c->resumed, "resumed with a PSK");
	is_int(c->n_notes, 0, "no notes");
	show_notes(c);
	tv_conn_free(c);
	tv_keylog_free(kl);

	/* no early secret: the early data and EndOfEarlyData are skipped, the
	 * client's Finished still decrypts with the handshake keys */
	kl = keylog(strchr(s4_keys, '\n') + 1);
	c = run(s4, N(s4), kl, 0, -1, 0);
	is_str(ladder(c),
	       "c:client_hello s:server_hello [s:encrypted_extensions] "
	       "[s:finished] [c:finished]",
	       "without CLIENT_EARLY_TRAFFIC_SECRET the 0-RTT records are "
	       "skipped until the handshake keys read one");
	ok(has_note(c, "2 client records of 0-RTT early data skipped: the "
		       "key log has no CLIENT_EARLY_TRAFFIC_SECRET"),
	   "a note counts the skipped early records and says why");
	show_notes(c);
	tv_conn_free(c);
	tv_keylog_free(kl);
}

static void test_wrong_keys(void)
{
	char text[1024];
	tv_keylog *kl;
	tv_conn *c;

	/* a key log of another connection */
	kl = keylog(s4_keys);
	c = run(s3, N(s3), kl, 0, -1, 0);
	is_str(ladder(c), "c:client_hello s:server_hello",
	       "a key log of another connection: nothing decrypted");
	ok(has_note(
	       c,
	       "no key log entry for client random " RFC8448_S3_CLIENT_RANDOM),
	   "the note names the client random that has no entry");
	show_notes(c);
	tv_conn_free(c);
	tv_keylog_free(kl);

	/* a stale secret: one bit off */
	snprintf(text, sizeof text, "%s", s3_keys);
	*strstr(text, RFC8448_S3_SERVER_HS) ^= 1;
	kl = keylog(text);
	c = run(s3, N(s3), kl, 0, -1, 0);
	ok(has_note(c, "record 2 from the server does not decrypt with the "
		       "key log's secrets (the AEAD tag does not verify): "
		       "wrong or stale key log?"),
	   "a wrong server secret: the note names the record and the reason");
	ok(strstr(ladder(c), "[c:finished]") != NULL,
	   "the client's side still decrypts");
	show_notes(c);
	tv_conn_free(c);
	tv_keylog_free(kl);

	/* a truncated key log: the client's secrets are missing */
	snprintf(text, sizeof text, "%s", strstr(s3_keys, "SERVER_HANDSHAKE"));
	*strstr(text, "CLIENT_TRAFFIC") = '\0';
	kl = keylog(text);
	c = run(s3, N(s3), kl, 0, -1, 0);
	is_str(ladder(c),
	       "c:client_hello s:server_hello [s:encrypted_extensions] "
	       "[s:certificate] [s:certificate_verify] [s:finished]",
	       "a key log with the server's handshake secret only: the "
	       "server's handshake decrypts");
	ok(has_note(c, "the key log has no CLIENT_HANDSHAKE_TRAFFIC_SECRET "
		       "for client random " RFC8448_S3_CLIENT_RANDOM),
	   "a note names the missing client secret");
	ok(has_note(c, "the key log has no SERVER_TRAFFIC_SECRET_0"),
	   "and the missing server application secret");
	show_notes(c);
	tv_conn_free(c);
	tv_keylog_free(kl);
}

static void test_damage(void)
{
	tv_keylog *kl = keylog(s3_keys);
	tv_conn *c;
	size_t total = 0, n, crashes = 0;

	c = run(s3, N(s3), kl, 0, 2, 0);
	ok(has_note(c, "record 2 from the server does not decrypt"),
	   "a damaged server flight: the note says which record");
	ok(strstr(ladder(c), "certificate") == NULL,
	   "and its messages are not listed");
	show_notes(c);
	tv_conn_free(c);

	/* every cut of the exchange decodes without a crash, and what was
	 * whole before the cut is there */
	for (size_t i = 0; i < N(s3); i++) {
		free(rfc_hex(s3[i].hex, &n));
		total += n;
	}
	for (size_t cut = 1; cut < total; cut++) {
		c = run(s3, N(s3), kl, 0, -1, cut);
		if (cut >= 5 + 196 + 95 + 679 &&
		    !strstr(ladder(c), "[s:finished]"))
			crashes++;
		tv_conn_free(c);
	}
	is_int(crashes, 0,
	       "every cut after the server's flight still shows its Finished");
	tv_keylog_free(kl);
}

int main(void)
{
	test_s3();
	test_s4();
	test_wrong_keys();
	test_damage();
	return done_testing();
}
