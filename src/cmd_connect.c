/*
 * `tlsview HOST[:PORT]`: connect to a server (optionally after a STARTTLS
 * preamble), decode the handshake through the same decoder as a capture,
 * give the chain its verdict and print the connection; -w saves the
 * session as a pcapng capture with its secrets, --keylog-out as an NSS
 * key log.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/pcapng_writer.h"
#include "commands.h"
#include "net/session.h"
#include "report/json.h"
#include "report/text.h"
#include "tls/keylog.h"
#include "ui/ui.h"
#include "util/buf.h"

enum {
	OPT_JSON = 0x3000,
	OPT_TEXT,
	OPT_HELP,
	OPT_SNI,
	OPT_NO_SNI,
	OPT_ALPN,
	OPT_TLS12,
	OPT_TLS13,
	OPT_MIN_VERSION,
	OPT_MAX_VERSION,
	OPT_PRIORITY,
	OPT_STARTTLS,
	OPT_CLIENT_CERT,
	OPT_CLIENT_KEY,
	OPT_TIMEOUT,
	OPT_RESUME,
	OPT_KEYLOG_OUT,
	OPT_EXPLAIN,
};

static const struct option longopts[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"text", no_argument, NULL, OPT_TEXT},
    {"verbose", no_argument, NULL, 'v'},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"help", no_argument, NULL, OPT_HELP},
    {"sni", required_argument, NULL, OPT_SNI},
    {"no-sni", no_argument, NULL, OPT_NO_SNI},
    {"alpn", required_argument, NULL, OPT_ALPN},
    {"tls1.2", no_argument, NULL, OPT_TLS12},
    {"tls1.3", no_argument, NULL, OPT_TLS13},
    {"min-version", required_argument, NULL, OPT_MIN_VERSION},
    {"max-version", required_argument, NULL, OPT_MAX_VERSION},
    {"priority", required_argument, NULL, OPT_PRIORITY},
    {"starttls", required_argument, NULL, OPT_STARTTLS},
    {"client-cert", required_argument, NULL, OPT_CLIENT_CERT},
    {"client-key", required_argument, NULL, OPT_CLIENT_KEY},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"resume", no_argument, NULL, OPT_RESUME},
    {"keylog-out", required_argument, NULL, OPT_KEYLOG_OUT},
    {"write", required_argument, NULL, 'w'},
    TV_TRUST_LONGOPTS,
    {NULL, 0, NULL, 0},
};

typedef struct connect_opts {
	const char *arg; /* HOST[:PORT] as typed */
	tv_session_opts s;
	bool json, text, verbose, resume, explain;
	const char *write, *keylog_out;
	tv_trust_opts trust;
} connect_opts;

static void usage(FILE *f)
{
	fputs(
	    "usage: tlsview HOST[:PORT] [options]\n"
	    "\n"
	    "Connect to a TLS server and show its handshake, decoded (and\n"
	    "decrypted with the session's own secrets) as a capture of it\n"
	    "would be, with the certificate chain and its verdict.\n"
	    "PORT defaults to 443; IPv6 addresses as [2001:db8::1]:443.\n"
	    "\n"
	    "      --sni NAME     the server name to send (default: HOST)\n"
	    "      --no-sni       send no server name\n"
	    "      --alpn LIST    offer these ALPN protocols (h2,http/1.1)\n"
	    "      --tls1.2, --tls1.3  offer only this version\n"
	    "      --min-version V, --max-version V  bounds (1.0 to 1.3)\n"
	    "      --priority S   a GnuTLS priority string (default NORMAL)\n"
	    "      --starttls P   speak P's preamble first: smtp, imap, pop3,\n"
	    "                     ftp, xmpp, postgres, ldap, mysql\n"
	    "      --client-cert F, --client-key F  a client certificate\n"
	    "      --timeout S    seconds for each step (default 10)\n"
	    "      --resume       connect again, resuming the first session\n"
	    "      --keylog-out F append the session secrets to F (NSS key\n"
	    "                     log format, as SSLKEYLOGFILE)\n"
	    "  -w, --write F      save the session as a pcapng capture, "
	    "secrets\n"
	    "                     included (Wireshark decrypts it as it is)\n"
	    "      --json         one JSON object per connection\n"
	    "      --text         a readable report (the default)\n"
	    "  -v, --verbose      with --text: every message's decoded "
	    "fields\n"
	    "      --explain      a plain-words note on what each message "
	    "does in\n"
	    "                     this handshake (--text; --json: \"explain\" "
	    "in\n"
	    "                     each message; the UI: the notes on, x "
	    "toggles)\n"
	    TV_TRUST_HELP "\n"
	    "Exit status: 0 done, 1 the connection failed, 2 usage error,\n"
	    "3 the chain was not trusted (with --fail-untrusted).\n"
	    "See tlsview(1).\n",
	    f);
}

