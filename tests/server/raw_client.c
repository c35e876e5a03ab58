/* raw_client.c: one request of raw bytes; prints the status line and whether the server closed. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: raw_client PORT WAIT-SECONDS < REQUEST\n"
    "  Sends stdin as is to 127.0.0.1:PORT, then reads for up to\n"
    "  WAIT-SECONDS. Prints the status line (or \"no status line\") and\n"
    "  \"closed\" when the server closed the connection in that time, else\n"
    "  \"open\". Exits 0 when both were seen, 1 otherwise.\n";

static long long
raw_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main(int argc, char **argv)
{
	static char req[1 << 20], got[65536];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct pollfd pfd;
	long long end, left;
	size_t len = 0, off = 0, have = 0;
	ssize_t n;
	char *eol;
	int fd, closed = 0;

	if (argc != 3) {
		fputs(usage, stderr);
		return 2;
	}
	while ((n = read(0, req + len, sizeof req - len)) > 0)
		len += (size_t)n;
	sin.sin_port = htons((unsigned short)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
		perror("raw_client: connect");
		return 2;
	}
	/* The server may answer and close before it has read it all. */
	while (off < len) {
		n = send(fd, req + off, len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	end = raw_now_ms() + atoi(argv[2]) * 1000LL;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while ((left = end - raw_now_ms()) > 0 && have < sizeof got - 1) {
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = recv(fd, got + have, sizeof got - 1 - have, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			closed = 1;
			break;
		}
		have += (size_t)n;
	}
	got[have] = '\0';
	eol = strstr(got, "\r\n");
	if (eol != NULL && strncmp(got, "HTTP/", 5) == 0) {
		*eol = '\0';
		printf("%s\n", got);
	} else
		printf("no status line\n");
	printf("%s\n", closed ? "closed" : "open");
	close(fd);
	return eol != NULL && closed ? 0 : 1;
}
