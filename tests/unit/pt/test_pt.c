// SPDX-License-Identifier: MIT
/*
 * pt.c over the x86-64 format: block choice, exact entry bytes, -EEXIST,
 * splits, protection, gather ranges, table freeing, -ENOMEM rollback.
 * Entries are checked with the spec walker in pt_helpers.c.
 */
#include <errno.h>
#include <stdlib.h>
#include "pt_helpers.h"

#define X86_P	0x1ULL
#define X86_RW	0x2ULL
#define X86_US	0x4ULL
#define X86_PWT 0x8ULL
#define X86_PCD 0x10ULL
#define X86_A	0x20ULL
#define X86_D	0x40ULL
#define X86_PS	0x80ULL
#define X86_NX	(1ULL << 63)

struct fx {
	struct host_alloc h;
	struct pt pt;
};

static struct fx *fx_new(const struct pt_format *fmt)
{
	struct fx *f = calloc(1, sizeof(*f));

	host_alloc_init(&f->h);
	assert_int_equal(pt_init(&f->pt, fmt, &f->h.ops), 0);
	return f;
}

static void fx_free(struct fx *f)
{
	pt_destroy(&f->pt);
	assert_int_equal(f->h.live, 0); /* pt_destroy frees every table */
	host_alloc_fini(&f->h);
	free(f);
}

static struct walk wx(struct fx *f, uint64_t va)
{
	return walk_va(f->pt.fmt, f->pt.root, va);
}

static void test_4k_page_exact_bytes(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	uint64_t *root = (uint64_t *)(uintptr_t)f->pt.root;
	struct walk w;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x1000, 0x200000, PAGE_SIZE, PT_R | PT_W), 0);
	w = wx(f, 0x1234);
	assert_true(w.mapped);
	assert_true(w.tables_ok);
	assert_int_equal(w.level, 3);
	assert_int_equal(w.pa, 0x200234);
	assert_int_equal(w.pte, 0x200000 | X86_P | X86_RW | X86_A | X86_D | X86_NX);
	assert_int_equal(root[0] & 0xfff, X86_P | X86_RW);
	assert_int_equal(root[0] >> 63, 0);
	assert_false(wx(f, 0x0).mapped);
	assert_false(wx(f, 0x2000).mapped);
	assert_int_equal(f->h.live, 4);
	fx_free(f);
}

static void test_2m_and_1g_blocks_when_aligned(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct walk w;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x40200000, 0x80200000, 2 * MiB, PT_R | PT_X), 0);
	w = wx(f, 0x40200000 + 0x12345);
	assert_int_equal(w.level, 2);
	assert_int_equal(w.size, 2 * MiB);
	assert_int_equal(w.pa, 0x80200000 + 0x12345);
	assert_int_equal(w.pte, 0x80200000 | X86_P | X86_A | X86_PS);

	assert_int_equal(pt_map(&f->pt, 2 * GiB, 5 * GiB, GiB, PT_R | PT_W), 0);
	w = wx(f, 2 * GiB + 0x3ffff000);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.pa, 5 * GiB + 0x3ffff000);
	assert_int_equal(w.pte, 5 * GiB | X86_P | X86_RW | X86_A | X86_D | X86_PS | X86_NX);
	assert_int_equal(f->h.live, 3); /* root, PDPT, one PD */
	fx_free(f);
}

static void test_no_block_when_unaligned(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct walk w;

	(void)state;
	/* va aligned, pa not: 4 KiB pages only */
	assert_int_equal(pt_map(&f->pt, 0x200000, 0x1201000, 2 * MiB, PT_R), 0);
	for (uint64_t off = 0; off < 2 * MiB; off += PAGE_SIZE) {
		w = wx(f, 0x200000 + off);
		assert_int_equal(w.level, 3);
		assert_int_equal(w.pa, 0x1201000 + off);
	}
	/* va straddles: head pages, one 2 MiB block, tail pages */
	assert_int_equal(pt_map(&f->pt, 0x5ff000, 0x7ff000, 2 * MiB + 2 * PAGE_SIZE, PT_R), 0);
	assert_int_equal(wx(f, 0x5ff000).level, 3);
	w = wx(f, 0x600000);
	assert_int_equal(w.level, 2);
	assert_int_equal(w.pa, 0x800000);
	w = wx(f, 0x800000);
	assert_int_equal(w.level, 3);
	assert_int_equal(w.pa, 0xa00000);
	assert_false(wx(f, 0x801000).mapped);
	fx_free(f);
}

