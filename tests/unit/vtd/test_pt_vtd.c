// SPDX-License-Identifier: MIT
/*
 * VT-d second-level entries (VT-d 4.x, 9.8) built by core/pt.c with
 * pt_format_vtd_sl4 / sl3, decoded here straight from the spec bits:
 * R bit 0, W bit 1, PS bit 7 (PDPE 1 GiB, PDE 2 MiB), address 51:12.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <vmplat/iommu.h>
#include "vtd_tests.h"

#define MAXP 4096
static void *pages[MAXP];
static unsigned npages;

static paddr_t h_alloc(void *ctx)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	(void)ctx;
	if (!p || npages >= MAXP)
		return INVALID_PADDR;
	memset(p, 0, PAGE_SIZE);
	pages[npages++] = p;
	return (paddr_t)(uintptr_t)p;
}

static void h_free(void *ctx, paddr_t pa)
{
	(void)ctx;
	for (unsigned i = 0; i < npages; i++)
		if (pages[i] == (void *)(uintptr_t)pa) {
			free(pages[i]);
			pages[i] = pages[--npages];
			return;
		}
	fail_msg("free of unknown table %#llx", (unsigned long long)pa);
}

static uint64_t *h_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return (uint64_t *)(uintptr_t)pa;
}

static const struct pt_alloc halloc = { NULL, h_alloc, h_free, h_ptr };

#define SL_R	BIT_ULL(0)
#define SL_W	BIT_ULL(1)
#define SL_PS	BIT_ULL(7)
#define SL_ADDR GENMASK_ULL(51, 12)

/* Spec walk: returns the leaf entry and its level, 0 when not present. */
static uint64_t walk(const struct pt *pt, uint64_t iova, unsigned *level)
{
	const uint64_t *t = (const uint64_t *)(uintptr_t)pt->root;
	unsigned levels = pt->fmt->levels;

	for (unsigned l = 0; l < levels; l++) {
		unsigned shift = 12 + 9 * (levels - 1 - l);
		uint64_t e = t[(iova >> shift) & 511];

		if (!(e & (SL_R | SL_W)))
			return 0;
		if (l + 1 == levels || (e & SL_PS)) {
			*level = l;
			return e;
		}
		assert_true((e & (SL_R | SL_W)) == (SL_R | SL_W)); /* non-leaf: permissive */
		t = (const uint64_t *)(uintptr_t)(e & SL_ADDR);
	}
	return 0;
}

static void test_sl4_page_bits(void **state)
{
	struct pt pt;
	unsigned level;
	uint64_t e;

	(void)state;
	assert_int_equal(pt_init(&pt, &pt_format_vtd_sl4, &halloc), 0);
	assert_int_equal(pt_map(&pt, 0x200000, 0x12345000, PAGE_SIZE, PT_R | PT_W), 0);
	assert_int_equal(pt_map(&pt, 0x201000, 0x22000000, PAGE_SIZE, PT_R), 0);
	e = walk(&pt, 0x200000, &level);
	assert_int_equal(level, 3);
	assert_int_equal(e & SL_ADDR, 0x12345000);
	assert_int_equal(e & (SL_R | SL_W | SL_PS), SL_R | SL_W);
	e = walk(&pt, 0x201000, &level);
	assert_int_equal(e & (SL_R | SL_W), SL_R); /* read-only: W clear */
	assert_int_equal(walk(&pt, 0x202000, &level), 0);
	pt_destroy(&pt);
	assert_int_equal(npages, 0);
}

static void test_sl4_superpages_and_split(void **state)
{
	struct pt pt;
	unsigned level;
	uint64_t e;
	paddr_t pa;

	(void)state;
	assert_int_equal(pt_init(&pt, &pt_format_vtd_sl4, &halloc), 0);
	assert_int_equal(pt_map(&pt, 1 * GiB, 5 * GiB, GiB + 2 * MiB, PT_R | PT_W), 0);
	e = walk(&pt, 1 * GiB + 12345, &level);
	assert_int_equal(level, 1); /* PDPE with PS: 1 GiB */
	assert_true(e & SL_PS);
	assert_int_equal(e & SL_ADDR, 5 * GiB);
	e = walk(&pt, 2 * GiB + 4096, &level);
	assert_int_equal(level, 2); /* PDE with PS: 2 MiB */
	assert_true(e & SL_PS);
	/* Mapping over a live mapping is refused. */
	assert_int_equal(pt_map(&pt, 2 * GiB, 0, PAGE_SIZE, PT_R), -EEXIST);
	/* Unmapping one page of the 1 GiB page splits it; neighbours keep their target. */
	assert_int_equal(pt_unmap(&pt, 1 * GiB + 4 * MiB, PAGE_SIZE), 0);
	assert_int_equal(walk(&pt, 1 * GiB + 4 * MiB, &level), 0);
	e = walk(&pt, 1 * GiB + 4 * MiB + PAGE_SIZE, &level);
	assert_int_equal(level, 3);
	assert_int_equal(e & SL_ADDR, 5 * GiB + 4 * MiB + PAGE_SIZE);
	assert_int_equal(pt_lookup(&pt, 1 * GiB + 6 * MiB + 8, &pa, NULL, NULL), 0);
	assert_int_equal(pa, 5 * GiB + 6 * MiB + 8);
	pt_destroy(&pt);
	assert_int_equal(npages, 0);
}

static void test_sl3_is_39_bit(void **state)
{
	struct pt pt;
	unsigned level;
	uint64_t e;

	(void)state;
	assert_int_equal(pt_init(&pt, &pt_format_vtd_sl3, &halloc), 0);
	assert_int_equal(pt_map(&pt, 0, 0, GiB, PT_R | PT_W), 0);
	e = walk(&pt, 0x1000, &level);
	assert_int_equal(level, 0); /* 3 levels: the root holds 1 GiB pages */
	assert_true(e & SL_PS);
	assert_int_equal(pt_map(&pt, 1ULL << 39, 0, PAGE_SIZE, PT_R), -EINVAL);
	assert_int_equal(pt_map(&pt, (1ULL << 39) - PAGE_SIZE, 0x5000, PAGE_SIZE, PT_W), 0);
	e = walk(&pt, (1ULL << 39) - PAGE_SIZE, &level);
	assert_int_equal(level, 2);
	assert_int_equal(e & (SL_R | SL_W), SL_W);
	pt_destroy(&pt);
	assert_int_equal(npages, 0);
}

static void test_gather_covers_one_call(void **state)
{
	struct pt pt;
	struct pt_gather g;

	(void)state;
	assert_int_equal(pt_init(&pt, &pt_format_vtd_sl4, &halloc), 0);
	assert_int_equal(pt_map(&pt, 0, 0, 4 * MiB, PT_R | PT_W), 0);
	pt_gather_take(&pt);
	assert_int_equal(pt_unmap(&pt, MiB, 2 * MiB), 0);
	g = pt_gather_take(&pt);
	assert_true(g.start <= MiB && g.end >= 3 * MiB);
	pt_destroy(&pt);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_sl4_page_bits),
					    cmocka_unit_test(test_sl4_superpages_and_split),
					    cmocka_unit_test(test_sl3_is_39_bit),
					    cmocka_unit_test(test_gather_covers_one_call),
					    VTD_QI_TESTS };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
