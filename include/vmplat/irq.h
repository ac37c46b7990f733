// SPDX-License-Identifier: MIT
/*
 * Interrupts: handlers by number (x86 vector, arm GIC INTID), enable/disable.
 */
#ifndef VMPLAT_IRQ_H
#define VMPLAT_IRQ_H

#include <vmplat/types.h>

#define IRQ_MAX 1024

typedef void (*irq_fn_t)(unsigned irq, void *arg);

int irq_register(unsigned irq, irq_fn_t fn, void *arg);
/* Called by the arch with the interrupt number; returns false if nobody handled it. */
bool irq_dispatch(unsigned irq);

void arch_irq_enable(void);
void arch_irq_disable(void);
/* Returns previous state; restore with arch_irq_restore. */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);

/*
 * A wired platform interrupt line (a device's SPI on the GIC): configured
 * while disabled (edge or level), routed to logical CPU cpu, pending state
 * cleared, enabled; unwire disables it and drops a pending one. Register the
 * handler with irq_register first. -ENOTSUP where vmplat drives no such
 * controller (x86_64: no I/O APIC driver), -EINVAL for a number out of range.
 */
int arch_irq_wire(unsigned irq, bool edge, unsigned cpu);
int arch_irq_unwire(unsigned irq);

#endif
