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

#endif
