// SPDX-License-Identifier: MIT
/*
 * Generic timer (Arm ARM D11): the timestamp counter is CNTPCT_EL0 at EL2
 * (so CNTVOFF_EL2 is free to hold a guest's virtual-count offset while a
 * vCPU runs, D11.2.4) and CNTVCT_EL0 at EL1, CNTFRQ_EL0 its frequency. The per-CPU interrupt
 * is the EL2 physical timer CNTHP (PPI 26) at EL2, the EL1 virtual timer
 * CNTV (PPI 27) at EL1; the INTIDs come from the DTB timer node if present.
 */
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#include "fdt_platform.h"

#define TIMER_HYP_PPI_DEFAULT  26
#define TIMER_VIRT_PPI_DEFAULT 27

static unsigned timer_intid;

uint64_t arch_counter_read(void)
{
	/* isb: the read must not be speculated ahead of earlier code (D11.2.2). */
	__asm__ volatile("isb" ::: "memory");
	if (arch_at_el2)
		return read_sysreg(cntpct_el0);
	return read_sysreg(cntvct_el0);
}

static void timer_ctl(uint64_t ctl)
{
	if (arch_at_el2)
		write_sysreg(cnthp_ctl_el2, ctl);
	else
		write_sysreg(cntv_ctl_el0, ctl);
	__asm__ volatile("isb" ::: "memory");
}

int arch_timer_arm_ns(uint64_t ns)
{
	uint64_t hz = timer_counter_freq(), ticks;

	if (!ns) {
		timer_ctl(0);
		return 0;
	}
	ticks = (uint64_t)(((unsigned __int128)ns * hz + NSEC_PER_SEC - 1) / NSEC_PER_SEC);
	/* CVAL compares with the physical count (CNTHP at EL2) or the virtual count (CNTV at EL1):
	 * the same counter arch_counter_read reads at that level. */
	if (arch_at_el2)
		write_sysreg(cnthp_cval_el2, arch_counter_read() + (ticks ? ticks : 1));
	else
		write_sysreg(cntv_cval_el0, arch_counter_read() + (ticks ? ticks : 1));
	timer_ctl(CNT_CTL_ENABLE);
	return 0;
}

/* Level interrupt: disable the timer so the line drops, then let the core re-arm. */
static void timer_irq_handler(unsigned irq, void *arg)
{
	(void)irq;
	(void)arg;
	timer_ctl(0);
	timer_irq();
}

void arch_timer_setup(const struct fdt_desc *d)
{
	enum fdt_timer_irq which = arch_at_el2 ? FDT_TIMER_HYP : FDT_TIMER_VIRT;

	timer_intid = d->timer_intid[which];
	if (!timer_intid)
		timer_intid = arch_at_el2 ? TIMER_HYP_PPI_DEFAULT : TIMER_VIRT_PPI_DEFAULT;
	if (irq_register(timer_intid, timer_irq_handler, NULL))
		log_err("timer: cannot register INTID %u", timer_intid);
}

int arch_timer_cpu_init(unsigned cpu)
{
	timer_ctl(0);
	irqchip_enable_ppi(cpu, timer_intid);
	return 0;
}
