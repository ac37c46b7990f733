// SPDX-License-Identifier: MIT
/*
 * The guest's interrupts through the GICv3 virtual CPU interface (IHI 0069H
 * ch. 11): pending virtual INTIDs go into ICH_LR<n>_EL2 (12.4.8) as Group 1
 * pending entries; an empty LR (ICH_ELRSR_EL2) means the guest acknowledged
 * and deactivated it. More pending than free LRs sets ICH_HCR_EL2.UIE so
 * the maintenance interrupt (PPI 25) brings the vCPU out to refill.
 * The virtual timer: its physical PPI 27 exits the guest; the handler
 * disables the PPI at this CPU's redistributor (not CNTV_CTL, which is the
 * guest's) and makes virtual INTID 27 pending; the PPI is enabled again once
 * the guest has deactivated the virtual one.
 */
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include "../../../hv/passthrough.h"
#include "hv_arch.h"

struct hv_vcpu *hv_pcpu_vcpu[MAX_CPUS];
static unsigned nlrs;

#define LR_CASE(n, reg)                           \
	case n:                                   \
		if (write)                        \
			write_sysreg_s(reg, val); \
		else                              \
			val = read_sysreg_s(reg); \
		break;

static uint64_t lr_access(unsigned n, bool write, uint64_t val)
{
	switch (n) {
		LR_CASE(0, "S3_4_C12_C12_0")
		LR_CASE(1, "S3_4_C12_C12_1")
		LR_CASE(2, "S3_4_C12_C12_2")
		LR_CASE(3, "S3_4_C12_C12_3")
		LR_CASE(4, "S3_4_C12_C12_4")
		LR_CASE(5, "S3_4_C12_C12_5")
		LR_CASE(6, "S3_4_C12_C12_6")
		LR_CASE(7, "S3_4_C12_C12_7")
		LR_CASE(8, "S3_4_C12_C13_0")
		LR_CASE(9, "S3_4_C12_C13_1")
		LR_CASE(10, "S3_4_C12_C13_2")
		LR_CASE(11, "S3_4_C12_C13_3")
		LR_CASE(12, "S3_4_C12_C13_4")
		LR_CASE(13, "S3_4_C12_C13_5")
		LR_CASE(14, "S3_4_C12_C13_6")
		LR_CASE(15, "S3_4_C12_C13_7")
	default:
		break;
	}
	return val;
}

static void ppi_enable(unsigned intid, bool on)
{
	gicv3_set_ppi_enabled(arch_this_cpu(), intid, on);
}

static void vtimer_irq(unsigned irq, void *arg)
{
	struct hv_vcpu *v = hv_pcpu_vcpu[arch_this_cpu()];

	(void)arg;
	ppi_enable(irq, false); /* stays off until the guest is done with it */
	if (!v)
		return;
	v->vtimer_masked = true;
	v->stats.vtimer_ticks++;
	hv_vgic_set_pending(v->vm, v, HV_VTIMER_INTID);
}

/* UIE fired: the guest exits on the interrupt itself; just drop the line. */
static void maint_irq(unsigned irq, void *arg)
{
	(void)irq;
	(void)arg;
	write_sysreg_s(ICH_HCR_EL2, read_sysreg_s(ICH_HCR_EL2) & ~ICH_HCR_UIE);
	isb();
}

int hv_vgic_arch_init(void)
{
	static bool done;
	int rc;

	if (done)
		return 0;
	nlrs = MIN((unsigned)(read_sysreg_s(ICH_VTR_EL2) & 0x1f) + 1, 16u);
	rc = irq_register(HV_VTIMER_INTID, vtimer_irq, NULL);
	if (!rc)
		rc = irq_register(HV_MAINT_INTID, maint_irq, NULL);
	if (rc) {
		log_err("hv: cannot register the vtimer / maintenance interrupts (%d)", rc);
		return rc;
	}
	done = true;
	return 0;
}

