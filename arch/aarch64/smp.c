// SPDX-License-Identifier: MIT
/*
 * Secondary CPU start through PSCI CPU_ON (DEN0022 5.6) and the per-CPU
 * register: TPIDR_EL2 / TPIDR_EL1 hold the logical CPU id.
 */
#include <errno.h>
#include <arch/cpu.h>
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#define SECONDARY_STACK_PAGES 4
#define CPU_ON_TIMEOUT_NS     NSEC_PER_SEC

/* head.S reads these with the MMU off. */
_Static_assert(offsetof(struct cpu_arch, boot_stack_top) == CPU_ARCH_STACK_TOP, "cpu_arch");
_Static_assert(offsetof(struct cpu_arch, boot_ttbr0) == CPU_ARCH_TTBR0, "cpu_arch");
_Static_assert(offsetof(struct cpu_arch, boot_tcr) == CPU_ARCH_TCR, "cpu_arch");
_Static_assert(offsetof(struct cpu_arch, boot_mair) == CPU_ARCH_MAIR, "cpu_arch");
_Static_assert(offsetof(struct cpu_arch, boot_sctlr) == CPU_ARCH_SCTLR, "cpu_arch");
_Static_assert(offsetof(struct cpu_arch, boot_vbar) == CPU_ARCH_VBAR, "cpu_arch");
_Static_assert(offsetof(struct cpu_arch, logical_id) == CPU_ARCH_ID, "cpu_arch");

unsigned arch_this_cpu(void)
{
	return (unsigned)(arch_at_el2 ? read_sysreg(tpidr_el2) : read_sysreg(tpidr_el1));
}

void cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

/*
 * Idle: QEMU's TCG treats WFE as a yield, so idle CPUs would spin on the
 * host. Once this CPU takes the wake SGI (irqchip.c), idle with WFI: it wakes
 * on a pending interrupt even with PSTATE.I set (Arm ARM D1.16.2). A wake
 * SGI taken between the caller's check and the mask is remembered in
 * wake_pending, so it cannot be lost; one arriving later is pending at WFI.
 */
static volatile bool wake_pending[MAX_CPUS];
static volatile bool wake_sgi_ready[MAX_CPUS];

void arch_cpu_idle(void)
{
	unsigned cpu = arch_this_cpu();

	if (cpu >= MAX_CPUS || !wake_sgi_ready[cpu]) {
		__asm__ volatile("wfe" ::: "memory");
		return;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	if (!wake_pending[cpu])
		__asm__ volatile("dsb sy; wfi" ::: "memory");
	wake_pending[cpu] = false;
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

/*
 * The caller masked IRQs and checked its condition: WFI still wakes on an
 * interrupt that becomes pending (Arm ARM D1.16.2), which the caller takes
 * when it unmasks. The dsb completes earlier stores (e.g. UARTIMSC) first.
 */
void arch_cpu_wait_irq(void)
{
	__asm__ volatile("dsb sy; wfi" ::: "memory");
}

/* SGI handler: nothing to do but end the WFI of arch_cpu_idle. */
static void wake_sgi(unsigned irq, void *arg)
{
	unsigned cpu = arch_this_cpu();

	(void)irq;
	(void)arg;
	if (cpu < MAX_CPUS)
		wake_pending[cpu] = true;
}

int arch_wake_sgi_register(void)
{
	return irq_register(ARCH_SGI_WAKE, wake_sgi, NULL);
}

void arch_wake_sgi_cpu_ready(unsigned cpu)
{
	if (cpu < MAX_CPUS)
		wake_sgi_ready[cpu] = true;
}

void arch_cpu_wake_all(void)
{
	__asm__ volatile("dsb ish; sev" ::: "memory");
	irqchip_send_sgi_others(ARCH_SGI_WAKE);
}

void arch_cpu_set_class(struct cpu *c)
{
	c->arch.midr = (uint32_t)read_sysreg(midr_el1);
	c->cls = cpu_classify_arm(c->arch.midr);
}

/* Clean to PoC what a CPU with its MMU and caches off will read (Arm ARM D7.5.9). */
static void clean_to_poc(const void *p, size_t n)
{
	uint64_t line = 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uint64_t a = (uint64_t)(uintptr_t)p & ~(line - 1);

	for (; a < (uint64_t)(uintptr_t)p + n; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(sy);
}

static void fill_boot_state(struct cpu *c)
{
	struct cpu_arch *a = &c->arch;

	a->boot_stack_top = (uint64_t)(uintptr_t)c->stack_top;
	if (arch_at_el2) {
		a->boot_ttbr0 = read_sysreg(ttbr0_el2);
		a->boot_tcr = read_sysreg(tcr_el2);
		a->boot_mair = read_sysreg(mair_el2);
		a->boot_sctlr = read_sysreg(sctlr_el2);
		a->boot_vbar = read_sysreg(vbar_el2);
	} else {
		a->boot_ttbr0 = read_sysreg(ttbr0_el1);
		a->boot_tcr = read_sysreg(tcr_el1);
		a->boot_mair = read_sysreg(mair_el1);
		a->boot_sctlr = read_sysreg(sctlr_el1);
		a->boot_vbar = read_sysreg(vbar_el1);
	}
	a->logical_id = c->id;
	a->mpidr = c->hwid;
	clean_to_poc(a, sizeof(*a));
}

int arch_cpu_start(struct cpu *c)
{
	paddr_t stack = page_alloc(SECONDARY_STACK_PAGES);
	uint64_t deadline;
	int rc;

	if (stack == INVALID_PADDR)
		return -ENOMEM;
	c->stack_top = phys_to_virt(stack + SECONDARY_STACK_PAGES * PAGE_SIZE);
	fill_boot_state(c);
	rc = psci_cpu_on(c->hwid, (uint64_t)(uintptr_t)arch_secondary_entry,
			 (uint64_t)(uintptr_t)&c->arch);
	c->arch.psci_err = rc;
	if (rc) {
		log_err("psci: CPU_ON cpu%u MPIDR %#llx: error %d (DEN0022 5.2.2)", c->id,
			(unsigned long long)c->hwid, rc);
		page_free(stack, SECONDARY_STACK_PAGES);
		return -EIO;
	}
	deadline = timestamp_ns() + CPU_ON_TIMEOUT_NS;
	while (!load_acquire(&c->online)) {
		if (timestamp_ns() > deadline) {
			log_err("smp: cpu%u accepted CPU_ON but never came online", c->id);
			return -ETIMEDOUT;
		}
		cpu_relax(); /* not wfe: nothing guarantees an event if the CPU never starts */
	}
	return 0;
}

/* From head.S: MMU, vectors and TPIDR are set; stack is c->stack_top. */
void arch_secondary_main(struct cpu_arch *a)
{
	struct cpu *c = container_of(a, struct cpu, arch);

	if (!irqchip_cpu_init(c->id)) {
		arch_timer_cpu_init(c->id);
		irqchip_enable_ppi(c->id, ARCH_SGI_WAKE);
		arch_wake_sgi_cpu_ready(c->id);
	}
	arch_irq_enable();
	smp_secondary_main(c);
}
