// SPDX-License-Identifier: MIT
/*
 * Trap dispatch from vectors.S: exceptions 0-31 become struct fault_info
 * for fault_dispatch() (classes per Intel SDM Vol. 3A, table 6-1), other
 * vectors are interrupts: the LAPIC timer, the spurious vector, the rest
 * through irq_dispatch().
 */
#include <arch/regs.h>
#include <vmplat/fault.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/timer.h>

#include "x86_64.h"

void x86_trap_entry(struct arch_regs *r);

enum {
	VEC_DE = 0,
	VEC_DB = 1,
	VEC_BP = 3,
	VEC_UD = 6,
	VEC_TS = 10,
	VEC_NP = 11,
	VEC_SS = 12,
	VEC_GP = 13,
	VEC_PF = 14,
	VEC_AC = 17,
	VEC_EXC_END = 32,
};

#define PF_ERR_WRITE BIT(1)
#define PF_ERR_FETCH BIT(4) /* I/D: instruction fetch (SDM 4.7) */

static enum fault_class fault_class_of(unsigned vec, uint64_t err)
{
	switch (vec) {
	case VEC_PF:
		return (err & PF_ERR_FETCH) ? FAULT_INSN_ABORT : FAULT_DATA_ABORT;
	case VEC_UD:
		return FAULT_UNDEF;
	case VEC_AC:
		return FAULT_ALIGNMENT;
	case VEC_GP:
	case VEC_SS:
	case VEC_NP:
	case VEC_TS:
		return FAULT_GP;
	case VEC_DE:
		return FAULT_DIVIDE;
	case VEC_BP:
	case VEC_DB:
		return FAULT_BREAKPOINT;
	default:
		return FAULT_OTHER;
	}
}

static void exception(struct arch_regs *r)
{
	unsigned vec = (unsigned)r->vector;
	struct fault_info fi = {
		.cls = fault_class_of(vec, r->error),
		.pc = r->rip,
		.syndrome = r->error,
		.vector = vec,
		.regs = r,
	};

	if (vec == VEC_PF) {
		fi.addr = r->cr2;
		fi.addr_valid = true;
		fi.write = r->error & PF_ERR_WRITE;
	}
	/* Returns only when a handler or a probe fixup (arch_fault_fixup) recovered. */
	fault_dispatch(&fi);
	r->rip = fi.pc;
}

void x86_trap_entry(struct arch_regs *r)
{
	unsigned vec = (unsigned)r->vector;

	if (vec < VEC_EXC_END) {
		exception(r);
		return;
	}
	if (vec == X86_VEC_SPURIOUS)
		return; /* no EOI for the spurious vector (SDM 10.9) */
	if (vec == X86_VEC_TIMER)
		timer_irq();
	else if (vec == X86_VEC_WAKE)
		; /* arch_cpu_wake_all: waking from hlt was the point */
	else if (vec == X86_VEC_TLB)
		x86_tlb_ipi();
	else if (!irq_dispatch(vec))
		log_warn("irq: unexpected vector %u on cpu %u", vec, arch_this_cpu());
	x86_lapic_eoi();
}

uint64_t arch_fault_fixup(uint64_t pc)
{
	for (const uint64_t *e = x86_fixup_table; e < x86_fixup_table_end; e += 2)
		if (e[0] == pc)
			return e[1];
	return 0;
}

void arch_fault_return_to_caller(struct fault_info *fi)
{
	struct arch_regs *r = fi->regs;

	/* At a function's first instruction [rsp] is the return address. */
	fi->pc = *(const uint64_t *)(uintptr_t)r->rsp;
	r->rsp += 8;
}

uint64_t arch_regs_fp(const struct arch_regs *regs)
{
	return regs->rbp;
}

void arch_dump_regs(const struct arch_regs *r)
{
	console_printf("rip %016llx rsp %016llx rflags %08llx cs %llx ss %llx\n",
		       (unsigned long long)r->rip, (unsigned long long)r->rsp,
		       (unsigned long long)r->rflags, (unsigned long long)r->cs,
		       (unsigned long long)r->ss);
	console_printf("rax %016llx rbx %016llx rcx %016llx rdx %016llx\n",
		       (unsigned long long)r->rax, (unsigned long long)r->rbx,
		       (unsigned long long)r->rcx, (unsigned long long)r->rdx);
	console_printf("rsi %016llx rdi %016llx rbp %016llx r8  %016llx\n",
		       (unsigned long long)r->rsi, (unsigned long long)r->rdi,
		       (unsigned long long)r->rbp, (unsigned long long)r->r8);
	console_printf("r9  %016llx r10 %016llx r11 %016llx r12 %016llx\n",
		       (unsigned long long)r->r9, (unsigned long long)r->r10,
		       (unsigned long long)r->r11, (unsigned long long)r->r12);
	console_printf("r13 %016llx r14 %016llx r15 %016llx cr2 %016llx\n",
		       (unsigned long long)r->r13, (unsigned long long)r->r14,
		       (unsigned long long)r->r15, (unsigned long long)r->cr2);
	console_printf("vector %llu error %#llx cr3 %016llx\n", (unsigned long long)r->vector,
		       (unsigned long long)r->error, (unsigned long long)read_cr3());
}
