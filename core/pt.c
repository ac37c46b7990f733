// SPDX-License-Identifier: MIT
/*
 * Generic page-table builder. The format (struct pt_format) encodes and
 * decodes entries; this file walks, allocates, splits and frees tables.
 *
 * Rules kept here for every format:
 *  - Tables are 4 KiB with 512 entries; level L maps 2^(12 + 9 * (levels-1-L)) bytes.
 *  - An entry is changed with one 64-bit store. Table entries are published
 *    with a release store so the zeroed/filled table is visible first.
 *  - pt_map checks the whole range before writing anything (-EEXIST leaves
 *    the tables as they were) and undoes its own work on -ENOMEM.
 *  - pt_unmap/pt_protect first split the blocks that straddle the range
 *    ends (the only allocations), so a later failure cannot happen halfway.
 *  - Replacing a live block by a table follows break-before-make when the
 *    format asks for it (Arm ARM D8.14): invalid entry, invalidate, table.
 *  - Every changed range accumulates in pt->gather; callers flush once.
 *  - Recursion depth is bounded by fmt->levels, each loop by the range.
 */
#include <errno.h>
#include <vmplat/pt.h>

#define PT_ENTRY_SHIFT 9
#define PT_ENTRIES     (1u << PT_ENTRY_SHIFT)
/* End of the freed-table chain: bit 0 clear (invalid entry), never a page address. */
#define PT_CHAIN_END   0x2ULL

/* One pt_unmap call: tables emptied on the way, freed after invalidation. */
struct pt_op {
	struct pt *pt;
	paddr_t freed; /* chain linked through entry 0 of each emptied table */
};

static unsigned lvl_shift(const struct pt_format *fmt, unsigned level)
{
	return PAGE_SHIFT + PT_ENTRY_SHIFT * (fmt->levels - 1 - level);
}

uint64_t pt_level_size(const struct pt_format *fmt, unsigned level)
{
	return 1ULL << lvl_shift(fmt, level);
}

static bool lvl_last(const struct pt_format *fmt, unsigned level)
{
	return level + 1 == fmt->levels;
}

static unsigned lvl_entries(const struct pt_format *fmt, unsigned level)
{
	if (level)
		return PT_ENTRIES;
	return 1u << (fmt->va_bits - lvl_shift(fmt, 0));
}

static unsigned lvl_index(const struct pt_format *fmt, unsigned level, uint64_t va)
{
	return (unsigned)(va >> lvl_shift(fmt, level)) & (lvl_entries(fmt, level) - 1);
}

/* End of the entry holding va, clipped to end. */
static uint64_t entry_end(uint64_t va, uint64_t lsize, uint64_t end)
{
	uint64_t next = (va | (lsize - 1)) + 1;

	return next < end ? next : end;
}

static uint64_t *tbl(const struct pt *pt, paddr_t pa)
{
	return pt->alloc->table_ptr(pt->alloc->ctx, pa);
}

static bool pte_is_table(const struct pt *pt, uint64_t pte, unsigned level)
{
	return pt->fmt->is_table(pte, level, lvl_last(pt->fmt, level));
}

static void gather_add(struct pt *pt, uint64_t start, uint64_t end)
{
	struct pt_gather *g = &pt->gather;

	if (g->start == g->end) {
		g->start = start;
		g->end = end;
		return;
	}
	g->start = MIN(g->start, start);
	g->end = MAX(g->end, end);
}

struct pt_gather pt_gather_take(struct pt *pt)
{
	struct pt_gather g = pt->gather;

	pt->gather = (struct pt_gather){ 0 };
	return g;
}

/* Publish a table entry after its table's contents (single release store). */
static void publish_table(uint64_t *e, uint64_t pte)
{
	__atomic_store_n(e, pte, __ATOMIC_RELEASE);
}

static int check_range(const struct pt *pt, uint64_t va, uint64_t size)
{
	uint64_t limit = 1ULL << pt->fmt->va_bits;

	if (!size || !IS_ALIGNED(va | size, PAGE_SIZE))
		return -EINVAL;
	if (va >= limit || size > limit - va)
		return -EINVAL;
	return 0;
}

int pt_init(struct pt *pt, const struct pt_format *fmt, const struct pt_alloc *alloc)
{
	unsigned root_bits;

	*pt = (struct pt){ .fmt = fmt, .alloc = alloc, .root = INVALID_PADDR };
	if (!fmt->levels || fmt->levels > PT_MAX_LEVELS)
		return -EINVAL;
	root_bits = fmt->va_bits - lvl_shift(fmt, 0);
	if (fmt->va_bits <= lvl_shift(fmt, 0) || root_bits > PT_ENTRY_SHIFT)
		return -EINVAL;
	pt->root = alloc->alloc_table(alloc->ctx);
	return pt->root == INVALID_PADDR ? -ENOMEM : 0;
}

