// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for trapped system register accesses (ESR_EL2 EC 0x18,
 * Arm ARM D17.2.40) and what the portable code does with them: decode
 * (hv_sysreg_decode), the debug/PMU classification (hv_sysreg_emul_kind),
 * ICC_SGI1R_EL1 writes (hv_vgic_sgi), and the undefined instruction injected
 * for anything else (hv_inject_compute), on a VM built in host memory.
 *
 * Input: byte 0 = 1-8 vCPUs (bits 0-2); then records of 24 bytes: ESR (le64,
 * EC forced to 0x18), the source register value (le64), the guest's PSTATE
 * and VBAR_EL1 choice (le64: bits 0-1 pick EL0t/EL1t/EL1h/AArch32 EL0, the
 * rest become VBAR_EL1 and the NZCV/DAIF bits).
 *
 * Checked: the decoded fields are the ISS fields and only them (bits above
 * ISS change nothing); op0 0-1 (instructions), the GIC CPU interface, timer
 * and ID registers are never emulated as RAZ/WI; every PMU register (D17.5)
 * and every debug register is; ICC_SGI1R_EL1 targets match IHI 0069H
 * 12.2.23; an injected exception enters EL1h at the vector for where the
 * guest was (D1.10.2), masks DAIF, and keeps ELR/SPSR.
 *   build/fuzz/hv_sysreg -max_total_time=60 build/fuzz/corpus-hv_sysreg tests/fuzz/corpus/hv_sysreg
 * Seeds: python3 tests/fuzz/hv_seeds.py.
 */
#include <string.h>
#include "fuzz.h"
#include "hv_host_vm.h"

#define REC_LEN	   24
#define SYS_ISS	   GENMASK_ULL(21, 0)
#define PSTATE_NRW BIT_ULL(4) /* AArch32 (D1.10.1 SPSR.M[4]) */

void cpu_relax(void)
{
	FUZZ_CHECK(!"spin on a held lock: deadlock");
}

static uint64_t encode(const struct hv_sysreg_access *s)
{
	return (uint64_t)s->op0 << 20 | (uint64_t)s->op2 << 17 | (uint64_t)s->op1 << 14 |
	       (uint64_t)s->crn << 10 | (uint64_t)s->rt << 5 | (uint64_t)s->crm << 1 | s->read;
}

/* Every PMU register encoding (Arm ARM D17.5; PMEVCNTR/PMEVTYPER<n>, PMCCFILTR). */
static bool is_pmu(const struct hv_sysreg_access *s)
{
	if (s->op0 != 3)
		return false;
	if (s->op1 == 3 && s->crn == 9 && s->crm >= 12 && s->crm <= 13)
		return true; /* PMCR .. PMCEID1, PMCCNTR, PMXEVTYPER, PMXEVCNTR */
	if (s->op1 == 3 && s->crn == 9 && s->crm == 14 && (s->op2 == 0 || s->op2 == 3))
		return true; /* PMUSERENR_EL0, PMOVSSET_EL0 */
	if (s->op1 == 0 && s->crn == 9 && s->crm == 14 &&
	    (s->op2 == 1 || s->op2 == 2 || s->op2 == 6))
		return true; /* PMINTENSET_EL1, PMINTENCLR_EL1, PMMIR_EL1 */
	return s->op1 == 3 && s->crn == 14 && s->crm >= 8;
}

static void check_kind(const struct hv_sysreg_access *s, enum hv_sysreg_emul k)
{
	if (s->op0 == 2) { /* debug and trace (D17.3): all hidden */
		if (HV_SYSREG_IS(s, 2, 0, 0, 2, 2))
			FUZZ_CHECK(k == HV_SYSREG_MDSCR);
		else if (HV_SYSREG_IS(s, 2, 0, 1, 1, 4))
			FUZZ_CHECK(k == HV_SYSREG_OSLSR);
		else
			FUZZ_CHECK(k == HV_SYSREG_RAZWI);
		return;
	}
	if (is_pmu(s))
		FUZZ_CHECK(k == HV_SYSREG_RAZWI);
	/* Instructions, GIC CPU interface (CRn 12), timers (CRn 14, CRm < 8), IDs (CRn 0). */
	if (s->op0 < 2 || s->crn == 12 || s->crn == 0 || (s->crn == 14 && s->crm < 8))
		FUZZ_CHECK(k == HV_SYSREG_NONE);
}

