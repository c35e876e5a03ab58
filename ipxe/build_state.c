/* build_state.c: records an iPXE tree's last successful make and tells whether it is still current. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "ipxe/build.h"
#include "ipxe/build_state.h"

/* The state's first line after "start": a state of another layout is
   no state. */
#define STATE_VERSION "bootdeck ipxe build state 1\n"

/* The state is small (config files of 64 KiB at most); anything bigger
   is not ours. */
#define STATE_MAX (1024 * 1024)

/* Deeper than any iPXE tree: a walk that goes further gives up. */
#define STATE_DEPTH 32

/* Milliseconds to wait for the coarse clock's next tick: it ticks
   every few. */
#define STATE_TICK_TRIES 1000

/* Where the config directory is, relative to SRC/src. */
#define STATE_CFGDIR "config/local/" IPXE_BUILD_CONFIG

/*
 * The files of the config directory that bootdeck writes (build.c):
 * compared by their bytes, so the walk leaves them out; their times
 * change whenever bootdeck rewrites them, also before make starts.
 */
static const char *const state_config_files[] = {
	"general.h", "console.h", "trust.pem", "bootstrap.ipxe",
};

/* The files of the config directory that every build writes and that
   no make reads: the log, the lock, the state itself. */
static const char *const state_own_files[] = {
	"build.log", ".lock", BUILD_STATE_FILE,
};

/*
 * Variables of the environment that iPXE's make reads as its own
 * settings (the toolchain, flags, debugging, the link time): a change
 * changes the binaries, so the state records them. Others are not
 * seen, just as make does not see a new compiler.
 */
static const char *const state_env[] = {
	"PATH", "SOURCE_DATE_EPOCH", "CROSS", "CROSS_COMPILE", "ARCH",
	"CC", "HOST_CC", "AS", "LD", "AR", "NM", "OBJCOPY", "PERL",
	"CFLAGS", "EXTRA_CFLAGS", "HOST_CFLAGS", "LDFLAGS", "ASFLAGS",
	"DEBUG", "NO_WERROR", "BUILD_TIMESTAMP",
};

/*
 * What iPXE's own make writes outside its bin directories, relative to
 * SRC/src ("*" any name without a "/"), when a tree is built the first
 * time or a bin directory's settings change: its shell check, the
 * build tools it compiles, the headers it touches to make everything
 * recompile, the empty local config headers it creates, and the
 * directories that get these (and the bin directories) as new entries.
 * A change to one of them during a make is recorded with its ctime
 * (build_state_save()) and passes while that ctime stays; a change to
 * anything else during a make is not, and the next build runs make
 * again. (A file deleted from one of these directories during a make
 * passes unseen: a window of the make's length, for edits made while
 * the build runs.)
 */
static const char *const state_made[] = {
	"", ".echocheck", "util", "util/nrv2b", "util/zbin32", "util/zbin64",
	"util/elf2efi32", "util/elf2efi64", "util/efirom", "util/efifatbin",
	"util/einfo", "config/named.h", "include/assert.h",
	"include/ipxe/profile.h", "include/compiler.h", "config/local",
	"config/local/*.h", STATE_CFGDIR, STATE_CFGDIR "/*.h",
};

/*
 * Files of the checkout's git repository (SRC/.git) iPXE's make reads
 * for its version string, and whose time makes it rebuild the object
 * that holds it; the branch HEAD names is one more.
 */
static const char *const state_git[] = {
	"HEAD", "index", "packed-refs",
};

static bool
state_in(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

/* Appends the whole file at path, up to max bytes; false if it cannot
   be read (errno ENOENT: it does not exist). */
static bool
state_read(struct strbuf *sb, const char *path, size_t max)
{
	char buf[8192];
	size_t total = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (total += (size_t)n) > max) {
			if (n > 0)
				errno = EFBIG;
			close(fd);
			return false;
		}
		strbuf_add(sb, buf, (size_t)n);
	}
	close(fd);
	return true;
}

/* A line for a file outside SRC/src that make reads: its identity,
   which a change of any kind changes, or that it is not there. */
