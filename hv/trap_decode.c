// SPDX-License-Identifier: MIT
/*
 * Decoding what a guest trap left in ESR_EL2 (Arm ARM DDI 0487, D17.2.40):
 * data aborts on emulated MMIO (ISS encoding for EC 0x24), trapped system
 * registers (EC 0x18), and the exception the hypervisor injects back into
 * EL1 (vector offsets D1.10.2, SPSR/ELR per D1.10.1). Portable: host-tested.
 */
#include <errno.h>
#include "hv_priv.h"

#define SPSR_M	      GENMASK_ULL(3, 0)
#define SPSR_M_EL0T   0x0
#define SPSR_M_EL1T   0x4
#define SPSR_NRW      BIT_ULL(4) /* M[4]: taken from AArch32 (D1.10.1) */
#define SPSR_DAIF_ALL (0xfULL << 6)
#define SPSR_EL1H     0x5
#define VEC_CUR_SP0   0x000
#define VEC_CUR_SPX   0x200
#define VEC_LOWER_A64 0x400
#define VEC_LOWER_A32 0x600
#define SYS_OP0	      GENMASK_ULL(21, 20)
#define SYS_OP2	      GENMASK_ULL(19, 17)
#define SYS_OP1	      GENMASK_ULL(16, 14)
#define SYS_CRN	      GENMASK_ULL(13, 10)
#define SYS_RT	      GENMASK_ULL(9, 5)
#define SYS_CRM	      GENMASK_ULL(4, 1)
#define SYS_DIR_READ  BIT_ULL(0)

int hv_dabt_decode(uint64_t esr, uint64_t ipa, struct hv_mmio_access *a)
{
	/* ISV = 0: the syndrome does not describe the access (e.g. ldp, post-index). */
	if (!(esr & DABT_ISV) || (esr & DABT_S1PTW))
		return -EINVAL;
	a->ipa = ipa;
	a->size = 1u << FIELD_GET(DABT_SAS, esr);
	a->reg = (unsigned)FIELD_GET(DABT_SRT, esr);
	a->write = esr & DABT_WNR;
	a->sign_extend = esr & DABT_SSE;
	a->sf = esr & DABT_SF;
	return 0;
}

