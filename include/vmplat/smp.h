// SPDX-License-Identifier: MIT
/*
 * CPUs: discovery, start-up, per-CPU data, cross-CPU calls, core classes
 * (core/smp.c, core/cpu_class.c; arch_cpu_start in arch/<arch>/smp.c).
 */
#ifndef VMPLAT_SMP_H
#define VMPLAT_SMP_H

#include <vmplat/types.h>
#include <arch/cpu.h> /* struct cpu_arch */

#define MAX_CPUS 64

enum cpu_class { CPU_CLASS_UNKNOWN, CPU_CLASS_PERF, CPU_CLASS_EFFICIENCY };

struct cpu {
	unsigned id;   /* dense logical index, boot CPU = 0 */
	uint64_t hwid; /* x86 APIC id; arm MPIDR affinity */
	bool present;
	volatile bool online;
	enum cpu_class cls;
	/* Cross-CPU call mailbox (smp_run_on). */
	void (*volatile call_fn)(void *);
	void *volatile call_arg;
	volatile uint32_t call_seq, done_seq;
	void *stack_top;
	/* Time asleep waiting for an interrupt (smp_cpu_wait_irq, the idle loop); since: 0 awake. */
	uint64_t idle_ns, idle_since;
	struct cpu_arch arch;
};

extern struct cpu cpus[MAX_CPUS];
extern unsigned cpu_count; /* present CPUs */

/* Firmware description: add a CPU (boot CPU first). */
int smp_add_cpu(uint64_t hwid);
unsigned smp_online_count(void);
unsigned smp_this_cpu(void);
/* Bring all present CPUs online; returns count online. */
unsigned smp_boot_all(void);
/* Run fn(arg) on cpu and wait for it to finish, up to timeout_ns. */
int smp_run_on(unsigned cpu, void (*fn)(void *), void *arg, uint64_t timeout_ns);
/*
 * Start fn(arg) on another CPU and return at once (fn may run for good, e.g.
 * a vCPU loop); -EBUSY while that CPU still runs an earlier call.
 */
int smp_post_on(unsigned cpu, void (*fn)(void *), void *arg);
/* Whether cpu is still running a call it was given. */
bool smp_cpu_busy(unsigned cpu);
/*
 * With interrupts masked by the caller, after it checked what it waits for:
 * sleep until an interrupt is pending, counting the time in idle_ns. A
 * wake-up that arrives after the check stays pending and ends the sleep, so
 * none is lost. Interrupts are masked again on return. On aarch64 the
 * interrupt is taken when the caller unmasks; on x86 STI;HLT takes it inside
 * (the handler runs before the CLI), so callers must not rely on either order.
 */
void smp_cpu_wait_irq(void);
/* Nanoseconds cpu has slept in smp_cpu_wait_irq and the secondary idle loop, this sleep included. */
uint64_t smp_idle_ns(unsigned cpu);
/* Entry of a secondary CPU once the arch has set up its stack, MMU, vectors. */
__noreturn void smp_secondary_main(struct cpu *c);

/* Core classes. Portable classifiers, unit-tested with recorded ID values. */
/* Intel hybrid: CPUID.07H:EDX[15] hybrid flag, CPUID.1AH:EAX[31:24] core type. */
enum cpu_class cpu_classify_x86(bool hybrid, uint32_t cpuid_1a_eax);
/* Arm: MIDR implementer + part number in a table of big.LITTLE parts. */
enum cpu_class cpu_classify_arm(uint32_t midr);
const char *cpu_class_name(enum cpu_class c);
/* CPUs of a class that are online, up to max ids; returns the count. */
unsigned smp_cpus_of_class(enum cpu_class c, unsigned *ids, unsigned max);
/* An online CPU of class c (falling back to any class), or INVALID_CPU. */
unsigned smp_pick_cpu(enum cpu_class c);

/* Arch hooks. */
unsigned arch_this_cpu(void);		/* logical id, from per-CPU register */
int arch_cpu_start(struct cpu *c);	/* start c; it calls smp_secondary_main */
void arch_cpu_set_class(struct cpu *c); /* fill c->cls on the CPU itself */
void cpu_relax(void);
void arch_cpu_idle(void);     /* wait for an event or interrupt */
void arch_cpu_wake_all(void); /* end arch_cpu_idle on others (sev / nothing) */
/* Interrupts masked: wait for one (aarch64 WFI, x86 STI;HLT;CLI), still masked on return. */
void arch_cpu_wait_irq(void);

#endif
