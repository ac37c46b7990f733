// SPDX-License-Identifier: MIT
/*
 * EL1 system registers of a vCPU (Arm ARM D17.2), its virtual timer
 * (CNTV_CTL/CVAL, CNTVOFF_EL2: D11.2.4) and GIC virtual CPU interface state
 * (ICH_VMCR_EL2). Loaded when the vCPU thread starts on its CPU and saved
 * when it leaves: the vCPU is pinned, so nothing else uses these in between
 * (the hypervisor itself runs at EL2 and never touches EL1 state).
 */
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include "hv_arch.h"

#define SAVE(i, r) c->sys[i] = read_sysreg(r)
#define LOAD(i, r) write_sysreg(r, c->sys[i])

void hv_sysregs_save(struct hv_ctx *c)
{
	SAVE(HV_SCTLR_EL1, sctlr_el1);
	SAVE(HV_TTBR0_EL1, ttbr0_el1);
	SAVE(HV_TTBR1_EL1, ttbr1_el1);
	SAVE(HV_TCR_EL1, tcr_el1);
	SAVE(HV_MAIR_EL1, mair_el1);
	SAVE(HV_AMAIR_EL1, amair_el1);
	SAVE(HV_VBAR_EL1, vbar_el1);
	SAVE(HV_CONTEXTIDR_EL1, contextidr_el1);
	SAVE(HV_TPIDR_EL0, tpidr_el0);
	SAVE(HV_TPIDRRO_EL0, tpidrro_el0);
	SAVE(HV_TPIDR_EL1, tpidr_el1);
	SAVE(HV_ESR_EL1, esr_el1);
	SAVE(HV_FAR_EL1, far_el1);
	SAVE(HV_AFSR0_EL1, afsr0_el1);
	SAVE(HV_AFSR1_EL1, afsr1_el1);
	SAVE(HV_PAR_EL1, par_el1);
	SAVE(HV_SP_EL0, sp_el0);
	SAVE(HV_SP_EL1, sp_el1);
	SAVE(HV_ELR_EL1, elr_el1);
	SAVE(HV_SPSR_EL1, spsr_el1);
	SAVE(HV_CPACR_EL1, cpacr_el1);
	SAVE(HV_CNTKCTL_EL1, cntkctl_el1);
	SAVE(HV_CSSELR_EL1, csselr_el1);
	SAVE(HV_MDSCR_EL1, mdscr_el1);
	SAVE(HV_CNTV_CTL_EL0, cntv_ctl_el0);
	SAVE(HV_CNTV_CVAL_EL0, cntv_cval_el0);
	SAVE(HV_CNTVOFF_EL2, cntvoff_el2);
	c->sys[HV_ICH_VMCR_EL2] = read_sysreg_s(ICH_VMCR_EL2);
	/* The timer must not fire for a guest that is not loaded. */
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}

void hv_sysregs_restore(const struct hv_ctx *c)
{
	LOAD(HV_SCTLR_EL1, sctlr_el1);
	LOAD(HV_TTBR0_EL1, ttbr0_el1);
	LOAD(HV_TTBR1_EL1, ttbr1_el1);
	LOAD(HV_TCR_EL1, tcr_el1);
	LOAD(HV_MAIR_EL1, mair_el1);
	LOAD(HV_AMAIR_EL1, amair_el1);
	LOAD(HV_VBAR_EL1, vbar_el1);
	LOAD(HV_CONTEXTIDR_EL1, contextidr_el1);
	LOAD(HV_TPIDR_EL0, tpidr_el0);
	LOAD(HV_TPIDRRO_EL0, tpidrro_el0);
	LOAD(HV_TPIDR_EL1, tpidr_el1);
	LOAD(HV_ESR_EL1, esr_el1);
	LOAD(HV_FAR_EL1, far_el1);
	LOAD(HV_AFSR0_EL1, afsr0_el1);
	LOAD(HV_AFSR1_EL1, afsr1_el1);
	LOAD(HV_PAR_EL1, par_el1);
	LOAD(HV_SP_EL0, sp_el0);
	LOAD(HV_SP_EL1, sp_el1);
	LOAD(HV_ELR_EL1, elr_el1);
	LOAD(HV_SPSR_EL1, spsr_el1);
	LOAD(HV_CPACR_EL1, cpacr_el1);
	LOAD(HV_CNTKCTL_EL1, cntkctl_el1);
	LOAD(HV_CSSELR_EL1, csselr_el1);
	LOAD(HV_MDSCR_EL1, mdscr_el1);
	/* The guest's virtual-count offset (a restored snapshot's): the host's own
	 * timestamps read CNTPCT at EL2, so nothing else depends on it. */
	LOAD(HV_CNTVOFF_EL2, cntvoff_el2);
	LOAD(HV_CNTV_CVAL_EL0, cntv_cval_el0);
	LOAD(HV_CNTV_CTL_EL0, cntv_ctl_el0);
	write_sysreg_s(ICH_VMCR_EL2, c->sys[HV_ICH_VMCR_EL2]);
	isb();
}
