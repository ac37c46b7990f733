// SPDX-License-Identifier: MIT
/* Host stand-ins for the firmware log the BLS parser uses. */
#include <stdarg.h>
#include <stdio.h>
#include <vmplat/log.h>

unsigned bls_test_errors;

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	if (lvl == LOG_ERR)
		bls_test_errors++;
	if (lvl > LOG_WARN)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
