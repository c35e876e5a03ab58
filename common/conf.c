/* conf.c: the key = value config file and its precedence rules. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "common/xmalloc.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif

static const struct config_def {
	const char	*name;
	const char	*env;
	const char	*fallback;
} config_defs[CONFIG_KEY_COUNT] = {
	[CONFIG_DB] = { "db", "BOOTDECK_DB",
	    LOCALSTATEDIR "/lib/bootdeck/catalog.db" },
	[CONFIG_LISTEN] = { "listen", "BOOTDECK_LISTEN", "0.0.0.0:8080" },
	[CONFIG_IMAGES] = { "images", "BOOTDECK_IMAGES",
	    LOCALSTATEDIR "/lib/bootdeck/images" },
	[CONFIG_BASE_URL] = { "base_url", "BOOTDECK_BASE_URL", "" },
	[CONFIG_IPXE_DIR] = { "ipxe_dir", "BOOTDECK_IPXE_DIR",
	    LOCALSTATEDIR "/lib/bootdeck/ipxe" },
	[CONFIG_MEMDISK] = { "memdisk", "BOOTDECK_MEMDISK",
	    "/usr/lib/syslinux/memdisk" },
	[CONFIG_LOG_RETENTION] = { "log_retention", "BOOTDECK_LOG_RETENTION",
	    "100000" },
	[CONFIG_THREADS] = { "threads", "BOOTDECK_THREADS", "0" },
	[CONFIG_MAX_CONNECTIONS] = { "max_connections",
	    "BOOTDECK_MAX_CONNECTIONS", "1024" },
	[CONFIG_CONNECTION_TIMEOUT] = { "connection_timeout",
	    "BOOTDECK_CONNECTION_TIMEOUT", "60" },
	[CONFIG_HEADER_TIMEOUT] = { "header_timeout",
	    "BOOTDECK_HEADER_TIMEOUT", "30" },
	[CONFIG_MAX_PER_ADDRESS] = { "max_connections_per_address",
	    "BOOTDECK_MAX_CONNECTIONS_PER_ADDRESS", "0" },
	[CONFIG_USER] = { "user", "BOOTDECK_USER", "" },
	[CONFIG_IPXE_SERIAL_CONSOLE] = { "ipxe_serial_console",
	    "BOOTDECK_IPXE_SERIAL_CONSOLE", "no" },
	[CONFIG_IPXE_GENERAL] = { "ipxe_general", "BOOTDECK_IPXE_GENERAL", "" },
	[CONFIG_IPXE_SCRIPT] = { "ipxe_script", "BOOTDECK_IPXE_SCRIPT", "" },
	[CONFIG_WAKE_BROADCAST] = { "wake_broadcast", "BOOTDECK_WAKE_BROADCAST",
	    "255.255.255.255" },
	[CONFIG_WAKE_INTERFACE] = { "wake_interface", "BOOTDECK_WAKE_INTERFACE",
	    "" },
	[CONFIG_LISTEN_TLS] = { "listen_tls", "BOOTDECK_LISTEN_TLS", "" },
	[CONFIG_TLS_CERT] = { "tls_cert", "BOOTDECK_TLS_CERT", "" },
	[CONFIG_TLS_KEY] = { "tls_key", "BOOTDECK_TLS_KEY", "" },
	[CONFIG_IMAGES_URL] = { "images_url", "BOOTDECK_IMAGES_URL", "" },
};

static char *
config_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int
config_load(struct config *cfg, const char *path, bool must_exist,
    char *err, size_t errlen)
{
	char line[4096], *key, *value, *eq;
	unsigned lineno = 0;
	int rc = -1, k;
	FILE *f;

	f = fopen(path, "r");
	if (f == NULL) {
		if (errno == ENOENT && !must_exist)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		/* No NUL byte in the sentinel: the last NUL in line is then
		   the one fgets wrote, and an earlier one came from the file
		   (which would otherwise read as a line too long). */
		memset(line, '\n', sizeof line);
		if (fgets(line, sizeof line, f) == NULL)
			break;
		lineno++;
		if ((char *)memrchr(line, '\0', sizeof line) !=
		    line + strlen(line)) {
			snprintf(err, errlen, "%s:%u: a NUL byte", path, lineno);
			goto out;
		}
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path,
			    lineno);
			goto out;
		}
		key = config_trim(line);
		if (*key == '\0' || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (eq == NULL) {
			snprintf(err, errlen, "%s:%u: expected 'key = value'",
			    path, lineno);
			goto out;
		}
		*eq = '\0';
		key = config_trim(key);
		value = config_trim(eq + 1);
		for (k = 0; k < CONFIG_KEY_COUNT; k++)
			if (strcmp(key, config_defs[k].name) == 0)
				break;
		if (k == CONFIG_KEY_COUNT) {
			snprintf(err, errlen, "%s:%u: unknown key '%.64s'",
			    path, lineno, key);
			goto out;
		}
		config_set(cfg, (enum config_key)k, value);
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	free(cfg->path);
	cfg->path = xstrdup(path);
	rc = 0;
out:
	fclose(f);
	return rc;
}

void
config_apply_env(struct config *cfg)
{
	const char *v;
	int k;

	for (k = 0; k < CONFIG_KEY_COUNT; k++) {
		v = getenv(config_defs[k].env);
		if (v != NULL && *v != '\0')
			config_set(cfg, (enum config_key)k, v);
	}
}

void
config_set(struct config *cfg, enum config_key key, const char *value)
{
	free(cfg->values[key]);
	cfg->values[key] = xstrdup_null(value);
}

const char *
config_get(const struct config *cfg, enum config_key key)
{
	if (cfg->values[key] != NULL)
		return cfg->values[key];
	return config_defs[key].fallback;
}

const char *
config_key_name(enum config_key key)
{
	return config_defs[key].name;
}

const char *
config_key_env(enum config_key key)
{
	return config_defs[key].env;
}

const char *
config_default_path(void)
{
	return SYSCONFDIR "/bootdeck/bootdeck.conf";
}

void
config_free(struct config *cfg)
{
	int k;

	if (cfg == NULL)
		return;
	for (k = 0; k < CONFIG_KEY_COUNT; k++) {
		free(cfg->values[k]);
		cfg->values[k] = NULL;
	}
	free(cfg->path);
	cfg->path = NULL;
}
