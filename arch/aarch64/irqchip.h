// SPDX-License-Identifier: MIT
/*
 * The interrupt controller behind the arch code: GICv3 (gicv3.c) or GICv2
 * (gicv2.c), chosen once at late init (irqchip.c). Callers use the
 * irqchip_* front end in arch/early.h; only the drivers fill an ops table.
 */
#ifndef ARCH_IRQCHIP_H
#define ARCH_IRQCHIP_H

#include <vmplat/types.h>

struct gicv2_desc;

struct irqchip_ops {
	const char *name;
	int (*cpu_init)(unsigned cpu); /* on that CPU */
	void (*handle_irq)(void);      /* acknowledge, irq_dispatch, end */
	void (*set_ppi_enabled)(unsigned cpu, unsigned intid, bool on);
	void (*send_sgi_others)(unsigned intid);
	int (*spi_enable)(unsigned intid);
	int (*spi_disable)(unsigned intid);
	int (*spi_clear_pending)(unsigned intid);
	int (*spi_route)(unsigned intid, unsigned cpu); /* logical CPU */
	int (*spi_set_trigger)(unsigned intid, bool edge);
	int (*spi_set_priority)(unsigned intid, uint8_t prio);
};

extern const struct irqchip_ops gicv3_irqchip;
extern const struct irqchip_ops gicv2_irqchip;

/* gicv2.c: distributor and the boot CPU's interface; 0 or -errno (said once). */
int gicv2_init(const struct gicv2_desc *g);

#endif
