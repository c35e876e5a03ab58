/* url.h: the rule for a base URL, the prefix clients reach bootdeckd by. */
#ifndef BOOTDECK_URL_H
#define BOOTDECK_URL_H

#include <stdbool.h>
#include <stddef.h>

/* How error messages spell the rule. */
#define URL_BASE_FORM "http://HOST[:PORT][/PATH]"

/*
 * Whether url can have bootdeck's paths ("/boot.ipxe?...", "/entry/NAME")
 * appended and still parse, in iPXE and in a DHCP filename, as that URL:
 * http:// or https://, a host (a name, an IPv4 address or [IPv6]), an
 * optional :PORT (1-65535) and an optional /PATH. No '?' or '#' (iPXE's
 * parse_uri cuts there), whitespace, control or non-ASCII bytes, and of
 * RFC 3986's sub-delims only "!*+,=" (no '$', quotes, ';', '&', '(' or
 * ')'); '%' only as an escape. A trailing '/' is allowed: callers strip
 * it. When not, writes why into why ("it has a '?', where ...").
 */
bool url_base_ok(const char *url, char *why, size_t len);

#endif
