// SPDX-License-Identifier: MIT
/*
 * boot/entries.c: the scan of /loader/entries on the test ISO, every status
 * with its reason (UAPI.1 type #1 entries; vmplat checks in docs/boot.md),
 * menu numbering without the other-arch entry, loader.conf.
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

static void expect(const char *id, enum boot_status s, const char *reason_part)
{
	struct boot_entry *e = env_entry(id);

	if (e->status != s || !strstr(e->reason, reason_part))
		fail_msg("%s: status %s reason \"%s\", want %s with \"%s\"", id,
			 boot_status_name(e->status), e->reason, boot_status_name(s), reason_part);
}

void test_scan_statuses(void **state)
{
	(void)state;
	env_reset(NULL, 0);
	env_scan();
	assert_int_equal(boot_config.n, 11); /* readme.txt is not a .conf */
	assert_string_equal(boot_config.source, "vblk0");
	expect("good", BOOT_READY, "");
	expect("big", BOOT_READY, "");
	expect("two", BOOT_READY, "");
	expect("arm", BOOT_WRONG_ARCH, "architecture aa64, this machine is x64");
	expect("nokernel", BOOT_MISSING_FILE, "kernel /k/missing: no such file");
	expect("noinitrd", BOOT_MISSING_FILE, "initrd /k/nothere: no such file");
	expect("dirkernel", BOOT_MISSING_FILE, "kernel /k/dir: no such file");
	expect("badimg", BOOT_BAD_IMAGE, "/k/junk: no VMPLATK magic");
	expect("elfbad", BOOT_BAD_IMAGE, "/k/good: not an ELF file");
	expect("malformed", BOOT_BAD_ENTRY, "/loader/entries/malformed.conf:2");
	/* 5 MiB initrd, 4 MiB pool: both sizes in the reason. */
	expect("hugeinitrd", BOOT_BAD_IMAGE, "initrd 5242880 bytes, larger than free memory");
	assert_true(strstr(env_entry("hugeinitrd")->reason, "4194304 bytes") != NULL);
	/* The options lines joined with one space. */
	assert_string_equal(env_entry("good")->options, "console=ttyS0 quiet");
}

/* Menu numbers skip the other-arch entry; ids work whatever the status. */
void test_scan_lookup(void **state)
{
	unsigned shown = 0;
	char num[8];

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	for (unsigned i = 0; i < boot_config.n; i++) {
		struct boot_entry *e = &boot_config.entries[i];

		if (e->status == BOOT_WRONG_ARCH)
			continue;
		snprintf(num, sizeof(num), "%u", ++shown);
		assert_ptr_equal(boot_entry_lookup(num), e);
	}
	assert_int_equal(shown, boot_config.n - 1);
	snprintf(num, sizeof(num), "%u", shown + 1);
	assert_null(boot_entry_lookup(num));
	assert_null(boot_entry_lookup("0"));
	assert_null(boot_entry_lookup("2x"));
	assert_ptr_equal(boot_entry_lookup("arm"), env_entry("arm"));
	assert_null(boot_entry_lookup("nosuch"));
	/* sort-key order: good (a), big (b), arm (c, hidden), nokernel (d) */
	assert_ptr_equal(boot_entry_lookup("1"), env_entry("good"));
	assert_ptr_equal(boot_entry_lookup("2"), env_entry("big"));
	assert_ptr_equal(boot_entry_lookup("3"), env_entry("nokernel"));
}

void test_scan_conf(void **state)
{
	(void)state;
	env_reset(NULL, 0);
	env_scan();
	assert_string_equal(boot_config.conf.default_pattern, "good*");
	assert_int_equal(boot_config.conf.timeout_s, 5);
	assert_false(boot_config.conf.menu_force);
	assert_int_equal(boot_default_index(boot_config.entries, boot_config.n,
					    boot_config.conf.default_pattern),
			 (int)(env_entry("good") - boot_config.entries));
}

/* boot_entry_check recomputes: the huge initrd fits once memory is there. */
void test_check_again(void **state)
{
	struct boot_entry *e;
	uint64_t free_bytes;

	(void)state;
	env_reset(NULL, 0);
	env_scan();
	e = env_entry("hugeinitrd");
	free_bytes = pmm_global.free_bytes;
	pmm_global.free_bytes = 64u << 20; /* as if the machine had more */
	assert_int_equal(boot_entry_check(e), 0);
	assert_int_equal(e->status, BOOT_READY);
	assert_string_equal(e->reason, "");
	pmm_global.free_bytes = free_bytes;
	assert_int_equal(boot_entry_check(e), -EINVAL);
	assert_int_equal(e->status, BOOT_BAD_IMAGE);
	/* bad entry and wrong arch stay what they are */
	assert_int_equal(boot_entry_check(env_entry("arm")), -EINVAL);
	assert_int_equal(env_entry("arm")->status, BOOT_WRONG_ARCH);
	assert_int_equal(boot_entry_check(env_entry("malformed")), -EINVAL);
	assert_int_equal(env_entry("malformed")->status, BOOT_BAD_ENTRY);
}
