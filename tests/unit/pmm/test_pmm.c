// SPDX-License-Identifier: MIT
/*
 * Physical page allocator: extents stay sorted and merged, alignment is
 * honoured, exhaustion and bad frees are refused without any change, and
 * the byte accounting always matches the extents.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/mm.h>

static struct pmm *new_pmm(void)
{
	struct pmm *p = malloc(sizeof(*p));

	assert_non_null(p);
	memset(p, 0xa5, sizeof(*p)); /* pmm_init must clear everything */
	pmm_init(p);
	return p;
}

static void assert_free_is(const struct pmm *p, const struct pmm_range *want, unsigned n)
{
	uint64_t sum = 0;

	assert_int_equal(p->nfree, n);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(p->free[i].base, want[i].base);
		assert_int_equal(p->free[i].size, want[i].size);
		sum += want[i].size;
	}
	assert_int_equal(p->free_bytes, sum);
}

static void test_add_aligns_inward_and_merges(void **state)
{
	struct pmm *p = new_pmm();

	(void)state;
	assert_int_equal(pmm_add(p, 0x100800, 0x3000), 0); /* -> [0x101000, 0x103000) */
	assert_free_is(p, (struct pmm_range[]){ { 0x101000, 0x2000 } }, 1);
	assert_int_equal(pmm_add(p, 0x200000, 0x1000), 0);
	assert_int_equal(pmm_add(p, 0x103000, 0x1000), 0); /* touches the first: merged */
	assert_free_is(p, (struct pmm_range[]){ { 0x101000, 0x3000 }, { 0x200000, 0x1000 } }, 2);
	assert_int_equal(pmm_add(p, 0x104000, 0xfc000), 0); /* fills the gap */
	assert_free_is(p, (struct pmm_range[]){ { 0x101000, 0x100000 } }, 1);
	assert_int_equal(p->total, 0x100000);
	assert_int_equal(pmm_add(p, 0x300010, 0xff0), 0); /* less than a page: nothing */
	assert_int_equal(p->total, 0x100000);
	free(p);
}

static void test_add_overlap_is_refused(void **state)
{
	struct pmm *p = new_pmm(), before;

	(void)state;
	assert_int_equal(pmm_add(p, 0x100000, 0x100000), 0);
	before = *p;
	assert_int_equal(pmm_add(p, 0x1ff000, 0x2000), -EEXIST);
	assert_int_equal(pmm_add(p, 0x1000, ~0ULL), -EINVAL); /* wraps */
	assert_memory_equal(&before, p, sizeof(before));
	free(p);
}

static void test_reserve_splits_and_accounts(void **state)
{
	struct pmm *p = new_pmm();

	(void)state;
	assert_int_equal(pmm_add(p, 0x40000000, 0x10000000), 0);
	/* unaligned: grows outward to whole pages */
	assert_int_equal(pmm_reserve(p, 0x40080010, 0x1ff0), 0);
	assert_free_is(p,
		       (struct pmm_range[]){ { 0x40000000, 0x80000 },
					     { 0x40082000, 0x10000000 - 0x82000 } },
		       2);
	assert_int_equal(p->total, 0x10000000 - 0x2000);
	/* outside RAM (MMIO): nothing changes */
	assert_int_equal(pmm_reserve(p, 0x9000000, 0x1000), 0);
	assert_int_equal(p->total, 0x10000000 - 0x2000);
	/* reserved pages are not RAM the allocator knows: freeing them is refused */
	assert_int_equal(pmm_free(p, 0x40080000, 1), -EINVAL);
	/* reserving an allocated page takes it out of RAM but not of free bytes */
	assert_int_equal(pmm_alloc_aligned(p, 1, PAGE_SIZE), 0x40000000);
	assert_int_equal(pmm_reserve(p, 0x40000000, 0x1000), 0);
	assert_int_equal(p->total, 0x10000000 - 0x3000);
	assert_int_equal(p->free_bytes, 0x10000000 - 0x3000);
	assert_int_equal(pmm_free(p, 0x40000000, 1), -EINVAL);
	assert_int_equal(pmm_reserve(p, 0x1000, 0), -EINVAL);
	free(p);
}

