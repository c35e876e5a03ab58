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

/*
 * Why a normalized MAC cannot name one machine, for "'MAC' REASON":
 * "is the broadcast address", "is a multicast address (...)" or "is all
 * zeros". NULL when it can. Hosts, JSON imports and the clients bootdeckd
 * records all go through this one rule.
 */
const char *mac_problem(const char mac[MAC_STRLEN]);

#endif
