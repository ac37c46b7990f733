// SPDX-License-Identifier: MIT
/*
 * PCI requester id <-> SMMU StreamID through the host bridge's iommu-map
 * (Linux binding pci/pci-iommu: rid in [rid-base, rid-base + length) uses
 * StreamID iommu-base + rid - rid-base). Portable, tested in tests/unit/smmu.
 */
#include <errno.h>

#include "smmu.h"

int smmu_rid_to_sid(const struct smmu_desc *d, uint16_t rid, uint32_t *sid)
{
	for (unsigned i = 0; i < d->nmap && i < PLAT_MAX_SMMU_MAP; i++) {
		uint32_t off = (uint32_t)rid - d->map[i].rid_base;

		if (rid >= d->map[i].rid_base && off < d->map[i].len) {
			*sid = d->map[i].sid_base + off;
			return 0;
		}
	}
	return -ENOENT;
}

int smmu_sid_to_rid(const struct smmu_desc *d, uint32_t sid, uint16_t *rid)
{
	for (unsigned i = 0; i < d->nmap && i < PLAT_MAX_SMMU_MAP; i++) {
		uint32_t off = sid - d->map[i].sid_base;

		if (sid >= d->map[i].sid_base && off < d->map[i].len &&
		    d->map[i].rid_base + off <= 0xffff) {
			*rid = (uint16_t)(d->map[i].rid_base + off);
			return 0;
		}
	}
	return -ENOENT;
}
