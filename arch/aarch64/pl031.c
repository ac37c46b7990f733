// SPDX-License-Identifier: MIT
/*
 * PL031 RTC as an independent reference clock (Arm PrimeCell RTC PL031
 * TRM DDI 0224, 3.3: RTCDR counts seconds). The counter is checked against
 * two whole RTC seconds, started on a seconds edge.
 */
#include <errno.h>
#include <arch/early.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>

#define RTCDR		0x000
#define REF_SECONDS	2
#define EDGE_TIMEOUT_NS (3 * NSEC_PER_SEC / 2) /* one edge within 1 s, with slack */

static volatile uint8_t *rtc;

int pl031_init(paddr_t base)
{
	if (!base)
		return -ENODEV;
	rtc = mm_map_device(base, PAGE_SIZE);
	return rtc ? 0 : -ENOMEM;
}

/* Wait until RTCDR differs from from; its new value, or -ETIMEDOUT. */
static int64_t wait_edge(uint32_t from)
{
	uint64_t deadline = timestamp_ns() + EDGE_TIMEOUT_NS;
	uint32_t v;

	while ((v = mmio_read32(rtc + RTCDR)) == from) {
		if (timestamp_ns() > deadline)
			return -ETIMEDOUT;
	}
	return v;
}

int arch_refclock_measure(uint64_t *ref_ns, uint64_t *ts_ns)
{
	int64_t s;
	uint64_t t0;

	if (!rtc)
		return -ENODEV;
	s = wait_edge(mmio_read32(rtc + RTCDR));
	if (s < 0)
		goto stuck;
	t0 = timestamp_ns();
	for (unsigned i = 0; i < REF_SECONDS; i++) {
		s = wait_edge((uint32_t)s);
		if (s < 0)
			goto stuck;
	}
	*ts_ns = timestamp_ns() - t0;
	*ref_ns = REF_SECONDS * NSEC_PER_SEC;
	return 0;
stuck:
	log_err("pl031: RTCDR did not advance within %llu ms",
		(unsigned long long)(EDGE_TIMEOUT_NS / NSEC_PER_MSEC));
	return -ETIMEDOUT;
}
