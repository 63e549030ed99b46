/*
 * Registry lookups: binary search over the sorted, read-only tables that
 * gen-registry.awk generates (registry_tables.c).  Nothing here allocates or
 * keeps state, so every lookup is thread-safe.
 */
#include "tls/registry.h"

#include <stddef.h>
#include <stdint.h>

#include "tls/registry_tables.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char grease[] = "GREASE";

static const char *reg_find(const tls_registry *reg, unsigned v)
{
	size_t lo = 0, hi = reg->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		unsigned m = reg->entries[mid].value;

		if (m == v)
			return reg->entries[mid].name;
		if (m < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* RFC 8701: 0x0a0a, 0x1a1a, ... 0xfafa, both bytes equal. */
bool tls_is_grease(unsigned v)
{
	return v <= 0xffff && (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

/* RFC 8701 section 2: PskKeyExchangeMode GREASE is 0x0b + 0x1f * n. */
static bool psk_mode_is_grease(unsigned v)
{
	return v >= 0x0b && v <= 0xe4 && (v - 0x0b) % 0x1f == 0;
}

static const char *grease_or_find(const tls_registry *reg, unsigned v)
{
	return tls_is_grease(v) ? grease : reg_find(reg, v);
}

const tls_suite_info *tls_suite_lookup(unsigned id)
{
	size_t lo = 0, hi = tls_reg_suites_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		unsigned m = tls_reg_suites[mid].id;

		if (m == id)
			return &tls_reg_suites[mid];
		if (m < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *tls_cipher_suite_name(unsigned v)
{
	const tls_suite_info *s;

	if (tls_is_grease(v))
		return grease;
	s = tls_suite_lookup(v);
	return s ? s->name : NULL;
}

const char *tls_extension_name(unsigned v)
{
	return grease_or_find(&tls_reg_extensions, v);
}

const char *tls_group_name(unsigned v)
{
	return grease_or_find(&tls_reg_supported_groups, v);
}

const char *tls_sigscheme_name(unsigned v)
{
	return grease_or_find(&tls_reg_signature_schemes, v);
}

const char *tls_alert_name(unsigned v)
{
	return reg_find(&tls_reg_alerts, v);
}

const char *tls_handshake_type_name(unsigned v)
{
	return reg_find(&tls_reg_handshake_types, v);
}

const char *tls_content_type_name(unsigned v)
{
	return reg_find(&tls_reg_content_types, v);
}

const char *tls_ec_point_format_name(unsigned v)
{
	return reg_find(&tls_reg_ec_point_formats, v);
}

const char *tls_psk_ke_mode_name(unsigned v)
{
	return psk_mode_is_grease(v) ? grease
				     : reg_find(&tls_reg_psk_ke_modes, v);
}

const char *tls_cert_compression_name(unsigned v)
{
	return reg_find(&tls_reg_cert_compression, v);
}

const char *tls_cert_status_type_name(unsigned v)
{
	return reg_find(&tls_reg_cert_status_types, v);
}

const char *tls_cert_type_name(unsigned v)
{
	return reg_find(&tls_reg_client_cert_types, v);
}

const char *tls_hash_name(unsigned v)
{
	return reg_find(&tls_reg_hash_algorithms, v);
}

const char *tls_ec_curve_type_name(unsigned v)
{
	return reg_find(&tls_reg_ec_curve_types, v);
}

/*
 * Alert levels and protocol versions are not IANA registries.  Sorted by
 * value; the pre-RFC TLS 1.3 drafts used 0x7f00 + draft number.
 */
/* clang-format off */
#define TLS13_DRAFT(n) { 0x7f00 + (n), "TLS 1.3 (draft " #n ")" }

static const tls_reg_entry alert_level_entries[] = {
	{ 1, "warning" },
	{ 2, "fatal" },
};

static const tls_reg_entry version_entries[] = {
	{ 0x0002, "SSL 2.0" },
	{ 0x0100, "DTLS 1.0 (OpenSSL pre 0.9.8f)" },
	{ 0x0300, "SSL 3.0" },
	{ 0x0301, "TLS 1.0" },
	{ 0x0302, "TLS 1.1" },
	{ 0x0303, "TLS 1.2" },
	{ 0x0304, "TLS 1.3" },
	TLS13_DRAFT(1),  TLS13_DRAFT(2),  TLS13_DRAFT(3),  TLS13_DRAFT(4),
	TLS13_DRAFT(5),  TLS13_DRAFT(6),  TLS13_DRAFT(7),  TLS13_DRAFT(8),
	TLS13_DRAFT(9),  TLS13_DRAFT(10), TLS13_DRAFT(11), TLS13_DRAFT(12),
	TLS13_DRAFT(13), TLS13_DRAFT(14), TLS13_DRAFT(15), TLS13_DRAFT(16),
	TLS13_DRAFT(17), TLS13_DRAFT(18), TLS13_DRAFT(19), TLS13_DRAFT(20),
	TLS13_DRAFT(21), TLS13_DRAFT(22), TLS13_DRAFT(23), TLS13_DRAFT(24),
	TLS13_DRAFT(25), TLS13_DRAFT(26), TLS13_DRAFT(27), TLS13_DRAFT(28),
	{ 0xfb17, "TLS 1.3 (Facebook draft 23)" },
	{ 0xfb1a, "TLS 1.3 (Facebook draft 26)" },
	{ 0xfefc, "DTLS 1.3" },
	{ 0xfefd, "DTLS 1.2" },
	{ 0xfeff, "DTLS 1.0" },
};

static const tls_registry alert_levels = {
	"alert_levels", alert_level_entries, ARRAY_SIZE(alert_level_entries)
};

static const tls_registry versions = {
	"versions", version_entries, ARRAY_SIZE(version_entries)
};
/* clang-format on */

const char *tls_alert_level_name(unsigned v)
{
	return reg_find(&alert_levels, v);
}

const char *tls_version_name(unsigned v)
{
	return grease_or_find(&versions, v);
}
