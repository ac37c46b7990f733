// SPDX-License-Identifier: MIT
/*
 * CPU exceptions. The arch vectors decode a fault into struct fault_info
 * and call fault_dispatch(); a registered handler may fix the state up and
 * resume (e.g. skip the instruction), which later code uses to probe memory.
 * Unhandled faults print registers, address and a backtrace, then power off.
 */
#ifndef VMPLAT_FAULT_H
#define VMPLAT_FAULT_H

#include <vmplat/types.h>

enum fault_class {
	FAULT_DATA_ABORT, /* x86 #PF on data access; arm data abort */
	FAULT_INSN_ABORT, /* x86 #PF with I/D=1; arm instruction abort */
	FAULT_UNDEF,	  /* x86 #UD; arm unknown / undefined instruction */
	FAULT_ALIGNMENT,  /* x86 #AC; arm alignment fault, SP/PC alignment */
	FAULT_GP,	  /* x86 #GP/#SS/#TS/#NP */
	FAULT_DIVIDE,	  /* x86 #DE */
	FAULT_BREAKPOINT, /* x86 #BP/#DB; arm BRK */
	FAULT_SYSCALL,	  /* arm HVC/SMC/SVC taken to vmplat */
	FAULT_OTHER,
	FAULT_NCLASSES
};

struct arch_regs; /* arch/<arch>/include/arch/regs.h */

struct fault_info {
	enum fault_class cls;
	uint64_t pc;   /* resume address; a handler may change it */
	uint64_t addr; /* faulting address when known (CR2, FAR) */
	bool addr_valid;
	bool write;
	uint64_t syndrome; /* x86 error code; arm ESR */
	unsigned vector;   /* x86 vector; arm exception class */
	struct arch_regs *regs;
};

/* true: handled, resume at fi->pc. */
typedef bool (*fault_handler_t)(struct fault_info *fi);

int fault_register(enum fault_class cls, fault_handler_t fn);
int fault_unregister(enum fault_class cls, fault_handler_t fn);
const char *fault_class_name(enum fault_class cls);

/* Called by the arch vectors. Returns only when a handler handled the fault. */
void fault_dispatch(struct fault_info *fi);

/* Arch hooks for the report of an unhandled fault. */
void arch_dump_regs(const struct arch_regs *regs);
uint64_t arch_regs_fp(const struct arch_regs *regs);
/* Length of the instruction at pc (x86: decoded for the few cases tests need; arm: 4). */
unsigned arch_insn_len(uint64_t pc);

/*
 * Resume a fault taken on the first instruction of a called function as if
 * that function had returned (x86: pop the return address; arm: pc = lr).
 */
void arch_fault_return_to_caller(struct fault_info *fi);

/*
 * Probes: one access at a pc listed in the arch fixup table (arch asm). A
 * fault there resumes at its fixup, and the probe returns -EFAULT.
 */
int probe_read64(const volatile uint64_t *addr, uint64_t *val);
int probe_write64(volatile uint64_t *addr, uint64_t val);
/* Fixup address for a faulting pc inside a probe, or 0. */
uint64_t arch_fault_fixup(uint64_t pc);

/* Print a frame-pointer backtrace from fp, bounded and range-checked. */
void backtrace_print(uint64_t pc, uint64_t fp);

#endif
