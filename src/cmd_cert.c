/*
 * `tlsview cert` (the chain check on certificate files), `tlsview anchors`
 * (what the trust stores hold), and the trust options shared with replays.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "commands.h"
#include "model/validation.h"
#include "pki/cert.h"
#include "pki/certinfo.h"
#include "pki/ocsp.h"
#include "pki/trust.h"
#include "pki/validate.h"
#include "report/escape.h"
#include "report/json.h"
#include "report/text.h"
#include "ui/ui.h"
#include "util/buf.h"

enum { OPT_JSON = 0x2000, OPT_TEXT, OPT_HELP, OPT_OCSP };

/* One usage error line on stderr and exit status 2 (spec/cli.md). */
void tv_die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("tlsview: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see tlsview --help)\n", stderr);
	exit(2);
}

/* ---- the shared trust options ---- */

void tv_trust_opt(tv_trust_opts *o, int ch, const char *arg)
{
	switch (ch) {
	case TV_OPT_CA_FILE:
	case TV_OPT_CA_DIR:
		o->src = tv_xrealloc(o->src, (o->n_src + 1) * sizeof *o->src);
		o->src[o->n_src++] =
		    (tv_trust_src){ch == TV_OPT_CA_DIR, arg, NULL};
		break;
	case TV_OPT_CRL:
		o->crls =
		    tv_xrealloc(o->crls, (o->n_crls + 1) * sizeof *o->crls);
		o->crls[o->n_crls++] = arg;
		break;
	case TV_OPT_NO_SYSTEM_CA:
		o->no_system = true;
		break;
	case TV_OPT_AT:
		o->at = arg;
		break;
	case TV_OPT_HOST:
		o->host = arg;
		break;
	case TV_OPT_FAIL_UNTRUSTED:
		o->fail_untrusted = true;
		break;
	case TV_OPT_EXPORT_CERTS:
		o->export_dir = arg;
		break;
	default:
		break;
	}
}

void tv_trust_opts_free(tv_trust_opts *o)
{
	free(o->src);
	free(o->crls);
	memset(o, 0, sizeof *o);
}

