/* ident.h: which iPXE a client runs, from the version and build it reports: bootdeck's own build or a stock one. */
#ifndef BOOTDECK_IDENT_H
#define BOOTDECK_IDENT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The iPXE version bootdeck's end-to-end tests build from source and boot
 * (the snapshot in ../shared/ipxe/, iPXE 2.0.0): a client reporting an
 * older ${version} runs an iPXE nobody here has tested.
 */
#define IPXE_TESTED_VERSION "2.0.0"

struct ipxe_ident {
	bool	reported;	/* the client sent its version */
	bool	bootdeck;	/* build= names a bootdeck build */
	/* Flags for stock builds: they never carry bootdeck's trust
	   anchor, so they cannot do HTTPS with bootdeckd; and an older
	   version than IPXE_TESTED_VERSION. */
	bool	no_https;
	bool	old;
};

/* What version (${version}, may be NULL) and build (build=, NULL from a
   stock iPXE) say. */
void ipxe_ident(const char *version, const char *build, struct ipxe_ident *id);

/*
 * One short line for lists: "2.0.0+ bootdeck-0.1.0", "1.0.0+ stock: no
 * HTTPS, older than 2.0.0", or "" when the client never said. Only the
 * version's leading [0-9A-Za-z.+_-] bytes are shown.
 */
void ipxe_ident_format(const char *version, const char *build, char *buf,
    size_t len);

#endif
