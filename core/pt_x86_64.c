// SPDX-License-Identifier: MIT
/*
 * x86-64 4-level paging entries (Intel SDM vol. 3A, 4.5, tables 4-14..4-20):
 * PML4 (level 0), PDPT (1, 1 GiB pages), PD (2, 2 MiB pages), PT (3).
 * Memory type through PAT index = PAT:PCD:PWT (SDM 11.12.3) with the PAT
 * vmplat programs (X86_PAT_VALUE): 0 WB, 1 WC, 3 UC. The PAT bit itself
 * (bit 7 in a PTE, bit 12 in a large page) is never set.
 */
#include <vmplat/pt.h>

#define X86_P	 BIT_ULL(0)
#define X86_RW	 BIT_ULL(1)
#define X86_US	 BIT_ULL(2)
#define X86_PWT	 BIT_ULL(3)
#define X86_PCD	 BIT_ULL(4)
#define X86_A	 BIT_ULL(5)
#define X86_D	 BIT_ULL(6)
#define X86_PS	 BIT_ULL(7) /* levels 1 and 2 only; bit 7 of a PTE is PAT */
#define X86_NX	 BIT_ULL(63)
#define X86_ADDR GENMASK_ULL(51, 12)

#define X86_PAT_WC (X86_PWT)	       /* index 1 */
#define X86_PAT_UC (X86_PCD | X86_PWT) /* index 3 */

_Static_assert(((X86_PAT_VALUE >> 8) & 0xff) == 0x01, "PAT entry 1 must be WC");
_Static_assert(((X86_PAT_VALUE >> 24) & 0xff) == 0x00, "PAT entry 3 must be UC");
_Static_assert((X86_PAT_VALUE & 0xff) == 0x06, "PAT entry 0 must be WB");

static unsigned x86_level_shift(unsigned level)
{
	return PAGE_SHIFT + 9 * (3 - level);
}

/* Intermediate entries are permissive; the leaf decides (SDM 4.6). */
static uint64_t x86_make_table(paddr_t next)
{
	return (next & X86_ADDR) | X86_P | X86_RW;
}

/* A and D preset: the walker then never writes back into the tables. */
static uint64_t x86_make_leaf(paddr_t pa, unsigned prot, unsigned level, bool last_level)
{
	uint64_t pte = (pa & X86_ADDR & ~((1ULL << x86_level_shift(level)) - 1)) | X86_P | X86_A;

	if (prot & PT_W)
		pte |= X86_RW | X86_D;
	if (!(prot & PT_X))
		pte |= X86_NX;
	if (prot & PT_USER)
		pte |= X86_US;
	if (prot & PT_DEVICE)
		pte |= X86_PAT_UC;
	else if (prot & PT_WC)
		pte |= X86_PAT_WC;
	if (!last_level)
		pte |= X86_PS;
	return pte;
}

static bool x86_is_valid(uint64_t pte)
{
	return pte & X86_P;
}

static bool x86_is_table(uint64_t pte, unsigned level, bool last_level)
{
	if (last_level)
		return false;
	return level == 0 || !(pte & X86_PS); /* PS is reserved in a PML4E */
}

static paddr_t x86_out_addr(uint64_t pte, unsigned level, bool last_level)
{
	(void)last_level;
	return pte & X86_ADDR & ~((1ULL << x86_level_shift(level)) - 1);
}

static unsigned x86_prot(uint64_t pte)
{
	unsigned prot = PT_R;

	if (pte & X86_RW)
		prot |= PT_W;
	if (!(pte & X86_NX))
		prot |= PT_X;
	if (pte & X86_US)
		prot |= PT_USER;
	if ((pte & X86_PAT_UC) == X86_PAT_UC || (pte & X86_PCD))
		prot |= PT_DEVICE; /* UC and UC- */
	else if (pte & X86_PWT)
		prot |= PT_WC;
	return prot;
}

static paddr_t x86_table_addr(uint64_t pte)
{
	return pte & X86_ADDR;
}

const struct pt_format pt_format_x86_64 = {
	.name = "x86_64-4level",
	.levels = 4,
	.va_bits = 48,
	.block_levels = BIT(1) | BIT(2),
	.break_before_make = false,
	.make_table = x86_make_table,
	.make_leaf = x86_make_leaf,
	.is_valid = x86_is_valid,
	.is_table = x86_is_table,
	.out_addr = x86_out_addr,
	.prot = x86_prot,
	.table_addr = x86_table_addr,
};
