// SPDX-License-Identifier: MIT
/*
 * Inputs that once crashed or hung tests/fuzz/iso9660.c, replayed through
 * the same driver the harness uses (tests/fuzz/iso9660_drive.c).
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

/* Each file in tests/fuzz/regress/iso9660/ runs without a crash (ASan build too). */
void test_fuzz_regressions(void **state)
{
	DIR *d = opendir("tests/fuzz/regress/iso9660");
	struct dirent *de;
	unsigned n = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[1024];
		struct env_mem m;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "tests/fuzz/regress/iso9660/%s", de->d_name);
		assert_int_equal(env_mem_load(&m, path, 16u << 20), 0);
		iso_fuzz_drive(m.data, m.size);
		free(m.data);
		n++;
	}
	closedir(d);
	print_message("# %u fuzz regression inputs replayed\n", n);
}