static bool
state_identity(struct strbuf *sb, const char *what, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		strbuf_addf(sb, "%s absent\n", what);
		return errno == ENOENT || errno == ENOTDIR;
	}
	strbuf_addf(sb, "%s %ju %ju %lld %lld.%09ld %lld.%09ld\n", what,
	    (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
	    (long long)st.st_size, (long long)st.st_mtim.tv_sec,
	    st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
	    st.st_ctim.tv_nsec);
	return true;
}

/* The git files iPXE's make reads (state_git), HEAD's branch too. */
static bool
state_render_git(struct strbuf *sb, const char *srcdir)
{
	struct strbuf head = STRBUF_INIT;
	char *path = NULL, *what = NULL;
	bool ok = false;
	size_t i;

	for (i = 0; i < sizeof state_git / sizeof state_git[0]; i++) {
		free(path);
		free(what);
		path = xasprintf("%s/../.git/%s", srcdir, state_git[i]);
		what = xasprintf("git %s", state_git[i]);
		if (!state_identity(sb, what, path))
			goto out;
	}
	free(path);
	path = xasprintf("%s/../.git/HEAD", srcdir);
	if (state_read(&head, path, 4096) && head.len > 5 &&
	    strncmp(head.data, "ref: ", 5) == 0) {
		head.data[strcspn(head.data, "\n")] = '\0';
		free(path);
		free(what);
		path = xasprintf("%s/../.git/%s", srcdir, head.data + 5);
		what = xasprintf("git ref %zu %s", strlen(head.data + 5),
		    head.data + 5);
		if (!state_identity(sb, what, path))
			goto out;
	}
	ok = true;
out:
	strbuf_free(&head);
	free(what);
	free(path);
	return ok;
}

/* What a build records besides its start: the same text as long as
   nothing make depends on changed. NULL if a target binary is missing
   or a file cannot be read. */
static char *
state_render(const char *srcdir, const char *cfgdir, size_t *len)
{
	struct strbuf sb = STRBUF_INIT, file = STRBUF_INIT;
	struct stat st;
	const char *v;
	char *path = NULL, *what = NULL;
	size_t i;

	strbuf_adds(&sb, STATE_VERSION);
	for (i = 0; i < sizeof state_env / sizeof state_env[0]; i++)
		if ((v = getenv(state_env[i])) != NULL)
			strbuf_addf(&sb, "env %s %zu %s\n", state_env[i],
			    strlen(v), v);
		else
			strbuf_addf(&sb, "env %s unset\n", state_env[i]);
	if (!state_render_git(&sb, srcdir))
		goto fail;
	/* A binary relinked, replaced or touched has a new ctime. */
	for (i = 0; i < IPXE_TARGET_COUNT; i++) {
		free(path);
		path = xasprintf("%s/%s", srcdir, ipxe_targets[i].make_target);
		free(what);
		what = xasprintf("target %s", ipxe_targets[i].make_target);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    !state_identity(&sb, what, path))
			goto fail;
	}
	for (i = 0; i < sizeof state_config_files /
	    sizeof state_config_files[0]; i++) {
		free(path);
		path = xasprintf("%s/%s", cfgdir, state_config_files[i]);
		strbuf_reset(&file);
		if (!state_read(&file, path, STATE_MAX)) {
			if (errno != ENOENT)
				goto fail;
			strbuf_addf(&sb, "absent %s\n", state_config_files[i]);
			continue;
		}
		strbuf_addf(&sb, "file %s %zu\n", state_config_files[i],
		    file.len);
		strbuf_add(&sb, file.data, file.len);
		strbuf_addc(&sb, '\n');
	}
	strbuf_free(&file);
	free(what);
	free(path);
	return strbuf_detach(&sb, len);
fail:
	free(what);
	free(path);
	strbuf_free(&file);
	strbuf_free(&sb);
	return NULL;
}

static bool
state_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Whether rel (below SRC/src) is in state_made: iPXE's make may write
   it. Its local config headers only while empty: it creates them so. */
