// SPDX-License-Identifier: MIT
/*
 * IOMMUs back to their reset state before a handoff, so the next kernel's
 * driver finds translation off: VT-d as below (vtd_disable), SMMUv3 SMMUEN
 * and queues off with GBPA bypass (drivers/smmu/smmu_quiesce.c). Called after
 * bus mastering is off, so no DMA passes untranslated once TE is clear.
 */
#include <stdio.h>
#include <string.h>
#include <vmplat/handoff.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include "iommu_internal.h"
#include "vtd.h"

#define VTD_GSTS_IRES BIT(25) /* interrupt remapping enabled (11.4.4.2) */

/*
 * VT-d handoff, each step status-waited with VTD_TIMEOUT_NS (11.4.4.1/2):
 * fault event masked (FECTL.IM, 7.3); TE off (wait TES clear); IRE off;
 * global context-cache and IOTLB invalidation, so no cached entry points into
 * vmplat's tables, memory the next kernel reuses (6.5); the faults recorded
 * until TE went off taken and reported here, FRCDs and FSTS left clear (7.2.1);
 * QIE off once the queue is empty. Linux 6.1 copes with TE or IRE left on only
 * with a "not in kdump mode" warning, and with QIE on by turning it off.
 */
int vtd_disable(struct iommu_unit *u)
{
	struct vtd *v = to_vtd(u); /* u->priv is the DMAR description */
	int rc = 0;

	vtd_fault_irq_disable(v);
	if (mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_TES)
		rc = vtd_gcmd(v, VTD_GCMD_TE, VTD_GSTS_TES, false);
	if (!rc && (mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_IRES))
		rc = vtd_gcmd(v, VTD_GCMD_IRE, VTD_GSTS_IRES, false);
	if (!rc)
		rc = vtd_inv_context(v, VTD_INV_GLOBAL, 0, 0);
	if (!rc)
		rc = vtd_inv_iotlb(v, VTD_INV_GLOBAL, 0, 0, 0);
	vtd_fault_poll(u);
	if (!rc)
		rc = vtd_qi_disable(v); /* the next driver finds the register interface */
	return rc;
}

/* What the next kernel finds: ", GSTS 0x00000000 FECTL 0x80000000 FSTS 0x00000000" (VT-d). */
static void unit_state(struct iommu_unit *u, char *buf, size_t len)
{
	struct vtd *v;

	buf[0] = 0;
	if (strcmp(u->ops->kind, "vtd"))
		return;
	v = to_vtd(u);
	snprintf(buf, len, ", GSTS 0x%08x FECTL 0x%08x FSTS 0x%08x",
		 mmio_read32(v->regs + VTD_GSTS), mmio_read32(v->regs + VTD_FECTL),
		 mmio_read32(v->regs + VTD_FSTS));
}

int iommu_disable_all(void)
{
	int first = 0;

	for (unsigned i = 0; i < iommu_unit_count(); i++) {
		struct iommu_unit *u = iommu_unit_get(i);
		char state[64];
		int rc = 0;

		if (!strcmp(u->ops->kind, "vtd"))
			rc = vtd_disable(u);
		else if (!strcmp(u->ops->kind, "smmuv3"))
			rc = smmu_disable(u);
		if (rc && !first)
			first = rc;
		unit_state(u, state, sizeof(state));
		log_info("handoff: %s translation off%s%s", u->name, rc ? " FAILED" : "", state);
	}
	return first;
}
