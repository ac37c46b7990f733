// SPDX-License-Identifier: MIT
/*
 * boot/version.c and boot/loaderconf.c: the version comparison of UAPI.10
 * (systemd strverscmp_improved: the ordered list below is the one its own
 * tests use), BLS entry order (UAPI.1 "Sorting"), default selection by
 * glob, loader.conf keys.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/boot.h>
#include "bls_tests.h"

/* Oldest to newest. */
static const char *const versions[] = {
	"",	 "~1",	    "ab",	  "abb",   "abc",     "0001",	 "002",	   "12",
	"122",	 "122.9",   "123~rc1",	  "123",   "123-a",   "123-a.1", "123-a1", "123-a1.1",
	"123-3", "123-3.1", "123^patch1", "123^1", "123.a-1", "123.1-1", "123a-1", "124",
};

void test_version_order_spec_examples(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
		assert_int_equal(boot_strverscmp(versions[i], versions[i]), 0);
		for (size_t j = i + 1; j < ARRAY_SIZE(versions); j++) {
			if (boot_strverscmp(versions[i], versions[j]) >= 0)
				fail_msg("'%s' should be older than '%s'", versions[i],
					 versions[j]);
		}
	}
	/* leading zeros and punctuation outside the version alphabet do not count */
	assert_int_equal(boot_strverscmp("1.002", "1.2"), 0);
	assert_int_equal(boot_strverscmp("_1.2", "1.2"), 0);
	assert_true(boot_strverscmp("6.1.0-18-amd64", "6.1.0-9-amd64") > 0);
	assert_true(boot_strverscmp("6.10", "6.9") > 0);
	assert_true(boot_strverscmp("1.0~rc1", "1.0") < 0);
	assert_true(boot_strverscmp("1.0~rc1", "1.0~rc2") < 0);
	assert_true(boot_strverscmp("1.0^git1", "1.0") > 0);
	assert_true(boot_strverscmp("1.0^git1", "1.0.1") < 0);
}

void test_version_order_is_antisymmetric(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(versions); i++)
		for (size_t j = 0; j < ARRAY_SIZE(versions); j++)
			assert_int_equal(boot_strverscmp(versions[i], versions[j]),
					 -boot_strverscmp(versions[j], versions[i]));
}

static void mk(struct boot_entry *e, const char *id, const char *sort_key, const char *mid,
	       const char *version)
{
	memset(e, 0, sizeof(*e));
	strcpy(e->id, id);
	strcpy(e->sort_key, sort_key);
	strcpy(e->machine_id, mid);
	strcpy(e->version, version);
}

void test_entries_sorted_as_the_spec_says(void **state)
{
	static struct boot_entry e[7];
	static const char *const want[] = { "d", "m1", "cx", "c", "b", "a-10", "a-5" };

	(void)state;
	/* Same set as systemd's test-bootspec, plus a machine-id tie-break (m1). */
	mk(&e[0], "a-10", "", "dd23", "10");
	mk(&e[1], "a-5", "", "dd23", "5");
	mk(&e[2], "b", "", "b754", "3");
	mk(&e[3], "c", "xxxx", "309d", "5");
	mk(&e[4], "cx", "xxxx", "309d", "10");
	mk(&e[5], "d", "kkkk", "81c6", "100");
	mk(&e[6], "m1", "xxxx", "0000", "1");
	boot_entries_sort(e, ARRAY_SIZE(e));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_string_equal(e[i].id, want[i]);
}

void test_default_index(void **state)
{
	static struct boot_entry e[4];

	(void)state;
	mk(&e[0], "debian-6.1.0-20", "", "", "");
	mk(&e[1], "debian-6.1.0-18", "", "", "");
	mk(&e[2], "demo", "", "", "");
	mk(&e[3], "rescue", "", "", "");
	e[0].status = BOOT_MISSING_FILE; /* only ready entries can be the default */
	assert_int_equal(boot_default_index(e, 4, "debian-*"), 1);
	assert_int_equal(boot_default_index(e, 4, "dem?"), 2);
	assert_int_equal(boot_default_index(e, 4, "nomatch"), 1); /* first ready */
	assert_int_equal(boot_default_index(e, 4, ""), 1);
	e[1].status = e[2].status = e[3].status = BOOT_BAD_IMAGE;
	assert_int_equal(boot_default_index(e, 4, "*"), -1);
}

void test_glob(void **state)
{
	(void)state;
	assert_true(boot_glob_match("*", ""));
	assert_true(boot_glob_match("*", "anything"));
	assert_true(boot_glob_match("deb*", "debian"));
	assert_false(boot_glob_match("deb*", "ubuntu"));
	assert_true(boot_glob_match("*-6.1*", "debian-6.1.0"));
	assert_true(boot_glob_match("a?c", "abc"));
	assert_false(boot_glob_match("a?c", "ac"));
	assert_true(boot_glob_match("v[0-9]", "v7"));
	assert_false(boot_glob_match("v[0-9]", "vx"));
	assert_true(boot_glob_match("v[!0-9]", "vx"));
	assert_true(boot_glob_match("[]x]", "]"));
	assert_true(boot_glob_match("a[b", "a[b")); /* unclosed: literal */
	assert_false(boot_glob_match("abc", "abcd"));
	assert_true(boot_glob_match("exact", "exact"));
	/* a hostile pattern ends (step bound) instead of taking forever */
	assert_false(
		boot_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b",
				"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

void test_loader_conf(void **state)
{
	static const char text[] = "# loader.conf\n"
				   "default  debian-*  \n"
				   "timeout 5\n"
				   "console-mode keep\n";
	struct loader_conf c;

	(void)state;
	assert_int_equal(loader_conf_parse(&c, text, sizeof(text) - 1), 0);
	assert_string_equal(c.default_pattern, "debian-*");
	assert_int_equal(c.timeout_s, 5);
	assert_false(c.menu_force);
	assert_int_equal(loader_conf_parse(&c, "", 0), 0);
	assert_int_equal(c.timeout_s, -1);
	assert_string_equal(c.default_pattern, "");
	assert_int_equal(loader_conf_parse(&c, "timeout 0", 9), 0);
	assert_int_equal(c.timeout_s, 0);
	assert_int_equal(loader_conf_parse(&c, "timeout menu-force\n", 19), 0);
	assert_true(c.menu_force);
}

void test_loader_conf_bad_lines(void **state)
{
	struct loader_conf c;
	unsigned before = bls_test_errors;

	(void)state;
	/* a bad line is reported, the good ones still apply */
	assert_int_equal(loader_conf_parse(&c, "timeout -3\ndefault x\n", 21), -EINVAL);
	assert_string_equal(c.default_pattern, "x");
	assert_int_equal(c.timeout_s, -1);
	assert_int_equal(loader_conf_parse(&c, "timeout 99999999999\n", 20), -EINVAL);
	assert_int_equal(loader_conf_parse(&c, "default\n", 8), -EINVAL);
	assert_int_equal(loader_conf_parse(&c, "timeout 1\0\n", 11), -EINVAL);
	assert_int_equal(bls_test_errors - before, 4);
}
