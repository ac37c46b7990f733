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
 * fallback: no eventq line described, `smmu=noirq`, or no GICv3.
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

#define SMMU_IRQ_PRIO 0xa0 /* the GIC driver's default priority */

/*
 * The GIC distributor's SPI controls (arch/aarch64/gicv3.c). Generic code
 * has no hook for a wired line yet, so they are referenced weak and hidden:
 * a build without a GICv3 (x86_64) links them as NULL and stays polled.
 */
#define ARCH_OPTIONAL __attribute__((weak, visibility("hidden")))
int gicv3_spi_enable(unsigned intid) ARCH_OPTIONAL;
int gicv3_spi_disable(unsigned intid) ARCH_OPTIONAL;
int gicv3_spi_clear_pending(unsigned intid) ARCH_OPTIONAL;
int gicv3_spi_route(unsigned intid, uint64_t mpidr) ARCH_OPTIONAL;
int gicv3_spi_set_trigger(unsigned intid, bool edge) ARCH_OPTIONAL;
int gicv3_spi_set_priority(unsigned intid, uint8_t prio) ARCH_OPTIONAL;

static bool have_gic(void)
{
	return gicv3_spi_enable && gicv3_spi_disable && gicv3_spi_clear_pending &&
	       gicv3_spi_route && gicv3_spi_set_trigger && gicv3_spi_set_priority;
}

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
	gicv3_spi_disable(intid);
	gicv3_spi_clear_pending(intid);
	irq_register(intid, NULL, NULL);
}

/* Edge SPI to the boot CPU, configured while disabled (IHI 0069H 12.9.9). */
static int wire(unsigned intid, irq_fn_t fn, struct iommu_unit *u)
{
	int rc = gicv3_spi_disable(intid);

	if (!rc)
		rc = irq_register(intid, fn, u);
	if (rc)
		return rc;
	if ((rc = gicv3_spi_set_trigger(intid, true)) ||
	    (rc = gicv3_spi_set_priority(intid, SMMU_IRQ_PRIO)) ||
	    (rc = gicv3_spi_route(intid, cpus[0].hwid)) || (rc = gicv3_spi_clear_pending(intid)) ||
	    (rc = gicv3_spi_enable(intid)))
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

	if (!want || !have_gic() || noirq_option()) {
		log_info("smmu%u: faults polled (%s)", s->id,
			 !want	     ? "no eventq interrupt in the description" :
			 !have_gic() ? "no GICv3 in this build" :
				       "smmu=noirq");
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
	if (!s->irq_ctrl || !have_gic())
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
