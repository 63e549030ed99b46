/*
 * `tlsview lab`: the workshop lab.  Makes (or reuses) the lab's PKI,
 * serves every case on its own port, and either lists them and serves
 * until Ctrl-C, checks each case as a client would (--check), or writes
 * the PKI and an attendee README (--export).
 */
#include <errno.h>
#include <pthread.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "lab/lab.h"
#include "model/validation.h"
#include "net/session.h"
#include "report/escape.h"
#include "report/json.h"
#include "tls/registry.h"
#include "ui/ui.h"
#include "util/buf.h"

enum {
	OPT_DIR = 0x4000,
	OPT_LISTEN,
	OPT_PORT,
	OPT_CHECK,
	OPT_JSON,
	OPT_TEXT,
	OPT_EXPORT,
	OPT_HELP,
};

typedef struct lab_cmd {
	tv_lab_opts o;
	bool check, json, text;
	const char *export_dir;
} lab_cmd;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tlsview lab [--dir D] [--listen ADDR] [--port N] "
		"[--check [--json]]\n"
		"                   [--export DIR] [--text]\n"
		"\n"
		"The workshop lab: a teaching PKI (root CA, intermediate CA, "
		"leaves) and one\n"
		"TLS server per case on its own port: a good chain, a "
		"self-signed leaf, an\n"
		"expired certificate, a HelloRetryRequest...\n"
		"\n"
		"      --dir D       keep the PKI in D (default "
		"$XDG_CACHE_HOME/tlsview/lab,\n"
		"                    else ~/.cache/tlsview/lab); reused while "
		"it stays valid\n"
		"      --listen ADDR serve on ADDR (an address of this machine, "
		"or 0.0.0.0) so\n"
		"                    a classroom network can connect; default "
		"loopback only\n"
		"      --port N      case i on port N+i (default %u); 0: any free "
		"ports\n"
		"      --check       connect to every case, print each verdict; "
		"exit 0 when\n"
		"                    every case behaves as expected, else 1\n"
		"      --json        with --check: one JSON document\n"
		"      --export DIR  write the PKI and an attendee README with "
		"the openssl\n"
		"                    commands that rebuild and verify each "
		"case\n"
		"      --text        list the cases and serve until Ctrl-C "
		"(the default when\n"
		"                    stdout is not a terminal)\n"
		"\n"
		"Exit status: 0 done, 1 failure (or a case not as expected "
		"with --check),\n"
		"2 usage error.  See tlsview(1).\n",
		TV_LAB_PORT);
}

static unsigned port_arg(const char *v)
{
	char *end;
	unsigned long p;

	errno = 0;
	p = strtoul(v, &end, 10);
	if (!*v || *end || errno || p > 65535)
		tv_die_usage("lab: --port %s: give a port number from 1 to 65535, "
			     "or 0 for any free ports",
			     v);
	return (unsigned)p;
}

static void parse_args(int argc, char **argv, lab_cmd *o)
{
	static const struct option longopts[] = {
	    {"dir", required_argument, NULL, OPT_DIR},
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"port", required_argument, NULL, OPT_PORT},
	    {"check", no_argument, NULL, OPT_CHECK},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"text", no_argument, NULL, OPT_TEXT},
	    {"export", required_argument, NULL, OPT_EXPORT},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	bool port_given = false;
	int ch;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_DIR:
			o->o.dir = optarg;
			break;
		case OPT_LISTEN:
			o->o.listen = optarg;
			break;
		case OPT_PORT:
			o->o.port = port_arg(optarg);
			port_given = true;
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_TEXT:
			o->text = true;
			break;
		case OPT_EXPORT:
			o->export_dir = optarg;
			break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			exit(0);
		case ':':
			tv_die_usage("lab: %s needs an argument",
				     argv[optind - 1]);
			break;
		default:
			tv_die_usage("lab: unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		tv_die_usage("lab: %s: unexpected argument", argv[optind]);
	if (o->json && !o->check)
		tv_die_usage("lab: --json goes with --check");
	/* a check needs no fixed ports: any free ones cannot collide */
	if (!port_given)
		o->o.port = o->check ? 0 : TV_LAB_PORT;
}

