// SPDX-License-Identifier: MIT
/*
 * GICv2 registers (Arm IHI 0048B, 4.1.2 distributor and 4.1.3 CPU interface
 * maps) and the field arithmetic gicv2.c needs, kept here as pure functions
 * so the host tests (tests/unit/gicv2) check them against the spec.
 */
#ifndef ARCH_GICV2_REGS_H
#define ARCH_GICV2_REGS_H

#include <errno.h>
#include <vmplat/types.h>

/* Distributor (4.3) */
#define GICD_CTLR	    0x000
#define GICD_CTLR_ENABLE    BIT(0) /* EnableGrp0, or EnableGrp1 in the Non-secure view (4.3.1) */
#define GICD_TYPER	    0x004
#define GICD_TYPER_ITLINES  GENMASK(4, 0)
#define GICD_TYPER_CPUS	    GENMASK(7, 5)
#define GICD_ISENABLER(n)   (0x100 + 4 * (n))
#define GICD_ICENABLER(n)   (0x180 + 4 * (n))
#define GICD_ICPENDR(n)	    (0x280 + 4 * (n))
#define GICD_IPRIORITYR(i)  (0x400 + (i)) /* byte-accessible (4.3.11) */
#define GICD_ITARGETSR(i)   (0x800 + (i)) /* byte-accessible (4.3.12) */
#define GICD_ICFGR(n)	    (0xc00 + 4 * (n))
#define GICD_SGIR	    0xf00
#define GICD_SGIR_FILTER    GENMASK(25, 24)
#define GICD_SGIR_TARGETS   GENMASK(23, 16)
#define GICD_SGIR_INTID	    GENMASK(3, 0)
#define GICD_SGIR_TO_LIST   0u /* TargetListFilter (4.3.15) */
#define GICD_SGIR_TO_OTHERS 1u
#define GICD_SIZE_MIN	    0x1000

/* CPU interface (4.4) */
#define GICC_CTLR	     0x000
#define GICC_CTLR_ENABLE     BIT(0) /* EnableGrp0, or EnableGrp1 in the Non-secure view (4.4.1) */
#define GICC_CTLR_BYPASS_DIS GENMASK(8, 5) /* FIQ/IRQBypDisGrp0/1: kept as found */
#define GICC_PMR	     0x004
#define GICC_BPR	     0x008
#define GICC_IAR	     0x00c
#define GICC_IAR_INTID	     GENMASK(9, 0)
#define GICC_EOIR	     0x010
#define GICC_SIZE_MIN	     0x1000

#define GICV2_SPI_FIRST	       32
#define GICV2_SPURIOUS	       1020 /* 1020-1023 are special INTIDs (3.2.5), never ended */
#define GICV2_MAX_CPUS	       8    /* interfaces 0-7: one bit each in ITARGETSR / SGIR */
#define GICV2_BANKED_ITARGETSR 8    /* ITARGETSR0-7: SGIs and PPIs, read-only, banked */

/* Interrupt lines the distributor implements: 32 * (ITLinesNumber + 1), at most 1020 (4.3.2). */
static inline unsigned gicv2_typer_lines(uint32_t typer)
{
	unsigned n = 32 * ((unsigned)FIELD_GET(GICD_TYPER_ITLINES, typer) + 1);

	return n < GICV2_SPURIOUS ? n : GICV2_SPURIOUS;
}

static inline unsigned gicv2_typer_cpus(uint32_t typer)
{
	return (unsigned)FIELD_GET(GICD_TYPER_CPUS, typer) + 1;
}

/*
 * This CPU's interface bit from its banked ITARGETSR0-7 words (4.3.12: each
 * field reads as the mask of the reading processor; a PPI the implementation
 * lacks reads 0). The OR of every byte must be one bit; 0 is a uniprocessor
 * GIC (the registers are RAZ there); several bits is an inconsistent GIC:
 * -EINVAL. Returns the mask (0..0x80) or -EINVAL.
 */
static inline int gicv2_cpu_mask(const uint32_t itargetsr[GICV2_BANKED_ITARGETSR])
{
	uint32_t m = 0;

	for (unsigned i = 0; i < GICV2_BANKED_ITARGETSR; i++)
		m |= itargetsr[i];
	m = (m | m >> 8 | m >> 16 | m >> 24) & 0xff;
	if (m & (m - 1))
		return -EINVAL;
	return (int)m;
}

/* GICD_SGIR (4.3.15): SGI intid to the interfaces in targets, or to every other one. */
static inline uint32_t gicv2_sgir(unsigned filter, uint8_t targets, unsigned intid)
{
	return (uint32_t)(FIELD_PREP(GICD_SGIR_FILTER, filter) |
			  FIELD_PREP(GICD_SGIR_TARGETS, filter == GICD_SGIR_TO_LIST ? targets : 0) |
			  FIELD_PREP(GICD_SGIR_INTID, intid));
}

/* GICD_ICFGR (4.3.13): Int_config[1] of intid's 2-bit field is edge (1) / level (0). */
static inline unsigned gicv2_icfgr_reg(unsigned intid)
{
	return GICD_ICFGR(intid / 16);
}

static inline uint32_t gicv2_icfgr_edge_bit(unsigned intid)
{
	return (uint32_t)BIT(2 * (intid % 16) + 1);
}

/* INTID of an IAR value (4.4.4); CPUID [12:10] stays in the value written back to EOIR. */
static inline unsigned gicv2_iar_intid(uint32_t iar)
{
	return (unsigned)FIELD_GET(GICC_IAR_INTID, iar);
}

#endif
