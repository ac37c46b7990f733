// SPDX-License-Identifier: MIT
/*
 * Runtime state machine and event ring (core/runtime.c): every transition
 * checked against the table, refused ones change nothing, time per state
 * from a fake clock; the ring keeps the newest RT_EVENT_RING events in
 * order, counts overflow and per-kind totals, truncates long text; pollers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/runtime.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>

static uint64_t now_ns;

uint64_t timestamp_ns(void)
{
	return now_ns;
}

unsigned long arch_irq_save(void)
{
	return 0;
}

void arch_irq_restore(unsigned long flags)
{
	(void)flags;
}

void cpu_relax(void)
{
}

static int setup(void **state)
{
	(void)state;
	now_ns = 1000;
	runtime_reset();
	return 0;
}

/* The whole 5x5 table: exactly these moves are allowed. */
static void test_transition_table(void **state)
{
	static const bool ok[RT_STATE_COUNT][RT_STATE_COUNT] = {
		[RT_BOOTING] = { [RT_READY] = true, [RT_STOPPING] = true },
		[RT_READY] = { [RT_RUNNING] = true, [RT_STOPPING] = true },
		[RT_RUNNING] = { [RT_PAUSED] = true, [RT_READY] = true, [RT_STOPPING] = true },
		[RT_PAUSED] = { [RT_RUNNING] = true, [RT_STOPPING] = true },
	};

	(void)state;
	for (unsigned f = 0; f < RT_STATE_COUNT; f++)
		for (unsigned t = 0; t < RT_STATE_COUNT; t++)
			assert_int_equal(runtime_transition_valid(f, t), ok[f][t]);
	assert_false(runtime_transition_valid(RT_STATE_COUNT, RT_READY));
	assert_false(runtime_transition_valid(RT_READY, (enum runtime_state)99));
}

static void test_invalid_transition_refused(void **state)
{
	struct rt_event_stats st;

	(void)state;
	assert_int_equal(runtime_state(), RT_BOOTING);
	assert_int_equal(runtime_set_state(RT_RUNNING), -EINVAL);
	assert_int_equal(runtime_set_state(RT_BOOTING), -EINVAL); /* no self-loop */
	assert_int_equal(runtime_state(), RT_BOOTING);
	runtime_event_stats(&st);
	assert_int_equal(st.total, 0); /* refused moves raise nothing */
	assert_int_equal(runtime_set_state(RT_READY), 0);
	assert_int_equal(runtime_set_state(RT_RUNNING), 0);
	assert_int_equal(runtime_set_state(RT_PAUSED), 0);
	assert_int_equal(runtime_set_state(RT_READY), -EINVAL); /* paused -> ready: no */
	assert_int_equal(runtime_set_state(RT_RUNNING), 0);
	assert_int_equal(runtime_set_state(RT_STOPPING), 0);
	for (unsigned t = 0; t < RT_STATE_COUNT; t++)
		assert_int_equal(runtime_set_state(t), -EINVAL); /* stopping is final */
	assert_int_equal(runtime_state(), RT_STOPPING);
}

static void test_time_per_state(void **state)
{
	(void)state;
	now_ns += 5000;
	runtime_set_state(RT_READY);
	now_ns += 7000;
	runtime_set_state(RT_RUNNING);
	now_ns += 11000;
	runtime_set_state(RT_PAUSED);
	now_ns += 2000;
	runtime_set_state(RT_RUNNING);
	now_ns += 3000;
	assert_int_equal(runtime_state_time_ns(RT_BOOTING), 5000);
	assert_int_equal(runtime_state_time_ns(RT_READY), 7000);
	assert_int_equal(runtime_state_time_ns(RT_RUNNING), 14000); /* 11000 + current 3000 */
	assert_int_equal(runtime_state_time_ns(RT_PAUSED), 2000);
	assert_int_equal(runtime_state_time_ns(RT_STOPPING), 0);
}

static void test_state_change_is_an_event(void **state)
{
	struct rt_event e[4];

	(void)state;
	now_ns = 42;
	runtime_set_state(RT_READY);
	assert_int_equal(runtime_events_read(0, e, 4), 1);
	assert_int_equal(e[0].kind, RT_EV_BOOT);
	assert_int_equal(e[0].seq, 1);
	assert_int_equal(e[0].t_ns, 42);
	assert_string_equal(e[0].text, "state booting -> ready");
}

