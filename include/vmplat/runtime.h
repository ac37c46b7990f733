// SPDX-License-Identifier: MIT
/*
 * Runtime (core/runtime.c, core/runtime_cmds.c): the platform's state
 * machine (booting -> ready -> running payload <-> paused, and stopping from
 * anywhere), a bounded event queue with timestamps, pollers run from the
 * shell's idle loop, and the `events` / `stats` shell commands.
 *
 * Portable: runtime.c needs only timestamp_ns() and a spinlock, so the host
 * tests drive it with a fake clock.
 */
#ifndef VMPLAT_RUNTIME_H
#define VMPLAT_RUNTIME_H

#include <vmplat/types.h>

/* ---- state machine ---- */
enum runtime_state {
	RT_BOOTING,
	RT_READY,   /* platform up, shell or boot manager in charge */
	RT_RUNNING, /* a payload (guest or handed-off kernel) runs */
	RT_PAUSED,  /* the payload is stopped, state kept */
	RT_STOPPING,
	RT_STATE_COUNT,
};

const char *runtime_state_name(enum runtime_state s);
enum runtime_state runtime_state(void);
/* Is from -> to a transition the machine allows? */
bool runtime_transition_valid(enum runtime_state from, enum runtime_state to);
/* Move to `to`: 0, or -EINVAL for a transition not allowed (nothing changes). */
int runtime_set_state(enum runtime_state to);
/* Nanoseconds spent in s so far (the current stay included). */
uint64_t runtime_state_time_ns(enum runtime_state s);

/* ---- events ---- */
enum rt_event_kind {
	RT_EV_BOOT,	   /* boot status: stages, state changes */
	RT_EV_DEV_ADDED,   /* a PCI function registered after boot */
	RT_EV_DEV_REMOVED, /* a PCI function unregistered */
	RT_EV_HOTPLUG,	   /* slot events: presence, attention button, link, power */
	RT_EV_IOMMU_FAULT,
	RT_EV_KIND_COUNT,
};

#define RT_EVENT_RING	  64 /* events kept; older ones are dropped and counted */
#define RT_EVENT_TEXT_LEN 72

struct rt_event {
	uint64_t seq;  /* 1, 2, ... in the order raised */
	uint64_t t_ns; /* timestamp_ns() when raised */
	enum rt_event_kind kind;
	char text[RT_EVENT_TEXT_LEN];
};

const char *rt_event_kind_name(enum rt_event_kind k);
/* Queue an event (any CPU, interrupts masked inside); text is truncated to fit. */
void runtime_event(enum rt_event_kind kind, const char *fmt, ...) __printf(2, 3);
/* Copy up to max queued events with seq > after, oldest first; returns how many. */
unsigned runtime_events_read(uint64_t after, struct rt_event *out, unsigned max);
/* Drop every queued event (counters stay). */
void runtime_events_clear(void);
unsigned runtime_events_queued(void);

struct rt_event_stats {
	uint64_t raised[RT_EV_KIND_COUNT]; /* since boot, cleared or not */
	uint64_t total;
	uint64_t overflow; /* dropped because the ring was full */
};
void runtime_event_stats(struct rt_event_stats *out);

/* ---- integration (core/runtime_cmds.c) ---- */
#define RT_MAX_POLLERS 8
/* fn runs from runtime_poll(); -ENOSPC when the table is full. */
int runtime_add_poller(void (*fn)(void));
/* Called between keystrokes by the shell (and by any wait loop that can). */
void runtime_poll(void);
/* After the boot sequence: slots, pollers, shell idle hook, state ready. */
int runtime_init(void);

/* Forget everything (host tests). */
void runtime_reset(void);

#endif
