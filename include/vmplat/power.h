// SPDX-License-Identifier: MIT
/*
 * Ending the machine: power off with a status, reset.
 */
#ifndef VMPLAT_POWER_H
#define VMPLAT_POWER_H

#include <vmplat/types.h>

/*
 * Status 0 is success. Under QEMU the status is visible to the host:
 * x86_64 through isa-debug-exit (exit code (status << 1) | 1, i.e. 1 for
 * success), aarch64 through the test runner reading the final log line.
 */
__noreturn void arch_poweroff(int status);
__noreturn void arch_reset(void);

/* Flush the console, print the final status line, power off. */
__noreturn void platform_exit(int status);

#endif
