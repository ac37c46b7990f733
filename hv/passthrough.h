// SPDX-License-Identifier: MIT
/*
 * PCI passthrough for a VM (hv/passthrough.c, docs/hypervisor-passthrough.md):
 * the functions queued with `vm assign` / `vm start ... assign=` go to the
 * VM behind a virtual host bridge, their DMA confined to guest RAM by an
 * IOMMU domain that maps guest-physical to host-physical addresses.
 */
#ifndef HV_PASSTHROUGH_H
#define HV_PASSTHROUGH_H

#include <vmplat/hv.h>
#include <vmplat/pci.h>

#define HV_PT_MAX_DEVS 4

struct hv_pt_info {
	unsigned ndev;
	uint64_t dma_faults;	  /* SMMU/IOMMU faults of the VM's devices */
	uint64_t last_fault_iova; /* guest-physical address of the last one */
	uint16_t last_fault_rid;
	bool last_fault_write;
	uint64_t intx; /* physical INTx forwarded as virtual SPIs */
};

/* Queue "<bdf>[,<bdf>...]" for the next VM; -EINVAL on a bad address, -ENOSPC. */
int hv_pt_queue(const char *list);
void hv_pt_clear_queue(void);
/* After hv_vm_load, before hv_vm_start: assign the queued functions (none: 0). */
int hv_pt_setup(struct hv_vm *vm);
/* Give the devices back (reset, DMA blocked); idempotent; CPU 0 context. */
void hv_pt_release(struct hv_vm *vm);
void hv_pt_forget(struct hv_vm *vm); /* before vm is freed */
/* What passthrough saw for vm (zeros when it has no devices). */
void hv_pt_info(const struct hv_vm *vm, struct hv_pt_info *out);
/* INTx (arch/aarch64/hv/passthrough_intx.c): host SPI -> virtual SPI of vm. */
int arch_hv_intx_route(struct hv_vm *vm, unsigned host_intid, unsigned virt_intid);
void arch_hv_intx_unroute(struct hv_vm *vm);
uint64_t arch_hv_intx_count(const struct hv_vm *vm);
/* After the list registers are synced: unmask lines the guest is done with. */
void hv_intx_sync(struct hv_vcpu *v);

/* Snapshots (snapshot/hv/snap_vpci.c, docs/snapshot.md): vm's bridge, its lock and its
 * functions (dev[i] is virtual device i); -ENOENT when vm has no passthrough. */
struct vpci;
struct hv_pt_view {
	struct vpci *bridge;
	struct spinlock *lock;
	struct pci_dev *dev[HV_PT_MAX_DEVS];
	unsigned ndev;
};
int hv_pt_view(const struct hv_vm *vm, struct hv_pt_view *out);
/* hv_pt_setup for a VM restored from a snapshot: its RAM (restored) holds the guest DTB. */
int hv_pt_setup_restored(struct hv_vm *vm);

/* A function vmplat's own NVMe driver holds: its namespaces gone, released
 * (hv/vm_boot_pt.c); 0 when vmplat does not own d, -EBUSY when it cannot give it up. */
int hv_pt_reclaim(struct pci_dev *d);

/* The security guest (hv/passthrough_guest.c): created and loaded, not started. */
int hv_sec_guest_create(struct hv_vm **out);

#endif
