// SPDX-License-Identifier: MIT
/*
 * ESR_EL2 decoding (Arm ARM D17.2.40): data-abort ISS fields ISV, SAS, SSE,
 * SRT, SF, WnR; loads folded into the register with sign extension; MMIO
 * routing by window; injected exceptions' vector offsets and ESR_EL1
 * (D1.10.2); trapped system-register fields (EC 0x18).
 */
#include <errno.h>
#include "hv_test.h"

static uint64_t dabt_esr(unsigned sas, bool sse, unsigned srt, bool sf, bool wnr)
{
	return (uint64_t)EC_DABT_LOW << 26 | ESR_IL | DABT_ISV | (uint64_t)sas << 22 |
	       (sse ? DABT_SSE : 0) | (uint64_t)srt << 16 | (sf ? DABT_SF : 0) |
	       (wnr ? DABT_WNR : 0) | 0x07; /* DFSC: translation fault level 3 */
}

static void test_isv_clear_is_rejected(void **state)
{
	struct hv_mmio_access a;

	(void)state;
	assert_int_equal(hv_dabt_decode(dabt_esr(2, 0, 1, 0, 0) & ~DABT_ISV, 0x9000000, &a),
			 -EINVAL);
	assert_int_equal(hv_dabt_decode(dabt_esr(2, 0, 1, 0, 0) | DABT_S1PTW, 0x9000000, &a),
			 -EINVAL);
}

static void test_store_word_fields(void **state)
{
	struct hv_mmio_access a;
	uint64_t x[31] = { 0 };

	(void)state;
	assert_int_equal(hv_dabt_decode(dabt_esr(2, 0, 3, 0, 1), 0x9000018, &a), 0);
	assert_int_equal(a.size, 4);
	assert_int_equal(a.reg, 3);
	assert_true(a.write);
	assert_false(a.sign_extend);
	x[3] = 0x1122334455667788ULL;
	assert_int_equal(hv_mmio_write_value(&a, x), 0x55667788);
	a.reg = 31; /* str wzr */
	assert_int_equal(hv_mmio_write_value(&a, x), 0);
}

static void test_load_sign_extension(void **state)
{
	struct hv_mmio_access a;
	uint64_t x[31] = { 0 };

	(void)state;
	/* ldrsb x5: SAS = byte, SSE, SF */
	assert_int_equal(hv_dabt_decode(dabt_esr(0, 1, 5, 1, 0), 0x8000000, &a), 0);
	hv_mmio_complete_read(&a, 0x1280, x);
	assert_int_equal(x[5], 0xffffffffffffff80ULL);
	/* ldrsh w6: sign-extended to 32 bits, upper half zero */
	assert_int_equal(hv_dabt_decode(dabt_esr(1, 1, 6, 0, 0), 0x8000000, &a), 0);
	hv_mmio_complete_read(&a, 0x8001, x);
	assert_int_equal(x[6], 0xffff8001ULL);
	/* ldr w7: zero-extended, device bits above the size dropped */
	assert_int_equal(hv_dabt_decode(dabt_esr(2, 0, 7, 0, 0), 0x8000000, &a), 0);
	hv_mmio_complete_read(&a, 0xabcdef0012345678ULL, x);
	assert_int_equal(x[7], 0x12345678ULL);
	/* ldr x8 */
	assert_int_equal(hv_dabt_decode(dabt_esr(3, 0, 8, 1, 0), 0x8000000, &a), 0);
	hv_mmio_complete_read(&a, 0xabcdef0012345678ULL, x);
	assert_int_equal(x[8], 0xabcdef0012345678ULL);
}

static uint64_t last_off, last_val;
static int dev_rd(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val)
{
	(void)dev;
	(void)v;
	(void)size;
	last_off = off;
	*val = 0xa5;
	return 0;
}
static int dev_wr(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
	(void)dev;
	(void)v;
	(void)size;
	last_off = off;
	last_val = val;
	return 0;
}
static const struct hv_mmio_ops dev_ops = { dev_rd, dev_wr };

