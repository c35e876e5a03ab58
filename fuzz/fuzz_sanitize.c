/* fuzz_sanitize.c: each sanitizer's promise (sanitize.h) on any bytes: one token or run of plain words, nothing iPXE would expand, join or run. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/xmalloc.h"
#include "fuzz/fuzz.h"
#include "ipxe/sanitize.h"
#include "server/path.h"

static bool
printable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* Space-separated words, none of which iPXE reads as more than text. */
static void
check_words(const char *s, size_t len, bool lead)
{
	const char *w = s, *end = s + len;
	size_t n;

	FUZZ_CHECK(printable(s, len));
	FUZZ_CHECK(memchr(s, '$', len) == NULL);
	FUZZ_CHECK(memchr(s, '\\', len) == NULL);
	if (len == 0)
		return;
	if (lead) {
		FUZZ_CHECK(s[0] == ' ');
		w++;
	}
	for (; w < end; w += n + 1) {
		n = strcspn(w, " ");
		if (w + n > end)
			n = (size_t)(end - w);
		FUZZ_CHECK(n > 0);		/* single spaces, none trailing */
		FUZZ_CHECK(w[0] != '#');
		FUZZ_CHECK(!(n == 2 && (memcmp(w, "||", 2) == 0 ||
		    memcmp(w, "&&", 2) == 0)));
		FUZZ_CHECK(!(n == 1 && w[0] == ';'));
	}
}

static void
check_decodes(const struct strbuf *sb, const char *text)
{
	char *back = xmalloc(sb->len + 1);

	FUZZ_CHECK(path_decode(sb->data, sb->len, back, sb->len + 1, false));
	FUZZ_CHECK(strcmp(back, text) == 0);
	free(back);
}

static void
check_url(const struct strbuf *sb, const char *bad, bool whole)
{
	size_t i;

	FUZZ_CHECK(printable(sb->data, sb->len));
	for (i = 0; i < sb->len; i++)
		FUZZ_CHECK(strchr(bad, sb->data[i]) == NULL);
	/* A whole URL is a token of its own: not a comment, an option nor
	   a separator (paths and query values follow a base URL). */
	if (whole && sb->len > 0)
		FUZZ_CHECK(strchr("#-|&;", sb->data[0]) == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	sanitize_text(&sb, text);
	FUZZ_CHECK(sb.len > 0 && sb.len <= SANITIZE_TEXT_MAX);
	FUZZ_CHECK(sb.data[0] != '-');
	check_words(sb.data, sb.len, false);

	strbuf_reset(&sb);
	sanitize_args(&sb, text);
	check_words(sb.data, sb.len, true);

	strbuf_reset(&sb);
	sanitize_label(&sb, text);
	FUZZ_CHECK(sb.len == (text[0] != '\0' ? strlen(text) : 1));
	for (i = 0; i < sb.len; i++)
		FUZZ_CHECK(strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", sb.data[i]) != NULL);

	strbuf_reset(&sb);
	sanitize_url_path(&sb, text);
	check_url(&sb, " $\\\"'|;&#?", false);
	check_decodes(&sb, text);

	strbuf_reset(&sb);
	sanitize_url_query(&sb, text);
	check_url(&sb, " $\\\"'|;&#?/+=", false);
	check_decodes(&sb, text);

	strbuf_reset(&sb);
	sanitize_url(&sb, text);
	check_url(&sb, " $\\\"{}", true);

	strbuf_reset(&sb);
	sanitize_url_base(&sb, text);
	check_url(&sb, " $\\\"{}?#", true);

	strbuf_free(&sb);
	free(text);
	return 0;
}
