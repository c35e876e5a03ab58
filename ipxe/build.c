/* build.c: runs iPXE's own make with the bootstrap embedded and collects the binaries. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "ipxe/build.h"
#include "ipxe/render.h"

extern char **environ;

const struct ipxe_target ipxe_targets[IPXE_TARGET_COUNT] = {
	{ "bin/undionly.kpxe", "undionly.kpxe",
	  "BIOS, 32-bit: chainloaded by the NIC's PXE ROM" },
	{ "bin-x86_64-pcbios/undionly.kpxe", "undionly-x86_64.kpxe",
	  "BIOS, 64-bit: for sanboot of ISOs over 2 GiB" },
	{ "bin-x86_64-efi/ipxe.efi", "ipxe.efi",
	  "UEFI x86_64, iPXE's own NIC drivers" },
	{ "bin-x86_64-efi/snponly.efi", "snponly.efi",
	  "UEFI x86_64, the firmware's network driver (SNP)" },
};

/* What iPXE's build runs; checked first so a missing one is named
   instead of surfacing as a cryptic make error. */
static const char *const build_tools[] = {
	"make", "gcc", "ld", "objcopy", "perl",
};

/* Lines of make's output an error shows. */
#define BUILD_TAIL_LINES 20
/* Extra-settings files are a few lines; refuse anything huge. */
#define BUILD_EXTRA_MAX (64 * 1024)

static bool
build_in_path(const char *tool)
{
	const char *path = getenv("PATH"), *p, *end;
	bool found = false;
	char *file;

	if (path == NULL || *path == '\0')
		path = "/usr/bin:/bin";
	for (p = path; !found; p = end + 1) {
		end = strchrnul(p, ':');
		/* An empty PATH element is the current directory. */
		file = end > p ? xasprintf("%.*s/%s", (int)(end - p), p, tool) :
		    xasprintf("./%s", tool);
		found = access(file, X_OK) == 0;
		free(file);
		if (*end == '\0')
			break;
	}
	return found;
}

/* Reads a whole (small) file; NULL with errno set on failure. */
static char *
build_slurp(const char *path, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && sb.len <= max)
		strbuf_add(&sb, buf, n);
	if (ferror(f) || sb.len > max) {
		errno = ferror(f) ? EIO : EFBIG;
		fclose(f);
		strbuf_free(&sb);
		return NULL;
	}
	fclose(f);
	strbuf_adds(&sb, "");
	return strbuf_detach(&sb, NULL);
}

static bool
build_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (f == NULL)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* mkdir -p. */
static bool
build_mkdirs(const char *dir)
{
	char *p, *copy = xstrdup(dir);
	bool ok = true;

	for (p = copy + 1; ok && *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ok = mkdir(copy, 0755) == 0 || errno == EEXIST;
		*p = '/';
	}
	if (ok)
		ok = mkdir(copy, 0755) == 0 || errno == EEXIST;
	free(copy);
	return ok;
}

/* Copies src to dir/name through a temporary name, so a reader (TFTP,
   bootdeckd) never sees half a binary. */
static bool
build_install(const char *src, const char *dir, const char *name)
{
	char *tmp = xasprintf("%s/.%s.tmp", dir, name);
	char *dst = xasprintf("%s/%s", dir, name);
	char buf[65536];
	int in = -1, out = -1;
	ssize_t n = 0;
	bool ok = false;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0 ||
	    (out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0)
		goto out;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			goto out;
	if (n < 0 || close(out) != 0) {
		out = -1;
		goto out;
	}
	out = -1;
	ok = rename(tmp, dst) == 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (!ok)
		unlink(tmp);
	free(tmp);
	free(dst);
	return ok;
}

/* The last lines of the log, each indented, for the error message. */
static void
build_tail(struct strbuf *sb, const char *log)
{
	char *text = build_slurp(log, SIZE_MAX / 2);
	const char *p;
	size_t len;
	int lines = 0;

	if (text == NULL)
		return;
	len = strlen(text);
	while (len > 0 && text[len - 1] == '\n')
		len--;
	for (p = text + len; p > text; p--)
		if (p[-1] == '\n' && ++lines == BUILD_TAIL_LINES)
			break;
	while (p < text + len) {
		size_t n = strcspn(p, "\n");

		strbuf_addf(sb, "\n  %.*s", (int)n, p);
		p += n + (p[n] == '\n');
	}
	free(text);
}

