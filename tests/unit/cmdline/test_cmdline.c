// SPDX-License-Identifier: MIT
/*
 * core/cmdline.c against its contract in include/vmplat/platform.h:
 * blank-separated "key" / "key=value" words; cmdline_has matches whole keys;
 * cmdline_get copies a value with its NUL, -ENOENT when absent, -ENOSPC
 * (buffer untouched) when it does not fit. Quoted values per cmdline.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/platform.h>

static const char *const line =
	"selftest console=ttyS0,115200  log=debug quiet run=\"pci; iommu\" end";

static void test_has_whole_keys(void **state)
{
	(void)state;
	assert_true(cmdline_has(line, "selftest"));   /* first word */
	assert_true(cmdline_has(line, "console"));    /* key of key=value */
	assert_true(cmdline_has(line, "quiet"));      /* after two blanks and a value */
	assert_true(cmdline_has(line, "end"));	      /* last word */
	assert_false(cmdline_has(line, "self"));      /* prefix of a key */
	assert_false(cmdline_has(line, "selftests")); /* longer than a key */
	assert_false(cmdline_has(line, "debug"));     /* a value is not a key */
	assert_false(cmdline_has(line, "ttyS0"));
	assert_false(cmdline_has(line, "iommu")); /* inside a quoted value */
	assert_false(cmdline_has("", "selftest"));
	assert_false(cmdline_has("   ", "selftest"));
	assert_false(cmdline_has("xselftest", "selftest"));
}

static void test_get_value_bytes(void **state)
{
	char buf[32];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(cmdline_get(line, "console", buf, sizeof(buf)), 0);
	assert_memory_equal(buf, "ttyS0,115200\0", 13);
	assert_int_equal(cmdline_get(line, "log", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "debug");
	assert_int_equal(cmdline_get(line, "run", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "pci; iommu");
	assert_int_equal(cmdline_get("a=1 b=2 c=", "b", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "2");
	assert_int_equal(cmdline_get("a=1 b=2 c=", "c", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

static void test_get_absent_is_enoent(void **state)
{
	char buf[8] = "keep";

	(void)state;
	assert_int_equal(cmdline_get(line, "missing", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cmdline_get(line, "cons", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cmdline_get(line, "selftest", buf, sizeof(buf)), -ENOENT); /* no value */
	assert_int_equal(cmdline_get("", "a", buf, sizeof(buf)), -ENOENT);
	assert_string_equal(buf, "keep");
}

static void test_get_too_long_is_enospc(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	/* "debug" needs 6 bytes with its NUL */
	assert_int_equal(cmdline_get(line, "log", buf, 5), -ENOSPC);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 'X');
	assert_int_equal(cmdline_get(line, "log", buf, 6), 0);
	assert_memory_equal(buf, "debug\0XX", 8);
	assert_int_equal(cmdline_get(line, "console", buf, 0), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_has_whole_keys),
		cmocka_unit_test(test_get_value_bytes),
		cmocka_unit_test(test_get_absent_is_enoent),
		cmocka_unit_test(test_get_too_long_is_enospc),
	};
	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
