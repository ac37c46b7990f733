// SPDX-License-Identifier: MIT
/*
 * arm64 Image header checks (booting.rst 4) on the first 64 bytes of
 * Debian's linux-image-6.1.0-56-arm64 vmlinuz (an EFI-stub Image: "MZ" in
 * code0, PE offset 0x40 in res5), and variants that must be refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/handoff.h>

#include "arm64_tests.h"

/* xxd of build/linux-cache/aarch64/vmlinuz, bytes 0x00-0x3f. */
static const uint8_t debian_hdr[64] = {
	0x4d, 0x5a, 0x40, 0xfa, 0x56, 0xa3, 0x59, 0x14, /* code0 "MZ" + b, code1 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* text_offset 0 */
	0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, /* image_size 0x2010000 */
	0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* flags: LE, 4K, anywhere */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* res2 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* res3 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* res4 */
	0x41, 0x52, 0x4d, 0x64, 0x40, 0x00, 0x00, 0x00, /* "ARM\x64", PE header at 0x40 */
};

#define ALL_GRAN (ARM64_GRAN_4K | ARM64_GRAN_16K | ARM64_GRAN_64K)

static uint8_t buf[4096];

static void fresh(void)
{
	memset(buf, 0, sizeof(buf));
	memcpy(buf, debian_hdr, sizeof(debian_hdr));
}

static void test_debian_header_parses(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	fresh();
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ARM64_GRAN_4K, &im, &why), 0);
	assert_int_equal(im.text_offset, 0);
	assert_int_equal(im.image_size, 0x2010000);
	assert_int_equal(im.page_kib, 4);
	assert_true(im.phys_anywhere);
	assert_false(im.legacy);
	assert_string_equal(arm64_image_sniff(buf, sizeof(buf)), "arm64 Image");
}

static void test_big_endian_is_refused(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	fresh();
	buf[0x18] |= 1; /* flags bit 0 */
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -ENOTSUP);
	assert_non_null(strstr(why, "big-endian"));
}

static void test_page_size_the_cpu_lacks_is_refused(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	fresh();
	buf[0x18] = 0x0e; /* bits 1-2 = 3: 64K */
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ARM64_GRAN_4K | ARM64_GRAN_16K, &im,
					   &why),
			 -ENOTSUP);
	assert_non_null(strstr(why, "TGran"));
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ARM64_GRAN_64K, &im, &why), 0);
	assert_int_equal(im.page_kib, 64);
	buf[0x18] = 0x0c; /* 16K */
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ARM64_GRAN_4K, &im, &why), -ENOTSUP);
	/* 4K Debian Image on a CPU without 4K granules (ID_AA64MMFR0 TGran4 = 0xf). */
	fresh();
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ARM64_GRAN_64K, &im, &why), -ENOTSUP);
}

static void test_bad_magic_is_refused(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	fresh();
	buf[0x3b] = 0x65;
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -ENOEXEC);
	assert_non_null(strstr(why, "magic"));
}

static void test_x86_bzimage_is_wrong_arch(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	memset(buf, 0, sizeof(buf));
	buf[0] = 'M';
	buf[1] = 'Z';
	buf[0x1fe] = 0x55;
	buf[0x1ff] = 0xaa;
	memcpy(buf + 0x202, "HdrS", 4);
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -ENOEXEC);
	assert_non_null(strstr(why, "wrong architecture"));
	assert_string_equal(arm64_image_sniff(buf, sizeof(buf)), "x86 bzImage");
}

static void test_elf_and_gzip_are_named(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "\177ELF\2\1\1", 7);
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -ENOEXEC);
	assert_non_null(strstr(why, "ELF"));
	memset(buf, 0, sizeof(buf));
	buf[0] = 0x1f;
	buf[1] = 0x8b;
	buf[2] = 8;
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -ENOEXEC);
	assert_non_null(strstr(why, "gzip"));
}

static void test_truncated_header_is_refused(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	fresh();
	assert_int_equal(arm64_image_parse(buf, 63, ALL_GRAN, &im, &why), -ENOEXEC);
	assert_int_equal(arm64_image_parse(NULL, 0, ALL_GRAN, &im, &why), -ENOEXEC);
}

static void test_image_size_below_file_is_refused(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	fresh();
	le64_put(buf + 0x10, 1024); /* file is 4096 bytes */
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -EINVAL);
	le64_put(buf + 0x10, 2 * ARM64_IMAGE_MAX_SIZE);
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -EINVAL);
}

static void test_text_offset_checked(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	fresh();
	le64_put(buf + 0x08, 0x80000);
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), 0);
	assert_int_equal(im.text_offset, 0x80000);
	le64_put(buf + 0x08, 0x80010); /* not page aligned */
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -EINVAL);
	le64_put(buf + 0x08, 2 * MiB);
	assert_int_equal(arm64_image_parse(buf, sizeof(buf), ALL_GRAN, &im, &why), -EINVAL);
}

