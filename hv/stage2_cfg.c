// SPDX-License-Identifier: MIT
/*
 * Stage-2 translation control from the CPU's physical address size
 * (Arm ARM D17.2.64 ID_AA64MMFR0_EL1.PARange, D17.2.190 VTCR_EL2, D8.2.6
 * stage-2 starting level): 4 KiB granule, IPA as wide as the PA but at
 * most 48 bits (the page-table format's four levels); start at level 0
 * (SL0 = 2) from 40 bits up, else at level 1 (SL0 = 1) on the level-0
 * table's first entry. Portable: host-tested.
 */
#include <errno.h>
#include "hv_priv.h"
#include "stage2_cfg.h"

#define VTCR_T0SZ   GENMASK_ULL(5, 0)
#define VTCR_SL0    GENMASK_ULL(7, 6)
#define VTCR_IRGN0  GENMASK_ULL(9, 8)
#define VTCR_ORGN0  GENMASK_ULL(11, 10)
#define VTCR_SH0    GENMASK_ULL(13, 12)
#define VTCR_TG0    GENMASK_ULL(15, 14)
#define VTCR_PS	    GENMASK_ULL(18, 16)
#define VTCR_RES1   BIT_ULL(31)
#define WBWA	    1
#define SH_INNER    3
#define VTTBR_VMID  GENMASK_ULL(63, 48)
#define VTTBR_BADDR GENMASK_ULL(47, 1)

static const unsigned parange_bits[] = { 32, 36, 40, 42, 44, 48, 52 };

int hv_stage2_config(unsigned parange, struct hv_s2_cfg *c)
{
	unsigned ps = parange;

	if (parange >= ARRAY_SIZE(parange_bits))
		return -EINVAL;
	c->ipa_bits = MIN(parange_bits[parange], 48u);
	if (ps > 5)
		ps = 5; /* 52-bit PA needs FEAT_LPA descriptors: stay at 48 */
	c->start_level = c->ipa_bits >= 40 ? 0 : 1;
	c->vtcr = FIELD_PREP(VTCR_T0SZ, 64 - c->ipa_bits) |
		  FIELD_PREP(VTCR_SL0, c->start_level == 0 ? 2 : 1) | FIELD_PREP(VTCR_IRGN0, WBWA) |
		  FIELD_PREP(VTCR_ORGN0, WBWA) | FIELD_PREP(VTCR_SH0, SH_INNER) |
		  FIELD_PREP(VTCR_TG0, 0) | FIELD_PREP(VTCR_PS, ps) | VTCR_RES1;
	return 0;
}

uint64_t hv_vttbr(paddr_t root, unsigned vmid)
{
	return (root & VTTBR_BADDR) | FIELD_PREP(VTTBR_VMID, vmid);
}
