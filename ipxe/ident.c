/* ident.c: telling bootdeck-built iPXE from stock builds, and stock builds older than the tested one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxe/build.h"
#include "ipxe/ident.h"

/* Major, minor, patch of "1.21.1+ (g1234)"; false if it does not start
   with a number. */
static bool
ident_parse(const char *v, long out[3])
{
	char *end;
	int i;

	out[0] = out[1] = out[2] = 0;
	for (i = 0; i < 3; i++) {
		if (*v < '0' || *v > '9')
			return i > 0;
		out[i] = strtol(v, &end, 10);
		v = end;
		if (*v != '.')
			return true;
		v++;
	}
	return true;
}

static bool
ident_older(const char *version, const char *than)
{
	long a[3], b[3];
	int i;

	if (!ident_parse(version, a) || !ident_parse(than, b))
		return false;
	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i];
	return false;
}

void
ipxe_ident(const char *version, const char *build, struct ipxe_ident *id)
{
	static const char prefix[] = "bootdeck-";

	memset(id, 0, sizeof *id);
	id->reported = version != NULL && *version != '\0';
	id->bootdeck = build != NULL &&
	    strncmp(build, prefix, sizeof prefix - 1) == 0;
	if (!id->reported || id->bootdeck)
		return;
	id->no_https = true;
	id->old = ident_older(version, IPXE_TESTED_VERSION);
}

void
ipxe_ident_format(const char *version, const char *build, char *buf,
    size_t len)
{
	static const char safe[] = "0123456789abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ.+_-";
	struct ipxe_ident id;
	int vlen, blen;

	ipxe_ident(version, build, &id);
	if (!id.reported) {
		snprintf(buf, len, "%s", "");
		return;
	}
	vlen = (int)strspn(version, safe);
	if (id.bootdeck) {
		blen = (int)strspn(build, safe);
		snprintf(buf, len, "%.*s %.*s", vlen, version, blen, build);
		return;
	}
	snprintf(buf, len, "%.*s stock:%s%s%s", vlen, version,
	    id.no_https ? " no HTTPS" : "",
	    id.no_https && id.old ? "," : "",
	    id.old ? " older than " IPXE_TESTED_VERSION : "");
}