char *
ipxe_build_script(const char *base_url, const char *extra)
{
	char *script = render_bootstrap(base_url, true), *rest;
	struct strbuf sb = STRBUF_INIT;

	if (extra == NULL || *extra == '\0')
		return script;
	/* The admin's commands run first, before dhcp: after "#!ipxe". */
	rest = strchr(script, '\n') + 1;
	strbuf_add(&sb, script, (size_t)(rest - script));
	if (strncmp(extra, "#!ipxe", 6) == 0)
		extra += strcspn(extra, "\n") + (strchr(extra, '\n') != NULL);
	strbuf_adds(&sb, "# from the ipxe_script setting\n");
	strbuf_adds(&sb, extra);
	if (sb.len > 0 && sb.data[sb.len - 1] != '\n')
		strbuf_addc(&sb, '\n');
	strbuf_adds(&sb, rest);
	free(script);
	return strbuf_detach(&sb, NULL);
}

/* Writes the named config and the embedded script into cfgdir. */
static enum ipxe_build_status
build_configure(const struct ipxe_build_options *o, const char *cfgdir,
    const char *embed, struct strbuf *err)
{
	static const char head[] = "/* Written by `bootdeck ipxe build` for "
	    "make CONFIG=" IPXE_BUILD_CONFIG "; rewritten on every build. */\n";
	char *general = NULL, *extra = NULL, *script = NULL, *path = NULL;
	struct strbuf sb = STRBUF_INIT;
	enum ipxe_build_status status = IPXE_BUILD_BAD_INPUT;

	if (o->general != NULL &&
	    (general = build_slurp(o->general, BUILD_EXTRA_MAX)) == NULL) {
		strbuf_addf(err, "ipxe_general %s: %s", o->general,
		    strerror(errno));
		goto out;
	}
	if (o->script != NULL &&
	    (extra = build_slurp(o->script, BUILD_EXTRA_MAX)) == NULL) {
		strbuf_addf(err, "ipxe_script %s: %s", o->script,
		    strerror(errno));
		goto out;
	}
	status = IPXE_BUILD_IO;
	if (!build_mkdirs(cfgdir)) {
		strbuf_addf(err, "%s: %s", cfgdir, strerror(errno));
		goto out;
	}
	/* Both files every time: a setting turned off must not linger. */
	strbuf_adds(&sb, head);
	if (general != NULL)
		strbuf_addf(&sb, "/* from %s */\n%s\n", o->general, general);
	path = xasprintf("%s/general.h", cfgdir);
	if (!build_write(path, sb.data, sb.len))
		goto io;
	strbuf_reset(&sb);
	strbuf_adds(&sb, head);
	if (o->serial_console)
		strbuf_adds(&sb, "/* ipxe_serial_console = yes: COM1, "
		    "115200 8N1 (config/serial.h) */\n#define CONSOLE_SERIAL\n");
	free(path);
	path = xasprintf("%s/console.h", cfgdir);
	if (!build_write(path, sb.data, sb.len))
		goto io;
	script = ipxe_build_script(o->base_url, extra);
	free(path);
	path = xstrdup(embed);
	if (!build_write(path, script, strlen(script)))
		goto io;
	status = IPXE_BUILD_OK;
	goto out;
io:
	strbuf_addf(err, "%s: %s", path, strerror(errno));
out:
	free(path);
	free(script);
	free(extra);
	free(general);
	strbuf_free(&sb);
	return status;
}

/* Runs make with its output in log; true if it exited 0. */
static bool
build_make(const struct ipxe_build_options *o, const char *srcdir,
    const char *embed, const char *log, struct strbuf *err)
{
	char *argv[8 + IPXE_TARGET_COUNT], *jobs, *embed_arg;
	posix_spawn_file_actions_t fa;
	long n = o->jobs;
	int i = 0, t, rc, wstatus;
	pid_t pid;

	if (n <= 0 && (n = sysconf(_SC_NPROCESSORS_ONLN)) <= 0)
		n = 1;
	jobs = xasprintf("-j%ld", n);
	embed_arg = xasprintf("EMBED=%s", embed);
	argv[i++] = (char *)"make";
	argv[i++] = (char *)"-C";
	argv[i++] = (char *)srcdir;
	argv[i++] = jobs;
	argv[i++] = (char *)"CONFIG=" IPXE_BUILD_CONFIG;
	argv[i++] = embed_arg;
	for (t = 0; t < IPXE_TARGET_COUNT; t++)
		argv[i++] = (char *)ipxe_targets[t].make_target;
	argv[i] = NULL;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log,
	    O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
	rc = posix_spawnp(&pid, "make", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(jobs);
	free(embed_arg);
	if (rc != 0) {
		strbuf_addf(err, "cannot run make: %s", strerror(rc));
		return false;
	}
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR) {
			strbuf_addf(err, "waiting for make: %s",
			    strerror(errno));
			return false;
		}
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
		return true;
	if (WIFEXITED(wstatus))
		strbuf_addf(err, "the iPXE build failed (make exited with %d; "
		    "full log: %s):", WEXITSTATUS(wstatus), log);
	else
		strbuf_addf(err, "the iPXE build was killed by signal %d "
		    "(full log: %s):", WTERMSIG(wstatus), log);
	build_tail(err, log);
	return false;
}

