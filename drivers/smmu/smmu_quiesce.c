// SPDX-License-Identifier: MIT
/*
 * An SMMUv3 back to its reset state for the next kernel (IHI 0070 6.3.9,
 * 6.3.14): CR0 = 0 (SMMUEN, queues off) acknowledged through CR0ACK, then
 * GBPA with Abort clear so transactions bypass as after reset, the update
 * handshake polled. Interrupt sources off (IRQ_CTRL, 6.3.23).
 */
#include <errno.h>
#include <vmplat/handoff.h>
#include <vmplat/iommu.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#include "smmu_internal.h"

static int wait32(struct smmu *s, unsigned reg, uint32_t mask, uint32_t want, const char *what)
{
	uint64_t deadline = timestamp_ns() + SMMU_TIMEOUT_NS;

	while ((mmio_read32(s->regs + reg) & mask) != want) {
		if (timestamp_ns() > deadline) {
			log_err("smmu%u: %s not acknowledged (IHI 0070 6.3)", s->id, what);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

int smmu_disable(struct iommu_unit *u)
{
	struct smmu *s = u->priv;
	uint32_t gbpa;
	int rc;

	mmio_write32(s->regs + SMMU_CR0, 0);
	rc = wait32(s, SMMU_CR0ACK, ~0u, 0, "CR0 = 0");
	if (rc)
		return rc;
	mmio_write32(s->regs + SMMU_IRQ_CTRL, 0);
	rc = wait32(s, SMMU_IRQ_CTRLACK, ~0u, 0, "IRQ_CTRL = 0");
	if (rc)
		return rc;
	smmu_irq_unwire(s); /* the SPIs off at the GIC too: the next kernel wires its own */
	gbpa = mmio_read32(s->regs + SMMU_GBPA) & ~(uint32_t)SMMU_GBPA_ABORT;
	mmio_write32(s->regs + SMMU_GBPA, gbpa | SMMU_GBPA_UPDATE);
	return wait32(s, SMMU_GBPA, SMMU_GBPA_UPDATE, 0, "GBPA.Update");
}
