// SPDX-License-Identifier: MIT
/* Loading the build's compiled device trees for host tests (dtb_file.h). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dtb_file.h"

void *test_dtb_load(const char *dir, const char *name, size_t *len)
{
	char exe[PATH_MAX], path[PATH_MAX + 128];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	FILE *f;
	void *buf;
	long l;

	assert_true(n > 0);
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	assert_non_null(slash);
	*slash = '\0';
	snprintf(path, sizeof(path), "%s/../../%s/%s.dtb", exe, dir, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (compiled by the module's sources.mk)", path);
	fseek(f, 0, SEEK_END);
	l = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_true(l > 0);
	buf = malloc((size_t)l);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)l, f), (size_t)l);
	fclose(f);
	if (len)
		*len = (size_t)l;
	return buf;
}
