// SPDX-License-Identifier: MIT
/*
 * GICv2 (Arm IHI 0048B): the distributor routes SPIs by CPU interface
 * bit (GICD_ITARGETSR, 4.3.12) and sends SGIs through GICD_SGIR (4.3.15);
 * each CPU's SGI/PPI enables and priorities are banked (4.3.5, 4.3.11) and
 * so set up on that CPU; the CPU interface is memory-mapped (4.4). EOImode 0
 * as in gicv3.c: GICC_EOIR drops the priority and deactivates (4.4.5).
 * Interrupts stay in their reset group: Group 0 without the Security
 * Extensions, Group 1 as secure firmware left them otherwise; either is the
 * group GICD_CTLR / GICC_CTLR bit 0 enables in the view vmplat runs in.
 */
#include <errno.h>
#include <arch/early.h>
#include <vmplat/barrier.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/smp.h>

#include "gicv2_fdt.h"
#include "gicv2_regs.h"
#include "irqchip.h"

#define GIC_PRIO_DEFAULT 0xa0 /* as gicv3.c */
#define GIC_PRIO_ALL	 0xff /* GICC_PMR: let every priority through (4.4.2) */

static volatile uint8_t *gicd, *gicc;
static unsigned gicd_lines;	    /* INTIDs the distributor implements (GICD_TYPER) */
static uint8_t cpu_iface[MAX_CPUS]; /* each CPU's interface bit, from its ITARGETSR0-7 */
static volatile bool iface_ready[MAX_CPUS];

/* This CPU's interface bit (IHI 0048B 4.3.12): 0 on a uniprocessor GIC, -EINVAL if inconsistent. */
static int read_cpu_iface(void)
{
	uint32_t t[GICV2_BANKED_ITARGETSR];

	for (unsigned i = 0; i < GICV2_BANKED_ITARGETSR; i++)
		t[i] = mmio_read32(gicd + GICD_ITARGETSR(4 * i));
	return gicv2_cpu_mask(t);
}

/* On cpu itself: its banked SGI/PPI state and its CPU interface (4.3.5, 4.4.1). */
static int gicv2_cpu_init(unsigned cpu)
{
	int mask;

	if (!gicd || cpu >= MAX_CPUS)
		return -ENODEV;
	mask = read_cpu_iface();
	if (mask < 0 || (!mask && cpu)) {
		log_err("gicv2: cpu%u: ITARGETSR0-7 give no single CPU interface bit (IHI 0048B "
			"4.3.12)",
			cpu);
		return -ENODEV;
	}
	cpu_iface[cpu] = (uint8_t)mask;
	mmio_write32(gicd + GICD_ICENABLER(0), 0xffffffff);
	for (unsigned i = 0; i < GICV2_SPI_FIRST; i++)
		mmio_write8(gicd + GICD_IPRIORITYR(i), GIC_PRIO_DEFAULT);
	mmio_write32(gicc + GICC_PMR, GIC_PRIO_ALL);
	mmio_write32(gicc + GICC_BPR, 0);
	/* EOImode 0 (bit 9 clear); the bypass-disable bits stay as firmware set them. */
	mmio_write32(gicc + GICC_CTLR,
		     (mmio_read32(gicc + GICC_CTLR) & GICC_CTLR_BYPASS_DIS) | GICC_CTLR_ENABLE);
	store_release(&iface_ready[cpu], true);
	log_info("gicv2: cpu%u on CPU interface %d", cpu, mask ? __builtin_ctz((unsigned)mask) : 0);
	return 0;
}

/* Every SPI off, level, default priority, at the boot CPU (4.3.7, 4.3.11-13). */
static void spis_reset(uint8_t target)
{
	for (unsigned n = GICV2_SPI_FIRST / 32; n < gicd_lines / 32; n++) {
		mmio_write32(gicd + GICD_ICENABLER(n), 0xffffffff);
		mmio_write32(gicd + GICD_ICPENDR(n), 0xffffffff);
	}
	for (unsigned n = GICV2_SPI_FIRST / 16; n < gicd_lines / 16; n++)
		mmio_write32(gicd + GICD_ICFGR(n), 0);
	for (unsigned i = GICV2_SPI_FIRST; i < gicd_lines; i++) {
		mmio_write8(gicd + GICD_IPRIORITYR(i), GIC_PRIO_DEFAULT);
		mmio_write8(gicd + GICD_ITARGETSR(i), target);
	}
}

int gicv2_init(const struct gicv2_desc *g)
{
	uint32_t typer;
	int mask;

	gicd = mm_map_device(g->gicd.base, ALIGN_UP(g->gicd.size, PAGE_SIZE));
	gicc = mm_map_device(g->gicc.base, ALIGN_UP(g->gicc.size, PAGE_SIZE));
	if (!gicd || !gicc) {
		gicd = gicc = NULL;
		return -ENOMEM;
	}
	mmio_write32(gicd + GICD_CTLR, 0); /* configure with forwarding off (4.3.1) */
	typer = mmio_read32(gicd + GICD_TYPER);
	gicd_lines = gicv2_typer_lines(typer);
	mask = read_cpu_iface();
	spis_reset(mask > 0 ? (uint8_t)mask : 0);
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ENABLE);
	log_info("gicv2: %s distributor %#llx, cpu interface %#llx, %u lines, %u cpu interfaces%s",
		 g->compat, (unsigned long long)g->gicd.base, (unsigned long long)g->gicc.base,
		 gicd_lines, gicv2_typer_cpus(typer),
		 g->gich.base ? ", virtualization extensions (GICH/GICV): not used" : "");
	return gicv2_cpu_init(0);
}

