/* conf.h: settings from built-in defaults, the config file, the environment and flags. */
#ifndef BOOTDECK_CONF_H
#define BOOTDECK_CONF_H

#include <stdbool.h>
#include <stddef.h>

enum config_key {
	CONFIG_DB,		/* catalog path */
	CONFIG_LISTEN,		/* bootdeckd ADDR:PORT */
	CONFIG_IMAGES,		/* images root, served under /images/ */
	CONFIG_BASE_URL,	/* how clients reach bootdeckd; empty: from Host */
	CONFIG_IPXE_DIR,	/* iPXE binaries, served under /ipxe/ */
	CONFIG_MEMDISK,		/* syslinux memdisk, served as /ipxe/memdisk */
	CONFIG_LOG_RETENTION,	/* boot events kept */
	CONFIG_THREADS,		/* HTTP worker threads; 0: from the core count */
	CONFIG_MAX_CONNECTIONS,
	CONFIG_CONNECTION_TIMEOUT, /* seconds an idle connection is kept */
	CONFIG_HEADER_TIMEOUT,	/* seconds to send a whole request header */
	CONFIG_MAX_PER_ADDRESS,	/* connections per address or /64; 0: auto */
	CONFIG_USER,		/* bootdeckd: user to become after binding */
	CONFIG_IPXE_SERIAL_CONSOLE, /* ipxe build: yes: console on COM1 too */
	CONFIG_IPXE_GENERAL,	/* ipxe build: file of general.h #defines */
	CONFIG_IPXE_SCRIPT,	/* ipxe build: iPXE commands run before dhcp */
	CONFIG_WAKE_BROADCAST,	/* wake: IPv4 broadcast address of magic packets */
	CONFIG_WAKE_INTERFACE,	/* wake: the interface they leave by; "": any */
	CONFIG_LISTEN_TLS,	/* bootdeckd HTTPS ADDR:PORT; empty: none */
	CONFIG_TLS_CERT,	/* its certificate (chain), PEM */
	CONFIG_TLS_KEY,		/* its private key, PEM */
	CONFIG_IMAGES_URL,	/* base URL of /images/ URLs; empty: base_url */
	CONFIG_KEY_COUNT
};

struct config {
	char	*values[CONFIG_KEY_COUNT];	/* NULL: not set, use the default */
	char	*path;				/* the file read, if any */
};

/*
 * Reads `key = value` lines; `#` starts a comment line. Unknown keys and
 * malformed lines are errors (a typo in a boot server's config should not
 * be ignored). A missing file is an error only when must_exist.
 * Returns 0, or -1 with a one-line reason in err.
 */
int config_load(struct config *cfg, const char *path, bool must_exist,
    char *err, size_t errlen);
/* Takes BOOTDECK_DB, BOOTDECK_LISTEN, ... from the environment. */
void config_apply_env(struct config *cfg);
void config_set(struct config *cfg, enum config_key key, const char *value);
/* The value in force, falling back to the built-in default (never NULL). */
const char *config_get(const struct config *cfg, enum config_key key);
const char *config_key_name(enum config_key key);
const char *config_key_env(enum config_key key);
/* The default config file: $sysconfdir/bootdeck/bootdeck.conf. */
const char *config_default_path(void);
void config_free(struct config *cfg);

#endif
