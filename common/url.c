/* url.c: the rule for a base URL, the prefix clients reach bootdeckd by. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "common/hex.h"
#include "common/url.h"

#define URL_HOST_MAX 253	/* a DNS name's longest text form */

/* Spelled out on ASCII: the locale must never widen what is allowed. */
static bool
url_is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * Every byte after the scheme: RFC 3986 unreserved, escapes, '/', ':', '@'
 * and the sub-delims no script, shell or DHCP config reads as something
 * else, and '[' ']' for an IPv6 host (placed by the caller's parse).
 */
static bool
url_bytes_ok(const char *p, char *why, size_t len)
{
	static const char extra[] = "-._~/:@!*+,=[]";

	for (; *p != '\0'; p++) {
		if (*p == '%' && hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0)
			p += 2;
		else if (*p == '%') {
			snprintf(why, len, "it has a '%%' not followed by two "
			    "hex digits");
			return false;
		} else if (*p == '?' || *p == '#') {
			snprintf(why, len, "it has a '%c', where iPXE would "
			    "cut its paths", *p);
			return false;
		} else if ((unsigned char)*p <= ' ' ||
		    (unsigned char)*p >= 0x7f) {
			snprintf(why, len, "it has whitespace, a control byte "
			    "or a non-ASCII byte");
			return false;
		} else if (!url_is_alnum(*p) && strchr(extra, *p) == NULL) {
			snprintf(why, len, "it has a '%c'", *p);
			return false;
		}
	}
	return true;
}

/* Dot-separated labels of letters, digits, '-' and '_' (an IPv4 address
   is one too), or an IPv6 address in brackets. */
static bool
url_host_ok(const char *host, size_t n)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr a;
	size_t i, label = 0;

	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		if (n - 2 >= sizeof buf)
			return false;
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		return inet_pton(AF_INET6, buf, &a) == 1;
	}
	if (n > URL_HOST_MAX)
		return false;
	for (i = 0; i < n; i++) {
		if (host[i] == '.' && label > 0)
			label = 0;
		else if (url_is_alnum(host[i]) || host[i] == '-' ||
		    host[i] == '_')
			label++;
		else
			return false;
	}
	return label > 0;
}

bool
url_base_ok(const char *url, char *why, size_t len)
{
	const char *host, *end, *p;
	long port = 0;

	if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else {
		snprintf(why, len, "it does not start with http:// or "
		    "https://");
		return false;
	}
	if (!url_bytes_ok(host, why, len))
		return false;
	end = host[0] == '[' ? strchr(host, ']') : NULL;
	end = end != NULL ? end + 1 : host + strcspn(host, ":/");
	if (end == host) {
		snprintf(why, len, "it names no host");
		return false;
	}
	if (!url_host_ok(host, (size_t)(end - host))) {
		snprintf(why, len, "its host is not a name, an IPv4 address "
		    "or [IPv6]");
		return false;
	}
	if (*end == ':') {
		for (p = end + 1; *p >= '0' && *p <= '9' && port <= 65535; p++)
			port = port * 10 + (*p - '0');
		if (p == end + 1 || port < 1 || port > 65535 ||
		    (*p != '\0' && *p != '/')) {
			snprintf(why, len, "its port is not a number from 1 "
			    "to 65535");
			return false;
		}
		end = p;
	}
	if (*end != '\0' && *end != '/') {
		snprintf(why, len, "it has '%c' after the host", *end);
		return false;
	}
	if (strpbrk(end, "[]") != NULL) {
		snprintf(why, len, "its path has a '%c'", *strpbrk(end, "[]"));
		return false;
	}
	return true;
}
