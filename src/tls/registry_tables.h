/*
 * Internal to the registry module: the tables gen-registry.awk generates
 * from the TSV files in src/tls/registries/ into registry_tables.c (in the
 * build directory).  Every array is sorted by value with no duplicates, so
 * registry.c can binary-search it.  Only registry.c and its unit test
 * include this header; everyone else uses registry.h.
 */
#ifndef TLS_REGISTRY_TABLES_H
#define TLS_REGISTRY_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "tls/registry.h"

typedef struct tls_reg_entry {
	uint16_t value;
	const char *name;
} tls_reg_entry;

typedef struct tls_registry {
	const char *name; /* TSV file name, dashes as underscores */
	const tls_reg_entry *entries;
	size_t count;
} tls_registry;

/* One per TSV file (src/tls/registries/NAME.tsv -> tls_reg_NAME). */
extern const tls_registry tls_reg_extensions;
extern const tls_registry tls_reg_supported_groups;
extern const tls_registry tls_reg_signature_schemes;
extern const tls_registry tls_reg_alerts;
extern const tls_registry tls_reg_handshake_types;
extern const tls_registry tls_reg_content_types;
extern const tls_registry tls_reg_ec_point_formats;
extern const tls_registry tls_reg_psk_ke_modes;
extern const tls_registry tls_reg_cert_compression;
extern const tls_registry tls_reg_cert_status_types;
extern const tls_registry tls_reg_client_cert_types;
extern const tls_registry tls_reg_hash_algorithms;
extern const tls_registry tls_reg_ec_curve_types;

/* Every registry above, in TSV order (for tests and listings). */
extern const tls_registry *const tls_reg_all[];
extern const size_t tls_reg_all_count;

/* cipher-suites.tsv, with what each IANA name says about the suite. */
extern const tls_suite_info tls_reg_suites[];
extern const size_t tls_reg_suites_count;

#endif
