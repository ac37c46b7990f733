// SPDX-License-Identifier: MIT
/*
 * The zero page, its e820 table from a UEFI memory map, and the EFI helpers
 * (boot/linux_x86_64_params.c), checked byte by byte at the offsets of
 * Documentation/arch/x86/zero-page.rst and boot.rst.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../boot/linux_x86_64.h"
#include "tests.h"

#define DESC 48 /* OVMF's descriptor size: 40 bytes + 8 of padding */

static uint8_t map[64 * DESC];
static unsigned nmap;

static void md(uint32_t type, uint64_t base, uint64_t pages)
{
	uint8_t *d = map + nmap++ * DESC;

	memset(d, 0, DESC);
	le32_put(d + EFI_MD_TYPE, type);
	le64_put(d + EFI_MD_PHYS, base);
	le64_put(d + EFI_MD_PAGES, pages);
	le64_put(d + EFI_MD_ATTR, type == 5 || type == 6 ? EFI_MEM_RUNTIME | 0xf : 0xf);
	memset(d + 40, 0xa5, DESC - 40); /* padding a parser must step over */
}

/* An OVMF-like map: low RAM, loader/boot-services pieces, ACPI, runtime, MMIO. */
static int ovmf_map(void **state)
{
	(void)state;
	nmap = 0;
	memset(map, 0, sizeof(map));
	md(7, 0x0, 0xa0);		/* conventional 0-640K */
	md(7, 0x100000, 0x700);		/* conventional 1M-8M */
	md(10, 0x800000, 0x8);		/* ACPI NVS */
	md(7, 0x808000, 0x8);		/* conventional */
	md(4, 0x810000, 0xf0);		/* boot services data -> RAM */
	md(2, 0x900000, 0x100);		/* loader data -> RAM */
	md(1, 0xa00000, 0x100);		/* loader code -> RAM */
	md(9, 0xb00000, 0x10);		/* ACPI reclaim */
	md(6, 0xb10000, 0x20);		/* runtime data -> reserved */
	md(5, 0xb30000, 0x10);		/* runtime code -> reserved */
	md(0, 0xb40000, 0x4);		/* reserved */
	md(11, 0xb0000000, 0x10000);	/* MMIO (ECAM): not in e820 */
	md(11, 0xffc00000, 0x400);	/* MMIO (flash) */
	md(14, 0x100000000ULL, 0x1000); /* persistent -> PMEM */
	return 0;
}

static void test_e820_types_from_efi(void **state)
{
	(void)state;
	assert_int_equal(e820_type_from_efi(7), E820_RAM);
	assert_int_equal(e820_type_from_efi(3), E820_RAM);
	assert_int_equal(e820_type_from_efi(2), E820_RAM);
	assert_int_equal(e820_type_from_efi(9), E820_ACPI);
	assert_int_equal(e820_type_from_efi(10), E820_NVS);
	assert_int_equal(e820_type_from_efi(8), E820_UNUSABLE);
	assert_int_equal(e820_type_from_efi(14), E820_PMEM);
	assert_int_equal(e820_type_from_efi(5), E820_RESERVED);
	assert_int_equal(e820_type_from_efi(6), E820_RESERVED);
	assert_int_equal(e820_type_from_efi(0), E820_RESERVED);
	assert_int_equal(e820_type_from_efi(15), E820_RESERVED);
	assert_int_equal(e820_type_from_efi(0x80000000u), E820_RESERVED);
}

static void test_e820_from_map_merges_and_skips_mmio(void **state)
{
	static struct e820_table t;
	static const struct e820_ent want[] = {
		{ 0x0, 0xa0000, E820_RAM },
		{ 0x100000, 0x700000, E820_RAM },
		{ 0x800000, 0x8000, E820_NVS },
		{ 0x808000, 0x2f8000, E820_RAM }, /* conventional+BS+loader merged */
		{ 0xb00000, 0x10000, E820_ACPI },
		{ 0xb10000, 0x34000, E820_RESERVED }, /* runtime data+code+reserved */
		{ 0x100000000ULL, 0x1000000, E820_PMEM },
	};

	(void)state;
	assert_int_equal(e820_from_efi_map(&t, map, nmap * DESC, DESC), 0);
	assert_int_equal(t.n, ARRAY_SIZE(want));
	for (unsigned i = 0; i < t.n; i++) {
		assert_int_equal(t.ent[i].addr, want[i].addr);
		assert_int_equal(t.ent[i].size, want[i].size);
		assert_int_equal(t.ent[i].type, want[i].type);
	}
}

