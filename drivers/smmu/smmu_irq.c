// SPDX-License-Identifier: MIT
/*
 * SMMUv3 wired interrupts (IHI 0070 E.a, 3.18.2): the event queue and
 * global error SPIs the DTB names (interrupt-names "eventq", "gerror").
 * QEMU virt describes all four SMMU lines with flags 1 (rising edge) and
 * pulses them: eventq once per record queued, gerror when a GERROR bit
 * toggles. Edge lines are latched by the GIC (IHI 0069H 4.1.2): a pulse
 * while the handler runs pends it again, so nothing is missed.
 *
 * Both handlers run the poll's code (smmu_fault_poll through the ops):
 * GERROR, then the event queue, under evtq_lock, so a record is reported
 * once whoever drains first (interrupt, iommu_poll_faults() of the shell,
 * the self-tests or the hypervisor's release). The poll stays the
 * fallback: no eventq line described, `smmu=noirq`, or a line the
 * interrupt controller cannot wire (arch_irq_wire: GICv3 or GICv2 here).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/platform.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#include "smmu_internal.h"

static void evt_irq(unsigned irq, void *arg)
{
	struct iommu_unit *u = arg;
	struct smmu *s = u->priv;

	(void)irq;
	__atomic_fetch_add(&s->evt_irqs, 1, __ATOMIC_RELAXED);
	u->ops->fault_poll(u);
}

static void gerr_irq(unsigned irq, void *arg)
{
	struct iommu_unit *u = arg;
	struct smmu *s = u->priv;

	(void)irq;
	__atomic_fetch_add(&s->gerr_irqs, 1, __ATOMIC_RELAXED);
	u->ops->fault_poll(u); /* an EVTQ_ABT_ERR also means records wait in the queue */
}

static void unwire(unsigned intid)
{
	if (!intid)
		return;
	arch_irq_unwire(intid);
	irq_register(intid, NULL, NULL);
}

/* Edge SPI to the boot CPU (arch_irq_wire: -ENOTSUP where there is no GIC, x86_64). */
static int wire(unsigned intid, irq_fn_t fn, struct iommu_unit *u)
{
	int rc = irq_register(intid, fn, u);

	if (rc)
		return rc;
	rc = arch_irq_wire(intid, true, 0);
	if (rc)
		unwire(intid);
	return rc;
}

/* IRQ_CTRL takes effect when IRQ_CTRLACK matches (6.3.24). */
static int write_irq_ctrl(struct smmu *s, uint32_t v)
{
	uint64_t deadline = timestamp_ns() + SMMU_TIMEOUT_NS;

	mmio_write32(s->regs + SMMU_IRQ_CTRL, v);
	while (mmio_read32(s->regs + SMMU_IRQ_CTRLACK) != v) {
		if (timestamp_ns() > deadline) {
			log_err("smmu%u: IRQ_CTRL %#x: IRQ_CTRLACK reads %#x after 100 ms (IHI 0070 "
				"6.3.24)",
				s->id, v, mmio_read32(s->regs + SMMU_IRQ_CTRLACK));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

static bool noirq_option(void)
{
	char buf[32];

	return !cmdline_get(platform.cmdline, "smmu", buf, sizeof(buf)) && strstr(buf, "noirq");
}

static int wire_lines(struct iommu_unit *u, uint32_t want)
{
	struct smmu *s = u->priv;
	int rc = wire(s->desc.irq_evt, evt_irq, u);

	if (!rc && (want & SMMU_IRQ_CTRL_GERROR_IRQEN)) {
		rc = wire(s->desc.irq_gerr, gerr_irq, u);
		if (rc)
			unwire(s->desc.irq_evt);
	}
	return rc;
}

int smmu_irq_enable(struct iommu_unit *u)
{
	struct smmu *s = u->priv;
	uint32_t want = smmu_irq_ctrl_for(&s->desc);
	int rc;

	if (!want || noirq_option()) {
		log_info("smmu%u: faults polled (%s)", s->id,
			 !want ? "no eventq interrupt in the description" : "smmu=noirq");
		return -ENOENT;
	}
	rc = wire_lines(u, want);
	if (!rc) {
		s->irq_ctrl = want; /* lines wired: smmu_irq_unwire undoes them */
		rc = write_irq_ctrl(s, want);
		if (rc) {
			write_irq_ctrl(s, 0);
			smmu_irq_unwire(s);
		}
	}
	if (rc) {
		log_warn("smmu%u: wired interrupts not enabled (%d): faults polled", s->id, rc);
		return rc;
	}
	/* Records queued before EVENTQ_IRQEN raised no interrupt: take them now. */
	u->ops->fault_poll(u);
	return 0;
}

void smmu_irq_unwire(struct smmu *s)
{
	if (!s->irq_ctrl)
		return;
	unwire(s->desc.irq_evt);
	if (s->irq_ctrl & SMMU_IRQ_CTRL_GERROR_IRQEN)
		unwire(s->desc.irq_gerr);
	s->irq_ctrl = 0;
}

const char *smmu_irq_mode(const struct smmu *s)
{
	if (!s->irq_ctrl)
		return "polled";
	return s->irq_ctrl & SMMU_IRQ_CTRL_GERROR_IRQEN ? "wired edge: eventq, gerror" :
							  "wired edge: eventq";
}
