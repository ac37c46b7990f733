// SPDX-License-Identifier: MIT
/*
 * GICv3 (Arm IHI 0069H): distributor with affinity routing and Group 1
 * non-secure enabled (12.9.4 GICD_CTLR), one redistributor per CPU woken
 * through GICR_WAKER (12.11.41), PPIs in Group 1 (12.11.17), and the CPU
 * interface through the ICC system registers (12.2). INTIDs go to
 * irq_dispatch(); EOImode 0 so EOIR1 both drops priority and deactivates.
 */
#include <errno.h>
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#include "fdt_platform.h"
#include "irqchip.h"

#define GICD_CTLR	   0x0000
#define GICD_CTLR_RWP	   (1u << 31)
#define GICD_CTLR_ARE	   (1u << 4) /* ARE_NS in the NS view, ARE with DS=1 */
#define GICD_CTLR_GRP1	   (1u << 1) /* EnableGrp1A (NS view) / EnableGrp1 (DS=1) */
#define GICD_TYPER	   0x0004
#define GICD_IGROUPR(n)	   (0x0080 + 4 * (n))
#define GICD_ISENABLER(n)  (0x0100 + 4 * (n))
#define GICD_ICENABLER(n)  (0x0180 + 4 * (n))
#define GICD_ICPENDR(n)	   (0x0280 + 4 * (n))
#define GICD_IPRIORITYR(n) (0x0400 + (n))
#define GICD_ICFGR(n)	   (0x0c00 + 4 * (n))
#define GICD_ICFGR_EDGE	   2u /* Int_config[1] of a 2-bit field (12.9.9) */
#define GICD_IROUTER(n)	   (0x6000 + 8 * (n))
#define MPIDR_AFF_ALL	   0xff00ffffffULL /* Aff3 [39:32], Aff2..Aff0 [23:0] */
#define GIC_SPI_FIRST	   32

#define GICR_FRAME	   0x20000 /* RD_base + SGI_base (12.10) */
#define GICR_FRAME_VLPI	   0x40000 /* plus VLPI + reserved frames on GICv4 */
#define GICR_TYPER	   0x0008
#define GICR_TYPER_VLPIS   (1ull << 1)
#define GICR_TYPER_LAST	   (1ull << 4)
#define GICR_WAKER	   0x0014
#define GICR_WAKER_PSLEEP  (1u << 1)
#define GICR_WAKER_CASLEEP (1u << 2)
#define GICR_SGI	   0x10000
#define GICR_IGROUPR0	   (GICR_SGI + 0x0080)
#define GICR_ISENABLER0	   (GICR_SGI + 0x0100)
#define GICR_ICENABLER0	   (GICR_SGI + 0x0180)
#define GICR_IPRIORITYR(n) (GICR_SGI + 0x0400 + (n))

#define GIC_PRIO_DEFAULT 0xa0
#define GIC_SPURIOUS	 1020
#define GIC_TIMEOUT_NS	 (100 * NSEC_PER_MSEC)

static volatile uint8_t *gicd;
static unsigned gicd_lines; /* INTIDs the distributor implements (GICD_TYPER) */
static volatile uint8_t *gicr_cpu[MAX_CPUS];
static const struct fdt_desc *gic_desc;

