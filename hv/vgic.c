// SPDX-License-Identifier: MIT
/*
 * Virtual GICv3 interrupt state (IHI 0069H): one struct hv_virq per INTID,
 * SGIs/PPIs per vCPU (the redistributor's), SPIs in the distributor with
 * affinity routing (GICD_IROUTER, 12.9.22). The arch code moves pending
 * interrupts into ICH_LR<n>_EL2 list registers (ch. 11) in the order
 * hv_vgic_pick gives. Portable: host-tested.
 */
#include "hv_priv.h"

#define GICD_CTLR_ENABLE_G1 BIT(1)
#define SGI1R_TARGETS	    GENMASK_ULL(15, 0)
#define SGI1R_AFF1	    GENMASK_ULL(23, 16)
#define SGI1R_INTID	    GENMASK_ULL(27, 24)
#define SGI1R_AFF2	    GENMASK_ULL(39, 32)
#define SGI1R_IRM	    BIT_ULL(40)
#define SGI1R_AFF3	    GENMASK_ULL(55, 48)

struct hv_virq *hv_vgic_irq(struct hv_vm *vm, struct hv_vcpu *v, unsigned intid)
{
	if (intid < 32)
		return v ? &v->priv[intid] : NULL;
	if (intid < HV_VGIC_NR)
		return &vm->gicd.spi[intid - 32];
	return NULL;
}

void hv_vgic_init(struct hv_vm *vm)
{
	vm->gicd.ctlr = 0;
	for (unsigned i = 0; i < HV_VGIC_NSPI; i++)
		vm->gicd.spi[i] = (struct hv_virq){ .prio = 0, .flags = 0, .route = 0 };
	for (unsigned c = 0; c < vm->nvcpus; c++) {
		struct hv_vcpu *v = &vm->vcpu[c];

		for (unsigned i = 0; i < 32; i++)
			/* SGIs are edge-triggered (12.11.9 GICR_ICFGR0 reads 0xaaaaaaaa). */
			v->priv[i] = (struct hv_virq){ .flags = i < 16 ? VIRQ_EDGE : 0 };
		v->waker = BIT(1) | BIT(2); /* ProcessorSleep, ChildrenAsleep at reset */
		for (unsigned i = 0; i < ARRAY_SIZE(v->lr_intid); i++)
			v->lr_intid[i] = ~0u;
	}
}

static struct hv_vcpu *spi_target(struct hv_vm *vm, const struct hv_virq *q)
{
	return hv_vcpu_by_mpidr(vm, q->route);
}

struct hv_vcpu *hv_vgic_set_pending(struct hv_vm *vm, struct hv_vcpu *v, unsigned intid)
{
	struct hv_virq *q = hv_vgic_irq(vm, v, intid);
	struct hv_vcpu *t = intid < 32 ? v : NULL;

	if (!q)
		return NULL;
	spin_lock(&vm->lock);
	q->flags |= VIRQ_PENDING;
	if (intid >= 32)
		t = spi_target(vm, q);
	spin_unlock(&vm->lock);
	return t;
}

static bool deliverable(const struct hv_virq *q)
{
	return (q->flags & (VIRQ_ENABLED | VIRQ_PENDING | VIRQ_QUEUED)) ==
	       (VIRQ_ENABLED | VIRQ_PENDING);
}

int hv_vgic_pick(struct hv_vm *vm, struct hv_vcpu *v)
{
	int best = -1;
	unsigned best_prio = 0x100;

	if (!(vm->gicd.ctlr & GICD_CTLR_ENABLE_G1))
		return -1;
	spin_lock(&vm->lock);
	for (unsigned i = 0; i < HV_VGIC_NR; i++) {
		const struct hv_virq *q = hv_vgic_irq(vm, v, i);

		if (!deliverable(q) || q->prio >= best_prio)
			continue;
		if (i >= 32 && spi_target(vm, q) != v)
			continue;
		best = (int)i;
		best_prio = q->prio;
	}
	spin_unlock(&vm->lock);
	return best;
}

/*
 * ICC_SGI1R_EL1 (12.2.23): IRM = 1 targets every other PE; otherwise
 * TargetList bits select Aff0 values 0-15 within Aff3.Aff2.Aff1.
 */
void hv_vgic_sgi(struct hv_vm *vm, struct hv_vcpu *src, uint64_t sgi1r, uint32_t *kicked)
{
	unsigned intid = (unsigned)FIELD_GET(SGI1R_INTID, sgi1r);
	uint64_t aff = FIELD_GET(SGI1R_AFF1, sgi1r) << 8 | FIELD_GET(SGI1R_AFF2, sgi1r) << 16 |
		       FIELD_GET(SGI1R_AFF3, sgi1r) << 32;

	*kicked = 0;
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		struct hv_vcpu *t = &vm->vcpu[i];
		uint64_t a = t->mpidr & 0xff00ffffffULL;

		if (sgi1r & SGI1R_IRM) {
			if (t == src)
				continue;
		} else if ((a & ~0xffULL) != aff || (a & 0xff) > 15 ||
			   !(FIELD_GET(SGI1R_TARGETS, sgi1r) & BIT(a & 0xff))) {
			continue;
		}
		hv_vgic_set_pending(vm, t, intid);
		*kicked |= BIT(i);
	}
}
