// SPDX-License-Identifier: MIT
/*
 * The vCPU thread on its physical CPU: load the vCPU (HCR_EL2, stage 2,
 * VMPIDR, EL1 registers, vGIC), then enter the guest until the VM stops,
 * handling each exit by its ESR_EL2 class (Arm ARM D17.2.40): WFI/WFE,
 * HVC/SMC as PSCI, stage-2 data aborts (emulated MMIO or an abort injected
 * into the guest), ICC_SGI1R_EL1 writes, physical interrupts. Host
 * interrupts are masked at EL2 except in short windows between entries.
 */
#include <errno.h>
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>
#include "hv_arch.h"

_Static_assert(offsetof(struct hv_ctx, pc) == HV_CTX_PC, "hv_ctx");
_Static_assert(offsetof(struct hv_ctx, fpsr) == HV_CTX_FPSR, "hv_ctx");
_Static_assert(offsetof(struct hv_ctx, host_sp) == HV_CTX_HOSTSP, "hv_ctx");
_Static_assert(offsetof(struct hv_ctx, q) == HV_CTX_Q0, "hv_ctx");
_Static_assert(offsetof(struct hv_vcpu, ctx) == 0, "hv_vcpu");

enum { EXIT_SYNC, EXIT_IRQ, EXIT_FIQ, EXIT_SERROR, EXIT_AARCH32 };

#define HPFAR_FIPA	 GENMASK_ULL(43, 4)
#define ESR_WFX_TI	 BIT_ULL(0) /* 1: WFE */
#define ICC_SGI1R(s)	 HV_SYSREG_IS(s, 3, 0, 12, 11, 5)
#define HV_ABORT_REPORTS 16
/* MDCR_EL2 (D17.2.65): debug and PMU registers trap to EL2 (hidden), TDE off. */
#define MDCR_TPMCR	 BIT_ULL(5)
#define MDCR_TPM	 BIT_ULL(6)
#define MDCR_TDE	 BIT_ULL(8)
#define MDCR_TDA	 BIT_ULL(9)
#define MDCR_TDOSA	 BIT_ULL(10)
#define MDCR_TDRA	 BIT_ULL(11)
#define MDCR_GUEST_TRAPS (MDCR_TPMCR | MDCR_TPM | MDCR_TDA | MDCR_TDOSA | MDCR_TDRA)

/* Let pending host interrupts in (the GIC handler, SGIs, the vtimer PPI). */
static void host_irq_window(void)
{
	arch_irq_enable();
	isb();
	arch_irq_disable();
}

static bool vcpu_should_run(const struct hv_vcpu *v)
{
	return v->vm->state == HV_VM_RUNNING && v->power == HV_CPU_ON;
}

/* Wait for a kick or an interrupt: WFI with IRQs masked still wakes on one. */
static void idle_once(struct hv_vcpu *v)
{
	if (!v->kick)
		__asm__ volatile("dsb sy; wfi" ::: "memory");
	v->kick = false;
	host_irq_window();
}

/* A guest that keeps faulting must not flood the console: report the first few. */
static bool report(struct hv_vcpu *v)
{
	if (v->logged < HV_ABORT_REPORTS)
		return ++v->logged, true;
	if (v->logged++ == HV_ABORT_REPORTS)
		log_warn("hv: %s vCPU %u: further aborts are counted, not reported", v->vm->name,
			 v->id);
	return false;
}

static void inject(struct hv_vcpu *v, unsigned kind, uint64_t far)
{
	struct hv_inject in;

	hv_inject_compute(v->ctx.pc, v->ctx.pstate, read_sysreg(vbar_el1), kind, far, &in);
	write_sysreg(elr_el1, in.elr);
	write_sysreg(spsr_el1, in.spsr);
	write_sysreg(esr_el1, in.esr);
	write_sysreg(far_el1, in.far);
	v->ctx.pc = in.pc;
	v->ctx.pstate = in.pstate;
	v->stats.aborts_injected++;
}

