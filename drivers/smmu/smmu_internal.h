// SPDX-License-Identifier: MIT
/*
 * SMMUv3 firmware glue shared by smmu_iommu.c, smmu_init.c and the
 * self-tests: per-domain state, the iommu_ops, the units found.
 */
#ifndef SMMU_INTERNAL_H
#define SMMU_INTERNAL_H

#include <vmplat/iommu.h>

#include "smmu.h"

struct smmu_domain {
	bool stage2;
	bool cd_ready;
	paddr_t cd; /* stage 1: the one-entry CD table (a page) */
};

extern const struct iommu_ops smmu_iommu_ops;
/* Wire the eventq/gerror SPIs and set IRQ_CTRL (smmu_irq.c); nonzero: faults polled. */
int smmu_irq_enable(struct iommu_unit *u);
/* Lines off and handlers gone (after IRQ_CTRL = 0, for a handoff). */
void smmu_irq_unwire(struct smmu *s);
/* "wired edge" or "polled", for the report lines. */
const char *smmu_irq_mode(const struct smmu *s);
void smmu_formats_init(void);
void smmu_report(struct iommu_unit *u);

/* The units smmuv3_probe brought up. */
extern struct smmu smmu_units[PLAT_MAX_SMMU];
extern struct iommu_unit smmu_iommu_units[PLAT_MAX_SMMU];
extern unsigned smmu_nunits;

#endif
