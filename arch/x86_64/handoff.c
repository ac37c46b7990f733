// SPDX-License-Identifier: MIT
/*
 * x86_64 part of the pre-handoff quiesce (include/vmplat/handoff.h): the
 * other CPUs get an INIT IPI and wait for a start-up IPI, as after reset, so
 * the next kernel starts them with INIT-SIPI-SIPI (Intel SDM Vol. 3A, 8.4.4
 * and 10.6.1); this CPU's timer is stopped and interrupts stay off.
 */
#include <vmplat/handoff.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#include "x86_64.h"

/* INIT, level assert; no de-assert: P6 and later ignore it (SDM 10.6.1). */
#define ICR_INIT_ASSERT 0x4500
#define INIT_SETTLE_US	10000 /* the 10 ms the SDM's MP start-up sequence waits */

int arch_quiesce_for_handoff(void)
{
	unsigned self = smp_this_cpu();
	int first = 0;

	arch_irq_disable();
	timer_stop();
	for (unsigned i = 0; i < cpu_count; i++) {
		int rc;

		if (i == self || !cpus[i].online)
			continue;
		rc = x86_lapic_send_ipi(cpus[i].arch.apic_id, ICR_INIT_ASSERT);
		if (!rc)
			cpus[i].online = false;
		else if (!first)
			first = rc;
	}
	x86_lapic_wait_us(INIT_SETTLE_US);
	return first;
}
