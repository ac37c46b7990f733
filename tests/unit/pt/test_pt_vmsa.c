// SPDX-License-Identifier: MIT
/*
 * VMSAv8-64 formats: exact descriptor bits per prot for stage 1 at EL2 and
 * EL1&0 and for stage 2 (Arm ARM D8.3, D8.4), blocks, and the
 * break-before-make order when a live block is split (D8.14).
 */
#include <errno.h>
#include <stdlib.h>
#include "pt_helpers.h"

#define D_PAGE	      0x3ULL /* level 3 page / table */
#define D_BLOCK	      0x1ULL
#define AP_EL0	      (1ULL << 6)
#define AP_RO	      (1ULL << 7)
#define SH_IS	      (3ULL << 8)
#define AF	      (1ULL << 10)
#define PXN	      (1ULL << 53)
#define UXN	      (1ULL << 54)
#define IDX(n)	      ((uint64_t)(n) << 2)
#define S2_MEMATTR(n) ((uint64_t)(n) << 2)
#define S2AP_R	      (1ULL << 6)
#define S2AP_W	      (1ULL << 7)
#define S2_XN	      (2ULL << 53)
#define S2_DBM	      (1ULL << 51)

struct leaf_case {
	unsigned prot;
	uint64_t bits;
};

static void check_leaves(const struct pt_format *fmt, const struct leaf_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct host_alloc h;
		struct pt pt;
		struct walk w;
		unsigned prot;

		host_alloc_init(&h);
		assert_int_equal(pt_init(&pt, fmt, &h.ops), 0);
		assert_int_equal(pt_map(&pt, 0x80000000, 0x40001000, PAGE_SIZE, c[i].prot), 0);
		w = walk_va(fmt, pt.root, 0x80000000);
		assert_true(w.mapped);
		assert_true(w.tables_ok);
		assert_int_equal(w.level, 3);
		if (w.pte != (0x40001000 | c[i].bits))
			fail_msg("%s case %zu: pte %#llx, want %#llx", fmt->name, i,
				 (unsigned long long)w.pte,
				 (unsigned long long)(0x40001000 | c[i].bits));
		assert_int_equal(pt_lookup(&pt, 0x80000000, NULL, &prot, NULL), 0);
		assert_int_equal(prot, norm_prot(fmt, c[i].prot));
		assert_int_equal(decode_prot(fmt, w.pte), norm_prot(fmt, c[i].prot));
		pt_destroy(&pt);
		host_alloc_fini(&h);
	}
}

/* EL2 without VHE: AP[1] RES1, XN bit 54, PXN (bit 53) RES0. */
static void test_el2_leaf_bits(void **state)
{
	static const struct leaf_case c[] = {
		{ PT_R | PT_W, D_PAGE | IDX(0) | SH_IS | AF | AP_EL0 | UXN },
		{ PT_R, D_PAGE | IDX(0) | SH_IS | AF | AP_EL0 | AP_RO | UXN },
		{ PT_R | PT_X, D_PAGE | IDX(0) | SH_IS | AF | AP_EL0 | AP_RO },
		{ PT_R | PT_W | PT_DEVICE, D_PAGE | IDX(1) | AF | AP_EL0 | UXN },
		{ PT_R | PT_X | PT_DEVICE, D_PAGE | IDX(1) | AF | AP_EL0 | AP_RO | UXN },
		{ PT_R | PT_W | PT_WC, D_PAGE | IDX(2) | SH_IS | AF | AP_EL0 | UXN },
		{ PT_R | PT_DBM,
		  D_PAGE | IDX(0) | SH_IS | AF | AP_EL0 | AP_RO | UXN }, /* no bit 51 */
	};
	(void)state;
	check_leaves(&pt_format_vmsa_s1_el2, c, ARRAY_SIZE(c));
}

