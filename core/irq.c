// SPDX-License-Identifier: MIT
/*
 * Interrupt handler table: the arch entry code calls irq_dispatch(number).
 */
#include <errno.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>

struct irq_slot {
	irq_fn_t fn;
	void *arg;
	uint64_t count;
};

static struct irq_slot irq_table[IRQ_MAX];

int irq_register(unsigned irq, irq_fn_t fn, void *arg)
{
	if (irq >= IRQ_MAX)
		return -EINVAL;
	if (irq_table[irq].fn && fn && irq_table[irq].fn != fn)
		return -EBUSY;
	irq_table[irq].arg = arg;
	__atomic_store_n(&irq_table[irq].fn, fn, __ATOMIC_RELEASE);
	return 0;
}

bool irq_dispatch(unsigned irq)
{
	irq_fn_t fn;

	if (irq >= IRQ_MAX)
		return false;
	fn = __atomic_load_n(&irq_table[irq].fn, __ATOMIC_ACQUIRE);
	if (!fn) {
		log_warn("irq %u: no handler", irq);
		return false;
	}
	__atomic_fetch_add(&irq_table[irq].count, 1, __ATOMIC_RELAXED);
	fn(irq, irq_table[irq].arg);
	return true;
}
