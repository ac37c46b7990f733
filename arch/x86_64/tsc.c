// SPDX-License-Identifier: MIT
/*
 * Time base: the TSC, calibrated against the ACPI PM timer (3.579545 MHz,
 * ACPI 6.5 4.8.3.3) or else the HPET main counter (IA-PC HPET 1.0a 2.3).
 * The TSC is only a good clock when invariant (CPUID.80000007H:EDX[8]).
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>
#include <arch/io.h>

#include "efi_glue.h"
#include "x86_64.h"

#define PM_TIMER_HZ	3579545ULL
#define CALIB_MS	50
#define SAMPLE_TRIES	8
#define REFCLOCK_MS	100
#define HPET_CAP	0x000 /* COUNTER_CLK_PERIOD in bits 63:32, femtoseconds */
#define HPET_CFG	0x010
#define HPET_CFG_ENABLE 1
#define HPET_COUNTER	0x0f0
#define FS_PER_SEC	1000000000000000ULL

static volatile uint8_t *hpet;
static uint64_t hpet_hz;

uint64_t arch_counter_read(void)
{
	uint32_t lo, hi;

	/* lfence keeps rdtsc from running ahead of earlier loads (SDM Vol. 2B, RDTSC). */
	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

uint64_t x86_pm_timer_read(void)
{
	return inl((uint16_t)platform.pm_timer_port) &
	       (platform.pm_timer_32bit ? 0xffffffffu : 0xffffffu);
}

static uint64_t ref_read(void)
{
	return platform.pm_timer_port ? x86_pm_timer_read() : mmio_read64(hpet + HPET_COUNTER);
}

static uint64_t ref_delta(uint64_t r0, uint64_t r1)
{
	uint64_t mask = platform.pm_timer_32bit ? 0xffffffffULL : 0xffffffULL;

	return platform.pm_timer_port ? (r1 - r0) & mask : r1 - r0;
}

static uint64_t ref_hz(void)
{
	return platform.pm_timer_port ? PM_TIMER_HZ : hpet_hz;
}

/* Reference ticks since `start`; a 24/32-bit PM timer may wrap once (4.6 s / 20 min). */
static uint64_t ref_elapsed(uint64_t start)
{
	return ref_delta(start, ref_read());
}

/*
 * One read of another clock, bracketed by TSC reads; the narrowest of a few
 * brackets wins, so a vCPU descheduled mid-read (common under TCG) does not
 * skew a calibration. *tsc is the bracket's midpoint.
 */
uint64_t x86_tsc_sample(uint64_t (*read)(void), uint64_t *tsc)
{
	uint64_t best = UINT64_MAX, v = 0;

	for (int i = 0; i < SAMPLE_TRIES; i++) {
		uint64_t a = arch_counter_read(), x = read(), b = arch_counter_read();

		if (b - a < best) {
			best = b - a;
			v = x;
			*tsc = a + best / 2;
		}
	}
	return v;
}

/* Wait `ms` on the reference clock; return TSC ticks and reference ticks. */
static void ref_interval(unsigned ms, uint64_t *tsc, uint64_t *ref)
{
	uint64_t want = ref_hz() * ms / 1000, r0, t0, r1, t1;

	r0 = x86_tsc_sample(ref_read, &t0);
	while (ref_elapsed(r0) < want)
		;
	r1 = x86_tsc_sample(ref_read, &t1);
	*tsc = t1 - t0;
	*ref = ref_delta(r0, r1);
}

static bool hpet_init(paddr_t base)
{
	volatile uint8_t *regs = (volatile uint8_t *)(uintptr_t)base;
	uint32_t period;

	if (!base)
		return false;
	period = (uint32_t)(mmio_read64(regs + HPET_CAP) >> 32);
	if (!period || period > 100000000) /* spec: at most 100 ns */
		return false;
	hpet = regs;
	hpet_hz = FS_PER_SEC / period;
	mmio_write64(hpet + HPET_CFG, mmio_read64(hpet + HPET_CFG) | HPET_CFG_ENABLE);
	return true;
}

static void calibrate_stall(void)
{
	uint64_t t0 = arch_counter_read();

	efi_st->BootServices->Stall(CALIB_MS * 1000);
	platform.counter_hz = (arch_counter_read() - t0) * 1000 / CALIB_MS;
	timer_set_counter_freq(platform.counter_hz);
	platform.counter_src = "TSC calibrated against UEFI Stall()";
}

void x86_tsc_calibrate(void)
{
	uint64_t tsc, ref;

	if (!x86_cpu_has(0x80000007, 3, 8))
		log_warn("tsc: not invariant (CPUID.80000007H:EDX[8]=0); using it anyway");
	if (!platform.pm_timer_port && !hpet_init(x86_acpi.hpet_base)) {
		log_warn("tsc: no ACPI PM timer or HPET, calibrating with Stall()");
		calibrate_stall();
		return;
	}
	ref_interval(CALIB_MS, &tsc, &ref);
	platform.counter_hz = tsc * ref_hz() / ref;
	timer_set_counter_freq(platform.counter_hz);
	platform.counter_src = platform.pm_timer_port ? "TSC calibrated against ACPI PM timer" :
							"TSC calibrated against HPET";
}

int arch_refclock_measure(uint64_t *ref_ns, uint64_t *ts_ns)
{
	uint64_t want, r0, r1, t0, t1, hz = timer_counter_freq();

	if ((!platform.pm_timer_port && !hpet) || !hz)
		return -ENODEV;
	want = ref_hz() * REFCLOCK_MS / 1000;
	r0 = x86_tsc_sample(ref_read, &t0);
	while (ref_elapsed(r0) < want)
		;
	r1 = x86_tsc_sample(ref_read, &t1);
	/* timestamp_ns() is the TSC scaled by its frequency: scale the same way. */
	*ts_ns = (t1 - t0) / hz * NSEC_PER_SEC + (t1 - t0) % hz * NSEC_PER_SEC / hz;
	*ref_ns = ref_delta(r0, r1) * NSEC_PER_SEC / ref_hz();
	return 0;
}

/* After mm_init the HPET needs a device mapping of its own (UC). */
int x86_hpet_late_map(void)
{
	if (!hpet)
		return 0;
	hpet = mm_map_device((paddr_t)(uintptr_t)hpet, PAGE_SIZE);
	return hpet ? 0 : -ENOMEM;
}