/* GICD_I[SC]ENABLER0 are banked (4.3.5): only cpu itself can change its SGIs and PPIs. */
static void gicv2_set_ppi_enabled(unsigned cpu, unsigned intid, bool on)
{
	if (!gicd || intid >= GICV2_SPI_FIRST)
		return;
	if (cpu != arch_this_cpu()) {
		log_err("gicv2: INTID %u of cpu%u set from cpu%u: banked (IHI 0048B 4.3.5)", intid,
			cpu, arch_this_cpu());
		return;
	}
	mmio_write32(gicd + (on ? GICD_ISENABLER(0) : GICD_ICENABLER(0)), (uint32_t)BIT(intid));
}

/* SGI to the interfaces of every other ready CPU, as a target list (4.3.15). */
static void gicv2_send_sgi_others(unsigned intid)
{
	unsigned self = arch_this_cpu();
	uint8_t targets = 0;

	if (!gicd || intid > 15)
		return;
	for (unsigned c = 0; c < MAX_CPUS; c++) {
		if (c != self && load_acquire(&iface_ready[c]))
			targets |= cpu_iface[c];
	}
	if (!targets)
		return;
	dsb(ish); /* earlier stores before the SGI, as gicv3.c */
	mmio_write32(gicd + GICD_SGIR, gicv2_sgir(GICD_SGIR_TO_LIST, targets, intid));
}

/* IRQ exception: acknowledge (GICC_IAR 4.4.4), dispatch, end (GICC_EOIR 4.4.5). */
static void gicv2_handle_irq(void)
{
	uint32_t iar;
	unsigned intid;

	if (!gicc)
		return;
	iar = mmio_read32(gicc + GICC_IAR);
	intid = gicv2_iar_intid(iar);
	if (intid >= GICV2_SPURIOUS)
		return; /* 1020-1023: nothing was acknowledged, nothing to end (3.2.5) */
	if (!irq_dispatch(intid))
		log_warn("gicv2: unhandled INTID %u on cpu%u", intid, arch_this_cpu());
	mmio_write32(gicc + GICC_EOIR, iar); /* with the SGI's source CPUID [12:10] */
}

/* ---- SPIs at the distributor ---- */
static int spi_ok(unsigned intid)
{
	if (!gicd)
		return -ENODEV;
	return intid >= GICV2_SPI_FIRST && intid < gicd_lines ? 0 : -EINVAL;
}

static int spi_bit(unsigned intid, unsigned reg0)
{
	int rc = spi_ok(intid);

	if (!rc)
		mmio_write32(gicd + reg0 + 4 * (intid / 32), (uint32_t)BIT(intid % 32));
	return rc;
}

static int gicv2_spi_enable(unsigned intid)
{
	return spi_bit(intid, GICD_ISENABLER(0));
}

static int gicv2_spi_disable(unsigned intid)
{
	return spi_bit(intid, GICD_ICENABLER(0));
}

static int gicv2_spi_clear_pending(unsigned intid)
{
	return spi_bit(intid, GICD_ICPENDR(0));
}

/* GICD_ITARGETSR (4.3.12): to the interface of one CPU that has set its interface up. */
static int gicv2_spi_route(unsigned intid, unsigned cpu)
{
	int rc = spi_ok(intid);

	if (rc)
		return rc;
	if (cpu >= MAX_CPUS || !load_acquire(&iface_ready[cpu]))
		return -EINVAL;
	mmio_write8(gicd + GICD_ITARGETSR(intid), cpu_iface[cpu]);
	return 0;
}

/* GICD_ICFGR (4.3.13): change it only while the SPI is disabled. */
static int gicv2_spi_set_trigger(unsigned intid, bool edge)
{
	int rc = spi_ok(intid);
	volatile uint8_t *reg;
	uint32_t bit = gicv2_icfgr_edge_bit(intid);

	if (rc)
		return rc;
	reg = gicd + gicv2_icfgr_reg(intid);
	mmio_write32(reg, edge ? mmio_read32(reg) | bit : mmio_read32(reg) & ~bit);
	return 0;
}

static int gicv2_spi_set_priority(unsigned intid, uint8_t prio)
{
	int rc = spi_ok(intid);

	if (!rc)
		mmio_write8(gicd + GICD_IPRIORITYR(intid), prio);
	return rc;
}

const struct irqchip_ops gicv2_irqchip = {
	.name = "GICv2",
	.cpu_init = gicv2_cpu_init,
	.handle_irq = gicv2_handle_irq,
	.set_ppi_enabled = gicv2_set_ppi_enabled,
	.send_sgi_others = gicv2_send_sgi_others,
	.spi_enable = gicv2_spi_enable,
	.spi_disable = gicv2_spi_disable,
	.spi_clear_pending = gicv2_spi_clear_pending,
	.spi_route = gicv2_spi_route,
	.spi_set_trigger = gicv2_spi_set_trigger,
	.spi_set_priority = gicv2_spi_set_priority,
};