static void free_tables(struct pt *pt, unsigned level, paddr_t table)
{
	const struct pt_format *fmt = pt->fmt;
	uint64_t *t = tbl(pt, table);

	for (unsigned i = 0; i < lvl_entries(fmt, level); i++) {
		uint64_t pte = t[i];

		if (fmt->is_valid(pte) && pte_is_table(pt, pte, level))
			free_tables(pt, level + 1, fmt->table_addr(pte));
	}
	pt->alloc->free_table(pt->alloc->ctx, table);
}

void pt_destroy(struct pt *pt)
{
	if (pt->root != INVALID_PADDR)
		free_tables(pt, 0, pt->root);
	pt->root = INVALID_PADDR;
}

/* ---- map ---- */

/* -EEXIST when any page of [va, end) under table is mapped. */
static int check_free(const struct pt *pt, unsigned level, paddr_t table, uint64_t va, uint64_t end)
{
	const struct pt_format *fmt = pt->fmt;
	uint64_t *t = tbl(pt, table);
	uint64_t lsize = pt_level_size(fmt, level), next;
	int ret;

	for (; va < end; va = next) {
		uint64_t pte = READ_ONCE(t[lvl_index(fmt, level, va)]);

		next = entry_end(va, lsize, end);
		if (!fmt->is_valid(pte))
			continue;
		if (!pte_is_table(pt, pte, level))
			return -EEXIST;
		ret = check_free(pt, level + 1, fmt->table_addr(pte), va, next);
		if (ret)
			return ret;
	}
	return 0;
}

static bool can_block(const struct pt_format *fmt, unsigned level, uint64_t va, uint64_t next,
		      paddr_t pa, unsigned prot)
{
	uint64_t lsize = pt_level_size(fmt, level);

	if (!lvl_last(fmt, level) && (!(fmt->block_levels & BIT(level)) || (prot & PT_PAGES)))
		return false;
	return next - va == lsize && IS_ALIGNED(va | pa, lsize);
}

static int new_table(struct pt *pt, uint64_t *e, uint64_t *pte)
{
	paddr_t pa = pt->alloc->alloc_table(pt->alloc->ctx);

	if (pa == INVALID_PADDR)
		return -ENOMEM;
	*pte = pt->fmt->make_table(pa);
	publish_table(e, *pte);
	return 0;
}

static int map_range(struct pt *pt, unsigned level, paddr_t table, uint64_t va, uint64_t end,
		     paddr_t pa, unsigned prot)
{
	const struct pt_format *fmt = pt->fmt;
	uint64_t *t = tbl(pt, table);
	uint64_t lsize = pt_level_size(fmt, level), next;
	int ret;

	for (; va < end; pa += next - va, va = next) {
		uint64_t *e = &t[lvl_index(fmt, level, va)];
		uint64_t pte = READ_ONCE(*e);

		next = entry_end(va, lsize, end);
		if (!fmt->is_valid(pte) && can_block(fmt, level, va, next, pa, prot)) {
			WRITE_ONCE(*e, fmt->make_leaf(pa, prot & ~PT_PAGES, level,
						      lvl_last(fmt, level)));
			continue;
		}
		if (!fmt->is_valid(pte)) {
			ret = new_table(pt, e, &pte);
			if (ret)
				return ret;
		}
		ret = map_range(pt, level + 1, fmt->table_addr(pte), va, next, pa, prot);
		if (ret)
			return ret;
	}
	return 0;
}

static void unmap_range(struct pt_op *op, unsigned level, paddr_t table, uint64_t va, uint64_t end);
static void free_deferred(struct pt_op *op);

int pt_map(struct pt *pt, uint64_t va, paddr_t pa, uint64_t size, unsigned prot)
{
	struct pt_op op = { .pt = pt, .freed = INVALID_PADDR };
	int ret = check_range(pt, va, size);

	if (ret)
		return ret;
	if (!IS_ALIGNED(pa, PAGE_SIZE) || pa + size < pa)
		return -EINVAL;
	if ((prot & PT_TYPE_MASK) == PT_TYPE_MASK)
		return -EINVAL;
	ret = check_free(pt, 0, pt->root, va, va + size);
	if (ret)
		return ret;
	ret = map_range(pt, 0, pt->root, va, va + size, pa, prot);
	gather_add(pt, va, va + size);
	if (ret) {
		/* The range was free before: everything mapped in it is ours. */
		unmap_range(&op, 0, pt->root, va, va + size);
		free_deferred(&op);
	}
	return ret;
}

