/* The IANA registries: known code points have their IANA names, GREASE
 * values read "GREASE", unassigned values give NULL, cipher suite names are
 * decoded into kx/auth/cipher/mac, and the generated tables are sorted and
 * as complete as IANA's. */
#include "tap.h"
#include "tls/registry.h"
#include "tls/registry_tables.h"

typedef const char *(*namer)(unsigned);

struct known {
	namer fn;
	const char *what;
	unsigned v;
	const char *want;
};

/* clang-format off */
static const struct known known[] = {
	{ tls_cipher_suite_name, "suite", 0x1301, "TLS_AES_128_GCM_SHA256" },
	{ tls_cipher_suite_name, "suite", 0x1303,
	  "TLS_CHACHA20_POLY1305_SHA256" },
	{ tls_cipher_suite_name, "suite", 0xc02f,
	  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" },
	{ tls_cipher_suite_name, "suite", 0xcca8,
	  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" },
	{ tls_cipher_suite_name, "suite", 0x0000, "TLS_NULL_WITH_NULL_NULL" },
	{ tls_cipher_suite_name, "suite", 0x00ff,
	  "TLS_EMPTY_RENEGOTIATION_INFO_SCSV" },
	{ tls_cipher_suite_name, "suite", 0x5600, "TLS_FALLBACK_SCSV" },
	{ tls_cipher_suite_name, "suite", 0x1306, "TLS_AEGIS_256_SHA512" },
	{ tls_cipher_suite_name, "suite", 0xffe1,
	  "SSL_RSA_FIPS_WITH_DES_CBC_SHA" },
	{ tls_extension_name, "extension", 0, "server_name" },
	{ tls_extension_name, "extension", 16,
	  "application_layer_protocol_negotiation" },
	{ tls_extension_name, "extension", 43, "supported_versions" },
	{ tls_extension_name, "extension", 51, "key_share" },
	{ tls_extension_name, "extension", 58, "ticket_request" },
	{ tls_extension_name, "extension", 59, "dnssec_chain" },
	{ tls_extension_name, "extension", 60,
	  "sequence_number_encryption_algorithms" },
	{ tls_extension_name, "extension", 61, "rrc" },
	{ tls_extension_name, "extension", 62, "tls_flags" },
	{ tls_extension_name, "extension", 64768, "ech_outer_extensions" },
	{ tls_extension_name, "extension", 65037, "encrypted_client_hello" },
	{ tls_extension_name, "extension", 65281, "renegotiation_info" },
	{ tls_extension_name, "extension", 17613, "application_settings" },
	{ tls_group_name, "group", 29, "x25519" },
	{ tls_group_name, "group", 23, "secp256r1" },
	{ tls_group_name, "group", 256, "ffdhe2048" },
	{ tls_group_name, "group", 513, "MLKEM768" },
	{ tls_group_name, "group", 4587, "SecP256r1MLKEM768" },
	{ tls_group_name, "group", 4588, "X25519MLKEM768" },
	{ tls_group_name, "group", 4589, "SecP384r1MLKEM1024" },
	{ tls_group_name, "group", 25497, "X25519Kyber768Draft00" },
	{ tls_sigscheme_name, "sigscheme", 0x0804, "rsa_pss_rsae_sha256" },
	{ tls_sigscheme_name, "sigscheme", 0x0403, "ecdsa_secp256r1_sha256" },
	{ tls_sigscheme_name, "sigscheme", 0x0807, "ed25519" },
	{ tls_sigscheme_name, "sigscheme", 0x0201, "rsa_pkcs1_sha1" },
	{ tls_sigscheme_name, "sigscheme", 0x0904, "mldsa44" },
	{ tls_sigscheme_name, "sigscheme", 0x0906, "mldsa87" },
	{ tls_alert_name, "alert", 0, "close_notify" },
	{ tls_alert_name, "alert", 40, "handshake_failure" },
	{ tls_alert_name, "alert", 70, "protocol_version" },
	{ tls_alert_name, "alert", 86, "inappropriate_fallback" },
	{ tls_alert_name, "alert", 120, "no_application_protocol" },
	{ tls_alert_name, "alert", 121, "ech_required" },
	{ tls_alert_level_name, "alert level", 1, "warning" },
	{ tls_alert_level_name, "alert level", 2, "fatal" },
	{ tls_handshake_type_name, "handshake", 1, "client_hello" },
	{ tls_handshake_type_name, "handshake", 2, "server_hello" },
	{ tls_handshake_type_name, "handshake", 4, "new_session_ticket" },
	{ tls_handshake_type_name, "handshake", 8, "encrypted_extensions" },
	{ tls_handshake_type_name, "handshake", 11, "certificate" },
	{ tls_handshake_type_name, "handshake", 17,
	  "client_certificate_request" },
	{ tls_handshake_type_name, "handshake", 24, "key_update" },
	{ tls_handshake_type_name, "handshake", 25, "compressed_certificate" },
	{ tls_handshake_type_name, "handshake", 254, "message_hash" },
	{ tls_content_type_name, "content type", 20, "change_cipher_spec" },
	{ tls_content_type_name, "content type", 22, "handshake" },
	{ tls_content_type_name, "content type", 23, "application_data" },
	{ tls_content_type_name, "content type", 25, "tls12_cid" },
	{ tls_content_type_name, "content type", 26, "ack" },
	{ tls_version_name, "version", 0x0300, "SSL 3.0" },
	{ tls_version_name, "version", 0x0301, "TLS 1.0" },
	{ tls_version_name, "version", 0x0303, "TLS 1.2" },
	{ tls_version_name, "version", 0x0304, "TLS 1.3" },
	{ tls_version_name, "version", 0xfeff, "DTLS 1.0" },
	{ tls_version_name, "version", 0xfefd, "DTLS 1.2" },
	{ tls_version_name, "version", 0xfefc, "DTLS 1.3" },
	{ tls_version_name, "version", 0x7f12, "TLS 1.3 (draft 18)" },
	{ tls_version_name, "version", 0x7f1c, "TLS 1.3 (draft 28)" },
	{ tls_ec_point_format_name, "point format", 0, "uncompressed" },
	{ tls_psk_ke_mode_name, "psk mode", 1, "psk_dhe_ke" },
	{ tls_cert_compression_name, "compression", 2, "brotli" },
	{ tls_cert_status_type_name, "status type", 1, "ocsp" },
	{ tls_cert_type_name, "cert type", 64, "ecdsa_sign" },
	{ tls_hash_name, "hash", 4, "sha256" },
	{ tls_ec_curve_type_name, "curve type", 3, "named_curve" },
};
/* clang-format on */

static void test_known_names(void)
{
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		const struct known *k = &known[i];

		is_str(k->fn(k->v), k->want, "%s %u (0x%04x) is %s", k->what,
		       k->v, k->v, k->want);
	}
}

static void test_draft_versions(void)
{
	unsigned n, bad = 0;

	for (n = 1; n <= 28; n++) {
		char want[32];
		const char *got = tls_version_name(0x7f00 + n);

		snprintf(want, sizeof want, "TLS 1.3 (draft %u)", n);
		if (!got || strcmp(got, want) != 0)
			bad++;
	}
	is_int(bad, 0, "every TLS 1.3 draft version 0x7f01..0x7f1c is named");
}

/* clang-format off */
static const namer grease_namers[] = {
	tls_cipher_suite_name, tls_extension_name, tls_group_name,
	tls_sigscheme_name, tls_version_name,
};
/* clang-format on */

static void test_grease(void)
{
	unsigned v, hits = 0, misses = 0;
	size_t i;

	ok(tls_is_grease(0x0a0a), "0x0a0a is GREASE");
	ok(tls_is_grease(0xfafa), "0xfafa is GREASE");
	ok(tls_is_grease(0x5a5a), "0x5a5a is GREASE");
	ok(!tls_is_grease(0x0a0b), "0x0a0b is not GREASE (bytes differ)");
	ok(!tls_is_grease(0x0b0b), "0x0b0b is not GREASE (low nibble not a)");
	ok(!tls_is_grease(0x1a0a), "0x1a0a is not GREASE");
	ok(!tls_is_grease(0x0a), "0x000a is not GREASE");
	ok(!tls_is_grease(0x10a0a), "values above 16 bits are not GREASE");

	for (v = 0; v <= 0xffff; v++) {
		if (tls_is_grease(v))
			hits++;
	}
	is_int(hits, 16, "exactly 16 GREASE values in 16 bits");

	for (i = 0; i < sizeof grease_namers / sizeof grease_namers[0]; i++) {
		for (v = 0x0a0a; v <= 0xfafa; v += 0x1010) {
			const char *n = grease_namers[i](v);

			if (!n || strcmp(n, "GREASE") != 0)
				misses++;
		}
	}
	is_int(misses, 0,
	       "suites, extensions, groups, sigschemes and versions "
	       "name all 16 GREASE values GREASE");
	is_str(tls_cipher_suite_name(0x0a0b), NULL,
	       "0x0a0b is no cipher suite and not GREASE");
	is_str(tls_psk_ke_mode_name(0x0b), "GREASE", "psk mode 0x0b is GREASE");
	is_str(tls_psk_ke_mode_name(0xe4), "GREASE", "psk mode 0xe4 is GREASE");
	is_str(tls_psk_ke_mode_name(0x0c), NULL, "psk mode 0x0c is unassigned");
	is_str(tls_alert_name(0x0a), "unexpected_message",
	       "alert 10 is a real alert, not GREASE");
	ok(tls_suite_lookup(0x0a0a) == NULL, "GREASE has no suite info");
}

static void test_unknown(void)
{
	is_str(tls_cipher_suite_name(0x1308), NULL, "suite 0x1308 unassigned");
	is_str(tls_cipher_suite_name(0xffff), NULL, "suite 0xffff unassigned");
	is_str(tls_cipher_suite_name(0x10000), NULL, "suite above 16 bits");
	is_str(tls_extension_name(63), NULL, "extension 63 unassigned");
	is_str(tls_extension_name(0xfffe), NULL, "extension 0xfffe unassigned");
	is_str(tls_group_name(0), NULL, "group 0 unassigned");
	is_str(tls_group_name(0x1301), NULL, "group 0x1301 unassigned");
	is_str(tls_sigscheme_name(0x0000), NULL, "sigscheme 0 unassigned");
	is_str(tls_alert_name(2), NULL, "alert 2 unassigned");
	is_str(tls_alert_name(255), NULL, "alert 255 unassigned");
	is_str(tls_alert_level_name(0), NULL, "alert level 0 unassigned");
	is_str(tls_alert_level_name(3), NULL, "alert level 3 unassigned");
	is_str(tls_handshake_type_name(7), NULL, "handshake 7 unassigned");
	is_str(tls_handshake_type_name(255), NULL, "handshake 255 unassigned");
	is_str(tls_content_type_name(19), NULL, "content type 19 unassigned");
	is_str(tls_content_type_name(0x116), NULL, "content type 0x116");
	is_str(tls_version_name(0x0305), NULL, "version 0x0305 unassigned");
	is_str(tls_version_name(0x7f00), NULL, "there is no TLS 1.3 draft 0");
	is_str(tls_ec_point_format_name(3), NULL, "point format 3 unassigned");
	is_str(tls_cert_compression_name(0), NULL, "compression 0 unassigned");
	is_str(tls_cert_status_type_name(3), NULL, "status type 3 unassigned");
	is_str(tls_cert_type_name(0), NULL, "cert type 0 unassigned");
	is_str(tls_hash_name(7), NULL, "hash 7 unassigned");
	is_str(tls_ec_curve_type_name(0), NULL, "curve type 0 unassigned");
	ok(tls_suite_lookup(0x1308) == NULL, "no suite info for 0x1308");
}

struct suite_want {
	unsigned id;
	tls_kx kx;
	const char *auth, *cipher, *mac;
	bool aead, export_grade;
};

/* clang-format off */
static const struct suite_want suites[] = {
	{ 0xc02f, TLS_KX_ECDHE, "RSA", "AES_128_GCM", "SHA256", true, false },
	{ 0xc02c, TLS_KX_ECDHE, "ECDSA", "AES_256_GCM", "SHA384", true, false },
	{ 0x003d, TLS_KX_RSA, "RSA", "AES_256_CBC", "SHA256", false, false },
	{ 0x0035, TLS_KX_RSA, "RSA", "AES_256_CBC", "SHA", false, false },
	{ 0x0033, TLS_KX_DHE, "RSA", "AES_128_CBC", "SHA", false, false },
	{ 0x0030, TLS_KX_DH, "DSS", "AES_128_CBC", "SHA", false, false },
	{ 0x0034, TLS_KX_DH, "anon", "AES_128_CBC", "SHA", false, false },
	{ 0xc018, TLS_KX_ECDH, "anon", "AES_128_CBC", "SHA", false, false },
	{ 0xc004, TLS_KX_ECDH, "ECDSA", "AES_128_CBC", "SHA", false, false },
	{ 0x00aa, TLS_KX_DHE_PSK, "PSK", "AES_128_GCM", "SHA256", true, false },
	{ 0xccac, TLS_KX_ECDHE_PSK, "PSK", "CHACHA20_POLY1305", "SHA256", true,
	  false },
	{ 0x00ac, TLS_KX_RSA_PSK, "RSA", "AES_128_GCM", "SHA256", true, false },
	{ 0x008c, TLS_KX_PSK, "PSK", "AES_128_CBC", "SHA", false, false },
	{ 0xc01d, TLS_KX_SRP, "SRP", "AES_128_CBC", "SHA", false, false },
	{ 0x001e, TLS_KX_KRB5, "KRB5", "DES_CBC", "SHA", false, false },
	{ 0xc0b0, TLS_KX_ECCPWD, "ECCPWD", "AES_128_GCM", "SHA256", true,
	  false },
	{ 0x0081, TLS_KX_GOST, "GOST", "28147_CNT", "IMIT", false, false },
	{ 0x1301, TLS_KX_TLS13, NULL, "AES_128_GCM", "SHA256", true, false },
	{ 0x1303, TLS_KX_TLS13, NULL, "CHACHA20_POLY1305", "SHA256", true,
	  false },
	{ 0x1305, TLS_KX_TLS13, NULL, "AES_128_CCM_8", "SHA256", true, false },
	{ 0xc0b4, TLS_KX_TLS13, NULL, "NULL", "SHA256", false, false },
	{ 0x0003, TLS_KX_RSA, "RSA", "RC4_40", "MD5", false, true },
	{ 0x0014, TLS_KX_DHE, "RSA", "DES40_CBC", "SHA", false, true },
	{ 0x0064, TLS_KX_RSA, "RSA", "RC4_56", "SHA", false, true },
	{ 0x0029, TLS_KX_KRB5, "KRB5", "DES_CBC_40", "MD5", false, true },
	{ 0xc0a0, TLS_KX_RSA, "RSA", "AES_128_CCM_8", "SHA256", true, false },
	{ 0x0000, TLS_KX_NULL, "NULL", "NULL", "NULL", false, false },
	{ 0x0002, TLS_KX_RSA, "RSA", "NULL", "SHA", false, false },
	{ 0x00ff, TLS_KX_UNKNOWN, NULL, "NULL", NULL, false, false },
	{ 0x5600, TLS_KX_UNKNOWN, NULL, "NULL", NULL, false, false },
};
/* clang-format on */

static bool same(const char *a, const char *b)
{
	return (a && b) ? strcmp(a, b) == 0 : a == b;
}

static void test_suite_info(void)
{
	size_t i;

	for (i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		const struct suite_want *w = &suites[i];
		const tls_suite_info *s = tls_suite_lookup(w->id);

		if (!ok(s != NULL, "suite 0x%04x has info", w->id))
			continue;
		ok(s->id == w->id && s->kx == w->kx && same(s->auth, w->auth) &&
		       same(s->cipher, w->cipher) && same(s->mac, w->mac) &&
		       s->aead == w->aead && s->export_grade == w->export_grade,
		   "%s: kx %d auth %s cipher %s mac %s%s%s", s->name,
		   (int)w->kx, w->auth ? w->auth : "-", w->cipher,
		   w->mac ? w->mac : "-", w->aead ? " aead" : "",
		   w->export_grade ? " export" : "");
		if (s->kx != w->kx || !same(s->auth, w->auth) ||
		    !same(s->cipher, w->cipher) || !same(s->mac, w->mac))
			diag("got kx %d auth %s cipher %s mac %s", (int)s->kx,
			     s->auth ? s->auth : "-",
			     s->cipher ? s->cipher : "-",
			     s->mac ? s->mac : "-");
		is_str(tls_cipher_suite_name(w->id), s->name,
		       "suite 0x%04x name and info agree", w->id);
	}
}

/* Every suite's info is filled in the way the lookups promise. */
static void test_suite_info_invariants(void)
{
	size_t i, bad = 0, tls13 = 0;

	for (i = 0; i < tls_reg_suites_count; i++) {
		const tls_suite_info *s = &tls_reg_suites[i];

		if (!s->name || !s->cipher)
			bad++;
		else if (s->kx == TLS_KX_TLS13 && (s->auth || !s->mac))
			bad++;
		else if (tls_suite_lookup(s->id) != s)
			bad++;
		if (s->kx == TLS_KX_TLS13)
			tls13++;
	}
	is_int(bad, 0, "every suite has a name and cipher, and is found by id");
	ok(tls13 >= 7,
	   "at least the 7 IANA TLS 1.3 AEAD suites are TLS13 (%zu)", tls13);
}

static void test_tables_sorted(void)
{
	size_t i, j, bad;

	is_int(tls_reg_all_count, 13, "13 name registries were generated");
	for (i = 0; i < tls_reg_all_count; i++) {
		const tls_registry *r = tls_reg_all[i];

		bad = 0;
		for (j = 1; j < r->count; j++) {
			if (r->entries[j - 1].value >= r->entries[j].value)
				bad++;
		}
		for (j = 0; j < r->count; j++) {
			if (!r->entries[j].name || !r->entries[j].name[0] ||
			    tls_is_grease(r->entries[j].value))
				bad++;
		}
		ok(r->count > 0 && bad == 0,
		   "%s: %zu rows, strictly sorted, named, no GREASE rows",
		   r->name, r->count);
	}
	bad = 0;
	for (j = 1; j < tls_reg_suites_count; j++) {
		if (tls_reg_suites[j - 1].id >= tls_reg_suites[j].id)
			bad++;
	}
	for (j = 0; j < tls_reg_suites_count; j++) {
		if (tls_is_grease(tls_reg_suites[j].id))
			bad++;
	}
	is_int(bad, 0, "cipher suites strictly sorted, no GREASE rows");
}

static void test_counts(void)
{
	/* At least what the IANA registries assign (2025). */
	ok(tls_reg_suites_count > 340, "more than 340 cipher suites (%zu)",
	   tls_reg_suites_count);
	ok(tls_reg_extensions.count >= 64, "at least 64 extensions (%zu)",
	   tls_reg_extensions.count);
	ok(tls_reg_supported_groups.count >= 56, "at least 56 groups (%zu)",
	   tls_reg_supported_groups.count);
	ok(tls_reg_signature_schemes.count >= 35,
	   "at least 35 signature schemes (%zu)",
	   tls_reg_signature_schemes.count);
	ok(tls_reg_alerts.count >= 37, "at least 37 alerts (%zu)",
	   tls_reg_alerts.count);
	ok(tls_reg_handshake_types.count >= 25,
	   "at least 25 handshake types (%zu)", tls_reg_handshake_types.count);
	is_int(tls_reg_content_types.count, 8, "8 content types");
	is_int(tls_reg_ec_point_formats.count, 3, "3 point formats");
	is_int(tls_reg_psk_ke_modes.count, 2, "2 psk modes");
	is_int(tls_reg_cert_compression.count, 3, "3 compression algorithms");
	is_int(tls_reg_cert_status_types.count, 2, "2 status types");
	is_int(tls_reg_client_cert_types.count, 12, "12 client cert types");
	is_int(tls_reg_hash_algorithms.count, 8, "8 hash algorithms");
	is_int(tls_reg_ec_curve_types.count, 3, "3 curve types");
}

int main(void)
{
	test_known_names();
	test_draft_versions();
	test_grease();
	test_unknown();
	test_suite_info();
	test_suite_info_invariants();
	test_tables_sorted();
	test_counts();
	return done_testing();
}
