/*
 * tlsview: the command line.  Parses options, picks the source and the
 * view, and decides how errors are shown (the library only returns them).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/live.h"
#include "capture/pipeline.h"
#include "capture/replay.h"
#include "commands.h"
#include "report/json.h"
#include "report/text.h"
#include "tls/keylog.h"
#include "tls/rsakey.h"
#include "ui/ui.h"
#include "util/buf.h"

enum out_format { OUT_AUTO, OUT_JSON, OUT_TEXT };

typedef struct options {
	const char *read_file;
	tv_live_opts live; /* -i IFACE [-f BPF] [-Z USER] */
	enum out_format format;
	bool verbose;
	bool explain; /* --explain: the guide's notes (report/guide.h) */
	tv_trust_opts trust;
	const char **keylogs; /* --keylog, in order */
	size_t n_keylogs;
	const char **rsa_keys; /* --rsa-key */
	size_t n_rsa_keys;
} options;

/* The session secrets of a replay. */
typedef struct secrets {
	tv_keylog *keylog;
	tv_rsa_keys *rsa;
} secrets;

typedef struct writer {
	enum out_format format;
	bool explain;
	tv_text_opts text;
	tv_buf buf;
	uint64_t conns;
	bool write_failed;
	bool live;	     /* sniffing: each connection out at once */
	tv_checker *checker; /* gives each chain its verdict */
} writer;

/* The capture being sniffed, for the signal handler. */
static tv_live *live_capture;

static void usage(FILE *f)
{
	fputs("usage: tlsview                             the start screen (on a "
	      "terminal)\n"
	      "       tlsview -r FILE [--keylog F]... [--rsa-key F]... "
	      "[--json | --text] [-v]\n"
	      "       tlsview -i IFACE [-f BPF] [-Z USER] [--json | --text]\n"
	      "       tlsview HOST[:PORT] [options]      connect (see tlsview "
	      "HOST --help)\n"
	      "       tlsview cert FILE... [options]    check certificate files\n"
	      "       tlsview anchors [options] [TEXT]  list trust anchors\n"
	      "       tlsview lab [--check] [options]   the workshop lab\n"
	      "\n"
	      "Decode every TLS handshake of a pcap or pcapng capture.\n"
	      "\n"
	      "  -r, --read FILE   replay a capture file (pcap or pcapng)\n"
	      "      --json        one JSON object per connection (JSON Lines)\n"
	      "      --text        a readable report (the default when stdout is\n"
	      "                    not a terminal; on a terminal, -r FILE or -i\n"
	      "                    IFACE opens the interactive UI)\n"
	      "  -v, --verbose     with --text: every message's decoded fields\n"
	      "      --explain     a plain-words note on what each message does in\n"
	      "                    this handshake (--text; --json: \"explain\" in\n"
	      "                    each message; the UI: the notes on, x toggles)\n"
	      "  -i, --interface IFACE  sniff IFACE live (Ctrl-C stops and\n"
	      "                    reports the connections still open)\n"
	      "  -f, --filter BPF  with -i: a capture filter ('tcp port 443')\n"
	      "  -Z, --user USER   with -i: run as USER once IFACE is open\n"
	      "      --keylog F    decrypt with the NSS key log F (SSLKEYLOGFILE\n"
	      "                    format; repeatable); without it, the file named\n"
	      "                    by $SSLKEYLOGFILE; a pcapng's own Decryption\n"
	      "                    Secrets Blocks are always used\n"
	      "      --rsa-key F   the server's RSA private key (PEM or DER), for\n"
	      "                    static RSA key exchange (repeatable)\n"
	      TV_TRUST_HELP
	      "  -h, --help        this help\n"
	      "      --version     the version\n"
	      "\n"
	      "Exit status: 0 done, 1 runtime failure (unreadable file), 2 usage error,\n"
	      "3 a chain was not trusted (with --fail-untrusted).\n"
	      "See tlsview(1).\n",
	      f);
}