/* ---- split ---- */

/* Replace the live block *e (at base) by a table of equivalent smaller entries. */
static int split_block(struct pt *pt, unsigned level, uint64_t *e, uint64_t base)
{
	const struct pt_format *fmt = pt->fmt;
	uint64_t pte = READ_ONCE(*e), lsize = pt_level_size(fmt, level);
	uint64_t csize = pt_level_size(fmt, level + 1);
	bool clast = lvl_last(fmt, level + 1);
	paddr_t out = fmt->out_addr(pte, level, false);
	unsigned prot = fmt->prot(pte);
	paddr_t pa = pt->alloc->alloc_table(pt->alloc->ctx);
	uint64_t *t;

	if (pa == INVALID_PADDR)
		return -ENOMEM;
	t = tbl(pt, pa);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		t[i] = fmt->make_leaf(out + i * csize, prot, level + 1, clast);
	if (fmt->break_before_make && pt->invalidate) {
		WRITE_ONCE(*e, 0);
		pt->invalidate(pt->inv_ctx, base, lsize);
	}
	publish_table(e, fmt->make_table(pa));
	gather_add(pt, base, base + lsize);
	return 0;
}

/* Make addr an entry boundary at every level that holds a leaf spanning it. */
static int split_at(struct pt *pt, uint64_t addr)
{
	const struct pt_format *fmt = pt->fmt;
	paddr_t table = pt->root;
	int ret;

	for (unsigned level = 0; level < fmt->levels; level++) {
		uint64_t lsize = pt_level_size(fmt, level);
		uint64_t *e = &tbl(pt, table)[lvl_index(fmt, level, addr)];
		uint64_t pte;

		if (IS_ALIGNED(addr, lsize))
			return 0; /* also aligned for every smaller leaf below */
		pte = READ_ONCE(*e);
		if (!fmt->is_valid(pte))
			return 0;
		if (!pte_is_table(pt, pte, level)) {
			ret = split_block(pt, level, e, ALIGN_DOWN(addr, lsize));
			if (ret)
				return ret;
			pte = READ_ONCE(*e);
		}
		table = fmt->table_addr(pte);
	}
	return 0;
}

static int split_ends(struct pt *pt, uint64_t va, uint64_t end)
{
	int ret = split_at(pt, va);

	return ret ? ret : split_at(pt, end);
}

/* ---- unmap ---- */

static bool table_empty(const struct pt *pt, paddr_t table)
{
	uint64_t *t = tbl(pt, table);

	for (unsigned i = 0; i < PT_ENTRIES; i++)
		if (pt->fmt->is_valid(READ_ONCE(t[i])))
			return false;
	return true;
}

/*
 * Unlink an emptied table. It is freed only after invalidation (a walker may
 * still hold it in a walk cache); until then entry 0 links the chain, and a
 * page address has bit 0 clear, so a stale walk reads an invalid entry.
 */
static void defer_free(struct pt_op *op, uint64_t *e, paddr_t child)
{
	WRITE_ONCE(*e, 0);
	WRITE_ONCE(tbl(op->pt, child)[0], op->freed == INVALID_PADDR ? PT_CHAIN_END : op->freed);
	op->freed = child;
	op->pt->gather.tables_freed = true;
}

static void free_deferred(struct pt_op *op)
{
	struct pt *pt = op->pt;
	paddr_t pa = op->freed;

	if (pa == INVALID_PADDR)
		return;
	if (pt->invalidate && pt->gather.start != pt->gather.end)
		pt->invalidate(pt->inv_ctx, pt->gather.start, pt->gather.end - pt->gather.start);
	while (pa != PT_CHAIN_END) {
		paddr_t next = tbl(pt, pa)[0];

		tbl(pt, pa)[0] = 0;
		pt->alloc->free_table(pt->alloc->ctx, pa);
		pa = next;
	}
	op->freed = INVALID_PADDR;
}

/* Blocks straddling va or end were split before: every leaf met lies inside. */
static void unmap_range(struct pt_op *op, unsigned level, paddr_t table, uint64_t va, uint64_t end)
{
	struct pt *pt = op->pt;
	const struct pt_format *fmt = pt->fmt;
	uint64_t *t = tbl(pt, table);
	uint64_t lsize = pt_level_size(fmt, level), next;

	for (; va < end; va = next) {
		uint64_t *e = &t[lvl_index(fmt, level, va)];
		uint64_t pte = READ_ONCE(*e);
		paddr_t child;

		next = entry_end(va, lsize, end);
		if (!fmt->is_valid(pte))
			continue;
		gather_add(pt, va, next);
		if (!pte_is_table(pt, pte, level)) {
			WRITE_ONCE(*e, 0);
			continue;
		}
		child = fmt->table_addr(pte);
		unmap_range(op, level + 1, child, va, next);
		if (table_empty(pt, child))
			defer_free(op, e, child);
	}
}

