// SPDX-License-Identifier: MIT
/*
 * Visiting every leaf of a page table in address order (for reports such as
 * the `iommu` command's mapping list). Bounded by the format's level count;
 * reads entries only through the format ops and pt_alloc, like pt.c.
 */
#include <vmplat/pt.h>

#define PT_ENTRY_BITS 9 /* 512 entries of 8 bytes per 4 KiB table below the root */

static unsigned entries(const struct pt_format *fmt, unsigned level)
{
	unsigned shift = (unsigned)__builtin_ctzll(pt_level_size(fmt, level));

	return level ? 1u << PT_ENTRY_BITS : 1u << (fmt->va_bits - shift);
}

static int walk(const struct pt *pt, unsigned level, paddr_t table, uint64_t base, pt_leaf_fn fn,
		void *ctx)
{
	const struct pt_format *fmt = pt->fmt;
	const uint64_t *t = pt->alloc->table_ptr(pt->alloc->ctx, table);
	uint64_t lsize = pt_level_size(fmt, level);
	bool last = level + 1 == fmt->levels;

	for (unsigned i = 0; i < entries(fmt, level); i++) {
		uint64_t pte = READ_ONCE(t[i]), va = base + i * lsize;
		int rc;

		if (!fmt->is_valid(pte))
			continue;
		if (fmt->is_table(pte, level, last))
			rc = walk(pt, level + 1, fmt->table_addr(pte), va, fn, ctx);
		else
			rc = fn(ctx, va, fmt->out_addr(pte, level, last), lsize, fmt->prot(pte));
		if (rc)
			return rc;
	}
	return 0;
}

int pt_for_each_leaf(const struct pt *pt, pt_leaf_fn fn, void *ctx)
{
	if (!pt->fmt || pt->root == INVALID_PADDR)
		return 0;
	return walk(pt, 0, pt->root, 0, fn, ctx);
}
