// SPDX-License-Identifier: MIT
/*
 * SMP self-tests: every CPU the firmware described is online and runs a
 * function on itself when asked.
 */
#include <string.h>
#include <stdlib.h>
#include <vmplat/platform.h>
#include <vmplat/selftest.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#define ST_CALL_TIMEOUT_NS (2 * NSEC_PER_SEC)

/* expect_cpus=N on the command line: what the VM was given. */
static unsigned expected(const char *key)
{
	char v[32];

	if (cmdline_get(platform.cmdline, key, v, sizeof(v)))
		return 0;
	return (unsigned)strtoul(v, NULL, 0);
}

SELFTEST(smp_all_cpus_online)
{
	unsigned want = expected("expect_cpus");

	ST_CHECK(cpu_count > 0, "no CPUs described");
	ST_CHECK(smp_online_count() == cpu_count, "%u of %u CPUs online", smp_online_count(),
		 cpu_count);
	ST_CHECK(!want || cpu_count == want, "firmware described %u CPUs, expected %u", cpu_count,
		 want);
	return 0;
}

struct whoami {
	unsigned id;
	uint64_t hwid;
};

static void report_self(void *arg)
{
	struct whoami *w = arg;

	w->id = smp_this_cpu();
	w->hwid = cpus[w->id % MAX_CPUS].hwid;
}

SELFTEST(smp_run_on_each_cpu)
{
	for (unsigned i = 0; i < cpu_count; i++) {
		struct whoami w = { INVALID_CPU, 0 };
		int rc = smp_run_on(i, report_self, &w, ST_CALL_TIMEOUT_NS);

		ST_CHECK(rc == 0, "smp_run_on(cpu%u) = %d", i, rc);
		ST_CHECK(w.id == i, "cpu%u reported id %u", i, w.id);
		ST_CHECK(w.hwid == cpus[i].hwid, "cpu%u hwid %#llx", i, (unsigned long long)w.hwid);
	}
	return 0;
}

SELFTEST(smp_cpu_classes)
{
	unsigned perf[MAX_CPUS], eff[MAX_CPUS], other[MAX_CPUS];
	unsigned n = smp_cpus_of_class(CPU_CLASS_PERF, perf, MAX_CPUS) +
		     smp_cpus_of_class(CPU_CLASS_EFFICIENCY, eff, MAX_CPUS) +
		     smp_cpus_of_class(CPU_CLASS_UNKNOWN, other, MAX_CPUS);

	/* Every online CPU has exactly one class, and a pick finds an online CPU. */
	ST_CHECK(n == smp_online_count(), "%u CPUs classified, %u online", n, smp_online_count());
	ST_CHECK(smp_pick_cpu(CPU_CLASS_EFFICIENCY) != INVALID_CPU, "no CPU picked");
	return 0;
}