/* One line on stderr: "tlsview: what (hint)". */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("tlsview: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *hint(const tv_error *e)
{
	switch (e->status) {
	case TV_IO:
		return " (check the path and its permissions)";
	case TV_MALFORMED:
		return " (give PEM or DER certificates)";
	default:
		return "";
	}
}

/* The error line, with a hint unless the message already has one. */
static void say_error(const tv_error *e)
{
	size_t n = strlen(e->msg);

	say("%s%s", e->msg, n && e->msg[n - 1] == ')' ? "" : hint(e));
}

/* The stores in command-line order, then the system's; 1 on failure. */
static int load_trust(const tv_trust_opts *o, tv_trust *t)
{
	tv_error err = {TV_OK, ""};
	bool ok = true;

	for (size_t i = 0; ok && i < o->n_src; i++)
		ok = o->src[i].dir
			 ? tv_trust_add_dir(t, o->src[i].path, &err)
			 : tv_trust_add_file_named(t, o->src[i].path,
						   o->src[i].name, &err);
	if (ok && !o->no_system)
		ok = tv_trust_add_system(t, &err);
	for (size_t i = 0; ok && i < o->n_crls; i++)
		ok = tv_trust_add_crl_file(t, o->crls[i], &err);
	if (!ok) {
		say_error(&err);
		return 1;
	}
	return 0;
}

/* --at, or false after saying why. */
static bool parse_at(const tv_trust_opts *o, int64_t *us)
{
	if (!o->at)
		return true;
	if (tv_time_parse(o->at, us))
		return true;
	say("--at %s: not a time (use RFC 3339 like 2030-01-01T00:00:00Z, "
	    "or 2030-01-01) (see tlsview --help)",
	    o->at);
	return false;
}

static int64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static bool ensure_dir(const char *dir, tv_error *err)
{
	struct stat st;

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	if (mkdir(dir, 0777) == 0)
		return true;
	tv_error_set(err, TV_IO, "%s: cannot create the directory: %s", dir,
		     strerror(errno));
	return false;
}

/* Each certificate of l as DIR/PREFIXcertN.pem. */
static bool export_certs(const char *dir, const char *prefix,
			 const tv_certlist *l, tv_error *err)
{
	tv_buf path;
	bool ok = true;

	if (!l->n)
		return true;
	if (!ensure_dir(dir, err))
		return false;
	tv_buf_init(&path);
	for (size_t i = 0; ok && i < l->n; i++) {
		tv_buf_reset(&path);
		tv_buf_printf(&path, "%s/%scert%zu.pem", dir, prefix, i);
		ok = tv_cert_write_pem(&l->v[i], tv_buf_str(&path), err);
	}
	tv_buf_free(&path);
	return ok;
}

/* ---- the replay checker ---- */

/* A hidden switch for tests: set, and not "" or "0". */
static bool env_set(const char *name)
{
	const char *e = getenv(name);

	return e && *e && strcmp(e, "0");
}

struct tv_checker {
	tv_trust *trust;
	tv_verdict_cache *vcache; /* NULL: TLSVIEW_NO_VERDICT_CACHE=1 */
	tv_validate_opts vopts;
	const char *export_dir;
	bool fail_untrusted, export_failed;
	uint64_t untrusted;
};

const struct tv_trust *tv_checker_trust(const tv_checker *k)
{
	return k->trust;
}

tv_checker *tv_checker_new(const tv_trust_opts *o, int *status)
{
	tv_checker *k = tv_xcalloc(1, sizeof *k);

	*status = 0;
	if (!parse_at(o, &k->vopts.at_us)) {
		*status = 2;
		free(k);
		return NULL;
	}
	k->vopts.time_source = o->at ? TV_TIME_AT : TV_TIME_CAPTURE;
	k->vopts.hostname = o->host;
	k->export_dir = o->export_dir;
	k->fail_untrusted = o->fail_untrusted;
	k->trust = tv_trust_new();
	if (!env_set("TLSVIEW_NO_VERDICT_CACHE"))
		k->vcache = tv_verdict_cache_new();
	*status = load_trust(o, k->trust);
	if (*status) {
		tv_checker_free(k);
		return NULL;
	}
	return k;
}

void tv_checker_conn(tv_checker *k, tv_conn *c)
{
	tv_error err = {TV_OK, ""};
	char prefix[64];

	tv_validate_conn_cached(c, k->trust, &k->vopts, k->vcache);
	if (c->validation && !c->validation->trusted)
		k->untrusted++;
	if (!k->export_dir || k->export_failed)
		return;
	snprintf(prefix, sizeof prefix, "conn%" PRIu64 "-", c->id);
	if (!export_certs(k->export_dir, prefix, &c->certs, &err)) {
		k->export_failed = true;
	} else {
		snprintf(prefix, sizeof prefix, "conn%" PRIu64 "-client-",
			 c->id);
		k->export_failed = !export_certs(k->export_dir, prefix,
						 &c->client_certs, &err);
	}
	if (k->export_failed)
		say("%s (check --export-certs)", err.msg);
}

int tv_checker_status(const tv_checker *k)
{
	if (k->export_failed)
		return 1;
	return k->fail_untrusted && k->untrusted ? 3 : 0;
}

void tv_checker_free(tv_checker *k)
{
	if (!k)
		return;
	tv_trust_free(k->trust);
	tv_verdict_cache_free(k->vcache);
	free(k);
}

/* ---- option parsing for the subcommands ---- */

typedef struct sub_opts {
	tv_trust_opts trust;
	bool json, text, verbose;
	const char **ocsp; /* cert --ocsp FILE, in order */
	size_t n_ocsp;
} sub_opts;

static void sub_usage(FILE *f, const char *name)
{
	if (!strcmp(name, "cert"))
		fputs("usage: tlsview cert FILE... [--host N] [--ca-file F]... "
		      "[--ca-dir D]\n"
		      "         [--no-system-ca] [--crl F] [--ocsp F] "
		      "[--at TIME] [--json | --text]\n"
		      "\n"
		      "Check the chain in certificate files (PEM or DER, one "
		      "bundle or several\nfiles in any order) against the "
		      "trust stores, and explain the verdict.\n\n"
		      "      --ocsp F      check the OCSP response in F (DER) "
		      "against the chain\n",
		      f);
	else
		fputs("usage: tlsview anchors [--ca-file F]... [--ca-dir D] "
		      "[--no-system-ca] [--json] [TEXT]\n"
		      "\n"
		      "List the trust anchors, those whose subject contains "
		      "TEXT (any case).\n\n",
		      f);
	fputs("      --json        one JSON object\n"
	      "      --text        readable text (the default)\n" TV_TRUST_HELP
	      "\n"
	      "Exit status: 0 done (an untrusted chain is a result), 1 "
	      "unreadable file,\n2 usage error, 3 untrusted with "
	      "--fail-untrusted.\n",
	      f);
}

/* Options anywhere among the operands; returns the index of the first
 * operand (getopt_long permutes them to the end). */
static int sub_parse(int argc, char **argv, sub_opts *o)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, OPT_JSON},
	    {"text", no_argument, NULL, OPT_TEXT},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {"ocsp", required_argument, NULL, OPT_OCSP},
	    TV_TRUST_LONGOPTS,
	    {NULL, 0, NULL, 0},
	};
	int ch;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":vh", longopts, NULL)) != -1) {
		if (ch >= TV_OPT_CA_FILE && ch <= TV_OPT_TRUST_LAST)
			tv_trust_opt(&o->trust, ch, optarg);
		else if (ch == OPT_JSON)
			o->json = true;
		else if (ch == OPT_TEXT)
			o->text = true;
		else if (ch == 'v')
			o->verbose = true;
		else if (ch == OPT_OCSP && strcmp(argv[0], "cert"))
			tv_die_usage("--ocsp is an option of tlsview cert");
		else if (ch == OPT_OCSP) {
			o->ocsp = tv_xrealloc(o->ocsp, (o->n_ocsp + 1) *
							   sizeof *o->ocsp);
			o->ocsp[o->n_ocsp++] = optarg;
		} else if (ch == 'h') {
			sub_usage(stdout, argv[0]);
			exit(0);
		} else if (ch == ':')
			tv_die_usage("%s needs an argument", argv[optind - 1]);
		else
			tv_die_usage("unknown option %s", argv[optind - 1]);
	}
	if (o->json && o->text)
		tv_die_usage("--json and --text exclude each other");
	return optind;
}

