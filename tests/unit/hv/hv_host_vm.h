// SPDX-License-Identifier: MIT
/*
 * A VM built in host memory for the portable hypervisor files (hv/): shared
 * by the cmocka tests here and the libFuzzer harnesses (tests/fuzz/hv_*.c),
 * which link hv_host_vm.c. No cmocka in this header.
 */
#ifndef HV_HOST_VM_H
#define HV_HOST_VM_H

#include "../../../hv/hv_priv.h"

/* A zeroed VM with nvcpus vCPUs, RAM at 0x40000000 (16 MiB), vGIC reset, no devices. */
struct hv_vm *test_vm(unsigned nvcpus);

/* hv_vcpu_kick stand-in: how many kicks, and the last vCPU kicked. */
extern unsigned test_kicks;
extern struct hv_vcpu *test_kicked;

#endif
