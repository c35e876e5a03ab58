/* build.c: runs iPXE's own make with the bootstrap embedded and collects the binaries. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/dirs.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "ipxe/build.h"
#include "ipxe/build_state.h"
#include "ipxe/render.h"

extern char **environ;

const struct ipxe_target ipxe_targets[IPXE_TARGET_COUNT] = {
	{ "bin/undionly.kpxe", "undionly.kpxe", false,
	  "BIOS, 32-bit: chainloaded by the NIC's PXE ROM" },
	{ "bin-x86_64-pcbios/undionly.kpxe", "undionly-x86_64.kpxe", false,
	  "BIOS, 64-bit: for sanboot of ISOs over 2 GiB" },
	{ "bin-x86_64-efi/ipxe.efi", "ipxe.efi", true,
	  "UEFI x86_64, iPXE's own NIC drivers" },
	{ "bin-x86_64-efi/snponly.efi", "snponly.efi", true,
	  "UEFI x86_64, the firmware's network driver (SNP)" },
};

const struct ipxe_target *
ipxe_target_find(const char *file)
{
	size_t i;

	for (i = 0; i < IPXE_TARGET_COUNT; i++)
		if (strcmp(ipxe_targets[i].file, file) == 0)
			return &ipxe_targets[i];
	return NULL;
}

/* What iPXE's build runs; checked first so a missing one is named
   instead of surfacing as a cryptic make error. */
static const char *const build_tools[] = {
	"make", "gcc", "ld", "objcopy", "perl",
};

/* iPXE's make computes the trusted roots' fingerprints with it. */
#define BUILD_TRUST_TOOL "openssl"
/* The trust anchor's copy in the build's own config directory: TRUST=
   and CERT= name it, and make rebuilds the two objects that embed it
   when its bytes change. */
#define BUILD_TRUST_FILE "trust.pem"

/* Variables a calling make (`make check`) exports: they would turn into
   command-line settings of iPXE's make (CFLAGS=... included) and tie it
   to a job server it does not own. */
