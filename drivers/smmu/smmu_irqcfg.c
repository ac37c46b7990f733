// SPDX-License-Identifier: MIT
/*
 * SMMUv3 interrupt configuration decisions (IHI 0070 E.a, 3.18 wired
 * interrupts, 6.3.23 IRQ_CTRL, 6.3.16-17 GERROR/GERRORN). Portable, tested
 * in tests/unit/smmu; smmu_irq.c programs what these answer.
 */
#include "smmu.h"

/*
 * IRQ_CTRL for the wired interrupts the description names: EVENTQ_IRQEN
 * with an eventq line, GERROR_IRQEN with a gerror line. Events are the
 * point, so a gerror line alone enables nothing (faults stay polled, and
 * global errors are checked by that poll). PRIQ stays off: no PRI.
 */
uint32_t smmu_irq_ctrl_for(const struct smmu_desc *d)
{
	uint32_t v = 0;

	if (!d->irq_evt)
		return 0;
	v |= SMMU_IRQ_CTRL_EVENTQ_IRQEN;
	if (d->irq_gerr)
		v |= SMMU_IRQ_CTRL_GERROR_IRQEN;
	return v;
}

/*
 * Global errors active (GERROR != GERRORN, 6.3.17) for the fault path to
 * handle. CMDQ_ERR is the command path's (smmu_cmd_submit waits on it and
 * recovers, 7.1): a second handler would acknowledge it twice.
 */
uint32_t smmu_gerror_for_fault_path(uint32_t gerror, uint32_t gerrorn)
{
	return (gerror ^ gerrorn) & SMMU_GERROR_MASK & ~(uint32_t)SMMU_GERROR_CMDQ_ERR;
}
