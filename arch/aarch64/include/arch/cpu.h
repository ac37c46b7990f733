// SPDX-License-Identifier: MIT
/*
 * Per-CPU arch state (embedded in struct cpu). The first fields are what
 * a secondary CPU reads in head.S with its MMU off; their offsets are fixed
 * (checked in smp.c) so the assembly can use them.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#define CPU_ARCH_STACK_TOP 0
#define CPU_ARCH_TTBR0	   8
#define CPU_ARCH_TCR	   16
#define CPU_ARCH_MAIR	   24
#define CPU_ARCH_SCTLR	   32
#define CPU_ARCH_VBAR	   40
#define CPU_ARCH_ID	   48

#ifndef __ASSEMBLY__
#include <stdint.h>

struct cpu;

struct cpu_arch {
	uint64_t boot_stack_top; /* read by secondary_entry, MMU off */
	uint64_t boot_ttbr0;
	uint64_t boot_tcr;
	uint64_t boot_mair;
	uint64_t boot_sctlr;
	uint64_t boot_vbar;
	uint64_t logical_id; /* TPIDR_ELx of the CPU */
	uint64_t mpidr;	     /* MPIDR_EL1 affinity fields */
	uint64_t gicr_base;  /* this CPU's redistributor (0: not found) */
	uint32_t midr;
	int psci_err; /* last CPU_ON result */
};
#endif

#endif