/* EL1&0: PXN bit 53, UXN bit 54; UXN always for kernel pages. */
static void test_el1_leaf_bits(void **state)
{
	static const struct leaf_case c[] = {
		{ PT_R | PT_W, D_PAGE | SH_IS | AF | PXN | UXN },
		{ PT_R | PT_X, D_PAGE | SH_IS | AF | AP_RO | UXN },
		{ PT_R, D_PAGE | SH_IS | AF | AP_RO | PXN | UXN },
		{ PT_R | PT_X | PT_USER, D_PAGE | SH_IS | AF | AP_RO | AP_EL0 },
		{ PT_R | PT_W | PT_USER, D_PAGE | SH_IS | AF | AP_EL0 | PXN | UXN },
		{ PT_R | PT_W | PT_DEVICE, D_PAGE | IDX(1) | AF | PXN | UXN },
		{ PT_R | PT_W | PT_WC, D_PAGE | IDX(2) | SH_IS | AF | PXN | UXN },
	};
	(void)state;
	check_leaves(&pt_format_vmsa_s1_el1, c, ARRAY_SIZE(c));
}

/* Stage 2: MemAttr 0b1111 WB, 0b0001 nGnRE, 0b0101 NC; S2AP; XN[1:0]=0b10. */
static void test_s2_leaf_bits(void **state)
{
	static const struct leaf_case c[] = {
		{ PT_R | PT_W | PT_X, D_PAGE | S2_MEMATTR(0xf) | S2AP_R | S2AP_W | SH_IS | AF },
		{ PT_R | PT_W, D_PAGE | S2_MEMATTR(0xf) | S2AP_R | S2AP_W | SH_IS | AF | S2_XN },
		{ PT_R, D_PAGE | S2_MEMATTR(0xf) | S2AP_R | SH_IS | AF | S2_XN },
		{ 0, D_PAGE | S2_MEMATTR(0xf) | SH_IS | AF | S2_XN },
		{ PT_R | PT_W | PT_DEVICE,
		  D_PAGE | S2_MEMATTR(0x1) | S2AP_R | S2AP_W | AF | S2_XN },
		{ PT_R | PT_W | PT_WC,
		  D_PAGE | S2_MEMATTR(0x5) | S2AP_R | S2AP_W | SH_IS | AF | S2_XN },
		/* DBM bit 51 (D8.4, hardware dirty state): clean = read-only + DBM */
		{ PT_R | PT_X | PT_DBM, D_PAGE | S2_MEMATTR(0xf) | S2AP_R | SH_IS | AF | S2_DBM },
		{ PT_R | PT_W | PT_X | PT_DBM,
		  D_PAGE | S2_MEMATTR(0xf) | S2AP_R | S2AP_W | SH_IS | AF | S2_DBM },
	};
	(void)state;
	check_leaves(&pt_format_vmsa_s2, c, ARRAY_SIZE(c));
}

static void test_vmsa_blocks(void **state)
{
	const struct pt_format *fmts[] = { &pt_format_vmsa_s1_el2, &pt_format_vmsa_s1_el1,
					   &pt_format_vmsa_s2 };
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(fmts); i++) {
		struct host_alloc h;
		struct pt pt;
		struct walk w;

		host_alloc_init(&h);
		assert_int_equal(pt_init(&pt, fmts[i], &h.ops), 0);
		assert_int_equal(pt_map(&pt, GiB, 2 * GiB, GiB + 2 * MiB + PAGE_SIZE, PT_R | PT_W),
				 0);
		w = walk_va(fmts[i], pt.root, GiB + 0x1234);
		assert_int_equal(w.level, 1);
		assert_int_equal(w.pte & 3, D_BLOCK);
		assert_int_equal(w.pte & 0x0000fffffffff000ULL, 2 * GiB);
		w = walk_va(fmts[i], pt.root, 2 * GiB + 0x1ff000);
		assert_int_equal(w.level, 2);
		assert_int_equal(w.pte & 3, D_BLOCK);
		assert_int_equal(w.pa, 3 * GiB + 0x1ff000);
		w = walk_va(fmts[i], pt.root, 2 * GiB + 2 * MiB);
		assert_int_equal(w.level, 3);
		assert_int_equal(w.pte & 3, D_PAGE);
		assert_true(w.tables_ok);
		assert_false(walk_va(fmts[i], pt.root, 2 * GiB + 2 * MiB + PAGE_SIZE).mapped);
		pt_destroy(&pt);
		assert_int_equal(h.live, 0);
		host_alloc_fini(&h);
	}
}

