// SPDX-License-Identifier: MIT
/* What hv/vm.c and core/console.c give the portable files in firmware. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include "hv_test.h"

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}

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

int main(void)
{
	const struct {
		const struct CMUnitTest *t;
		size_t n;
	} lists[] = { { trap_tests, 0 },      { psci_tests, 0 }, { vgic_tests, 0 },
		      { guest_fdt_tests, 0 }, { misc_tests, 0 }, { vpl011_tests, 0 } };
	size_t ns[] = { trap_ntests,	  psci_ntests, vgic_ntests,
			guest_fdt_ntests, misc_ntests, vpl011_ntests };
	size_t total = 0, k = 0;
	struct CMUnitTest *all;

	for (size_t i = 0; i < ARRAY_SIZE(ns); i++)
		total += ns[i];
	all = calloc(total, sizeof(*all));
	for (size_t i = 0; i < ARRAY_SIZE(ns); i++)
		for (size_t j = 0; j < ns[i]; j++)
			all[k++] = lists[i].t[j];
	return _cmocka_run_group_tests("hv", all, total, NULL, NULL);
}

void cpu_relax(void)
{
}
