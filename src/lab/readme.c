/*
 * The attendee README of an exported lab: for each case, what it shows,
 * the openssl commands that make the same certificate by hand (openssl
 * req, x509 -req -extfile, ca for dates and revocation), and `openssl
 * verify` on the lab's own file and on the hand-made one, with what it
 * prints.  Each case's commands are one ```sh block that runs from the
 * export directory (tests/e2e/lab_export.sh runs them all).
 */
#include <string.h>

#include "lab/lab_int.h"
#include "util/buf.h"

/* ---- shell pieces ---- */

#define LOCAL_SAN "DNS:localhost, IP:127.0.0.1, IP:::1"

#define LEAF_EXT(san, eku)                                                     \
	"cat > \"$H/leaf.ext\" <<'EOF'\n"                                      \
	"basicConstraints = critical, CA:FALSE\n"                              \
	"keyUsage = critical, digitalSignature\n"                              \
	"extendedKeyUsage = " eku "\n" san "subjectKeyIdentifier = hash\n"     \
	"authorityKeyIdentifier = keyid\n"                                     \
	"EOF\n"
#define SERVER_EXT LEAF_EXT("subjectAltName = " LOCAL_SAN "\n", "serverAuth")

#define CA_EXT                                                                 \
	"cat > \"$H/ca.ext\" <<'EOF'\n"                                        \
	"basicConstraints = critical, CA:TRUE\n"                               \
	"keyUsage = critical, keyCertSign, cRLSign\n"                          \
	"subjectKeyIdentifier = hash\n"                                        \
	"authorityKeyIdentifier = keyid\n"                                     \
	"EOF\n"

/* A new ECDSA P-256 key and its CSR. */
#define REQ(name, cn)                                                          \
	"openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "        \
	"-nodes \\\n    -keyout \"$H/" name ".key\" -subj \"/CN=" cn           \
	"/O=tlsview lab\" \\\n    -out \"$H/" name ".csr\"\n"

/* The CSR signed by a CA with openssl x509 -req. */
#define SIGN(name, ca, ext, extra)                                             \
	"openssl x509 -req -in \"$H/" name ".csr\" -CA " ca ".crt \\\n"        \
	"    -CAkey " ca ".key -CAserial \"$H/serial\" -CAcreateserial "       \
	"\\\n    -days 365 " extra "-extfile \"$H/" ext "\" -out \"$H/" name    \
	".crt\"\n"

/* A minimal `openssl ca` (for chosen dates and for revocation). */
#define CA_CNF                                                                 \
	"cat > \"$H/ca.cnf\" <<EOF\n"                                          \
	"[ca]\n"                                                               \
	"default_ca = lab\n"                                                   \
	"[lab]\n"                                                              \
	"database = $H/index.txt\n"                                            \
	"new_certs_dir = $H\n"                                                 \
	"serial = $H/ca.serial\n"                                              \
	"crlnumber = $H/crlnumber\n"                                           \
	"default_md = sha256\n"                                                \
	"default_crl_days = 30\n"                                              \
	"policy = any\n"                                                       \
	"[any]\n"                                                              \
	"commonName = supplied\n"                                              \
	"organizationName = optional\n"                                        \
	"EOF\n"                                                                \
	": > \"$H/index.txt\"\n"                                               \
	"echo 1000 > \"$H/ca.serial\"\n"                                       \
	"echo 1000 > \"$H/crlnumber\"\n"

#define CA_SIGN(name, dates)                                                   \
	"openssl ca -batch -notext -config \"$H/ca.cnf\" \\\n"                 \
	"    -cert intermediate-ca.crt -keyfile intermediate-ca.key \\\n"      \
	"    -in \"$H/" name ".csr\" -out \"$H/" name ".crt\" \\\n"            \
	"    " dates " -extfile \"$H/leaf.ext\"\n"

typedef struct recipe {
	const char *name; /* the case */
	const char *make; /* shell: the certificate(s) by hand, in $H */
	/* openssl verify of the lab's file and of the hand-made one */
	const char *leaf, *untrusted;
	const char *hand_leaf, *hand_untrusted, *hand_crl;
	bool client; /* -purpose sslclient, no host name */
	const char *prints; /* what verify prints for the lab's file */
	const char *chain;  /* what tlsview cert checks */
	const char *more;   /* a word after the commands, or NULL */
} recipe;