struct bbm_log {
	struct pt *pt;
	unsigned calls;
	uint64_t va[8], size[8];
	bool entry_invalid[8];
};

/* At the time of the invalidation the block's entry must already be invalid. */
static void bbm_invalidate(void *ctx, uint64_t va, uint64_t size)
{
	struct bbm_log *l = ctx;

	assert_true(l->calls < 8);
	l->va[l->calls] = va;
	l->size[l->calls] = size;
	l->entry_invalid[l->calls] = !walk_va(l->pt->fmt, l->pt->root, va).mapped;
	l->calls++;
}

static void test_split_is_break_before_make(void **state)
{
	struct host_alloc h;
	struct pt pt;
	struct bbm_log l = { .pt = &pt };
	struct walk w;

	(void)state;
	host_alloc_init(&h);
	assert_int_equal(pt_init(&pt, &pt_format_vmsa_s1_el2, &h.ops), 0);
	assert_true(pt_format_vmsa_s1_el2.break_before_make);
	assert_int_equal(pt_map(&pt, GiB, GiB, GiB, PT_R | PT_W), 0);
	pt.invalidate = bbm_invalidate;
	pt.inv_ctx = &l;
	assert_int_equal(pt_unmap(&pt, GiB + 3 * MiB, PAGE_SIZE), 0);
	assert_int_equal(l.calls, 2);
	assert_int_equal(l.va[0], GiB);
	assert_int_equal(l.size[0], GiB);
	assert_true(l.entry_invalid[0]);
	assert_int_equal(l.va[1], GiB + 2 * MiB);
	assert_int_equal(l.size[1], 2 * MiB);
	assert_true(l.entry_invalid[1]);
	w = walk_va(pt.fmt, pt.root, GiB + 3 * MiB + PAGE_SIZE);
	assert_int_equal(w.level, 3);
	assert_int_equal(w.pte, (GiB + 3 * MiB + PAGE_SIZE) | D_PAGE | SH_IS | AF | AP_EL0 | UXN);
	assert_false(walk_va(pt.fmt, pt.root, GiB + 3 * MiB).mapped);
	/* a memory-type change of a live page is break-before-make too */
	l.calls = 0;
	assert_int_equal(
		pt_protect(&pt, GiB + 3 * MiB + PAGE_SIZE, PAGE_SIZE, PT_R | PT_W | PT_DEVICE), 0);
	assert_int_equal(l.calls, 1);
	assert_true(l.entry_invalid[0]);
	/* a permission-only change is not */
	l.calls = 0;
	assert_int_equal(pt_protect(&pt, GiB, 2 * MiB, PT_R), 0);
	assert_int_equal(l.calls, 0);
	pt.invalidate = NULL;
	pt_destroy(&pt);
	host_alloc_fini(&h);
}

static void test_vmsa_table_free_invalidates_first(void **state)
{
	struct host_alloc h;
	struct pt pt;
	struct bbm_log l = { .pt = &pt };
	struct pt_gather g;

	(void)state;
	host_alloc_init(&h);
	assert_int_equal(pt_init(&pt, &pt_format_vmsa_s2, &h.ops), 0);
	assert_int_equal(pt_map(&pt, 0x8000000, 0x8000000, 16 * PAGE_SIZE, PT_R | PT_W), 0);
	pt.invalidate = bbm_invalidate;
	pt.inv_ctx = &l;
	pt_gather_take(&pt);
	assert_int_equal(pt_unmap(&pt, 0x8000000, 16 * PAGE_SIZE), 0);
	g = pt_gather_take(&pt);
	assert_true(g.tables_freed);
	assert_int_equal(h.live, 1);
	/* one invalidation of the changed range before the tables went back */
	assert_int_equal(l.calls, 1);
	assert_int_equal(l.va[0], 0x8000000);
	assert_int_equal(l.size[0], 16 * PAGE_SIZE);
	pt.invalidate = NULL;
	pt_destroy(&pt);
	host_alloc_fini(&h);
}

