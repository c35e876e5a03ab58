/* cli.h: what the bootdeck subcommands share: settings, catalog, errors, options, tables. */
#ifndef BOOTDECK_CLI_H
#define BOOTDECK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/conf.h"
#include "db/catalog.h"

enum cli_exit {
	CLI_OK = 0,
	CLI_FAIL = 1,		/* the work failed: catalog, files */
	CLI_USAGE = 2,		/* the command line was wrong */
};

/* What one run of bootdeck knows: the flags that override the config. */
struct cli {
	const char	*db;		/* -d, --db */
	const char	*config_file;	/* -c, --config */
	const char	*images;	/* -i, --images */
	const char	*base_url;	/* --base-url */
	struct config	 cfg;
	bool		 cfg_loaded;
	/* "entry add": names the command in hints */
	const char	*where;
};

struct cli_command {
	const char	*name;
	/* Gets argv with argv[0] the command's own name. */
	int		(*run)(struct cli *cli, const struct cli_command *cmd,
			    int argc, char **argv);
	/* synopsis lines, without "bootdeck " */
	const char	*usage;
	const char	*help;		/* option descriptions, or NULL */
	/* More of them, made from tables (entry kinds), printed after help. */
	void		(*help_more)(FILE *f);
	/* A group (entry, host, menu): its subcommands and the default one. */
	const struct cli_command *const *subs;
	const char	*default_sub;
};

/* The subcommands, one file each. */
extern const struct cli_command cmd_init;
extern const struct cli_command cmd_entry;
extern const struct cli_command cmd_host;
extern const struct cli_command cmd_menu;
extern const struct cli_command cmd_preview;
extern const struct cli_command cmd_log;
extern const struct cli_command cmd_clients;
extern const struct cli_command cmd_ipxe;
extern const struct cli_command cmd_dhcp;
extern const struct cli_command cmd_scan;
extern const struct cli_command cmd_import;
extern const struct cli_command cmd_import_json;
extern const struct cli_command cmd_import_pxelinux;
extern const struct cli_command cmd_import_ipxe;
extern const struct cli_command cmd_export;
extern const struct cli_command cmd_check;
extern const struct cli_command cmd_wake;
extern const struct cli_command cmd_tls;

/* FILE in the directory `bootdeck tls init` writes by default: tls/ next
   to the config file. Caller frees. */
char *cli_tls_path(struct cli *cli, const char *file);
/* Whether path holds a PEM certificate; reports why not in one line. */
bool cli_tls_check_ca(const char *path);

/* "bootdeck: ..." on stderr, one line, control bytes replaced. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "bootdeck: note: ..." on stderr: what a script on stdout cannot say. */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_error() plus a hint naming --help; returns CLI_USAGE. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Terminal width the help is written for. */
#define CLI_WIDTH	80
/* lead, then len bytes of s, broken before options ("[", "-") so no line
   passes CLI_WIDTH; continuation lines are indented by indent. */
void cli_print_wrapped(FILE *f, const char *lead, const char *s, size_t len,
    int indent);
/* text from column on (the cursor is there), wrapped at blanks to
   CLI_WIDTH; its next lines start at column too. */
void cli_help_text(FILE *f, int column, const char *text);
/* Each synopsis in usage (a line and the lines after it that start with a
   blank) joined and wrapped: the first after first_lead, the others after
   lead. */
void cli_print_synopses(FILE *f, const char *first_lead, const char *lead,
    const char *usage, int indent);
/* Prints the synopsis of cmd (and of its subcommands) to f. */
void cli_print_usage(FILE *f, const struct cli_command *cmd);

/*
 * Options every subcommand accepts next to its own; put CLI_COMMON_LONG at
 * the end of a long option table (before the zero row) and CLI_COMMON_SHORT
 * in front of the short option string.
 */
#define CLI_COMMON_SHORT ":hd:c:"
#define CLI_COMMON_LONG \
	{ "help", no_argument, NULL, 'h' }, \
	{ "db", required_argument, NULL, 'd' }, \
	{ "config", required_argument, NULL, 'c' }
/* Handles a getopt_long result the command did not: the common options and
   errors. Returns -1 to go on, else the exit status to return (--help: 0). */
int cli_option(struct cli *cli, const struct cli_command *cmd, int c,
    char **argv);
/* Starts option parsing afresh for a subcommand's argv. */
void cli_getopt_reset(void);
/* Checks the count of operands left after the options; what names the
   first missing one ("NAME"). */
