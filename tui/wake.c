/* wake.c: Wake-on-LAN: magic packets to a broadcast address or out of an interface, and the next boot set before them. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/xmalloc.h"
#include "tui/wake.h"

const char *
wake_mac_problem(const char *mac)
{
	unsigned b[6];

	if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2],
	    &b[3], &b[4], &b[5]) != 6)
		return "not a MAC address";
	if ((b[0] & b[1] & b[2] & b[3] & b[4] & b[5]) == 0xff)
		return "the broadcast address, which every machine answers to";
	if (b[0] & 1)
		return "a multicast address, which no one machine has";
	if ((b[0] | b[1] | b[2] | b[3] | b[4] | b[5]) == 0)
		return "the zero address, which no machine has";
	return NULL;
}

static void
wake_packet(const char *mac, unsigned char pkt[WAKE_PACKET_LEN])
{
	unsigned b[6];
	size_t i;

	sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3],
	    &b[4], &b[5]);
	memset(pkt, 0xff, 6);
	for (i = 6; i < WAKE_PACKET_LEN; i++)
		pkt[i] = (unsigned char)b[(i - 6) % 6];
}

int
wake_send(const struct wake_target *t, const char *const *macs, size_t n,
    char *err, size_t errlen)
{
	unsigned char pkt[WAKE_PACKET_LEN];
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(WAKE_PORT) };
	const char *problem;
	int fd = -1, one = 1, rc = -1;
	size_t i;

	if (inet_pton(AF_INET, t->broadcast, &sin.sin_addr) != 1) {
		snprintf(err, errlen, "broadcast address '%s' is no IPv4 "
		    "address", t->broadcast);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((problem = wake_mac_problem(macs[i])) != NULL) {
			snprintf(err, errlen, "refusing to wake %s: %s",
			    macs[i], problem);
			return -1;
		}
	}
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		goto out;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0) {
		snprintf(err, errlen, "SO_BROADCAST: %s", strerror(errno));
		goto out;
	}
	/* Out of that interface whatever the routes say: a boot network
	   is often not the one the default route leads to. */
	if (t->interface != NULL && *t->interface != '\0' &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, t->interface,
	    (socklen_t)strlen(t->interface) + 1) != 0) {
		snprintf(err, errlen, "interface %s: %s", t->interface,
		    strerror(errno));
		goto out;
	}
	for (i = 0; i < n; i++) {
		wake_packet(macs[i], pkt);
		if (sendto(fd, pkt, sizeof pkt, 0, (struct sockaddr *)&sin,
		    sizeof sin) != (ssize_t)sizeof pkt) {
			snprintf(err, errlen, "sending to %s port %d: %s",
			    t->broadcast, WAKE_PORT, strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

int
wake_set_next(struct catalog *cat, const char *mac, const char *entry)
{
	struct host h = { 0 };
	int status;

	status = catalog_host_get(cat, mac, &h);
	if (status == CATALOG_NOTFOUND) {
		host_clear(&h);
		snprintf(h.mac, sizeof h.mac, "%s", mac);
	} else if (status != CATALOG_OK)
		goto out;
	free(h.next_entry);
	h.next_entry = entry != NULL && *entry != '\0' ? xstrdup(entry) : NULL;
	status = catalog_host_put(cat, &h);
out:
	host_clear(&h);
	return status;
}
