/* Hex digits, read from untrusted text (key logs, RFC 4514 escapes). */
#ifndef TV_HEX_H
#define TV_HEX_H

/* The value of one hex digit (either case), or -1 for any other byte. */
static inline int tv_hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
