// SPDX-License-Identifier: MIT
/*
 * PSCI calls (Arm DEN0022 "Power State Coordination Interface" 5.1, with
 * the SMC Calling Convention DEN0028 for the conduit). The conduit comes
 * from /psci "method"; before the DTB is read it is guessed from the EL.
 */
#include <arch/early.h>
#include "fdt_platform.h"
#include <vmplat/irq.h>
#include <vmplat/power.h>

#define PSCI_CPU_ON_64	   0xc4000003u
#define PSCI_SYSTEM_OFF	   0x84000008u
#define PSCI_SYSTEM_RESET  0x84000009u
#define PSCI_NOT_SUPPORTED (-1)

static int conduit; /* FDT_PSCI_* */

void psci_set_conduit(int c)
{
	conduit = c;
}

/* SMCCC: function id and arguments in x0-x3, result in x0; x4-x17 may change (v1.0). */
int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	int c = conduit;

	if (arch_entry_el == 3)
		return PSCI_NOT_SUPPORTED; /* we were the firmware: nobody answers an SMC */
	if (c == FDT_PSCI_NONE)
		c = arch_at_el2 ? FDT_PSCI_SMC : FDT_PSCI_HVC;
	if (c == FDT_PSCI_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

/* 0 or the PSCI error (negative: NOT_SUPPORTED -1 ... ALREADY_ON -4, DEN0022 5.2.2). */
int psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return (int)psci_call(PSCI_CPU_ON_64, mpidr, entry, context);
}

static __noreturn void halt(void)
{
	arch_irq_disable();
	for (;;)
		__asm__ volatile("wfi");
}

/* The status is in the log already (platform_exit); PSCI has no status argument. */
void arch_poweroff(int status)
{
	(void)status;
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	halt();
}

void arch_reset(void)
{
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	halt();
}
