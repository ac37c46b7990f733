// SPDX-License-Identifier: MIT
/*
 * Handing an arm64 machine to Linux (booting.rst 4-5): secondary CPUs back
 * to PSCI (CPU_OFF on each, checked with AFFINITY_INFO, DEN0022 5.6/5.7) so
 * the kernel can CPU_ON them; the GIC interrupts vmplat enabled disabled
 * (IHI 0069 12.9.4, 12.11.x) and the timers stopped; kernel, DTB and initrd
 * cleaned to the PoC; then linux_entry.S turns the MMU and caches off at the
 * current EL and jumps with x0 = DTB.
 */
#include <errno.h>
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/handoff.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#include "fdt_platform.h"

#define PSCI_CPU_OFF	      0x84000002u
#define PSCI_AFFINITY_INFO_64 0xc4000004u
#define PSCI_AFF_OFF	      1
#define CPU_OFF_TIMEOUT_NS    (500 * NSEC_PER_MSEC)
/* ID_AA64MMFR0_EL1 (Arm ARM D17.2.64): TGran16 [23:20] (0 = no), TGran64 [27:24]
 * and TGran4 [31:28] (0 = yes, 0xf = no). */
#define MMFR0_TGRAN16	      GENMASK_ULL(23, 20)
#define MMFR0_TGRAN64	      GENMASK_ULL(27, 24)
#define MMFR0_TGRAN4	      GENMASK_ULL(31, 28)

/* GICv3 registers this file touches (IHI 0069 12.9, 12.11). */
#define GICD_CTLR	   0x0000
#define GICD_CTLR_RWP	   BIT(31)
#define GICD_CTLR_ARE	   BIT(4)
#define GICD_TYPER	   0x0004
#define GICD_ICENABLER(n)  (0x0180 + 4 * (n))
#define GICR_TYPER	   0x0008
#define GICR_TYPER_VLPIS   BIT_ULL(1)
#define GICR_TYPER_LAST	   BIT_ULL(4)
#define GICR_ICENABLER0	   0x10180
#define GICR_FRAME	   0x20000
#define GICR_FRAME_VLPI	   0x40000
#define GICR_MAX_FRAMES	   MAX_CPUS
#define GIC_RWP_TIMEOUT_NS (100 * NSEC_PER_MSEC)

unsigned arch_cpu_granules(void)
{
	uint64_t m = read_sysreg(id_aa64mmfr0_el1);
	unsigned g = 0;

	if (FIELD_GET(MMFR0_TGRAN4, m) != 0xf)
		g |= ARM64_GRAN_4K;
	if (FIELD_GET(MMFR0_TGRAN16, m) != 0)
		g |= ARM64_GRAN_16K;
	if (FIELD_GET(MMFR0_TGRAN64, m) != 0xf)
		g |= ARM64_GRAN_64K;
	return g;
}

