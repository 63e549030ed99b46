/*
 * tlsview: the command line.  Parses options, picks the source and the
 * view, and decides how errors are shown (the library only returns them).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/pipeline.h"
#include "capture/replay.h"
#include "commands.h"
#include "report/json.h"
#include "report/text.h"
#include "util/buf.h"

enum out_format { OUT_AUTO, OUT_JSON, OUT_TEXT };

typedef struct options {
	const char *read_file;
	enum out_format format;
	bool verbose;
	tv_trust_opts trust;
} options;

typedef struct writer {
	enum out_format format;
	tv_text_opts text;
	tv_buf buf;
	uint64_t conns;
	bool write_failed;
	tv_checker *checker; /* gives each chain its verdict */
} writer;

static void usage(FILE *f)
{
	fputs("usage: tlsview -r FILE [--json | --text] [-v]\n"
	      "       tlsview cert FILE... [options]    check certificate files\n"
	      "       tlsview anchors [options] [TEXT]  list trust anchors\n"
	      "\n"
	      "Decode every TLS handshake of a pcap or pcapng capture.\n"
	      "\n"
	      "  -r, --read FILE   replay a capture file (pcap or pcapng)\n"
	      "      --json        one JSON object per connection (JSON Lines)\n"
	      "      --text        a readable report (the default when stdout is\n"
	      "                    not a terminal, and for now on a terminal too)\n"
	      "  -v, --verbose     with --text: every message's decoded fields\n"
	      TV_TRUST_HELP
	      "  -h, --help        this help\n"
	      "      --version     the version\n"
	      "\n"
	      "Exit status: 0 done, 1 runtime failure (unreadable file), 2 usage error,\n"
	      "3 a chain was not trusted (with --fail-untrusted).\n"
	      "See tlsview(1).\n",
	      f);
}

static void die_usage(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static void die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("tlsview: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see tlsview --help)\n", stderr);
	exit(2);
}

static void parse_args(int argc, char **argv, options *o)
{
	enum { OPT_JSON = 256, OPT_TEXT, OPT_VERSION };
	static const struct option longopts[] = {
		{ "read", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "text", no_argument, NULL, OPT_TEXT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		TV_TRUST_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			o->read_file = optarg;
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
			die_usage("%s needs an argument", argv[optind - 1]);
			break;
		default:
			die_usage("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		die_usage("%s: connecting to live servers is not part of this "
			  "version yet; replay a capture with -r FILE",
			  argv[optind]);
	if (!o->read_file) {
		usage(stderr);
		exit(2);
	}
}

static void write_conn(void *arg, tv_conn *conn)
{
	writer *w = arg;

	if (w->checker)
		tv_checker_conn(w->checker, conn);

	if (w->format == OUT_JSON)
		tv_json_conn(&w->buf, conn);
	else {
		if (w->conns)
			tv_buf_addc(&w->buf, '\n');
		tv_text_conn(&w->buf, conn, &w->text);
	}
	w->conns++;
	tv_conn_free(conn);
	if (w->buf.len >= 1 << 16 && tv_buf_flush(&w->buf, stdout) != 0)
		w->write_failed = true;
}

static int replay(const options *o)
{
	tv_pipeline_opts popts;
	tv_pipeline *p;
	tv_error err = { TV_OK, "" };
	tv_status st;
	writer w = { 0 };
	int vst;

	w.checker = tv_checker_new(&o->trust, &vst);
	if (!w.checker)
		return vst;
	w.format = o->format == OUT_JSON ? OUT_JSON : OUT_TEXT;
	w.text.verbose = o->verbose;
	w.text.width = 80;
	tv_buf_init(&w.buf);
	tv_pipeline_opts_default(&popts);
	p = tv_pipeline_new(&popts, write_conn, &w);
	st = tv_replay_file(o->read_file, p, NULL, NULL, &err);
	if (tv_buf_flush(&w.buf, stdout) != 0 || fflush(stdout) != 0)
		w.write_failed = true;
	tv_pipeline_free(p);
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
	if (st != TV_OK) {
		fprintf(stderr, "tlsview: %s: %s\n", o->read_file, err.msg);
		return 1;
	}
	if (w.conns == 0 && w.format == OUT_TEXT)
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
	parse_args(argc, argv, &o);
	st = replay(&o);
	tv_trust_opts_free(&o.trust);
	return st;
}
