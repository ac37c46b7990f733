// SPDX-License-Identifier: MIT
/*
 * Runtime integration in the firmware: runtime_init() after the boot
 * sequence (hot-plug slots, the pollers, the shell's idle hook, state
 * ready), the IOMMU fault watcher, and the `events` and `stats` commands.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/hotplug.h>
#include <vmplat/iommu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/runtime.h>
#include <vmplat/shell.h>
#include <vmplat/timer.h>

static uint64_t iommu_faults_seen;
static uint64_t boot_done_ns;

static uint64_t iommu_faults(void)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < iommu_unit_count(); i++)
		n += iommu_unit_get(i)->faults;
	return n;
}

/* Faults are reported (and counted) by the IOMMU core; queue one event per new one. */
static void poll_iommu(void)
{
	uint64_t n = iommu_faults();

	if (n > iommu_faults_seen)
		runtime_event(RT_EV_IOMMU_FAULT, "%llu new IOMMU faults (%llu total)",
			      (unsigned long long)(n - iommu_faults_seen), (unsigned long long)n);
	iommu_faults_seen = n;
}

static void poll_hotplug(void)
{
	pci_hp_poll();
}

int runtime_init(void)
{
	int nslots;

	boot_done_ns = timestamp_ns();
	iommu_faults_seen = iommu_faults();
	nslots = pci_hp_init();
	runtime_add_poller(poll_hotplug);
	runtime_add_poller(poll_iommu);
	shell_set_idle_hook(runtime_poll);
	runtime_event(RT_EV_BOOT, "boot done in %llu ms: %u pci functions, %d hot-plug slots",
		      (unsigned long long)(boot_done_ns / NSEC_PER_MSEC), pci_dev_count(), nslots);
	return runtime_set_state(RT_READY);
}

/* ---- events [list | clear] ---- */
static void print_event(const struct rt_event *e)
{
	console_printf("%6llu [%6llu.%06llu] %-11s %s\n", (unsigned long long)e->seq,
		       (unsigned long long)(e->t_ns / NSEC_PER_SEC),
		       (unsigned long long)(e->t_ns % NSEC_PER_SEC / NSEC_PER_USEC),
		       rt_event_kind_name(e->kind), e->text);
}

static int cmd_events(int argc, char **argv)
{
	struct rt_event batch[8];
	uint64_t after = 0;
	unsigned n, guard = 0;

	runtime_poll();
	if (argc > 1 && !strcmp(argv[1], "clear")) {
		runtime_events_clear();
		console_printf("events cleared\n");
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "list")) {
		console_printf("usage: events [list | clear]\n");
		return -EINVAL;
	}
	/* In batches: the ring holds RT_EVENT_RING, so this ends. */
	while ((n = runtime_events_read(after, batch, ARRAY_SIZE(batch))) &&
	       guard++ < RT_EVENT_RING) {
		for (unsigned i = 0; i < n; i++)
			print_event(&batch[i]);
		after = batch[n - 1].seq;
	}
	console_printf("%u events queued\n", runtime_events_queued());
	return 0;
}
SHELL_CMD(events, "runtime event queue: events [list | clear]", cmd_events);

/* ---- stats ---- */
static void ms_line(const char *what, uint64_t ns)
{
	console_printf("  %-22s %llu.%03llu s\n", what, (unsigned long long)(ns / NSEC_PER_SEC),
		       (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_MSEC));
}

static void stats_hotplug(void)
{
	uint64_t adds = 0, removes = 0, surprise = 0, failures = 0;

	for (unsigned i = 0; i < pci_hp_slot_count(); i++) {
		const struct pci_hp_slot *s = pci_hp_slot_get(i);

		adds += s->adds;
		removes += s->removes;
		surprise += s->surprise;
		failures += s->failures;
	}
	console_printf("  hotplug: %u slots, adds %llu, removes %llu (surprise %llu), failures "
		       "%llu\n",
		       pci_hp_slot_count(), (unsigned long long)adds, (unsigned long long)removes,
		       (unsigned long long)surprise, (unsigned long long)failures);
}

static int cmd_stats(int argc, char **argv)
{
	struct rt_event_stats es;
	struct pci_res_usage u;

	(void)argc;
	(void)argv;
	runtime_poll();
	runtime_event_stats(&es);
	pci_res_usage(&u);
	console_printf("state: %s\n", runtime_state_name(runtime_state()));
	ms_line("uptime", timestamp_ns());
	ms_line("boot", boot_done_ns);
	for (unsigned s = 0; s < RT_STATE_COUNT; s++)
		if (runtime_state_time_ns(s))
			ms_line(runtime_state_name(s), runtime_state_time_ns(s));
	console_printf("events: %llu raised, %u queued, %llu overflowed;",
		       (unsigned long long)es.total, runtime_events_queued(),
		       (unsigned long long)es.overflow);
	for (unsigned k = 0; k < RT_EV_KIND_COUNT; k++)
		console_printf(" %s %llu", rt_event_kind_name(k), (unsigned long long)es.raised[k]);
	console_printf("\n  pci: devices %u pool %u bars %u io %#llx mem %#llx pref %#llx\n",
		       u.devs, u.pool, u.bars, (unsigned long long)u.io, (unsigned long long)u.mem,
		       (unsigned long long)u.pref);
	stats_hotplug();
	console_printf("  iommu: %u units, %llu faults\n", iommu_unit_count(),
		       (unsigned long long)iommu_faults());
	console_printf("  pages: %llu KiB free of %llu KiB\n",
		       (unsigned long long)(pmm_global.free_bytes / KiB),
		       (unsigned long long)(pmm_global.total / KiB));
	return 0;
}
SHELL_CMD(stats, "runtime statistics: state, uptime, events, pci and allocator use", cmd_stats);
