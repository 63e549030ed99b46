/* The attendee README of an exported lab (export.c). */
#include "lab/lab_int.h"
#include "util/buf.h"

void tv_lab_readme(const tv_lab *l, tv_buf *b)
{
	(void)l;
	tv_buf_adds(b, "# tlsview lab\n");
}
