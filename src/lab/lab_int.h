/*
 * What the lab's files share and nobody else needs: the PKI maker
 * (pki.c), the list of its files (export.c copies them), the servers
 * (server.c) and the tv_lab object itself (lab.c).
 */
#ifndef LAB_LAB_INT_H
#define LAB_LAB_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/lab.h"
#include "util/status.h"

/* The files of the PKI, NULL-ended, in the order the README lists them. */
extern const char *const tv_lab_pki_files[];

/*
 * Make the PKI in dir (which exists, mode 0700), or keep the one there
 * when every file is present and still good and it was made for the
 * same extra IP address (NULL: none).  *made says which.
 */
bool tv_lab_pki_ensure(const char *dir, const char *extra_ip, bool *made,
		       tv_error *err);

/* Write data to dir/name through a new temporary file and a rename, so
 * no symlink is followed; mode 0600 or 0644. */
bool tv_lab_write_file(const char *dir, const char *name, const void *data,
		       size_t n, unsigned mode, tv_error *err);

/* The base port asked for (0: any free ports). */
unsigned tv_lab_base_port(const tv_lab *l);

/* The attendee README of an exported lab (readme.c). */
struct tv_buf;
void tv_lab_readme(const tv_lab *l, struct tv_buf *b);

/* The servers: one per case, started by tv_lab_serve. */
typedef struct tv_lab_servers tv_lab_servers;
tv_lab_servers *tv_lab_servers_start(const tv_lab *l, tv_error *err);
unsigned tv_lab_servers_port(const tv_lab_servers *s, size_t i);
void tv_lab_servers_stop(tv_lab_servers *s);

#endif
