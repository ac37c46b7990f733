// SPDX-License-Identifier: MIT
/*
 * TLB shootdown. x86 TLBs are per CPU and not kept coherent by hardware
 * (SDM 4.10.5): after changing a live mapping, every other online CPU is
 * sent an IPI and flushes before the change is considered done.
 *
 * The requester waits with interrupts enabled where it can; callers must not
 * hold a lock that a target CPU may spin on with interrupts disabled.
 */
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>

#include "x86_64.h"

#define TLB_SHOOTDOWN_TIMEOUT_NS (1 * NSEC_PER_SEC)

static struct spinlock shootdown_lock = SPINLOCK_INIT;
static struct {
	vaddr_t va;
	uint64_t size;
	bool all;
	uint32_t gen;
} req;
static uint32_t acked[MAX_CPUS];

/* IPI handler on the target CPU. */
void x86_tlb_ipi(void)
{
	uint32_t gen = load_acquire(&req.gen);

	if (req.all)
		x86_tlb_flush_local_all();
	else
		x86_tlb_flush_local(req.va, req.size);
	store_release(&acked[arch_this_cpu()], gen);
}

static bool others_online(unsigned self)
{
	for (unsigned i = 0; i < cpu_count; i++) {
		if (i != self && load_acquire(&cpus[i].online))
			return true;
	}
	return false;
}

void x86_tlb_shootdown(vaddr_t va, uint64_t size, bool all)
{
	unsigned self = arch_this_cpu();
	uint64_t deadline;
	uint32_t gen;

	if (!others_online(self))
		return;
	spin_lock(&shootdown_lock);
	req.va = va;
	req.size = size;
	req.all = all;
	gen = req.gen + 1;
	store_release(&req.gen, gen);
	for (unsigned i = 0; i < cpu_count; i++) {
		if (i != self && load_acquire(&cpus[i].online))
			x86_lapic_send_ipi((uint32_t)cpus[i].hwid, X86_VEC_TLB);
	}
	deadline = timestamp_ns() + TLB_SHOOTDOWN_TIMEOUT_NS;
	for (unsigned i = 0; i < cpu_count; i++) {
		if (i == self || !load_acquire(&cpus[i].online))
			continue;
		while (load_acquire(&acked[i]) != gen) {
			if (timestamp_ns() > deadline) {
				log_err("tlb: cpu%u did not acknowledge shootdown %u (SDM 4.10.5)",
					i, gen);
				break;
			}
			cpu_relax();
		}
	}
	spin_unlock(&shootdown_lock);
}
