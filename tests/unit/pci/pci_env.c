// SPDX-License-Identifier: MIT
/*
 * Host stand-ins for what drivers/pci calls outside itself: log, console,
 * time (a clock that advances only when code waits), device mapping.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>
#include "pci_env.h"

unsigned env_warnings;
char env_last_warning[256];
static char env_log[65536];
static size_t env_log_len;
char env_console[65536];
size_t env_console_len;
uint64_t env_now_ns;

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (lvl == LOG_WARN) {
		env_warnings++;
		snprintf(env_last_warning, sizeof(env_last_warning), "%s", msg);
	}
	if (env_log_len < sizeof(env_log) - 1)
		env_log_len += (size_t)snprintf(env_log + env_log_len,
						sizeof(env_log) - env_log_len, "%s\n", msg);
	if (getenv("PCI_TEST_VERBOSE"))
		fprintf(stderr, "log: %s\n", msg);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (env_console_len < sizeof(env_console) - 1)
		env_console_len += (size_t)vsnprintf(env_console + env_console_len,
						     sizeof(env_console) - env_console_len, fmt,
						     ap);
	va_end(ap);
	if (env_console_len > sizeof(env_console) - 1)
		env_console_len = sizeof(env_console) - 1;
}

uint64_t timestamp_ns(void)
{
	return env_now_ns += 1000; /* polling loops make progress */
}

void ndelay(uint64_t ns)
{
	env_now_ns += ns;
}

void udelay(uint64_t us)
{
	env_now_ns += us * NSEC_PER_USEC;
}

void mdelay(uint64_t ms)
{
	env_now_ns += ms * NSEC_PER_MSEC;
}

void *mm_map_device(paddr_t pa, uint64_t size)
{
	(void)size;
	return (void *)(uintptr_t)pa; /* tests put host buffers' addresses in BARs */
}

void cpu_relax(void)
{
}

bool env_warned(const char *s)
{
	env_log[env_log_len] = '\0';
	return strstr(env_log, s) != NULL;
}

void env_reset(struct fake_ecam *fe)
{
	pci_reset();
	fake_ecam_init(fe);
	env_warnings = 0;
	env_last_warning[0] = '\0';
	env_log_len = 0;
	env_console_len = 0;
	env_console[0] = '\0';
}

struct pci_host *env_host(struct fake_ecam *fe, unsigned flags)
{
	static const struct pci_window w[] = {
		{ PCI_WIN_MEM32, false, 0x10000000, 0x10000000, 0x2eff0000 },
		{ PCI_WIN_MEM64, true, 0x8000000000ull, 0x8000000000ull, 0x8000000000ull },
		{ PCI_WIN_IO, false, 0x3eff0000, 0, 0x10000 },
	};

	return pci_host_add(0, 0, 255, &fake_ecam_ops, fe, w, 3, flags);
}