static const char *const build_env_drop[] = {
	"MAKEFLAGS", "MFLAGS", "GNUMAKEFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
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

/* build_write() unless the file holds data already: iPXE's make rebuilds
   whatever depends on a file whose time changed, and every object
   depends on the config headers. */
static bool
build_write_changed(const char *path, const char *data, size_t len)
{
	char *old = build_slurp(path, len);
	bool same = old != NULL && strlen(old) == len &&
	    memcmp(old, data, len) == 0;

	free(old);
	return same || build_write(path, data, len);
}

/* Copies src to dir/.name.tmp; build_publish() renames it into place
   once every file is copied, so a reader (TFTP, bootdeckd) never sees
   half a binary or half a set. */
static bool
build_stage(const char *src, const char *dir, const char *name)
{
	char *tmp = xasprintf("%s/.%s.tmp", dir, name);
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
	ok = true;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

/* dir/.name.tmp becomes dir/name, or (publish false) goes away. */
static bool
build_publish(const char *dir, const char *name, bool publish)
{
	char *tmp = xasprintf("%s/.%s.tmp", dir, name);
	char *dst = xasprintf("%s/%s", dir, name);
	bool ok = publish ? rename(tmp, dst) == 0 : unlink(tmp) == 0;

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
	char *script = render_bootstrap(base_url, IPXE_BUILD_ID), *rest;
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
	char *trust = NULL;
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
	if (o->trust != NULL &&
	    (trust = build_slurp(o->trust, BUILD_EXTRA_MAX)) == NULL) {
		strbuf_addf(err, "trust anchor %s: %s", o->trust,
		    strerror(errno));
		goto out;
	}
	if (trust != NULL && strstr(trust, "-----BEGIN CERTIFICATE-----") ==
	    NULL) {
		strbuf_addf(err, "trust anchor %s holds no PEM certificate",
		    o->trust);
		goto out;
	}
	status = IPXE_BUILD_IO;
	if (!dirs_make(cfgdir)) {
		strbuf_addf(err, "%s: %s", cfgdir, strerror(errno));
		goto out;
	}
	/* Every file every time: a setting turned off must not linger. */
	strbuf_adds(&sb, head);
	/* HTTPS on every platform, whatever the trust: iPXE leaves it out
	   of BIOS builds (config/general.h), and the same general.h for
	   every build keeps a plain and an HTTPS build of one tree from
	   recompiling each other's objects. */
	strbuf_adds(&sb, "/* HTTPS on every platform (iPXE leaves it out of "
	    "BIOS builds) */\n#define DOWNLOAD_PROTO_HTTPS\n");
	if (general != NULL)
		strbuf_addf(&sb, "/* from %s */\n%s\n", o->general, general);
	path = xasprintf("%s/general.h", cfgdir);
	if (!build_write_changed(path, sb.data, sb.len))
		goto io;
	strbuf_reset(&sb);
	strbuf_adds(&sb, head);
	if (o->serial_console)
		strbuf_adds(&sb, "/* ipxe_serial_console = yes: COM1, "
		    "115200 8N1 (config/serial.h) */\n#define CONSOLE_SERIAL\n");
	free(path);
	path = xasprintf("%s/console.h", cfgdir);
	if (!build_write_changed(path, sb.data, sb.len))
		goto io;
	free(path);
	path = xasprintf("%s/" BUILD_TRUST_FILE, cfgdir);
	if (trust != NULL ? !build_write_changed(path, trust, strlen(trust)) :
	    unlink(path) != 0 && errno != ENOENT)
		goto io;
	script = ipxe_build_script(o->base_url, extra);
	free(path);
	path = xstrdup(embed);
	if (!build_write_changed(path, script, strlen(script)))
		goto io;
	status = IPXE_BUILD_OK;
	goto out;
io:
	strbuf_addf(err, "%s: %s", path, strerror(errno));
out:
	free(path);
	free(script);
	free(trust);
	free(extra);
	free(general);
	strbuf_free(&sb);
	return status;
}

/* The state of one build, shared by its makes and its progress calls. */
struct build_run {
	const struct ipxe_build_options *o;
	struct ipxe_build_progress p;
	int64_t		 start_ms, target_start_ms;
	char		**env;		/* environ without build_env_drop */
	int		 log;		/* make's output, all targets */
	const char	*log_path;
	const char	*trust;		/* the trust anchor's copy, or NULL */
	bool		 reporting;	/* the make running builds a target */
	bool		 log_short;	/* a write to the log failed */
	char		 line[256];	/* make's current output line */
	size_t		 line_len;
};

static void
build_report(struct build_run *run, enum ipxe_build_phase phase,
    const char *line)
{
	int64_t now = clock_mono_ms();

	if (run->o->progress == NULL || !run->reporting)
		return;
	run->p.phase = phase;
	run->p.total_ms = now - run->start_ms;
	run->p.target_ms = now - run->target_start_ms;
	run->p.line = line;
	run->o->progress(&run->p, run->o->progress_arg);
}

/* A chunk of make's output: logged, and cut into lines for progress.
   iPXE's quiet output names each compiled file as "  [BUILD] bin/x.o". */
static void
build_output(struct build_run *run, const char *buf, size_t n)
{
	size_t i;

	/* The log is for humans: a build goes on without it. */
	if (write(run->log, buf, n) != (ssize_t)n)
		run->log_short = true;
	for (i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (run->line_len < sizeof run->line - 1)
				run->line[run->line_len++] = buf[i];
			continue;
		}
		run->line[run->line_len] = '\0';
		run->line_len = 0;
		if (strstr(run->line, "[BUILD]") != NULL)
			run->p.compiled++;
		build_report(run, IPXE_BUILD_TICK,
		    run->line + strspn(run->line, " "));
	}
}

/* Runs make for one goal, its output to the log through a pipe; t is
   the target it builds (progress), or IPXE_TARGET_COUNT for a goal that
   builds nothing. True if make exited 0. */
static bool
build_make(struct build_run *run, const char *srcdir, const char *embed,
    const char *goal, size_t t, struct strbuf *err)
{
	char *argv[11], *jobs, *embed_arg, *epoch_arg = NULL, buf[4096];
	char *trust_arg = NULL, *cert_arg = NULL;
	struct stat st;
	posix_spawn_file_actions_t fa;
	struct pollfd pfd;
	int i = 0, rc, wstatus, pipefd[2];
	bool ok = false;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		strbuf_addf(err, "cannot run make: %s", strerror(errno));
		return false;
	}
	jobs = xasprintf("-j%ld", run->p.jobs);
	embed_arg = xasprintf("EMBED=%s", embed);
	argv[i++] = (char *)"make";
	argv[i++] = (char *)"-C";
	argv[i++] = (char *)srcdir;
	argv[i++] = jobs;
	argv[i++] = (char *)"CONFIG=" IPXE_BUILD_CONFIG;
	argv[i++] = embed_arg;
	/* Always said, empty without a trust anchor: iPXE's make remembers
	   the last TRUST and CERT and rebuilds what embeds them on a change. */
	argv[i++] = trust_arg = xasprintf("TRUST=%s", run->trust != NULL ?
	    run->trust : "");
	argv[i++] = cert_arg = xasprintf("CERT=%s", run->trust != NULL ?
	    run->trust : "");
	/* iPXE stamps each link with the time unless told one: the time its
	   Makefile was made, so an unchanged rebuild is byte-identical. */
	if (getenv("SOURCE_DATE_EPOCH") == NULL) {
		char *mk = xasprintf("%s/Makefile", srcdir);

		if (stat(mk, &st) == 0)
			argv[i++] = epoch_arg = xasprintf(
			    "SOURCE_DATE_EPOCH=%lld", (long long)st.st_mtime);
		free(mk);
	}
	argv[i++] = (char *)goal;
	argv[i] = NULL;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
	rc = posix_spawnp(&pid, "make", &fa, NULL, argv, run->env);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	free(jobs);
	free(embed_arg);
	free(epoch_arg);
	free(trust_arg);
	free(cert_arg);
	if (rc != 0) {
		close(pipefd[0]);
		strbuf_addf(err, "cannot run make: %s", strerror(rc));
		return false;
	}

	run->reporting = t < IPXE_TARGET_COUNT;
	run->p.target = run->reporting ? t : 0;
	run->p.compiled = 0;
	run->target_start_ms = clock_mono_ms();
	build_report(run, IPXE_BUILD_START, NULL);
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	for (;;) {
		/* A tick a second even while one big file compiles. */
		rc = poll(&pfd, 1, 1000);
		if (rc < 0 && errno != EINTR)
			break;
		if (rc <= 0) {
			build_report(run, IPXE_BUILD_TICK, NULL);
			continue;
		}
		n = read(pipefd[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		build_output(run, buf, (size_t)n);
	}
	close(pipefd[0]);
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR) {
			strbuf_addf(err, "waiting for make: %s",
			    strerror(errno));
			return false;
		}
	ok = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
	if (ok) {
		build_report(run, IPXE_BUILD_DONE, NULL);
		return true;
	}
	if (WIFEXITED(wstatus))
		strbuf_addf(err, "the iPXE build failed (make %s exited with "
		    "%d; full log: %s):", goal, WEXITSTATUS(wstatus),
		    run->log_path);
	else
		strbuf_addf(err, "the iPXE build was killed by signal %d "
		    "(make %s; full log: %s):", WTERMSIG(wstatus), goal,
		    run->log_path);
	build_tail(err, run->log_path);
	return false;
}

/* Whether the compiler finds liblzma's header: iPXE's build compiles a
   compressor (util/zbin) against it, late, after minutes of work. */
static bool
build_has_lzma(char **env)
{
	char *argv[] = { (char *)"gcc", (char *)"-E", (char *)"-x",
	    (char *)"c", (char *)"-include", (char *)"lzma.h",
	    (char *)"-o", (char *)"/dev/null", (char *)"/dev/null", NULL };
	posix_spawn_file_actions_t fa;
	int wstatus;
	pid_t pid;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
	    O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
	    O_WRONLY, 0);
	rc = posix_spawnp(&pid, "gcc", &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return false;
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
}

/* environ without the variables of a calling make. */
static char **
build_env(void)
{
	size_t n = 0, i, j, k = 0;
	char **env;
	bool drop;

	while (environ[n] != NULL)
		n++;
	env = xcalloc(n + 1, sizeof *env);
	for (i = 0; i < n; i++) {
		drop = false;
		for (j = 0; j < sizeof build_env_drop /
		    sizeof build_env_drop[0]; j++) {
			size_t len = strlen(build_env_drop[j]);

			if (strncmp(environ[i], build_env_drop[j], len) == 0 &&
			    environ[i][len] == '=')
				drop = true;
		}
		if (!drop)
			env[k++] = environ[i];
	}
	env[k] = NULL;
	return env;
}

/* Takes the tree's lock: two builds in one tree would write the same
   config and objects. -1 with err set on failure. */
static int
build_lock(struct build_run *run, const char *cfgdir, struct strbuf *err)
{
	char *path = xasprintf("%s/.lock", cfgdir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		goto out;
	build_report(run, IPXE_BUILD_WAIT, NULL);
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR) {
			strbuf_addf(err, "%s: %s", path, strerror(errno));
			close(fd);
			fd = -1;
			break;
		}
out:
	free(path);
	return fd;
}

/* Each target reported as a make that compiled nothing would be: the
   state says make would find nothing to do. */
static void
build_unchanged(struct build_run *run)
{
	size_t i;

	run->reporting = true;
	run->p.compiled = 0;
	for (i = 0; i < IPXE_TARGET_COUNT; i++) {
		run->p.target = i;
		run->target_start_ms = clock_mono_ms();
		build_report(run, IPXE_BUILD_START, NULL);
		build_report(run, IPXE_BUILD_DONE, NULL);
	}
}

/* Runs iPXE's make: each bin directory prepared, then each target. */
static bool
build_make_all(struct build_run *run, const char *srcdir, const char *embed,
    struct strbuf *err)
{
	char *dir = NULL;
	bool ok = false;
	size_t i;

	/*
	 * First a make per bin directory that builds nothing (the directory
	 * as goal): it writes the directory's settings lists. A make that
	 * writes them later, in the middle of the build, touches headers
	 * every object of every directory depends on (config/named.h,
	 * include/compiler.h): each new directory would make the next build
	 * compile the others all over again.
	 */
	for (i = 0; i < IPXE_TARGET_COUNT; i++) {
		free(dir);
		dir = xstrndup(ipxe_targets[i].make_target,
		    strcspn(ipxe_targets[i].make_target, "/"));
		/* Targets of one directory are next to each other. */
		if (i > 0 && strncmp(ipxe_targets[i - 1].make_target, dir,
		    strlen(dir)) == 0 &&
		    ipxe_targets[i - 1].make_target[strlen(dir)] == '/')
			continue;
		if (!build_make(run, srcdir, embed, dir, IPXE_TARGET_COUNT,
		    err))
			goto out;
	}
	/* One make per target: progress names the target. */
	for (i = 0; i < IPXE_TARGET_COUNT; i++)
		if (!build_make(run, srcdir, embed,
		    ipxe_targets[i].make_target, i, err))
			goto out;
	ok = true;
out:
	free(dir);
	return ok;
}

enum ipxe_build_status
ipxe_build(const struct ipxe_build_options *o, char **error)
{
	char *srcdir = NULL, *cfgdir = NULL, *embed = NULL, *log = NULL;
	char *file = NULL, *stamp = NULL, *trust = NULL;
	struct strbuf err = STRBUF_INIT;
	enum ipxe_build_status status = IPXE_BUILD_NO_TREE;
	struct build_run run = { .o = o, .log = -1, .reporting = true };
	int lock = -1;
	size_t staged = 0;
	struct timespec start;
	struct stat st;
	size_t i;

	*error = NULL;
	run.start_ms = run.target_start_ms = clock_mono_ms();
	run.env = build_env();
	if ((run.p.jobs = o->jobs) <= 0 &&
	    (run.p.jobs = sysconf(_SC_NPROCESSORS_ONLN)) <= 0)
		run.p.jobs = 1;
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
	if (o->trust != NULL && !build_in_path(BUILD_TRUST_TOOL)) {
		strbuf_adds(&err, "building iPXE with a trust anchor needs "
		    BUILD_TRUST_TOOL ", which is not installed (Debian: "
		    "apt-get install openssl)");
		goto out;
	}
	if (!build_has_lzma(run.env)) {
		strbuf_adds(&err, "building iPXE needs liblzma's header "
		    "lzma.h, which gcc does not find (Debian: apt-get install "
		    "liblzma-dev)");
		goto out;
	}

	status = IPXE_BUILD_IO;
	cfgdir = xasprintf("%s/config/local/%s", srcdir, IPXE_BUILD_CONFIG);
	embed = xasprintf("%s/bootstrap.ipxe", cfgdir);
	log = xasprintf("%s/build.log", cfgdir);
	if (!dirs_make(cfgdir)) {
		strbuf_addf(&err, "%s: %s", cfgdir, strerror(errno));
		goto out;
	}
	if ((lock = build_lock(&run, cfgdir, &err)) < 0)
		goto out;
	if ((status = build_configure(o, cfgdir, embed, &err)) !=
	    IPXE_BUILD_OK)
		goto out;
	if (o->trust != NULL)
		run.trust = trust = xasprintf("%s/" BUILD_TRUST_FILE, cfgdir);
	if (build_state_current(srcdir, cfgdir)) {
		/* iPXE's make would only take half a minute to say so. */
		build_unchanged(&run);
		goto collect;
	}
	status = IPXE_BUILD_IO;
	if ((run.log = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0) {
		strbuf_addf(&err, "%s: %s", log, strerror(errno));
		goto out;
	}
	run.log_path = log;
	if (!build_state_begin(cfgdir, &start)) {
		strbuf_addf(&err, "%s/%s: %s", cfgdir, BUILD_STATE_FILE,
		    strerror(errno));
		goto out;
	}
	status = IPXE_BUILD_FAILED;
	if (!build_make_all(&run, srcdir, embed, &err))
		goto out;
	/* Without it the next build only runs make again. */
	build_state_save(srcdir, cfgdir, &start);

collect:
	status = IPXE_BUILD_IO;
	if (!dirs_make(o->out)) {
		strbuf_addf(&err, "%s: %s", o->out, strerror(errno));
		goto out;
	}
	for (staged = 0; staged < IPXE_TARGET_COUNT; staged++) {
		free(file);
		file = xasprintf("%s/%s", srcdir,
		    ipxe_targets[staged].make_target);
		if (!build_stage(file, o->out, ipxe_targets[staged].file)) {
			strbuf_addf(&err, "copying %s to %s: %s", file, o->out,
			    strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < IPXE_TARGET_COUNT; i++)
		if (!build_publish(o->out, ipxe_targets[i].file, true)) {
			strbuf_addf(&err, "%s/%s: %s", o->out,
			    ipxe_targets[i].file, strerror(errno));
			goto out;
		}
	staged = 0;
	stamp = xasprintf("%s/%s", o->out, IPXE_BUILD_STAMP);
	free(file);
	file = xasprintf("bootdeck ipxe build: iPXE from %s with the "
	    "bootstrap for %s/boot.ipxe embedded, reporting build=%s.\n%s%s%s",
	    o->src, o->base_url, IPXE_BUILD_ID, o->trust != NULL ?
	    "HTTPS, trusting only the CA in " : "", o->trust != NULL ?
	    o->trust : "", o->trust != NULL ? ".\n" : "");
	if (!build_write(stamp, file, strlen(file))) {
		strbuf_addf(&err, "%s: %s", stamp, strerror(errno));
		goto out;
	}
	status = IPXE_BUILD_OK;
out:
	while (staged > 0)
		build_publish(o->out, ipxe_targets[--staged].file, false);
	if (status != IPXE_BUILD_OK)
		*error = strbuf_detach(&err, NULL);
	if (run.log >= 0)
		close(run.log);
	if (lock >= 0)
		close(lock);
	strbuf_free(&err);
	free(run.env);
	free(stamp);
	free(trust);
	free(file);
	free(log);
	free(embed);
	free(cfgdir);
	free(srcdir);
	return status;
}
