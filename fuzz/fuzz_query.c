/* fuzz_query.c: query decoding as bootdeckd does it (percent and '+', then mac_parse, render_arch_ok), against a reference MAC grammar. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/mac.h"
#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "fuzz/fuzz.h"
#include "ipxe/render_job.h"
#include "ipxe/sanitize.h"
#include "server/path.h"

/* The three forms the contract names, written out the slow way. */
static bool
mac_reference(const char *s)
{
	size_t len = strlen(s), i;
	char sep;

	if (len == 12)
		return strspn(s, "0123456789abcdefABCDEF") == 12;
	if (len != 17 || (s[2] != ':' && s[2] != '-'))
		return false;
	sep = s[2];
	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != sep : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

static void
check_mac(const char *value)
{
	char out[MAC_STRLEN], again[MAC_STRLEN], bare[13];
	bool ok;
	size_t i;

	ok = mac_parse(value, out);
	FUZZ_CHECK(ok == mac_reference(value));
	if (!ok) {
		FUZZ_CHECK(out[0] == '\0');
		return;
	}
	/* The normal form: lower-case hex pairs and colons. */
	FUZZ_CHECK(strlen(out) == 17);
	for (i = 0; i < 17; i++)
		FUZZ_CHECK(i % 3 == 2 ? out[i] == ':' :
		    strchr("0123456789abcdef", out[i]) != NULL);
	/* Normalizing is idempotent, and every form names the same MAC. */
	FUZZ_CHECK(mac_parse(out, again) && strcmp(again, out) == 0);
	for (i = 0; i < 6; i++) {
		bare[2 * i] = (char)toupper((unsigned char)out[3 * i]);
		bare[2 * i + 1] = (char)toupper((unsigned char)out[3 * i + 1]);
	}
	bare[12] = '\0';
	FUZZ_CHECK(mac_parse(bare, again) && strcmp(again, out) == 0);
}

static void
check_arg(const char *raw, size_t rawlen)
{
	char buf[64], *copy;
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	/* The buffer bootdeckd's request_arg uses. */
	if (!path_decode(raw, rawlen, buf, sizeof buf, true))
		return;
	n = strlen(buf);
	FUZZ_CHECK(n < sizeof buf);
	FUZZ_CHECK(n <= rawlen);
	check_mac(buf);
	if (render_arch_ok(buf)) {
		FUZZ_CHECK(n > 0 && n < 16);
		FUZZ_CHECK(strspn(buf, "abcdefghijklmnopqrstuvwxyz0123456789_")
		    == n);
	}
	/* What we put in the URLs we render decodes back to the value. */
	sanitize_url_query(&sb, buf);
	copy = xmalloc(n + 1);
	FUZZ_CHECK(path_decode(sb.data, sb.len, copy, n + 1, true));
	FUZZ_CHECK(strcmp(copy, buf) == 0);
	free(copy);
	strbuf_free(&sb);
}

/* The input is a query string: NAME=VALUE pairs between '&'. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = fuzz_string(data, size), *p, *amp, *eq;

	for (p = q; p != NULL; p = amp != NULL ? amp + 1 : NULL) {
		amp = strchr(p, '&');
		if (amp != NULL)
			*amp = '\0';
		eq = strchr(p, '=');
		if (eq != NULL)
			check_arg(eq + 1, strlen(eq + 1));
		/* The raw value as a CLI argument would give it. */
		check_mac(p);
	}
	free(q);
	return 0;
}
