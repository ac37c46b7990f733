// SPDX-License-Identifier: MIT
/*
 * The bls fuzz harness's seed corpus (tests/fuzz/corpus/bls/) replayed
 * through the parser: good-*.conf must parse, bad-*.conf must be refused,
 * anything else must just survive.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/boot.h>
#include "bls_tests.h"

static size_t slurp(const char *path, char *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

void test_seed_corpus_replays(void **state)
{
	const char *dir = "tests/fuzz/corpus/bls";
	static struct boot_entry e;
	static char buf[BOOT_CONF_MAX + 1];
	struct loader_conf c;
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned good = 0, bad = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[512];
		size_t n;
		int rc;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		n = slurp(path, buf, sizeof(buf));
		rc = bls_parse_entry(&e, de->d_name, buf, n);
		loader_conf_parse(&c, buf, n);
		if (!strncmp(de->d_name, "good-", 5)) {
			if (rc)
				fail_msg("%s: %s", path, e.reason);
			good++;
		} else if (!strncmp(de->d_name, "bad-", 4)) {
			assert_int_equal(rc, -EINVAL);
			assert_int_equal(e.status, BOOT_BAD_ENTRY);
			bad++;
		}
	}
	closedir(d);
	assert_true(good >= 2 && bad >= 2);
}
