// SPDX-License-Identifier: MIT
/*
 * Local APIC (Intel SDM Vol. 3A, chapter 10): xAPIC through MMIO, or
 * x2APIC through MSRs 0x800+ when the firmware left it enabled (10.12).
 * The timer interrupt is one-shot: TSC-deadline mode when CPUID.01H:ECX[24]
 * says so (10.5.4.1), else count mode calibrated against the TSC.
 */
#include <errno.h>
#include <vmplat/barrier.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/timer.h>

#include "x86_64.h"

#define LAPIC_ID	 0x020
#define LAPIC_TPR	 0x080
#define LAPIC_EOI	 0x0b0
#define LAPIC_SVR	 0x0f0
#define SVR_ENABLE	 BIT(8)
#define LAPIC_ICR_LO	 0x300
#define ICR_PENDING	 BIT(12)
#define LAPIC_ICR_HI	 0x310
#define LAPIC_LVT_TIMER	 0x320
#define LVT_MASKED	 BIT(16)
#define LVT_TSC_DEADLINE (2u << 17)
#define LAPIC_TMR_INIT	 0x380
#define LAPIC_TMR_CUR	 0x390
#define LAPIC_TMR_DIV	 0x3e0
#define TMR_DIV_16	 0x3
#define X2APIC_MSR(reg)	 (0x800 + ((reg) >> 4))
#define CALIB_MS	 10
#define ICR_SPIN_NS	 (10 * NSEC_PER_MSEC)

static volatile uint8_t *lapic_mmio;
static bool x2apic, tsc_deadline;
static uint64_t ticks_per_ms; /* count mode, divide by 16: same on all CPUs */

static uint32_t lapic_read(uint32_t reg)
{
	return x2apic ? (uint32_t)rdmsr(X2APIC_MSR(reg)) : mmio_read32(lapic_mmio + reg);
}

static void lapic_write(uint32_t reg, uint32_t v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR(reg), v);
	else
		mmio_write32(lapic_mmio + reg, v);
}

void x86_lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

uint32_t x86_lapic_id(void)
{
	return x2apic ? lapic_read(LAPIC_ID) : lapic_read(LAPIC_ID) >> 24;
}

void x86_lapic_wait_us(uint64_t us)
{
	uint64_t end = timestamp_ns() + us * NSEC_PER_USEC;

	while (timestamp_ns() < end)
		cpu_relax();
}

static int lapic_icr_wait(uint32_t apic_id, uint32_t icr_low)
{
	uint64_t end = timestamp_ns() + ICR_SPIN_NS;

	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING) {
		if (timestamp_ns() > end) {
			log_err("lapic: IPI %#x to apic %u not delivered (SDM 10.6.1)", icr_low,
				apic_id);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

int x86_lapic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	/* ICR high then low is two writes: no interrupt handler may send in between. */
	unsigned long flags = arch_irq_save();
	int ret = 0;

	if (x2apic) {
		wrmsr(X2APIC_MSR(LAPIC_ICR_LO), (uint64_t)apic_id << 32 | icr_low);
	} else {
		lapic_write(LAPIC_ICR_HI, apic_id << 24);
		lapic_write(LAPIC_ICR_LO, icr_low);
		ret = lapic_icr_wait(apic_id, icr_low);
	}
	arch_irq_restore(flags);
	return ret;
}

static uint64_t lapic_timer_cur(void)
{
	return lapic_read(LAPIC_TMR_CUR);
}

/* Count-mode ticks per ms, measured against the (already calibrated) TSC. */
static void lapic_timer_calibrate(void)
{
	uint64_t hz = timer_counter_freq(), t0, t1, c0, c1;

	lapic_write(LAPIC_TMR_DIV, TMR_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | X86_VEC_TIMER);
	lapic_write(LAPIC_TMR_INIT, 0xffffffff);
	c0 = x86_tsc_sample(lapic_timer_cur, &t0);
	while (arch_counter_read() - t0 < hz / 1000 * CALIB_MS)
		cpu_relax();
	c1 = x86_tsc_sample(lapic_timer_cur, &t1);
	lapic_write(LAPIC_TMR_INIT, 0);
	/* The count runs down: ticks = c0 - c1 over (t1 - t0) TSC ticks. */
	ticks_per_ms = (c0 - c1) * (hz / 1000) / MAX(t1 - t0, 1ULL);
	if (!ticks_per_ms)
		ticks_per_ms = 1;
}

void x86_lapic_cpu_init(struct cpu *c)
{
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | X86_VEC_SPURIOUS);
	lapic_write(LAPIC_TMR_DIV, TMR_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | X86_VEC_TIMER);
	c->arch.apic_id = x86_lapic_id();
	c->arch.lapic_ticks_per_ms = ticks_per_ms;
}

int x86_lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	x2apic = base & MSR_APIC_BASE_X2;
	if (!(base & MSR_APIC_BASE_EN)) {
		log_err("lapic: disabled in IA32_APIC_BASE (%#llx)", (unsigned long long)base);
		return -ENODEV;
	}
	if (!x2apic) {
		lapic_mmio = mm_map_device(base & ~0xfffULL, PAGE_SIZE);
		if (!lapic_mmio)
			return -ENOMEM;
	}
	tsc_deadline = x86_cpu_has(1, 2, 24);
	x86_lapic_cpu_init(&cpus[0]);
	if (!tsc_deadline)
		lapic_timer_calibrate();
	cpus[0].arch.lapic_ticks_per_ms = ticks_per_ms;
	log_info("lapic: %s at %#llx, timer %s%s", x2apic ? "x2APIC" : "xAPIC",
		 (unsigned long long)(base & ~0xfffULL), tsc_deadline ? "TSC-deadline" : "one-shot",
		 tsc_deadline ? "" : " (count mode)");
	if (!tsc_deadline)
		log_info("lapic: timer %llu ticks/ms (divide 16)",
			 (unsigned long long)ticks_per_ms);
	return 0;
}

static int arm_deadline(uint64_t ns)
{
	uint64_t hz = timer_counter_freq();

	if (!ns) {
		wrmsr(MSR_TSC_DEADLINE, 0);
		return 0;
	}
	lapic_write(LAPIC_LVT_TIMER, LVT_TSC_DEADLINE | X86_VEC_TIMER);
	/* The LVT write must land before the MSR write arms it (SDM 10.5.4.1). */
	mb();
	wrmsr(MSR_TSC_DEADLINE, arch_counter_read() + (ns * (hz / 1000)) / NSEC_PER_MSEC + 1);
	return 0;
}

int arch_timer_arm_ns(uint64_t ns)
{
	uint64_t count;

	if (tsc_deadline)
		return arm_deadline(ns);
	if (!ns) {
		lapic_write(LAPIC_TMR_INIT, 0);
		return 0;
	}
	count = ns / 1000 * ticks_per_ms / 1000;
	count = MIN(MAX(count, 1ULL), 0xffffffffULL);
	lapic_write(LAPIC_LVT_TIMER, X86_VEC_TIMER); /* one-shot, unmasked */
	lapic_write(LAPIC_TMR_INIT, (uint32_t)count);
	return 0;
}