static void test_e820_add_sorts_and_refuses_overlap(void **state)
{
	static struct e820_table t;

	(void)state;
	t.n = 0;
	assert_int_equal(e820_add(&t, 0x200000, 0x100000, E820_RAM), 0);
	assert_int_equal(e820_add(&t, 0x0, 0x100000, E820_RAM), 0);
	assert_int_equal(e820_add(&t, 0x100000, 0x100000, E820_RAM), 0); /* bridges both */
	assert_int_equal(t.n, 1);
	assert_int_equal(t.ent[0].size, 0x300000);
	assert_int_equal(e820_add(&t, 0x2ff000, 0x2000, E820_RESERVED), -EINVAL);
	assert_int_equal(e820_add(&t, 0x300000, 0, E820_RAM), -EINVAL);
	assert_int_equal(e820_add(&t, ~0ULL - 10, 0x100, E820_RAM), -EINVAL);
	t.n = 0;
	for (unsigned i = 0; i < E820_MAX_ZEROPAGE; i++)
		assert_int_equal(e820_add(&t, i * 0x2000ULL, 0x1000, E820_RAM), 0);
	assert_int_equal(e820_add(&t, 0x1000000, 0x1000, E820_RAM), -ENOSPC);
}

static void test_efi_map_bad_desc_size(void **state)
{
	static struct e820_table t;
	uint64_t ram;

	(void)state;
	assert_int_equal(e820_from_efi_map(&t, map, nmap * DESC, 36), -EINVAL);
	assert_int_equal(e820_from_efi_map(&t, map, nmap * DESC, 44), -EINVAL);
	/* With the wrong stride the second "descriptor" is padding: the run stops early. */
	assert_true(efi_map_valid_len(map, sizeof(map), 40, &ram) < nmap * DESC);
}

/* A stale tail from an older, longer map overlaps the live one: it is not counted. */
static void test_efi_map_valid_len_stops_at_stale_tail(void **state)
{
	uint64_t ram, want = (0xa0 + 0x700 + 0x8 + 0x8 + 0xf0 + 0x100 + 0x100 + 0x10 + 0x20 + 0x10 +
			      0x1000) *
			     4096ULL;
	unsigned live = nmap;

	(void)state;
	assert_int_equal(efi_map_valid_len(map, sizeof(map), DESC, &ram), live * DESC);
	assert_int_equal(ram, want);
	md(7, 0x100000, 0x10); /* stale: inside the second descriptor */
	md(7, 0x200000000ULL, 0x10);
	assert_int_equal(efi_map_valid_len(map, sizeof(map), DESC, &ram), live * DESC);
	assert_int_equal(ram, want);
}

static void test_crc32_check_value(void **state)
{
	(void)state;
	assert_int_equal(efi_crc32((const uint8_t *)"123456789", 9), 0xcbf43926u);
}

static void test_systab_found_by_signature_and_crc(void **state)
{
	static uint8_t mem[8192];
	uint8_t *t = mem + 0x418;

	(void)state;
	memset(mem, 0x5a, sizeof(mem));
	le64_put(mem + 0x100, EFI_SYSTAB_SIGNATURE); /* a decoy with garbage header */
	memset(t, 0, 120);
	le64_put(t, EFI_SYSTAB_SIGNATURE);
	le32_put(t + 8, 0x00020046);
	le32_put(t + 12, 120);
	le64_put(t + 88, 0x7f000000);
	le32_put(t + 16, efi_crc32(t, 120));
	assert_int_equal(efi_systab_find(mem, sizeof(mem)), 0x418);
	t[100] ^= 1; /* any byte of the table breaks the CRC */
	assert_int_equal(efi_systab_find(mem, sizeof(mem)), -1);
	t[100] ^= 1;
	assert_int_equal(efi_systab_find(mem, 0x418 + 100), -1); /* header past the end */
}

/* ---- the zero page ---- */