void hv_vgic_cpu_load(struct hv_vcpu *v)
{
	for (unsigned n = 0; n < nlrs; n++)
		lr_access(n, true, 0);
	write_sysreg_s(ICH_AP0R0_EL2, 0);
	write_sysreg_s(ICH_AP1R0_EL2, 0);
	write_sysreg_s(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
	v->vtimer_masked = false;
	ppi_enable(HV_VTIMER_INTID, true);
	ppi_enable(HV_MAINT_INTID, true);
}

void hv_vgic_cpu_put(struct hv_vcpu *v)
{
	(void)v;
	ppi_enable(HV_VTIMER_INTID, false);
	ppi_enable(HV_MAINT_INTID, false);
	for (unsigned n = 0; n < nlrs; n++)
		lr_access(n, true, 0);
	write_sysreg_s(ICH_HCR_EL2, 0);
	isb();
}

void hv_vgic_sync(struct hv_vcpu *v)
{
	uint64_t empty = read_sysreg_s(ICH_ELRSR_EL2);

	for (unsigned n = 0; n < nlrs; n++) {
		struct hv_virq *q;

		if (v->lr_intid[n] == ~0u || !(empty & BIT(n)))
			continue;
		q = hv_vgic_irq(v->vm, v, v->lr_intid[n]);
		spin_lock(&v->vm->lock);
		q->flags &= ~VIRQ_QUEUED;
		spin_unlock(&v->vm->lock);
		v->lr_intid[n] = ~0u;
	}
	if (v->vtimer_masked && !(v->priv[HV_VTIMER_INTID].flags & (VIRQ_QUEUED | VIRQ_PENDING))) {
		v->vtimer_masked = false;
		ppi_enable(HV_VTIMER_INTID, true);
	}
	hv_intx_sync(v); /* passthrough INTx: the same for assigned devices' SPIs */
}

void hv_vgic_flush(struct hv_vcpu *v)
{
	uint64_t hcr = ICH_HCR_EN;

	for (unsigned n = 0; n < nlrs; n++) {
		struct hv_virq *q;
		int intid;

		if (v->lr_intid[n] != ~0u)
			continue;
		intid = hv_vgic_pick(v->vm, v);
		if (intid < 0)
			break;
		q = hv_vgic_irq(v->vm, v, (unsigned)intid);
		spin_lock(&v->vm->lock);
		q->flags = (q->flags & ~VIRQ_PENDING) | VIRQ_QUEUED;
		spin_unlock(&v->vm->lock);
		v->lr_intid[n] = (unsigned)intid;
		lr_access(n, true,
			  FIELD_PREP(ICH_LR_STATE, ICH_LR_PEND) | ICH_LR_GROUP1 |
				  FIELD_PREP(ICH_LR_PRIO, q->prio) |
				  FIELD_PREP(ICH_LR_VINTID, intid));
		v->stats.virqs++;
	}
	if (hv_vgic_pick(v->vm, v) >= 0)
		hcr |= ICH_HCR_UIE; /* more waiting than LRs: exit when they drain */
	write_sysreg_s(ICH_HCR_EL2, hcr);
	isb();
}

/* Something for the guest to take: ends a trapped WFI. */
bool hv_vgic_has_pending(struct hv_vcpu *v)
{
	for (unsigned n = 0; n < nlrs; n++) {
		if (v->lr_intid[n] != ~0u &&
		    FIELD_GET(ICH_LR_STATE, lr_access(n, false, 0)) == ICH_LR_PEND)
			return true;
	}
	return hv_vgic_pick(v->vm, v) >= 0;
}

/* A parked vCPU's list registers and active priorities, for a snapshot (IHI 0069H 12.4). */
void hv_vgic_lr_save(struct hv_vcpu *v)
{
	for (unsigned n = 0; n < ARRAY_SIZE(v->lr_save); n++)
		v->lr_save[n] = n < nlrs ? lr_access(n, false, 0) : 0;
	v->ap1r0_save = read_sysreg_s(ICH_AP1R0_EL2);
}

/* A restored vCPU: saved LRs back in place; lr_intid says which INTIDs they hold. */
void hv_vgic_lr_load(struct hv_vcpu *v)
{
	for (unsigned n = 0; n < nlrs; n++) {
		lr_access(n, true, v->lr_save[n]);
		v->lr_intid[n] = FIELD_GET(ICH_LR_STATE, v->lr_save[n]) ?
					 (uint32_t)FIELD_GET(ICH_LR_VINTID, v->lr_save[n]) :
					 ~0u;
	}
	write_sysreg_s(ICH_AP1R0_EL2, v->ap1r0_save);
	isb();
	v->lr_load = false;
}
