// SPDX-License-Identifier: MIT
/*
 * The snapshot test guest (tests/guest/snap, linked in as a blob): a VM
 * with 1 vCPU and 16 MiB that counts and writes a pattern over 4 MiB of its
 * RAM (snap_abi.h), started by `vm start snap`.
 */
#include <errno.h>
#include <stdio.h>
#include <vmplat/log.h>
#include "../../tests/guest/snap/snap_abi.h"
#include "snap_hv.h"

extern const uint8_t hv_snap_guest_start[], hv_snap_guest_end[];

int snap_guest_create(struct hv_vm **out)
{
	struct hv_vm_config cfg = { "snap", 1, SNAPG_RAM_SIZE };
	struct hv_guest_image img = { .kernel = hv_snap_guest_start,
				      .kernel_size =
					      (size_t)(hv_snap_guest_end - hv_snap_guest_start),
				      .cmdline = "" };
	struct hv_vm *vm;
	int rc = hv_vm_create(&cfg, &vm);

	if (rc)
		return rc;
	rc = hv_vm_load(vm, &img);
	if (rc) {
		hv_vm_stop(vm);
		hv_vm_destroy(vm);
		return rc;
	}
	*out = vm;
	return 0;
}

bool snap_guest_count(struct hv_vm *vm, uint64_t *count)
{
	uint64_t *st = hv_vm_ram_ptr(vm, SNAPG_STATUS, 16);

	if (!st)
		return false;
	arch_hv_sync_guest(st, 16, false);
	if (st[0] != SNAPG_MAGIC)
		return false;
	*count = st[1];
	return true;
}

const char *snap_guest_note(struct hv_vm *vm, char *buf, size_t len)
{
	uint64_t c;

	if (!snap_guest_count(vm, &c))
		return "";
	snprintf(buf, len, ", guest count %llu", (unsigned long long)c);
	return buf;
}
