// SPDX-License-Identifier: MIT
/*
 * boot/load.c and boot/boot.c: files into pages of the 4 MiB pool, the
 * progress bar (bytes, percent) over 1 MiB, files larger than free memory
 * refused with both sizes before anything is allocated, initrds back to
 * back (UAPI.1), a boot handing the loader what the ISO holds.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/boot.h>
#include <vmplat/mm.h>
#include "bootmgr_env.h"
#include "bootmgr_tests.h"

void test_load_progress(void **state)
{
	struct boot_image img;
	uint64_t free_before, size = 3u << 20;
	const uint8_t *d;
	char line[128];

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	free_before = pmm_global.free_bytes;
	assert_int_equal(boot_load_file(boot_config.fs, "/k/big", 0, &img), 0);
	assert_int_equal(img.size, size);
	assert_int_equal(img.npages, size / PAGE_SIZE);
	assert_int_equal(img.paddr % PAGE_SIZE, 0);
	assert_int_equal(pmm_global.free_bytes, free_before - size);
	d = img.data;
	for (uint64_t i = 0; i < size; i++)
		if (d[i] != env_pattern(i))
			fail_msg("byte %llu is 0x%02x, want 0x%02x", (unsigned long long)i, d[i],
				 env_pattern(i));
	/* One bar per 1 MiB chunk: 33 %, 66 %, 100 %, bar filled in proportion. */
	for (unsigned part = 1; part <= 3; part++) {
		unsigned pct = part * 100 / 3;

		snprintf(line, sizeof(line), "%llu/%llu bytes %3u%%",
			 (unsigned long long)part << 20, (unsigned long long)size, pct);
		if (!env_out_has(line))
			fail_msg("no \"%s\" in:\n%s", line, env_output());
	}
	assert_true(env_out_has("\r  /k/big [##########......................]"));
	assert_true(env_out_has("[################################] 3145728/3145728 bytes 100%\n"));
	boot_image_free(&img);
	assert_null(img.data);
	assert_int_equal(pmm_global.free_bytes, free_before);
}

void test_load_small_no_bar(void **state)
{
	struct boot_image img;

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	assert_int_equal(boot_load_file(boot_config.fs, "/k/good", 2u << 20, &img), 0);
	assert_int_equal(img.size, 20000);
	assert_int_equal(img.paddr % (2u << 20), 0);
	assert_false(env_out_has("bytes"));
	assert_int_equal(((uint8_t *)img.data)[19999], env_pattern(19999));
	boot_image_free(&img);
}

void test_load_larger_than_free(void **state)
{
	struct boot_image img;
	uint64_t free_before;
	char msg[160];

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	free_before = pmm_global.free_bytes;
	assert_int_equal(boot_load_file(boot_config.fs, "/k/huge", 0, &img), -ENOMEM);
	snprintf(msg, sizeof(msg),
		 "boot: /k/huge is 5242880 bytes, more than the %llu bytes of free memory",
		 (unsigned long long)free_before);
	if (!env_out_has(msg))
		fail_msg("no \"%s\" in:\n%s", msg, env_output());
	assert_null(img.data);
	assert_int_equal(img.npages, 0);
	assert_int_equal(pmm_global.free_bytes, free_before);
	assert_false(env_out_has("bytes  0%")); /* refused before reading */
	/* A pool too fragmented for the pages: refused too, nothing kept. */
	pmm_global.free_bytes = 64u << 20;
	assert_int_equal(boot_load_file(boot_config.fs, "/k/huge", 0, &img), -ENOMEM);
	assert_true(env_out_has("boot: /k/huge: no 1280 contiguous free pages"));
	pmm_global.free_bytes = free_before;
}

void test_load_missing_and_dir(void **state)
{
	struct boot_image img;

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	assert_int_equal(boot_load_file(boot_config.fs, "/k/nothere", 0, &img), -ENOENT);
	assert_true(env_out_has("boot: /k/nothere: no such file"));
	assert_int_equal(boot_load_file(boot_config.fs, "/k/dir", 0, &img), -EISDIR);
	assert_true(env_out_has("boot: /k/dir: not a regular file"));
	assert_null(img.data);
}

void test_load_initrds_concat(void **state)
{
	static const char one[] = "first-initrd\n", two[] = "second-initrd\n";
	struct boot_image img;
	const char *d;

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	assert_int_equal(boot_load_initrds(env_entry("two"), &img), 0);
	assert_int_equal(img.size, 500 * (sizeof(one) - 1) + 300 * (sizeof(two) - 1));
	d = img.data;
	for (unsigned i = 0; i < 500; i++)
		assert_memory_equal(d + i * (sizeof(one) - 1), one, sizeof(one) - 1);
	d += 500 * (sizeof(one) - 1);
	for (unsigned i = 0; i < 300; i++)
		assert_memory_equal(d + i * (sizeof(two) - 1), two, sizeof(two) - 1);
	boot_image_free(&img);
	/* No initrd: an empty image, nothing allocated. */
	assert_int_equal(boot_load_initrds(env_entry("big"), &img), 0);
	assert_null(img.data);
	assert_int_equal(img.size, 0);
}

void test_boot_entry_loads(void **state)
{
	uint64_t free_before;

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	free_before = pmm_global.free_bytes;
	assert_int_equal(boot_entry_boot(env_entry("good"), NULL), -EIO);
	assert_int_equal(env_boot.calls, 1);
	assert_string_equal(env_boot.id, "good");
	assert_string_equal(env_boot.cmdline, "console=ttyS0 quiet");
	assert_int_equal(env_boot.kernel_size, 20000);
	assert_true(env_boot.kernel_ok);
	assert_int_equal(env_boot.initrd_size, 6000);
	assert_memory_equal(env_boot.initrd_head, "I0I0I0I0", 8);
	assert_true(env_out_has("boot: good (Good) from vblk0 with the linux loader"));
	assert_true(env_out_has("cmdline: \"console=ttyS0 quiet\""));
	/* The failed handoff: entry marked, everything freed. */
	assert_int_equal(env_entry("good")->status, BOOT_BAD_IMAGE);
	assert_true(strstr(env_entry("good")->reason, "loader linux failed (-5)") != NULL);
	assert_int_equal(pmm_global.free_bytes, free_before);
	/* Options given for this boot replace the entry's. */
	assert_int_equal(boot_entry_boot(env_entry("two"), "root=/dev/x"), -EIO);
	assert_string_equal(env_boot.cmdline, "root=/dev/x");
	assert_int_equal(env_boot.initrd_size, 500 * 13 + 300 * 14);
}

void test_boot_refuses_not_ready(void **state)
{
	static const char *const ids[] = { "nokernel", "noinitrd",  "badimg",
					   "arm",      "malformed", "elfbad" };
	char msg[64];

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_int_equal(boot_entry_boot(env_entry(ids[i]), NULL), -EINVAL);
		snprintf(msg, sizeof(msg), "boot: %s: not booting, ", ids[i]);
		assert_true(env_out_has(msg));
	}
	assert_int_equal(env_boot.calls, 0);
}

void test_boot_huge_initrd_marked_bad(void **state)
{
	(void)state;
	env_reset(NULL, 0);
	env_scan();
	assert_int_equal(boot_entry_boot(env_entry("hugeinitrd"), NULL), -EINVAL);
	assert_int_equal(env_boot.calls, 0);
	assert_true(env_out_has("boot: hugeinitrd: not booting, bad image: initrd 5242880 bytes, "
				"larger than free memory (4194304 bytes)"));
}
