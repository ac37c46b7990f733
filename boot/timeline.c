// SPDX-License-Identifier: MIT
/*
 * Boot timeline: timestamp_ns() at firmware entry (the counter origin the
 * timer code takes at arch entry), devices ready, entry chosen, kernel and
 * initrd loaded, handoff. Printed by the loader right before handoff.
 */
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/timer.h>

static uint64_t marks[BOOT_T_COUNT];
static bool marked[BOOT_T_COUNT];

static const char *const stage_names[BOOT_T_COUNT] = {
	[BOOT_T_FIRMWARE_ENTRY] = "firmware entry", [BOOT_T_DEVICES_READY] = "devices ready",
	[BOOT_T_ENTRY_CHOSEN] = "entry chosen",	    [BOOT_T_KERNEL_LOADED] = "kernel loaded",
	[BOOT_T_INITRD_LOADED] = "initrd loaded",   [BOOT_T_HANDOFF] = "handoff",
};

void boot_timeline_set(enum boot_stage s, uint64_t ns)
{
	if ((unsigned)s >= BOOT_T_COUNT)
		return;
	marks[s] = ns;
	marked[s] = true;
}

void boot_timeline_mark(enum boot_stage s)
{
	if ((unsigned)s < BOOT_T_COUNT && !marked[s])
		boot_timeline_set(s, timestamp_ns());
}

uint64_t boot_timeline_ns(enum boot_stage s)
{
	return (unsigned)s < BOOT_T_COUNT && marked[s] ? marks[s] : 0;
}

static void print_secs(uint64_t ns)
{
	console_printf("%llu.%06llu s", (unsigned long long)(ns / NSEC_PER_SEC),
		       (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
}

void boot_timeline_print(void)
{
	uint64_t prev = 0;

	marked[BOOT_T_FIRMWARE_ENTRY] = true; /* the counter origin: 0 unless set */
	console_printf("boot timeline:\n");
	for (unsigned s = 0; s < BOOT_T_COUNT; s++) {
		if (!marked[s])
			continue;
		console_printf("  %-15s ", stage_names[s]);
		print_secs(marks[s]);
		console_printf("  (+");
		print_secs(marks[s] - prev);
		console_printf(")\n");
		prev = marks[s];
	}
	if (marked[BOOT_T_HANDOFF] && marked[BOOT_T_ENTRY_CHOSEN]) {
		console_printf("  vmplat entry chosen to handoff: ");
		print_secs(marks[BOOT_T_HANDOFF] - marks[BOOT_T_ENTRY_CHOSEN]);
		console_printf("\n");
	}
}