void arch_dcache_clean_poc(paddr_t pa, uint64_t size)
{
	uint64_t line = 4ULL << FIELD_GET(GENMASK_ULL(19, 16), read_sysreg(ctr_el0));
	uint64_t a = ALIGN_DOWN(pa, line);

	/* Clean and invalidate: nothing of these lines may be written back later. */
	for (; a < pa + size; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb(sy);
}

/* This CPU's timers off: the EL2 physical (CNTHP) and the EL1 virtual and physical. */
static void timers_off(void)
{
	if (arch_at_el2)
		write_sysreg(cnthp_ctl_el2, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	isb();
}

/* This CPU's interrupts: masked, Group 1 off at the CPU interface (12.2.13). */
static void cpu_irq_off(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	timers_off();
	write_sysreg_s(ICC_IGRPEN1_EL1, 0);
	isb();
}

/* Runs on a secondary: quiet it, then give it back to PSCI (never returns). */
static void secondary_off(void *arg)
{
	struct cpu *c = arg;
	int64_t rc;

	cpu_irq_off();
	store_release(&c->online, false);
	dsb(sy);
	rc = psci_call(PSCI_CPU_OFF, 0, 0, 0);
	/* CPU_OFF returns only on failure (DEN0022 5.5.2 DENIED): park here. */
	c->arch.psci_err = (int)rc;
	for (;;)
		__asm__ volatile("wfi");
}

/* Post secondary_off (it never finishes) and wait for PSCI to report c off. */
static int cpu_off(struct cpu *c)
{
	uint64_t deadline;
	int64_t st;
	int rc = smp_post_on(c->id, secondary_off, c);

	if (rc) {
		log_err("handoff: cpu%u cannot take the CPU_OFF call (%d: still running a call)",
			c->id, rc);
		return rc;
	}
	deadline = timestamp_ns() + CPU_OFF_TIMEOUT_NS;
	for (;;) {
		st = psci_call(PSCI_AFFINITY_INFO_64, c->hwid, 0, 0);
		if (st == PSCI_AFF_OFF)
			return 0;
		if (timestamp_ns() > deadline) {
			log_err("handoff: cpu%u (MPIDR %#llx) not off: AFFINITY_INFO %lld (DEN0022 5.7)",
				c->id, (unsigned long long)c->hwid, (long long)st);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
}

static int secondaries_off(void)
{
	unsigned self = smp_this_cpu();
	int rc, first = 0, n = 0;

	for (unsigned i = 0; i < cpu_count; i++) {
		if (i == self || !cpus[i].online)
			continue;
		rc = cpu_off(&cpus[i]);
		if (rc && !first)
			first = rc;
		n += !rc;
	}
	log_info("handoff: %d secondary CPU(s) returned to PSCI (AFFINITY_INFO off)", n);
	return first;
}

/* Every redistributor frame: SGIs/PPIs disabled (GICR_ICENABLER0, 12.11.15). */
static void gicr_all_off(void)
{
	for (unsigned r = 0; r < arch_fdt.ngicr; r++) {
		volatile uint8_t *f = (volatile uint8_t *)(uintptr_t)arch_fdt.gicr[r].base;
		volatile uint8_t *end = f + arch_fdt.gicr[r].size;

		for (unsigned n = 0; f < end && n < GICR_MAX_FRAMES; n++) {
			uint64_t typer = mmio_read64(f + GICR_TYPER);

			mmio_write32(f + GICR_ICENABLER0, 0xffffffff);
			if (typer & GICR_TYPER_LAST)
				break;
			f += (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_VLPI : GICR_FRAME;
		}
	}
}

/* SPIs disabled, Group 1 off; ARE kept (clearing it is not allowed once set, 12.9.4). */
static int gicd_off(void)
{
	volatile uint8_t *d = (volatile uint8_t *)(uintptr_t)arch_fdt.gicd.base;
	uint64_t deadline = timestamp_ns() + GIC_RWP_TIMEOUT_NS;
	unsigned words;

	if (!d)
		return 0;
	words = (mmio_read32(d + GICD_TYPER) & 0x1f) + 1;
	for (unsigned n = 1; n < words; n++)
		mmio_write32(d + GICD_ICENABLER(n), 0xffffffff);
	mmio_write32(d + GICD_CTLR, mmio_read32(d + GICD_CTLR) & GICD_CTLR_ARE);
	while (mmio_read32(d + GICD_CTLR) & GICD_CTLR_RWP) {
		if (timestamp_ns() > deadline) {
			log_err("handoff: GICD_CTLR.RWP stuck (IHI 0069 12.9.4)");
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

int arch_quiesce_for_handoff(void)
{
	int rc = secondaries_off();
	int rc2;

	cpu_irq_off();
	gicr_all_off();
	rc2 = gicd_off();
	return rc ? rc : rc2;
}

int arch_linux_handoff(paddr_t entry, paddr_t dtb, const struct pmm_range *clean, unsigned nclean)
{
	int rc = platform_quiesce_for_handoff();

	if (rc) {
		log_err("handoff: quiesce failed (%d): not entering the kernel", rc);
		return rc;
	}
	/* booting.rst 4: the Image (and what it reads with caches off) cleaned to PoC. */
	for (unsigned i = 0; i < nclean; i++)
		arch_dcache_clean_poc(clean[i].base, clean[i].size);
	/* EL2 requirements (booting.rst 4): GICv3 system registers enabled for EL1. */
	if (arch_at_el2) {
		write_sysreg_s(ICC_SRE_EL2, ICC_SRE_SRE | ICC_SRE_ENABLE);
		isb();
	}
	arch_linux_enter(entry, dtb);
}