int cli_operands(const struct cli *cli, int argc, char **argv, int min,
    int max, const char *what);
/* All the option parsing of a subcommand with no options of its own: the
   common ones, then cli_operands(). Returns -1 to go on, else the exit
   status to return. */
int cli_parse_common(struct cli *cli, const struct cli_command *cmd,
    int argc, char **argv, int min, int max, const char *what);
/* The same for a subcommand whose one option is --json. */
int cli_parse_json(struct cli *cli, const struct cli_command *cmd,
    int argc, char **argv, int min, int max, const char *what, bool *json);

/* Settings in force: flags > environment > config file > defaults. NULL
   after reporting a bad config file. */
const struct config *cli_config(struct cli *cli);

enum cli_access {
	/* read-only is fine if writing is not allowed */
	CLI_READ,
	CLI_WRITE,
};
/* Opens the catalog, or reports why not and returns NULL. */
struct catalog *cli_open(struct cli *cli, enum cli_access access);
/* Reports the catalog's error; returns the exit status for status. */
int cli_catalog_fail(struct catalog *cat, int status);
/* The exit status for a catalog call's status: CLI_OK for CATALOG_OK,
   else cli_catalog_fail(). */
int cli_catalog_status(struct catalog *cat, int status);
/* base_url from flags, environment or config file when set (no trailing
   '/'), else http:// and the listen address, a wildcard host replaced by
   this machine's name (127.0.0.1 if it has none). NULL after reporting a
   set base_url that is no base URL (common/url.h). Caller frees. */
char *cli_listen_url(const struct config *cfg);
/* How clients reach bootdeckd, in bootdeckd's order: base_url from flags,
   environment or config file; else the catalog's base_url setting (from
   cat, or from the catalog opened read-only for it when cat is NULL);
   else cli_listen_url(). NULL after reporting a bad one (as
   cli_listen_url). Caller frees. */
char *cli_base_url(const struct config *cfg, struct catalog *cat);
/* Whether url, the value of option ("--base-url"), is a base URL
   (common/url.h); reports a usage error when not. */
bool cli_check_base_url(const struct cli *cli, const char *option,
    const char *url);

/*
 * When flags, the environment or the config file set key, which beats the
 * catalog setting of the same name in bootdeckd: writes where it came from
 * into buf ("$BOOTDECK_BASE_URL", the config file's path, "a flag") and
 * returns the value in force. NULL when they leave it unset. The console's
 * Settings screen and `bootdeck menu show` both say so with it.
 */
const char *cli_config_override(const struct config *cfg, enum config_key key,
    char *buf, size_t len);

/* Strict parsers: the whole string, in range, no atoi surprises. */
bool cli_parse_long(const char *s, long min, long max, long *out);
/* Parses a MAC or reports a usage error (returns false). */
bool cli_parse_mac(const struct cli *cli, const char *s,
    char out[MAC_STRLEN]);

/* Reads a whole file ("-": stdin) up to max bytes; reports failures. */
char *cli_read_file(const char *path, size_t max);

/* Sets an optional string field to a copy of value; NULL or "" clears it. */
void cli_replace(char **field, const char *value);
/* A copy with every byte outside printable ASCII replaced by '?'. */
char *cli_clean(const char *s);
/* "YYYY-MM-DD HH:MM:SS" in UTC; "-" for 0. */
void cli_format_time(char *buf, size_t len, int64_t ms);

/* A table printed with aligned columns; cells are cleaned on the way in. */
struct cli_table {
	size_t	  ncols;
	size_t	  nrows;		/* including the header row */
	char	**cells;
};

void cli_table_init(struct cli_table *t, size_t ncols, const char *const *head);
/* Adds one row of ncols strings; NULL or "" prints as "-". */
void cli_table_add(struct cli_table *t, const char *const *row);
void cli_table_print(const struct cli_table *t, FILE *f);
void cli_table_free(struct cli_table *t);

/* Sends sig to handler, without SA_RESTART: the signal cuts waits short. */
void cli_catch_signal(int sig, void (*handler)(int));
/* Notes SIGPIPE instead of dying of it, so a closed reader is quiet. */
void cli_output_init(void);
/* Flushes stdout; a reader that went away (EPIPE) is not an error. Returns
   the exit status to use: status, or CLI_FAIL after a write error. */
int cli_finish_output(int status);
/* Whether stdout's reader went away (for loops that print forever). */
bool cli_output_closed(void);

#endif
