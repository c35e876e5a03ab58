/* listener.c: the listening sockets: systemd's socket activation protocol, or our own bind before dropping root. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server/listener.h"

/* systemd passes its sockets from fd 3 on (SD_LISTEN_FDS_START). */
#define LISTENER_FIRST_FD 3
#define LISTENER_MAX 16

static struct listener_passed {
	int	 fd;			/* -1 once handed out */
	char	 name[256];		/* FileDescriptorName, or "unknown" */
} passed[LISTENER_MAX];
static size_t npassed;
static bool parsed;

static bool
listener_number(const char *s, unsigned long *v)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return *end == '\0' && errno == 0;
}

/*
 * The variables are for us only when LISTEN_PID is our pid (a child of
 * a service would otherwise take its parent's sockets); they are unset
 * either way so nothing started later sees them.
 */
static void
listener_parse(void)
{
	const char *names = getenv("LISTEN_FDNAMES"), *colon;
	unsigned long pid, n;
	size_t i, len;

	parsed = true;
	if (!listener_number(getenv("LISTEN_PID"), &pid) ||
	    pid != (unsigned long)getpid() ||
	    !listener_number(getenv("LISTEN_FDS"), &n))
		goto out;
	for (i = 0; i < n && i < LISTENER_MAX; i++) {
		passed[i].fd = LISTENER_FIRST_FD + (int)i;
		fcntl(passed[i].fd, F_SETFD, FD_CLOEXEC);
		len = 0;
		if (names != NULL) {
			colon = strchr(names, ':');
			len = colon != NULL ? (size_t)(colon - names) :
			    strlen(names);
		}
		if (len == 0 || len >= sizeof passed[i].name)
			snprintf(passed[i].name, sizeof passed[i].name,
			    "unknown");
		else {
			memcpy(passed[i].name, names, len);
			passed[i].name[len] = '\0';
		}
		if (names != NULL)
			names = (colon = strchr(names, ':')) != NULL ?
			    colon + 1 : NULL;
	}
	npassed = i;
out:
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
}

int
listener_activated(const char *name)
{
	size_t i;
	int fd;

	if (!parsed)
		listener_parse();
	for (i = 0; i < npassed; i++)
		if (passed[i].fd >= 0 && strcmp(passed[i].name, name) == 0)
			break;
	/* One socket with no name (a unit without FileDescriptorName=). */
	if (i == npassed && strcmp(name, "http") == 0 && npassed == 1 &&
	    passed[0].fd >= 0 && strcmp(passed[0].name, "unknown") == 0)
		i = 0;
	if (i == npassed)
		return -1;
	fd = passed[i].fd;
	passed[i].fd = -1;
	return fd;
}

int
listener_bind(const struct sockaddr *addr, char *err, size_t errlen)
{
	socklen_t len = addr->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int fd, on = 1;

	fd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* As MHD does for its own: a restart must not wait for TIME_WAIT,
	   and an IPv6 address means IPv6 only. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    (addr->sa_family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6,
	    IPV6_V6ONLY, &on, sizeof on) != 0) ||
	    bind(fd, addr, len) != 0 || listen(fd, 1024) != 0)
		goto fail;
	return fd;
fail:
	snprintf(err, errlen, "%s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

int
listener_address(int fd, struct sockaddr_storage *ss, char *shown,
    size_t shownlen)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)ss;
	socklen_t len = sizeof *ss;
	char host[INET6_ADDRSTRLEN];

	memset(ss, 0, sizeof *ss);
	if (getsockname(fd, (struct sockaddr *)ss, &len) != 0)
		return -1;
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
	else if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
	else
		return -1;
	snprintf(shown, shownlen, ss->ss_family == AF_INET6 ? "[%s]" : "%s",
	    host);
	return 0;
}