static void test_alloc_first_fit_aligned(void **state)
{
	struct pmm *p = new_pmm();
	paddr_t a, b, c;

	(void)state;
	assert_int_equal(pmm_add(p, 0x1000, 0x3ff000), 0); /* [4 KiB, 4 MiB) */
	a = pmm_alloc_aligned(p, 1, PAGE_SIZE);
	assert_int_equal(a, 0x1000);
	b = pmm_alloc_aligned(p, 4, 2 * MiB);
	assert_int_equal(b, 0x200000);
	c = pmm_alloc_aligned(p, 2, 0x4000);
	assert_int_equal(c, 0x4000);
	assert_free_is(p,
		       (struct pmm_range[]){ { 0x2000, 0x2000 },
					     { 0x6000, 0x200000 - 0x6000 },
					     { 0x204000, 0x400000 - 0x204000 } },
		       3);
	/* freeing everything merges back to one extent */
	assert_int_equal(pmm_free(p, b, 4), 0);
	assert_int_equal(pmm_free(p, a, 1), 0);
	assert_int_equal(pmm_free(p, c, 2), 0);
	assert_free_is(p, (struct pmm_range[]){ { 0x1000, 0x3ff000 } }, 1);
	free(p);
}

static void test_alloc_bad_arguments(void **state)
{
	struct pmm *p = new_pmm();

	(void)state;
	assert_int_equal(pmm_add(p, 0x100000, 0x100000), 0);
	assert_int_equal(pmm_alloc_aligned(p, 0, PAGE_SIZE), INVALID_PADDR);
	assert_int_equal(pmm_alloc_aligned(p, 1, 0x800), INVALID_PADDR);
	assert_int_equal(pmm_alloc_aligned(p, 1, 0x3000), INVALID_PADDR);
	assert_int_equal(pmm_alloc_aligned(p, 1ULL << 60, PAGE_SIZE), INVALID_PADDR);
	assert_int_equal(pmm_free(p, 0x100800, 1), -EINVAL);
	assert_int_equal(pmm_free(p, 0x100000, 0), -EINVAL);
	assert_int_equal(p->free_bytes, 0x100000);
	free(p);
}

static void test_exhaustion(void **state)
{
	struct pmm *p = new_pmm();

	(void)state;
	assert_int_equal(pmm_add(p, 0x100000, 0x10000), 0);
	assert_int_equal(pmm_alloc_aligned(p, 17, PAGE_SIZE), INVALID_PADDR);
	assert_int_equal(pmm_alloc_aligned(p, 1, 2 * MiB), INVALID_PADDR); /* none aligned */
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(pmm_alloc_aligned(p, 1, PAGE_SIZE), 0x100000 + i * PAGE_SIZE);
	assert_int_equal(pmm_alloc_aligned(p, 1, PAGE_SIZE), INVALID_PADDR);
	assert_int_equal(p->free_bytes, 0);
	assert_int_equal(p->nfree, 0);
	assert_int_equal(p->total, 0x10000);
	free(p);
}

static void test_double_free_and_outside_ram(void **state)
{
	struct pmm *p = new_pmm(), before;
	paddr_t a;

	(void)state;
	assert_int_equal(pmm_add(p, 0x100000, 0x100000), 0);
	a = pmm_alloc_aligned(p, 8, PAGE_SIZE);
	assert_int_equal(pmm_free(p, a, 4), 0);
	before = *p;
	assert_int_equal(pmm_free(p, a, 4), -EINVAL);	       /* double */
	assert_int_equal(pmm_free(p, a + 0x3000, 2), -EINVAL); /* half of it free already */
	assert_int_equal(pmm_free(p, 0x200000, 1), -EINVAL);   /* just past RAM */
	assert_int_equal(pmm_free(p, 0xff000, 2), -EINVAL);    /* straddles RAM's start */
	assert_int_equal(pmm_free(p, ~0xfffULL, 2), -EINVAL);  /* wraps */
	assert_memory_equal(&before, p, sizeof(before));
	assert_int_equal(pmm_free(p, a + 0x4000, 4), 0);
	assert_free_is(p, (struct pmm_range[]){ { 0x100000, 0x100000 } }, 1);
	free(p);
}