static void do_psci(struct hv_vcpu *v)
{
	struct hv_vcpu *t;

	switch (hv_psci_call(v->vm, v, v->ctx.x, &t)) {
	case HV_PSCI_CPU_ON:
		hv_vcpu_kick(t);
		break;
	case HV_PSCI_SYSTEM_OFF:
		log_info("hv: %s: PSCI SYSTEM_OFF from vCPU %u", v->vm->name, v->id);
		hv_vm_request_stop(v->vm, HV_PSCI_SYSTEM_OFF);
		break;
	case HV_PSCI_SYSTEM_RESET: /* no reboot yet: the VM stops, the reason says why */
		log_info("hv: %s: PSCI SYSTEM_RESET from vCPU %u", v->vm->name, v->id);
		hv_vm_request_stop(v->vm, HV_PSCI_SYSTEM_RESET);
		break;
	default:
		break;
	}
}

static const struct hv_mmio_region *device_at(struct hv_vm *vm, uint64_t ipa)
{
	for (unsigned i = 0; i < vm->ndev; i++) {
		if (ipa >= vm->dev[i].base && ipa - vm->dev[i].base < vm->dev[i].size)
			return &vm->dev[i];
	}
	return NULL;
}

static void do_dabt(struct hv_vcpu *v, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2);
	uint64_t ipa = FIELD_GET(HPFAR_FIPA, read_sysreg(hpfar_el2)) << 12 | (far & 0xfff);
	const struct hv_mmio_region *d = device_at(v->vm, ipa);
	struct hv_mmio_access a;

	if (arch_hv_dirty_fault(v, ipa, esr))
		return; /* a write to RAM under dirty tracking: retry the instruction */
	if (!d) {
		if (report(v))
			log_warn(
				"hv: %s vCPU %u: %s at IPA %#llx (pc %#llx) is outside RAM and devices: "
				"abort injected",
				v->vm->name, v->id, (esr & DABT_WNR) ? "write" : "read",
				(unsigned long long)ipa, (unsigned long long)v->ctx.pc);
		v->stats.exits[HV_EXIT_ABORT]++;
		inject(v, EC_DABT_LOW, far);
		return;
	}
	v->stats.exits[HV_EXIT_MMIO]++;
	if (hv_dabt_decode(esr, ipa, &a)) {
		if (report(v))
			log_err("hv: %s vCPU %u: %s access at IPA %#llx (pc %#llx) without instruction "
				"syndrome (ESR_EL2.ISV = 0, Arm ARM D17.2.40): use single ldr/str on device "
				"registers; abort injected",
				v->vm->name, v->id, d->name, (unsigned long long)ipa,
				(unsigned long long)v->ctx.pc);
		inject(v, EC_DABT_LOW, far);
		return;
	}
	if (hv_mmio_dispatch(v, &a)) {
		inject(v, EC_DABT_LOW, far);
		return;
	}
	hv_skip_insn(&v->ctx.pc, &v->ctx.pstate, esr); /* a 16-bit T32 ldr/str is 2 bytes */
}

/* MDCR_EL2 traps (hv_sysreg_emul_kind): true when the access was emulated. */
static bool emulate_debug_pmu(struct hv_vcpu *v, const struct hv_sysreg_access *s)
{
	uint64_t val = 0;

	switch (hv_sysreg_emul_kind(s)) {
	case HV_SYSREG_MDSCR:
		if (s->read)
			val = read_sysreg(mdscr_el1);
		else
			write_sysreg(mdscr_el1, s->rt == 31 ? 0 : v->ctx.x[s->rt]);
		break;
	case HV_SYSREG_OSLSR:
		val = HV_OSLSR_UNLOCKED;
		break;
	case HV_SYSREG_RAZWI:
		break;
	default:
		return false;
	}
	if (s->read && s->rt != 31)
		v->ctx.x[s->rt] = val;
	return true;
}