static uint8_t img[8192];
static uint8_t zp[BP_SIZE];
static struct bzimage_info bi;
static char why[160];

static void image(void)
{
	for (unsigned i = 0; i < sizeof(img); i++)
		img[i] = (uint8_t)(i * 7 + 3);
	img[BZ_SETUP_SECTS] = 4;
	le32_put(img + BZ_SYSSIZE, 0x100);
	img[BZ_BOOT_FLAG] = 0x55;
	img[BZ_BOOT_FLAG + 1] = 0xaa;
	img[BZ_JUMP + 1] = 0x6a;
	memcpy(img + BZ_HEADER, "HdrS", 4);
	img[BZ_VERSION] = 0x0f;
	img[BZ_VERSION + 1] = 0x02;
	img[BZ_LOADFLAGS] = BZ_LOADED_HIGH | BZ_CAN_USE_HEAP;
	le32_put(img + BZ_INITRD_ADDR_MAX, 0x7fffffff);
	le32_put(img + BZ_KERNEL_ALIGNMENT, 0x200000);
	img[BZ_XLOADFLAGS] = XLF_KERNEL_64;
	img[BZ_XLOADFLAGS + 1] = 0;
	le32_put(img + BZ_CMDLINE_SIZE, 255);
	le64_put(img + BZ_PREF_ADDRESS, 0x1000000);
	le32_put(img + BZ_INIT_SIZE, 0x10000);
	assert_int_equal(bzimage_check(img, sizeof(img), sizeof(img), &bi, why, sizeof(why)), 0);
}

static void test_zero_page_fields(void **state)
{
	static struct e820_table t;
	struct bp_efi efi = { .systab = 0x1234567000ULL,
			      .memmap = 0xabcdef000ULL,
			      .memmap_size = 14 * DESC,
			      .desc_size = DESC,
			      .desc_version = 1 };
	struct bp_args a = { .cmdline = 0x123000,
			     .cmdline_len = 10,
			     .initrd = 0x2345000,
			     .initrd_size = 0x456789,
			     .acpi_rsdp = 0x7fbfe014,
			     .efi = &efi,
			     .e820 = &t };

	(void)state;
	image();
	assert_int_equal(e820_from_efi_map(&t, map, nmap * DESC, DESC), 0);
	memset(zp, 0xee, sizeof(zp));
	assert_int_equal(bzimage_boot_params(zp, img, &bi, &a, why, sizeof(why)), 0);
	/* The setup header copied from 0x1f1 to its end; the loader's fields set after. */
	assert_memory_equal(zp + 0x1f1, img + 0x1f1, BZ_TYPE_OF_LOADER - 0x1f1);
	assert_memory_equal(zp + BZ_HEAP_END_PTR, img + BZ_HEAP_END_PTR,
			    BZ_CMD_LINE_PTR - BZ_HEAP_END_PTR);
	assert_memory_equal(zp + BZ_INITRD_ADDR_MAX, img + BZ_INITRD_ADDR_MAX, 0x26c - 0x22c);
	assert_int_equal(zp[0x26c], 0); /* past the header: zero */
	assert_int_equal(zp[BZ_TYPE_OF_LOADER], 0xff);
	assert_int_equal(zp[BZ_LOADFLAGS], BZ_LOADED_HIGH); /* no heap: no real-mode code */
	assert_int_equal(le32_get(zp + BZ_CMD_LINE_PTR), 0x123000);
	assert_int_equal(le32_get(zp + BP_EXT_CMD_LINE), 0);
	assert_int_equal(le32_get(zp + BZ_RAMDISK_IMAGE), 0x2345000);
	assert_int_equal(le32_get(zp + BZ_RAMDISK_SIZE), 0x456789);
	assert_int_equal(le64_get(zp + BP_ACPI_RSDP), 0x7fbfe014);
	assert_memory_equal(zp + 0x1c0, "EL64", 4);
	assert_int_equal(le32_get(zp + 0x1c4), 0x34567000); /* efi_systab */
	assert_int_equal(le32_get(zp + 0x1c8), DESC);	    /* efi_memdesc_size */
	assert_int_equal(le32_get(zp + 0x1cc), 1);	    /* efi_memdesc_version */
	assert_int_equal(le32_get(zp + 0x1d0), 0xbcdef000); /* efi_memmap */
	assert_int_equal(le32_get(zp + 0x1d4), 14 * DESC);  /* efi_memmap_size */
	assert_int_equal(le32_get(zp + 0x1d8), 0x12);	    /* efi_systab_hi */
	assert_int_equal(le32_get(zp + 0x1dc), 0xa);	    /* efi_memmap_hi */
	assert_int_equal(zp[BP_SENTINEL], 0);
	assert_int_equal(zp[BP_E820_ENTRIES], t.n);
	for (unsigned i = 0; i < t.n; i++) {
		const uint8_t *e = zp + 0x2d0 + 20 * i;

		assert_int_equal(le64_get(e), t.ent[i].addr);
		assert_int_equal(le64_get(e + 8), t.ent[i].size);
		assert_int_equal(le32_get(e + 16), t.ent[i].type);
	}
	assert_int_equal(zp[0x2d0 + 20 * t.n], 0);
}

