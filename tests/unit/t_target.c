/* HOST[:PORT] as typed on the command line: names, ports, service names,
 * IPv4 and IPv6 literals with and without brackets, and what is refused. */
#include <string.h>

#include "net/connect.h"
#include "net/session.h"
#include "tap.h"

static const struct {
	const char *arg, *host, *port;
	bool literal;
} good[] = {
    {"example.org", "example.org", "443", false},
    {"example.org:8443", "example.org", "8443", false},
    {"mail.example.org:imaps", "mail.example.org", "imaps", false},
    {"192.0.2.1", "192.0.2.1", "443", true},
    {"192.0.2.1:4433", "192.0.2.1", "4433", true},
    {"[::1]:4433", "::1", "4433", true},
    {"[2001:db8::1]", "2001:db8::1", "443", true},
    {"2001:db8::1", "2001:db8::1", "443", true},
    {"localhost:1", "localhost", "1", false},
    {"h:65535", "h", "65535", false},
};

static const struct {
	const char *arg, *says;
} bad[] = {
    {"", "an empty host name"},
    {":443", "an empty host name"},
    {"example.org:", "not HOST[:PORT]"},
    {"example.org:0", "not HOST[:PORT]"},
    {"example.org:65536", "not HOST[:PORT]"},
    {"example.org:4a3!", "not HOST[:PORT]"},
    {"[::1:443", "no ']' after the IPv6 address"},
    {"[::1]443", "expected ':PORT' after ']'"},
    {"[192.0.2.1]:443", "only IPv6 addresses go in brackets"},
    {"exa mple.org", "not HOST[:PORT]"},
    {"bad\x1b[31m.org", "not HOST[:PORT]"},
};

int main(void)
{
	tv_target t;
	tv_error err;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		bool r = tv_target_parse(good[i].arg, "443", &t, &err);

		ok(r, "'%s' parses", good[i].arg);
		if (!r)
			continue;
		is_str(t.host, good[i].host, "'%s': host", good[i].arg);
		is_str(t.port, good[i].port, "'%s': port", good[i].arg);
		is_int(t.ip_literal, good[i].literal, "'%s': IP literal or not",
		       good[i].arg);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		bool r = tv_target_parse(bad[i].arg, "443", &t, &err);

		ok(!r && strstr(err.msg, bad[i].says),
		   "bad target %zu refused: %s", i, bad[i].says);
	}
	memset(&t, 0, sizeof t);
	strcpy(t.port, "4433");
	is_int(tv_target_port_number(&t), 4433, "a numeric port is its number");

	is_int(tv_session_version_parse("1.2"), 0x0303, "version 1.2");
	is_int(tv_session_version_parse("TLS1.3"), 0x0304, "version TLS1.3");
	is_int(tv_session_version_parse("tlsv1.0"), 0x0301, "version tlsv1.0");
	is_int(tv_session_version_parse("TLS 1.1"), 0x0302, "version TLS 1.1");
	is_int(tv_session_version_parse("1.4"), 0, "1.4 is no version");
	is_int(tv_session_version_parse("SSL3.0"), 0, "SSL 3.0 is not offered");
	return done_testing();
}
