// SPDX-License-Identifier: MIT
/*
 * The kernel's DTB (booting.rst 2, chosen.txt): /chosen bootargs and
 * linux,initrd-start/end written into a copy of QEMU virt's DTB, read back
 * with host libfdt; stale properties removed; bad blobs refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <libfdt.h>

#include "../../fakes/dtb_file.h"
#include <vmplat/handoff.h>

#include "arm64_tests.h"

static void *load_dtb(const char *name, size_t *len)
{
	return test_dtb_load("fdt-dtb", name, len);
}

static uint64_t prop_u64(const void *fdt, int off, const char *name)
{
	int len;
	const void *p = fdt_getprop(fdt, off, name, &len);
	fdt64_t v;

	assert_non_null(p);
	assert_int_equal(len, 8);
	memcpy(&v, p, sizeof(v)); /* properties are only 4-byte aligned */
	return fdt64_to_cpu(v);
}

void test_fdt_chosen_set(void **state)
{
	const char *cmd = "console=ttyAMA0 rdinit=/init vmplat.marker=\"a b\" quiet";
	struct arm64_fdt_args a = { .bootargs = cmd,
				    .initrd_start = 0x48000000,
				    .initrd_end = 0x48123456 };
	const char *why = NULL, *s;
	size_t len, room;
	void *src = load_dtb("qemu_virt", &len), *dst;
	int off, plen;

	(void)state;
	room = arm64_fdt_room(src, &a);
	dst = calloc(1, room);
	assert_int_equal(arm64_fdt_prepare(src, len, dst, room, &a, &why), 0);
	assert_int_equal(fdt_check_full(dst, room), 0);
	off = fdt_path_offset(dst, "/chosen");
	assert_true(off >= 0);
	s = fdt_getprop(dst, off, "bootargs", &plen);
	assert_non_null(s);
	assert_string_equal(s, cmd);
	assert_int_equal(prop_u64(dst, off, "linux,initrd-start"), 0x48000000);
	assert_int_equal(prop_u64(dst, off, "linux,initrd-end"), 0x48123456);
	/* What was there stays: stdout-path, rng-seed, the memory node. */
	assert_non_null(fdt_getprop(dst, off, "stdout-path", &plen));
	assert_non_null(fdt_getprop(dst, off, "rng-seed", &plen));
	assert_true(fdt_path_offset(dst, "/memory@40000000") >= 0);
	assert_int_equal(fdt_num_mem_rsv(dst), fdt_num_mem_rsv(src));
	free(dst);
	free(src);
}

/* No /chosen in the source: created. Old initrd and EFI properties: removed. */
void test_fdt_chosen_created_and_stale_removed(void **state)
{
	struct arm64_fdt_args a = { .bootargs = "x=1" };
	const char *why = NULL;
	size_t len, room = 64 * 1024;
	void *src = load_dtb("qemu_virt", &len), *mid = calloc(1, room), *dst = calloc(1, room);
	int off, plen;

	(void)state;
	assert_int_equal(fdt_open_into(src, mid, (int)room), 0);
	off = fdt_path_offset(mid, "/chosen");
	assert_int_equal(fdt_setprop_u64(mid, off, "linux,initrd-start", 0x1000), 0);
	assert_int_equal(fdt_setprop_u64(mid, off, "linux,initrd-end", 0x2000), 0);
	assert_int_equal(fdt_setprop_u64(mid, off, "linux,uefi-system-table", 0x3000), 0);
	assert_int_equal(arm64_fdt_prepare(mid, room, dst, room, &a, &why), 0);
	off = fdt_path_offset(dst, "/chosen");
	assert_null(fdt_getprop(dst, off, "linux,initrd-start", &plen));
	assert_null(fdt_getprop(dst, off, "linux,initrd-end", &plen));
	assert_null(fdt_getprop(dst, off, "linux,uefi-system-table", &plen));

	off = fdt_path_offset(mid, "/chosen");
	assert_int_equal(fdt_del_node(mid, off), 0);
	assert_true(fdt_path_offset(mid, "/chosen") < 0);
	assert_int_equal(arm64_fdt_prepare(mid, room, dst, room, &a, &why), 0);
	off = fdt_path_offset(dst, "/chosen");
	assert_true(off >= 0);
	assert_string_equal(fdt_getprop(dst, off, "bootargs", &plen), "x=1");
	free(src);
	free(mid);
	free(dst);
}

