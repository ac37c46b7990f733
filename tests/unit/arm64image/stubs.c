// SPDX-License-Identifier: MIT
/* What core/console.c gives the portable loader files in firmware. */
#include <vmplat/log.h>

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}
