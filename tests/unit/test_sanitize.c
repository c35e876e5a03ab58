/* test_sanitize.c: table-driven edge cases for each ipxe/sanitize.h helper. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/strbuf.h"
#include "ipxe/sanitize.h"

struct sanitize_case {
	const char	*in;	/* NULL: pass NULL */
	const char	*out;
};

static void
check_cases(void (*fn)(struct strbuf *, const char *),
    const struct sanitize_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		/* Appending must keep what was there. */
		struct strbuf sb = STRBUF_INIT;

		strbuf_adds(&sb, "<");
		fn(&sb, cases[i].in);
		if (strcmp(sb.data + 1, cases[i].out) != 0)
			fail_msg("case %zu: in \"%s\": got \"%s\", want \"%s\"",
			    i, cases[i].in ? cases[i].in : "(null)",
			    sb.data + 1, cases[i].out);
		assert_int_equal(sb.data[0], '<');
		strbuf_free(&sb);
	}
}

#define CHECK(fn, cases) check_cases(fn, cases, sizeof(cases) / sizeof(cases[0]))

static void
test_text(void **state)
{
	static const struct sanitize_case cases[] = {
		{ "Debian 12 netinst", "Debian 12 netinst" },
		{ "", "?" },
		{ NULL, "?" },
		{ " \t\n\r\v\f ", "?" },
		{ "  a \t b\r\n c  ", "a b c" },
		{ "${net0/ip}", "_{net0/ip}" },
		{ "cost $5", "cost _5" },
		{ "a || b", "a __ b" },
		{ "a && b ; c", "a __ b _ c" },
		{ "||", "__" },
		{ "a||b a&&b a;b", "a||b a&&b a;b" },
		{ "||| &&& ;;", "||| &&& ;;" },
		{ "#comment here", "_comment here" },
		{ "x #y C#", "x _y C#" },
		{ "-n hello", "_n hello" },
		{ "--", "_-" },
		{ "a -n", "a -n" },
		{ "\n-x", "_x" },
		{ "ends with \\", "ends with _" },
		{ "a\\b", "a_b" },
		{ "caf\xc3\xa9", "caf??" },
		{ "a\x01" "b\x7f" "c\x1b[2J", "a?b?c?[2J" },
		{ "\xff\xfe", "??" },
		{ ":label", ":label" },
	};

	CHECK(sanitize_text, cases);
}

static void
test_text_long(void **state)
{
	char in[1000], want[SANITIZE_TEXT_MAX + 1];
	struct strbuf sb = STRBUF_INIT;

	/* Cut at the limit. */
	memset(in, 'a', sizeof in - 1);
	in[sizeof in - 1] = '\0';
	sanitize_text(&sb, in);
	assert_int_equal(sb.len, SANITIZE_TEXT_MAX);
	memset(want, 'a', SANITIZE_TEXT_MAX);
	want[SANITIZE_TEXT_MAX] = '\0';
	assert_string_equal(sb.data, want);

	/* A cut that leaves "&&" standing alone must not make a separator. */
	strbuf_reset(&sb);
	memset(in, 'a', SANITIZE_TEXT_MAX - 3);
	strcpy(in + SANITIZE_TEXT_MAX - 3, " &&&");
	sanitize_text(&sb, in);
	assert_int_equal(sb.len, SANITIZE_TEXT_MAX);
	assert_string_equal(sb.data + SANITIZE_TEXT_MAX - 3, " __");

	/* A cut leaving no room for the next word drops it whole. */
	strbuf_reset(&sb);
	memset(in, 'b', SANITIZE_TEXT_MAX);
	strcpy(in + SANITIZE_TEXT_MAX, " ||");
	sanitize_text(&sb, in);
	assert_int_equal(sb.len, SANITIZE_TEXT_MAX);
	assert_null(strchr(sb.data, ' '));
	strbuf_free(&sb);
}