static int version_arg(const char *opt, const char *v)
{
	int ver = tv_session_version_parse(v);

	if (!ver)
		tv_die_usage("%s %s: give a TLS version: 1.0, 1.1, 1.2 or 1.3",
			  opt, v);
	return ver;
}

/* --tls1.2 and --tls1.3 together allow both. */
static void only_version(connect_opts *o, int v, bool *given)
{
	if (!*given || v < o->s.min_version)
		o->s.min_version = v;
	if (!*given || v > o->s.max_version)
		o->s.max_version = v;
	*given = true;
}

static int timeout_arg(const char *v)
{
	char *end;
	double s = strtod(v, &end);

	if (end == v || *end || !(s > 0) || s > 3600)
		tv_die_usage("--timeout %s: give seconds, more than 0 and at most "
			  "3600",
			  v);
	return (int)(s * 1000 + 0.5) ? (int)(s * 1000 + 0.5) : 1;
}

static void take_opt(connect_opts *o, int ch, bool *exact)
{
	switch (ch) {
	case OPT_JSON:
		o->json = true;
		break;
	case OPT_TEXT:
		o->json = false;
		o->text = true;
		break;
	case 'v':
		o->verbose = true;
		break;
	case OPT_EXPLAIN:
		o->explain = true;
		break;
	case OPT_HELP:
		usage(stdout);
		exit(0);
	case OPT_SNI:
		o->s.sni = optarg;
		break;
	case OPT_NO_SNI:
		o->s.no_sni = true;
		break;
	case OPT_ALPN:
		o->s.alpn = optarg;
		break;
	case OPT_TLS12:
		only_version(o, 0x0303, exact);
		break;
	case OPT_TLS13:
		only_version(o, 0x0304, exact);
		break;
	case OPT_MIN_VERSION:
		o->s.min_version = version_arg("--min-version", optarg);
		break;
	case OPT_MAX_VERSION:
		o->s.max_version = version_arg("--max-version", optarg);
		break;
	case OPT_PRIORITY:
		o->s.priority = optarg;
		break;
	case OPT_STARTTLS:
		o->s.starttls = tv_starttls_find(optarg);
		if (!o->s.starttls)
			tv_die_usage(
			    "--starttls %s: not a protocol tlsview speaks "
			    "(%s)",
			    optarg, tv_starttls_all_names());
		break;
	case OPT_CLIENT_CERT:
		o->s.client_cert = optarg;
		break;
	case OPT_CLIENT_KEY:
		o->s.client_key = optarg;
		break;
	case OPT_TIMEOUT:
		o->s.timeout_ms = timeout_arg(optarg);
		break;
	case OPT_RESUME:
		o->resume = true;
		break;
	case OPT_KEYLOG_OUT:
		o->keylog_out = optarg;
		break;
	case 'w':
		o->write = optarg;
		break;
	default:
		tv_trust_opt(&o->trust, ch, optarg);
	}
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static void check_opts(connect_opts *o)
{
	tv_error err;

	if (has_suffix(o->arg, ".pcap") || has_suffix(o->arg, ".pcapng"))
		tv_die_usage("%s: a capture file, not a host (read it with -r %s)",
			  o->arg, o->arg);
	if (!tv_target_parse(o->arg, "443", &o->s.target, &err))
		tv_die_usage("%s", err.msg);
	if (o->s.sni && o->s.no_sni)
		tv_die_usage("--sni and --no-sni exclude each other");
	if (o->s.min_version && o->s.max_version &&
	    o->s.min_version > o->s.max_version)
		tv_die_usage("--min-version is above --max-version");
	if (o->s.client_key && !o->s.client_cert)
		tv_die_usage("--client-key needs --client-cert");
	if (o->s.client_cert && !o->s.client_key)
		o->s.client_key = o->s.client_cert; /* both in one PEM file */
	/* the name to check the leaf against: the SNI, else what was typed */
	if (!o->trust.host && (o->s.no_sni || o->s.target.ip_literal))
		o->trust.host = o->s.sni ? o->s.sni : o->s.target.host;
}

static void parse_args(int argc, char **argv, connect_opts *o)
{
	bool exact = false;
	int ch;

	o->s.timeout_ms = 10000;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":vw:h", longopts, NULL)) != -1) {
		if (ch == 'h')
			ch = OPT_HELP;
		if (ch == ':')
			tv_die_usage("%s needs an argument", argv[optind - 1]);
		if (ch == '?')
			tv_die_usage("unknown option %s", argv[optind - 1]);
		take_opt(o, ch, &exact);
	}
	if (optind != argc - 1)
		tv_die_usage(optind < argc ? "give one HOST[:PORT], not several"
					: "give the HOST[:PORT] to connect to");
	o->arg = argv[optind];
	check_opts(o);
}

