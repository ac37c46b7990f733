// SPDX-License-Identifier: MIT
/*
 * Timer self-tests: timestamps are monotonic on and across CPUs, agree with
 * an independent reference clock within 1%, and timer interrupts arrive at
 * the programmed rate.
 */
#include <vmplat/barrier.h>
#include <vmplat/irq.h>
#include <vmplat/platform.h>
#include <vmplat/selftest.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#define ST_MONO_SAMPLES	   100000
#define ST_TICK_PERIOD_NS  (10 * NSEC_PER_MSEC)
#define ST_TICK_WINDOW_NS  (500 * NSEC_PER_MSEC)
#define ST_CALL_TIMEOUT_NS (2 * NSEC_PER_SEC)

SELFTEST(timer_monotonic)
{
	uint64_t prev = timestamp_ns(), now;

	ST_CHECK(timer_counter_freq() > 0, "counter frequency unknown");
	for (unsigned i = 0; i < ST_MONO_SAMPLES; i++) {
		now = timestamp_ns();
		ST_CHECK(now >= prev, "went backwards: %llu then %llu", (unsigned long long)prev,
			 (unsigned long long)now);
		prev = now;
	}
	return 0;
}

static void sample_time(void *arg)
{
	*(uint64_t *)arg = timestamp_ns();
}

/* A stamp taken on another CPU lies between stamps taken here before and after. */
SELFTEST(timer_monotonic_across_cpus)
{
	for (unsigned i = 0; i < cpu_count; i++) {
		uint64_t before, theirs = 0, after;
		int rc;

		before = timestamp_ns();
		rc = smp_run_on(i, sample_time, &theirs, ST_CALL_TIMEOUT_NS);
		after = timestamp_ns();
		ST_CHECK(rc == 0, "smp_run_on(cpu%u) = %d", i, rc);
		ST_CHECK(theirs >= before && theirs <= after,
			 "cpu%u stamp %llu outside [%llu, %llu]", i, (unsigned long long)theirs,
			 (unsigned long long)before, (unsigned long long)after);
	}
	return 0;
}

SELFTEST(timer_matches_reference_clock)
{
	uint64_t ref = 0, ts = 0;
	int64_t diff;
	int rc = arch_refclock_measure(&ref, &ts);

	ST_CHECK(rc == 0, "reference clock unavailable: %d", rc);
	ST_CHECK(ref > 0, "empty interval");
	diff = (int64_t)ts - (int64_t)ref;
	if (diff < 0)
		diff = -diff;
	/* Within 1%: |ts - ref| * 100 <= ref. */
	ST_CHECK((uint64_t)diff * 100 <= ref, "timestamp %llu ns vs reference %llu ns",
		 (unsigned long long)ts, (unsigned long long)ref);
	return 0;
}

static volatile unsigned ticks;

static void on_tick(void *arg)
{
	(void)arg;
	ticks++;
}

SELFTEST(timer_interrupt_rate)
{
	uint64_t start, elapsed;
	unsigned got, want;
	int rc;

	ticks = 0;
	arch_irq_enable();
	start = timestamp_ns();
	rc = timer_start(ST_TICK_PERIOD_NS, true, on_tick, NULL);
	ST_CHECK(rc == 0, "timer_start = %d", rc);
	while (timestamp_ns() - start < ST_TICK_WINDOW_NS)
		cpu_relax();
	timer_stop();
	got = ticks;
	elapsed = timestamp_ns() - start;
	want = (unsigned)(elapsed / ST_TICK_PERIOD_NS);
	/* Deadline re-arming keeps the count exact up to one period at each end. */
	ST_CHECK(got + 2 >= want && got <= want + 1, "%u ticks in %llu ms, expected %u", got,
		 (unsigned long long)(elapsed / NSEC_PER_MSEC), want);
	return 0;
}

static void oneshot_fired(void *arg)
{
	store_release((uint64_t *)arg, timestamp_ns());
}

SELFTEST(timer_oneshot)
{
	uint64_t fired = 0, start = timestamp_ns();
	int rc = timer_start(20 * NSEC_PER_MSEC, false, oneshot_fired, &fired);

	ST_CHECK(rc == 0, "timer_start = %d", rc);
	while (!load_acquire(&fired) && timestamp_ns() - start < NSEC_PER_SEC)
		cpu_relax();
	ST_CHECK(fired, "one-shot timer never fired");
	ST_CHECK(fired - start >= 20 * NSEC_PER_MSEC, "fired early after %llu us",
		 (unsigned long long)((fired - start) / NSEC_PER_USEC));
	return 0;
}
