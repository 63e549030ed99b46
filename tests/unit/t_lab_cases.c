/* The lab's case table: every case complete, names unique, the servers'
 * files among the PKI's. */
#include <string.h>

#include "lab/lab.h"
#include "lab/lab_int.h"
#include "pki/explain.h"
#include "tap.h"

static bool nonempty(const char *s)
{
	return s && *s;
}

static bool pki_file(const char *name)
{
	for (size_t i = 0; tv_lab_pki_files[i]; i++)
		if (!strcmp(tv_lab_pki_files[i], name))
			return true;
	return false;
}

int main(void)
{
	size_t n, n_good = 0;
	const tv_lab_case *c = tv_lab_cases(&n);
	bool complete = true, unique = true, files = true, codes = true;

	ok(n >= 14, "the lab has at least the 14 cases of the issue");
	for (size_t i = 0; i < n; i++) {
		complete &= nonempty(c[i].name) && nonempty(c[i].title) &&
			    nonempty(c[i].shows) && nonempty(c[i].browser) &&
			    nonempty(c[i].fix) && nonempty(c[i].priority) &&
			    c[i].expect;
		for (size_t k = 0; k < i; k++)
			unique &= strcmp(c[i].name, c[k].name) != 0;
		files &= pki_file(c[i].chain) && pki_file(c[i].key);
		for (size_t k = 0; c[i].expect[k]; k++)
			codes &= tv_explain_find(c[i].expect[k]) != NULL;
		n_good += c[i].good;
		if (c[i].good && c[i].expect[0])
			codes = false; /* a good case must be trusted */
		is_int(tv_lab_case_find(c[i].name) == &c[i], 1,
		       "tv_lab_case_find finds each case by its name");
	}
	ok(complete, "every case has name, title, shows, browser, fix, "
		     "priority and expect");
	ok(unique, "case names are unique");
	ok(files, "every case's chain and key are files the PKI makes");
	ok(codes, "every expected code is in the reason code table, and "
		  "the good cases expect a trusted chain");
	is_int((int)n_good, 4, "four good cases: good, client-cert, tls12, hrr");
	ok(tv_lab_case_find("no-such-case") == NULL,
	   "an unknown name finds nothing");
	ok(tv_lab_case_find("good") == &c[0], "the good case comes first");

	/* --listen warns only for an address that leaves the machine */
	ok(tv_lab_addr_is_loopback("127.0.0.1") &&
	       tv_lab_addr_is_loopback("127.0.0.2") &&
	       tv_lab_addr_is_loopback("127.255.255.254"),
	   "127.0.0.0/8 is loopback");
	ok(tv_lab_addr_is_loopback("::1") &&
	       tv_lab_addr_is_loopback("0:0:0:0:0:0:0:1") &&
	       tv_lab_addr_is_loopback("::ffff:127.0.0.1"),
	   "::1 (any spelling) and IPv4-mapped 127.x are loopback");
	ok(!tv_lab_addr_is_loopback("0.0.0.0") &&
	       !tv_lab_addr_is_loopback("::") &&
	       !tv_lab_addr_is_loopback("192.0.2.10") &&
	       !tv_lab_addr_is_loopback("2001:db8::1") &&
	       !tv_lab_addr_is_loopback("::2") &&
	       !tv_lab_addr_is_loopback("::ffff:192.0.2.1") &&
	       !tv_lab_addr_is_loopback("128.0.0.1"),
	   "wildcards, other hosts and other IPv6 addresses are not");
	ok(!tv_lab_addr_is_loopback("localhost") &&
	       !tv_lab_addr_is_loopback("127.0.0.1x") &&
	       !tv_lab_addr_is_loopback("") && !tv_lab_addr_is_loopback(NULL),
	   "names and garbage are not (the warning is kept)");
	return done_testing();
}
