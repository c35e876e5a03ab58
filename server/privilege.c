/* privilege.c: dropping from root to the service user: groups first, then gid, then uid, then proof. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#include "server/privilege.h"

/* Nothing of root is left: ids, saved ids, groups, and no way back. */
static int
privilege_check(uid_t uid, gid_t gid, char *err, size_t errlen)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, groups[2];
	int n;

	if (getresuid(&ru, &eu, &su) != 0 || ru != uid || eu != uid ||
	    su != uid || getresgid(&rg, &eg, &sg) != 0 || rg != gid ||
	    eg != gid || sg != gid) {
		snprintf(err, errlen, "user or group ids did not change");
		return -1;
	}
	n = getgroups(2, groups);
	if (n < 0 || n > 1 || (n == 1 && groups[0] != gid)) {
		snprintf(err, errlen, "supplementary groups are still set");
		return -1;
	}
	/* uid 0 is never the target (refused before), so these must fail. */
	if (setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0 ||
	    setegid(0) == 0) {
		snprintf(err, errlen, "root could be regained");
		return -1;
	}
	return 0;
}

int
privilege_drop(const char *user, char *err, size_t errlen)
{
	struct passwd *pw;
	uid_t uid;
	gid_t gid;

	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		/* getpwnam(3): 0, ENOENT, ESRCH, EBADF or EPERM mean none. */
		snprintf(err, errlen, "user '%s': %s", user, errno == 0 ||
		    errno == ENOENT || errno == ESRCH || errno == EBADF ||
		    errno == EPERM ? "no such user" : strerror(errno));
		return -1;
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (uid == 0) {
		snprintf(err, errlen, "user '%s' is root: name an unprivileged "
		    "user", user);
		return -1;
	}
	if (geteuid() != 0) {
		if (getuid() == uid && geteuid() == uid)
			return 0;
		snprintf(err, errlen, "cannot become user '%s': not started "
		    "as root", user);
		return -1;
	}
	/* Groups while still root (setgroups needs it), the uid last. */
	if (setgroups(1, &gid) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0) {
		snprintf(err, errlen, "cannot become user '%s': %s", user,
		    strerror(errno));
		return -1;
	}
	if (privilege_check(uid, gid, err, errlen) != 0)
		return -1;
	/* bootdeckd runs no programs; nothing it could exec gains rights. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	return 0;
}
