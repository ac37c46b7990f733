// SPDX-License-Identifier: MIT
/*
 * Time: a monotonic nanosecond clock shared by all CPUs, delays, measure(),
 * and a per-CPU one-shot/periodic timer interrupt (core/timer.c).
 */
#ifndef VMPLAT_TIMER_H
#define VMPLAT_TIMER_H

#include <vmplat/types.h>

uint64_t timestamp_ns(void);
void ndelay(uint64_t ns);
void udelay(uint64_t us);
void mdelay(uint64_t ms);
/* Run fn(arg) once, return the nanoseconds it took. */
uint64_t measure(void (*fn)(void *), void *arg);

typedef void (*timer_fn_t)(void *arg);
/* Start this CPU's timer: fn(arg) from the interrupt every period_ns, or once. */
int timer_start(uint64_t period_ns, bool periodic, timer_fn_t fn, void *arg);
void timer_stop(void);
/* Called by the arch timer interrupt handler. */
void timer_irq(void);

/* Set by the arch once the counter frequency is known (calibrated on x86_64). */
void timer_set_counter_freq(uint64_t hz);
uint64_t timer_counter_freq(void);

/* Arch hooks. */
uint64_t arch_counter_read(void); /* TSC / CNTVCT */
/* Fire the timer interrupt once after ns; 0 disarms. */
int arch_timer_arm_ns(uint64_t ns);

#endif