static void do_sysreg(struct hv_vcpu *v, uint64_t esr)
{
	struct hv_sysreg_access s;
	uint32_t kicked;

	hv_sysreg_decode(esr, &s);
	if (ICC_SGI1R(&s) && !s.read) {
		hv_vgic_sgi(v->vm, v, s.rt == 31 ? 0 : v->ctx.x[s.rt], &kicked);
		for (unsigned i = 0; i < v->vm->nvcpus; i++) {
			if (kicked & BIT(i))
				hv_vcpu_kick(&v->vm->vcpu[i]);
		}
		v->ctx.pc += 4;
		return;
	}
	if (emulate_debug_pmu(v, &s)) {
		v->ctx.pc += 4;
		return;
	}
	log_warn("hv: %s vCPU %u: trapped sysreg op0=%u op1=%u CRn=%u CRm=%u op2=%u: undefined",
		 v->vm->name, v->id, s.op0, s.op1, s.crn, s.crm, s.op2);
	inject(v, EC_UNKNOWN, 0);
}

static void do_wfx(struct hv_vcpu *v, uint64_t esr)
{
	hv_skip_insn(&v->ctx.pc, &v->ctx.pstate, esr); /* WFI from T32 EL0 may be 16-bit */
	if (esr & ESR_WFX_TI) {
		cpu_relax();
		return;
	}
	while (vcpu_should_run(v) && !hv_vgic_has_pending(v))
		idle_once(v);
}

static void handle_sync(struct hv_vcpu *v)
{
	uint64_t esr = read_sysreg(esr_el2);
	unsigned ec = (unsigned)FIELD_GET(ESR_EC, esr);

	switch (ec) {
	case EC_WFX:
		v->stats.exits[HV_EXIT_WFX]++;
		do_wfx(v, esr);
		break;
	case EC_HVC64: /* ELR already points past the HVC */
		v->stats.exits[HV_EXIT_HVC]++;
		do_psci(v);
		break;
	case EC_SMC64: /* a trapped SMC returns to itself (D1.10.1): step over it */
		v->stats.exits[HV_EXIT_SMC]++;
		v->ctx.pc += 4;
		do_psci(v);
		break;
	case EC_DABT_LOW:
		do_dabt(v, esr);
		break;
	case EC_IABT_LOW:
		v->stats.exits[HV_EXIT_ABORT]++;
		if (report(v))
			log_warn(
				"hv: %s vCPU %u: instruction fetch at %#llx outside RAM: abort injected",
				v->vm->name, v->id, (unsigned long long)v->ctx.pc);
		inject(v, EC_IABT_LOW, read_sysreg(far_el2));
		break;
	case EC_SYS64:
		v->stats.exits[HV_EXIT_SYSREG]++;
		do_sysreg(v, esr);
		break;
	default:
		v->stats.exits[HV_EXIT_OTHER]++;
		log_err("hv: %s vCPU %u: unhandled exit, ESR_EL2 %#llx (EC %#x) at pc %#llx: "
			"undefined instruction injected",
			v->vm->name, v->id, (unsigned long long)esr, ec,
			(unsigned long long)v->ctx.pc);
		inject(v, EC_UNKNOWN, 0);
	}
}

static void run_once(struct hv_vcpu *v)
{
	uint64_t t0, kind;

	hv_vgic_flush(v);
	t0 = timestamp_ns();
	kind = hv_world_run(&v->ctx);
	v->stats.guest_ns += timestamp_ns() - t0;
	hv_vgic_sync(v);
	hv_vpl011_update_irq(v->vm, v); /* the UART line is a level: pend it again while high */
	switch (kind) {
	case EXIT_SYNC:
		handle_sync(v);
		break;
	case EXIT_IRQ:
		v->stats.exits[HV_EXIT_IRQ]++;
		host_irq_window();
		break;
	default:
		v->stats.exits[HV_EXIT_OTHER]++;
		log_err("hv: %s vCPU %u: %s from the guest at pc %#llx, ESR_EL2 %#llx: VM stopped",
			v->vm->name, v->id,
			kind == EXIT_FIQ    ? "FIQ" :
			kind == EXIT_SERROR ? "SError" :
					      "AArch32 exception",
			(unsigned long long)v->ctx.pc, (unsigned long long)read_sysreg(esr_el2));
		hv_vm_request_stop(v->vm, -EIO);
	}
}

