/* test_mac.c: mac_parse accepts the three MAC spellings and rejects everything else. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/mac.h"

static const struct {
	const char	*in;
	const char	*out;	/* NULL: must be rejected */
} mac_cases[] = {
	{ "aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff" },
	{ "AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff" },
	{ "52-54-00-12-34-56", "52:54:00:12:34:56" },
	{ "525400AbCdEf", "52:54:00:ab:cd:ef" },
	{ "00:00:00:00:00:00", "00:00:00:00:00:00" },
	{ "0123456789ab", "01:23:45:67:89:ab" },
	/* wrong length */
	{ "", NULL },
	{ "aa:bb:cc:dd:ee", NULL },
	{ "aa:bb:cc:dd:ee:ff:00", NULL },
	{ "aabbccddeef", NULL },
	{ "aabbccddeeff0", NULL },
	{ "a:bb:cc:dd:ee:ff", NULL },
	/* mixed or odd separators */
	{ "aa:bb-cc:dd:ee:ff", NULL },
	{ "aa-bb-cc-dd-ee:ff", NULL },
	{ "aa.bb.cc.dd.ee.ff", NULL },
	{ "aabb.ccdd.eeff", NULL },
	{ "aa::bb:cc:dd:eeff", NULL },
	/* not hex */
	{ "gg:bb:cc:dd:ee:ff", NULL },
	{ "aa:bb:cc:dd:ee:fg", NULL },
	{ "zzzzzzzzzzzz", NULL },
	{ "aa:bb:cc:dd:ee:f\xff", NULL },
	/* spaces */
	{ " aa:bb:cc:dd:ee:f", NULL },
	{ "aa:bb:cc:dd:ee:f ", NULL },
	{ "aa bb cc dd ee ff", NULL },
	{ "aabbccddee f", NULL },
	{ "aa:bb:cc:dd:ee:ff\n", NULL },
};

static void
test_mac_table(void **state)
{
	char out[MAC_STRLEN];
	size_t i;

	for (i = 0; i < sizeof mac_cases / sizeof mac_cases[0]; i++) {
		bool ok;

		memset(out, 'x', sizeof out);
		ok = mac_parse(mac_cases[i].in, out);
		if (mac_cases[i].out != NULL) {
			if (!ok)
				fail_msg("rejected '%s'", mac_cases[i].in);
			assert_string_equal(out, mac_cases[i].out);
		} else {
			if (ok)
				fail_msg("accepted '%s' as '%s'",
				    mac_cases[i].in, out);
			/* The contract: out is left empty on failure. */
			if (out[0] != '\0')
				fail_msg("'%s' left '%.17s' in out",
				    mac_cases[i].in, out);
		}
	}
}

/* Addresses no one machine has: refused for hosts, never a client. */
static void
test_mac_problem(void **state)
{
	static const struct {
		const char	*mac;
		const char	*why;	/* NULL: fine */
	} cases[] = {
		{ "52:54:00:12:34:56", NULL },
		{ "aa:bb:cc:dd:ee:ff", NULL },
		{ "02:00:00:00:00:01", NULL },	/* locally administered: fine */
		{ "fe:ff:ff:ff:ff:ff", NULL },
		{ "ff:ff:ff:ff:ff:ff", "broadcast" },
		{ "00:00:00:00:00:00", "all zeros" },
		{ "01:00:5e:00:00:fb", "multicast" },
		{ "33:33:00:00:00:01", "multicast" },
		{ "ff:ff:ff:ff:ff:fe", "multicast" },
	};
	const char *why;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		why = mac_problem(cases[i].mac);
		if (cases[i].why == NULL && why != NULL)
			fail_msg("%s refused: %s", cases[i].mac, why);
		if (cases[i].why != NULL && (why == NULL ||
		    strstr(why, cases[i].why) == NULL))
			fail_msg("%s: '%s', wanted '%s'", cases[i].mac,
			    why ? why : "(fine)", cases[i].why);
	}
}

static void
test_mac_null(void **state)
{
	char out[MAC_STRLEN] = "junk";

	assert_false(mac_parse(NULL, out));
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_table),
		cmocka_unit_test(test_mac_null),
		cmocka_unit_test(test_mac_problem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
