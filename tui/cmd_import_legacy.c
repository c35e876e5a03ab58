/* cmd_import_legacy.c: `bootdeck import pxelinux` and `bootdeck import ipxe`: an old boot setup read, reported label by label, applied in one transaction. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/dirs.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "import/ipxe_menu.h"
#include "import/pxelinux.h"
#include "tui/cli.h"

enum legacy_opt {
	OPT_DRY_RUN = 256, OPT_COPY, OPT_TFTP_ROOT,
};

/* Reads at most IMPORT_FILE_MAX bytes of path; a bigger file is refused
   without reading the rest (a 100 MB file costs nothing). */
static int
legacy_read(const char *path, char **bufp, size_t *lenp, char *err,
    size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	char chunk[8192];
	struct stat st;
	ssize_t got;
	int fd, status = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		goto out;
	}
	if (st.st_size > IMPORT_FILE_MAX) {
		snprintf(err, errlen, "larger than 1 MiB (%lld bytes): not a "
		    "boot menu", (long long)st.st_size);
		goto out;
	}
	for (;;) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		strbuf_add(&sb, chunk, (size_t)got);
		if (sb.len > IMPORT_FILE_MAX) {
			snprintf(err, errlen, "larger than 1 MiB: not a boot "
			    "menu");
			goto out;
		}
	}
	*lenp = sb.len;
	strbuf_addc(&sb, '\0');
	*bufp = strbuf_detach(&sb, NULL);
	status = 0;
out:
	strbuf_free(&sb);
	close(fd);
	return status;
}

/* INCLUDE files, from the TFTP root. */
static int
legacy_load(void *ctx, const char *path, char **buf, size_t *len, char *err,
    size_t errlen)
{
	char *full = xasprintf("%s/%s", (const char *)ctx, path);
	int status = legacy_read(full, buf, len, err, errlen);

	free(full);
	return status;
}

/* Every finding, in the order met; errors on stderr. */
static void
legacy_print(const struct import_plan *plan)
{
	const struct import_finding *f;
	size_t i;

	for (i = 0; i < plan->n_findings; i++) {
		f = &plan->findings[i];
		if (f->level == IMPORT_ERROR) {
			if (f->line > 0)
				cli_error("%s:%d: %s", f->file, f->line,
				    f->text);
			else
				cli_error("%s: %s", f->file, f->text);
		} else if (f->line > 0)
			printf("%s:%d: %s%s%s\n", f->file, f->line,
			    f->level == IMPORT_ENTRY ||
			    f->level == IMPORT_HOST ?
			    "" : import_level_name(f->level),
			    f->level == IMPORT_ENTRY ||
			    f->level == IMPORT_HOST ?
			    "" : ": ", f->text);
		else
			printf("%s: %s%s%s\n", f->file,
			    f->level == IMPORT_ENTRY ||
			    f->level == IMPORT_HOST ?
			    "" : import_level_name(f->level),
			    f->level == IMPORT_ENTRY ||
			    f->level == IMPORT_HOST ?
			    "" : ": ", f->text);
	}
}

static void
legacy_counts(const char *what, const size_t *n, bool dry_run)
{
	printf("%s: %zu added, %zu changed, %zu unchanged%s\n", what,
	    n[CATALOG_IMPORT_ADDED], n[CATALOG_IMPORT_CHANGED],
	    n[CATALOG_IMPORT_SAME], dry_run ? " (dry run: nothing written)" :
	    "");
}

/*
 * Where each entry goes: one the catalog has stays where it is, a new
 * one goes to the end, in the file's order; hosts keep what the file does
 * not set. So importing the same file again changes nothing. A hotkey
 * another catalog entry holds stays with it: the import's is dropped.
 */
static int
legacy_place(struct catalog *cat, struct import_plan *plan)
{
	struct entry *v = NULL;
	struct host old;
	size_t n = 0, i, j, added = 0;
	int status;

	if ((status = catalog_entry_list(cat, &v, &n)) != CATALOG_OK)
		return status;
	for (i = 0; i < plan->n_entries; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(v[j].name, plan->entries[i].name) == 0)
				break;
		plan->entries[i].position = j < n ? v[j].position :
		    (int)(n + ++added);
		for (j = 0; plan->entries[i].key != '\0' && j < n; j++)
			if (v[j].key == plan->entries[i].key &&
			    strcmp(v[j].name, plan->entries[i].name) != 0 &&
			    import_plan_entry(plan, v[j].name) == NULL) {
				printf("note: entry '%s': hotkey '%c' left to "
				    "entry '%s', which has it\n",
				    plan->entries[i].name, v[j].key, v[j].name);
				plan->entries[i].key = '\0';
			}
	}
	entry_array_free(v, n);
	for (i = 0; status == CATALOG_OK && i < plan->n_hosts; i++) {
		struct host *h = &plan->hosts[i];

		memset(&old, 0, sizeof old);
		status = catalog_host_get(cat, h->mac, &old);
		if (status == CATALOG_NOTFOUND) {
			status = CATALOG_OK;
			continue;
		}
		if (status == CATALOG_OK) {
			h->name = old.name, old.name = NULL;
			h->next_entry = old.next_entry, old.next_entry = NULL;
			h->skip_menu = old.skip_menu;
			h->localboot = old.localboot;
		}
		host_clear(&old);
	}
	return status;
}