static bool
state_makes(const char *rel, const struct stat *st)
{
	const char *pat, *star;
	size_t i, n;

	for (i = 0; i < sizeof state_made / sizeof state_made[0]; i++) {
		pat = state_made[i];
		if ((star = strchr(pat, '*')) == NULL) {
			if (strcmp(rel, pat) == 0)
				return true;
			continue;
		}
		n = (size_t)(star - pat);
		if (strncmp(rel, pat, n) == 0 && strchr(rel + n, '/') == NULL &&
		    strlen(rel + n) > strlen(star + 1) &&
		    strcmp(rel + strlen(rel) - strlen(star + 1), star + 1) == 0 &&
		    S_ISREG(st->st_mode) && st->st_size == 0)
			return true;
	}
	return false;
}

/* The state's line for an entry make wrote during the build. */
static char *
state_made_line(const char *rel, const struct stat *st)
{
	return xasprintf("made %lld.%09ld %ju %s\n",
	    (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec,
	    (uintmax_t)st->st_ino, rel);
}

/*
 * An entry with a ctime at start or later: after a make (made not NULL),
 * one iPXE's make writes gets its line in made and passes; at a check
 * (made the state's lines), one with its line there passes. False:
 * a change the next make has to see.
 */
static bool
state_passes(const char *rel, const struct stat *st, struct strbuf *made,
    const char *lines)
{
	char *line, *key;
	bool ok;

	if (!state_makes(rel, st))
		return false;
	line = state_made_line(rel, st);
	if (made != NULL) {
		strbuf_adds(made, line);
		ok = true;
	} else {
		/* lines starts with a newline: each of its lines, whole,
		   follows one. */
		key = xasprintf("\n%s", line);
		ok = strstr(lines, key) != NULL;
		free(key);
	}
	free(line);
	return ok;
}

/*
 * Whether anything in the directory dfd (rel below SRC/src, "" for it)
 * has a ctime at start or later that does not pass (state_passes()).
 * ctime cannot be set from user space: an edit, a touch, a checkout,
 * cp -p or a rename shows in the file's, a deletion or a new file in
 * its directory's. Closes dfd. True on any error.
 */
static bool
state_changed(int dfd, const char *rel, int depth,
    const struct timespec *start, struct strbuf *made, const char *lines)
{
	bool top = *rel == '\0', cfg = strcmp(rel, STATE_CFGDIR) == 0;
	bool changed = true;
	struct stat st, target;
	struct dirent *de;
	char *sub;
	DIR *dir;
	int fd;

	if (depth > STATE_DEPTH || (dir = fdopendir(dfd)) == NULL) {
		close(dfd);
		return true;
	}
	while ((errno = 0, de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		/* make's output: the state compares the binaries that
		   count, whatever else make keeps there. */
		if (top && (strcmp(de->d_name, "bin") == 0 ||
		    strncmp(de->d_name, "bin-", 4) == 0))
			continue;
		if (cfg && (state_in(de->d_name, state_config_files,
		    sizeof state_config_files / sizeof state_config_files[0]) ||
		    state_in(de->d_name, state_own_files,
		    sizeof state_own_files / sizeof state_own_files[0])))
			continue;
		if (fstatat(dirfd(dir), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) != 0)
			goto out;
		sub = top ? xstrdup(de->d_name) :
		    xasprintf("%s/%s", rel, de->d_name);
		/* A link to a file elsewhere: make reads that file. To a
		   directory (or nowhere): too much to follow, make runs. */
		if (S_ISLNK(st.st_mode) && (fstatat(dirfd(dir), de->d_name,
		    &target, 0) != 0 || S_ISDIR(target.st_mode) ||
		    !state_before(&target.st_ctim, start))) {
			free(sub);
			goto out;
		}
		if ((!state_before(&st.st_ctim, start) &&
		    !state_passes(sub, &st, made, lines)) ||
		    (S_ISDIR(st.st_mode) &&
		    ((fd = openat(dirfd(dir), de->d_name, O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
		    state_changed(fd, sub, depth + 1, start, made, lines)))) {
			free(sub);
			goto out;
		}
		free(sub);
	}
	changed = errno != 0;
out:
	closedir(dir);
	return changed;
}

/* state_changed() for the whole of SRC/src, itself included. */
static bool
state_walk(const char *srcdir, const struct timespec *start,
    struct strbuf *made, const char *lines)
{
	struct stat st;
	int fd;

	if ((fd = open(srcdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return true;
	if (fstat(fd, &st) != 0 || (!state_before(&st.st_ctim, start) &&
	    !state_passes("", &st, made, lines))) {
		close(fd);
		return true;
	}
	return state_changed(fd, "", 0, start, made, lines);
}

bool
build_state_begin(const char *cfgdir, struct timespec *start)
{
	char *path = xasprintf("%s/" BUILD_STATE_FILE, cfgdir);
	struct timespec before;
	int fd, tries;

	/* Emptied in place: a new file would change the directory's
	   ctime after start. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	free(path);
	if (fd < 0 || close(fd) != 0)
		return false;
	/*
	 * The kernel stamps ctimes from its coarse clock (or finer, never
	 * earlier). The first tick after everything written so far is a
	 * time that every later change reaches and no earlier one does: a
	 * millisecond or a few of waiting.
	 */
	clock_gettime(CLOCK_REALTIME_COARSE, &before);
	for (tries = 0; tries < STATE_TICK_TRIES; tries++) {
		const struct timespec ms = { 0, 1000000 };

		nanosleep(&ms, NULL);
		clock_gettime(CLOCK_REALTIME_COARSE, start);
		if (state_before(&before, start))
			return true;
	}
	/* The clock was set back: a start no check will ever reach. */
	start->tv_sec = (time_t)LLONG_MAX;
	start->tv_nsec = 0;
	return true;
}

bool
build_state_save(const char *srcdir, const char *cfgdir,
    const struct timespec *start)
{
	struct strbuf sb = STRBUF_INIT;
	char *body = NULL, *path;
	bool ok = false;
	size_t len;
	FILE *f;

	path = xasprintf("%s/" BUILD_STATE_FILE, cfgdir);
	strbuf_addf(&sb, "start %lld.%09ld\n", (long long)start->tv_sec,
	    start->tv_nsec);
	/* A change make does not make, during make: the next check would
	   fail anyway. */
	if ((body = state_render(srcdir, cfgdir, &len)) == NULL ||
	    state_walk(srcdir, start, &sb, NULL))
		goto out;
	strbuf_add(&sb, body, len);
	/* In place (build_state_begin() made it): see there. */
	if ((f = fopen(path, "w")) != NULL) {
		ok = fwrite(sb.data, 1, sb.len, f) == sb.len;
		ok = fclose(f) == 0 && ok;
	}
out:
	/* Half a state must not pass for one. */
	if (!ok && truncate(path, 0) != 0)
		unlink(path);
	strbuf_free(&sb);
	free(path);
	free(body);
	return ok;
}

bool
build_state_current(const char *srcdir, const char *cfgdir)
{
	struct strbuf sb = STRBUF_INIT;
	struct timespec start, now;
	char *path = xasprintf("%s/" BUILD_STATE_FILE, cfgdir), *body = NULL;
	char *made = NULL, *rest, *nl;
	long long sec;
	long nsec;
	size_t len;
	int used = 0;
	bool current = false;

	if (!state_read(&sb, path, STATE_MAX) || sb.len == 0)
		goto out;
	if (sscanf(sb.data, "start %lld.%ld\n%n", &sec, &nsec, &used) != 2 ||
	    used == 0 || sb.data[used - 1] != '\n' || nsec < 0 ||
	    nsec > 999999999)
		goto out;
	start.tv_sec = (time_t)sec;
	start.tv_nsec = nsec;
	/* A clock set back since: later changes may have earlier times. */
	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	if (state_before(&now, &start))
		goto out;
	/* Then the lines of what make wrote, then the rest. */
	for (rest = sb.data + used; strncmp(rest, "made ", 5) == 0;
	    rest = nl + 1)
		if ((nl = strchr(rest, '\n')) == NULL)
			goto out;
	made = xstrndup(sb.data + used - 1, (size_t)(rest - sb.data) -
	    (size_t)used + 1);
	if ((body = state_render(srcdir, cfgdir, &len)) == NULL ||
	    len != sb.len - (size_t)(rest - sb.data) ||
	    memcmp(body, rest, len) != 0)
		goto out;
	current = !state_walk(srcdir, &start, NULL, made);
out:
	strbuf_free(&sb);
	free(made);
	free(body);
	free(path);
	return current;
}
