// SPDX-License-Identifier: MIT
/*
 * EL2 hypervisor (aarch64): VM objects with guest RAM behind stage 2, vCPUs
 * pinned one per physical CPU, emulated devices reached through stage-2
 * data aborts, a virtual GICv3, the virtual timer, PSCI 1.0 and a PL011.
 * Portable parts in hv/, the EL2 world switch in arch/aarch64/hv/.
 * docs/hypervisor.md describes the design.
 */
#ifndef VMPLAT_HV_H
#define VMPLAT_HV_H

#include <vmplat/types.h>

#define HV_MAX_VCPUS   8
#define HV_MAX_DEVICES 16
#define HV_NAME_MAX    16

enum hv_vm_state {
	HV_VM_CREATED,
	HV_VM_RUNNING,
	HV_VM_PAUSED,
	HV_VM_STOPPING, /* asked to stop: vCPU threads are leaving */
	HV_VM_STOPPED,
};

/* Why a vCPU left the guest (the `vm stats` classes). */
enum hv_exit_class {
	HV_EXIT_HVC,	/* HVC: PSCI / SMCCC */
	HV_EXIT_SMC,	/* trapped SMC (HCR_EL2.TSC) */
	HV_EXIT_MMIO,	/* stage-2 data abort on an emulated device */
	HV_EXIT_ABORT,	/* stage-2 abort outside RAM and devices: injected */
	HV_EXIT_WFX,	/* WFI / WFE (HCR_EL2.TWI/TWE) */
	HV_EXIT_SYSREG, /* trapped system register (ICC_SGI1R_EL1) */
	HV_EXIT_IRQ,	/* physical interrupt while the guest ran */
	HV_EXIT_OTHER,
	HV_EXIT_N
};

struct hv_stats {
	uint64_t exits[HV_EXIT_N];
	uint64_t guest_ns;     /* time spent in the guest */
	uint64_t virqs;	       /* virtual interrupts put in list registers */
	uint64_t vtimer_ticks; /* virtual timer expiries delivered */
	uint64_t aborts_injected;
};

struct hv_vm;
struct hv_vcpu;

/*
 * An emulated device: an IPA window whose accesses trap as stage-2 data
 * aborts and are decoded from the syndrome. Offsets are from base; size is
 * the access width in bytes (1, 2, 4, 8). Reads of unimplemented registers
 * should return 0 (RAZ/WI), not fail; failing injects an abort.
 */
struct hv_mmio_ops {
	int (*read)(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val);
	int (*write)(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val);
};

struct hv_mmio_region {
	const char *name;
	uint64_t base, size; /* IPA window */
	const struct hv_mmio_ops *ops;
	void *dev;
};

/* What the guest boots: an arm64 Image (booting.rst header), optional initrd, command line. */
struct hv_guest_image {
	const void *kernel;
	size_t kernel_size;
	const void *initrd;
	size_t initrd_size;
	const char *cmdline;
};

struct hv_vm_config {
	const char *name;
	unsigned nvcpus;
	uint64_t ram_size; /* bytes, multiple of 2 MiB */
};

/* 0 when this CPU runs at EL2 with the extensions the hypervisor needs. */
int hv_available(void);

int hv_vm_create(const struct hv_vm_config *cfg, struct hv_vm **out);
int hv_vm_add_device(struct hv_vm *vm, const struct hv_mmio_region *r);
/* Kernel, initrd and the generated DTB into guest RAM; vCPU 0 entry per booting.rst. */
int hv_vm_load(struct hv_vm *vm, const struct hv_guest_image *img);
int hv_vm_start(struct hv_vm *vm);
int hv_vm_pause(struct hv_vm *vm);
int hv_vm_resume(struct hv_vm *vm);
/* Ask every vCPU to leave and wait (bounded) until they did. */
int hv_vm_stop(struct hv_vm *vm);
/* Wait for the guest to stop on its own (PSCI SYSTEM_OFF), up to timeout_ns. */
int hv_vm_wait_stopped(struct hv_vm *vm, uint64_t timeout_ns);
void hv_vm_destroy(struct hv_vm *vm);

enum hv_vm_state hv_vm_state(const struct hv_vm *vm);
const char *hv_vm_state_name(enum hv_vm_state s);
const char *hv_exit_class_name(enum hv_exit_class c);
/* Sum of all vCPUs' statistics. */
void hv_vm_stats(const struct hv_vm *vm, struct hv_stats *out);
/* Guest RAM as the hypervisor sees it: NULL when [ipa, ipa+len) is not RAM. */
void *hv_vm_ram_ptr(struct hv_vm *vm, uint64_t ipa, uint64_t len);

/* The VM the `vm` command manages (one at a time for now). */
struct hv_vm *hv_current_vm(void);

#endif