static void do_sgi(struct hv_vm *vm, struct hv_vcpu *src, uint64_t s)
{
	uint32_t kicked, want = 0;
	unsigned intid = (unsigned)(s >> 24 & 15);

	for (unsigned i = 0; i < vm->nvcpus; i++) {
		uint64_t m = vm->vcpu[i].mpidr;
		bool hit;

		if (s & BIT_ULL(40)) /* IRM: every PE but the sender */
			hit = &vm->vcpu[i] != src;
		else /* Aff3.Aff2.Aff1.<TargetList>; RS is RES0 (ICC_CTLR_EL1.RSS = 0) */
			hit = (m >> 8 & 0xff) == (s >> 16 & 0xff) &&
			      (m >> 16 & 0xff) == (s >> 32 & 0xff) &&
			      (m >> 32 & 0xff) == (s >> 48 & 0xff) && (m & 0xff) < 16 &&
			      (s & BIT_ULL(m & 0xff));
		want |= hit ? BIT(i) : 0;
	}
	hv_vgic_sgi(vm, src, s, &kicked);
	FUZZ_CHECK(kicked == want);
	for (unsigned i = 0; i < vm->nvcpus; i++)
		FUZZ_CHECK(!(kicked & BIT(i)) || (vm->vcpu[i].priv[intid].flags & VIRQ_PENDING));
}

/* The undefined instruction an unemulated access gets (D1.10.1, D1.10.2). */
static void do_undef(uint64_t pc, uint64_t ctl)
{
	static const uint64_t modes[4] = { 0x0, 0x4, 0x5, 0x10 }; /* EL0t, EL1t, EL1h, usr */
	static const uint64_t offs[4] = { 0x400, 0x000, 0x200, 0x600 };
	uint64_t pstate = modes[ctl & 3] | (ctl & 0xf00003c0), vbar = ctl & ~0x7ffULL;
	struct hv_inject in;

	if (pstate & PSTATE_NRW)
		pstate |= ctl & 0x20; /* T32 */
	hv_inject_compute(pc, pstate, vbar, EC_UNKNOWN, 0, &in);
	FUZZ_CHECK(in.pc == vbar + offs[ctl & 3]);
	FUZZ_CHECK(in.pstate == (0xfULL << 6 | 0x5));
	FUZZ_CHECK(in.elr == pc && in.spsr == pstate && in.far == 0);
	FUZZ_CHECK(FIELD_GET(ESR_EC, in.esr) == EC_UNKNOWN && (in.esr & ESR_IL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_vm *vm;

	if (!size)
		return 0;
	vm = test_vm(1 + (data[0] & 7));
	for (size_t off = 1; off + REC_LEN <= size; off += REC_LEN) {
		const uint8_t *r = data + off;
		uint64_t esr = (le64_get(r) & ~ESR_EC) | (uint64_t)EC_SYS64 << ESR_EC_SHIFT;
		uint64_t val = le64_get(r + 8), ctl = le64_get(r + 16);
		struct hv_vcpu *v = &vm->vcpu[r[8] % vm->nvcpus];
		struct hv_sysreg_access s, t;
		enum hv_sysreg_emul k;

		memset(&s, 0, sizeof(s)); /* padding: compared with memcmp below */
		memset(&t, 0, sizeof(t));
		hv_sysreg_decode(esr, &s);
		FUZZ_CHECK(s.op0 < 4 && s.op1 < 8 && s.crn < 16 && s.crm < 16 && s.op2 < 8 &&
			   s.rt < 32);
		FUZZ_CHECK(encode(&s) == (esr & SYS_ISS));
		hv_sysreg_decode(esr & SYS_ISS, &t);
		FUZZ_CHECK(!memcmp(&s, &t, sizeof(s)));
		k = hv_sysreg_emul_kind(&s);
		check_kind(&s, k);
		if (s.rt < 31)
			v->ctx.x[s.rt] = val;
		/* What arch/aarch64/hv/vcpu_run.c do_sysreg does with it. */
		if (HV_SYSREG_IS(&s, 3, 0, 12, 11, 5) && !s.read)
			do_sgi(vm, v, s.rt == 31 ? 0 : v->ctx.x[s.rt]);
		else if (k == HV_SYSREG_NONE)
			do_undef(val, ctl);
	}
	return 0;
}