/* PT_PAGES: aligned 2 MiB still maps as 512 pages; the flag never reaches a PTE. */
static void test_pages_flag_forbids_blocks(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct walk w;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x400000, 0x400000, 2 * MiB, PT_R | PT_W | PT_PAGES), 0);
	for (uint64_t off = 0; off < 2 * MiB; off += PAGE_SIZE) {
		w = wx(f, 0x400000 + off);
		assert_int_equal(w.level, 3);
		assert_int_equal(w.pte, (0x400000 + off) | X86_P | X86_RW | X86_A | X86_D | X86_NX);
	}
	fx_free(f);
}

static void test_overlap_is_eexist_and_tables_unchanged(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct pt_snap s;
	struct pt_gather g;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x400000, 0x400000, 2 * MiB, PT_R | PT_W), 0);
	assert_int_equal(pt_map(&f->pt, 0x10000, 0x10000, PAGE_SIZE, PT_R), 0);
	pt_gather_take(&f->pt);
	snap_take(&f->h, &s);
	/* starts in free space, runs into the block */
	assert_int_equal(pt_map(&f->pt, 0x200000, 0x200000, 4 * MiB, PT_R), -EEXIST);
	/* ends on the last page of a small mapping */
	assert_int_equal(pt_map(&f->pt, 0x0, 0x0, 0x11000, PT_R), -EEXIST);
	/* exactly the same */
	assert_int_equal(pt_map(&f->pt, 0x400000, 0x400000, 2 * MiB, PT_R | PT_W), -EEXIST);
	assert_true(snap_equal(&f->h, &s));
	g = pt_gather_take(&f->pt);
	assert_int_equal(g.start, g.end);
	snap_free(&s);
	fx_free(f);
}

static void test_partial_unmap_splits_1g_block(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	uint64_t hole = GiB + 0x12345000;
	struct pt_gather g;
	struct walk w;

	(void)state;
	assert_int_equal(pt_map(&f->pt, GiB, 3 * GiB, GiB, PT_R | PT_W), 0);
	pt_gather_take(&f->pt);
	assert_int_equal(pt_unmap(&f->pt, hole, PAGE_SIZE), 0);
	g = pt_gather_take(&f->pt);
	/* the split changed the whole 1 GiB block's entry */
	assert_int_equal(g.start, GiB);
	assert_int_equal(g.end, 2 * GiB);
	assert_false(g.tables_freed);
	assert_false(wx(f, hole).mapped);
	w = wx(f, hole - PAGE_SIZE);
	assert_int_equal(w.level, 3);
	assert_int_equal(w.pa, 3 * GiB + 0x12344000);
	assert_int_equal(w.pte, (3 * GiB + 0x12344000) | X86_P | X86_RW | X86_A | X86_D | X86_NX);
	assert_int_equal(wx(f, hole + PAGE_SIZE).pa, 3 * GiB + 0x12346000);
	w = wx(f, GiB);
	assert_int_equal(w.level, 2);
	assert_int_equal(w.pte, 3 * GiB | X86_P | X86_RW | X86_A | X86_D | X86_PS | X86_NX);
	for (uint64_t va = GiB; va < 2 * GiB; va += 0x1000 * 97) {
		w = wx(f, va);
		if (va >> 12 == hole >> 12)
			continue;
		assert_true(w.mapped);
		assert_int_equal(w.pa, va + 2 * GiB);
	}
	fx_free(f);
}

static void test_wx_bits_per_prot(void **state)
{
	static const struct {
		unsigned prot;
		uint64_t bits;
	} cases[] = {
		{ PT_R, X86_P | X86_A | X86_NX },
		{ PT_R | PT_W, X86_P | X86_RW | X86_A | X86_D | X86_NX },
		{ PT_R | PT_X, X86_P | X86_A },
		{ PT_R | PT_W | PT_USER, X86_P | X86_RW | X86_US | X86_A | X86_D | X86_NX },
		{ PT_R | PT_W | PT_DEVICE,
		  X86_P | X86_RW | X86_A | X86_D | X86_NX | X86_PCD | X86_PWT },
		{ PT_R | PT_W | PT_WC, X86_P | X86_RW | X86_A | X86_D | X86_NX | X86_PWT },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fx *f = fx_new(&pt_format_x86_64);
		uint64_t va = 0x7000 + i * PAGE_SIZE;
		unsigned prot;

		assert_int_equal(pt_map(&f->pt, va, 0xfee00000, PAGE_SIZE, cases[i].prot), 0);
		assert_int_equal(wx(f, va).pte, 0xfee00000 | cases[i].bits);
		assert_int_equal(pt_lookup(&f->pt, va, NULL, &prot, NULL), 0);
		assert_int_equal(prot, cases[i].prot | PT_R);
		assert_int_equal(decode_prot(f->pt.fmt, wx(f, va).pte), cases[i].prot | PT_R);
		fx_free(f);
	}
}

