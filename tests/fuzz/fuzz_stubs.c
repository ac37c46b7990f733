// SPDX-License-Identifier: MIT
/*
 * What the code under fuzz needs from the firmware core, for the harnesses
 * that list this file in FUZZ_SRCS_<name>: log_msg formats every message
 * into a buffer (so a bad argument for a format is found by the sanitizers)
 * and drops it; panic aborts (a broken invariant is a finding).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <vmplat/log.h>

void log_vmsg(enum log_level lvl, const char *fmt, va_list ap)
{
	char line[512];

	(void)lvl;
	vsnprintf(line, sizeof(line), fmt, ap);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}