static void
test_label(void **state)
{
	static const struct sanitize_case cases[] = {
		{ "bd_12", "bd_12" },
		{ "AbC09", "AbC09" },
		{ "debian-12.iso", "debian_12_iso" },
		{ "", "_" },
		{ NULL, "_" },
		{ "${x}", "__x_" },
		{ "a b\n", "a_b_" },
		{ "\xc3\xa9", "__" },
	};

	CHECK(sanitize_label, cases);
}

static void
test_url_path(void **state)
{
	static const struct sanitize_case cases[] = {
		{ "iso/debian-12.5.0-amd64-netinst.iso",
		    "iso/debian-12.5.0-amd64-netinst.iso" },
		{ "a b", "a%20b" },
		{ "A-Z_a.z~0/9", "A-Z_a.z~0/9" },
		{ "${x}", "%24%7Bx%7D" },
		{ "a?b#c&d=e;f", "a%3Fb%23c%26d%3De%3Bf" },
		{ "100%", "100%25" },
		{ "x\\", "x%5C" },
		{ "caf\xc3\xa9", "caf%C3%A9" },
		{ "\n\r\t\x01", "%0A%0D%09%01" },
		{ "a:b", "a%3Ab" },
		{ "", "" },
		{ NULL, "" },
	};

	CHECK(sanitize_url_path, cases);
}

static void
test_url_query(void **state)
{
	static const struct sanitize_case cases[] = {
		{ "52:54:00:12:34:56", "52:54:00:12:34:56" },
		{ "x86_64", "x86_64" },
		{ "a&b=c", "a%26b%3Dc" },
		{ "a/b c", "a%2Fb%20c" },
		{ "${x}", "%24%7Bx%7D" },
		{ "", "" },
	};

	CHECK(sanitize_url_query, cases);
}

static void
test_url(void **state)
{
	static const struct sanitize_case cases[] = {
		{ "http://10.0.2.2:8080/a/b.ipxe?x=1&y=2",
		    "http://10.0.2.2:8080/a/b.ipxe?x=1&y=2" },
		{ "http://h/p%20q", "http://h/p%20q" },
		{ "http://[::1]:80/x#frag", "http://[::1]:80/x#frag" },
		{ "http://h/${net0/ip}", "http://h/%24%7Bnet0/ip%7D" },
		{ "http://h/a b", "http://h/a%20b" },
		{ "http://h/a\nchain x", "http://h/a%0Achain%20x" },
		{ "http://h/a|b\\", "http://h/a%7Cb%5C" },
		{ "http://h/\"q\"<>^`", "http://h/%22q%22%3C%3E%5E%60" },
		{ "http://h/\xc3\xa9", "http://h/%C3%A9" },
		{ "||", "%7C%7C" },
		{ "&&", "%26&" },
		{ ";", "%3B" },
		{ "#x", "%23x" },
		{ "-x", "%2Dx" },
		{ ":x", "%3Ax" },
		{ "%41", "%2541" },
		{ "", "" },
		{ NULL, "" },
	};

	CHECK(sanitize_url, cases);
}

static void
test_args(void **state)
{
	static const struct sanitize_case cases[] = {
		{ "console=ttyS0,115200 quiet", " console=ttyS0,115200 quiet" },
		{ "", "" },
		{ NULL, "" },
		{ " \t\n ", "" },
		{ "  a   b  ", " a b" },
		{ "a || b && c ; d", " a __ b __ c _ d" },
		{ "#x y#", " _x y#" },
		{ "-v --x", " -v --x" },
		{ "ip=${ip}", " ip=_{ip}" },
		{ "a\\", " a_" },
		{ "a\nshell", " a shell" },
		{ "x\x01y\xc3\xa9", " x?y??" },
		{ "root=\"/dev/sda 1\"", " root=\"/dev/sda 1\"" },
	};

	CHECK(sanitize_args, cases);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_long),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_url_path),
		cmocka_unit_test(test_url_query),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
