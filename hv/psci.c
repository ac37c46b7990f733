// SPDX-License-Identifier: MIT
/*
 * PSCI 1.0 for guests (Arm DEN0022D): function dispatch and the per-vCPU
 * power state machine OFF -> ON_PENDING (CPU_ON accepted) -> ON (the vCPU
 * thread reset it to the entry point) -> OFF (CPU_OFF). SMCCC 1.1
 * (DEN0028) VERSION and ARCH_FEATURES answer for Linux's probes.
 * Portable: host-tested in tests/unit/hv/test_psci.c.
 */
#include "hv_priv.h"

#define MPIDR_AFF_MASK 0xff00ffffffULL
#define AFF_INFO_ON    0
#define AFF_INFO_OFF   1
#define AFF_INFO_PEND  2
#define MIGRATE_NONE   2 /* MIGRATE_INFO_TYPE: no Trusted OS to migrate */

uint64_t hv_vcpu_mpidr(unsigned id)
{
	return BIT_ULL(31) | id;
}

struct hv_vcpu *hv_vcpu_by_mpidr(struct hv_vm *vm, uint64_t mpidr)
{
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		if ((vm->vcpu[i].mpidr & MPIDR_AFF_MASK) == (mpidr & MPIDR_AFF_MASK))
			return &vm->vcpu[i];
	}
	return NULL;
}

static bool in_ram(const struct hv_vm *vm, uint64_t ipa)
{
	return ipa >= vm->ram_ipa && ipa - vm->ram_ipa < vm->ram_size;
}

static int64_t cpu_on(struct hv_vm *vm, const uint64_t *x, struct hv_vcpu **target)
{
	struct hv_vcpu *t = hv_vcpu_by_mpidr(vm, x[1]);
	int64_t ret = PSCI_RET_SUCCESS;

	if (!t)
		return PSCI_RET_INVALID_PARAMS;
	if (!in_ram(vm, x[2]))
		return PSCI_RET_INVALID_ADDRESS;
	spin_lock(&vm->lock);
	if (t->power == HV_CPU_ON)
		ret = PSCI_RET_ALREADY_ON;
	else if (t->power == HV_CPU_ON_PENDING)
		ret = PSCI_RET_ON_PENDING;
	else {
		t->on_entry = x[2];
		t->on_context = x[3];
		t->power = HV_CPU_ON_PENDING;
		*target = t;
	}
	spin_unlock(&vm->lock);
	return ret;
}

static int64_t affinity_info(struct hv_vm *vm, const uint64_t *x)
{
	struct hv_vcpu *t;

	if (x[2] != 0) /* lowest affinity level: only level 0 is supported */
		return PSCI_RET_INVALID_PARAMS;
	t = hv_vcpu_by_mpidr(vm, x[1]);
	if (!t)
		return PSCI_RET_INVALID_PARAMS;
	switch (t->power) {
	case HV_CPU_ON:
		return AFF_INFO_ON;
	case HV_CPU_ON_PENDING:
		return AFF_INFO_PEND;
	default:
		return AFF_INFO_OFF;
	}
}

static bool implemented(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

enum hv_psci_action hv_psci_call(struct hv_vm *vm, struct hv_vcpu *v, uint64_t *x,
				 struct hv_vcpu **target)
{
	uint32_t fid = (uint32_t)x[0];
	int64_t ret = PSCI_RET_NOT_SUPPORTED;
	enum hv_psci_action act = HV_PSCI_DONE;

	*target = NULL;
	/* SMC32 calls pass 32-bit arguments (DEN0028 2.6): drop the upper halves. */
	if (!(fid & BIT(30))) {
		x[1] &= 0xffffffffULL;
		x[2] &= 0xffffffffULL;
		x[3] &= 0xffffffffULL;
	}
	switch (fid) {
	case PSCI_VERSION:
		ret = PSCI_VERSION_1_0;
		break;
	case PSCI_FEATURES:
		/* CPU_SUSPEND features: bit 1 clear = original power_state format (5.1.6). */
		ret = implemented((uint32_t)x[1]) ? 0 : PSCI_RET_NOT_SUPPORTED;
		break;
	case SMCCC_VERSION:
		ret = SMCCC_VERSION_1_1;
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		ret = PSCI_RET_SUCCESS; /* standby: returns like a WFI that woke up */
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		ret = cpu_on(vm, x, target);
		if (*target)
			act = HV_PSCI_CPU_ON;
		break;
	case PSCI_CPU_OFF:
		v->power = HV_CPU_OFF;
		return HV_PSCI_CPU_OFF; /* does not return to the caller on success */
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		ret = affinity_info(vm, x);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = MIGRATE_NONE;
		break;
	case PSCI_SYSTEM_OFF:
		return HV_PSCI_SYSTEM_OFF;
	case PSCI_SYSTEM_RESET:
		return HV_PSCI_SYSTEM_RESET;
	default:
		break;
	}
	x[0] = (uint64_t)ret; /* sign-extended: Linux reads an int from x0/w0 */
	return act;
}
