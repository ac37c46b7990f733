// SPDX-License-Identifier: MIT
/*
 * Physical page allocator: sorted, merged extents of free pages, plus the
 * usable RAM they come from (so a free outside RAM, or of a free page, is
 * refused without changing anything). First fit from the lowest address.
 *
 * Both sets are arrays of PMM_MAX_RANGES disjoint, non-touching ranges in
 * address order. Every operation checks it can complete (space for a
 * split) before it changes anything.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/mm.h>

struct rset {
	struct pmm_range *r;
	unsigned *n;
};

static uint64_t rend(const struct pmm_range *r)
{
	return r->base + r->size;
}

/* Bytes of [b, e) inside the set. */
static uint64_t rs_overlap(struct rset s, paddr_t b, paddr_t e)
{
	uint64_t bytes = 0;

	for (unsigned i = 0; i < *s.n; i++) {
		paddr_t lo = MAX(b, s.r[i].base), hi = MIN(e, rend(&s.r[i]));

		if (lo < hi)
			bytes += hi - lo;
	}
	return bytes;
}

/* [b, e) lies inside one range (ranges are merged, so inside the set). */
static bool rs_covers(struct rset s, paddr_t b, paddr_t e)
{
	for (unsigned i = 0; i < *s.n; i++)
		if (s.r[i].base <= b && e <= rend(&s.r[i]))
			return true;
	return false;
}

/* Removing [b, e) splits a range in two (needs a free slot). */
static bool rs_splits(struct rset s, paddr_t b, paddr_t e)
{
	for (unsigned i = 0; i < *s.n; i++)
		if (s.r[i].base < b && rend(&s.r[i]) > e)
			return true;
	return false;
}

/* Add [b, e), merging with touching or overlapping ranges. */
static int rs_insert(struct rset s, paddr_t b, paddr_t e)
{
	unsigned i = 0, j, n = *s.n;

	while (i < n && rend(&s.r[i]) < b)
		i++;
	for (j = i; j < n && s.r[j].base <= e; j++) {
		b = MIN(b, s.r[j].base);
		e = MAX(e, rend(&s.r[j]));
	}
	if (j == i) {
		if (n == PMM_MAX_RANGES)
			return -ENOSPC;
		memmove(&s.r[i + 1], &s.r[i], (n - i) * sizeof(s.r[0]));
		*s.n = n + 1;
	} else if (j > i + 1) {
		memmove(&s.r[i + 1], &s.r[j], (n - j) * sizeof(s.r[0]));
		*s.n = n - (j - i - 1);
	}
	s.r[i] = (struct pmm_range){ b, e - b };
	return 0;
}

/* Remove [b, e); a range strictly containing it is split in two. */
static int rs_remove(struct rset s, paddr_t b, paddr_t e)
{
	unsigned w = 0, n = *s.n;

	for (unsigned i = 0; i < n; i++) {
		if (s.r[i].base < b && rend(&s.r[i]) > e) {
			if (n == PMM_MAX_RANGES)
				return -ENOSPC;
			memmove(&s.r[i + 1], &s.r[i], (n - i) * sizeof(s.r[0]));
			s.r[i].size = b - s.r[i].base;
			s.r[i + 1].size = rend(&s.r[i + 1]) - e;
			s.r[i + 1].base = e;
			*s.n = n + 1;
			return 0;
		}
	}
	for (unsigned i = 0; i < n; i++) {
		paddr_t rb = s.r[i].base, re = rend(&s.r[i]);

		if (re <= b || rb >= e)
			s.r[w++] = s.r[i];
		else if (rb < b)
			s.r[w++] = (struct pmm_range){ rb, b - rb };
		else if (re > e)
			s.r[w++] = (struct pmm_range){ e, re - e };
	}
	*s.n = w;
	return 0;
}

static struct rset ram_set(struct pmm *p)
{
	return (struct rset){ p->ram, &p->nram };
}

static struct rset free_set(struct pmm *p)
{
	return (struct rset){ p->free, &p->nfree };
}

void pmm_init(struct pmm *p)
{
	memset(p, 0, sizeof(*p));
}

int pmm_add(struct pmm *p, paddr_t base, uint64_t size)
{
	paddr_t b = ALIGN_UP(base, PAGE_SIZE), e;
	int ret;

	if (base + size < base || b < base)
		return -EINVAL;
	e = ALIGN_DOWN(base + size, PAGE_SIZE);
	if (e <= b)
		return 0; /* less than a page: nothing usable */
	if (rs_overlap(ram_set(p), b, e))
		return -EEXIST;
	ret = rs_insert(ram_set(p), b, e);
	if (ret)
		return ret;
	ret = rs_insert(free_set(p), b, e);
	if (ret) {
		/* Undoing the merge just made frees a slot: cannot fail. */
		rs_remove(ram_set(p), b, e);
		return ret;
	}
	p->total += e - b;
	p->free_bytes += e - b;
	return 0;
}

int pmm_reserve(struct pmm *p, paddr_t base, uint64_t size)
{
	paddr_t b = ALIGN_DOWN(base, PAGE_SIZE), e;
	uint64_t in_ram, in_free;

	if (!size || base + size < base || ALIGN_UP(base + size, PAGE_SIZE) < base)
		return -EINVAL;
	e = ALIGN_UP(base + size, PAGE_SIZE);
	in_ram = rs_overlap(ram_set(p), b, e);
	in_free = rs_overlap(free_set(p), b, e);
	if (!in_ram)
		return 0; /* not RAM the allocator has: nothing to take away */
	/* Check both sets have room for a split before changing either. */
	if (rs_splits(ram_set(p), b, e) && p->nram == PMM_MAX_RANGES)
		return -ENOSPC;
	if (rs_splits(free_set(p), b, e) && p->nfree == PMM_MAX_RANGES)
		return -ENOSPC;
	rs_remove(ram_set(p), b, e);
	rs_remove(free_set(p), b, e);
	p->total -= in_ram;
	p->free_bytes -= in_free;
	return 0;
}

paddr_t pmm_alloc_aligned(struct pmm *p, uint64_t npages, uint64_t align)
{
	uint64_t bytes = npages << PAGE_SHIFT;

	if (!npages || npages > (~0ULL >> PAGE_SHIFT) || align < PAGE_SIZE || (align & (align - 1)))
		return INVALID_PADDR;
	for (unsigned i = 0; i < p->nfree; i++) {
		paddr_t start = ALIGN_UP(p->free[i].base, align), end = rend(&p->free[i]);

		if (start < p->free[i].base || start >= end || end - start < bytes)
			continue;
		if (rs_remove(free_set(p), start, start + bytes))
			continue; /* no slot for the split; an exact or edge fit may still work */
		p->free_bytes -= bytes;
		return start;
	}
	return INVALID_PADDR;
}

int pmm_free(struct pmm *p, paddr_t pa, uint64_t npages)
{
	uint64_t bytes = npages << PAGE_SHIFT;
	int ret;

	if (!npages || npages > (~0ULL >> PAGE_SHIFT) || !IS_ALIGNED(pa, PAGE_SIZE) ||
	    pa + bytes < pa)
		return -EINVAL;
	if (!rs_covers(ram_set(p), pa, pa + bytes) || rs_overlap(free_set(p), pa, pa + bytes))
		return -EINVAL; /* outside RAM, or (part) already free: double free */
	ret = rs_insert(free_set(p), pa, pa + bytes);
	if (ret)
		return ret;
	p->free_bytes += bytes;
	return 0;
}
