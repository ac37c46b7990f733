// SPDX-License-Identifier: MIT
/* Host stand-ins for the firmware services the block layer and virtio code call
 * (log, time, CPU relax), shared by tests/unit/blk and tests/unit/virtio. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>
#include "blk_env.h"

unsigned env_errors;
static uint64_t now_ns;

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	if (lvl == LOG_ERR)
		env_errors++;
	if (getenv("BLK_TEST_VERBOSE")) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
}

void console_printf(const char *fmt, ...)
{
	(void)fmt;
}

void console_write(const char *s, size_t n)
{
	(void)s;
	(void)n;
}

uint64_t timestamp_ns(void)
{
	return now_ns += 1000; /* polling loops make progress */
}

void udelay(uint64_t us)
{
	now_ns += us * NSEC_PER_USEC;
}

void cpu_relax(void)
{
}
