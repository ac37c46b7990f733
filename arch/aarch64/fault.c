// SPDX-License-Identifier: MIT
/*
 * Exception decoding: ESR_ELx (Arm ARM D17.2.40 ESR_EL2, EC values
 * listed there) into struct fault_info for fault_dispatch(), IRQs to
 * the GIC, the probe fixup table, and DAIF interrupt masking.
 */
#include <arch/early.h>
#include <arch/regs.h>
#include <arch/sysreg.h>
#include <vmplat/fault.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/power.h>

_Static_assert(offsetof(struct arch_regs, sp) == REGS_SP, "regs");
_Static_assert(offsetof(struct arch_regs, pc) == REGS_PC, "regs");
_Static_assert(offsetof(struct arch_regs, esr) == REGS_ESR, "regs");
_Static_assert(offsetof(struct arch_regs, el) == REGS_EL, "regs");
_Static_assert(offsetof(struct arch_regs, fpcr) == REGS_FPCR, "regs");
_Static_assert(offsetof(struct arch_regs, q) == REGS_Q0, "regs");
_Static_assert(sizeof(struct arch_regs) == REGS_SIZE, "regs");

#define ESR_EC(esr)	(((esr) >> 26) & 0x3f)
#define ESR_ISS_WNR	(1u << 6)  /* data abort: write not read */
#define ESR_ISS_FNV	(1u << 10) /* FAR not valid */
#define ESR_ISS_DFSC(e) ((e)&0x3f)
#define DFSC_ALIGNMENT	0x21

enum esr_ec {
	EC_UNKNOWN = 0x00,
	EC_SVC64 = 0x15,
	EC_HVC64 = 0x16,
	EC_SMC64 = 0x17,
	EC_IABT_LOW = 0x20,
	EC_IABT_CUR = 0x21,
	EC_PC_ALIGN = 0x22,
	EC_DABT_LOW = 0x24,
	EC_DABT_CUR = 0x25,
	EC_SP_ALIGN = 0x26,
	EC_BRK64 = 0x3c,
};

enum { KIND_SYNC, KIND_IRQ, KIND_FIQ, KIND_SERROR, KIND_BADSP };

static enum fault_class esr_class(uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case EC_UNKNOWN:
		return FAULT_UNDEF;
	case EC_SVC64:
	case EC_HVC64:
	case EC_SMC64:
		return FAULT_SYSCALL;
	case EC_IABT_LOW:
	case EC_IABT_CUR:
		return FAULT_INSN_ABORT;
	case EC_PC_ALIGN:
	case EC_SP_ALIGN:
		return FAULT_ALIGNMENT;
	case EC_DABT_LOW:
	case EC_DABT_CUR:
		return ESR_ISS_DFSC(esr) == DFSC_ALIGNMENT ? FAULT_ALIGNMENT : FAULT_DATA_ABORT;
	case EC_BRK64:
		return FAULT_BREAKPOINT;
	default:
		return FAULT_OTHER;
	}
}

static void sync_exception(struct arch_regs *regs)
{
	struct fault_info fi = {
		.cls = esr_class(regs->esr),
		.pc = regs->pc,
		.syndrome = regs->esr,
		.vector = (unsigned)ESR_EC(regs->esr),
		.regs = regs,
	};
	unsigned ec = fi.vector;

	if (ec == EC_DABT_LOW || ec == EC_DABT_CUR || ec == EC_IABT_LOW || ec == EC_IABT_CUR ||
	    ec == EC_PC_ALIGN) {
		fi.addr = regs->far;
		fi.addr_valid = !(regs->esr & ESR_ISS_FNV);
		fi.write = (ec == EC_DABT_LOW || ec == EC_DABT_CUR) && (regs->esr & ESR_ISS_WNR);
	}
	fault_dispatch(&fi); /* returns only when handled */
	regs->pc = fi.pc;
}

void arch_exception(struct arch_regs *regs, uint64_t kind)
{
	switch (kind) {
	case KIND_SYNC:
		sync_exception(regs);
		return;
	case KIND_IRQ:
		irqchip_handle_irq();
		return;
	default:
		/* FIQ (Group 0), SError, or an exception on SP_EL0: nothing can recover these. */
		log_err("aarch64: unexpected %s exception at pc %#llx, ESR %#llx",
			kind == KIND_FIQ    ? "FIQ" :
			kind == KIND_SERROR ? "SError" :
					      "SP_EL0",
			(unsigned long long)regs->pc, (unsigned long long)regs->esr);
		arch_dump_regs(regs);
		platform_exit(1);
	}
}

void arch_dump_regs(const struct arch_regs *r)
{
	for (unsigned i = 0; i < 30; i += 2)
		console_printf("  x%-2u %016llx  x%-2u %016llx\n", i, (unsigned long long)r->x[i],
			       i + 1, (unsigned long long)r->x[i + 1]);
	console_printf("  lr  %016llx  sp  %016llx\n", (unsigned long long)r->x[30],
		       (unsigned long long)r->sp);
	console_printf("  pc  %016llx  spsr %08llx  EL%llu\n", (unsigned long long)r->pc,
		       (unsigned long long)r->spsr, (unsigned long long)r->el);
	console_printf("  esr %016llx  far %016llx  (EC %#llx)\n", (unsigned long long)r->esr,
		       (unsigned long long)r->far, (unsigned long long)ESR_EC(r->esr));
}

uint64_t arch_regs_fp(const struct arch_regs *regs)
{
	return regs->x[29];
}

unsigned arch_insn_len(uint64_t pc)
{
	(void)pc;
	return 4; /* A64: fixed-length instructions */
}

void arch_fault_return_to_caller(struct fault_info *fi)
{
	fi->pc = fi->regs->x[30];
}

struct fixup_entry {
	int32_t insn, fix; /* pc-relative to each field (probe.S) */
};

uint64_t arch_fault_fixup(uint64_t pc)
{
	extern const struct fixup_entry __start_arch_fixup[], __stop_arch_fixup[];

	for (const struct fixup_entry *e = __start_arch_fixup; e < __stop_arch_fixup; e++) {
		if ((uint64_t)(uintptr_t)&e->insn + (int64_t)e->insn == pc)
			return (uint64_t)(uintptr_t)&e->fix + (int64_t)e->fix;
	}
	return 0;
}

/* ---- interrupt masking: PSTATE.I through DAIFSet/DAIFClr (C5.2.3) ---- */
#define DAIF_I (1u << 7)

void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

void arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

unsigned long arch_irq_save(void)
{
	unsigned long flags = read_sysreg(daif);

	arch_irq_disable();
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	if (!(flags & DAIF_I))
		arch_irq_enable();
}