static void test_ring_keeps_newest_and_counts_overflow(void **state)
{
	struct rt_event e[RT_EVENT_RING + 8];
	struct rt_event_stats st;
	unsigned n, extra = 10;

	(void)state;
	for (unsigned i = 0; i < RT_EVENT_RING + extra; i++) {
		now_ns = 100 + i;
		runtime_event(i % 2 ? RT_EV_DEV_ADDED : RT_EV_HOTPLUG, "ev %u", i);
	}
	n = runtime_events_read(0, e, ARRAY_SIZE(e));
	assert_int_equal(n, RT_EVENT_RING);
	assert_int_equal(runtime_events_queued(), RT_EVENT_RING);
	for (unsigned i = 0; i < n; i++) { /* oldest kept is number `extra`, in order */
		char want[16];

		snprintf(want, sizeof(want), "ev %u", i + extra);
		assert_string_equal(e[i].text, want);
		assert_int_equal(e[i].seq, i + extra + 1);
		assert_int_equal(e[i].t_ns, 100 + i + extra);
	}
	runtime_event_stats(&st);
	assert_int_equal(st.overflow, extra);
	assert_int_equal(st.total, RT_EVENT_RING + extra);
	assert_int_equal(st.raised[RT_EV_DEV_ADDED], (RT_EVENT_RING + extra) / 2);
	assert_int_equal(st.raised[RT_EV_HOTPLUG], (RT_EVENT_RING + extra) / 2);
}

static void test_read_after_and_clear(void **state)
{
	struct rt_event e[8];
	struct rt_event_stats st;

	(void)state;
	for (unsigned i = 0; i < 5; i++)
		runtime_event(RT_EV_IOMMU_FAULT, "f%u", i);
	assert_int_equal(runtime_events_read(3, e, 8), 2); /* seq 4 and 5 */
	assert_int_equal(e[0].seq, 4);
	assert_int_equal(runtime_events_read(0, e, 2), 2); /* bounded by max */
	runtime_events_clear();
	assert_int_equal(runtime_events_queued(), 0);
	assert_int_equal(runtime_events_read(0, e, 8), 0);
	runtime_event_stats(&st);
	assert_int_equal(st.raised[RT_EV_IOMMU_FAULT], 5); /* counters survive a clear */
	runtime_event(RT_EV_BOOT, "after");
	assert_int_equal(runtime_events_read(0, e, 8), 1);
	assert_int_equal(e[0].seq, 6); /* sequence continues */
}

static void test_long_text_and_bad_kind(void **state)
{
	struct rt_event e[2];
	char big[200];
	struct rt_event_stats st;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	runtime_event(RT_EV_BOOT, "%s", big);
	runtime_event(RT_EV_KIND_COUNT, "ignored");
	assert_int_equal(runtime_events_read(0, e, 2), 1);
	assert_int_equal(strlen(e[0].text), RT_EVENT_TEXT_LEN - 1);
	runtime_event_stats(&st);
	assert_int_equal(st.total, 1);
	assert_string_equal(rt_event_kind_name(RT_EV_KIND_COUNT), "?");
	assert_string_equal(runtime_state_name(RT_PAUSED), "paused");
}

static unsigned polls_a, polls_b;
static void poll_a(void)
{
	polls_a++;
	runtime_poll(); /* nested: ignored */
}
static void poll_b(void)
{
	polls_b++;
}

static void test_pollers(void **state)
{
	(void)state;
	polls_a = polls_b = 0;
	assert_int_equal(runtime_add_poller(poll_a), 0);
	assert_int_equal(runtime_add_poller(poll_a), 0); /* once only */
	assert_int_equal(runtime_add_poller(poll_b), 0);
	runtime_poll();
	runtime_poll();
	assert_int_equal(polls_a, 2);
	assert_int_equal(polls_b, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_transition_table, setup),
		cmocka_unit_test_setup(test_invalid_transition_refused, setup),
		cmocka_unit_test_setup(test_time_per_state, setup),
		cmocka_unit_test_setup(test_state_change_is_an_event, setup),
		cmocka_unit_test_setup(test_ring_keeps_newest_and_counts_overflow, setup),
		cmocka_unit_test_setup(test_read_after_and_clear, setup),
		cmocka_unit_test_setup(test_long_text_and_bad_kind, setup),
		cmocka_unit_test_setup(test_pollers, setup),
	};

	return cmocka_run_group_tests_name("runtime", tests, NULL, NULL);
}
