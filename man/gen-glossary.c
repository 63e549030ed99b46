/*
 * The man page's GLOSSARY section, printed as roff from the guide's table
 * (report/guide.h), the same table the --explain notes come from.
 * `make man-glossary` puts its output between the marker comments of
 * man/tlsview.1; tests/e2e/man_glossary.sh fails when they differ.
 */
#include <stdio.h>
#include <string.h>

#include "report/guide.h"
#include "util/buf.h"

/* Text for roff: backslashes and option dashes escaped, one sentence per
 * line (roff's convention, so sentences get their spacing), no line
 * starting with a control character. */
static void roff(tv_buf *o, const char *s)
{
	bool bol = true;

	for (const char *p = s; *p; p++) {
		if (bol && (*p == '.' || *p == '\''))
			tv_buf_adds(o, "\\&");
		bol = false;
		if (*p == '\\')
			tv_buf_adds(o, "\\e");
		else if (*p == '-' && (p == s || p[-1] == ' ' || p[-1] == '-'))
			tv_buf_adds(o, "\\-");
		else if (*p == ' ' && p > s && p[-1] == '.' && p[1] == ' ') {
			tv_buf_addc(o, '\n');
			p++;
			bol = true;
		} else
			tv_buf_addc(o, *p);
	}
	tv_buf_addc(o, '\n');
}

/* Whether an entry of the same term before i already had this text (the
 * variants of a term share it, or say in it which version they are). */
static bool said(const tv_guide_entry *t, size_t first, size_t i)
{
	for (size_t j = first; j < i; j++)
		if (!strcmp(t[j].glossary, t[i].glossary))
			return true;
	return false;
}

int main(void)
{
	size_t n, first = 0;
	const tv_guide_entry *t = tv_guide_table(&n);
	tv_buf o;

	tv_buf_init(&o);
	tv_buf_adds(&o,
		    ".SH GLOSSARY\n"
		    "The notes of\n"
		    ".B \\-\\-explain\n"
		    "and of the ladder's\n"
		    ".B x\n"
		    "key come from one table of message kinds and negotiated "
		    "parameters;\n"
		    "these are its terms.\n"
		    "(This section is generated from that table: "
		    "\\fBmake man-glossary\\fR.)\n");
	for (size_t i = 0; i < n; i++) {
		bool new_term = !i || strcmp(t[i].term, t[i - 1].term);

		if (new_term) {
			first = i;
			tv_buf_adds(&o, ".TP\n.B ");
			roff(&o, t[i].term);
		} else if (said(t, first, i)) {
			continue;
		} else {
			tv_buf_adds(&o, ".IP\n");
		}
		roff(&o, t[i].glossary);
	}
	if (tv_buf_flush(&o, stdout) != 0 || fflush(stdout) != 0) {
		perror("gen-glossary: standard output");
		tv_buf_free(&o);
		return 1;
	}
	tv_buf_free(&o);
	return 0;
}