static const recipe recipes[] = {
    {"good", SERVER_EXT REQ("good", "localhost") SIGN("good", "intermediate-ca",
						      "leaf.ext", "-sha256 "),
     "good.crt", "intermediate-ca.crt", "good.crt", "intermediate-ca.crt",
     NULL, false, "good.crt: OK", "good-chain.pem", NULL},
    {"self-signed",
     "openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
     "-nodes \\\n    -keyout \"$H/self-signed.key\" -subj "
     "\"/CN=localhost/O=tlsview lab\" -days 365 \\\n"
     "    -addext \"basicConstraints = critical, CA:FALSE\" \\\n"
     "    -addext \"subjectAltName = " LOCAL_SAN "\" \\\n"
     "    -out \"$H/self-signed.crt\"\n",
     "self-signed.crt", NULL, "self-signed.crt", NULL, NULL, false,
     "error 18 at 0 depth lookup: self-signed certificate",
     "self-signed-chain.pem", NULL},
    {"untrusted-root",
     "openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
     "-nodes \\\n    -keyout \"$H/untrusted-root-ca.key\" -subj "
     "\"/CN=Untrusted Root CA/O=tlsview lab\" \\\n    -days 3650 -addext "
     "\"basicConstraints = critical, CA:TRUE\" \\\n    -addext \"keyUsage = "
     "critical, keyCertSign, cRLSign\" \\\n    -out "
     "\"$H/untrusted-root-ca.crt\"\n" CA_EXT
	 REQ("untrusted-intermediate-ca", "Untrusted Intermediate CA")
	     SIGN("untrusted-intermediate-ca", "\"$H/untrusted-root-ca\"",
		  "ca.ext", "") SERVER_EXT REQ("untrusted", "localhost")
		 SIGN("untrusted", "\"$H/untrusted-intermediate-ca\"",
		      "leaf.ext", "") "cat \"$H/untrusted-intermediate-ca.crt\" "
				      "\"$H/untrusted-root-ca.crt\" > "
				      "\"$H/chain.pem\"\n",
     "untrusted.crt", "untrusted-chain.pem", "untrusted.crt", "chain.pem",
     NULL, false,
     "error 19 at 2 depth lookup: self-signed certificate in certificate "
     "chain",
     "untrusted-chain.pem",
     "The root is sent, and still not trusted: `-untrusted` only offers "
     "certificates to build the path with; only `-CAfile` makes a root "
     "trusted."},
    {"incomplete-chain",
     SERVER_EXT REQ("good", "localhost")
	 SIGN("good", "intermediate-ca", "leaf.ext", ""),
     "good.crt", NULL, "good.crt", NULL, NULL, false,
     "error 20 at 0 depth lookup: unable to get local issuer certificate",
     "good.crt",
     "Add `-untrusted intermediate-ca.crt` (what a server sending its full "
     "chain gives the client) and the same command says OK."},
    {"expired",
     SERVER_EXT CA_CNF REQ("expired", "localhost") CA_SIGN(
	 "expired", "-startdate \"$(date -u -d '90 days ago' "
		    "+%Y%m%d%H%M%SZ)\" \\\n    -enddate \"$(date -u -d '30 "
		    "days ago' +%Y%m%d%H%M%SZ)\""),
     "expired.crt", "intermediate-ca.crt", "expired.crt",
     "intermediate-ca.crt", NULL, false,
     "error 10 at 0 depth lookup: certificate has expired",
     "expired-chain.pem", NULL},
    {"not-yet-valid",
     SERVER_EXT CA_CNF REQ("not-yet-valid", "localhost") CA_SIGN(
	 "not-yet-valid", "-startdate \"$(date -u -d '3 years' "
			  "+%Y%m%d%H%M%SZ)\" \\\n    -enddate \"$(date -u -d "
			  "'4 years' +%Y%m%d%H%M%SZ)\""),
     "not-yet-valid.crt", "intermediate-ca.crt", "not-yet-valid.crt",
     "intermediate-ca.crt", NULL, false,
     "error 9 at 0 depth lookup: certificate is not yet valid",
     "not-yet-valid-chain.pem", NULL},
    {"wrong-host",
     LEAF_EXT("subjectAltName = DNS:wrong-host.example\n", "serverAuth")
	 REQ("wrong-host", "wrong-host.example")
	     SIGN("wrong-host", "intermediate-ca", "leaf.ext", ""),
     "wrong-host.crt", "intermediate-ca.crt", "wrong-host.crt",
     "intermediate-ca.crt", NULL, false,
     "error 62 at 0 depth lookup: hostname mismatch", "wrong-host-chain.pem",
     "Without `-verify_hostname localhost` openssl verify says OK: the "
     "chain is good, only the name is wrong, and a client must check it."},
    {"sha1",
     SERVER_EXT REQ("sha1", "localhost")
	 SIGN("sha1", "intermediate-ca", "leaf.ext", "-sha1 "),
     "sha1.crt", "intermediate-ca.crt", "sha1.crt", "intermediate-ca.crt",
     NULL, false,
     "error 68 at 0 depth lookup: CA signature digest algorithm too weak",
     "sha1-chain.pem",
     "`-auth_level 2` makes openssl verify apply the security level a TLS "
     "client uses; without it, verify accepts SHA-1."},
    {"rsa-1024",
     SERVER_EXT
     "openssl req -new -newkey rsa:1024 -nodes \\\n    -keyout "
     "\"$H/rsa-1024.key\" -subj \"/CN=localhost/O=tlsview lab\" \\\n    "
     "-out \"$H/rsa-1024.csr\"\n" SIGN("rsa-1024", "intermediate-ca",
				       "leaf.ext", ""),
     "rsa-1024.crt", "intermediate-ca.crt", "rsa-1024.crt",
     "intermediate-ca.crt", NULL, false,
     "error 66 at 0 depth lookup: EE certificate key too weak",
     "rsa-1024-chain.pem", NULL},
    {"not-a-ca",
     LEAF_EXT("subjectAltName = DNS:not-ca-issuer.example\n", "serverAuth")
	 REQ("not-ca-issuer", "lab leaf that is not a CA")
	     SIGN("not-ca-issuer", "intermediate-ca", "leaf.ext", "")
		 SERVER_EXT REQ("not-ca", "localhost")
		     SIGN("not-ca", "\"$H/not-ca-issuer\"", "leaf.ext", "")
			 "cat \"$H/not-ca-issuer.crt\" intermediate-ca.crt > "
			 "\"$H/chain.pem\"\n",
     "not-ca.crt", "not-ca-chain.pem", "not-ca.crt", "chain.pem", NULL, false,
     "error 79 at 1 depth lookup: invalid CA certificate",
     "not-ca-chain.pem",
     "openssl x509 -req signs with any key it is given: only the "
     "verifier notices that the issuer is not a CA."},
    {"revoked",
     SERVER_EXT CA_CNF REQ("revoked", "localhost") CA_SIGN(
	 "revoked", "-days 365") "openssl ca -config \"$H/ca.cnf\" -cert "
				 "intermediate-ca.crt \\\n    -keyfile "
				 "intermediate-ca.key -revoke "
				 "\"$H/revoked.crt\"\n"
				 "openssl ca -config \"$H/ca.cnf\" -cert "
				 "intermediate-ca.crt \\\n    -keyfile "
				 "intermediate-ca.key -gencrl -out "
				 "\"$H/crl.pem\"\n",
     "revoked.crt", "intermediate-ca.crt", "revoked.crt",
     "intermediate-ca.crt", "crl.pem", false,
     "error 23 at 0 depth lookup: certificate revoked", "revoked-chain.pem",
     "Without `-crl_check` openssl verify says OK: revocation is only seen "
     "by a client that looks for it."},
    {"client-cert",
     LEAF_EXT("", "clientAuth") REQ("client", "tlsview lab client")
	 SIGN("client", "intermediate-ca", "leaf.ext", ""),
     "client.crt", "intermediate-ca.crt", "client.crt", "intermediate-ca.crt",
     NULL, true, "client.crt: OK", "good-chain.pem",
     "The server's own chain is the good one (good-chain.pem).  To connect "
     "with the client certificate: `tlsview localhost:PORT --ca-file "
     "root-ca.crt --client-cert client.crt --client-key client.key`, or "
     "`openssl s_client ... -cert client.crt -key client.key`."},
    {"tls12", SERVER_EXT REQ("good", "localhost")
		  SIGN("good", "intermediate-ca", "leaf.ext", ""),
     "good.crt", "intermediate-ca.crt", "good.crt", "intermediate-ca.crt",
     NULL, false, "good.crt: OK", "good-chain.pem",
     "The certificate is the good one; the difference is on the wire: "
     "`openssl s_client -connect localhost:PORT -tls1_2` works, `-tls1_3` "
     "fails, and in tlsview the ladder shows ServerKeyExchange and "
     "ServerHelloDone in clear."},
    {"hrr", SERVER_EXT REQ("good", "localhost")
		SIGN("good", "intermediate-ca", "leaf.ext", ""),
     "good.crt", "intermediate-ca.crt", "good.crt", "intermediate-ca.crt",
     NULL, false, "good.crt: OK", "good-chain.pem",
     "The certificate is the good one; the difference is on the wire: "
     "`openssl s_client -connect localhost:PORT -msg` shows two "
     "ClientHellos, the second after the server's HelloRetryRequest asking "
     "for secp384r1 (`-groups P-384` avoids the retry)."},
};