/* The files the entries name (not URLs), relative to both roots. */
static size_t
legacy_files(const struct entry *e, const char **v, size_t max)
{
	size_t n = 0, i;

	if (e->target != NULL && !entry_target_is_url(e->target) && n < max)
		v[n++] = e->target;
	for (i = 0; i < e->n_initrds && n < max; i++)
		if (!entry_target_is_url(e->initrds[i]))
			v[n++] = e->initrds[i];
	return n;
}

static int
legacy_copy_file(const char *src, const char *dst)
{
	char buf[65536];
	ssize_t got, put;
	int in, out, status = -1;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		cli_error("cannot copy %s: %s", src, strerror(errno));
		return -1;
	}
	if (!dirs_make_parent(dst) || (out = open(dst, O_WRONLY | O_CREAT |
	    O_EXCL | O_CLOEXEC, 0644)) < 0) {
		cli_error("cannot create %s: %s", dst, strerror(errno));
		close(in);
		return -1;
	}
	for (;;) {
		got = read(in, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		for (put = 0; put < got;) {
			ssize_t w = write(out, buf + put, (size_t)(got - put));

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				goto out;
			put += w;
		}
	}
	if (got == 0)
		status = 0;
out:
	if (close(out) != 0)
		status = -1;
	close(in);
	if (status != 0) {
		cli_error("cannot copy %s to %s: %s", src, dst,
		    strerror(errno));
		unlink(dst);
	}
	return status;
}

/*
 * The images the entries name: copied from the TFTP root with copy (one
 * already there is kept), else each one missing under the images
 * directory noted. Returns -1 after a copy failed.
 */
static int
legacy_images(const struct import_plan *plan, const char *root,
    const char *images, bool copy, bool dry_run)
{
	const char *files[ENTRY_INITRDS_MAX + 1];
	char *src, *dst;
	struct stat st;
	size_t i, j, n;
	int status = 0;

	for (i = 0; status == 0 && i < plan->n_entries; i++) {
		n = legacy_files(&plan->entries[i], files,
		    sizeof files / sizeof files[0]);
		for (j = 0; status == 0 && j < n; j++) {
			dst = xasprintf("%s/%s", images, files[j]);
			src = root != NULL ?
			    xasprintf("%s/%s", root, files[j]) :
			    NULL;
			if (stat(dst, &st) == 0)
				;
			else if (!copy || src == NULL)
				printf("note: %s is not in the images directory"
				    "%s\n", files[j], src != NULL ?
				    " (--copy copies it from the TFTP root)" :
				    "");
			else if (dry_run)
				printf("would copy %s to %s\n", src, dst);
			else if ((status = legacy_copy_file(src, dst)) == 0)
				printf("copied %s to %s\n", src, dst);
			free(src);
			free(dst);
		}
	}
	return status;
}

/* Names the record a catalog check refused: entry 'x', host MAC, menu. */
static void
legacy_fail(struct catalog *cat, const struct import_plan *plan,
    const struct catalog_import_result *res)
{
	const char *why = catalog_error(cat), *where = res->where;
	size_t i = res->index;

	if (where != NULL && strcmp(where, "entries") == 0 &&
	    i < plan->n_entries)
		cli_error("entry '%s': %s; nothing imported",
		    plan->entries[i].name, why);
	else if (where != NULL && strcmp(where, "hosts") == 0 &&
	    i < plan->n_hosts)
		cli_error("host %s: %s; nothing imported", plan->hosts[i].mac,
		    why);
	else if (where != NULL)
		cli_error("%s: %s; nothing imported", where, why);
	else
		cli_error("%s; nothing imported", why);
}

struct legacy_run {
	const char	*root;		/* TFTP root for --copy; NULL: none */
	bool		 dry_run, copy;
};

