/* mac.c: parsing and normalizing Ethernet MAC addresses. */
#include "config.h"

#include <string.h>

#include "common/hex.h"
#include "common/mac.h"

bool
mac_parse(const char *in, char out[MAC_STRLEN])
{
	static const char hex[] = "0123456789abcdef";
	size_t len, step, i;
	char sep;
	int hi, lo;

	out[0] = '\0';
	if (in == NULL)
		return false;
	len = strlen(in);
	if (len == 12) {
		sep = '\0';
		step = 2;
	} else if (len == 17 && (in[2] == ':' || in[2] == '-')) {
		sep = in[2];
		step = 3;
	} else
		return false;

	for (i = 0; i < 6; i++) {
		const char *p = in + i * step;

		if (sep != '\0' && i < 5 && p[2] != sep) {
			out[0] = '\0';
			return false;
		}
		hi = hex_value(p[0]);
		lo = hex_value(p[1]);
		if (hi < 0 || lo < 0) {
			out[0] = '\0';
			return false;
		}
		out[i * 3] = hex[hi];
		out[i * 3 + 1] = hex[lo];
		out[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
	return true;
}

const char *
mac_problem(const char mac[MAC_STRLEN])
{
	int lo;

	if (strcmp(mac, "ff:ff:ff:ff:ff:ff") == 0)
		return "is the broadcast address, not one machine's";
	if (strcmp(mac, "00:00:00:00:00:00") == 0)
		return "is all zeros, not a network card's address";
	/* The I/G bit: a group address, which no card sends from. */
	lo = hex_value(mac[1]);
	if (lo >= 0 && (lo & 1) != 0)
		return "is a multicast address (odd first octet), not one "
		    "machine's";
	return NULL;
}