static void verify_cmd(tv_buf *b, const recipe *r, bool hand)
{
	const char *untrusted = hand ? r->hand_untrusted : r->untrusted;
	const char *crl = hand && r->hand_crl ? r->hand_crl : NULL;
	const char *pre = hand ? "\"$H/" : "";
	const char *post = hand ? "\"" : "";

	tv_buf_printf(b,
		      "openssl verify -auth_level 2 -purpose %s -CAfile "
		      "root-ca.crt \\\n    -crl_check -CRLfile ",
		      r->client ? "sslclient" : "sslserver");
	if (crl)
		tv_buf_printf(b, "\"$H/%s\"", crl);
	else
		tv_buf_adds(b, "lab.crl");
	if (!r->client)
		tv_buf_adds(b, " -verify_hostname localhost");
	if (untrusted) {
		bool own = hand && !strcmp(untrusted, "chain.pem");

		tv_buf_printf(b, " \\\n    -untrusted %s%s%s", own ? pre : "",
			      untrusted, own ? post : "");
	}
	tv_buf_printf(b, " %s%s%s\n", pre, hand ? r->hand_leaf : r->leaf,
		      post);
}

static void recipe_md(tv_buf *b, const recipe *r, const tv_lab_case *c)
{
	tv_buf_printf(b, "### %s: %s\n\n%s\n\n", c->name, c->title, c->shows);
	tv_buf_printf(b, "- A browser says: %s\n- The fix: %s\n\n", c->browser,
		      c->fix);
	tv_buf_printf(b,
		      "```sh\n# made by hand, in hand/%s\nH=hand/%s\n"
		      "mkdir -p \"$H\"\n%s",
		      c->name, c->name, r->make);
	tv_buf_printf(b, "# the lab's own file; prints: %s\n", r->prints);
	verify_cmd(b, r, false);
	tv_buf_adds(b, "# the one made by hand: the same verdict\n");
	verify_cmd(b, r, true);
	tv_buf_printf(b,
		      "# tlsview agrees: tlsview cert %s --ca-file root-ca.crt "
		      "--no-system-ca --crl lab.crl --host localhost\n```\n\n",
		      r->chain);
	if (r->more)
		tv_buf_printf(b, "%s\n\n", r->more);
}