enum ipxe_build_status
ipxe_build(const struct ipxe_build_options *o, char **error)
{
	char *srcdir = NULL, *cfgdir = NULL, *embed = NULL, *log = NULL;
	char *file = NULL, *stamp = NULL;
	struct strbuf err = STRBUF_INIT;
	enum ipxe_build_status status = IPXE_BUILD_NO_TREE;
	struct stat st;
	size_t i;

	*error = NULL;
	srcdir = xasprintf("%s/src", o->src);
	file = xasprintf("%s/Makefile", srcdir);
	if (stat(o->src, &st) != 0 || !S_ISDIR(st.st_mode)) {
		strbuf_addf(&err, "no iPXE source tree at %s: %s", o->src,
		    stat(o->src, &st) != 0 ? strerror(errno) :
		    "not a directory");
		goto out;
	}
	if (access(file, R_OK) != 0) {
		strbuf_addf(&err, "%s is not an iPXE source tree: %s is "
		    "missing (get one with git clone "
		    "https://github.com/ipxe/ipxe)", o->src, file);
		goto out;
	}
	free(file);
	file = xasprintf("%s/config", srcdir);
	if (stat(file, &st) != 0 || !S_ISDIR(st.st_mode)) {
		strbuf_addf(&err, "%s is an incomplete iPXE source tree: %s "
		    "is missing", o->src, file);
		goto out;
	}
	status = IPXE_BUILD_NO_TOOL;
	for (i = 0; i < sizeof build_tools / sizeof build_tools[0]; i++)
		if (!build_in_path(build_tools[i])) {
			strbuf_addf(&err, "building iPXE needs %s, which is "
			    "not installed (Debian: apt-get install "
			    "build-essential perl liblzma-dev)",
			    build_tools[i]);
			goto out;
		}

	cfgdir = xasprintf("%s/config/local/%s", srcdir, IPXE_BUILD_CONFIG);
	embed = xasprintf("%s/bootstrap.ipxe", cfgdir);
	log = xasprintf("%s/build.log", cfgdir);
	if ((status = build_configure(o, cfgdir, embed, &err)) !=
	    IPXE_BUILD_OK)
		goto out;
	status = IPXE_BUILD_FAILED;
	if (!build_make(o, srcdir, embed, log, &err))
		goto out;

	status = IPXE_BUILD_IO;
	if (!build_mkdirs(o->out)) {
		strbuf_addf(&err, "%s: %s", o->out, strerror(errno));
		goto out;
	}
	for (i = 0; i < IPXE_TARGET_COUNT; i++) {
		free(file);
		file = xasprintf("%s/%s", srcdir, ipxe_targets[i].make_target);
		if (!build_install(file, o->out, ipxe_targets[i].file)) {
			strbuf_addf(&err, "copying %s to %s: %s", file, o->out,
			    strerror(errno));
			goto out;
		}
	}
	stamp = xasprintf("%s/%s", o->out, IPXE_BUILD_STAMP);
	free(file);
	file = xasprintf("bootdeck ipxe build: iPXE from %s with the "
	    "bootstrap for %s/boot.ipxe embedded, built %ld.\n", o->src,
	    o->base_url, (long)time(NULL));
	if (!build_write(stamp, file, strlen(file))) {
		strbuf_addf(&err, "%s: %s", stamp, strerror(errno));
		goto out;
	}
	status = IPXE_BUILD_OK;
out:
	if (status != IPXE_BUILD_OK)
		*error = strbuf_detach(&err, NULL);
	strbuf_free(&err);
	free(stamp);
	free(file);
	free(log);
	free(embed);
	free(cfgdir);
	free(srcdir);
	return status;
}