/* ---- output -------------------------------------------------------------- */

typedef struct out {
	bool json, explain;
	tv_text_opts text;
	tv_checker *checker;
	unsigned conns;
	bool write_failed;
} out;

static void out_conn(out *w, tv_conn *c)
{
	tv_buf b;

	tv_checker_conn(w->checker, c);
	tv_buf_init(&b);
	if (w->json && w->explain) {
		tv_json_conn_explained(&b, c);
	} else if (w->json) {
		tv_json_conn(&b, c);
	} else {
		if (w->conns)
			tv_buf_addc(&b, '\n');
		if (w->explain)
			tv_text_conn_explained(&b, c, &w->text);
		else
			tv_text_conn(&b, c, &w->text);
	}
	w->conns++;
	if (tv_buf_flush(&b, stdout) != 0 || fflush(stdout) != 0)
		w->write_failed = true;
	tv_buf_free(&b);
}

/* Append the NSS key log lines to path (created 0600: it holds keys). */
static bool keylog_append(const char *path, const tv_buf *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	const char *p = text->p;
	size_t left = text->len;
	bool ok = fd >= 0;

	while (ok && left) {
		ssize_t k = write(fd, p, left);

		if (k < 0 && errno == EINTR)
			continue;
		ok = k > 0;
		if (ok) {
			p += k;
			left -= (size_t)k;
		}
	}
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr,
			"tlsview: %s: cannot write the key log: %s "
			"(check the path and its permissions)\n",
			path, strerror(errno));
	return ok;
}

/* The session's files: -w and --keylog-out; false on a failure. */
static bool save(const connect_opts *o, tv_session *s, tv_pcapng_writer *pw)
{
	const tv_buf *keys = tv_session_keylog_text(s);
	tv_error err = {TV_OK, ""};
	bool ok = true;

	if (pw) {
		tv_pcapng_add_secrets(pw, keys->p, keys->len);
		if (tv_pcapng_write(pw, o->write, &err) != TV_OK) {
			fprintf(stderr, "tlsview: %s: %s\n", o->write, err.msg);
			ok = false;
		}
	}
	if (o->keylog_out && keys->len)
		ok &= keylog_append(o->keylog_out, keys);
	return ok;
}

/* One connection; false when it failed (the error is printed). */
static bool run_one(const connect_opts *o, tv_session *s, bool resume, out *w)
{
	tv_error err = {TV_OK, ""};
	tv_conn *c = NULL;
	tv_status st = tv_session_connect(s, resume, &c, &err);

	if (c) {
		out_conn(w, c);
		tv_conn_free(c);
	}
	if (st != TV_OK)
		fprintf(stderr, "tlsview: %s: %s\n", o->arg, err.msg);
	return st == TV_OK;
}

/* On a terminal, with no file to save: the UI, opened on the
 * connection.  The exit status, or -1 when the terminal cannot be used. */