static void vcpu_load(struct hv_vcpu *v)
{
	write_sysreg(vtcr_el2, v->vm->s2.vtcr);
	write_sysreg(vttbr_el2, v->vm->s2.vttbr);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vmpidr_el2, v->mpidr);
	isb();
	/* This VMID may have been another VM's: drop stale stage-1+2 entries here. */
	__asm__ volatile("tlbi vmalls12e1; dsb nsh; isb" ::: "memory");
	hv_sysregs_restore(&v->ctx);
	hv_vgic_cpu_load(v);
	if (v->lr_load) /* a restored vCPU: its list registers as they were saved */
		hv_vgic_lr_load(v);
	write_sysreg(hcr_el2, HCR_GUEST);
	isb();
}

static void vcpu_put(struct hv_vcpu *v, uint64_t host_hcr)
{
	hv_sysregs_save(&v->ctx);
	hv_vgic_cpu_put(v);
	write_sysreg(hcr_el2, host_hcr);
	write_sysreg(vttbr_el2, 0);
	isb();
}

/* Reset a vCPU that PSCI CPU_ON started (DEN0022D 6.4: MMU off, x0 = context). */
static void vcpu_power_on(struct hv_vcpu *v)
{
	hv_vcpu_reset(v, v->on_entry, v->on_context);
	hv_sysregs_restore(&v->ctx);
	v->power = HV_CPU_ON;
}

static void thread_exit(struct hv_vcpu *v)
{
	struct hv_vm *vm = v->vm;

	v->done = true;
	if (__atomic_sub_fetch(&vm->nthreads, 1, __ATOMIC_SEQ_CST))
		return;
	if (vm->on_stopped)
		vm->on_stopped(vm);
	store_release(&vm->state, HV_VM_STOPPED);
}

/* Paused: EL1 registers and list registers into memory, for a snapshot (hv_vm_pause_sync). */
static void vcpu_park(struct hv_vcpu *v)
{
	hv_sysregs_save(&v->ctx);
	hv_vgic_lr_save(v);
	store_release(&v->parked, true);
}

static void vcpu_unpark(struct hv_vcpu *v)
{
	hv_sysregs_restore(&v->ctx);
	/* Store before the next read of the VM state (hv_vm_pause_sync reads parked). */
	__atomic_store_n(&v->parked, false, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void arch_hv_vcpu_thread(void *arg)
{
	struct hv_vcpu *v = arg;
	unsigned cpu = arch_this_cpu();
	unsigned long flags = arch_irq_save();
	uint64_t host_hcr = read_sysreg(hcr_el2);
	uint64_t host_mdcr = read_sysreg(mdcr_el2);

	v->running = true;
	hv_pcpu_vcpu[cpu] = v;
	vcpu_load(v);
	write_sysreg(mdcr_el2, (host_mdcr & ~MDCR_TDE) | MDCR_GUEST_TRAPS);
	isb();
	for (;;) {
		enum hv_vm_state s = v->vm->state;

		if (s == HV_VM_STOPPING || s == HV_VM_STOPPED)
			break;
		if (v->parked && s != HV_VM_PAUSED)
			vcpu_unpark(v);
		if (v->power == HV_CPU_ON_PENDING)
			vcpu_power_on(v);
		if (vcpu_should_run(v))
			run_once(v);
		else if (s == HV_VM_PAUSED && !v->parked)
			vcpu_park(v);
		else
			idle_once(v);
	}
	if (v->parked)
		vcpu_unpark(v);
	vcpu_put(v, host_hcr);
	write_sysreg(mdcr_el2, host_mdcr);
	isb();
	hv_pcpu_vcpu[cpu] = NULL;
	v->running = false;
	arch_irq_restore(flags);
	thread_exit(v);
}

void arch_hv_kick_cpu(unsigned pcpu)
{
	(void)pcpu;
	arch_cpu_wake_all(); /* SEV + the wake SGI: a guest on pcpu exits on the IRQ */
}
