// SPDX-License-Identifier: MIT
/*
 * Ticket spinlock over C11 atomics; the _irqsave forms also mask interrupts
 * on this CPU so a handler cannot deadlock against the code it interrupted.
 */
#ifndef VMPLAT_SPINLOCK_H
#define VMPLAT_SPINLOCK_H

#include <vmplat/irq.h>
#include <vmplat/types.h>

struct spinlock {
	uint32_t next, owner;
};

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

void cpu_relax(void);

static inline void spin_lock(struct spinlock *l)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags = arch_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	spin_unlock(l);
	arch_irq_restore(flags);
}

#endif
