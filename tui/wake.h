/* wake.h: Wake-on-LAN: the magic packet, the MACs it may wake, and the one-shot next boot set before it, for `bootdeck wake` and the console. */
#ifndef BOOTDECK_WAKE_H
#define BOOTDECK_WAKE_H

#include <stddef.h>

#include "db/catalog.h"

#define WAKE_PACKET_LEN	102	/* 6 x 0xff, then the MAC 16 times */
#define WAKE_PORT	9	/* discard: what wakeonlan and etherwake use */

/* Why mac (normalized) names no one machine: the broadcast, a multicast
   or the zero address; NULL when it is a unicast MAC. */
const char *wake_mac_problem(const char *mac);

/* Where the packets go: an IPv4 broadcast address, and an interface to
   send them out of ("" or NULL: the routing table picks). */
struct wake_target {
	const char	*broadcast;
	const char	*interface;
};

/*
 * Sends one magic packet per MAC (normalized, checked by
 * wake_mac_problem) to the target's broadcast address, UDP port 9.
 * Returns 0, or -1 with why in err (nothing sent after the failure).
 */
int wake_send(const struct wake_target *t, const char *const *macs, size_t n,
    char *err, size_t errlen);

/*
 * Sets the one-shot next boot of the host with this MAC, created when it
 * is new, through catalog_host_get/put as `bootdeck host set --next`
 * does. A catalog status.
 */
int wake_set_next(struct catalog *cat, const char *mac, const char *entry);

#endif