static void test_dispatch_by_window(void **state)
{
	struct hv_vm *vm = test_vm(1);
	struct hv_mmio_region r = { "dev", 0x9000000, 0x1000, &dev_ops, NULL };
	struct hv_vcpu *v = &vm->vcpu[0];
	struct hv_mmio_access a = { .ipa = 0x9000ffc, .size = 4, .reg = 2, .write = true };

	(void)state;
	hv_vm_add_device(vm, &r);
	v->ctx.x[2] = 0x77;
	assert_int_equal(hv_mmio_dispatch(v, &a), 0);
	assert_int_equal(last_off, 0xffc);
	assert_int_equal(last_val, 0x77);
	a.write = false;
	a.ipa = 0x9000010;
	assert_int_equal(hv_mmio_dispatch(v, &a), 0);
	assert_int_equal(v->ctx.x[2], 0xa5);
	a.ipa = 0x9000ffe; /* straddles the window's end */
	assert_int_equal(hv_mmio_dispatch(v, &a), -ENOENT);
	a.ipa = 0x9001000;
	assert_int_equal(hv_mmio_dispatch(v, &a), -ENOENT);
}

static void test_inject_vectors(void **state)
{
	struct hv_inject in;

	(void)state;
	/* Data abort from EL1h: current EL with SP_ELx, EC 0x25, FSC external abort. */
	hv_inject_compute(0x40001000, 0x3c5, 0x40000800, EC_DABT_LOW, 0x20000000, &in);
	assert_int_equal(in.pc, 0x40000a00);
	assert_int_equal(in.esr, 0x96000010);
	assert_int_equal(in.elr, 0x40001000);
	assert_int_equal(in.spsr, 0x3c5);
	assert_int_equal(in.far, 0x20000000);
	assert_int_equal(in.pstate, 0x3c5);
	/* From EL0: lower EL AArch64 vector, EC stays 0x24. */
	hv_inject_compute(0x1000, 0x0, 0x40000800, EC_DABT_LOW, 0x5000, &in);
	assert_int_equal(in.pc, 0x40000c00);
	assert_int_equal(in.esr >> 26, EC_DABT_LOW);
	/* EL1t: current EL with SP_EL0; instruction abort becomes EC 0x21. */
	hv_inject_compute(0x2000, 0x4, 0x40000800, EC_IABT_LOW, 0x2000, &in);
	assert_int_equal(in.pc, 0x40000800);
	assert_int_equal(in.esr >> 26, EC_IABT_CUR);
	/* Undefined instruction: EC 0, IL, no FSC. */
	hv_inject_compute(0x2000, 0x3c5, 0, EC_UNKNOWN, 0, &in);
	assert_int_equal(in.esr, ESR_IL);
}

/* A compat (AArch32) task at EL0 takes them at VBAR_EL1 + 0x600 (Arm ARM D1.10.2). */
static void test_inject_from_aarch32_el0_uses_a32_vector(void **state)
{
	struct hv_inject in;

	(void)state;
	/* usr mode (M = 0b10000), T32, NZCV set: an undefined cp14 access trapped by MDCR_EL2.TDA */
	hv_inject_compute(0x8000, 0xf0000030, 0x40000800, EC_UNKNOWN, 0, &in);
	assert_int_equal(in.pc, 0x40000e00);
	assert_int_equal(in.spsr, 0xf0000030);
	assert_int_equal(in.elr, 0x8000);
	assert_int_equal(in.pstate, 0x3c5);
	/* Data abort from it: the lower-EL class, EC 0x24. */
	hv_inject_compute(0x8000, 0x10, 0x40000800, EC_DABT_LOW, 0x9000000, &in);
	assert_int_equal(in.pc, 0x40000e00);
	assert_int_equal(in.esr >> 26, EC_DABT_LOW);
}

static void test_sysreg_fields(void **state)
{
	/* msr ICC_SGI1R_EL1, x7: op0 3, op1 0, CRn 12, CRm 11, op2 5, write. */
	uint64_t esr = (uint64_t)EC_SYS64 << 26 | ESR_IL | 3ULL << 20 | 5ULL << 17 | 0ULL << 14 |
		       12ULL << 10 | 7ULL << 5 | 11ULL << 1 | 0;
	struct hv_sysreg_access s;

	(void)state;
	hv_sysreg_decode(esr, &s);
	assert_true(HV_SYSREG_IS(&s, 3, 0, 12, 11, 5));
	assert_int_equal(s.rt, 7);
	assert_false(s.read);
	hv_sysreg_decode(esr | 1, &s);
	assert_true(s.read);
}

/* Which trapped system registers are emulated, by encoding (Arm ARM D17.3, D17.5). */
static enum hv_sysreg_emul kind(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
				unsigned op2)
{
	struct hv_sysreg_access a = { op0, op1, crn, crm, op2, 0, true };

	return hv_sysreg_emul_kind(&a);
}

