/*
 * What each reason code means, in plain words.  The verdict shows the
 * evidence for one chain first; these texts follow it and say why a
 * client cares and what fixes it.  Written for people who are meeting
 * X.509 for the first time; kept to a few sentences each.
 *
 * The check column groups the codes by the kind of check that failed, so
 * a per-store verdict can say "validity failed at depth 1".
 */
#include "pki/explain.h"

#include <string.h>

static const tv_explain table[] = {
    {"no_certificate", TV_SEV_ERROR, "certificate", "no usable certificate",
     "There is no certificate to check, or the first one cannot be read. "
     "Without a certificate the client has no public key to tie to the "
     "server's name, so it cannot know who it is talking to. "
     "Configure the server with its certificate file and check that the "
     "file is a PEM or DER certificate."},
    {"self_signed", TV_SEV_ERROR, "trust anchor", "self-signed certificate",
     "The certificate is signed by its own key: it vouches for itself and "
     "no certificate authority vouches for it. "
     "Anyone can make such a certificate for any name, so clients refuse "
     "it unless someone has decided to trust this very certificate. "
     "Either trust it explicitly (tlsview --ca-file, or the client's or "
     "system's trust store), or have it issued by a CA the clients trust, "
     "such as Let's Encrypt (free, but it needs a domain name you control "
     "and usually a server reachable from the internet) or your "
     "organisation's own CA."},
    {"untrusted_root", TV_SEV_ERROR, "trust anchor", "root CA not trusted",
     "The chain ends at a root certificate that is not in the trust "
     "store. "
     "A root is trusted only because it was installed in the client "
     "beforehand; a server cannot make a client trust a root by sending "
     "it. "
     "Install this root in the clients' trust store if it is your own "
     "private CA, or get a certificate from a publicly trusted CA."},
    {"unknown_issuer", TV_SEV_ERROR, "name chaining", "issuer unknown",
     "The issuer of this certificate is neither among the certificates "
     "the server sent nor in the trust store. "
     "The client cannot check the signature without the issuer's "
     "certificate, so it cannot trust the chain. "
     "Usually the server must also send the intermediate CA "
     "certificate(s) (configure the full chain file); if the issuer is a "
     "private CA, install its root in the clients."},
    {"incomplete_chain", TV_SEV_ERROR, "name chaining",
     "intermediate certificate missing",
     "The server did not send the intermediate CA certificate that issued "
     "this one, but the certificate says where it can be downloaded "
     "(Authority Information Access, caIssuers). "
     "Some clients (most browsers) fetch it and succeed, while others "
     "(curl, OpenSSL, Java, most libraries) fail: the result depends on "
     "the client. "
     "Configure the server to send the full chain, leaf first and then "
     "each intermediate."},
    {"expired", TV_SEV_ERROR, "validity", "certificate expired",
     "The certificate's validity period ended before the time it was "
     "checked at. "
     "After that date the CA no longer answers for the certificate (it "
     "stops publishing whether it was revoked), so clients refuse it. "
     "Renew the certificate and install the new one on the server; "
     "automate renewal (for example with ACME) so it does not happen "
     "again."},
    {"not_yet_valid", TV_SEV_ERROR, "validity", "certificate not yet valid",
     "The certificate's validity period starts after the time it was "
     "checked at. "
     "Clients refuse certificates from the future, because the CA has "
     "not vouched for the key at that moment. "
     "This is often a wrong clock on the client or on the machine that "
     "made the certificate: check the clocks, or wait until the start "
     "date."},
    {"hostname_mismatch", TV_SEV_ERROR, "host name", "name does not match",
     "The certificate is not issued for the name the client asked for. "
     "Clients compare the requested name with the certificate's subject "
     "alternative names (a wildcard such as *.example.com covers exactly "
     "one label, and an IP address must be listed as an IP address); a "
     "mismatch could mean the client reached the wrong server. "
     "Get a certificate that lists this name, or connect with a name the "
     "certificate lists."},
    {"bad_signature", TV_SEV_ERROR, "signature", "signature does not verify",
     "The certificate's signature does not verify with its issuer's "
     "public key. "
     "Either the certificate was altered after it was signed, or the "
     "certificate taken as its issuer is a different one with the same "
     "name (for example an old CA certificate after a key change). "
     "Install the correct issuer certificate, or reissue the "
     "certificate."},
    {"issuer_not_ca", TV_SEV_ERROR, "basic constraints", "issuer is not a CA",
     "A certificate in the chain was signed by a certificate that is not "
     "allowed to act as a certificate authority (its basic constraints "
     "do not say CA:TRUE). "
     "Otherwise any ordinary server certificate could be used to issue "
     "certificates for other names, so clients refuse the chain. "
     "Have the certificate issued by a real CA certificate."},
    {"path_length_exceeded", TV_SEV_ERROR, "path length",
     "too many intermediates",
     "A CA certificate limits how many intermediate CAs may follow it "
     "(pathLenConstraint), and this chain has more. "
     "The limit is how a CA keeps its sub-CAs from creating further "
     "sub-CAs, so clients enforce it. "
     "Have the certificate issued closer to the root, or get a CA "
     "certificate without this limit for the intermediate."},
    {"name_constraints", TV_SEV_ERROR, "name constraints",
     "name outside the CA's constraints",
     "A CA in the chain may only issue certificates for certain names "
     "(name constraints), and this certificate has a name outside them. "
     "Clients enforce the constraints so that a CA restricted to one "
     "organisation's domains cannot vouch for anybody else's. "
     "Use a name inside the permitted ones, or have the certificate "
     "issued by a CA that may issue it."},
    {"key_usage", TV_SEV_ERROR, "key usage", "key usage does not allow this",
     "The certificate's key usage extension does not allow what the key "
     "is used for here: an issuer needs keyCertSign to sign "
     "certificates, and a TLS server key needs digitalSignature or "
     "keyEncipherment. "
     "Clients refuse keys used outside the purposes their CA approved. "
     "Reissue the certificate with the right key usage."},
    {"purpose_mismatch", TV_SEV_ERROR, "extended key usage",
     "not for TLS servers",
     "The certificate's extended key usage does not include TLS server "
     "authentication (serverAuth). "
     "A certificate issued for another purpose, such as client "
     "authentication or code signing, must not be accepted as a "
     "server's identity. "
     "Reissue the certificate with serverAuth in its extended key usage "
     "(and in its CAs' extended key usage if they have one)."},
    {"insecure_signature_algorithm", TV_SEV_ERROR, "algorithms",
     "weak signature algorithm",
     "The certificate is signed with MD5 or SHA-1, hash functions for "
     "which collisions can be computed. "
     "With a collision an attacker can get one certificate signed and "
     "reuse the signature on a forged one, so clients no longer accept "
     "them. "
     "Reissue the certificate signed with SHA-256 or better."},
    {"weak_key", TV_SEV_ERROR, "algorithms", "key too small",
     "The certificate's public key is too small to be safe: RSA and DSA "
     "keys need at least 2048 bits, elliptic-curve keys at least 224. "
     "Small keys can be broken with enough computing power, so clients "
     "and CAs reject them. "
     "Generate a new key (RSA 2048 or larger, or ECDSA P-256) and get a "
     "new certificate for it."},
    {"revoked", TV_SEV_ERROR, "revocation", "certificate revoked",
     "The certificate's issuer has revoked it: its revocation list (CRL) "
     "or its OCSP responder says the certificate must no longer be used. "
     "A CA revokes a certificate when its key was compromised or it was "
     "issued wrongly, so clients that check revocation refuse it. "
     "Get a new certificate with a new key and install it on the "
     "server."},
    {"unknown_critical_extension", TV_SEV_ERROR, "extensions",
     "unknown critical extension",
     "The certificate has an extension marked critical that the verifier "
     "does not understand. "
     "Critical means \"refuse me if you cannot process this\", so a "
     "client that does not know the extension must reject the "
     "certificate. "
     "Reissue the certificate without the extension, or with it marked "
     "non-critical."},
    {"chain_order", TV_SEV_WARNING, "order", "chain sent out of order",
     "The certificates were not sent as a simple chain: leaf first, then "
     "each issuer in turn, each once. "
     "Most clients sort the certificates out, but some older or stricter "
     "ones fail, and extra certificates only cost bytes in every "
     "handshake. "
     "Put the leaf first and each issuer after the certificate it "
     "signed, and remove duplicates and unrelated certificates from the "
     "chain file."},
    {"crl_expired", TV_SEV_ERROR, "revocation", "revocation list out of date",
     "The revocation list (CRL) given for this certificate's issuer is "
     "past its next-update date at the time checked. "
     "An old list cannot say whether the certificate was revoked since, "
     "so a client that checks revocation with it refuses the chain. "
     "Download the current CRL from the address in the certificate's CRL "
     "distribution points, and make sure the CA publishes new ones in "
     "time."},
    {"crl_not_yet_valid", TV_SEV_ERROR, "revocation",
     "revocation list from the future",
     "The revocation list (CRL) given for this certificate's issuer was "
     "issued after the time checked (its this-update date is later). "
     "A client cannot use a list that did not exist yet, so it refuses "
     "the chain. "
     "Check the clocks, or check at a later time (--at)."},
    {"ocsp_invalid", TV_SEV_WARNING, "revocation", "OCSP response not usable",
     "An OCSP response is a CA's signed and dated statement that a "
     "certificate is, or is not, revoked; a server can staple one to its "
     "handshake. "
     "This one cannot be used: it does not verify, is out of date, or is "
     "not about a certificate of this chain. "
     "Clients ignore such a response and check revocation some other way "
     "or not at all, and they refuse a certificate that demands stapling "
     "(must-staple). "
     "Make the server fetch fresh responses from its CA's OCSP responder "
     "(for example ssl_stapling in nginx)."},
    {"verifier_rejected", TV_SEV_ERROR, "GnuTLS", "rejected by GnuTLS",
     "GnuTLS, which checks every chain independently as a second "
     "opinion, rejects this chain for a reason the checks above do not "
     "name. "
     "A client using the same library would refuse the connection. "
     "The GnuTLS status in the evidence says which check failed."},
};

const tv_explain *tv_explain_find(const char *code)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (!strcmp(table[i].code, code))
			return &table[i];
	return NULL;
}

const tv_explain *tv_explain_table(size_t *n)
{
	*n = sizeof table / sizeof table[0];
	return table;
}