static void parse_args(int argc, char **argv, options *o)
{
	enum { OPT_JSON = 256, OPT_TEXT, OPT_VERSION, OPT_KEYLOG, OPT_RSA_KEY,
	       OPT_EXPLAIN };
	static const struct option longopts[] = {
		{ "read", required_argument, NULL, 'r' },
		{ "interface", required_argument, NULL, 'i' },
		{ "filter", required_argument, NULL, 'f' },
		{ "user", required_argument, NULL, 'Z' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "text", no_argument, NULL, OPT_TEXT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "keylog", required_argument, NULL, OPT_KEYLOG },
		{ "rsa-key", required_argument, NULL, OPT_RSA_KEY },
		TV_TRUST_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:i:f:Z:vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			o->read_file = optarg;
			break;
		case 'i':
			o->live.iface = optarg;
			break;
		case 'f':
			o->live.filter = optarg;
			break;
		case 'Z':
			o->live.user = optarg;
			break;
		case OPT_JSON:
			o->format = OUT_JSON;
			break;
		case OPT_TEXT:
			o->format = OUT_TEXT;
			break;
		case 'v':
			o->verbose = true;
			break;
		case OPT_EXPLAIN:
			o->explain = true;
			break;
		case OPT_KEYLOG:
			o->keylogs = tv_xrealloc(o->keylogs, (o->n_keylogs + 1) *
							       sizeof *o->keylogs);
			o->keylogs[o->n_keylogs++] = optarg;
			break;
		case OPT_RSA_KEY:
			o->rsa_keys = tv_xrealloc(o->rsa_keys,
						  (o->n_rsa_keys + 1) *
						      sizeof *o->rsa_keys);
			o->rsa_keys[o->n_rsa_keys++] = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case OPT_VERSION:
			printf("tlsview %s\n", PACKAGE_VERSION);
			exit(0);
		case TV_OPT_CA_FILE ... TV_OPT_TRUST_LAST:
			tv_trust_opt(&o->trust, ch, optarg);
			break;
		case ':':
			tv_die_usage("%s needs an argument", argv[optind - 1]);
			break;
		default:
			tv_die_usage("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		tv_die_usage("%s: unexpected argument (to connect to a server, "
			  "give HOST[:PORT] without -r or -i)",
			  argv[optind]);
	if (o->read_file && o->live.iface)
		tv_die_usage("-r and -i exclude each other");
	if ((o->live.filter || o->live.user) && !o->live.iface)
		tv_die_usage("-f and -Z go with -i IFACE");
	if (!o->read_file && !o->live.iface &&
	    !(o->format == OUT_AUTO && tv_ui_wanted())) {
		usage(stderr);
		exit(2);
	}
}

static void write_conn(void *arg, tv_conn *conn)
{
	writer *w = arg;

	if (w->checker)
		tv_checker_conn(w->checker, conn);

	if (w->format == OUT_JSON && w->explain)
		tv_json_conn_explained(&w->buf, conn);
	else if (w->format == OUT_JSON)
		tv_json_conn(&w->buf, conn);
	else {
		if (w->conns)
			tv_buf_addc(&w->buf, '\n');
		if (w->explain)
			tv_text_conn_explained(&w->buf, conn, &w->text);
		else
			tv_text_conn(&w->buf, conn, &w->text);
	}
	w->conns++;
	tv_conn_free(conn);
	if ((w->live || w->buf.len >= 1 << 16) &&
	    (tv_buf_flush(&w->buf, stdout) != 0 || fflush(stdout) != 0))
		w->write_failed = true;
}

/* One warning line per malformed key log line (the reader holds back
 * the rest after a few and says how many with line 0). */
static void keylog_warn(void *arg, const char *origin, unsigned long line,
			const char *msg)
{
	(void)arg;
	if (line)
		fprintf(stderr, "tlsview: %s:%lu: %s\n", origin,
			line, msg);
	else
		fprintf(stderr, "tlsview: %s: %s\n", origin, msg);
}

/* One key log file; required: a --keylog (an unreadable one is an error),
 * not required: $SSLKEYLOGFILE (a warning, the replay goes on). */
static int load_keylog(secrets *s, const char *path, bool required)
{
	tv_error err = { TV_OK, "" };
	tv_status st;

	st = tv_keylog_load_file(s->keylog, path, keylog_warn, NULL, NULL, &err);
	if (st == TV_OK)
		return 0;
	if (!required) {
		fprintf(stderr, "tlsview: %s: %s (named by SSLKEYLOGFILE; going "
				"on without it)\n", path, err.msg);
		return 0;
	}
	fprintf(stderr, "tlsview: %s: %s\n", path, err.msg);
	return st == TV_IO ? 1 : 2;
}

/* The key logs and RSA keys of the command line (and $SSLKEYLOGFILE);
 * returns 0 or the exit status of a failure (already reported). */
static int secrets_load(const options *o, secrets *s)
{
	const char *env = getenv("SSLKEYLOGFILE");
	tv_error err = { TV_OK, "" };
	int st;

	s->keylog = tv_keylog_new();
	s->rsa = tv_rsa_keys_new();
	for (size_t i = 0; i < o->n_keylogs; i++)
		if ((st = load_keylog(s, o->keylogs[i], true)) != 0)
			return st;
	if (!o->n_keylogs && env && *env &&
	    (st = load_keylog(s, env, false)) != 0)
		return st;
	for (size_t i = 0; i < o->n_rsa_keys; i++) {
		tv_status r = tv_rsa_keys_load_file(s->rsa, o->rsa_keys[i], &err);

		if (r != TV_OK) {
			fprintf(stderr, "tlsview: %s: %s\n", o->rsa_keys[i],
				err.msg);
			return r == TV_IO ? 1 : 2;
		}
	}
	return 0;
}

static void secrets_free(secrets *s)
{
	tv_keylog_free(s->keylog);
	tv_rsa_keys_free(s->rsa);
}

/* A stop asked for before the capture was open is kept here. */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
	tv_live_stop(live_capture);
}

/* -i: the interface into the pipeline until SIGINT or SIGTERM.  The
 * handlers are in place before the device opens, so no signal is lost
 * (a background job's SIGINT starts out ignored). */
static tv_status sniff(const options *o, tv_pipeline *p, tv_error *err)
{
	struct sigaction sa;
	uint64_t dropped;
	tv_status st;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal; /* no SA_RESTART: poll returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	st = tv_live_open(&o->live, &live_capture, err);
	if (st == TV_OK) {
		/* like tcpdump: say when packets are being read */
		fprintf(stderr, "tlsview: listening on %s (Ctrl-C stops)\n",
			o->live.iface);
		if (stop_requested)
			tv_live_stop(live_capture);
		st = tv_live_run(live_capture, p, err);
		if (tv_live_dropped(live_capture, &dropped) && dropped)
			fprintf(stderr,
				"tlsview: %s: the kernel dropped %llu packets "
				"(use a narrower -f filter)\n",
				o->live.iface, (unsigned long long)dropped);
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	tv_live_close(live_capture);
	live_capture = NULL;
	return st;
}

/* -r or -i on a terminal: the UI.  Returns the exit status, or -1 when
 * the terminal cannot be used (the text report follows instead). */
static int replay_ui(const options *o, const tv_pipeline_opts *popts,
		     secrets *sec, tv_checker *checker)
{
	tv_ui_replay_opts uo = {.path = o->read_file,
				.live = o->live.iface ? &o->live : NULL,
				.pipeline = *popts,
				.secrets = sec->keylog,
				.checker = checker,
				.explain = o->explain};
	tv_error err = { TV_OK, "" };
	tv_status st;

	if (!tv_ui_replay(&uo, &st, &err))
		return -1;
	if (st != TV_OK && o->live.iface) {
		fprintf(stderr, "tlsview: %s\n", err.msg);
		return st == TV_MALFORMED ? 2 : 1;
	}
	if (st != TV_OK)
		fprintf(stderr, "tlsview: %s: %s\n", o->read_file, err.msg);
	return st == TV_OK || st == TV_TRUNCATED ? 0 : 1;
}

static int replay(const options *o)
{
	tv_pipeline_opts popts;
	tv_pipeline *p;
	tv_error err = { TV_OK, "" };
	tv_status st;
	writer w = { 0 };
	secrets sec = { 0 };
	int vst;

	if ((vst = secrets_load(o, &sec)) != 0) {
		secrets_free(&sec);
		return vst;
	}
	w.checker = tv_checker_new(&o->trust, &vst);
	if (!w.checker) {
		secrets_free(&sec);
		return vst;
	}
	w.format = o->format == OUT_JSON ? OUT_JSON : OUT_TEXT;
	w.text.verbose = o->verbose;
	w.explain = o->explain;
	w.text.width = 80;
	tv_buf_init(&w.buf);
	tv_pipeline_opts_default(&popts);
	popts.keylog = sec.keylog;
	popts.rsa_keys = sec.rsa;
	if (o->live.iface)
		popts.max_pending = 0; /* an open connection holds none back */
	if (o->format == OUT_AUTO && tv_ui_wanted() &&
	    (vst = replay_ui(o, &popts, &sec, w.checker)) >= 0) {
		int cst = tv_checker_status(w.checker);

		secrets_free(&sec);
		tv_buf_free(&w.buf);
		tv_checker_free(w.checker);
		return vst ? vst : cst;
	}
	if (!o->read_file && !o->live.iface) { /* no UI for the start */
		usage(stderr);
		secrets_free(&sec);
		tv_checker_free(w.checker);
		return 2;
	}
	p = tv_pipeline_new(&popts, write_conn, &w);
	w.live = o->live.iface != NULL;
	if (o->live.iface)
		st = sniff(o, p, &err);
	else
	{
		/* the capture's own Decryption Secrets Blocks join the key
		 * logs, in the same pass */
		tv_replay_opts ro = {.secrets = sec.keylog,
				     .warn = keylog_warn};

		st = tv_replay_file_opts(o->read_file, p, &ro, &err);
	}
	if (tv_buf_flush(&w.buf, stdout) != 0 || fflush(stdout) != 0)
		w.write_failed = true;
	tv_pipeline_free(p);
	secrets_free(&sec);
	tv_buf_free(&w.buf);
	vst = tv_checker_status(w.checker); /* 3: --fail-untrusted */
	tv_checker_free(w.checker);
	if (w.write_failed) {
		fprintf(stderr, "tlsview: standard output: write failed: %s "
				"(check the disk or the pipe)\n",
			strerror(errno));
		return 1;
	}
	if (st == TV_TRUNCATED) {
		fprintf(stderr, "tlsview: %s: %s\n", o->read_file, err.msg);
		return vst;
	}
	if (st != TV_OK && o->live.iface) {
		fprintf(stderr, "tlsview: %s\n", err.msg);
		return st == TV_MALFORMED ? 2 : 1;
	}
	if (st != TV_OK) {
		fprintf(stderr, "tlsview: %s: %s\n", o->read_file, err.msg);
		return 1;
	}
	if (w.conns == 0 && w.format == OUT_TEXT && !o->live.iface)
		fprintf(stderr, "tlsview: %s: no TLS connection in this capture\n",
			o->read_file);
	return vst;
}

int main(int argc, char **argv)
{
	options o = { 0 };
	int st;

	if (argc > 1 && !strcmp(argv[1], "cert"))
		return tv_cmd_cert(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "anchors"))
		return tv_cmd_anchors(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "lab"))
		return tv_cmd_lab(argc - 1, argv + 1);
	if (tv_cmd_connect_wanted(argc, argv))
		return tv_cmd_connect(argc, argv);
	parse_args(argc, argv, &o);
	st = replay(&o);
	tv_trust_opts_free(&o.trust);
	free(o.keylogs);
	free(o.rsa_keys);
	return st;
}