/* Prints the findings, then applies the plan (or nothing, on an error). */
static int
legacy_apply(struct cli *cli, struct import_plan *plan,
    const struct legacy_run *run)
{
	struct catalog_import imp = { 0 };
	struct catalog_import_result res = { 0 };
	const struct config *cfg;
	struct catalog *cat = NULL;
	int status;

	legacy_print(plan);
	if (plan->n_errors > 0) {
		cli_error("%zu error%s; nothing imported", plan->n_errors,
		    plan->n_errors == 1 ? "" : "s");
		return CLI_FAIL;
	}
	if ((cfg = cli_config(cli)) == NULL ||
	    (cat = cli_open(cli, CLI_WRITE)) == NULL)
		return CLI_FAIL;
	imp.entries = plan->entries;
	imp.n_entries = plan->n_entries;
	imp.hosts = plan->hosts;
	imp.n_hosts = plan->n_hosts;
	imp.menu = plan->menu;
	imp.menu_given = plan->menu_given;
	/* Checked whole (a dry run of it all) before a file is copied, so a
	   failure leaves both the catalog and the images directory alone. */
	imp.dry_run = true;
	if ((status = legacy_place(cat, plan)) != CATALOG_OK ||
	    (status = catalog_import_apply(cat, &imp, &res)) != CATALOG_OK) {
		legacy_fail(cat, plan, &res);
		status = CLI_FAIL;
		goto out;
	}
	if (legacy_images(plan, run->root, config_get(cfg, CONFIG_IMAGES),
	    run->copy, run->dry_run) != 0) {
		cli_error("nothing imported");
		status = CLI_FAIL;
		goto out;
	}
	if (!run->dry_run) {
		imp.dry_run = false;
		if ((status = catalog_import_apply(cat, &imp, &res)) !=
		    CATALOG_OK) {
			status = cli_catalog_fail(cat, status);
			goto out;
		}
	}
	legacy_counts("entries", res.entries, run->dry_run);
	legacy_counts("hosts", res.hosts, run->dry_run);
	printf("menu: %zu changed%s\n", res.settings_changed,
	    run->dry_run ? " (dry run: nothing written)" : "");
	status = CLI_OK;
out:
	catalog_close(cat);
	return status;
}

static int
legacy_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* pxelinux.cfg/01-MAC files, in name order; the others are noted. */
static void
pxelinux_mac_files(struct import_plan *plan, const char *dir,
    const char *shown, const struct import_loader *loader)
{
	char **names = NULL, mac[MAC_STRLEN], err[256], *path, *buf, *name;
	struct dirent *d;
	size_t n = 0, i, len;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL) {
		import_finding(plan, IMPORT_ERROR, dir, 0, "%s",
		    strerror(errno));
		return;
	}
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.' || strcmp(d->d_name, "default") == 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(d->d_name);
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof *names, legacy_name_cmp);
	for (i = 0; i < n; i++) {
		name = xasprintf("%s%s", shown, names[i]);
		if (!pxelinux_mac_file(names[i], mac))
			import_finding(plan, IMPORT_NOTE, name, 0, "not read: "
			    "only 'default' and per-MAC 01-aa-bb-cc-dd-ee-ff "
			    "files are imported");
		else {
			path = xasprintf("%s/%s", dir, names[i]);
			buf = NULL;
			if (legacy_read(path, &buf, &len, err, sizeof err) != 0)
				import_finding(plan, IMPORT_ERROR, name, 0,
				    "%s", err);
			else
				pxelinux_parse(plan, name, buf, len, loader,
				    mac);
			free(buf);
			free(path);
		}
		free(name);
		free(names[i]);
	}
	free(names);
}

static char *
legacy_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static int
import_pxelinux_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "copy", no_argument, NULL, OPT_COPY },
		{ "tftp-root", required_argument, NULL, OPT_TFTP_ROOT },
		{ "images", required_argument, NULL, 'i' },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct import_plan plan = { 0 };
	struct import_loader loader = { .load = legacy_load };
	struct legacy_run run = { 0 };
	const char *path, *root_opt = NULL, *shown;
	char *cfgdir = NULL, *main_file = NULL, *root = NULL, *buf = NULL;
	char err[256], *base;
	struct stat st;
	size_t len, rl;
	int c, status;
	bool is_dir;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT "i:", opts,
	    NULL)) != -1) {
		if (c == OPT_DRY_RUN)
			run.dry_run = true;
		else if (c == OPT_COPY)
			run.copy = true;
		else if (c == OPT_TFTP_ROOT)
			root_opt = optarg;
		else if (c == 'i')
			cli->images = optarg;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 1, 1, "the PATH")) >= 0)
		return status;
	path = argv[optind];
	if (stat(path, &st) != 0) {
		cli_error("%s: %s; nothing imported", path, strerror(errno));
		return CLI_FAIL;
	}
	is_dir = S_ISDIR(st.st_mode);
	cfgdir = is_dir ? xstrdup(path) : legacy_dirname(path);
	rl = strlen(cfgdir);
	while (rl > 1 && cfgdir[rl - 1] == '/')
		cfgdir[--rl] = '\0';
	main_file = is_dir ? xasprintf("%s/default", cfgdir) : xstrdup(path);
	/* pxelinux looks for pxelinux.cfg/ beside pxelinux.0, in the TFTP
	   root: that root is the directory above it. */
	base = strrchr(cfgdir, '/');
	if (root_opt != NULL)
		root = xstrdup(root_opt);
	else if (strcmp(base != NULL ? base + 1 : cfgdir,
	    "pxelinux.cfg") == 0)
		root = legacy_dirname(cfgdir);
	else
		root = xstrdup(cfgdir);
	loader.ctx = root;
	run.root = root;
	/* Findings name files as the TFTP
	 * root does ("pxelinux.cfg/default"). */
	rl = strlen(root);
	shown = strncmp(main_file, root, rl) == 0 && main_file[rl] == '/' ?
	    main_file + rl + 1 : main_file;
	if (legacy_read(main_file, &buf, &len, err, sizeof err) != 0)
		import_finding(&plan, IMPORT_ERROR, shown, 0, "%s", err);
	else
		pxelinux_parse(&plan, shown, buf, len, &loader, NULL);
	if (is_dir && plan.n_errors == 0) {
		char *prefix = xasprintf("%.*s/", (int)(strlen(shown) -
		    strlen("/default")), shown);

		pxelinux_mac_files(&plan, cfgdir, prefix, &loader);
		free(prefix);
	}
	status = legacy_apply(cli, &plan, &run);
	import_plan_free(&plan);
	free(buf);
	free(root);
	free(main_file);
	free(cfgdir);
	return status;
}

