// SPDX-License-Identifier: MIT
/* Stage-2 VTCR_EL2 / VTTBR_EL2 values (hv/stage2_cfg.c). */
#ifndef HV_STAGE2_CFG_H
#define HV_STAGE2_CFG_H

#include <vmplat/types.h>

struct hv_s2_cfg {
	unsigned ipa_bits, start_level;
	uint64_t vtcr;
};

/* From ID_AA64MMFR0_EL1.PARange; -EINVAL for a reserved encoding. */
int hv_stage2_config(unsigned parange, struct hv_s2_cfg *c);
uint64_t hv_vttbr(paddr_t root, unsigned vmid);

#endif
