// SPDX-License-Identifier: MIT
/* Helpers of the SMMUv3 self-tests (st_smmu_*.c): an edu in a test domain. */
#ifndef ST_SMMU_H
#define ST_SMMU_H

#include <vmplat/edu.h>
#include <vmplat/iommu.h>

#include "smmu_internal.h"

#define STS_OWNER_A 0x200
#define STS_OWNER_B 0x201
#define STS_IOVA    0x7654000ULL /* below edu's default 28-bit DMA mask as well */
#define STS_LEN	    EDU_DMA_MAX	 /* bytes per transfer (edu.h: QEMU's range check) */

struct sts_edu {
	struct pci_dev *dev;
	struct edu edu;
	struct iommu_domain *dom;
	struct smmu *smmu;
	uint16_t owner, rid;
	uint32_t sid;
	/* First fault after arming, from the domain's fault handler. */
	bool armed;
	unsigned nfaults;
	uint64_t f_iova;
	bool f_write;
	uint32_t f_reason;
	uint16_t f_rid;
};

/* 0, 1 = skipped (no edu behind an SMMU), or a selftest_fail result. */
int sts_get(struct sts_edu *t, unsigned n, uint16_t owner);
void sts_put(struct sts_edu *t);
uint8_t *sts_page(uint8_t fill);
void sts_free(uint8_t *p);
bool sts_filled(const uint8_t *p, uint8_t v);
/* DMA that must not fault (to_ram: device writes memory). */
int sts_dma_ok(struct sts_edu *t, uint64_t iova, bool to_ram);
/* DMA that must raise this event for iova with this direction. */
int sts_dma_faults(struct sts_edu *t, uint64_t iova, bool to_ram, uint32_t event);

#endif