static void test_protect_splits_2m_block(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct pt_gather g;
	struct walk w;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x200000, 0x600000, 2 * MiB, PT_R | PT_W), 0);
	pt_gather_take(&f->pt);
	assert_int_equal(pt_protect(&f->pt, 0x300000, 2 * PAGE_SIZE, PT_R | PT_X), 0);
	g = pt_gather_take(&f->pt);
	assert_int_equal(g.start, 0x200000);
	assert_int_equal(g.end, 0x400000);
	w = wx(f, 0x300000);
	assert_int_equal(w.pte, 0x700000 | X86_P | X86_A);
	assert_int_equal(wx(f, 0x301000).pte, 0x701000 | X86_P | X86_A);
	assert_int_equal(wx(f, 0x302000).pte, 0x702000 | X86_P | X86_RW | X86_A | X86_D | X86_NX);
	assert_int_equal(wx(f, 0x2ff000).pte, 0x6ff000 | X86_P | X86_RW | X86_A | X86_D | X86_NX);
	/* protect with the same bits: nothing changes, nothing gathered */
	assert_int_equal(pt_protect(&f->pt, 0x300000, PAGE_SIZE, PT_R | PT_X), 0);
	g = pt_gather_take(&f->pt);
	assert_int_equal(g.start, g.end);
	fx_free(f);
}

static void test_protect_hole_is_enoent_unchanged(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct pt_snap s;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x200000, 0x200000, 2 * MiB, PT_R | PT_W), 0);
	snap_take(&f->h, &s);
	assert_int_equal(pt_protect(&f->pt, 0x300000, 2 * MiB, PT_R), -ENOENT);
	assert_int_equal(pt_protect(&f->pt, 0x0, PAGE_SIZE, PT_R), -ENOENT);
	assert_true(snap_equal(&f->h, &s));
	snap_free(&s);
	fx_free(f);
}

static void test_unmap_frees_empty_tables(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct pt_gather g;

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x7f0000000000ULL, 0x1000, 3 * PAGE_SIZE, PT_R), 0);
	assert_int_equal(pt_map(&f->pt, 0x7f0000200000ULL, 0x1000, PAGE_SIZE, PT_R), 0);
	assert_int_equal(f->h.live, 5);
	pt_gather_take(&f->pt);
	assert_int_equal(pt_unmap(&f->pt, 0x7f0000001000ULL, PAGE_SIZE), 0);
	g = pt_gather_take(&f->pt);
	assert_int_equal(g.start, 0x7f0000001000ULL);
	assert_int_equal(g.end, 0x7f0000002000ULL);
	assert_false(g.tables_freed);
	assert_int_equal(pt_unmap(&f->pt, 0x7f0000000000ULL, 4 * MiB), 0);
	g = pt_gather_take(&f->pt);
	assert_true(g.tables_freed);
	assert_int_equal(g.start, 0x7f0000000000ULL);
	/* the freed page table's whole entry (walk caches), clipped to the range */
	assert_int_equal(g.end, 0x7f0000400000ULL);
	assert_int_equal(f->h.live, 1);
	assert_int_equal(((uint64_t *)(uintptr_t)f->pt.root)[0xfe], 0);
	/* unmapping a hole is fine and changes nothing */
	assert_int_equal(pt_unmap(&f->pt, 0x0, GiB), 0);
	g = pt_gather_take(&f->pt);
	assert_int_equal(g.start, g.end);
	fx_free(f);
}