/* The raw entry mapping va: what the MMU's hardware update would write (walk_va found it). */
static uint64_t *raw_entry(const struct host_alloc *h, uint64_t pte)
{
	uint64_t *hit = NULL;

	for (unsigned i = 0; i < h->live; i++)
		for (unsigned j = 0; j < 512; j++)
			if (h->pages[i][j] == pte) {
				assert_null(hit); /* the OA makes the entry unique */
				hit = &h->pages[i][j];
			}
	assert_non_null(hit);
	return hit;
}

struct dirty_scan {
	uint64_t va[4];
	unsigned n, clean;
};

static int scan_leaf(void *ctx, uint64_t va, paddr_t pa, uint64_t size, unsigned prot)
{
	struct dirty_scan *d = ctx;

	(void)pa;
	assert_int_equal(size, PAGE_SIZE);
	if ((prot & (PT_W | PT_DBM)) == (PT_W | PT_DBM)) {
		assert_true(d->n < ARRAY_SIZE(d->va));
		d->va[d->n++] = va;
	} else if (prot == (PT_R | PT_X | PT_DBM)) {
		d->clean++;
	}
	return 0;
}

/*
 * The stage-2 dirty cycle of arch/aarch64/hv/stage2_dirty.c on host memory:
 * pages mapped read-only with DBM, "hardware" sets S2AP[1] of one (D8.4), the
 * leaf walk reports exactly that page writable, and write-protecting it again
 * keeps DBM and needs no break-before-make (a permission change, D8.16.1).
 */
static void test_s2_dbm_dirty_cycle(void **state)
{
	struct host_alloc h;
	struct pt pt;
	struct bbm_log l = { .pt = &pt };
	struct dirty_scan d = { 0 };
	const uint64_t ipa = 0x40000000, pages = 16;
	uint64_t *e, clean;

	(void)state;
	host_alloc_init(&h);
	assert_int_equal(pt_init(&pt, &pt_format_vmsa_s2, &h.ops), 0);
	assert_int_equal(pt_map(&pt, ipa, ipa, pages * PAGE_SIZE, PT_R | PT_X | PT_DBM | PT_PAGES),
			 0);
	clean = walk_va(pt.fmt, pt.root, ipa + 5 * PAGE_SIZE).pte;
	assert_int_equal(clean, (ipa + 5 * PAGE_SIZE) | D_PAGE | S2_MEMATTR(0xf) | S2AP_R | SH_IS |
					AF | S2_DBM);
	e = raw_entry(&h, clean);
	*e |= S2AP_W; /* the guest's write, done by the MMU */
	assert_int_equal(pt_for_each_leaf(&pt, scan_leaf, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.va[0], ipa + 5 * PAGE_SIZE);
	assert_int_equal(d.clean, pages - 1);
	pt.invalidate = bbm_invalidate;
	pt.inv_ctx = &l;
	pt_gather_take(&pt);
	assert_int_equal(pt_protect(&pt, d.va[0], PAGE_SIZE, PT_R | PT_X | PT_DBM), 0);
	assert_int_equal(l.calls, 0);
	assert_int_equal(*e, clean);
	assert_int_equal(pt_gather_take(&pt).start, d.va[0]); /* the caller's one TLB flush */
	pt.invalidate = NULL;
	pt_destroy(&pt);
	host_alloc_fini(&h);
}

const struct CMUnitTest pt_vmsa_tests[] = {
	cmocka_unit_test(test_el2_leaf_bits),
	cmocka_unit_test(test_el1_leaf_bits),
	cmocka_unit_test(test_s2_leaf_bits),
	cmocka_unit_test(test_vmsa_blocks),
	cmocka_unit_test(test_split_is_break_before_make),
	cmocka_unit_test(test_vmsa_table_free_invalidates_first),
	cmocka_unit_test(test_s2_dbm_dirty_cycle),
};
const size_t pt_vmsa_ntests = ARRAY_SIZE(pt_vmsa_tests);
