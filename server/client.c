/* client.c: who is asking: the mac, platform and arch query arguments, validated. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/mac.h"
#include "ipxe/render_job.h"
#include "server/server.h"

static const struct client_platform {
	const char	*name;		/* iPXE's ${platform} */
	enum platform	 platform;
} client_platforms[] = {
	{ "pcbios", PLATFORM_BIOS },
	{ "efi", PLATFORM_EFI },
};

bool
request_client(struct request *req, bool mac_required,
    struct render_client *cl, char *err, size_t errlen)
{
	char buf[64];
	size_t i;

	memset(cl, 0, sizeof *cl);
	if (request_has_arg(req, "mac") || mac_required) {
		if (!request_arg(req, "mac", buf, sizeof buf) ||
		    !mac_parse(buf, cl->mac)) {
			snprintf(err, errlen, "bad MAC address");
			return false;
		}
		/* A broadcast, multicast or zero MAC names no one machine:
		   the client is served, and recorded, as an unknown one. */
		if (mac_problem(cl->mac) != NULL)
			cl->mac[0] = '\0';
	}
	i = 0;
	if (request_has_arg(req, "platform")) {
		if (!request_arg(req, "platform", buf, sizeof buf))
			buf[0] = '\0';
		for (i = 0; i < sizeof client_platforms /
		    sizeof client_platforms[0]; i++)
			if (strcmp(buf, client_platforms[i].name) == 0)
				break;
		if (i == sizeof client_platforms / sizeof client_platforms[0]) {
			snprintf(err, errlen, "bad platform (pcbios or efi)");
			return false;
		}
	}
	cl->platform = client_platforms[i].platform;
	/* When the client does not say, what it most likely is. */
	snprintf(cl->arch, sizeof cl->arch, "%s",
	    render_default_arch(cl->platform));
	if (request_has_arg(req, "arch")) {
		if (!request_arg(req, "arch", buf, sizeof buf) ||
		    !render_arch_ok(buf)) {
			snprintf(err, errlen, "bad arch");
			return false;
		}
		snprintf(cl->arch, sizeof cl->arch, "%s", buf);
	}
	return true;
}
