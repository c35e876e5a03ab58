/* listener.h: listening sockets, inherited from systemd (socket activation) or bound before privileges drop. */
#ifndef BOOTDECK_LISTENER_H
#define BOOTDECK_LISTENER_H

#include <stddef.h>
#include <sys/socket.h>

/*
 * The socket systemd passed under FileDescriptorName NAME (LISTEN_FDS,
 * LISTEN_PID, LISTEN_FDNAMES; sd_listen_fds_with_names semantics), or,
 * for "http", a single unnamed one. Each is handed out once; -1 when
 * there is none. The first call reads and clears the environment.
 */
int listener_activated(const char *name);
/* A new listening TCP socket on addr; -1 with a reason in err. */
int listener_bind(const struct sockaddr *addr, char *err, size_t errlen);
/* The socket's own address, for the log line: fills ss and "ADDR" / "[ADDR]". */
int listener_address(int fd, struct sockaddr_storage *ss, char *shown,
    size_t shownlen);

#endif
