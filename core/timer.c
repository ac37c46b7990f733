// SPDX-License-Identifier: MIT
/*
 * Monotonic time from the arch counter, delays, and the per-CPU one-shot or
 * periodic timer built on arch_timer_arm_ns().
 */
#include <errno.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

/* ns = ((counter - base) * mult) >> 32; mult fixed when the frequency is known. */
static uint64_t counter_hz, counter_base, ns_mult;

#define TIMER_MIN_NS 1000

struct cpu_timer {
	timer_fn_t fn;
	void *arg;
	uint64_t period_ns, deadline_ns;
	bool periodic;
};

static struct cpu_timer cpu_timers[MAX_CPUS];

void timer_set_counter_freq(uint64_t hz)
{
	if (!hz)
		return;
	counter_base = arch_counter_read();
	ns_mult = (uint64_t)(((unsigned __int128)NSEC_PER_SEC << 32) / hz);
	counter_hz = hz;
}

uint64_t timer_counter_freq(void)
{
	return counter_hz;
}

uint64_t timestamp_ns(void)
{
	uint64_t delta;

	if (!counter_hz)
		return 0;
	delta = arch_counter_read() - counter_base;
	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}

void ndelay(uint64_t ns)
{
	uint64_t end = timestamp_ns() + ns;

	/* Without a calibrated counter there is no time: do not spin forever. */
	if (!counter_hz)
		return;
	while (timestamp_ns() < end)
		cpu_relax();
}

void udelay(uint64_t us)
{
	ndelay(us * NSEC_PER_USEC);
}

void mdelay(uint64_t ms)
{
	ndelay(ms * NSEC_PER_MSEC);
}

uint64_t measure(void (*fn)(void *), void *arg)
{
	uint64_t t0 = timestamp_ns();

	fn(arg);
	return timestamp_ns() - t0;
}

int timer_start(uint64_t period_ns, bool periodic, timer_fn_t fn, void *arg)
{
	struct cpu_timer *t = &cpu_timers[smp_this_cpu() % MAX_CPUS];

	if (!period_ns || !fn)
		return -EINVAL;
	t->fn = fn;
	t->arg = arg;
	t->period_ns = period_ns;
	t->periodic = periodic;
	t->deadline_ns = timestamp_ns() + period_ns;
	return arch_timer_arm_ns(period_ns);
}

void timer_stop(void)
{
	struct cpu_timer *t = &cpu_timers[smp_this_cpu() % MAX_CPUS];

	arch_timer_arm_ns(0);
	t->fn = NULL;
}

void timer_irq(void)
{
	struct cpu_timer *t = &cpu_timers[smp_this_cpu() % MAX_CPUS];
	timer_fn_t fn = t->fn;
	uint64_t now;

	if (!fn) {
		arch_timer_arm_ns(0);
		return;
	}
	if (t->periodic) {
		/*
		 * Re-arm from the previous deadline so the rate does not drift; a
		 * late tick is followed at once by the ones it missed.
		 */
		now = timestamp_ns();
		t->deadline_ns += t->period_ns;
		arch_timer_arm_ns(t->deadline_ns > now ? t->deadline_ns - now : TIMER_MIN_NS);
	} else {
		t->fn = NULL;
	}
	fn(t->arg);
}