int pt_unmap(struct pt *pt, uint64_t va, uint64_t size)
{
	struct pt_op op = { .pt = pt, .freed = INVALID_PADDR };
	int ret = check_range(pt, va, size);

	if (!ret)
		ret = split_ends(pt, va, va + size);
	if (ret)
		return ret;
	unmap_range(&op, 0, pt->root, va, va + size);
	free_deferred(&op);
	return 0;
}

/* ---- protect ---- */

/* -ENOENT when any page of [va, end) under table is unmapped. */
static int check_mapped(const struct pt *pt, unsigned level, paddr_t table, uint64_t va,
			uint64_t end)
{
	const struct pt_format *fmt = pt->fmt;
	uint64_t *t = tbl(pt, table);
	uint64_t lsize = pt_level_size(fmt, level), next;
	int ret;

	for (; va < end; va = next) {
		uint64_t pte = READ_ONCE(t[lvl_index(fmt, level, va)]);

		next = entry_end(va, lsize, end);
		if (!fmt->is_valid(pte))
			return -ENOENT;
		if (!pte_is_table(pt, pte, level))
			continue;
		ret = check_mapped(pt, level + 1, fmt->table_addr(pte), va, next);
		if (ret)
			return ret;
	}
	return 0;
}

/* Rewrite one leaf; a memory type change is break-before-make (D8.14.1). */
static void reprotect_leaf(struct pt *pt, unsigned level, uint64_t *e, uint64_t va, unsigned prot)
{
	const struct pt_format *fmt = pt->fmt;
	bool last = lvl_last(fmt, level);
	uint64_t pte = READ_ONCE(*e), lsize = pt_level_size(fmt, level);
	uint64_t npte = fmt->make_leaf(fmt->out_addr(pte, level, last), prot, level, last);

	if (npte == pte)
		return;
	if (fmt->break_before_make && pt->invalidate &&
	    (fmt->prot(pte) & PT_TYPE_MASK) != (prot & PT_TYPE_MASK)) {
		WRITE_ONCE(*e, 0);
		pt->invalidate(pt->inv_ctx, va, lsize);
	}
	WRITE_ONCE(*e, npte);
	gather_add(pt, va, va + lsize);
}

static void protect_range(struct pt *pt, unsigned level, paddr_t table, uint64_t va, uint64_t end,
			  unsigned prot)
{
	const struct pt_format *fmt = pt->fmt;
	uint64_t *t = tbl(pt, table);
	uint64_t lsize = pt_level_size(fmt, level), next;

	for (; va < end; va = next) {
		uint64_t *e = &t[lvl_index(fmt, level, va)];
		uint64_t pte = READ_ONCE(*e);

		next = entry_end(va, lsize, end);
		if (pte_is_table(pt, pte, level))
			protect_range(pt, level + 1, fmt->table_addr(pte), va, next, prot);
		else
			reprotect_leaf(pt, level, e, va, prot);
	}
}

int pt_protect(struct pt *pt, uint64_t va, uint64_t size, unsigned prot)
{
	int ret = check_range(pt, va, size);

	if (!ret && (prot & PT_TYPE_MASK) == PT_TYPE_MASK)
		ret = -EINVAL;
	if (!ret)
		ret = check_mapped(pt, 0, pt->root, va, va + size);
	if (!ret)
		ret = split_ends(pt, va, va + size);
	if (ret)
		return ret;
	protect_range(pt, 0, pt->root, va, va + size, prot);
	return 0;
}

/* ---- lookup ---- */

int pt_lookup(const struct pt *pt, uint64_t va, paddr_t *pa, unsigned *prot, uint64_t *size)
{
	const struct pt_format *fmt = pt->fmt;
	paddr_t table = pt->root;

	if (va >> fmt->va_bits)
		return -EINVAL;
	for (unsigned level = 0; level < fmt->levels; level++) {
		uint64_t pte = READ_ONCE(tbl(pt, table)[lvl_index(fmt, level, va)]);
		uint64_t lsize = pt_level_size(fmt, level);
		bool last = lvl_last(fmt, level);

		if (!fmt->is_valid(pte))
			return -ENOENT;
		if (fmt->is_table(pte, level, last)) {
			table = fmt->table_addr(pte);
			continue;
		}
		if (pa)
			*pa = fmt->out_addr(pte, level, last) + (va & (lsize - 1));
		if (prot)
			*prot = fmt->prot(pte);
		if (size)
			*size = lsize;
		return 0;
	}
	return -ENOENT;
}