static int
import_ipxe_run(struct cli *cli, const struct cli_command *cmd, int argc,
    char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct import_plan plan = { 0 };
	struct legacy_run run = { 0 };
	char err[256], *buf = NULL;
	const char *file;
	size_t len;
	int c, status;

	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) !=
	    -1) {
		if (c == OPT_DRY_RUN)
			run.dry_run = true;
		else if ((status = cli_option(cli, cmd, c, argv)) >= 0)
			return status;
	}
	if ((status = cli_operands(cli, argc, argv, 1, 1, "the FILE")) >= 0)
		return status;
	file = argv[optind];
	if (legacy_read(file, &buf, &len, err, sizeof err) != 0)
		import_finding(&plan, IMPORT_ERROR, file, 0, "%s", err);
	else
		ipxe_menu_parse(&plan, file, buf, len);
	status = legacy_apply(cli, &plan, &run);
	import_plan_free(&plan);
	free(buf);
	return status;
}

const struct cli_command cmd_import_pxelinux = {
	.name = "pxelinux",
	.run = import_pxelinux_run,
	.usage = "import pxelinux PATH [--tftp-root DIR] [--dry-run] [--copy]\n"
	    "    [-i|--images DIR]",
	.help = "Reads a pxelinux.cfg/default (or the pxelinux.cfg directory,\n"
	    "with its per-MAC 01-aa-bb-cc-dd-ee-ff files as host defaults) and\n"
	    "makes an entry of each bootable LABEL: KERNEL/LINUX with APPEND\n"
	    "and initrd= as a kernel entry, LOCALBOOT as local boot, `kernel\n"
	    "memdisk` with `append iso initrd=X` as an ISO entry, MENU BEGIN\n"
	    "... MENU END as a submenu; TIMEOUT, DEFAULT, ONTIMEOUT, MENU\n"
	    "DEFAULT and MENU TITLE set the menu. INCLUDE paths are relative\n"
	    "to the TFTP root. It prints what became of every label. An\n"
	    "unknown keyword, an include loop, a missing, binary or huge file\n"
	    "or one above the TFTP root is an error (file:line): then nothing\n"
	    "is imported. Paths stay as the config names them, under the\n"
	    "images directory.\n"
	    "\n"
	    "Options:\n"
	    "  --tftp-root DIR      where INCLUDE and --copy find files\n"
	    "                       (default: the directory above\n"
	    "                       pxelinux.cfg)\n"
	    "  --copy               copy kernels, initrds and ISOs from the\n"
	    "                       TFTP root into the images directory\n"
	    "  -i, --images DIR     the images directory (default: config\n"
	    "                       images)\n"
	    "  --dry-run            check and report, write nothing\n",
};

const struct cli_command cmd_import_ipxe = {
	.name = "ipxe",
	.run = import_ipxe_run,
	.usage = "import ipxe FILE [--dry-run]",
	.help = "Reads a hand-written iPXE menu script (menu, item, choose and\n"
	    ":label sections) and makes an entry of each item whose section\n"
	    "boots with sanboot, kernel/initrd/boot, chain, exit or shell.\n"
	    "Lines it cannot map are listed, never dropped silently; a binary\n"
	    "or huge file, or one without #!ipxe, is an error.\n"
	    "\n"
	    "Options:\n"
	    "  --dry-run            check and report, write nothing\n",
};
