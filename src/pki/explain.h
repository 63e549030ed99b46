/*
 * The reason codes of a chain verdict, one table: code -> severity ->
 * a short title -> a plain explanation for a workshop audience (what it
 * means, why a client refuses it, how to fix it).
 */
#ifndef PKI_EXPLAIN_H
#define PKI_EXPLAIN_H

#include <stddef.h>

#include "model/validation.h"

typedef struct tv_explain {
	const char *code;
	tv_severity severity;
	const char *check; /* the kind of check that failed: "validity" */
	const char *title; /* a few words: "certificate expired" */
	const char *text;  /* 2-5 sentences */
} tv_explain;

/* The entry for code, or NULL when the code is not in the table. */
const tv_explain *tv_explain_find(const char *code);
/* The whole table (for tests, the man page and the help screen). */
const tv_explain *tv_explain_table(size_t *n);

#endif
