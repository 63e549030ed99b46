/* Link layers: where the IP packet starts in a captured frame. */
#ifndef CAPTURE_LINK_H
#define CAPTURE_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cap_l3 {
	uint8_t family;	  /* 4, 6, or 0: the IP version nibble decides */
	const uint8_t *p; /* the IP header */
	size_t caplen;	  /* bytes captured from p on */
	size_t wirelen;	  /* bytes on the wire from p on */
} cap_l3;

/* False when the frame is too short or carries something other than IP. */
bool cap_link_parse(int dlt, const uint8_t *p, size_t caplen, size_t wirelen,
		    cap_l3 *out);

#endif