static void test_sysreg_emulation_kinds(void **state)
{
	(void)state;
	assert_int_equal(kind(2, 0, 0, 2, 2), HV_SYSREG_MDSCR);	  /* MDSCR_EL1 */
	assert_int_equal(kind(2, 0, 1, 1, 4), HV_SYSREG_OSLSR);	  /* OSLSR_EL1 */
	assert_int_equal(kind(2, 0, 0, 0, 4), HV_SYSREG_RAZWI);	  /* DBGBVR0_EL1 */
	assert_int_equal(kind(2, 0, 1, 0, 4), HV_SYSREG_RAZWI);	  /* OSLAR_EL1 */
	assert_int_equal(kind(3, 3, 9, 12, 0), HV_SYSREG_RAZWI);  /* PMCR_EL0 */
	assert_int_equal(kind(3, 3, 9, 14, 0), HV_SYSREG_RAZWI);  /* PMUSERENR_EL0 */
	assert_int_equal(kind(3, 0, 9, 14, 1), HV_SYSREG_RAZWI);  /* PMINTENSET_EL1 */
	assert_int_equal(kind(3, 3, 14, 8, 0), HV_SYSREG_RAZWI);  /* PMEVCNTR0_EL0 */
	assert_int_equal(kind(3, 3, 14, 15, 7), HV_SYSREG_RAZWI); /* PMCCFILTR_EL0 */
	/* Not debug or PMU: left to the normal trap path. */
	assert_int_equal(kind(3, 0, 1, 0, 0), HV_SYSREG_NONE);	/* SCTLR_EL1 */
	assert_int_equal(kind(3, 3, 14, 0, 2), HV_SYSREG_NONE); /* CNTVCT_EL0 */
	assert_int_equal(kind(3, 3, 9, 11, 0), HV_SYSREG_NONE); /* below PMU CRm 12-14 */
	assert_int_equal(kind(3, 0, 0, 0, 5), HV_SYSREG_NONE);	/* MPIDR_EL1 */
}

/* ESR_EL2.IL and the T32 IT block (D17.2.40; ITAdvance() in the Arm ARM pseudocode). */
static unsigned itstate(uint64_t ps)
{
	return (unsigned)(FIELD_GET(GENMASK_ULL(15, 10), ps) << 2 |
			  FIELD_GET(GENMASK_ULL(26, 25), ps));
}

static uint64_t with_it(uint64_t ps, unsigned it)
{
	return ps | (uint64_t)(it >> 2) << 10 | (uint64_t)(it & 3) << 25;
}

static void test_skip_insn_length_and_itstate(void **state)
{
	const uint64_t t32 = BIT_ULL(4) | BIT_ULL(5); /* AArch32 (M[4]) EL0 usr, T32 */
	uint64_t pc = 0x1000, ps = 0x5;		      /* EL1h, AArch64 */

	(void)state;
	hv_skip_insn(&pc, &ps, ESR_IL);
	assert_int_equal(pc, 0x1004);
	assert_int_equal(ps, 0x5);
	/* A 16-bit T32 instruction outside an IT block: 2 bytes, PSTATE untouched. */
	pc = 0x2000;
	ps = t32;
	hv_skip_insn(&pc, &ps, 0);
	assert_int_equal(pc, 0x2002);
	assert_int_equal(ps, t32);
	/* Inside a block: IT[4:0] shifts left, IT[7:5] (the condition base) stays. */
	ps = with_it(t32, 0x2c);
	hv_skip_insn(&pc, &ps, 0);
	assert_int_equal(itstate(ps), 0x38);
	/* The block's last instruction (IT[2:0] == 0): ITSTATE clears. */
	ps = with_it(t32, 0x28);
	hv_skip_insn(&pc, &ps, ESR_IL);
	assert_int_equal(itstate(ps), 0);
	assert_int_equal(ps, t32);
	/* AArch64 state: bits 10-15 and 25-26 are not IT bits and are left alone. */
	ps = with_it(0x5, 0xff);
	hv_skip_insn(&pc, &ps, ESR_IL);
	assert_int_equal(ps, with_it(0x5, 0xff));
}

const struct CMUnitTest trap_tests[] = {
	cmocka_unit_test(test_isv_clear_is_rejected),
	cmocka_unit_test(test_skip_insn_length_and_itstate),
	cmocka_unit_test(test_store_word_fields),
	cmocka_unit_test(test_load_sign_extension),
	cmocka_unit_test(test_dispatch_by_window),
	cmocka_unit_test(test_inject_vectors),
	cmocka_unit_test(test_inject_from_aarch32_el0_uses_a32_vector),
	cmocka_unit_test(test_sysreg_fields),
	cmocka_unit_test(test_sysreg_emulation_kinds),
};
const size_t trap_ntests = ARRAY_SIZE(trap_tests);
