/*
 * Subcommands and the trust options every mode shares (spec/cli.md):
 *   tlsview cert FILE... [--host N] [trust options] [--json | --text]
 *   tlsview anchors [trust options] [--json] [TEXT]
 * and, for replays, a checker that gives each connection its verdict
 * before it is written.
 */
#ifndef TV_COMMANDS_H
#define TV_COMMANDS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/conn.h"

/* "tlsview: MESSAGE (see tlsview --help)" on stderr, then exit 2. */
void tv_die_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* argv[0] is the subcommand's name ("cert", "anchors"). */
int tv_cmd_cert(int argc, char **argv);
int tv_cmd_anchors(int argc, char **argv);
/* tlsview lab [--dir D] [--listen ADDR] [--port N] [--check [--json]]
 * [--export DIR]: the workshop lab (argv[0] is "lab"). */
int tv_cmd_lab(int argc, char **argv);

/* tlsview HOST[:PORT] [options]: the whole command line (argv[0] is the
 * program).  Wanted when a HOST is given and neither -r nor -i. */
int tv_cmd_connect(int argc, char **argv);
bool tv_cmd_connect_wanted(int argc, char **argv);

/* getopt_long values of the trust options (above any short option). */
enum {
	TV_OPT_CA_FILE = 0x1000,
	TV_OPT_CA_DIR,
	TV_OPT_NO_SYSTEM_CA,
	TV_OPT_CRL,
	TV_OPT_AT,
	TV_OPT_HOST,
	TV_OPT_FAIL_UNTRUSTED,
	TV_OPT_EXPORT_CERTS,
	TV_OPT_TRUST_LAST = TV_OPT_EXPORT_CERTS,
};

/* Entries for a `struct option` array. */
#define TV_TRUST_LONGOPTS                                                      \
	{"ca-file", required_argument, NULL, TV_OPT_CA_FILE},                  \
	    {"ca-dir", required_argument, NULL, TV_OPT_CA_DIR},                \
	    {"no-system-ca", no_argument, NULL, TV_OPT_NO_SYSTEM_CA},          \
	    {"crl", required_argument, NULL, TV_OPT_CRL},                      \
	    {"at", required_argument, NULL, TV_OPT_AT},                        \
	    {"host", required_argument, NULL, TV_OPT_HOST},                    \
	    {"fail-untrusted", no_argument, NULL, TV_OPT_FAIL_UNTRUSTED},      \
	    {"export-certs", required_argument, NULL, TV_OPT_EXPORT_CERTS}

/* The options' help lines, for usage texts. */
#define TV_TRUST_HELP                                                          \
	"      --ca-file F   trust the CA certificates in F (PEM bundle or\n"  \
	"                    DER; repeatable, each is a store of its own)\n"   \
	"      --ca-dir D    trust the CA certificate files in directory D\n"  \
	"      --no-system-ca  do not use the system trust store\n"            \
	"      --crl F       check revocation against the CRL(s) in F\n"       \
	"      --at TIME     check validity at TIME (2030-01-01T00:00:00Z or\n" \
	"                    2030-01-01) instead of now / the capture's time\n" \
	"      --host N      the name to check the leaf against (default:\n"   \
	"                    the SNI)\n"                                       \
	"      --fail-untrusted  exit 3 when a chain is not trusted\n"         \
	"      --export-certs DIR  write every certificate to DIR as PEM\n"

typedef struct tv_trust_src {
	bool dir; /* --ca-dir, else --ca-file */
	const char *path;
	const char *name; /* the store's name in verdicts; NULL: the path */
} tv_trust_src;

typedef struct tv_trust_opts {
	tv_trust_src *src; /* in command-line order */
	size_t n_src;
	const char **crls;
	size_t n_crls;
	bool no_system;
	const char *at;
	const char *host;
	bool fail_untrusted;
	const char *export_dir;
} tv_trust_opts;

/* Take one trust option (ch is a TV_OPT_*); the strings stay borrowed. */
void tv_trust_opt(tv_trust_opts *o, int ch, const char *arg);
void tv_trust_opts_free(tv_trust_opts *o);

/*
 * Replays: validate each connection's chain before it is written.
 * tv_checker_new loads the stores; on failure it has printed the one-line
 * error and sets *status (1 unreadable file, 2 usage) and returns NULL.
 */
typedef struct tv_checker tv_checker;
tv_checker *tv_checker_new(const tv_trust_opts *o, int *status);
void tv_checker_conn(tv_checker *k, tv_conn *c);
/* 0; 3 with --fail-untrusted when a chain was not trusted; 1 when
 * --export-certs failed (the error was printed). */
int tv_checker_status(const tv_checker *k);
void tv_checker_free(tv_checker *k);
/* The checker's trust anchors (the UI's trust store browser).  They do
 * not change once the checker is made, so reading them while another
 * thread checks connections is safe. */
struct tv_trust;
const struct tv_trust *tv_checker_trust(const tv_checker *k);

#endif
