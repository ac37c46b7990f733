// SPDX-License-Identifier: MIT
/* Shared between the files of drivers/iommu, not part of the interface. */
#ifndef DRIVERS_IOMMU_INTERNAL_H
#define DRIVERS_IOMMU_INTERNAL_H

#include <vmplat/iommu.h>
#include <vmplat/spinlock.h>

/* Device/Port Type "PCI Express to PCI/PCI-X Bridge" (PCIe 6.0, 7.5.3.2). */
#define IOMMU_PCIE_TYPE_PCI_BRIDGE 0x7

/* Serializes table edits and attach state; driver ops run under it. */
extern struct spinlock iommu_lock;
extern const struct pt_alloc iommu_pt_alloc;

/* Forget groups (tests, a rescan). */
void iommu_groups_reset(void);
/* Forget everything: domains freed, groups and units dropped (host tests). */
void iommu_reset_state(void);
/* The group a requester id's DMA belongs to on unit u (aliases too), or NULL. */
struct iommu_group *iommu_group_by_rid(struct iommu_unit *u, uint16_t rid, struct pci_dev **dev);
unsigned iommu_group_count(void);
struct iommu_group *iommu_group_get(unsigned i);

#endif
