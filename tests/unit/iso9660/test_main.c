// SPDX-License-Identifier: MIT
/*
 * iso9660 host tests: images generated into build/iso-test by mkimages.sh
 * (sources.mk rule), libiso9660 as the oracle. Tests whose image a missing
 * tool could not make (genisoimage; big.iso with ISO_TEST_BIG=0) are left
 * out of the plan with a note, not counted as passed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "iso_env.h"
#include "iso_tests.h"

#define ISO_TEST_ENTRY(t) cmocka_unit_test(t),

static const struct {
	const char *test, *image;
} needs[] = {
	{ "test_genisoimage_images_match_oracle", "geniso-rrj.iso" },
	{ "test_genisoimage_broken_symlink_is_refused", "geniso-links.iso" },
	{ "test_multi_extent_file_above_4g", "big.iso" },
};

static bool runnable(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++) {
		if (!strcmp(name, needs[i].test) && access(env_image(needs[i].image), R_OK)) {
			printf("# %s left out: %s was not made (genisoimage missing or "
			       "ISO_TEST_BIG=0)\n",
			       name, needs[i].image);
			return false;
		}
	}
	return true;
}

int main(void)
{
	static const struct CMUnitTest all[] = { ISO_TESTS(ISO_TEST_ENTRY) };
	struct CMUnitTest tests[ARRAY_SIZE(all)];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (runnable(all[i].name))
			tests[n++] = all[i];
	return _cmocka_run_group_tests("iso9660", tests, n, NULL, NULL);
}