static int flush_out(tv_buf *b)
{
	if (tv_buf_flush(b, stdout) != 0 || fflush(stdout) != 0) {
		say("standard output: write failed: %s (check the disk or the "
		    "pipe)",
		    strerror(errno));
		return 1;
	}
	return 0;
}

/* ---- tlsview cert ---- */

/* Every certificate of every file, or 1 after saying what is wrong. */
static int load_files(int n, char **files, tv_arena *a, tv_certlist *l)
{
	tv_error err = {TV_OK, ""};

	for (int i = 0; i < n; i++) {
		size_t had = l->n;

		if (!tv_cert_load_file(a, files[i], l, &err)) {
			say_error(&err);
			return 1;
		}
		for (size_t k = had; k < l->n; k++)
			if (l->v[k].error) {
				say("%s: certificate %zu of the file is not "
				    "a valid certificate: %s (give PEM or DER "
				    "certificates)",
				    files[i], k - had + 1, l->v[k].error);
				return 1;
			}
	}
	return 0;
}

static int load_ocsp(const sub_opts *o, tv_arena *a, tv_ocsp_src *out)
{
	tv_error err = {TV_OK, ""};

	for (size_t i = 0; i < o->n_ocsp; i++)
		if (!tv_ocsp_load_file(a, o->ocsp[i], &out[i], &err)) {
			say_error(&err);
			return 1;
		}
	return 0;
}

static int cert_report(const sub_opts *o, const tv_certlist *l,
		       const tv_validation *v)
{
	tv_text_opts topts = {true, 80};
	tv_buf out;
	int st;

	tv_buf_init(&out);
	if (o->json)
		tv_json_chain(&out, l, v);
	else
		tv_text_chain(&out, l, v, &topts);
	st = flush_out(&out);
	tv_buf_free(&out);
	return st;
}

/* On a terminal: the chain screen, titled with the files. */
static bool cert_ui(int nfiles, char **files, const tv_certlist *l,
		    const tv_validation *v, const tv_trust *t)
{
	tv_buf title;
	bool shown;

	tv_buf_init(&title);
	for (int i = 0; i < nfiles; i++) {
		tv_buf_adds(&title, i ? " " : "");
		tv_buf_adds(&title, files[i]);
	}
	shown = tv_ui_cert(tv_buf_str(&title), l, v, t);
	tv_buf_free(&title);
	return shown;
}

