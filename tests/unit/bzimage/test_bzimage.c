// SPDX-License-Identifier: MIT
/*
 * bzImage setup header checks (boot/linux_x86_64_hdr.c) against the rules of
 * Documentation/arch/x86/boot.rst, on images built in the test: a valid
 * 2.15 header, then one broken field at a time. When scripts/fetch-kernels.sh
 * has fetched Debian's kernel, its real header is checked too.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../boot/linux_x86_64.h"
#include "tests.h"

#define SETUP_SECTS 27
#define KERNEL_LEN  (64 * 1024)
#define IMG_LEN	    ((SETUP_SECTS + 1) * 512 + KERNEL_LEN)

static uint8_t img[IMG_LEN];
static char why[160];
static struct bzimage_info bi;

static void put16(size_t off, uint16_t v)
{
	img[off] = (uint8_t)v;
	img[off + 1] = (uint8_t)(v >> 8);
}

static void put32(size_t off, uint32_t v)
{
	put16(off, (uint16_t)v);
	put16(off + 2, (uint16_t)(v >> 16));
}

static void put64(size_t off, uint64_t v)
{
	put32(off, (uint32_t)v);
	put32(off + 4, (uint32_t)(v >> 32));
}

/* What a 6.1 x86_64 kernel's header says (arch/x86/boot/header.S), smaller. */
static int build(void **state)
{
	(void)state;
	memset(img, 0xcc, sizeof(img));
	img[BZ_SETUP_SECTS] = SETUP_SECTS;
	put32(BZ_SYSSIZE, KERNEL_LEN / 16);
	put16(BZ_BOOT_FLAG, 0xaa55);
	img[BZ_JUMP] = 0xeb;
	img[BZ_JUMP + 1] = 0x6a; /* header ends at 0x26c (2.15: kernel_info_offset) */
	memcpy(img + BZ_HEADER, "HdrS", 4);
	put16(BZ_VERSION, 0x020f);
	img[BZ_TYPE_OF_LOADER] = 0;
	img[BZ_LOADFLAGS] = BZ_LOADED_HIGH;
	put32(BZ_RAMDISK_IMAGE, 0);
	put32(BZ_RAMDISK_SIZE, 0);
	put32(BZ_CMD_LINE_PTR, 0);
	put32(BZ_INITRD_ADDR_MAX, 0x7fffffff);
	put32(BZ_KERNEL_ALIGNMENT, 0x200000);
	img[BZ_RELOCATABLE] = 1;
	put16(BZ_XLOADFLAGS, XLF_KERNEL_64 | XLF_CAN_BE_ABOVE_4G);
	put32(BZ_CMDLINE_SIZE, 2047);
	put64(BZ_PREF_ADDRESS, 0x1000000);
	put32(BZ_INIT_SIZE, 0x300000);
	return 0;
}

static int check(size_t head, uint64_t size)
{
	return bzimage_check(img, head, size, &bi, why, sizeof(why));
}

static void test_valid_header_fields(void **state)
{
	(void)state;
	assert_int_equal(check(IMG_LEN, IMG_LEN), 0);
	assert_string_equal(why, "");
	assert_int_equal(bi.version, 0x020f);
	assert_int_equal(bi.setup_sects, SETUP_SECTS);
	assert_int_equal(bi.setup_size, (SETUP_SECTS + 1) * 512);
	assert_int_equal(bi.kernel_size, KERNEL_LEN);
	assert_int_equal(bi.hdr_end, 0x26c);
	assert_true(bi.relocatable);
	assert_int_equal(bi.kernel_alignment, 0x200000);
	assert_int_equal(bi.pref_address, 0x1000000);
	assert_int_equal(bi.init_size, 0x300000);
	assert_int_equal(bi.cmdline_size, 2047);
	assert_int_equal(bi.initrd_addr_max, 0x7fffffff);
	assert_int_equal(bi.xloadflags, XLF_KERNEL_64 | XLF_CAN_BE_ABOVE_4G);
}

/* The loader's first look sees only the head: lengths are judged on file_size. */
static void test_head_only_with_file_size(void **state)
{
	(void)state;
	assert_int_equal(check(4096, IMG_LEN), 0);
	assert_int_equal(bi.kernel_size, KERNEL_LEN);
}

static void test_setup_sects_zero_means_four(void **state)
{
	(void)state;
	img[BZ_SETUP_SECTS] = 0;
	assert_int_equal(check(IMG_LEN, IMG_LEN), 0);
	assert_int_equal(bi.setup_sects, 4);
	assert_int_equal(bi.setup_size, 5 * 512);
	assert_int_equal(bi.kernel_size, IMG_LEN - 5 * 512);
}

static void test_bad_boot_flag(void **state)
{
	(void)state;
	put16(BZ_BOOT_FLAG, 0x55aa);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
	assert_non_null(strstr(why, "boot flag"));
}

