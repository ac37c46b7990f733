// SPDX-License-Identifier: MIT
/*
 * SMMUv3 self-tests of the unit itself: two edus in two domains behind
 * one IOVA (ASID-tagged, non-global TLB entries keep them apart), and the
 * command queue error protocol (an illegal opcode: CERROR_ILL, recovered).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/pci.h>
#include <vmplat/selftest.h>
#include <vmplat/timer.h>

#include "st_smmu.h"

#define ILLEGAL_OPCODE	 0x7f	      /* not a command (IHI 0070 E.a, 4.1.1) */
#define GERR_IRQ_WAIT_NS NSEC_PER_SEC /* a gerror interrupt is taken well within this */

SELFTEST(smmu_two_domains_same_iova)
{
	struct sts_edu a, b;
	uint8_t *pa = sts_page(0xaa), *pb = sts_page(0xbb), *src = sts_page(0);
	int rc = pa && pb && src ? sts_get(&a, 0, STS_OWNER_A) : selftest_fail("no memory");

	if (rc)
		goto out;
	rc = sts_get(&b, 1, STS_OWNER_B);
	if (rc)
		goto put_a;
	if (a.dom->hw_id == b.dom->hw_id) {
		rc = selftest_fail("both domains got ASID %u", a.dom->hw_id);
		goto put;
	}
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		src[i] = (uint8_t)(i * 31 + 5);
	/* A: src at IOVA, pa at IOVA+1 page. B: pb at IOVA+1 page, nothing at IOVA. */
	if ((rc = iommu_map(a.dom, STS_IOVA, virt_to_phys(src), PAGE_SIZE, IOMMU_READ)) ||
	    (rc = iommu_map(a.dom, STS_IOVA + PAGE_SIZE, virt_to_phys(pa), PAGE_SIZE, IOMMU_RW)) ||
	    (rc = iommu_map(b.dom, STS_IOVA + PAGE_SIZE, virt_to_phys(pb), PAGE_SIZE, IOMMU_RW)) ||
	    (rc = sts_dma_ok(&a, STS_IOVA, false)) ||
	    (rc = sts_dma_ok(&a, STS_IOVA + PAGE_SIZE, true)))
		goto put;
	/* B's DMA at A's source IOVA faults: A's TLB entry does not serve B's ASID. */
	if ((rc = sts_dma_faults(&b, STS_IOVA, false, EVT_F_TRANSLATION)))
		goto put;
	if (memcmp(pa, src, STS_LEN) || !sts_filled(pb, 0xbb))
		rc = selftest_fail("A's DMA did not land only in A's page");
put:
	sts_put(&b);
put_a:
	sts_put(&a);
out:
	sts_free(pa);
	sts_free(pb);
	sts_free(src);
	return rc > 0 ? 0 : rc;
}

/* The gerror interrupt of a CMDQ_ERR: taken (bounded wait), the error acknowledged once. */
static int gerr_irq_taken(struct smmu *s, uint64_t before)
{
	uint64_t deadline = timestamp_ns() + GERR_IRQ_WAIT_NS;

	if (!(s->irq_ctrl & SMMU_IRQ_CTRL_GERROR_IRQEN))
		return 0;
	while (__atomic_load_n(&s->gerr_irqs, __ATOMIC_RELAXED) == before) {
		if (timestamp_ns() > deadline)
			return selftest_fail(
				"CMDQ_ERR raised no gerror interrupt (INTID %u) in 1 s",
				s->desc.irq_gerr);
		cpu_relax();
	}
	console_printf(
		"smmu selftest: smmu%u CMDQ_ERR signalled by the gerror interrupt (INTID "
		"%u), %llu taken\n",
		s->id, s->desc.irq_gerr,
		(unsigned long long)(__atomic_load_n(&s->gerr_irqs, __ATOMIC_RELAXED) - before));
	return 0;
}

SELFTEST(smmu_cmdq_error_recovers)
{
	uint8_t cmd[SMMU_CMD_BYTES] = { ILLEGAL_OPCODE };
	struct smmu *s = smmu_nunits ? &smmu_units[0] : NULL;
	uint64_t errors, girqs;
	int rc;

	if (!s) {
		console_printf("smmu selftest: skipped: no SMMUv3\n");
		return 0;
	}
	errors = s->cmd_errors;
	girqs = __atomic_load_n(&s->gerr_irqs, __ATOMIC_RELAXED);
	rc = smmu_cmd_submit(s, cmd, 1, true);
	ST_CHECK(rc == -EIO, "illegal command: %d, want -EIO", rc);
	ST_CHECK(s->cmd_errors == errors + 1, "command errors %llu -> %llu",
		 (unsigned long long)errors, (unsigned long long)s->cmd_errors);
	rc = gerr_irq_taken(s, girqs);
	if (rc)
		return rc;
	ST_CHECK(!((mmio_read32(s->regs + SMMU_GERROR) ^ mmio_read32(s->regs + SMMU_GERRORN)) &
		   SMMU_GERROR_CMDQ_ERR),
		 "CMDQ_ERR still active after recovery (GERROR %#x GERRORN %#x)",
		 mmio_read32(s->regs + SMMU_GERROR), mmio_read32(s->regs + SMMU_GERRORN));
	rc = smmu_cmd_submit(s, NULL, 0, true);
	ST_CHECK(rc == 0, "CMD_SYNC after the error: %d", rc);
	return 0;
}

/*
 * The unit's interrupt configuration as the hardware acknowledged it
 * (IRQ_CTRLACK, 6.3.24): both wired sources on when the DTB names them.
 */
SELFTEST(smmu_irq_ctrl_acknowledged)
{
	struct smmu *s = smmu_nunits ? &smmu_units[0] : NULL;
	uint32_t ack;

	if (!s) {
		console_printf("smmu selftest: skipped: no SMMUv3\n");
		return 0;
	}
	ack = mmio_read32(s->regs + SMMU_IRQ_CTRLACK);
	ST_CHECK(ack == s->irq_ctrl, "IRQ_CTRLACK %#x, driver %#x", ack, s->irq_ctrl);
	if (!s->irq_ctrl) {
		console_printf("smmu selftest: smmu%u faults polled (eventq INTID %u)\n", s->id,
			       s->desc.irq_evt);
		return 0;
	}
	ST_CHECK(ack == smmu_irq_ctrl_for(&s->desc), "IRQ_CTRLACK %#x, want %#x for evt %u gerr %u",
		 ack, smmu_irq_ctrl_for(&s->desc), s->desc.irq_evt, s->desc.irq_gerr);
	console_printf("smmu selftest: smmu%u IRQ_CTRLACK %#x (eventq INTID %u, gerror INTID %u)\n",
		       s->id, ack, s->desc.irq_evt, s->desc.irq_gerr);
	return 0;
}