/* ---- --check ---- */

typedef struct result {
	tv_conn *conn;
	tv_status st;
	tv_error err;
	const char *alert; /* the first fatal alert, or NULL */
	bool trusted, as_expected;
} result;

static const char *fatal_alert(const tv_conn *c)
{
	for (const tv_alert *a = c ? c->alerts : NULL; a; a = a->next)
		if (a->level == 2)
			return tls_alert_name(a->desc);
	return NULL;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool reasons_match(const tv_lab_case *lc, const tv_validation *v)
{
	size_t n = 0;

	while (lc->expect[n])
		n++;
	if (!v || v->n_reasons != n || v->trusted != (n == 0))
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v->reasons[i].code, lc->expect[i]))
			return false;
	return true;
}

static void check_one(const tv_lab *l, size_t i, tv_checker *k, result *r)
{
	const tv_lab_case *lc = &tv_lab_cases(&(size_t){0})[i];
	tv_session_opts so;
	tv_session *s;

	memset(r, 0, sizeof *r);
	tv_lab_session_opts(l, i, &so);
	s = tv_session_new(&so, &r->err);
	r->st = s ? tv_session_connect(s, false, &r->conn, &r->err)
		  : r->err.status;
	tv_session_free(s);
	if (!r->conn)
		return;
	tv_checker_conn(k, r->conn);
	r->alert = fatal_alert(r->conn);
	r->trusted = r->conn->validation && r->conn->validation->trusted;
	r->as_expected = reasons_match(lc, r->conn->validation) &&
			 same_str(r->alert, lc->expect_alert) &&
			 (lc->expect_alert || r->st == TV_OK);
}

static void codes_text(tv_buf *b, const char *const *codes)
{
	if (!codes[0])
		tv_buf_adds(b, "trusted");
	for (size_t i = 0; codes[i]; i++)
		tv_buf_printf(b, "%s%s", i ? "," : "", codes[i]);
}

static void result_text(tv_buf *b, const tv_lab_case *lc, const result *r)
{
	const tv_validation *v = r->conn ? r->conn->validation : NULL;

	tv_buf_printf(b, "%-16s %s  ", lc->name,
		      r->as_expected ? "PASS" : "FAIL");
	if (!v)
		tv_buf_adds(b, "no verdict");
	else if (v->trusted)
		tv_buf_printf(b, "trusted (%s)",
			      v->anchor ? v->anchor->source : "?");
	for (size_t i = 0; v && i < v->n_reasons; i++)
		tv_buf_printf(b, "%s%s", i ? "," : "", v->reasons[i].code);
	if (r->alert)
		tv_buf_printf(b, "; alert %s", r->alert);
	if (r->st != TV_OK && !r->alert)
		tv_buf_printf(b, "; %s", r->err.msg);
	tv_buf_adds(b, " (expected ");
	codes_text(b, lc->expect);
	if (lc->expect_alert)
		tv_buf_printf(b, "; alert %s", lc->expect_alert);
	tv_buf_adds(b, ")\n");
}

static void json_str(tv_buf *b, const char *s)
{
	if (!s) {
		tv_buf_adds(b, "null");
		return;
	}
	tv_buf_addc(b, '"');
	tv_escape_json(b, (const uint8_t *)s, strlen(s));
	tv_buf_addc(b, '"');
}