static uint64_t size_mask(unsigned size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

void hv_mmio_complete_read(const struct hv_mmio_access *a, uint64_t val, uint64_t *x)
{
	uint64_t sign = 1ULL << (8 * a->size - 1);

	val &= size_mask(a->size);
	if (a->sign_extend && (val & sign))
		val |= ~size_mask(a->size);
	if (!a->sf) /* a W register: the upper half is zeroed */
		val &= 0xffffffffULL;
	if (a->reg != 31)
		x[a->reg] = val;
}

uint64_t hv_mmio_write_value(const struct hv_mmio_access *a, const uint64_t *x)
{
	return a->reg == 31 ? 0 : x[a->reg] & size_mask(a->size);
}

int hv_mmio_dispatch(struct hv_vcpu *v, const struct hv_mmio_access *a)
{
	struct hv_vm *vm = v->vm;

	for (unsigned i = 0; i < vm->ndev; i++) {
		const struct hv_mmio_region *r = &vm->dev[i];
		uint64_t off = a->ipa - r->base, val = 0;
		int rc;

		if (a->ipa < r->base || off >= r->size || off + a->size > r->size)
			continue;
		if (a->write)
			return r->ops->write(r->dev, v, off, a->size,
					     hv_mmio_write_value(a, v->ctx.x));
		rc = r->ops->read(r->dev, v, off, a->size, &val);
		if (!rc)
			hv_mmio_complete_read(a, val, v->ctx.x);
		return rc;
	}
	return -ENOENT;
}

/* AArch32 PSTATE (SPSR) IT bits: IT[1:0] at 26:25, IT[7:2] at 15:10; T at 5. */
#define SPSR_A32_T BIT_ULL(5)
#define SPSR_IT_LO GENMASK_ULL(26, 25)
#define SPSR_IT_HI GENMASK_ULL(15, 10)

void hv_skip_insn(uint64_t *pc, uint64_t *pstate, uint64_t esr)
{
	uint64_t ps = *pstate;
	unsigned it;

	*pc += (esr & ESR_IL) ? 4 : 2;
	if (!(ps & SPSR_NRW) || !(ps & SPSR_A32_T))
		return;
	it = (unsigned)(FIELD_GET(SPSR_IT_HI, ps) << 2 | FIELD_GET(SPSR_IT_LO, ps));
	if (!it)
		return;
	/* ITAdvance(): the block ends after its last instruction, else shift the mask. */
	it = (it & 0x7) ? (it & 0xe0) | ((it << 1) & 0x1f) : 0;
	ps &= ~(SPSR_IT_HI | SPSR_IT_LO);
	ps |= FIELD_PREP(SPSR_IT_HI, it >> 2) | FIELD_PREP(SPSR_IT_LO, it & 3);
	*pstate = ps;
}

/*
 * An abort or undefined instruction taken to EL1: ELR/SPSR keep where the
 * guest was, the vector is VBAR_EL1 + offset for the EL and stack it came
 * from, and PSTATE becomes EL1h with D, A, I, F masked (D1.10.1). EL1 is
 * AArch64 (HCR_EL2.RW), so AArch32 state means a compat task at EL0: its
 * vectors are "lower EL using AArch32", +0x600 (D1.10.2).
 */
void hv_inject_compute(uint64_t pc, uint64_t pstate, uint64_t vbar, unsigned kind, uint64_t far,
		       struct hv_inject *out)
{
	unsigned m = (unsigned)FIELD_GET(SPSR_M, pstate);
	bool from_a32 = pstate & SPSR_NRW;
	bool from_el0 = from_a32 || m == SPSR_M_EL0T;
	unsigned ec = kind;
	uint64_t off = from_a32		? VEC_LOWER_A32 :
		       from_el0		? VEC_LOWER_A64 :
		       m == SPSR_M_EL1T ? VEC_CUR_SP0 :
					  VEC_CUR_SPX;

	if (kind == EC_DABT_LOW || kind == EC_IABT_LOW)
		ec = from_el0 ? kind : kind + 1; /* the _CUR class when taken from EL1 */
	out->elr = pc;
	out->spsr = pstate;
	out->far = far;
	out->esr = FIELD_PREP(ESR_EC, ec) | ESR_IL;
	if (kind != EC_UNKNOWN)
		out->esr |= FSC_SYNC_EXT;
	out->pc = vbar + off;
	out->pstate = SPSR_DAIF_ALL | SPSR_EL1H;
}

void hv_sysreg_decode(uint64_t esr, struct hv_sysreg_access *s)
{
	s->op0 = (unsigned)FIELD_GET(SYS_OP0, esr);
	s->op1 = (unsigned)FIELD_GET(SYS_OP1, esr);
	s->crn = (unsigned)FIELD_GET(SYS_CRN, esr);
	s->crm = (unsigned)FIELD_GET(SYS_CRM, esr);
	s->op2 = (unsigned)FIELD_GET(SYS_OP2, esr);
	s->rt = (unsigned)FIELD_GET(SYS_RT, esr);
	s->read = esr & SYS_DIR_READ;
}

enum hv_sysreg_emul hv_sysreg_emul_kind(const struct hv_sysreg_access *s)
{
	if (s->op0 == 2) { /* debug registers (D17.3) */
		if (HV_SYSREG_IS(s, 2, 0, 0, 2, 2))
			return HV_SYSREG_MDSCR;
		if (HV_SYSREG_IS(s, 2, 0, 1, 1, 4))
			return HV_SYSREG_OSLSR;
		return HV_SYSREG_RAZWI;
	}
	/* PMU (D17.5): PMCR..PMUSERENR, PMINTEN*, PMMIR in CRn 9, CRm 12-14 */
	if (s->op0 == 3 && s->crn == 9 && s->crm >= 12 && s->crm <= 14 &&
	    (s->op1 == 0 || s->op1 == 3))
		return HV_SYSREG_RAZWI;
	/* PMEVCNTR<n>_EL0, PMEVTYPER<n>_EL0, PMCCFILTR_EL0 in CRn 14, CRm 8-15 */
	if (s->op0 == 3 && s->op1 == 3 && s->crn == 14 && s->crm >= 8)
		return HV_SYSREG_RAZWI;
	return HV_SYSREG_NONE;
}