static int run_ui(const connect_opts *o, tv_checker *k)
{
	tv_ui_replay_opts uo = {.connect = o->arg, .session = &o->s,
				.checker = k, .explain = o->explain};
	tv_error err = {TV_OK, ""};
	tv_status st;
	bool shown;

	tv_pipeline_opts_default(&uo.pipeline); /* for captures opened there */
	uo.secrets = tv_keylog_new();
	uo.pipeline.keylog = uo.secrets;
	shown = tv_ui_replay(&uo, &st, &err);
	tv_keylog_free(uo.secrets);
	if (!shown)
		return -1;
	if (st != TV_OK)
		fprintf(stderr, "tlsview: %s: %s\n", o->arg, err.msg);
	return st == TV_OK ? tv_checker_status(k) : 1;
}

static int run(connect_opts *o)
{
	tv_error err = {TV_OK, ""};
	tv_pcapng_writer *pw = NULL;
	tv_session *s;
	out w = {0};
	bool ok;
	int st;

	w.json = o->json;
	w.explain = o->explain;
	w.text.verbose = o->verbose;
	w.text.width = 80;
	w.checker = tv_checker_new(&o->trust, &st);
	if (!w.checker)
		return st;
	if (o->write)
		pw = o->s.pcap = tv_pcapng_writer_new();
	s = tv_session_new(&o->s, &err);
	if (!s) {
		fprintf(stderr, "tlsview: %s\n", err.msg);
		tv_pcapng_writer_free(pw);
		tv_checker_free(w.checker);
		return err.status == TV_MALFORMED ? 2 : 1;
	}
	/* the options are good (s was made): the UI makes its own */
	if (!o->json && !o->text && !o->write &&
	    !o->keylog_out && !o->resume && tv_ui_wanted() &&
	    (st = run_ui(o, w.checker)) >= 0) {
		tv_session_free(s);
		tv_pcapng_writer_free(pw);
		tv_checker_free(w.checker);
		return st;
	}
	ok = run_one(o, s, false, &w);
	if (ok && o->resume)
		ok = run_one(o, s, true, &w);
	if (w.conns && !save(o, s, pw))
		ok = false;
	st = tv_checker_status(w.checker);
	if (w.write_failed) {
		fprintf(stderr,
			"tlsview: standard output: write failed: %s "
			"(check the disk or the pipe)\n",
			strerror(errno));
		ok = false;
	}
	tv_session_free(s);
	tv_pcapng_writer_free(pw);
	tv_checker_free(w.checker);
	return ok ? st : 1;
}

int tv_cmd_connect(int argc, char **argv)
{
	connect_opts o;
	int st;

	memset(&o, 0, sizeof o);
	parse_args(argc, argv, &o);
	st = run(&o);
	tv_trust_opts_free(&o.trust);
	return st;
}

/* ---- is this a connect command line? ------------------------------------- */

/* Long options of any mode that take a value in the next argument. */
static bool long_takes_value(const char *name, size_t n)
{
	static const char *const others[] = {"keylog", "rsa-key", "filter",
					     "user"};

	for (const struct option *lo = longopts; lo->name; lo++)
		if (strlen(lo->name) == n && !strncmp(lo->name, name, n))
			return lo->has_arg == required_argument;
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if (strlen(others[i]) == n && !strncmp(others[i], name, n))
			return true;
	return false;
}

bool tv_cmd_connect_wanted(int argc, char **argv)
{
	bool host = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--"))
			return i + 1 < argc;
		if (a[0] != '-' || !a[1]) {
			host = true;
		} else if (a[1] == '-') {
			size_t n = strcspn(a + 2, "=");

			if ((n == 4 && !strncmp(a + 2, "read", 4)) ||
			    (n == 9 && !strncmp(a + 2, "interface", 9)))
				return false;
			if (!a[2 + n] && long_takes_value(a + 2, n))
				i++;
		} else {
			for (const char *p = a + 1; *p; p++) {
				if (*p == 'r' || *p == 'i')
					return false;
				if (strchr("wfZ", *p)) {
					i += !p[1];
					break;
				}
			}
		}
	}
	return host;
}