static void json_result(tv_buf *b, const tv_lab *l, size_t i,
			const tv_lab_case *lc, const result *r)
{
	const tv_validation *v = r->conn ? r->conn->validation : NULL;

	tv_buf_adds(b, "{\"name\":");
	json_str(b, lc->name);
	tv_buf_adds(b, ",\"title\":");
	json_str(b, lc->title);
	tv_buf_printf(b, ",\"port\":%u,\"expect\":[", tv_lab_port(l, i));
	for (size_t k = 0; lc->expect[k]; k++) {
		tv_buf_adds(b, k ? "," : "");
		json_str(b, lc->expect[k]);
	}
	tv_buf_adds(b, "],\"expect_alert\":");
	json_str(b, lc->expect_alert);
	tv_buf_adds(b, ",\"reasons\":[");
	for (size_t k = 0; v && k < v->n_reasons; k++) {
		tv_buf_adds(b, k ? "," : "");
		json_str(b, v->reasons[k].code);
	}
	tv_buf_printf(b, "],\"trusted\":%s,\"alert\":",
		      r->trusted ? "true" : "false");
	json_str(b, r->alert);
	tv_buf_printf(b, ",\"as_expected\":%s,\"error\":",
		      r->as_expected ? "true" : "false");
	json_str(b, r->st == TV_OK ? NULL : r->err.msg);
	tv_buf_adds(b, ",\"connection\":");
	if (r->conn) {
		size_t at = b->len;

		tv_json_conn(b, r->conn);
		if (b->len > at && b->p[b->len - 1] == '\n')
			b->len--; /* one document, not a line */
	} else {
		tv_buf_adds(b, "null");
	}
	tv_buf_addc(b, '}');
}

static int run_check(const tv_lab *l, bool json)
{
	size_t n, passed = 0;
	const tv_lab_case *cases = tv_lab_cases(&n);
	tv_trust_opts to;
	tv_checker *k;
	tv_buf b;
	int st;

	tv_lab_trust_opts(l, &to);
	k = tv_checker_new(&to, &st);
	tv_trust_opts_free(&to);
	if (!k)
		return 1;
	tv_buf_init(&b);
	if (json) {
		tv_buf_adds(&b, "{\"lab\":{\"dir\":");
		json_str(&b, tv_lab_dir(l));
		tv_buf_adds(&b, ",\"root_sha256\":");
		json_str(&b, tv_lab_root_sha256(l));
		tv_buf_printf(&b, ",\"made\":%s},\"cases\":[",
			      tv_lab_was_made(l) ? "true" : "false");
	}
	for (size_t i = 0; i < n; i++) {
		result r;

		check_one(l, i, k, &r);
		passed += r.as_expected;
		if (json) {
			tv_buf_adds(&b, i ? "," : "");
			json_result(&b, l, i, &cases[i], &r);
		} else {
			result_text(&b, &cases[i], &r);
		}
		tv_conn_free(r.conn);
	}
	if (json)
		tv_buf_printf(&b, "],\"passed\":%zu,\"failed\":%zu}\n", passed,
			      n - passed);
	else
		tv_buf_printf(&b, "%zu of %zu cases as expected\n", passed, n);
	tv_checker_free(k);
	st = tv_buf_flush(&b, stdout) != 0 || fflush(stdout) != 0;
	tv_buf_free(&b);
	if (st) {
		fprintf(stderr, "tlsview: lab: standard output: write failed "
				"(check the disk or the pipe)\n");
		return 1;
	}
	return passed == n ? 0 : 1;
}

/* ---- serving until Ctrl-C ---- */

static void on_signal(int sig)
{
	(void)sig; /* never runs: the signals are blocked and sigwait()ed */
}

/* SIGINT and SIGTERM blocked in every thread (the servers' threads
 * inherit the mask), to be taken by sigwait; a handler is set so a
 * background job's ignored SIGINT is delivered too. */
static void block_stop_signals(sigset_t *set)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

static bool is_v6(const char *a)
{
	return strchr(a, ':') != NULL;
}

