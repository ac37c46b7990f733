// SPDX-License-Identifier: MIT
/*
 * VT-d second-level paging entries (VT-d 3.x/4.x, section 9.8, tables
 * "Format for Second-Level Paging Entries"): R bit 0, W bit 1, X bit 2
 * (only with ECAP.SLADS-style execute requests: left 0), EMT 5:3 and
 * IPAT 6 (only with ECAP.ET... left 0: snooped memory type), PS bit 7 in
 * a PDPE (1 GiB) or PDE (2 MiB) when CAP.SLLPS allows, SNP bit 11 (left 0),
 * address bits HAW-1:12. An entry is present when R or W is set (9.8:
 * "not-present" is R=W=0). Non-leaf entries carry R|W: the leaf decides.
 * 3 levels cover 39 bits (AGAW 39), 4 levels 48 bits (AGAW 48).
 */
#include <vmplat/iommu.h>

#define SL_R	BIT_ULL(0)
#define SL_W	BIT_ULL(1)
#define SL_PS	BIT_ULL(7)
#define SL_ADDR GENMASK_ULL(51, 12)

static unsigned sl_shift(unsigned levels, unsigned level)
{
	return PAGE_SHIFT + 9 * (levels - 1 - level);
}

static uint64_t sl_make_table(paddr_t next)
{
	return (next & SL_ADDR) | SL_R | SL_W;
}

static uint64_t sl_leaf(paddr_t pa, unsigned prot, bool last_level, unsigned shift)
{
	uint64_t pte = pa & SL_ADDR & ~((1ULL << shift) - 1);

	if (prot & PT_R)
		pte |= SL_R;
	if (prot & PT_W)
		pte |= SL_W;
	if (!last_level)
		pte |= SL_PS;
	return pte;
}

static uint64_t sl4_make_leaf(paddr_t pa, unsigned prot, unsigned level, bool last_level)
{
	return sl_leaf(pa, prot, last_level, sl_shift(4, level));
}

static uint64_t sl3_make_leaf(paddr_t pa, unsigned prot, unsigned level, bool last_level)
{
	return sl_leaf(pa, prot, last_level, sl_shift(3, level));
}

static bool sl_is_valid(uint64_t pte)
{
	return pte & (SL_R | SL_W);
}

/* PS is reserved at the top level of either depth (only PDPE/PDE hold pages). */
static bool sl_is_table(uint64_t pte, unsigned level, bool last_level)
{
	(void)level;
	return !last_level && !(pte & SL_PS);
}

static paddr_t sl4_out_addr(uint64_t pte, unsigned level, bool last_level)
{
	(void)last_level;
	return pte & SL_ADDR & ~((1ULL << sl_shift(4, level)) - 1);
}

static paddr_t sl3_out_addr(uint64_t pte, unsigned level, bool last_level)
{
	(void)last_level;
	return pte & SL_ADDR & ~((1ULL << sl_shift(3, level)) - 1);
}

static unsigned sl_prot(uint64_t pte)
{
	return (pte & SL_R ? PT_R : 0) | (pte & SL_W ? PT_W : 0);
}

static paddr_t sl_table_addr(uint64_t pte)
{
	return pte & SL_ADDR;
}

/* 4-level, 48-bit: PML4E (0), PDPE (1: 1 GiB), PDE (2: 2 MiB), PTE (3). */
const struct pt_format pt_format_vtd_sl4 = {
	.name = "vtd-sl4",
	.levels = 4,
	.va_bits = 48,
	.block_levels = BIT(1) | BIT(2),
	.break_before_make = false,
	.make_table = sl_make_table,
	.make_leaf = sl4_make_leaf,
	.is_valid = sl_is_valid,
	.is_table = sl_is_table,
	.out_addr = sl4_out_addr,
	.prot = sl_prot,
	.table_addr = sl_table_addr,
};

/* 3-level, 39-bit: PDPE (0: 1 GiB), PDE (1: 2 MiB), PTE (2). */
const struct pt_format pt_format_vtd_sl3 = {
	.name = "vtd-sl3",
	.levels = 3,
	.va_bits = 39,
	.block_levels = BIT(0) | BIT(1),
	.break_before_make = false,
	.make_table = sl_make_table,
	.make_leaf = sl3_make_leaf,
	.is_valid = sl_is_valid,
	.is_table = sl_is_table,
	.out_addr = sl3_out_addr,
	.prot = sl_prot,
	.table_addr = sl_table_addr,
};