void test_fdt_bad_blob_refused(void **state)
{
	struct arm64_fdt_args a = { .bootargs = "x" };
	const char *why = NULL;
	size_t len, room = 64 * 1024;
	uint8_t *src = load_dtb("qemu_virt", &len);
	void *dst = calloc(1, room);

	(void)state;
	/* Truncated: shorter than its own totalsize. */
	assert_int_equal(arm64_fdt_prepare(src, len / 2, dst, room, &a, &why), -EINVAL);
	assert_non_null(strstr(why, "fdt_check_full"));
	/* Structure block offset past the end. */
	src[8] = 0x7f;
	assert_int_equal(arm64_fdt_prepare(src, len, dst, room, &a, &why), -EINVAL);
	/* Not a DTB at all. */
	memset(src, 0, 64);
	assert_int_equal(arm64_fdt_prepare(src, len, dst, room, &a, &why), -EINVAL);
	/* initrd end below start. */
	free(src);
	src = load_dtb("qemu_virt", &len);
	a.initrd_start = 0x2000;
	a.initrd_end = 0x1000;
	assert_int_equal(arm64_fdt_prepare(src, len, dst, room, &a, &why), -EINVAL);
	free(src);
	free(dst);
}

/*
 * Found by tests/fuzz/arm64fdt: a property length of 0xfffffff4 made libfdt
 * 1.6.1's fdt_check_full loop forever on a BLS entry's devicetree file
 * (alarm: a hang fails the test).
 */
void test_fdt_backwards_property_length_refused(void **state)
{
	struct arm64_fdt_args a = { .bootargs = "x" };
	const char *why = NULL;
	size_t len, room = 64 * 1024;
	uint8_t *src = load_dtb("qemu_virt", &len);
	void *dst = calloc(1, room);
	int prop = fdt_first_property_offset(src, fdt_path_offset(src, "/chosen"));
	uint8_t *plen = src + fdt_off_dt_struct(src) + prop + 4;

	(void)state;
	assert_true(prop >= 0);
	plen[0] = plen[1] = plen[2] = 0xff;
	plen[3] = 0xf4;
	alarm(10);
	assert_int_equal(arm64_fdt_prepare(src, len, dst, room, &a, &why), -EINVAL);
	alarm(0);
	assert_non_null(strstr(why, "fdt_check_full"));
	free(src);
	free(dst);
}

/* Found by tests/fuzz/arm64fdt: libfdt 1.6.1's fdt_check_full crashes (NULL) on version 3. */
void test_fdt_old_version_refused(void **state)
{
	struct arm64_fdt_args a = { .bootargs = "x" };
	const char *why = NULL;
	size_t len, room = 64 * 1024;
	uint8_t *src = load_dtb("qemu_virt", &len);
	void *dst = calloc(1, room);

	(void)state;
	fdt_set_version(src, 3);
	fdt_set_last_comp_version(src, 2);
	assert_int_equal(arm64_fdt_prepare(src, len, dst, room, &a, &why), -EINVAL);
	free(src);
	free(dst);
}

void test_fdt_too_small_buffer(void **state)
{
	char big[4000];
	struct arm64_fdt_args a = { .bootargs = big };
	const char *why = NULL;
	size_t len;
	void *src = load_dtb("qemu_virt", &len), *dst;

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	dst = calloc(1, len + 100);
	assert_int_equal(arm64_fdt_prepare(src, len, dst, len + 100, &a, &why), -ENOSPC);
	free(dst);
	free(src);
}