static void test_range_table_full(void **state)
{
	struct pmm *p = new_pmm(), before;

	(void)state;
	/* [i * 64 KiB + 4 KiB, + 12 KiB): every 8 KiB-aligned page is a middle page */
	for (unsigned i = 0; i < PMM_MAX_RANGES; i++)
		assert_int_equal(pmm_add(p, (uint64_t)i * 0x10000 + 0x1000, 0x3000), 0);
	before = *p;
	assert_int_equal(pmm_add(p, 0x10000000, 0x1000), -ENOSPC);
	/* anything needing a split is refused, nothing changes */
	assert_int_equal(pmm_reserve(p, 0x2000, 0x1000), -ENOSPC);
	assert_int_equal(pmm_alloc_aligned(p, 1, 0x2000), INVALID_PADDR);
	assert_memory_equal(&before, p, sizeof(before));
	/* at an edge no split is needed */
	assert_int_equal(pmm_alloc_aligned(p, 1, PAGE_SIZE), 0x1000);
	assert_int_equal(pmm_free(p, 0x1000, 1), 0);
	assert_memory_equal(&before, p, sizeof(before));
	assert_int_equal(pmm_reserve(p, 0x3000, 0x1000), 0);
	assert_int_equal(p->nfree, PMM_MAX_RANGES);
	assert_int_equal(p->total, PMM_MAX_RANGES * 0x3000ULL - 0x1000);
	free(p);
}

/* Random allocations and frees: no overlap, accounting exact, merged at the end. */
static void test_random_alloc_free(void **state)
{
	struct pmm *p = new_pmm();
	struct {
		paddr_t pa;
		uint64_t n;
	} live[64] = { 0 };
	uint64_t rng = 12345, used = 0;

	(void)state;
	assert_int_equal(pmm_add(p, 0x1000000, 0x1000000), 0);
	assert_int_equal(pmm_add(p, 0x4000000, 0x800000), 0);
	for (unsigned i = 0; i < 5000; i++) {
		unsigned k;

		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		k = (unsigned)(rng >> 33) % 64;
		if (live[k].n) {
			assert_int_equal(pmm_free(p, live[k].pa, live[k].n), 0);
			used -= live[k].n * PAGE_SIZE;
			live[k].n = 0;
		} else {
			uint64_t n = 1 + (rng >> 40) % 64, align = PAGE_SIZE << ((rng >> 20) % 6);
			paddr_t pa = pmm_alloc_aligned(p, n, align);

			if (pa == INVALID_PADDR)
				continue;
			assert_true(IS_ALIGNED(pa, align));
			for (unsigned j = 0; j < 64; j++)
				assert_true(!live[j].n || pa + n * PAGE_SIZE <= live[j].pa ||
					    live[j].pa + live[j].n * PAGE_SIZE <= pa);
			live[k].pa = pa;
			live[k].n = n;
			used += n * PAGE_SIZE;
		}
		assert_int_equal(p->free_bytes, p->total - used);
		for (unsigned j = 1; j < p->nfree; j++) /* sorted, merged */
			assert_true(p->free[j - 1].base + p->free[j - 1].size < p->free[j].base);
	}
	for (unsigned k = 0; k < 64; k++)
		if (live[k].n)
			assert_int_equal(pmm_free(p, live[k].pa, live[k].n), 0);
	assert_free_is(p, (struct pmm_range[]){ { 0x1000000, 0x1000000 }, { 0x4000000, 0x800000 } },
		       2);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_aligns_inward_and_merges),
		cmocka_unit_test(test_add_overlap_is_refused),
		cmocka_unit_test(test_reserve_splits_and_accounts),
		cmocka_unit_test(test_alloc_first_fit_aligned),
		cmocka_unit_test(test_alloc_bad_arguments),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_double_free_and_outside_ram),
		cmocka_unit_test(test_range_table_full),
		cmocka_unit_test(test_random_alloc_free),
	};
	return cmocka_run_group_tests_name("pmm", tests, NULL, NULL);
}
