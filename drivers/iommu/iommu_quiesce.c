// SPDX-License-Identifier: MIT
/*
 * IOMMUs back to their reset state before a handoff, so the next kernel's
 * driver finds translation off: VT-d fault events masked, TE, IRE and QIE
 * cleared with status waits (VT-d 4.1, 11.4.4.1), SMMUv3 SMMUEN and queues off with GBPA bypass
 * (drivers/smmu/smmu_quiesce.c). Called after bus mastering is off.
 */
#include <string.h>
#include <vmplat/handoff.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include "iommu_internal.h"
#include "vtd.h"

#define VTD_GSTS_IRES BIT(25) /* interrupt remapping enabled (11.4.4.2) */


int vtd_disable(struct iommu_unit *u)
{
	struct vtd *v = to_vtd(u); /* u->priv is the DMAR description */
	uint32_t sts = mmio_read32(v->regs + VTD_GSTS);
	int rc = 0;

	vtd_fault_irq_disable(v);
	if (sts & VTD_GSTS_TES)
		rc = vtd_gcmd(v, VTD_GCMD_TE, VTD_GSTS_TES, false);
	if (!rc && (mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_IRES))
		rc = vtd_gcmd(v, VTD_GCMD_IRE, VTD_GSTS_IRES, false);
	if (!rc)
		rc = vtd_qi_disable(v); /* the next driver finds the register interface */
	return rc;
}

int iommu_disable_all(void)
{
	int first = 0;

	for (unsigned i = 0; i < iommu_unit_count(); i++) {
		struct iommu_unit *u = iommu_unit_get(i);
		int rc = 0;

		if (!strcmp(u->ops->kind, "vtd"))
			rc = vtd_disable(u);
		else if (!strcmp(u->ops->kind, "smmuv3"))
			rc = smmu_disable(u);
		if (rc && !first)
			first = rc;
		log_info("handoff: %s translation off%s", u->name, rc ? " FAILED" : "");
	}
	return first;
}
