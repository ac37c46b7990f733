// SPDX-License-Identifier: MIT
/*
 * What hv/vm.c gives the portable hypervisor files in firmware, for a VM in
 * host memory: device registration, vCPU kicks (counted), and the VM
 * itself. Linked by the hv unit tests and the hv fuzz harnesses.
 */
#include <string.h>
#include "hv_host_vm.h"

int hv_vm_add_device(struct hv_vm *vm, const struct hv_mmio_region *r)
{
	if (vm->ndev >= HV_MAX_DEVICES)
		return -1;
	vm->dev[vm->ndev++] = *r;
	return 0;
}

unsigned test_kicks;
struct hv_vcpu *test_kicked;

void hv_vcpu_kick(struct hv_vcpu *v)
{
	test_kicks++;
	test_kicked = v;
}

struct hv_vm *test_vm(unsigned nvcpus)
{
	static struct hv_vm vm;

	memset(&vm, 0, sizeof(vm));
	vm.nvcpus = nvcpus;
	vm.ram_ipa = HV_GUEST_RAM_BASE;
	vm.ram_size = 16 * MiB;
	for (unsigned i = 0; i < nvcpus; i++) {
		vm.vcpu[i].vm = &vm;
		vm.vcpu[i].id = i;
		vm.vcpu[i].mpidr = hv_vcpu_mpidr(i);
	}
	hv_vgic_init(&vm);
	return &vm;
}
