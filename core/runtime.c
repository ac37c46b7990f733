// SPDX-License-Identifier: MIT
/*
 * Runtime state machine, event ring and pollers (include/vmplat/runtime.h).
 *
 *   booting -> ready | stopping
 *   ready   -> running | stopping
 *   running -> paused | ready (payload ended) | stopping
 *   paused  -> running | stopping
 *   stopping: final
 *
 * Events live in a fixed ring: when it is full the oldest is dropped and
 * counted as overflow, so raising an event never blocks or allocates.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/runtime.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>

static struct spinlock rt_lock = SPINLOCK_INIT;
static enum runtime_state cur_state;
static uint64_t state_since, state_time[RT_STATE_COUNT];

static struct rt_event ring[RT_EVENT_RING];
static unsigned ring_head, ring_count; /* oldest at ring_head */
static uint64_t next_seq = 1;
static struct rt_event_stats ev_stats;

static void (*pollers[RT_MAX_POLLERS])(void);
static unsigned npollers;

static const char *const state_names[RT_STATE_COUNT] = {
	[RT_BOOTING] = "booting", [RT_READY] = "ready",	      [RT_RUNNING] = "running",
	[RT_PAUSED] = "paused",	  [RT_STOPPING] = "stopping",
};

static const char *const kind_names[RT_EV_KIND_COUNT] = {
	[RT_EV_BOOT] = "boot",
	[RT_EV_DEV_ADDED] = "dev-added",
	[RT_EV_DEV_REMOVED] = "dev-removed",
	[RT_EV_HOTPLUG] = "hotplug",
	[RT_EV_IOMMU_FAULT] = "iommu-fault",
};

/* Allowed moves, one bit per target state. */
static const uint8_t allowed[RT_STATE_COUNT] = {
	[RT_BOOTING] = BIT(RT_READY) | BIT(RT_STOPPING),
	[RT_READY] = BIT(RT_RUNNING) | BIT(RT_STOPPING),
	[RT_RUNNING] = BIT(RT_PAUSED) | BIT(RT_READY) | BIT(RT_STOPPING),
	[RT_PAUSED] = BIT(RT_RUNNING) | BIT(RT_STOPPING),
	[RT_STOPPING] = 0,
};

const char *runtime_state_name(enum runtime_state s)
{
	return (unsigned)s < RT_STATE_COUNT ? state_names[s] : "?";
}

const char *rt_event_kind_name(enum rt_event_kind k)
{
	return (unsigned)k < RT_EV_KIND_COUNT ? kind_names[k] : "?";
}

enum runtime_state runtime_state(void)
{
	return READ_ONCE(cur_state);
}

bool runtime_transition_valid(enum runtime_state from, enum runtime_state to)
{
	if ((unsigned)from >= RT_STATE_COUNT || (unsigned)to >= RT_STATE_COUNT)
		return false;
	return allowed[from] & BIT(to);
}

int runtime_set_state(enum runtime_state to)
{
	unsigned long flags = spin_lock_irqsave(&rt_lock);
	enum runtime_state from = cur_state;
	uint64_t now = timestamp_ns();

	if (!runtime_transition_valid(from, to)) {
		spin_unlock_irqrestore(&rt_lock, flags);
		return -EINVAL;
	}
	state_time[from] += now - state_since;
	state_since = now;
	cur_state = to;
	spin_unlock_irqrestore(&rt_lock, flags);
	runtime_event(RT_EV_BOOT, "state %s -> %s", state_names[from], state_names[to]);
	return 0;
}

uint64_t runtime_state_time_ns(enum runtime_state s)
{
	unsigned long flags;
	uint64_t t;

	if ((unsigned)s >= RT_STATE_COUNT)
		return 0;
	flags = spin_lock_irqsave(&rt_lock);
	t = state_time[s];
	if (s == cur_state)
		t += timestamp_ns() - state_since;
	spin_unlock_irqrestore(&rt_lock, flags);
	return t;
}

/* ---- events ---- */
void runtime_event(enum rt_event_kind kind, const char *fmt, ...)
{
	struct rt_event e = { .kind = kind, .t_ns = timestamp_ns() };
	unsigned long flags;
	va_list ap;

	if ((unsigned)kind >= RT_EV_KIND_COUNT)
		return;
	va_start(ap, fmt);
	vsnprintf(e.text, sizeof(e.text), fmt, ap);
	va_end(ap);
	flags = spin_lock_irqsave(&rt_lock);
	e.seq = next_seq++;
	if (ring_count == RT_EVENT_RING) { /* full: the oldest goes */
		ring_head = (ring_head + 1) % RT_EVENT_RING;
		ring_count--;
		ev_stats.overflow++;
	}
	ring[(ring_head + ring_count) % RT_EVENT_RING] = e;
	ring_count++;
	ev_stats.raised[kind]++;
	ev_stats.total++;
	spin_unlock_irqrestore(&rt_lock, flags);
}

unsigned runtime_events_read(uint64_t after, struct rt_event *out, unsigned max)
{
	unsigned long flags = spin_lock_irqsave(&rt_lock);
	unsigned n = 0;

	for (unsigned i = 0; i < ring_count && n < max; i++) {
		const struct rt_event *e = &ring[(ring_head + i) % RT_EVENT_RING];

		if (e->seq > after)
			out[n++] = *e;
	}
	spin_unlock_irqrestore(&rt_lock, flags);
	return n;
}

void runtime_events_clear(void)
{
	unsigned long flags = spin_lock_irqsave(&rt_lock);

	ring_head = ring_count = 0;
	spin_unlock_irqrestore(&rt_lock, flags);
}

unsigned runtime_events_queued(void)
{
	return READ_ONCE(ring_count);
}

void runtime_event_stats(struct rt_event_stats *out)
{
	unsigned long flags = spin_lock_irqsave(&rt_lock);

	*out = ev_stats;
	spin_unlock_irqrestore(&rt_lock, flags);
}

/* ---- pollers ---- */
int runtime_add_poller(void (*fn)(void))
{
	for (unsigned i = 0; i < npollers; i++)
		if (pollers[i] == fn)
			return 0;
	if (npollers == RT_MAX_POLLERS)
		return -ENOSPC;
	pollers[npollers++] = fn;
	return 0;
}

void runtime_poll(void)
{
	static bool busy; /* a poller that waits may reach a nested idle loop */

	if (busy)
		return;
	busy = true;
	for (unsigned i = 0; i < npollers; i++)
		pollers[i]();
	busy = false;
}

void runtime_reset(void)
{
	cur_state = RT_BOOTING;
	state_since = timestamp_ns();
	memset(state_time, 0, sizeof(state_time));
	ring_head = ring_count = 0;
	next_seq = 1;
	memset(&ev_stats, 0, sizeof(ev_stats));
	npollers = 0;
}
