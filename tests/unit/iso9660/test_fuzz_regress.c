// SPDX-License-Identifier: MIT
/*
 * The fuzz harness's seed corpus (tests/fuzz/corpus/iso9660/, each must
 * mount) and any input that once crashed or hung it
 * (tests/fuzz/regress/iso9660/, each must just survive), replayed through
 * the driver the harness uses (tests/fuzz/iso9660_drive.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "iso_env.h"
#include "iso_tests.h"
#include "../../fuzz/iso9660_drive.h"

static unsigned replay(const char *dir, bool must_mount)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[1024];
		struct env_mem m;
		int ret;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(env_mem_load(&m, path, 16u << 20), 0);
		ret = iso_fuzz_drive(m.data, m.size);
		if (must_mount && ret)
			fail_msg("seed %s does not mount: %d", path, ret);
		free(m.data);
		n++;
	}
	closedir(d);
	return n;
}

void test_fuzz_regressions(void **state)
{
	unsigned seeds, regress;

	(void)state;
	seeds = replay("tests/fuzz/corpus/iso9660", true);
	regress = replay("tests/fuzz/regress/iso9660", false);
	assert_true(seeds >= 4);
	print_message("# %u seeds, %u regression inputs replayed\n", seeds, regress);
}
