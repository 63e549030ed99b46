/*
 * The cases of the lab, one table: what each server sends and how it is
 * set up, what tlsview's verdict on it must be, and the teaching note.
 * The expected reason codes are what pki/ really says about these
 * chains (tests/e2e/lab_check.sh checks them on every run).
 */
#include <string.h>

#include "lab/lab.h"

#define NORMAL "NORMAL"
#define EXPECT(...) ((const char *const[]){__VA_ARGS__, NULL})
#define TRUSTED ((const char *const[]){NULL})

static const tv_lab_case cases[] = {
    {.name = "good",
     .title = "a good chain: leaf and intermediate, issued by the lab root",
     .expect = TRUSTED,
     .shows = "What a correct server sends: its own certificate for "
	      "localhost, then the intermediate CA that issued it.  The "
	      "client finds the way to the lab root it trusts, every "
	      "signature checks out, the dates are right and the name "
	      "matches.",
     .browser = "Nothing: the padlock, no warning (once the lab root is "
		"installed as a trusted root).",
     .fix = "Nothing to fix.  Compare the other cases with this one.",
     .chain = "good-chain.pem",
     .key = "good.key",
     .priority = NORMAL,
     .good = true},
    {.name = "self-signed",
     .title = "a self-signed leaf: no CA vouches for it",
     .expect = EXPECT("self_signed"),
     .shows = "A certificate signed by its own key.  It says \"I am "
	      "localhost\" and the only proof is itself, so anybody could "
	      "have made it.",
     .browser = "\"Your connection is not private\" "
		"(NET::ERR_CERT_AUTHORITY_INVALID in Chrome, "
		"SEC_ERROR_UNKNOWN_ISSUER or MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT "
		"in Firefox).",
     .fix = "Get the certificate issued by a CA the clients trust (a "
	    "public CA such as Let's Encrypt, or the organisation's own CA "
	    "installed on the clients).",
     .chain = "self-signed-chain.pem",
     .key = "self-signed.key",
     .priority = NORMAL},
    {.name = "untrusted-root",
     .title = "a chain to a root the client does not trust (sent along)",
     .expect = EXPECT("untrusted_root"),
     .shows = "A complete chain up to \"Untrusted Root CA\", root "
	      "included.  Sending a root proves nothing: a client trusts "
	      "only the roots installed in it beforehand.",
     .browser = "\"Your connection is not private\" "
		"(NET::ERR_CERT_AUTHORITY_INVALID, SEC_ERROR_UNKNOWN_ISSUER).",
     .fix = "Use a certificate from a CA the clients trust, or install "
	    "this private root on every client that must connect.  Do not "
	    "send the root in the chain: it is only extra bytes.",
     .chain = "untrusted-chain.pem",
     .key = "untrusted.key",
     .priority = NORMAL},
    {.name = "incomplete-chain",
     .title = "the good leaf without its intermediate CA",
     .expect = EXPECT("unknown_issuer"),
     .shows = "The server sends only its own certificate.  The client "
	      "knows the root but not the intermediate that signed the "
	      "leaf, so there is a gap in the chain.",
     .browser = "Often nothing, because browsers remember or download "
		"missing intermediates; curl, OpenSSL, Java, Python and "
		"apps fail with \"unable to get local issuer certificate\". "
		"The classic \"works in my browser\" bug.",
     .fix = "Configure the full chain file: the leaf first, then the "
	    "intermediate(s) (fullchain.pem with Let's Encrypt; "
	    "ssl_certificate in nginx, SSLCertificateFile in Apache).",
     .chain = "good.crt",
     .key = "good.key",
     .priority = NORMAL},
    {.name = "expired",
     .title = "an expired certificate",
     .expect = EXPECT("expired"),
     .shows = "The leaf's validity ended a month ago.  Everything else "
	      "is correct.",
     .browser = "\"Your connection is not private\" "
		"(NET::ERR_CERT_DATE_INVALID, SEC_ERROR_EXPIRED_CERTIFICATE).",
     .fix = "Renew the certificate and reload the server; automate the "
	    "renewal (ACME, certbot) and monitor the expiry date.",
     .chain = "expired-chain.pem",
     .key = "expired.key",
     .priority = NORMAL},
    {.name = "not-yet-valid",
     .title = "a certificate that is not valid yet",
     .expect = EXPECT("not_yet_valid"),
     .shows = "The leaf's validity starts in three years.  In real life "
	      "this is nearly always a wrong clock, on the client or on "
	      "the machine that issued the certificate.",
     .browser = "\"Your connection is not private\" "
		"(NET::ERR_CERT_DATE_INVALID; Chrome may say \"your clock "
		"is ahead/behind\").",
     .fix = "Check the clocks (NTP) of the clients and the issuing "
	    "machine, and issue the certificate with a start date that "
	    "has passed.",
     .chain = "not-yet-valid-chain.pem",
     .key = "not-yet-valid.key",
     .priority = NORMAL},
    {.name = "wrong-host",
     .title = "a certificate for another name (wrong-host.example)",
     .expect = EXPECT("hostname_mismatch"),
     .shows = "A valid certificate from the lab CA, but for "
	      "wrong-host.example, not for localhost.  The chain is fine; "
	      "the identity is not the one asked for.",
     .browser = "\"Your connection is not private\" "
		"(NET::ERR_CERT_COMMON_NAME_INVALID, "
		"SSL_ERROR_BAD_CERT_DOMAIN).",
     .fix = "Get a certificate whose subject alternative names list "
	    "every name the server is reached by (and the IP address, if "
	    "clients use it).",
     .chain = "wrong-host-chain.pem",
     .key = "wrong-host.key",
     .priority = NORMAL},
    {.name = "sha1",
     .title = "a leaf signed with SHA-1",
     .expect = EXPECT("insecure_signature_algorithm"),
     .shows = "The intermediate signed this leaf with ECDSA over SHA-1. "
	      "SHA-1 collisions can be computed, so a signature over it "
	      "no longer proves that the CA signed this very certificate.",
     .browser = "\"Your connection is not private\" "
		"(NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM).",
     .fix = "Have the certificate reissued with SHA-256 (any CA does "
	    "this today).",
     .chain = "sha1-chain.pem",
     .key = "sha1.key",
     .priority = NORMAL},
    {.name = "rsa-1024",
     .title = "a leaf with a 1024-bit RSA key",
     .expect = EXPECT("weak_key"),
     .shows = "A certificate for a 1024-bit RSA key.  Such keys are "
	      "within reach of a well-funded attacker, so CAs stopped "
	      "issuing them in 2013 and clients refuse them.",
     .browser = "\"Your connection is not private\" "
		"(NET::ERR_CERT_WEAK_KEY) or a failed handshake.",
     .fix = "Generate a new key, ECDSA P-256 or RSA 2048 or larger, and "
	    "get a new certificate for it.",
     .chain = "rsa-1024-chain.pem",
     .key = "rsa-1024.key",
     .priority = NORMAL},
    {.name = "not-a-ca",
     .title = "a leaf (CA:FALSE) used as the issuer of another leaf",
     .expect = EXPECT("issuer_not_ca", "key_usage"),
     .shows = "A server certificate signed by another server "
	      "certificate instead of a CA.  Its issuer says CA:FALSE in "
	      "its basic constraints, and its key usage (digitalSignature "
	      "only, no keyCertSign) says the same: it may not vouch for "
	      "anybody.  If clients allowed it, any certificate holder could mint "
	      "certificates for any name.",
     .browser = "\"Your connection is not private\" "
		"(NET::ERR_CERT_INVALID, SEC_ERROR_CA_CERT_INVALID).",
     .fix = "Have the certificate issued by a real CA certificate "
	    "(basicConstraints CA:TRUE, keyUsage keyCertSign).",
     .chain = "not-ca-chain.pem",
     .key = "not-ca.key",
     .priority = NORMAL},
    {.name = "revoked",
     .title = "a revoked certificate (listed in lab.crl)",
     .expect = EXPECT("revoked"),
     .shows = "The intermediate CA revoked this certificate: its serial "
	      "number is in the CA's revocation list, lab.crl.  The "
	      "certificate itself looks perfect; only a client that "
	      "checks revocation notices.",
     .browser = "Chrome and Firefox use their own pushed lists "
		"(CRLSets, CRLite) rather than the CA's CRL: they refuse it "
		"(NET::ERR_CERT_REVOKED, SEC_ERROR_REVOKED_CERTIFICATE) once "
		"it is on their list.",
     .fix = "Get a new certificate with a new key and install it; a "
	    "revoked certificate never becomes good again.",
     .chain = "revoked-chain.pem",
     .key = "revoked.key",
     .priority = NORMAL},
    {.name = "client-cert",
     .title = "a good server that requires a client certificate",
     .expect = TRUSTED,
     .expect_alert = "certificate_required",
     .shows = "Mutual TLS: the server asks for a certificate from the "
	      "lab CA (CertificateRequest) and ends the handshake with an "
	      "alert when the client has none.  With the lab's client.crt "
	      "and client.key it succeeds.",
     .browser = "A dialog to pick a client certificate; with none, "
		"\"ERR_BAD_SSL_CLIENT_AUTH_CERT\" or "
		"SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT.",
     .fix = "Nothing is wrong: give the clients a certificate (tlsview "
	    "--client-cert client.crt --client-key client.key).",
     .chain = "good-chain.pem",
     .key = "good.key",
     .priority = NORMAL,
     .client_auth = true,
     .good = true},
    {.name = "tls12",
     .title = "a good server that speaks TLS 1.2 only",
     .expect = TRUSTED,
     .shows = "The same good chain over TLS 1.2: compare its ladder with "
	      "the good case's TLS 1.3.  In 1.2 the certificate travels in "
	      "clear and the handshake takes two round trips.",
     .browser = "Nothing: TLS 1.2 is still accepted.",
     .fix = "Nothing urgent; enable TLS 1.3 as well when the server "
	    "software allows it.",
     .chain = "good-chain.pem",
     .key = "good.key",
     .priority = "NORMAL:-VERS-ALL:+VERS-TLS1.2",
     .good = true},
    {.name = "hrr",
     .title = "a HelloRetryRequest: the server wants the P-384 group",
     .expect = TRUSTED,
     .shows = "The server accepts only the group secp384r1, for which "
	      "clients send no key share in their first ClientHello.  It "
	      "answers with a HelloRetryRequest and the client sends a "
	      "second ClientHello with a P-384 share: one more round trip.",
     .browser = "Nothing: the retry is invisible, it only costs time.",
     .fix = "Nothing is wrong; prefer X25519 or P-256 on the server to "
	    "save the round trip.",
     .chain = "good-chain.pem",
     .key = "good.key",
     .priority = "NORMAL:-GROUP-ALL:+GROUP-SECP384R1",
     .good = true},
};

const tv_lab_case *tv_lab_cases(size_t *n)
{
	*n = sizeof cases / sizeof cases[0];
	return cases;
}

const tv_lab_case *tv_lab_case_find(const char *name)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (!strcmp(cases[i].name, name))
			return &cases[i];
	return NULL;
}
