// SPDX-License-Identifier: MIT
/*
 * arch_late_init (after mm_init): LAPIC and its timer vector, the SMP
 * trampoline pages, then interrupts on. Also the interrupt-flag hooks.
 */
#include <errno.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>

#include "x86_64.h"

#define RFLAGS_IF BIT(9)

int arch_late_init(void)
{
	int ret = x86_lapic_init();

	if (ret)
		return ret;
	ret = x86_hpet_late_map();
	if (ret)
		return ret;
	ret = x86_tramp_setup();
	if (ret)
		log_warn("smp: trampoline unavailable (%d): secondary CPUs stay offline", ret);
	arch_irq_enable();
	return 0;
}

void arch_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

void arch_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq\n\tpopq %0\n\tcli" : "=r"(flags) : : "memory");
	return flags & RFLAGS_IF;
}

void arch_irq_restore(unsigned long flags)
{
	if (flags & RFLAGS_IF)
		__asm__ volatile("sti" ::: "memory");
}

/* include/vmplat/irq.h: wired lines go through the I/O APIC, which vmplat does not drive. */
int arch_irq_wire(unsigned irq, bool edge, unsigned cpu)
{
	(void)irq;
	(void)edge;
	(void)cpu;
	return -ENOTSUP;
}

int arch_irq_unwire(unsigned irq)
{
	(void)irq;
	return -ENOTSUP;
}
