// SPDX-License-Identifier: MIT
/* A VM from a boot manager entry (hv/vm_boot.c, docs/hypervisor-linux.md). */
#ifndef HV_VM_BOOT_H
#define HV_VM_BOOT_H

#include <vmplat/hv.h>

struct boot_entry;

struct hv_boot_opts {
	unsigned ncpus;
	uint64_t mem; /* bytes, multiple of 2 MiB */
};

/* `cpus=N` / `mem=SIZE` for the next entry VM: 0, -EINVAL (bad value), -ENOENT (not one). */
int hv_boot_opt(const char *arg);
void hv_boot_opts_reset(void);
/* The entry by id or menu number; scans the volumes when not found yet. */
struct boot_entry *hv_boot_entry_find(const char *id);
/* Kernel + initrd(s) + options of e into a new VM, loaded, not started. */
int hv_boot_entry_vm(struct boot_entry *e, struct hv_vm **out);

#endif
