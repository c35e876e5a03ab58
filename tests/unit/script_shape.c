/* script_shape.c: a model of how iPXE reads a script, for tests that hostile text leaves a script's commands alone. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "tests/unit/script_shape.h"

static bool
is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool
is_sep(const char *t, size_t len)
{
	return (len == 2 && (memcmp(t, "||", 2) == 0 || memcmp(t, "&&", 2) == 0))
	    || (len == 1 && t[0] == ';');
}

static void
line_shape(const char *s, struct strbuf *out)
{
	const char *word = NULL;
	size_t word_len = 0, len;
	int dashes = 0;
	bool counting = false, expect = false;

	while (is_space((unsigned char)*s))
		s++;
	if (*s == ':') {
		len = 1;
		while (s[len] != '\0' && !is_space((unsigned char)s[len]))
			len++;
		strbuf_add(out, s, len);
		strbuf_addc(out, ' ');
		s += len;
	}
	for (;;) {
		while (is_space((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		len = 0;
		while (s[len] != '\0' && !is_space((unsigned char)s[len]))
			len++;
		if (s[0] == '#' || is_sep(s, len)) {
			if (word != NULL || expect)
				strbuf_addf(out, "[%.*s/%d]", (int)word_len,
				    word ? word : "", dashes);
			word = NULL;
			expect = false;
			if (s[0] == '#') {
				strbuf_addc(out, '#');
				break;
			}
			strbuf_add(out, s, len);
			expect = true;
		} else if (word == NULL) {
			word = s;
			word_len = len;
			dashes = 0;
			counting = true;
		} else if (counting && s[0] == '-') {
			dashes++;
		} else {
			counting = false;
		}
		s += len;
	}
	if (word != NULL || expect)
		strbuf_addf(out, "[%.*s/%d]", (int)word_len, word ? word : "",
		    dashes);
	strbuf_addc(out, '\n');
}

/* Returns the number of "${" in script. */
size_t
script_shape(const char *script, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	const char *p = script, *q, *nl;
	size_t n = 0, len;

	for (q = script; (q = strstr(q, "${")) != NULL; q += 2)
		n++;
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		strbuf_add(&line, p, len);
		p += len + (nl ? 1 : 0);
		if (line.len > 0 && line.data[line.len - 1] == '\r')
			line.data[--line.len] = '\0';
		if (line.len > 0 && line.data[line.len - 1] == '\\') {
			line.data[--line.len] = '\0';
			if (*p != '\0')
				continue;
		}
		line_shape(line.data, out);
		strbuf_reset(&line);
	}
	strbuf_free(&line);
	return n;
}