static void test_enomem_rolls_back(void **state)
{
	(void)state;
	/* 8 MiB + 4 KiB at an odd va needs PDPT, PD and several PTs: fail at each. */
	for (long n = 0; n < 8; n++) {
		struct fx *f = fx_new(&pt_format_x86_64);
		struct pt_snap s;
		int ret;

		assert_int_equal(pt_map(&f->pt, 0x10000, 0x10000, PAGE_SIZE, PT_R), 0);
		snap_take(&f->h, &s);
		f->h.fail_after = n;
		ret = pt_map(&f->pt, GiB - 0x3000, 0x100000, 8 * MiB + PAGE_SIZE, PT_R | PT_W);
		f->h.fail_after = -1;
		if (n < 6) {
			assert_int_equal(ret, -ENOMEM);
			assert_true(snap_equal(&f->h, &s));
			assert_false(wx(f, GiB).mapped);
		} else {
			assert_int_equal(ret, 0);
		}
		assert_true(wx(f, 0x10000).mapped);
		snap_free(&s);
		fx_free(f);
	}
}

static void test_split_enomem_leaves_block(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct pt_snap s;

	(void)state;
	assert_int_equal(pt_map(&f->pt, GiB, GiB, GiB, PT_R | PT_W), 0);
	snap_take(&f->h, &s);
	f->h.fail_after = 0;
	assert_int_equal(pt_unmap(&f->pt, GiB + 0x5000, PAGE_SIZE), -ENOMEM);
	assert_int_equal(pt_protect(&f->pt, GiB + 0x5000, PAGE_SIZE, PT_R), -ENOMEM);
	assert_true(snap_equal(&f->h, &s));
	/* one table (1 GiB -> 2 MiB) then failure on the 2 MiB -> 4 KiB split */
	f->h.fail_after = 1;
	assert_int_equal(pt_unmap(&f->pt, GiB + 0x5000, PAGE_SIZE), -ENOMEM);
	f->h.fail_after = -1;
	for (uint64_t va = GiB; va < 2 * GiB; va += 0x1000 * 4099)
		assert_int_equal(wx(f, va).pa, va);
	assert_int_equal(wx(f, GiB + 0x5000).pa, GiB + 0x5000);
	snap_free(&s);
	fx_free(f);
}

static void test_bad_arguments(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);

	(void)state;
	assert_int_equal(pt_map(&f->pt, 0x1001, 0, PAGE_SIZE, PT_R), -EINVAL);
	assert_int_equal(pt_map(&f->pt, 0x1000, 0x10, PAGE_SIZE, PT_R), -EINVAL);
	assert_int_equal(pt_map(&f->pt, 0x1000, 0, 0, PT_R), -EINVAL);
	assert_int_equal(pt_map(&f->pt, 1ULL << 48, 0, PAGE_SIZE, PT_R), -EINVAL);
	assert_int_equal(pt_map(&f->pt, (1ULL << 48) - PAGE_SIZE, 0, 2 * PAGE_SIZE, PT_R), -EINVAL);
	assert_int_equal(pt_map(&f->pt, 0x1000, 0, PAGE_SIZE, PT_R | PT_DEVICE | PT_WC), -EINVAL);
	assert_int_equal(pt_unmap(&f->pt, 0x1000, 0x800), -EINVAL);
	assert_int_equal(pt_lookup(&f->pt, 1ULL << 48, NULL, NULL, NULL), -EINVAL);
	assert_int_equal(pt_lookup(&f->pt, 0x1000, NULL, NULL, NULL), -ENOENT);
	assert_int_equal(f->h.live, 1);
	/* the very top page of the 48-bit space works */
	assert_int_equal(pt_map(&f->pt, (1ULL << 48) - PAGE_SIZE, 0, PAGE_SIZE, PT_R), 0);
	assert_int_equal(pt_unmap(&f->pt, (1ULL << 48) - GiB, GiB), 0);
	assert_int_equal(f->h.live, 1);
	fx_free(f);
}

struct leaves {
	unsigned n;
	uint64_t va[8], pa[8], size[8];
	unsigned prot[8];
};

static int record_leaf(void *ctx, uint64_t va, paddr_t pa, uint64_t size, unsigned prot)
{
	struct leaves *l = ctx;

	if (l->n == 8)
		return -1;
	l->va[l->n] = va;
	l->pa[l->n] = pa;
	l->size[l->n] = size;
	l->prot[l->n++] = prot;
	return 0;
}

