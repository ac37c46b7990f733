// SPDX-License-Identifier: MIT
/* Between the files of snapshot/hv: snapshots of hypervisor VMs (docs/snapshot.md). */
#ifndef SNAPSHOT_HV_H
#define SNAPSHOT_HV_H

#include <vmplat/snapshot.h>
#include "../../hv/hv_priv.h"

/* SnapshotOptions. */
struct snap_options {
	bool incremental; /* only pages written since the VM's last snapshot */
	bool verify;	  /* read the image back and check its hashes before committing */
	const char *desc;
};

/* snap_state.c: the VM <-> sections. */
int snap_vm_config(struct hv_vm *vm, struct snap_config *c);
void snap_vcpu_save(const struct hv_vcpu *v, uint64_t now, struct snap_vcpu *s);
void snap_vcpu_load(const struct snap_vcpu *s, uint64_t now, struct hv_vcpu *v);
void snap_vgic_save(const struct hv_vm *vm, struct snap_vgic *g);
void snap_vgic_load(const struct snap_vgic *g, struct hv_vm *vm);
void snap_uart_save(const struct hv_vpl011 *u, struct snap_uart *s);
void snap_uart_load(const struct snap_uart *s, struct hv_vpl011 *u);

/* snap_vpci.c: assigned PCI functions (docs/snapshot.md, "Which devices are snapshot-safe"). */
struct snap_vpci_save {
	bool present; /* the VM has a virtual host bridge */
	struct snap_vpci v;
	struct snap_pci_dev dev[SNAP_MAX_PCI];
	const struct snap_pci_handler *h[SNAP_MAX_PCI];
	uint16_t phys_cmd[SNAP_MAX_PCI]; /* put back by snap_vpci_finish */
	unsigned nquiesced;
	int dma_dev; /* a function with bus mastering on (its DMA bypasses dirty tracking), or -1 */
};
/* VM paused: classify (-EPERM: refused, nothing touched), quiesce, read shadow and state. */
int snap_vpci_prepare(struct hv_vm *vm, struct snap_vpci_save *s);
void snap_vpci_finish(struct snap_vpci_save *s);
/* Restore: the snapshot's functions exist here (-EXDEV), then queued for the new VM. */
int snap_vpci_precheck(const struct snap_vpci *v);
int snap_vpci_queue(const struct snap_vpci *v);
int snap_vpci_load(struct hv_vm *vm, const struct snap_vpci *v);
/* `vm devstate`: per function its shadow, physical command and handler state, read now. */
int snap_vpci_show(struct hv_vm *vm);

/* snap_ops.c */
int snap_save(struct snap_store *st, struct hv_vm *vm, const struct snap_options *o, uint64_t *id);
/* The parent of the next incremental snapshot of vm. */
void snap_set_last(struct hv_vm *vm, uint64_t id, const uint8_t digest[32]);
int snap_restore(struct snap_store *st, uint64_t id, bool paused, struct hv_vm **out);
/* The RAM's SHA-256 as hex (caches cleaned first: the guest may run with them off). */
void snap_ram_sha256(struct hv_vm *vm, char hex[SHA256_HEX_SIZE]);
/* Progress lines for long saves and restores. */
struct snap_progress {
	const char *what;
	uint64_t total, base, next;
	uint64_t t0;
};
void snap_progress_init(struct snap_progress *p, const char *what, uint64_t total);
void snap_progress(void *ctx, uint64_t done);

/* snap_guest.c: the snapshot test guest (tests/guest/snap). */
int snap_guest_create(struct hv_vm **out);
/* Its status word, or 0 when vm is not that guest. */
/* The counting test guest's count, when vm's RAM holds its status page (false otherwise). */
bool snap_guest_count(struct hv_vm *vm, uint64_t *count);
/* ", guest count <n>" for the save/restore lines, "" for any other guest. */
const char *snap_guest_note(struct hv_vm *vm, char *buf, size_t len);

#endif