static void test_high_addresses_split(void **state)
{
	struct bp_args a = { .cmdline = 0x1200003000ULL,
			     .initrd = 0x1300004000ULL,
			     .initrd_size = 0x1000 };

	(void)state;
	image();
	bi.xloadflags |= XLF_CAN_BE_ABOVE_4G;
	assert_int_equal(bzimage_boot_params(zp, img, &bi, &a, why, sizeof(why)), 0);
	assert_int_equal(le32_get(zp + BZ_CMD_LINE_PTR), 0x3000);
	assert_int_equal(le32_get(zp + BP_EXT_CMD_LINE), 0x12);
	assert_int_equal(le32_get(zp + BZ_RAMDISK_IMAGE), 0x4000);
	assert_int_equal(le32_get(zp + BP_EXT_RAMDISK_IMG), 0x13);
	assert_int_equal(le32_get(zp + 0x1c0), 0); /* no EFI given: no EL64 */
}

static void test_cmdline_longer_than_cmdline_size(void **state)
{
	struct bp_args a = { .cmdline = 0x1000, .cmdline_len = 256 };

	(void)state;
	image();
	assert_int_equal(bzimage_boot_params(zp, img, &bi, &a, why, sizeof(why)), -E2BIG);
	a.cmdline_len = 255;
	assert_int_equal(bzimage_boot_params(zp, img, &bi, &a, why, sizeof(why)), 0);
}

static void test_initrd_above_initrd_addr_max(void **state)
{
	struct bp_args a = { .cmdline = 0x1000, .initrd = 0x7ff00000, .initrd_size = 0x100001 };

	(void)state;
	image();
	assert_int_equal(bzimage_boot_params(zp, img, &bi, &a, why, sizeof(why)), -ERANGE);
	a.initrd_size = 0x100000; /* ends exactly at initrd_addr_max + 1 */
	assert_int_equal(bzimage_boot_params(zp, img, &bi, &a, why, sizeof(why)), 0);
	a.initrd = 0x100000000ULL;
	assert_int_equal(bzimage_boot_params(zp, img, &bi, &a, why, sizeof(why)), -ERANGE);
}

/* Run with the header tests from main() in test_bzimage.c: one binary, one plan. */
const struct CMUnitTest zeropage_tests[] = {
	cmocka_unit_test(test_e820_types_from_efi),
	cmocka_unit_test_setup(test_e820_from_map_merges_and_skips_mmio, ovmf_map),
	cmocka_unit_test(test_e820_add_sorts_and_refuses_overlap),
	cmocka_unit_test_setup(test_efi_map_bad_desc_size, ovmf_map),
	cmocka_unit_test_setup(test_efi_map_valid_len_stops_at_stale_tail, ovmf_map),
	cmocka_unit_test(test_crc32_check_value),
	cmocka_unit_test(test_systab_found_by_signature_and_crc),
	cmocka_unit_test_setup(test_zero_page_fields, ovmf_map),
	cmocka_unit_test(test_high_addresses_split),
	cmocka_unit_test(test_cmdline_longer_than_cmdline_size),
	cmocka_unit_test(test_initrd_above_initrd_addr_max),
};
const size_t zeropage_ntests = ARRAY_SIZE(zeropage_tests);