static void list_cases(const tv_lab *l, bool listen)
{
	const char *addr = tv_lab_listen_addr(l);
	const char *to = tv_lab_connect_addr(l);
	const char *br = is_v6(addr) ? "[" : "", *ke = is_v6(addr) ? "]" : "";
	size_t n;
	const tv_lab_case *cases = tv_lab_cases(&n);
	unsigned first = tv_lab_port(l, 0);

	printf("tlsview lab: PKI in %s (%s)\n", tv_lab_dir(l),
	       tv_lab_was_made(l) ? "made" : "reused");
	if (listen && !tv_lab_addr_is_loopback(addr))
		printf("tlsview lab: WARNING: serving on %s: the lab is now "
		       "reachable from the network\n",
		       addr);
	printf("serving %zu cases on %s (Ctrl-C stops):\n", n, addr);
	for (size_t i = 0; i < n; i++)
		printf("  %-16s %s%s%s:%-5u  %s\n", cases[i].name, br, addr, ke,
		       tv_lab_port(l, i), cases[i].title);
	printf("try (any case's port):\n");
	if (!strcmp(to, "127.0.0.1"))
		printf("  tlsview localhost:%u --ca-file %s --crl %s\n", first,
		       tv_lab_root_file(l), tv_lab_crl_file(l));
	else
		printf("  tlsview %s%s%s:%u --sni localhost --ca-file %s "
		       "--crl %s\n",
		       is_v6(to) ? "[" : "", to, is_v6(to) ? "]" : "", first,
		       tv_lab_root_file(l), tv_lab_crl_file(l));
	printf("  openssl s_client -connect %s%s%s:%u -servername localhost "
	       "-CAfile %s -verify_return_error -verify_hostname localhost\n",
	       is_v6(to) ? "[" : "", to, is_v6(to) ? "]" : "", first,
	       tv_lab_root_file(l));
	printf("  client-cert case: add --client-cert %s --client-key %s\n",
	       tv_lab_client_cert_file(l), tv_lab_client_key_file(l));
	fflush(stdout);
}

/* Serve until SIGINT or SIGTERM (blocked by the caller before the
 * servers started). */
static void serve_until_signal(const sigset_t *set)
{
	int sig = 0;

	while (sigwait(set, &sig) != 0)
		;
}

static int fail(tv_lab *l, const tv_error *err)
{
	fprintf(stderr, "tlsview: %s\n", err->msg);
	tv_lab_free(l);
	return err->status == TV_MALFORMED ? 2 : 1;
}

/* On a terminal: the lab's screen (ui/) until the user quits.  The
 * servers' threads are started with the UI's signals blocked, so a
 * Ctrl-C or a resize reaches the UI's thread. */
static int run_ui(tv_lab *l)
{
	tv_error err = {TV_OK, ""};
	tv_trust_opts to;
	tv_checker *k;
	sigset_t old;
	bool served, shown;
	int st = 0;

	tv_ui_block_signals(&old);
	served = tv_lab_serve(l, &err);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!served)
		return fail(l, &err);
	tv_lab_trust_opts(l, &to);
	k = tv_checker_new(&to, &st);
	tv_trust_opts_free(&to);
	if (!k) {
		tv_lab_free(l);
		return st ? st : 1;
	}
	shown = tv_ui_lab(l, k);
	tv_checker_free(k);
	if (!shown) { /* no usable terminal after all: the list */
		tv_lab_free(l);
		fprintf(stderr, "tlsview: lab: the terminal cannot be set up; "
				"use --text to serve without the screen\n");
		return 1;
	}
	tv_lab_free(l);
	return 0;
}

int tv_cmd_lab(int argc, char **argv)
{
	lab_cmd o;
	tv_error err = {TV_OK, ""};
	sigset_t set;
	tv_lab *l;
	int st = 0;

	memset(&o, 0, sizeof o);
	parse_args(argc, argv, &o);
	l = tv_lab_open(&o.o, &err);
	if (!l)
		return fail(NULL, &err);
	if (o.export_dir) {
		if (!tv_lab_export(l, o.export_dir, &err))
			return fail(l, &err);
		printf("tlsview lab: the PKI and README.md written to %s\n",
		       o.export_dir);
		if (!o.check) {
			tv_lab_free(l);
			return 0;
		}
	}
	if (!o.check && !o.text && tv_ui_wanted())
		return run_ui(l);
	if (!o.check)
		block_stop_signals(&set); /* before any server thread */
	if (!tv_lab_serve(l, &err))
		return fail(l, &err);
	if (o.check) {
		st = run_check(l, o.json);
	} else {
		list_cases(l, o.o.listen != NULL);
		serve_until_signal(&set);
	}
	tv_lab_free(l);
	if (!o.check) {
		printf("tlsview lab: stopped; every server and port is "
		       "closed\n");
		fflush(stdout);
	}
	return st;
}
