/* privilege.h: giving up root for a named user once the ports are bound. */
#ifndef BOOTDECK_PRIVILEGE_H
#define BOOTDECK_PRIVILEGE_H

#include <stddef.h>

/*
 * Becomes user (its uid, its primary group, no supplementary groups) for
 * good and checks that root cannot come back. Already running as that
 * user is fine; any other non-root user cannot switch. Returns 0, or -1
 * with a one-line reason in err: the caller must not go on as root.
 */
int privilege_drop(const char *user, char *err, size_t errlen);

#endif
