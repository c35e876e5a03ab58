/* sanitize.c: making catalog and client text safe to place in an iPXE script. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/translit.h"
#include "ipxe/sanitize.h"

/*
 * All tests are spelled out on ASCII instead of <ctype.h>: the locale must
 * never widen what counts as safe, and bytes >= 0x80 are never safe.
 */

/* iPXE's isspace(): what splits tokens. */
static bool
is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* RFC 3986 unreserved. */
static bool
is_unreserved(unsigned char c)
{
	return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static void
add_percent(struct strbuf *sb, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[3] = { '%', hex[c >> 4], hex[c & 0xf] };

	strbuf_add(sb, buf, sizeof buf);
}

/* A word iPXE would read as a command separator when it stands alone. */
static bool
is_separator_word(const char *w, size_t len)
{
	return (len == 2 && (memcmp(w, "||", 2) == 0 ||
	    memcmp(w, "&&", 2) == 0)) || (len == 1 && w[0] == ';');
}

/*
 * Appends one word (no whitespace in it) made safe: separator words lose
 * their meaning, and a leading '#' (comment) or, when it opens a run of
 * text, a leading '-' (option) is replaced.
 */
static void
add_word(struct strbuf *sb, char *w, size_t len, bool first)
{
	size_t i;

	if (is_separator_word(w, len))
		for (i = 0; i < len; i++)
			w[i] = '_';
	if (w[0] == '#' || (first && w[0] == '-'))
		w[0] = '_';
	strbuf_add(sb, w, len);
}

/*
 * Splits text into words at iPXE whitespace and maps each byte with map()
 * (which never returns whitespace), then appends the words through
 * add_word(), each preceded by sep except the first when !lead. Stops
 * before max bytes of output. Returns the number of words added.
 */
static size_t
add_words(struct strbuf *sb, const char *text, char (*map)(unsigned char),
    bool lead, bool opt_guard, size_t max)
{
	struct strbuf word = STRBUF_INIT;
	size_t start = sb->len, n = 0;
	const unsigned char *p = (const unsigned char *)(text ? text : "");

	for (;; p++) {
		if (*p != '\0' && !is_space(*p)) {
			strbuf_addc(&word, map(*p));
			continue;
		}
		if (word.len > 0) {
			size_t used = sb->len - start, room;

			if (lead || n > 0)
				used++;
			room = used < max ? max - used : 0;
			if (room == 0)
				break;
			if (word.len > room)
				word.len = room;
			if (lead || n > 0)
				strbuf_addc(sb, ' ');
			add_word(sb, word.data, word.len, opt_guard && n == 0);
			n++;
			strbuf_reset(&word);
		}
		if (*p == '\0')
			break;
	}
	strbuf_free(&word);
	return n;
}

/* Bytes that mean something to iPXE inside a token, or are not text. */
static char
map_text(unsigned char c)
{
	if (c < 0x20 || c >= 0x7f)
		return '?';
	if (c == '$' || c == '\\')
		return '_';
	return (char)c;
}

void
sanitize_text(struct strbuf *sb, const char *text)
{
	struct strbuf ascii = STRBUF_INIT;

	/* Spelled in ASCII first (iPXE's console shows nothing else), then
	   made safe byte by byte as any other text. */
	translit_ascii(&ascii, text);
	strbuf_adds(&ascii, "");
	if (add_words(sb, ascii.data, map_text, false, true,
	    SANITIZE_TEXT_MAX) == 0)
		strbuf_addc(sb, '?');
	strbuf_free(&ascii);
}

bool
sanitize_text_changes(const char *text, struct strbuf *shown)
{
	size_t start = shown->len;

	sanitize_text(shown, text);
	strbuf_adds(shown, "");
	return strcmp(shown->data + start, text != NULL ? text : "") != 0;
}

void
sanitize_args(struct strbuf *sb, const char *args)
{
	/* Only the URL before the args is parsed for options: '-' is fine. */
	add_words(sb, args, map_text, true, false, (size_t)-1);
}

void
sanitize_label(struct strbuf *sb, const char *text)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");

	if (*p == '\0')
		strbuf_addc(sb, '_');
	for (; *p != '\0'; p++)
		strbuf_addc(sb, is_alnum(*p) ? (char)*p : '_');
}

static void
add_encoded(struct strbuf *sb, const char *s, const char *keep)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	for (; *p != '\0'; p++) {
		if (is_unreserved(*p) || strchr(keep, *p) != NULL)
			strbuf_addc(sb, (char)*p);
		else
			add_percent(sb, *p);
	}
}

void
sanitize_url_path(struct strbuf *sb, const char *path)
{
	add_encoded(sb, path, "/");
}

void
sanitize_url_query(struct strbuf *sb, const char *value)
{
	add_encoded(sb, value, ":");
}

static void
add_url(struct strbuf *sb, const char *url, const char *keep)
{
	const unsigned char *p = (const unsigned char *)(url ? url : "");

	/* An alphanumeric first byte keeps the token from reading as a
	   comment, an option or a separator; URL schemes start with one. */
	if (*p != '\0' && !is_alnum(*p))
		add_percent(sb, *p++);
	add_encoded(sb, (const char *)p, keep);
}

void
sanitize_url(struct strbuf *sb, const char *url)
{
	/* RFC 3986 reserved bytes and '%' keep their meaning; '$', quotes,
	   backslash, '|', whitespace, controls and non-ASCII are encoded. */
	add_url(sb, url, ":/?#[]@!&'()*+,;=%");
}

void
sanitize_url_base(struct strbuf *sb, const char *url)
{
	/* As sanitize_url, but '?' and '#' are encoded too: they would end
	   the path, and the paths appended after the base would become a
	   query or a fragment (iPXE's parse_uri cuts at '#', then '?'). */
	add_url(sb, url, ":/[]@!&'()*+,;=%");
}
