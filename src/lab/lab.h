/*
 * The workshop lab: a teaching PKI made with GnuTLS in a directory
 * (reused while it stays valid) and one GnuTLS server per case, each on
 * its own port, served by threads of this process.  A case is a server
 * set up to show one thing: a good chain, a self-signed leaf, an expired
 * certificate, a HelloRetryRequest...  Connections to the lab are made
 * and judged like any others (net/session.h, pki/); the lab root is then
 * a trust store of its own named "lab root".
 *
 * No terminal here: cmd_lab.c prints, the UI shows.
 */
#ifndef LAB_LAB_H
#define LAB_LAB_H

#include <stdbool.h>
#include <stddef.h>

#include "commands.h"
#include "net/session.h"
#include "util/status.h"

/* One case of the lab, as the list shows it and the tests check it. */
typedef struct tv_lab_case {
	const char *name;  /* stable id: "good", "self-signed", "expired" */
	const char *title; /* one line for the lab list */
	/* Reason codes the verdict has (spec/json-output.md), NULL-ended;
	 * the first entry NULL: the chain is trusted by the lab root. */
	const char *const *expect;
	/* The alert the handshake ends with without the lab's client
	 * certificate ("certificate_required"), or NULL. */
	const char *expect_alert;
	/* The teaching note, a few sentences each. */
	const char *shows;   /* what this case shows */
	const char *browser; /* what a browser says about it */
	const char *fix;     /* how the server's owner fixes it */
	/* How its server is set up, from files of the lab directory. */
	const char *chain;    /* the certificates it sends, PEM, leaf first */
	const char *key;      /* the leaf's private key, PEM */
	const char *priority; /* GnuTLS priority string of the server */
	bool client_auth;     /* a client certificate is required */
	bool good;	      /* a client that checks properly accepts it */
} tv_lab_case;

/* Every case, in the order of the lab list. */
const tv_lab_case *tv_lab_cases(size_t *n);
const tv_lab_case *tv_lab_case_find(const char *name);

/* The first port of `tlsview lab` (case i on TV_LAB_PORT + i): the same
 * every time, so an instructor can write the ports on the board. */
#define TV_LAB_PORT 8440

typedef struct tv_lab_opts {
	const char *dir;    /* NULL: $XDG_CACHE_HOME/tlsview/lab */
	const char *listen; /* NULL: loopback; else the address served */
	unsigned port;	    /* case i on port + i; 0: any free ports */
} tv_lab_opts;

typedef struct tv_lab tv_lab;

/* Make the PKI in the directory, or reuse the one there while it stays
 * valid; no server yet.  NULL with err saying what and where. */
tv_lab *tv_lab_open(const tv_lab_opts *o, tv_error *err);
/* Start every case's server.  false with err (a port in use...). */
bool tv_lab_serve(tv_lab *l, tv_error *err);
/* Stop the servers (their ports are closed when this returns). */
void tv_lab_free(tv_lab *l);

const char *tv_lab_dir(const tv_lab *l);
bool tv_lab_was_made(const tv_lab *l); /* false: an existing PKI reused */
const char *tv_lab_root_file(const tv_lab *l);	  /* the lab root, PEM */
const char *tv_lab_crl_file(const tv_lab *l);	  /* PEM */
const char *tv_lab_client_cert_file(const tv_lab *l);
const char *tv_lab_client_key_file(const tv_lab *l);
/* The host name the good cases' certificates are for ("localhost"). */
const char *tv_lab_host(const tv_lab *l);

/* Case i's port once serving, else 0. */
unsigned tv_lab_port(const tv_lab *l, size_t i);
/* Options to connect to case i: target, SNI, timeout. */
void tv_lab_session_opts(const tv_lab *l, size_t i, tv_session_opts *so);
/* The trust options of lab connections: the lab root as the store
 * "lab root", the lab CRL, no system store, --host the lab's.  The
 * strings belong to l; the arrays (src, crls) to the caller, who frees
 * them with tv_trust_opts_free. */
void tv_lab_trust_opts(const tv_lab *l, tv_trust_opts *to);

/* Write the PKI (keys, certificates, CSRs, CRL) and the attendee README
 * with the openssl commands that rebuild and verify each case to dir.
 * Refuses to overwrite files. */
bool tv_lab_export(const tv_lab *l, const char *dir, tv_error *err);

/* The address the servers listen on ("127.0.0.1", or --listen's) and
 * the one clients connect to (127.0.0.1 for a wildcard --listen). */
const char *tv_lab_listen_addr(const tv_lab *l);
const char *tv_lab_connect_addr(const tv_lab *l);
/* Whether a numeric address is loopback only (127.0.0.0/8, ::1, or
 * ::ffff:127.x): only other addresses put the lab on a network. */
bool tv_lab_addr_is_loopback(const char *addr);
/* The lab root's SHA-256 fingerprint, lower-case hex. */
const char *tv_lab_root_sha256(const tv_lab *l);
/* The path of a file of the lab directory ("good.crt"), to free(). */
char *tv_lab_path(const tv_lab *l, const char *name);

#endif
