// SPDX-License-Identifier: MIT
/*
 * Fault reporting: one log line per fault in the form the tests parse,
 * counters per unit and domain, and the owner's callback.
 */
#include <vmplat/log.h>
#include <vmplat/pci.h>
#include "iommu_internal.h"

void iommu_set_fault_handler(struct iommu_domain *dom, iommu_fault_fn fn, void *ctx)
{
	dom->fault_fn = fn;
	dom->fault_ctx = ctx;
}

void iommu_report_fault(struct iommu_unit *u, uint16_t rid, uint64_t iova, bool write,
			uint32_t reason, const char *text)
{
	struct pci_dev *d = NULL;
	struct iommu_group *g = iommu_group_by_rid(u, rid, &d);
	struct iommu_domain *dom = g ? g->dom : NULL;

	log_warn("iommu fault %s dev %04x:%02x:%02x.%x iova 0x%llx %s reason 0x%x (%s)", u->name,
		 u->segment, IOMMU_RID_BUS(rid), PCI_SLOT(IOMMU_RID_DEVFN(rid)),
		 PCI_FUNC(IOMMU_RID_DEVFN(rid)), (unsigned long long)iova, write ? "write" : "read",
		 reason, text ? text : "?");
	__atomic_fetch_add(&u->faults, 1, __ATOMIC_RELAXED);
	if (!dom)
		return;
	__atomic_fetch_add(&dom->faults, 1, __ATOMIC_RELAXED);
	if (dom->fault_fn)
		dom->fault_fn(dom->fault_ctx, d, rid, iova, write, reason);
}

int iommu_poll_faults(void)
{
	int n = 0;

	for (unsigned i = 0; i < iommu_unit_count(); i++) {
		struct iommu_unit *u = iommu_unit_get(i);

		if (u->ops->fault_poll)
			n += u->ops->fault_poll(u);
	}
	return n;
}