void tv_lab_readme(const tv_lab *l, tv_buf *b)
{
	size_t n;
	const tv_lab_case *cases = tv_lab_cases(&n);

	tv_buf_printf(
	    b,
	    "# The tlsview workshop lab\n\n"
	    "These files are the lab's PKI: a root CA (root-ca.crt, the lab "
	    "root), an\nintermediate CA, a leaf certificate for each case "
	    "with its key and CSR,\nthe chain each server sends "
	    "(NAME-chain.pem), a second root that nobody\ntrusts "
	    "(untrusted-root-ca.crt), a client certificate (client.crt) and "
	    "the\nrevocation lists (lab.crl: the intermediate's, which "
	    "revokes revoked.crt,\nand the root's).\n\n"
	    "The lab root's SHA-256 fingerprint: %s\n\n"
	    "For each case below, the ```sh block makes the same kind of "
	    "certificate by\nhand with openssl (in hand/NAME, signed with the "
	    "lab's own CA keys), then\nasks `openssl verify` about the lab's "
	    "file and the hand-made one.  Run a\nblock from this directory "
	    "(copy it first if you like: everything it makes\ngoes to "
	    "hand/).  `openssl verify` and `tlsview cert` reach the same "
	    "verdict\non every case.  The options used:\n\n"
	    "- `-CAfile root-ca.crt`: the only trusted root, as `--ca-file` "
	    "in tlsview;\n"
	    "- `-untrusted FILE`: the other certificates the server sends;\n"
	    "- `-crl_check -CRLfile lab.crl`: check the leaf against its "
	    "issuer's CRL;\n"
	    "- `-verify_hostname localhost`: the name the client asked for;\n"
	    "- `-purpose sslserver -auth_level 2`: judge it as a TLS client "
	    "does (SHA-1\n  and small keys refused).\n\n"
	    "## The cases\n\n",
	    tv_lab_root_sha256(l));
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof recipes / sizeof recipes[0]; k++)
			if (!strcmp(recipes[k].name, cases[i].name))
				recipe_md(b, &recipes[k], &cases[i]);
}
