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
#include "common/url.h"
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
		/* Spelled in ASCII (common/translit.c), not '?' each byte. */
		{ "caf\xc3\xa9", "cafe" },
		{ "M\xc3\xbcnchen Stra\xc3\x9f" "e", "Munchen Strasse" },
		{ "\xc5\x81\xc3\xb3" "d\xc5\xba \xc3\x86r\xc3\xb8", "Lodz AEro" },
		{ "a \xe2\x80\x94 b \xe2\x80\x93 c", "a - b - c" },
		{ "\xe2\x80\x9cq\xe2\x80\x9d \xe2\x80\x98s\xe2\x80\x99",
		    "\"q\" 's'" },
		{ "wait\xe2\x80\xa6", "wait..." },
		{ "a\xc2\xa0" "b", "a b" },
		{ "e\xcc\x81t\xc3\xa9", "ete" },
		/* A dash spelled '-' at the start still never reads as an option. */
		{ "\xe2\x80\x94 x", "_ x" },
		{ "\xe2\x80\x94x", "_x" },
		/* No ASCII spelling: one '?' per character, per bad byte. */
		{ "\xe6\x97\xa5\xe6\x9c\xac", "??" },
		{ "\xe2\x80\xae" "evil", "?evil" },
		{ "\xc0\xaf \xed\xa0\x80 \xc3", "?? ??? ?" },
		{ "a\x01" "b\x7f" "c\x1b[2J", "a?b?c?[2J" },
		{ "\xff\xfe", "??" },
		{ ":label", ":label" },
	};

	CHECK(sanitize_text, cases);
}

/* What the front ends warn with: whether clients see text as it is. */
static void
test_text_changes(void **state)
{
	static const struct {
		const char	*in;
		const char	*shown;
		bool		 changes;
	} cases[] = {
		{ "Debian 12 netinst", "Debian 12 netinst", false },
		{ "Caf\xc3\xa9 $5 #1", "Cafe _5 _1", true },
		{ "x  y", "x y", true },
		{ "", "?", true },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		strbuf_reset(&sb);
		strbuf_adds(&sb, "");
		assert_int_equal(sanitize_text_changes(cases[i].in, &sb),
		    cases[i].changes);
		assert_string_equal(sb.data, cases[i].shown);
	}
	strbuf_free(&sb);
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

static void
test_url_base(void **state)
{
	static const struct sanitize_case cases[] = {
		{ "http://10.0.2.2:8080", "http://10.0.2.2:8080" },
		{ "http://[::1]:80/pxe", "http://[::1]:80/pxe" },
		/* What would end the path is encoded: appended paths stay
		   paths. */
		{ "http://h/a?b", "http://h/a%3Fb" },
		{ "http://h/a#b", "http://h/a%23b" },
		{ "http://h?x#y", "http://h%3Fx%23y" },
		{ "http://h/${x}", "http://h/%24%7Bx%7D" },
		{ "http://h/a b", "http://h/a%20b" },
		{ "#x", "%23x" },
		{ "", "" },
		{ NULL, "" },
	};

	CHECK(sanitize_url_base, cases);
}

/* common/url.h's rule, which every caller checks before rendering. */
static void
test_url_base_rule(void **state)
{
	static const struct {
		const char	*url;
		const char	*why;	/* NULL: accepted; else in the reason */
	} cases[] = {
		{ "http://10.0.2.2:8080", NULL },
		{ "http://boot.example", NULL },
		{ "https://boot.example:443/pxe/", NULL },
		{ "http://[::1]:8080", NULL },
		{ "http://[fe80::1]/a/b%20c", NULL },
		{ "http://my_host-1.lan:1/x~y.z", NULL },
		{ "http://h:65535", NULL },
		{ "ftp://h", "http://" },
		{ "boot.example", "http://" },
		{ "HTTP://h", "http://" },
		{ "http://", "no host" },
		{ "http:///x", "no host" },
		{ "http://:80", "no host" },
		{ "http://h/a?b", "'?'" },
		{ "http://h?b", "'?'" },
		{ "http://h/a#b", "'#'" },
		{ "http://h#", "'#'" },
		{ "http://h/a b", "whitespace" },
		{ "http://h/a\tb", "whitespace" },
		{ "http://h/a\nb", "whitespace" },
		{ "http://h/\x7f", "control" },
		{ "http://h/\xc3\xa9", "non-ASCII" },
		{ "http://h/${x}", "'$'" },
		{ "http://h/a;reboot", "';'" },
		{ "http://a;reboot", "';'" },
		{ "http://h/a'b", "'''" },
		{ "http://h/a\\", "'\\'" },
		{ "http://h/%4", "'%'" },
		{ "http://h/%zz", "'%'" },
		{ "http://user@h", "host" },
		{ "http://h..x", "host" },
		{ "http://.h", "host" },
		{ "http://h.", "host" },
		{ "http://[::1", "host" },
		{ "http://[zz::1]", "host" },
		{ "http://[::1]x", "after the host" },
		{ "http://h:", "port" },
		{ "http://h:0", "port" },
		{ "http://h:65536", "port" },
		{ "http://h:123456", "port" },
		{ "http://h:8x", "port" },
		{ "http://h/a[b]", "'['" },
	};
	char why[128];
	size_t i;
	bool ok;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		why[0] = '\0';
		ok = url_base_ok(cases[i].url, why, sizeof why);
		if (ok != (cases[i].why == NULL) || (!ok &&
		    strstr(why, cases[i].why) == NULL))
			fail_msg("case %zu: \"%s\": %s (%s)", i, cases[i].url,
			    ok ? "accepted" : "refused", why);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_long),
		cmocka_unit_test(test_text_changes),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_url_path),
		cmocka_unit_test(test_url_query),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_url_base),
		cmocka_unit_test(test_url_base_rule),
		cmocka_unit_test(test_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