/* booting.rst: image_size 0 means a pre-3.17 kernel: text_offset 0x80000. */
static void test_legacy_image_size_zero(void **state)
{
	struct arm64_image im;
	const char *why = NULL;

	(void)state;
	fresh();
	le64_put(buf + 0x08, 0x12345000); /* unknown endianness then: ignored */
	le64_put(buf + 0x10, 0);
	le64_put(buf + 0x18, 0xa); /* flags did not exist yet: ignored */
	assert_int_equal(arm64_image_parse(buf, 3000, ARM64_GRAN_4K, &im, &why), 0);
	assert_true(im.legacy);
	assert_int_equal(im.text_offset, ARM64_IMAGE_LEGACY_TEXT);
	assert_int_equal(im.image_size, 4096);
	assert_false(im.phys_anywhere);
}

static void test_reserve_places_2m_aligned(void **state)
{
	static struct pmm p;
	struct arm64_image im = { .text_offset = 0x80000, .image_size = 0x2010000 };
	paddr_t base, kernel;

	(void)state;
	pmm_init(&p);
	assert_int_equal(pmm_add(&p, 0x40000000, 512 * MiB), 0);
	assert_int_equal(pmm_reserve(&p, 0x40000000, 0x00345000), 0); /* DTB + vmplat */
	assert_int_equal(arm64_image_reserve(&p, &im, &base, &kernel), 0);
	assert_int_equal(base, 0x40400000); /* lowest free 2 MiB boundary */
	assert_int_equal(kernel, 0x40480000);
	/* The room is gone from the allocator: a second Image lands above it. */
	assert_int_equal(arm64_image_reserve(&p, &im, &base, &kernel), 0);
	assert_true(base >= 0x40400000 + 0x80000 + 0x2010000);
	assert_int_equal(base % (2 * MiB), 0);
}

static void test_reserve_fails_without_room(void **state)
{
	static struct pmm p;
	struct arm64_image im = { .text_offset = 0, .image_size = 64 * MiB };
	paddr_t base, kernel;

	(void)state;
	pmm_init(&p);
	assert_int_equal(pmm_add(&p, 0x40000000, 32 * MiB), 0);
	assert_int_equal(arm64_image_reserve(&p, &im, &base, &kernel), -ENOMEM);
	/* Beyond 48 bits with bit 3 set. */
	pmm_init(&p);
	assert_int_equal(pmm_add(&p, ARM64_PHYS_LIMIT - 32 * MiB, 128 * MiB), 0);
	im.image_size = 48 * MiB;
	assert_int_equal(arm64_image_reserve(&p, &im, &base, &kernel), -ERANGE);
	assert_int_equal(p.free_bytes, 128 * MiB); /* given back */
}

static void test_layout_rules(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(arm64_layout_check(0x40400000, 32 * MiB, 0x50000000, 4 * MiB, 0x48000000,
					    0x100000, &why),
			 0);
	assert_int_equal(arm64_layout_check(0x40400000, 32 * MiB, 0, 0, 0x48000004, 0x1000, &why),
			 -EINVAL); /* DTB not 8-byte aligned */
	assert_int_equal(arm64_layout_check(0x40400000, 32 * MiB, 0, 0, 0x48000000, 3 * MiB, &why),
			 -EINVAL); /* DTB over 2 MiB */
	assert_int_equal(arm64_layout_check(0x40400000, 32 * MiB, 0x40400000 + 40 * GiB, MiB,
					    0x48000000, 0x1000, &why),
			 -ERANGE); /* initrd outside the 32 GiB window */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_header_parses),
		cmocka_unit_test(test_big_endian_is_refused),
		cmocka_unit_test(test_page_size_the_cpu_lacks_is_refused),
		cmocka_unit_test(test_bad_magic_is_refused),
		cmocka_unit_test(test_x86_bzimage_is_wrong_arch),
		cmocka_unit_test(test_elf_and_gzip_are_named),
		cmocka_unit_test(test_truncated_header_is_refused),
		cmocka_unit_test(test_image_size_below_file_is_refused),
		cmocka_unit_test(test_text_offset_checked),
		cmocka_unit_test(test_legacy_image_size_zero),
		cmocka_unit_test(test_reserve_places_2m_aligned),
		cmocka_unit_test(test_reserve_fails_without_room),
		cmocka_unit_test(test_layout_rules),
		cmocka_unit_test(test_fdt_chosen_set),
		cmocka_unit_test(test_fdt_chosen_created_and_stale_removed),
		cmocka_unit_test(test_fdt_bad_blob_refused),
		cmocka_unit_test(test_fdt_backwards_property_length_refused),
		cmocka_unit_test(test_fdt_old_version_refused),
		cmocka_unit_test(test_fdt_too_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
