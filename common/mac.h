/* mac.h: parsing and normalizing Ethernet MAC addresses. */
#ifndef BOOTDECK_MAC_H
#define BOOTDECK_MAC_H

#include <stdbool.h>

/* "aa:bb:cc:dd:ee:ff" plus NUL. */
#define MAC_STRLEN 18

/*
 * Accepts aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff and aabbccddeeff in any case
 * (no mixing of separators, no surrounding space) and writes the normalized
 * lower-case colon form to out. Returns false, leaving out empty, otherwise.
 */
bool mac_parse(const char *in, char out[MAC_STRLEN]);

#endif