static int cert_run(const sub_opts *o, int nfiles, char **files)
{
	tv_arena a;
	tv_certlist l = {NULL, 0};
	tv_trust *t = tv_trust_new();
	tv_validate_opts vo = {0};
	tv_validation *v;
	tv_error err = {TV_OK, ""};
	tv_ocsp_src *ocsp = tv_xcalloc(o->n_ocsp + 1, sizeof *ocsp);
	int st;

	tv_arena_init(&a);
	st = load_files(nfiles, files, &a, &l);
	if (!st)
		st = load_ocsp(o, &a, ocsp);
	if (!st)
		st = load_trust(&o->trust, t);
	if (st)
		goto done;
	vo.at_us = now_us();
	vo.time_source = TV_TIME_NOW;
	if (o->trust.at) {
		parse_at(&o->trust, &vo.at_us);
		vo.time_source = TV_TIME_AT;
	}
	vo.hostname = o->trust.host;
	vo.find_leaf = true;
	vo.order_matters = nfiles == 1;
	vo.ocsp = ocsp;
	vo.n_ocsp = o->n_ocsp;
	v = tv_validate_chain(&a, &l, t, &vo);
	if (!o->json && !o->text && tv_ui_wanted() &&
	    cert_ui(nfiles, files, &l, v, t))
		st = 0; /* seen on the chain screen */
	else
		st = cert_report(o, &l, v);
	if (!st && o->trust.export_dir &&
	    !export_certs(o->trust.export_dir, "", &l, &err)) {
		say("%s (check --export-certs)", err.msg);
		st = 1;
	}
	if (!st && o->trust.fail_untrusted && !v->trusted)
		st = 3;
done:
	free(ocsp);
	tv_trust_free(t);
	tv_arena_free(&a);
	return st;
}

int tv_cmd_cert(int argc, char **argv)
{
	sub_opts o = {0};
	int first = sub_parse(argc, argv, &o), st;
	int64_t at;

	if (first >= argc)
		tv_die_usage("cert needs at least one certificate file");
	if (!parse_at(&o.trust, &at)) {
		tv_trust_opts_free(&o.trust);
		return 2;
	}
	st = cert_run(&o, argc - first, argv + first);
	tv_trust_opts_free(&o.trust);
	free(o.ocsp);
	return st;
}

/* ---- tlsview anchors ---- */

static bool subject_has(const char *subject, const char *text)
{
	size_t n = strlen(text);

	if (!n)
		return true;
	for (const char *p = subject; *p; p++)
		if (!strncasecmp(p, text, n))
			return true;
	return false;
}

static void j_str(tv_buf *o, const char *k, const char *s)
{
	tv_buf_printf(o, "\"%s\":", k);
	if (!s) {
		tv_buf_adds(o, "null");
		return;
	}
	tv_buf_addc(o, '"');
	tv_escape_json(o, (const uint8_t *)s, strlen(s));
	tv_buf_addc(o, '"');
}

static void j_time(tv_buf *o, const char *k, int64_t s)
{
	char t[32];

	tv_time_format(s * 1000000, t);
	j_str(o, k, t);
}

static void anchor_json(tv_buf *o, const tv_anchor *an)
{
	const tv_cert *c = &an->cert;

	tv_buf_addc(o, '{');
	j_str(o, "subject", c->subject);
	tv_buf_addc(o, ',');
	j_time(o, "not_before", c->not_before);
	tv_buf_addc(o, ',');
	j_time(o, "not_after", c->not_after);
	tv_buf_adds(o, ",\"public_key\":{");
	j_str(o, "algorithm", c->key_algorithm);
	if (c->key_curve) {
		tv_buf_addc(o, ',');
		j_str(o, "curve", c->key_curve);
	}
	tv_buf_printf(o, ",\"bits\":%u},", c->key_bits);
	j_str(o, "sha256", c->sha256);
	tv_buf_addc(o, ',');
	j_str(o, "source", an->source);
	tv_buf_addc(o, ',');
	j_str(o, "file", an->file);
	tv_buf_printf(o, ",\"is_ca\":%s}", c->is_ca ? "true" : "false");
}

