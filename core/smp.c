// SPDX-License-Identifier: MIT
/*
 * CPUs: the table the firmware description fills, bring-up of secondaries
 * through arch_cpu_start(), and cross-CPU calls through a per-CPU mailbox.
 */
#include <errno.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>


struct cpu cpus[MAX_CPUS];
unsigned cpu_count;

int smp_add_cpu(uint64_t hwid)
{
	struct cpu *c;

	for (unsigned i = 0; i < cpu_count; i++) {
		if (cpus[i].hwid == hwid)
			return -EEXIST;
	}
	if (cpu_count >= MAX_CPUS) {
		log_warn("smp: more than %u CPUs described, ignoring hwid %#llx", MAX_CPUS,
			 (unsigned long long)hwid);
		return -ENOSPC;
	}
	c = &cpus[cpu_count];
	c->id = cpu_count++;
	c->hwid = hwid;
	c->present = true;
	return (int)c->id;
}

unsigned smp_this_cpu(void)
{
	return arch_this_cpu();
}

unsigned smp_online_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < cpu_count; i++)
		n += cpus[i].online;
	return n;
}

unsigned smp_boot_all(void)
{
	cpus[0].online = true;
	arch_cpu_set_class(&cpus[0]);
	for (unsigned i = 1; i < cpu_count; i++) {
		int rc = arch_cpu_start(&cpus[i]);

		if (rc)
			log_err("smp: cpu%u (hwid %#llx) did not start: %d", i,
				(unsigned long long)cpus[i].hwid, rc);
	}
	return smp_online_count();
}

static uint64_t idle_begin(struct cpu *c)
{
	uint64_t t0 = timestamp_ns();

	__atomic_store_n(&c->idle_since, t0 ? t0 : 1, __ATOMIC_RELAXED);
	return t0;
}

/* Readers may miss the last sleep for a moment (since cleared first), never count it twice. */
static void idle_end(struct cpu *c, uint64_t t0)
{
	uint64_t slept = timestamp_ns() - t0;

	__atomic_store_n(&c->idle_since, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&c->idle_ns, c->idle_ns + slept, __ATOMIC_RELEASE);
}

void smp_cpu_wait_irq(void)
{
	struct cpu *c = &cpus[smp_this_cpu() % MAX_CPUS];
	uint64_t t0 = idle_begin(c);

	arch_cpu_wait_irq();
	idle_end(c, t0);
}

uint64_t smp_idle_ns(unsigned cpu)
{
	uint64_t idle, since, now = timestamp_ns();

	if (cpu >= cpu_count)
		return 0;
	idle = __atomic_load_n(&cpus[cpu].idle_ns, __ATOMIC_ACQUIRE);
	since = __atomic_load_n(&cpus[cpu].idle_since, __ATOMIC_ACQUIRE);
	return idle + (since && now > since ? now - since : 0);
}

/* Secondary CPUs wait here for calls. */
void smp_secondary_main(struct cpu *c)
{
	arch_cpu_set_class(c);
	store_release(&c->online, true);
	arch_cpu_wake_all();
	for (;;) {
		uint32_t seq = load_acquire(&c->call_seq);

		if (seq != c->done_seq) {
			c->call_fn(c->call_arg);
			store_release(&c->done_seq, seq);
			arch_cpu_wake_all();
		} else {
			uint64_t t0 = idle_begin(c);

			arch_cpu_idle();
			idle_end(c, t0);
		}
	}
}

/* Hand fn(arg) to another CPU's mailbox; returns the call's sequence number. */
static int post(unsigned cpu, void (*fn)(void *), void *arg, uint32_t *seq)
{
	struct cpu *c = &cpus[cpu];

	if (!load_acquire(&c->online))
		return -ENODEV;
	/* One call in flight per target: a previous call still running blocks it. */
	if (load_acquire(&c->call_seq) != load_acquire(&c->done_seq))
		return -EBUSY;
	c->call_fn = fn;
	c->call_arg = arg;
	*seq = c->call_seq + 1;
	store_release(&c->call_seq, *seq);
	arch_cpu_wake_all();
	return 0;
}

int smp_post_on(unsigned cpu, void (*fn)(void *), void *arg)
{
	uint32_t seq;

	if (cpu >= cpu_count || !fn || cpu == smp_this_cpu())
		return -EINVAL;
	return post(cpu, fn, arg, &seq);
}

bool smp_cpu_busy(unsigned cpu)
{
	return cpu < cpu_count &&
	       load_acquire(&cpus[cpu].call_seq) != load_acquire(&cpus[cpu].done_seq);
}

int smp_run_on(unsigned cpu, void (*fn)(void *), void *arg, uint64_t timeout_ns)
{
	struct cpu *c;
	uint64_t deadline;
	uint32_t seq;
	int rc;

	if (cpu >= cpu_count || !fn)
		return -EINVAL;
	c = &cpus[cpu];
	if (cpu == smp_this_cpu()) {
		fn(arg);
		return 0;
	}
	rc = post(cpu, fn, arg, &seq);
	if (rc)
		return rc;
	deadline = timestamp_ns() + timeout_ns;
	while (load_acquire(&c->done_seq) != seq) {
		if (timestamp_ns() > deadline) {
			log_err("smp: call on cpu%u timed out after %llu ms", cpu,
				(unsigned long long)(timeout_ns / NSEC_PER_MSEC));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

unsigned smp_cpus_of_class(enum cpu_class cls, unsigned *ids, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < cpu_count && n < max; i++) {
		if (cpus[i].online && cpus[i].cls == cls)
			ids[n++] = i;
	}
	return n;
}

unsigned smp_pick_cpu(enum cpu_class cls)
{
	unsigned id;

	if (smp_cpus_of_class(cls, &id, 1))
		return id;
	for (unsigned i = 0; i < cpu_count; i++) {
		if (cpus[i].online)
			return i;
	}
	return INVALID_CPU;
}
