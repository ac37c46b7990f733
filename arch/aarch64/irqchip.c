// SPDX-License-Identifier: MIT
/*
 * The interrupt controller the arch code talks to: at late init, GICv3 if
 * the DTB has an arm,gic-v3 node, else a GICv2-class node (gicv2_fdt.c).
 * Timer PPIs, the wake SGI, the console RX SPI, arch_irq_wire and the IRQ
 * exception go through here; the hypervisor (hv/) keeps calling gicv3_*
 * directly: it needs the GICv3 list registers and refuses a GICv2.
 */
#include <errno.h>
#include <arch/early.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>

#include "fdt_platform.h"
#include "gicv2_fdt.h"
#include "irqchip.h"

#define GIC_PRIO_DEFAULT 0xa0 /* as the drivers */

static const struct irqchip_ops *chip;

int irqchip_init(const struct fdt_desc *d, const void *fdt)
{
	struct gicv2_desc g2;
	int rc;

	if (d->gicd.base && d->ngicr) {
		chip = &gicv3_irqchip;
		return gicv3_init(d);
	}
	rc = gicv2_fdt_parse(fdt, &g2);
	if (rc == -ENOENT) {
		log_err("irqchip: no arm,gic-v3 node and no GICv2 (arm,gic-400, "
			"arm,cortex-a15-gic, ...) node in the DTB");
		return -ENODEV;
	}
	if (rc) {
		log_err("gicv2: %s node: %s", g2.compat, g2.error);
		return rc;
	}
	chip = &gicv2_irqchip;
	return gicv2_init(&g2);
}

unsigned irqchip_gic_version(void)
{
	return chip == &gicv3_irqchip ? 3 : chip == &gicv2_irqchip ? 2 : 0;
}

int irqchip_cpu_init(unsigned cpu)
{
	return chip ? chip->cpu_init(cpu) : -ENODEV;
}

void irqchip_handle_irq(void)
{
	if (chip)
		chip->handle_irq();
}

void irqchip_enable_ppi(unsigned cpu, unsigned intid)
{
	if (chip)
		chip->set_ppi_enabled(cpu, intid, true);
}

void irqchip_send_sgi_others(unsigned intid)
{
	if (chip)
		chip->send_sgi_others(intid);
}

int irqchip_spi_route(unsigned intid, unsigned cpu)
{
	return chip ? chip->spi_route(intid, cpu) : -ENODEV;
}

/* include/vmplat/irq.h: an SPI configured while disabled (IHI 0069H 12.9.9, IHI 0048B 4.3.13), then enabled. */
int arch_irq_wire(unsigned irq, bool edge, unsigned cpu)
{
	int rc;

	if (cpu >= MAX_CPUS || !cpus[cpu].present)
		return -EINVAL;
	if (!chip)
		return -ENODEV;
	if ((rc = chip->spi_disable(irq)) || (rc = chip->spi_set_trigger(irq, edge)) ||
	    (rc = chip->spi_set_priority(irq, GIC_PRIO_DEFAULT)) ||
	    (rc = chip->spi_route(irq, cpu)) || (rc = chip->spi_clear_pending(irq)))
		return rc;
	return chip->spi_enable(irq);
}

int arch_irq_unwire(unsigned irq)
{
	int rc;

	if (!chip)
		return -ENODEV;
	rc = chip->spi_disable(irq);
	return rc ? rc : chip->spi_clear_pending(irq);
}
