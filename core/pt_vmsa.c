// SPDX-License-Identifier: MIT
/*
 * VMSAv8-64 translation table descriptors, 4 KiB granule, 48-bit input
 * addresses, start level 0 (Arm ARM DDI 0487, D8.3 descriptor formats):
 *   bits[1:0]  0b11 table (levels 0-2) / page (level 3), 0b01 block (levels 1-2)
 *   OA         bits[47:12] (page), [47:21] (2 MiB block), [47:30] (1 GiB block)
 * Stage 1 (D8.3.2, D8.4): AttrIndx[4:2] into MAIR (VMSA_MAIR_*), AP[7:6],
 *   SH[9:8], AF bit 10, nG bit 11 (kept 0: vmplat has one address space).
 *   EL2 regime without VHE has one privilege level: AP[1] is RES1 and XN is
 *   bit 54 (bit 53 RES0). EL1&0 regime: PXN bit 53, UXN bit 54.
 * Stage 2 (D8.3.3, D8.4.3, D8.6.5): MemAttr[5:2] (FWB=0), S2AP[7:6]
 *   (bit 6 read, bit 7 write), SH, AF, XN[1:0] at bits[54:53] with FEAT_XNX;
 *   0b10 = execute-never at EL1 and EL0 (also what bit 54 means without XNX).
 *   DBM bit 51 (PT_DBM, D8.4.6): hardware dirty state when VTCR_EL2.HD is set.
 * Table descriptors leave APTable/XNTable/PXNTable zero (no restriction).
 */
#include <vmplat/pt.h>

#define VMSA_VALID	BIT_ULL(0)
#define VMSA_TYPE_MASK	GENMASK_ULL(1, 0)
#define VMSA_TYPE_TABLE 0x3ULL /* table at levels 0-2, page at level 3 */
#define VMSA_TYPE_BLOCK 0x1ULL
#define VMSA_ADDR	GENMASK_ULL(47, 12)
#define VMSA_ATTRINDX	GENMASK_ULL(4, 2)
#define VMSA_AP_EL0	BIT_ULL(6) /* AP[1]: EL0 access (EL1&0), RES1 at EL2 */
#define VMSA_AP_RO	BIT_ULL(7) /* AP[2]: read-only */
#define VMSA_SH		GENMASK_ULL(9, 8)
#define VMSA_SH_INNER	0x3ULL
#define VMSA_AF		BIT_ULL(10)
#define VMSA_NG		BIT_ULL(11)
#define VMSA_PXN	BIT_ULL(53)
#define VMSA_UXN	BIT_ULL(54) /* XN in the EL2 regime */
#define VMSA_S2_MEMATTR GENMASK_ULL(5, 2)
#define VMSA_S2AP_R	BIT_ULL(6)
#define VMSA_S2AP_W	BIT_ULL(7)
#define VMSA_S2_XN	GENMASK_ULL(54, 53)
#define VMSA_S2_DBM	BIT_ULL(51)

/* Stage-2 MemAttr with HCR_EL2.FWB == 0 (D8.6.5). */
#define S2_MEMATTR_NORMAL_WB 0xfULL /* outer WB, inner WB */
#define S2_MEMATTR_NORMAL_NC 0x5ULL /* outer NC, inner NC */
#define S2_MEMATTR_DEVICE    0x1ULL /* Device-nGnRE */
#define S2_XN_NONE	     0x2ULL /* XN[1:0] = 0b10: no execution at EL1 or EL0 */

_Static_assert((VMSA_MAIR_VALUE >> (8 * VMSA_MAIR_NORMAL) & 0xff) == 0xff, "MAIR normal WB");
_Static_assert((VMSA_MAIR_VALUE >> (8 * VMSA_MAIR_DEVICE) & 0xff) == 0x04, "MAIR nGnRE");
_Static_assert((VMSA_MAIR_VALUE >> (8 * VMSA_MAIR_NORMAL_NC) & 0xff) == 0x44, "MAIR NC");

enum vmsa_regime { VMSA_EL2, VMSA_EL1, VMSA_S2 };

static unsigned vmsa_shift(unsigned level)
{
	return PAGE_SHIFT + 9 * (3 - level);
}

static uint64_t vmsa_oa(paddr_t pa, unsigned level)
{
	return pa & VMSA_ADDR & ~((1ULL << vmsa_shift(level)) - 1);
}

static uint64_t vmsa_make_table(paddr_t next)
{
	return (next & VMSA_ADDR) | VMSA_TYPE_TABLE;
}

static uint64_t vmsa_desc_base(paddr_t pa, unsigned level, bool last_level)
{
	return vmsa_oa(pa, level) | VMSA_AF | (last_level ? VMSA_TYPE_TABLE : VMSA_TYPE_BLOCK);
}

/* Stage-1 lower attributes shared by both regimes: AttrIndx, SH, AP[2]. */
static uint64_t s1_attrs(unsigned prot)
{
	uint64_t d = 0;

	if (prot & PT_DEVICE)
		d |= FIELD_PREP(VMSA_ATTRINDX, VMSA_MAIR_DEVICE);
	else if (prot & PT_WC)
		d |= FIELD_PREP(VMSA_ATTRINDX, VMSA_MAIR_NORMAL_NC) |
		     FIELD_PREP(VMSA_SH, VMSA_SH_INNER);
	else
		d |= FIELD_PREP(VMSA_ATTRINDX, VMSA_MAIR_NORMAL) |
		     FIELD_PREP(VMSA_SH, VMSA_SH_INNER);
	if (!(prot & PT_W))
		d |= VMSA_AP_RO;
	return d;
}