static void test_no_hdrs_magic(void **state)
{
	(void)state;
	memcpy(img + BZ_HEADER, "HdrZ", 4);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
	assert_non_null(strstr(why, "HdrS"));
}

/* 64-bit entry and xloadflags came with protocol 2.12. */
static void test_protocol_older_than_2_12(void **state)
{
	(void)state;
	put16(BZ_VERSION, 0x020b);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOTSUP);
	assert_non_null(strstr(why, "2.11"));
}

static void test_no_64bit_entry(void **state)
{
	(void)state;
	put16(BZ_XLOADFLAGS, XLF_CAN_BE_ABOVE_4G);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOTSUP);
	assert_non_null(strstr(why, "64-bit"));
}

static void test_zimage_refused(void **state)
{
	(void)state;
	img[BZ_LOADFLAGS] = 0;
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOTSUP);
}

static void test_truncated_in_setup(void **state)
{
	(void)state;
	assert_int_equal(check(IMG_LEN, (SETUP_SECTS + 1) * 512), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	assert_int_equal(check(0x200, 0x200), -ENOEXEC); /* header cut off */
	assert_int_equal(check(0x250, 0x250), -ENOEXEC); /* header end past the file */
}

/* syssize (16-byte paragraphs) larger than what follows the setup sectors. */
static void test_truncated_kernel(void **state)
{
	(void)state;
	assert_int_equal(check(IMG_LEN, IMG_LEN - 4096), -ENOEXEC);
	assert_non_null(strstr(why, "syssize"));
	put32(BZ_SYSSIZE, 0);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
}

static void test_too_many_setup_sects(void **state)
{
	(void)state;
	img[BZ_SETUP_SECTS] = BZ_MAX_SETUP_SECTS + 1;
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
}

static void test_init_size_smaller_than_kernel(void **state)
{
	(void)state;
	put32(BZ_INIT_SIZE, KERNEL_LEN - 16);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
	assert_non_null(strstr(why, "init_size"));
}

static void test_alignment_not_power_of_two(void **state)
{
	(void)state;
	put32(BZ_KERNEL_ALIGNMENT, 0x300000);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
	put32(BZ_KERNEL_ALIGNMENT, 0x200);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
}

static void test_header_end_out_of_range(void **state)
{
	(void)state;
	img[BZ_JUMP + 1] = 0xff; /* 0x301: past 0x290 where edd_mbr_sig_buffer starts */
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
	img[BZ_JUMP + 1] = 0x40; /* 0x242: too short for init_size */
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
}

static void test_zero_cmdline_size(void **state)
{
	(void)state;
	put32(BZ_CMDLINE_SIZE, 0);
	assert_int_equal(check(IMG_LEN, IMG_LEN), -ENOEXEC);
}

/* Debian's own kernel, fetched by the build (sources.mk: scripts/fetch-kernels.sh). */
static void test_debian_kernel_accepted(void **state)
{
	const char *path = "build/linux-cache/x86_64/vmlinuz";
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long size;

	(void)state;
	if (!f)
		fail_msg("%s missing: scripts/fetch-kernels.sh could not fetch Debian's kernel",
			 path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	assert_int_equal(bzimage_check(buf, (size_t)size, (uint64_t)size, &bi, why, sizeof(why)),
			 0);
	assert_true(bi.version >= 0x020c);
	assert_true(bi.xloadflags & XLF_KERNEL_64);
	assert_true(bi.init_size >= bi.kernel_size);
	/* Cut anywhere inside the kernel: refused. */
	assert_int_equal(bzimage_check(buf, 65536, (uint64_t)size / 2, &bi, why, sizeof(why)),
			 -ENOEXEC);
	free(buf);
}

#define T(fn) cmocka_unit_test_setup(fn, build)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid_header_fields),
		T(test_head_only_with_file_size),
		T(test_setup_sects_zero_means_four),
		T(test_bad_boot_flag),
		T(test_no_hdrs_magic),
		T(test_protocol_older_than_2_12),
		T(test_no_64bit_entry),
		T(test_zimage_refused),
		T(test_truncated_in_setup),
		T(test_truncated_kernel),
		T(test_too_many_setup_sects),
		T(test_init_size_smaller_than_kernel),
		T(test_alignment_not_power_of_two),
		T(test_header_end_out_of_range),
		T(test_zero_cmdline_size),
		T(test_debian_kernel_accepted),
	};

	struct CMUnitTest all[ARRAY_SIZE(tests) + 16];

	assert_true(zeropage_ntests <= 16);
	memcpy(all, tests, sizeof(tests));
	memcpy(all + ARRAY_SIZE(tests), zeropage_tests, zeropage_ntests * sizeof(all[0]));
	return _cmocka_run_group_tests("bzimage", all, ARRAY_SIZE(tests) + zeropage_ntests, NULL,
				       NULL);
}