static const char *const store_kinds[] = {"file", "dir", "system"};

static void anchors_json(tv_buf *o, const tv_trust *t, const char *text)
{
	bool first = true;

	tv_buf_adds(o, "{\"stores\":[");
	for (size_t i = 0; i < tv_trust_n_stores(t); i++) {
		const tv_store *s = tv_trust_store(t, i);

		tv_buf_adds(o, i ? ",{" : "{");
		j_str(o, "name", s->name);
		tv_buf_addc(o, ',');
		j_str(o, "kind", store_kinds[s->kind]);
		tv_buf_printf(o, ",\"anchors\":%zu,\"skipped\":%zu}", s->n,
			      s->skipped);
	}
	tv_buf_adds(o, "],\"anchors\":[");
	for (size_t i = 0; i < tv_trust_n_anchors(t); i++) {
		const tv_anchor *an = tv_trust_anchor(t, i);

		if (!subject_has(an->cert.subject, text))
			continue;
		if (!first)
			tv_buf_addc(o, ',');
		first = false;
		anchor_json(o, an);
	}
	tv_buf_adds(o, "]}\n");
}

static void esc_text(tv_buf *o, const char *s)
{
	tv_escape_text(o, (const uint8_t *)s, strlen(s));
}

static void anchor_text(tv_buf *o, const tv_anchor *an, int64_t now)
{
	const tv_cert *c = &an->cert;
	char t[32];
	long long days = (long long)((c->not_after - now) / 86400);

	esc_text(o, c->subject);
	tv_time_format(c->not_after * 1000000, t);
	t[10] = '\0';
	if (days < 0)
		tv_buf_printf(o, "\n    until %s (expired %lld days ago), ", t,
			      -days);
	else
		tv_buf_printf(o, "\n    until %s (%lld days left), ", t, days);
	esc_text(o, c->key_algorithm ? c->key_algorithm : "unknown key");
	if (c->key_curve) {
		tv_buf_addc(o, ' ');
		esc_text(o, c->key_curve);
	}
	tv_buf_printf(o, " %u\n    from ", c->key_bits);
	esc_text(o, an->file ? an->file : an->source);
	tv_buf_printf(o, "\n    sha256 %s\n", c->sha256);
}

/* now: the moment "days left" counts from (--at, or the clock). */
static void anchors_text(tv_buf *o, const tv_trust *t, const char *text,
			 int64_t now)
{
	size_t shown = 0, total = tv_trust_n_anchors(t);

	for (size_t i = 0; i < total; i++) {
		const tv_anchor *an = tv_trust_anchor(t, i);

		if (!subject_has(an->cert.subject, text))
			continue;
		anchor_text(o, an, now);
		shown++;
	}
	tv_buf_printf(o, "%zu of %zu anchors", shown, total);
	if (*text) {
		tv_buf_adds(o, " match \"");
		esc_text(o, text);
		tv_buf_addc(o, '"');
	}
	tv_buf_adds(o, "; stores:");
	for (size_t i = 0; i < tv_trust_n_stores(t); i++) {
		const tv_store *s = tv_trust_store(t, i);

		tv_buf_adds(o, i ? ", " : " ");
		esc_text(o, s->name);
		tv_buf_printf(o, " (%zu)", s->n);
	}
	if (!tv_trust_n_stores(t))
		tv_buf_adds(o, " none");
	tv_buf_addc(o, '\n');
}

int tv_cmd_anchors(int argc, char **argv)
{
	sub_opts o = {0};
	int first = sub_parse(argc, argv, &o), st;
	const char *text = first < argc ? argv[first] : "";
	tv_trust *t;
	tv_buf out;
	int64_t at = now_us();

	if (argc - first > 1)
		tv_die_usage("anchors takes one filter TEXT, not %d",
			  argc - first);
	if (!parse_at(&o.trust, &at)) {
		tv_trust_opts_free(&o.trust);
		return 2;
	}
	t = tv_trust_new();
	st = load_trust(&o.trust, t);
	if (!st) {
		tv_buf_init(&out);
		if (o.json)
			anchors_json(&out, t, text);
		else
			anchors_text(&out, t, text, at / 1000000);
		st = flush_out(&out);
		tv_buf_free(&out);
	}
	tv_trust_free(t);
	tv_trust_opts_free(&o.trust);
	return st;
}
