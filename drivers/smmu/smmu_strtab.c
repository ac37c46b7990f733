// SPDX-License-Identifier: MIT
/*
 * SMMUv3 stream table (IHI 0070 E.a, 5.1): linear when it is small (up to
 * 2^SMMU_ST_LINEAR_MAXBITS STEs, 64 KiB) or the unit has no 2-level
 * support, else 2-level with SPLIT 8 and level-2 tables allocated on first
 * use. Every STE starts as abort (V=1, Config=abort): a StreamID nobody
 * attached has its DMA refused without C_BAD_STE noise. Portable: memory
 * comes from struct smmu_mem_ops (host memory in tests/unit/smmu).
 */
#include <errno.h>
#include <vmplat/barrier.h>

#include "smmu.h"

static int fill_abort(uint8_t *tab, uint64_t nste)
{
	for (uint64_t i = 0; i < nste; i++)
		smmu_ste_abort(tab + i * SMMU_STE_BYTES);
	return 0;
}

/* Table memory: aligned to its size (5.1.1: STRTAB_BASE / L2Ptr alignment). */
static paddr_t alloc_table(struct smmu_strtab *st, uint64_t bytes)
{
	uint64_t pages = DIV_ROUND_UP(bytes, PAGE_SIZE);

	return st->mem->alloc(st->mem->ctx, pages, MAX(bytes, PAGE_SIZE));
}

int smmu_strtab_init(struct smmu_strtab *st, const struct smmu_caps *c, unsigned sid_bits,
		     const struct smmu_mem_ops *mem)
{
	uint64_t bytes;

	*st = (struct smmu_strtab){ .mem = mem };
	st->sid_bits = MIN(MIN(sid_bits, c->sid_bits), (unsigned)SMMU_ST_MAX_BITS);
	st->two_level = c->two_level_st && st->sid_bits > SMMU_ST_LINEAR_MAXBITS;
	st->split = st->two_level ? SMMU_ST_SPLIT : 0;
	if (st->two_level)
		bytes = (1ull << (st->sid_bits - st->split)) * SMMU_L1STD_BYTES;
	else
		bytes = (1ull << st->sid_bits) * SMMU_STE_BYTES;
	st->base = alloc_table(st, bytes);
	if (st->base == INVALID_PADDR)
		return -ENOMEM;
	st->base_ptr = mem->ptr(mem->ctx, st->base);
	/* Level-1 descriptors stay 0 (Span 0: invalid) until a level-2 table exists. */
	if (!st->two_level)
		fill_abort(st->base_ptr, 1ull << st->sid_bits);
	return 0;
}

uint8_t *smmu_strtab_ste(struct smmu_strtab *st, uint32_t sid, bool *new_l1)
{
	uint32_t l1, nl2 = 1u << st->split;
	uint8_t *l2;

	*new_l1 = false;
	if (st->sid_bits < 32 && sid >> st->sid_bits)
		return NULL;
	if (!st->two_level)
		return st->base_ptr + (size_t)sid * SMMU_STE_BYTES;
	l1 = sid >> st->split;
	if (!st->l2[l1]) {
		paddr_t pa = alloc_table(st, (uint64_t)nl2 * SMMU_STE_BYTES);

		if (pa == INVALID_PADDR)
			return NULL;
		fill_abort(st->mem->ptr(st->mem->ctx, pa), nl2);
		st->l2[l1] = pa;
		dma_wmb(); /* the aborting STEs before the descriptor that points at them */
		smmu_dword_store(st->base_ptr + (size_t)l1 * SMMU_L1STD_BYTES,
				 smmu_l1std(pa, st->split));
		*new_l1 = true;
	}
	l2 = st->mem->ptr(st->mem->ctx, st->l2[l1]);
	return l2 + (size_t)(sid & (nl2 - 1)) * SMMU_STE_BYTES;
}

uint64_t smmu_strtab_base_reg(const struct smmu_strtab *st)
{
	return SMMU_STRTAB_BASE_RA | (st->base & SMMU_STRTAB_BASE_ADDR);
}

uint32_t smmu_strtab_cfg_reg(const struct smmu_strtab *st)
{
	return (uint32_t)(FIELD_PREP(SMMU_STRTAB_CFG_FMT, st->two_level ? 1 : 0) |
			  FIELD_PREP(SMMU_STRTAB_CFG_SPLIT, st->split) |
			  FIELD_PREP(SMMU_STRTAB_CFG_LOG2SIZE, st->sid_bits));
}
