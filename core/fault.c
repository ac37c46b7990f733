// SPDX-License-Identifier: MIT
/*
 * Fault dispatch: registered handlers first, then probe fixups, then the
 * report of an unhandled fault (registers, address, backtrace) and a
 * power-off with a failure status. It never hangs.
 */
#include <errno.h>
#include <vmplat/fault.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/power.h>
#include <vmplat/smp.h>

#define FAULT_MAX_HANDLERS   4
#define BACKTRACE_MAX_FRAMES 32

static fault_handler_t handlers[FAULT_NCLASSES][FAULT_MAX_HANDLERS];
static volatile uint32_t fault_depth[MAX_CPUS];

static const char *const class_names[FAULT_NCLASSES] = {
	[FAULT_DATA_ABORT] = "data abort",
	[FAULT_INSN_ABORT] = "instruction abort",
	[FAULT_UNDEF] = "undefined instruction",
	[FAULT_ALIGNMENT] = "alignment",
	[FAULT_GP] = "general protection",
	[FAULT_DIVIDE] = "divide error",
	[FAULT_BREAKPOINT] = "breakpoint",
	[FAULT_SYSCALL] = "system call",
	[FAULT_OTHER] = "exception",
};

const char *fault_class_name(enum fault_class cls)
{
	return cls < FAULT_NCLASSES ? class_names[cls] : "?";
}

int fault_register(enum fault_class cls, fault_handler_t fn)
{
	if (cls >= FAULT_NCLASSES || !fn)
		return -EINVAL;
	for (unsigned i = 0; i < FAULT_MAX_HANDLERS; i++) {
		fault_handler_t none = NULL;

		if (__atomic_compare_exchange_n(&handlers[cls][i], &none, fn, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return 0;
	}
	return -ENOSPC;
}

int fault_unregister(enum fault_class cls, fault_handler_t fn)
{
	if (cls >= FAULT_NCLASSES)
		return -EINVAL;
	for (unsigned i = 0; i < FAULT_MAX_HANDLERS; i++) {
		fault_handler_t want = fn;

		if (__atomic_compare_exchange_n(&handlers[cls][i], &want, NULL, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return 0;
	}
	return -ENOENT;
}

/* Lowest address of the loaded image: offsets from it are link addresses (base 0). */
static uint64_t image_base(void)
{
	struct image_section sec[8];
	unsigned n = arch_image_sections(sec, ARRAY_SIZE(sec));
	uint64_t base = ~0ULL;

	for (unsigned i = 0; i < n; i++)
		base = MIN(base, sec[i].start);
	return n ? base : 0;
}

static void frame_print(unsigned i, uint64_t addr, uint64_t base)
{
	console_printf("  #%-2u %#018llx (vmplat+%#llx)\n", i, (unsigned long long)addr,
		       (unsigned long long)(addr - base));
}

void backtrace_print(uint64_t pc, uint64_t fp)
{
	uint64_t base = image_base();

	console_printf("backtrace (addr2line -e build/<arch>/vmplat.{elf,so} <vmplat+offset>):\n");
	frame_print(0, pc, base);
	/* Frame records are {previous fp, return address} on both arches. */
	for (unsigned i = 1; i < BACKTRACE_MAX_FRAMES && fp; i++) {
		uint64_t next, ret;

		if (!IS_ALIGNED(fp, 8) || probe_read64((const uint64_t *)(uintptr_t)fp, &next) ||
		    probe_read64((const uint64_t *)(uintptr_t)(fp + 8), &ret))
			break;
		if (!ret)
			break;
		frame_print(i, ret, base);
		if (next <= fp)
			break;
		fp = next;
	}
}

static __noreturn void fault_report(struct fault_info *fi)
{
	arch_irq_disable();
	console_printf("\n*** unhandled %s on cpu %u at pc %#llx", fault_class_name(fi->cls),
		       smp_this_cpu(), (unsigned long long)fi->pc);
	if (fi->addr_valid)
		console_printf(", %s address %#llx", fi->write ? "write" : "read",
			       (unsigned long long)fi->addr);
	console_printf(" (vector %u, syndrome %#llx)\n", fi->vector,
		       (unsigned long long)fi->syndrome);
	if (fi->regs) {
		arch_dump_regs(fi->regs);
		backtrace_print(fi->pc, arch_regs_fp(fi->regs));
	}
	platform_exit(2);
}

void fault_dispatch(struct fault_info *fi)
{
	unsigned cpu = smp_this_cpu() % MAX_CPUS;
	uint64_t fixup;

	/* A fault inside the fault path: report without running handlers again. */
	if (fault_depth[cpu]++ > 1)
		fault_report(fi);
	for (unsigned i = 0; fi->cls < FAULT_NCLASSES && i < FAULT_MAX_HANDLERS; i++) {
		fault_handler_t fn = __atomic_load_n(&handlers[fi->cls][i], __ATOMIC_ACQUIRE);

		if (fn && fn(fi)) {
			fault_depth[cpu]--;
			return;
		}
	}
	fixup = arch_fault_fixup(fi->pc);
	if (fixup) {
		fi->pc = fixup;
		fault_depth[cpu]--;
		return;
	}
	fault_report(fi);
}
