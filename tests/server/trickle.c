/* trickle.c: many connections from one loopback address, each sending a request header one byte at a time. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: trickle SRC-ADDR PORT COUNT INTERVAL SECONDS\n"
    "  Keeps COUNT connections from SRC-ADDR (a loopback address) to\n"
    "  127.0.0.1:PORT, each sending one byte of an endless request\n"
    "  header every INTERVAL seconds, opening a new one for each the\n"
    "  server closes, for SECONDS. Prints the connections opened and\n"
    "  the most held at once.\n";

static const char trickle_header[] = "GET /boot.ipxe HTTP/1.1\r\nX-Slow: ";

static int
trickle_open(const struct sockaddr_in *src, const struct sockaddr_in *dst)
{
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (const struct sockaddr *)src, sizeof *src) != 0 ||
	    connect(fd, (const struct sockaddr *)dst, sizeof *dst) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Still open: nothing came back, no error. */
static int
trickle_alive(int fd)
{
	char c;
	ssize_t n;

	n = recv(fd, &c, 1, MSG_DONTWAIT);
	return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	long count, i, held, most = 0, opened = 0;
	size_t *sent;
	int *fds, interval, seconds;
	time_t end;

	if (argc != 6 || inet_pton(AF_INET, argv[1], &src.sin_addr) != 1) {
		fputs(usage, stderr);
		return 2;
	}
	dst.sin_port = htons((unsigned short)atoi(argv[2]));
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	count = atol(argv[3]);
	interval = atoi(argv[4]);
	seconds = atoi(argv[5]);
	fds = calloc((size_t)count, sizeof *fds);
	sent = calloc((size_t)count, sizeof *sent);
	if (fds == NULL || sent == NULL || count <= 0 || interval <= 0)
		return 2;
	for (i = 0; i < count; i++)
		fds[i] = -1;
	end = time(NULL) + seconds;
	while (time(NULL) < end) {
		held = 0;
		for (i = 0; i < count; i++) {
			if (fds[i] >= 0 && !trickle_alive(fds[i])) {
				close(fds[i]);
				fds[i] = -1;
			}
			if (fds[i] < 0) {
				fds[i] = trickle_open(&src, &dst);
				sent[i] = 0;
				if (fds[i] < 0)
					continue;
				opened++;
			}
			/* One byte: the header, then an endless value. */
			if (send(fds[i], sent[i] < sizeof trickle_header - 1 ?
			    &trickle_header[sent[i]] : "x", 1,
			    MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
				sent[i]++;
			held++;
		}
		if (held > most)
			most = held;
		sleep((unsigned)interval);
	}
	printf("%ld opened, %ld held at most\n", opened, most);
	for (i = 0; i < count; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	free(sent);
	return 0;
}
