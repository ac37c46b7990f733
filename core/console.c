// SPDX-License-Identifier: MIT
/*
 * Console output serialized across CPUs, with "\n" -> "\r\n" for serial
 * terminals, leveled, timestamped log lines on top of it, and the wait for
 * input that sleeps instead of spinning.
 */
#include <errno.h>
#include <stdio.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>

#define LOG_LINE_MAX 512

static struct spinlock console_lock = SPINLOCK_INIT;
static enum log_level log_level = LOG_INFO;
static void (*console_sinks[CONSOLE_MAX_SINKS])(const char *s, size_t n);
static unsigned console_nsinks;

static void console_write_locked(const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		arch_console_write(s + start, i - start);
		arch_console_write("\r\n", 2);
		start = i + 1;
	}
	if (start < n)
		arch_console_write(s + start, n - start);
	for (unsigned i = 0; i < READ_ONCE(console_nsinks); i++)
		console_sinks[i](s, n);
}

int console_add_sink(void (*write)(const char *s, size_t n))
{
	unsigned long flags = spin_lock_irqsave(&console_lock);
	int rc = -ENOSPC;

	if (console_nsinks < CONSOLE_MAX_SINKS) {
		console_sinks[console_nsinks++] = write;
		rc = 0;
	}
	spin_unlock_irqrestore(&console_lock, flags);
	return rc;
}

void console_write(const char *s, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);

	console_write_locked(s, n);
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_printf(const char *fmt, ...)
{
	char buf[LOG_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

int console_getc(void)
{
	return arch_console_getc();
}

static void wait_tick(void *arg)
{
	(void)arg; /* the interrupt itself ended the sleep */
}

/*
 * Everything from the input check to the sleep runs with interrupts masked:
 * a receive interrupt or the timer tick that comes in between stays pending
 * and ends the sleep at once (WFI wakes on a pending interrupt whatever
 * PSTATE.I, Arm ARM D1.16.2; STI;HLT, SDM Vol 2B STI). Taken earlier, it
 * would be handled before the sleep and leave nothing to end it: the prompt
 * would hang until some unrelated interrupt (docs/runtime.md, "Idle").
 */
void console_wait_input(uint64_t max_ns)
{
	unsigned long flags = arch_irq_save();

	if (arch_console_rx_arm() > 0 || timer_start(max_ns, false, wait_tick, NULL)) {
		arch_irq_restore(flags);
		cpu_relax();
		return;
	}
	smp_cpu_wait_irq();
	arch_irq_restore(flags); /* the interrupt that woke us is taken here */
	timer_stop();
}

void log_set_level(enum log_level lvl)
{
	log_level = lvl;
}

enum log_level log_get_level(void)
{
	return log_level;
}

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	static const char tag[] = { 'E', 'W', 'I', 'D' };
	char buf[LOG_LINE_MAX];
	uint64_t ns = timestamp_ns();
	int n, m;

	if (lvl > log_level)
		return;
	n = snprintf(buf, sizeof(buf),
		     "[%5llu.%06llu] %c: ", (unsigned long long)(ns / NSEC_PER_SEC),
		     (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC), tag[lvl]);
	m = vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n = (int)MIN((size_t)n + (size_t)m, sizeof(buf) - 2);
	if (n > 0 && buf[n - 1] != '\n')
		buf[n++] = '\n';
	console_write(buf, (size_t)n);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}