static int wait_clear32(volatile uint8_t *reg, uint32_t bit, const char *what)
{
	uint64_t deadline = timestamp_ns() + GIC_TIMEOUT_NS;

	while (mmio_read32(reg) & bit) {
		if (timestamp_ns() > deadline) {
			log_err("gicv3: %s did not clear (IHI 0069 %s)", what,
				bit == GICD_CTLR_RWP ? "12.9.4" : "12.11.41");
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

/* Redistributor whose GICR_TYPER affinity matches mpidr (12.11.37), walking every region. */
static volatile uint8_t *gicr_find(uint64_t mpidr)
{
	uint32_t aff = (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24);

	for (unsigned r = 0; r < gic_desc->ngicr; r++) {
		volatile uint8_t *f = (volatile uint8_t *)(uintptr_t)gic_desc->gicr[r].base;
		volatile uint8_t *end = f + gic_desc->gicr[r].size;

		while (f < end) {
			uint64_t typer = mmio_read64(f + GICR_TYPER);

			if ((uint32_t)(typer >> 32) == aff)
				return f;
			if (typer & GICR_TYPER_LAST)
				break;
			f += (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_VLPI : GICR_FRAME;
		}
	}
	return NULL;
}

static void cpu_interface_init(void)
{
	if (arch_at_el2)
		write_sysreg_s(ICC_SRE_EL2, ICC_SRE_SRE | ICC_SRE_ENABLE);
	write_sysreg_s(ICC_SRE_EL1, ICC_SRE_SRE);
	isb();
	write_sysreg_s(ICC_PMR_EL1, 0xff); /* let every priority through */
	write_sysreg_s(ICC_BPR1_EL1, 0);
	write_sysreg_s(ICC_CTLR_EL1, 0); /* EOImode 0 */
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	isb();
}

int gicv3_cpu_init(unsigned cpu)
{
	volatile uint8_t *rd;
	int rc;

	if (!gic_desc)
		return -ENODEV;
	rd = gicr_find(cpus[cpu].hwid);
	if (!rd) {
		log_err("gicv3: no redistributor for cpu%u (MPIDR %#llx)", cpu,
			(unsigned long long)cpus[cpu].hwid);
		return -ENODEV;
	}
	gicr_cpu[cpu] = rd;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PSLEEP);
	rc = wait_clear32(rd + GICR_WAKER, GICR_WAKER_CASLEEP, "GICR_WAKER.ChildrenAsleep");
	if (rc)
		return rc;
	mmio_write32(rd + GICR_ICENABLER0, 0xffffffff);
	mmio_write32(rd + GICR_IGROUPR0, 0xffffffff); /* SGIs and PPIs: Group 1 NS */
	for (unsigned i = 0; i < 32; i++)
		mmio_write8(rd + GICR_IPRIORITYR(i), GIC_PRIO_DEFAULT);
	cpu_interface_init();
	return 0;
}

void gicv3_set_ppi_enabled(unsigned cpu, unsigned intid, bool on)
{
	if (cpu < MAX_CPUS && gicr_cpu[cpu] && intid < 32)
		mmio_write32(gicr_cpu[cpu] + (on ? GICR_ISENABLER0 : GICR_ICENABLER0), 1u << intid);
}

void gicv3_enable_ppi(unsigned cpu, unsigned intid)
{
	gicv3_set_ppi_enabled(cpu, intid, true);
}

int gicv3_init(const struct fdt_desc *d)
{
	unsigned nlines;

	if (!d->gicd.base || !d->ngicr) {
		log_err("gicv3: no arm,gic-v3 node in the DTB");
		return -ENODEV;
	}
	gic_desc = d;
	gicd = mm_map_device(d->gicd.base, ALIGN_UP(d->gicd.size, PAGE_SIZE));
	for (unsigned i = 0; i < d->ngicr; i++) {
		if (!gicd || !mm_map_device(d->gicr[i].base, ALIGN_UP(d->gicr[i].size, PAGE_SIZE)))
			return -ENOMEM;
	}
	/* Disable, then enable with affinity routing (12.9.4: ARE changes only while disabled). */
	mmio_write32(gicd + GICD_CTLR, 0);
	if (wait_clear32(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP"))
		return -ETIMEDOUT;
	nlines = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1);
	gicd_lines = MIN(nlines, GIC_SPURIOUS);
	for (unsigned n = 1; n < nlines / 32; n++) {
		mmio_write32(gicd + GICD_ICENABLER(n), 0xffffffff);
		mmio_write32(gicd + GICD_IGROUPR(n), 0xffffffff);
	}
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	if (wait_clear32(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP"))
		return -ETIMEDOUT;
	log_info("gicv3: distributor %#llx, %u lines, %u redistributor region(s)",
		 (unsigned long long)d->gicd.base, nlines, d->ngicr);
	return gicv3_cpu_init(0);
}

/* ---- SPIs at the distributor (IHI 0069H 12.9) ---- */
static int spi_ok(unsigned intid)
{
	if (!gicd)
		return -ENODEV;
	return intid >= GIC_SPI_FIRST && intid < gicd_lines ? 0 : -EINVAL;
}

static int spi_bit(unsigned intid, unsigned reg0)
{
	int rc = spi_ok(intid);

	if (!rc)
		mmio_write32(gicd + reg0 + 4 * (intid / 32), 1u << (intid % 32));
	return rc;
}

int gicv3_spi_enable(unsigned intid)
{
	return spi_bit(intid, GICD_ISENABLER(0));
}

/* GICD_ICENABLER (12.9.7); the distributor may still deliver one already in flight. */
int gicv3_spi_disable(unsigned intid)
{
	return spi_bit(intid, GICD_ICENABLER(0));
}

int gicv3_spi_clear_pending(unsigned intid)
{
	return spi_bit(intid, GICD_ICPENDR(0));
}

/* GICD_IROUTER (12.9.22): to the PE with this MPIDR (IRM = 0). */
int gicv3_spi_route(unsigned intid, uint64_t mpidr)
{
	int rc = spi_ok(intid);

	if (!rc)
		mmio_write64(gicd + GICD_IROUTER(intid), mpidr & MPIDR_AFF_ALL);
	return rc;
}

/* GICD_ICFGR (12.9.9): level or edge; change it only while the SPI is disabled. */
int gicv3_spi_set_trigger(unsigned intid, bool edge)
{
	int rc = spi_ok(intid);
	volatile uint8_t *reg = gicd + GICD_ICFGR(intid / 16);
	uint32_t bit = GICD_ICFGR_EDGE << 2 * (intid % 16);

	if (!rc)
		mmio_write32(reg, edge ? mmio_read32(reg) | bit : mmio_read32(reg) & ~bit);
	return rc;
}

int gicv3_spi_set_priority(unsigned intid, uint8_t prio)
{
	int rc = spi_ok(intid);

	if (!rc)
		mmio_write8(gicd + GICD_IPRIORITYR(intid), prio);
	return rc;
}

/*
 * SGI to every other PE (ICC_SGI1R_EL1.IRM = 1, IHI 0069 12.2.23). Only once
 * the distributor is up; the dsb orders earlier stores before the SGI.
 */
void gicv3_send_sgi_others(unsigned intid)
{
	if (!gicd || intid > 15)
		return;
	dsb(ish);
	write_sysreg_s(ICC_SGI1R_EL1, ICC_SGI1R_IRM | FIELD_PREP(ICC_SGI1R_INTID, intid));
	isb();
}

/* IRQ exception: acknowledge (ICC_IAR1_EL1), dispatch, end (ICC_EOIR1_EL1). */
void gicv3_handle_irq(void)
{
	uint64_t iar = read_sysreg_s(ICC_IAR1_EL1);
	unsigned intid = (unsigned)(iar & 0xffffff);

	if (intid >= GIC_SPURIOUS && intid < 1024)
		return;
	if (!irq_dispatch(intid))
		log_warn("gicv3: unhandled INTID %u on cpu%u", intid, arch_this_cpu());
	write_sysreg_s(ICC_EOIR1_EL1, iar);
	isb();
}

/* irqchip.c routes by logical CPU; the redistributor affinity is its MPIDR. */
static int spi_route_cpu(unsigned intid, unsigned cpu)
{
	return cpu < MAX_CPUS ? gicv3_spi_route(intid, cpus[cpu].hwid) : -EINVAL;
}

const struct irqchip_ops gicv3_irqchip = {
	.name = "GICv3",
	.cpu_init = gicv3_cpu_init,
	.handle_irq = gicv3_handle_irq,
	.set_ppi_enabled = gicv3_set_ppi_enabled,
	.send_sgi_others = gicv3_send_sgi_others,
	.spi_enable = gicv3_spi_enable,
	.spi_disable = gicv3_spi_disable,
	.spi_clear_pending = gicv3_spi_clear_pending,
	.spi_route = spi_route_cpu,
	.spi_set_trigger = gicv3_spi_set_trigger,
	.spi_set_priority = gicv3_spi_set_priority,
};
