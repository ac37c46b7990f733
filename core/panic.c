// SPDX-License-Identifier: MIT
/*
 * panic() and platform_exit(): the two ways vmplat ends the machine itself.
 */
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/power.h>

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	va_start(ap, fmt);
	log_vmsg(LOG_ERR, fmt, ap);
	va_end(ap);
	log_err("panic: powering off");
	platform_exit(1);
}

void platform_exit(int status)
{
	/* The QEMU test runner reads this line for the status on every arch. */
	console_printf("vmplat: exit status %d\n", status);
	arch_poweroff(status);
}