static bool s1_noexec(unsigned prot)
{
	return !(prot & PT_X) || (prot & PT_DEVICE); /* device memory is always XN */
}

static uint64_t el2_make_leaf(paddr_t pa, unsigned prot, unsigned level, bool last_level)
{
	uint64_t d = vmsa_desc_base(pa, level, last_level) | s1_attrs(prot) | VMSA_AP_EL0;

	if (s1_noexec(prot))
		d |= VMSA_UXN;
	return d;
}

static uint64_t el1_make_leaf(paddr_t pa, unsigned prot, unsigned level, bool last_level)
{
	uint64_t d = vmsa_desc_base(pa, level, last_level) | s1_attrs(prot);

	if (prot & PT_USER)
		d |= VMSA_AP_EL0;
	else
		d |= VMSA_UXN;
	if (s1_noexec(prot))
		d |= VMSA_PXN | VMSA_UXN;
	return d;
}

static uint64_t s2_make_leaf(paddr_t pa, unsigned prot, unsigned level, bool last_level)
{
	uint64_t d = vmsa_desc_base(pa, level, last_level);

	if (prot & PT_DEVICE)
		d |= FIELD_PREP(VMSA_S2_MEMATTR, S2_MEMATTR_DEVICE);
	else if (prot & PT_WC)
		d |= FIELD_PREP(VMSA_S2_MEMATTR, S2_MEMATTR_NORMAL_NC) |
		     FIELD_PREP(VMSA_SH, VMSA_SH_INNER);
	else
		d |= FIELD_PREP(VMSA_S2_MEMATTR, S2_MEMATTR_NORMAL_WB) |
		     FIELD_PREP(VMSA_SH, VMSA_SH_INNER);
	if (prot & PT_R)
		d |= VMSA_S2AP_R;
	if (prot & PT_W)
		d |= VMSA_S2AP_W;
	if (prot & PT_DBM)
		d |= VMSA_S2_DBM;
	if (s1_noexec(prot))
		d |= FIELD_PREP(VMSA_S2_XN, S2_XN_NONE);
	return d;
}

static bool vmsa_is_valid(uint64_t pte)
{
	return pte & VMSA_VALID;
}

static bool vmsa_is_table(uint64_t pte, unsigned level, bool last_level)
{
	(void)level;
	return !last_level && (pte & VMSA_TYPE_MASK) == VMSA_TYPE_TABLE;
}

static paddr_t vmsa_out_addr(uint64_t pte, unsigned level, bool last_level)
{
	(void)last_level;
	return vmsa_oa(pte, level);
}

static paddr_t vmsa_table_addr(uint64_t pte)
{
	return pte & VMSA_ADDR;
}

static unsigned s1_type(uint64_t pte)
{
	switch (FIELD_GET(VMSA_ATTRINDX, pte)) {
	case VMSA_MAIR_NORMAL:
		return 0;
	case VMSA_MAIR_NORMAL_NC:
		return PT_WC;
	default:
		return PT_DEVICE;
	}
}

static unsigned el2_prot(uint64_t pte)
{
	unsigned prot = PT_R | s1_type(pte);

	if (!(pte & VMSA_AP_RO))
		prot |= PT_W;
	if (!(pte & VMSA_UXN))
		prot |= PT_X;
	return prot;
}

static unsigned el1_prot(uint64_t pte)
{
	unsigned prot = PT_R | s1_type(pte);
	bool user = pte & VMSA_AP_EL0;

	if (!(pte & VMSA_AP_RO))
		prot |= PT_W;
	if (user)
		prot |= PT_USER;
	if (!(pte & (user ? VMSA_UXN : VMSA_PXN)))
		prot |= PT_X;
	return prot;
}

static unsigned s2_prot(uint64_t pte)
{
	unsigned prot = 0;

	switch (FIELD_GET(VMSA_S2_MEMATTR, pte)) {
	case S2_MEMATTR_NORMAL_WB:
		break;
	case S2_MEMATTR_NORMAL_NC:
		prot |= PT_WC;
		break;
	default:
		prot |= PT_DEVICE;
	}
	if (pte & VMSA_S2AP_R)
		prot |= PT_R;
	if (pte & VMSA_S2AP_W)
		prot |= PT_W;
	if (pte & VMSA_S2_DBM)
		prot |= PT_DBM;
	if (!FIELD_GET(VMSA_S2_XN, pte))
		prot |= PT_X;
	return prot;
}

#define VMSA_FORMAT(n, leaf, decode)                                                             \
	{                                                                                        \
		.name = n, .levels = 4, .va_bits = 48, .block_levels = BIT(1) | BIT(2),          \
		.break_before_make = true, .make_table = vmsa_make_table, .make_leaf = leaf,     \
		.is_valid = vmsa_is_valid, .is_table = vmsa_is_table, .out_addr = vmsa_out_addr, \
		.prot = decode, .table_addr = vmsa_table_addr,                                   \
	}

const struct pt_format pt_format_vmsa_s1_el2 = VMSA_FORMAT("vmsa-s1-el2", el2_make_leaf, el2_prot);
const struct pt_format pt_format_vmsa_s1_el1 = VMSA_FORMAT("vmsa-s1-el1", el1_make_leaf, el1_prot);
const struct pt_format pt_format_vmsa_s2 = VMSA_FORMAT("vmsa-s2", s2_make_leaf, s2_prot);