/* The walker reports pages and blocks in address order with their output and prot. */
static void test_for_each_leaf_in_order(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	struct leaves l = { 0 };

	(void)state;
	assert_int_equal(pt_map(&f->pt, 2 * GiB, 5 * GiB, GiB, PT_R | PT_W), 0);
	assert_int_equal(pt_map(&f->pt, 0x200000, 0x400000, 2 * MiB, PT_R | PT_X), 0);
	assert_int_equal(pt_map(&f->pt, 0x1000, 0x9000, 2 * PAGE_SIZE, PT_R | PT_DEVICE), 0);
	assert_int_equal(pt_for_each_leaf(&f->pt, record_leaf, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.va[0], 0x1000);
	assert_int_equal(l.pa[0], 0x9000);
	assert_int_equal(l.size[0], PAGE_SIZE);
	assert_true(l.prot[0] & PT_DEVICE);
	assert_int_equal(l.va[1], 0x2000);
	assert_int_equal(l.pa[1], 0xa000);
	assert_int_equal(l.va[2], 0x200000);
	assert_int_equal(l.size[2], 2 * MiB);
	assert_true(l.prot[2] & PT_X);
	assert_int_equal(l.va[3], 2 * GiB);
	assert_int_equal(l.pa[3], 5 * GiB);
	assert_int_equal(l.size[3], GiB);
	/* A nonzero return stops the walk. */
	l.n = 8;
	assert_int_equal(pt_for_each_leaf(&f->pt, record_leaf, &l), -1);
	fx_free(f);
}

static void test_level_sizes_and_lookup(void **state)
{
	struct fx *f = fx_new(&pt_format_x86_64);
	paddr_t pa;
	unsigned prot;
	uint64_t size;

	(void)state;
	assert_int_equal(pt_level_size(&pt_format_x86_64, 0), 512 * GiB);
	assert_int_equal(pt_level_size(&pt_format_x86_64, 1), GiB);
	assert_int_equal(pt_level_size(&pt_format_x86_64, 2), 2 * MiB);
	assert_int_equal(pt_level_size(&pt_format_x86_64, 3), PAGE_SIZE);
	assert_int_equal(pt_map(&f->pt, 4 * GiB, 8 * GiB, GiB, PT_R | PT_WC | PT_W), 0);
	assert_int_equal(pt_lookup(&f->pt, 4 * GiB + 0x123456, &pa, &prot, &size), 0);
	assert_int_equal(pa, 8 * GiB + 0x123456);
	assert_int_equal(prot, PT_R | PT_W | PT_WC);
	assert_int_equal(size, GiB);
	fx_free(f);
}

static const struct CMUnitTest x86_tests[] = {
	cmocka_unit_test(test_4k_page_exact_bytes),
	cmocka_unit_test(test_2m_and_1g_blocks_when_aligned),
	cmocka_unit_test(test_no_block_when_unaligned),
	cmocka_unit_test(test_pages_flag_forbids_blocks),
	cmocka_unit_test(test_overlap_is_eexist_and_tables_unchanged),
	cmocka_unit_test(test_partial_unmap_splits_1g_block),
	cmocka_unit_test(test_wx_bits_per_prot),
	cmocka_unit_test(test_protect_splits_2m_block),
	cmocka_unit_test(test_protect_hole_is_enoent_unchanged),
	cmocka_unit_test(test_unmap_frees_empty_tables),
	cmocka_unit_test(test_enomem_rolls_back),
	cmocka_unit_test(test_split_enomem_leaves_block),
	cmocka_unit_test(test_bad_arguments),
	cmocka_unit_test(test_level_sizes_and_lookup),
	cmocka_unit_test(test_for_each_leaf_in_order),
};

int main(void)
{
	size_t n = ARRAY_SIZE(x86_tests) + pt_vmsa_ntests + pt_random_ntests, k = 0;
	struct CMUnitTest *all = calloc(n, sizeof(*all));

	for (size_t i = 0; i < ARRAY_SIZE(x86_tests); i++)
		all[k++] = x86_tests[i];
	for (size_t i = 0; i < pt_vmsa_ntests; i++)
		all[k++] = pt_vmsa_tests[i];
	for (size_t i = 0; i < pt_random_ntests; i++)
		all[k++] = pt_random_tests[i];
	return _cmocka_run_group_tests("pt", all, n, NULL, NULL);
}
