// SPDX-License-Identifier: MIT
/*
 * PSCI 1.0 for guests (Arm DEN0022D): VERSION, FEATURES, SMCCC_VERSION,
 * CPU_ON's states (5.6: ALREADY_ON, ON_PENDING, INVALID_PARAMETERS,
 * INVALID_ADDRESS), AFFINITY_INFO (5.7), CPU_OFF, SYSTEM_OFF/RESET.
 */
#include "hv_test.h"

static enum hv_psci_action call(struct hv_vm *vm, unsigned cpu, uint64_t *x, struct hv_vcpu **t)
{
	return hv_psci_call(vm, &vm->vcpu[cpu], x, t);
}

static void test_version_features(void **state)
{
	struct hv_vm *vm = test_vm(2);
	struct hv_vcpu *t;
	uint64_t x[4] = { PSCI_VERSION };

	(void)state;
	assert_int_equal(call(vm, 0, x, &t), HV_PSCI_DONE);
	assert_int_equal(x[0], 0x10000);
	x[0] = PSCI_FEATURES;
	x[1] = PSCI_CPU_ON_64;
	call(vm, 0, x, &t);
	assert_int_equal(x[0], 0);
	x[0] = PSCI_FEATURES;
	x[1] = 0xc4000005; /* CPU_FREEZE... not implemented */
	call(vm, 0, x, &t);
	assert_int_equal((int64_t)x[0], PSCI_RET_NOT_SUPPORTED);
	x[0] = SMCCC_VERSION;
	call(vm, 0, x, &t);
	assert_int_equal(x[0], 0x10001);
	x[0] = 0x8400001f; /* unknown */
	call(vm, 0, x, &t);
	assert_int_equal((int64_t)x[0], -1);
}

static void test_cpu_on_state_machine(void **state)
{
	struct hv_vm *vm = test_vm(2);
	struct hv_vcpu *t;
	uint64_t x[4] = { PSCI_CPU_ON_64, 1, 0x40001000, 0xc0ffee };

	(void)state;
	vm->vcpu[0].power = HV_CPU_ON;
	assert_int_equal(call(vm, 0, x, &t), HV_PSCI_CPU_ON);
	assert_ptr_equal(t, &vm->vcpu[1]);
	assert_int_equal(x[0], 0);
	assert_int_equal(vm->vcpu[1].power, HV_CPU_ON_PENDING);
	assert_int_equal(vm->vcpu[1].on_entry, 0x40001000);
	assert_int_equal(vm->vcpu[1].on_context, 0xc0ffee);
	/* AFFINITY_INFO while pending: ON_PENDING (2). */
	x[0] = PSCI_AFFINITY_INFO_64;
	x[1] = 1;
	x[2] = 0;
	call(vm, 0, x, &t);
	assert_int_equal(x[0], 2);
	x[0] = PSCI_CPU_ON_64;
	x[1] = 1;
	x[2] = 0x40001000;
	assert_int_equal(call(vm, 0, x, &t), HV_PSCI_DONE);
	assert_int_equal((int64_t)x[0], PSCI_RET_ON_PENDING);
	vm->vcpu[1].power = HV_CPU_ON;
	x[0] = PSCI_CPU_ON_64;
	x[1] = 1;
	call(vm, 0, x, &t);
	assert_int_equal((int64_t)x[0], PSCI_RET_ALREADY_ON);
	x[0] = PSCI_AFFINITY_INFO_64;
	x[1] = 1;
	x[2] = 0;
	call(vm, 0, x, &t);
	assert_int_equal(x[0], 0);
	/* CPU_OFF from vCPU 1, then AFFINITY_INFO says OFF (1). */
	x[0] = PSCI_CPU_OFF;
	assert_int_equal(call(vm, 1, x, &t), HV_PSCI_CPU_OFF);
	assert_int_equal(vm->vcpu[1].power, HV_CPU_OFF);
	x[0] = PSCI_AFFINITY_INFO_64;
	x[1] = 1;
	x[2] = 0;
	call(vm, 0, x, &t);
	assert_int_equal(x[0], 1);
}

static void test_cpu_on_bad_arguments(void **state)
{
	struct hv_vm *vm = test_vm(2);
	struct hv_vcpu *t;
	uint64_t x[4] = { PSCI_CPU_ON_64, 7, 0x40001000, 0 };

	(void)state;
	call(vm, 0, x, &t);
	assert_int_equal((int64_t)x[0], PSCI_RET_INVALID_PARAMS);
	assert_null(t);
	x[0] = PSCI_CPU_ON_64;
	x[1] = 1;
	x[2] = 0x1000; /* not guest RAM */
	call(vm, 0, x, &t);
	assert_int_equal((int64_t)x[0], PSCI_RET_INVALID_ADDRESS);
	assert_int_equal(vm->vcpu[1].power, HV_CPU_OFF);
	/* SMC32 CPU_ON: upper halves of the arguments are ignored (SMCCC 2.6). */
	x[0] = PSCI_CPU_ON_32;
	x[1] = 0xffffffff00000001ULL;
	x[2] = 0xdead000040002000ULL;
	assert_int_equal(call(vm, 0, x, &t), HV_PSCI_CPU_ON);
	assert_int_equal(vm->vcpu[1].on_entry, 0x40002000);
	/* AFFINITY_INFO above level 0 is not supported. */
	x[0] = PSCI_AFFINITY_INFO_64;
	x[1] = 1;
	x[2] = 1;
	call(vm, 0, x, &t);
	assert_int_equal((int64_t)x[0], PSCI_RET_INVALID_PARAMS);
}

static void test_system_off_reset(void **state)
{
	struct hv_vm *vm = test_vm(1);
	struct hv_vcpu *t;
	uint64_t x[4] = { PSCI_SYSTEM_OFF };

	(void)state;
	assert_int_equal(call(vm, 0, x, &t), HV_PSCI_SYSTEM_OFF);
	x[0] = PSCI_SYSTEM_RESET;
	assert_int_equal(call(vm, 0, x, &t), HV_PSCI_SYSTEM_RESET);
	x[0] = PSCI_MIGRATE_INFO_TYPE;
	call(vm, 0, x, &t);
	assert_int_equal(x[0], 2);
}

const struct CMUnitTest psci_tests[] = {
	cmocka_unit_test(test_version_features),
	cmocka_unit_test(test_cpu_on_state_machine),
	cmocka_unit_test(test_cpu_on_bad_arguments),
	cmocka_unit_test(test_system_off_reset),
};
const size_t psci_ntests = ARRAY_SIZE(psci_tests);
