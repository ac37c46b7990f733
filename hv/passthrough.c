// SPDX-License-Identifier: MIT
/*
 * PCI passthrough glue (docs/hypervisor-passthrough.md). For each queued
 * function: an IOMMU domain for the VM's PCI owner id whose IO page tables
 * map guest RAM IPA -> host PA (so the device DMAs with the guest's
 * addresses and nothing else is reachable), pci_assign() to that owner
 * (the IOMMU ownership hook attaches its whole group), a virtual function
 * on the VM's host bridge (hv/vpci.c) whose BARs map onto the physical ones
 * in stage 2 (Device-nGnRE), the ECAM window as an emulated device, and the
 * bridge node in the guest DTB. DMA faults of the domain are reported as the
 * guest's. When the VM has stopped, the shell CPU gives the devices back
 * (function reset, bus mastering off, DMA blocked) from the runtime poller;
 * a disk vmplat drove before is then returned to its block layer.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>
#include <vmplat/blk.h>
#include <vmplat/iommu.h>
#include <vmplat/log.h>
#include <vmplat/runtime.h>
#include "hv_priv.h"
#include "passthrough.h"
#include "vpci.h"

#define PT_OWNER_BASE 0x100 /* PCI owner id of a VM: base + VMID */
#define PT_DTB_SIZE   (64 * KiB)

struct pt_vm {
	bool active;
	struct hv_vm *vm;
	uint16_t owner;
	struct spinlock lock; /* the bridge: vCPUs trap on several CPUs */
	struct vpci bridge;
	struct pci_dev *dev[HV_PT_MAX_DEVS];
	unsigned ndev;
	struct iommu_domain *dom;
	struct hv_pt_info info;
};

static struct pt_vm pt;
static struct pci_addr queued[HV_PT_MAX_DEVS];
static unsigned nqueued;

int hv_pt_queue(const char *list)
{
	char buf[PCI_ADDR_STRLEN];

	while (*list) {
		size_t n = strcspn(list, ",");
		struct pci_addr a;

		if (!n || n >= sizeof(buf) || nqueued == HV_PT_MAX_DEVS)
			return n && nqueued == HV_PT_MAX_DEVS ? -ENOSPC : -EINVAL;
		memcpy(buf, list, n);
		buf[n] = 0;
		if (pci_addr_parse(buf, &a))
			return -EINVAL;
		queued[nqueued++] = a;
		list += n + (list[n] == ',');
	}
	return 0;
}

void hv_pt_clear_queue(void)
{
	nqueued = 0;
}

/* ---- the physical function and stage 2, as vpci sees them ---- */
static uint32_t fn_read(void *ctx, uint16_t off, unsigned width)
{
	struct pci_dev *d = ctx;

	return width == 1 ? pci_read8(d, off) :
	       width == 2 ? pci_read16(d, off) :
			    pci_read32(d, off);
}

static void fn_write(void *ctx, uint16_t off, unsigned width, uint32_t val)
{
	struct pci_dev *d = ctx;

	if (width == 2)
		pci_write16(d, off, (uint16_t)val);
	else if (width == 4)
		pci_write32(d, off, val);
	else
		pci_write8(d, off, (uint8_t)val);
}

static const struct vpci_fn_ops fn_ops = { fn_read, fn_write };

static int s2_map(void *ctx, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	struct pt_vm *p = ctx;
	int rc = arch_hv_stage2_map(p->vm, gpa, hpa, size, PT_R | PT_W | PT_DEVICE);

	if (rc)
		log_err("hv: %s: BAR at IPA %#llx (%llu KiB) not mapped: %d", p->vm->name,
			(unsigned long long)gpa, (unsigned long long)(size / KiB), rc);
	else
		console_printf("vm %s: BAR mapped: IPA %#llx -> host %#llx, %llu KiB, device "
			       "nGnRE\n",
			       p->vm->name, (unsigned long long)gpa, (unsigned long long)hpa,
			       (unsigned long long)(size / KiB));
	return rc;
}

static int s2_unmap(void *ctx, uint64_t gpa, uint64_t size)
{
	struct pt_vm *p = ctx;

	console_printf("vm %s: BAR unmapped: IPA %#llx, %llu KiB\n", p->vm->name,
		       (unsigned long long)gpa, (unsigned long long)(size / KiB));
	return arch_hv_stage2_unmap(p->vm, gpa, size);
}

static const struct vpci_map_ops s2_ops = { s2_map, s2_unmap };

static int ecam_read(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val)
{
	struct pt_vm *p = dev;
	int rc;

	(void)v;
	spin_lock(&p->lock);
	rc = vpci_ecam_read(&p->bridge, off, size, val);
	spin_unlock(&p->lock);
	return rc;
}

static int ecam_write(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
	struct pt_vm *p = dev;
	int rc;

	(void)v;
	spin_lock(&p->lock);
	rc = vpci_ecam_write(&p->bridge, off, size, val);
	spin_unlock(&p->lock);
	return rc;
}

static const struct hv_mmio_ops ecam_ops = { ecam_read, ecam_write };

/* ---- DMA faults: the guest's ---- */
static void on_dma_fault(void *ctx, struct pci_dev *d, uint16_t rid, uint64_t iova, bool write,
			 uint32_t reason)
{
	struct pt_vm *p = ctx;
	char a[PCI_ADDR_STRLEN] = "?";

	if (d)
		pci_addr_fmt(a, d->addr);
	p->info.dma_faults++;
	p->info.last_fault_iova = iova;
	p->info.last_fault_rid = rid;
	p->info.last_fault_write = write;
	console_printf("vm %s: DMA fault: device %s (StreamID/RID %#x) %s at IPA %#llx outside "
		       "the guest's memory, blocked by the IOMMU (reason %#x)\n",
		       p->vm ? p->vm->name : "?", a, rid, write ? "write" : "read",
		       (unsigned long long)iova, reason);
}

/* ---- setup ---- */
static void fill_desc(struct pci_dev *d, struct vpci_fn_desc *fd)
{
	memset(fd, 0, sizeof(*fd));
	fd->ops = &fn_ops;
	fd->ctx = d;
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];

		if ((b->type != PCI_BAR_MEM32 && b->type != PCI_BAR_MEM64) || !b->assigned)
			continue;
		fd->bar[i].mem64 = b->type == PCI_BAR_MEM64;
		fd->bar[i].prefetch = b->prefetch;
		fd->bar[i].size = b->size;
		fd->bar[i].hpa = pci_bar_cpu_addr(d, i);
		if (fd->bar[i].hpa == INVALID_PADDR)
			fd->bar[i].size = 0;
	}
}

static int domain_for(struct hv_vm *vm, struct iommu_unit *u)
{
	int rc;

	if (pt.dom)
		return pt.dom->unit == u ? 0 : -EXDEV;
	pt.dom = iommu_domain_alloc(u, pt.owner, IOMMU_DOM_PAGING);
	if (!pt.dom)
		return -ENOMEM;
	/* Guest RAM IPA -> host PA: the device uses the addresses the guest knows. */
	rc = iommu_map(pt.dom, vm->ram_ipa, vm->ram_pa, vm->ram_size, IOMMU_RW);
	if (rc) {
		log_err("hv: %s: guest RAM into IOMMU domain %u: %d", vm->name, pt.dom->id, rc);
		return rc;
	}
	iommu_set_fault_handler(pt.dom, on_dma_fault, &pt);
	return 0;
}

/*
 * The host INTID of d's INTx: bridges swizzle the pin by device number
 * (PCI-to-PCI Bridge 1.2, 9.1); on the root bus, QEMU virt's interrupt-map
 * (hw/arm/virt.c create_pcie_irq_map) gives SPI 3 + (slot + pin) % 4.
 * 0 when the function has no INTx.
 */
static unsigned host_intx(struct pci_dev *d, unsigned *pin0)
{
	unsigned pin = pci_read8(d, PCI_INT_LINE + 1), p;
	const struct pci_dev *x = d;

	if (pin < 1 || pin > 4)
		return 0;
	*pin0 = p = pin - 1;
	for (unsigned depth = 0; x->parent && depth < PCI_MAX_BUSES; depth++) {
		p = (p + PCI_SLOT(x->addr.devfn)) % 4;
		x = x->parent;
	}
	return 32 + VPCI_GUEST_INTX_SPI0 + (PCI_SLOT(x->addr.devfn) + p) % 4;
}

static int route_intx(struct hv_vm *vm, struct pci_dev *d, unsigned vdev)
{
	unsigned pin0 = 0, host = host_intx(d, &pin0), virt;
	int rc;

	if (!host)
		return 0;
	virt = 32 + VPCI_GUEST_INTX_SPI0 + (vdev + pin0) % 4; /* the guest DTB's interrupt-map */
	rc = arch_hv_intx_route(vm, host, virt);
	if (rc)
		log_err("hv: %s: INTx of device %u (host INTID %u) not routed: %d", vm->name, vdev,
			host, rc);
	else
		console_printf("vm %s: INTx%c of 00:%02x.0: host INTID %u -> virtual INTID %u\n",
			       vm->name, 'A' + pin0, vdev, host, virt);
	return rc;
}

static int assign_one(struct hv_vm *vm, struct pci_addr a)
{
	char s[PCI_ADDR_STRLEN];
	struct pci_dev *d = pci_find_addr(a);
	struct iommu_unit *u = d ? iommu_unit_for(d) : NULL;
	struct vpci_fn_desc fd;
	int rc;

	pci_addr_fmt(s, a);
	if (!d || pci_dev_is_bridge(d) || d->hdr_type != PCI_HDR_NORMAL) {
		log_err("hv: %s: no endpoint function %s to assign", vm->name, s);
		return -ENODEV;
	}
	if (!u) {
		log_err("hv: %s: %s is not behind an IOMMU: its DMA could reach all memory, not "
			"assigned",
			vm->name, s);
		return -EPERM;
	}
	rc = hv_pt_reclaim(d); /* a disk vmplat drives itself: let go of it first */
	if (!rc)
		rc = domain_for(vm, u);
	if (!rc)
		rc = pci_assign(d, pt.owner);
	if (rc) {
		log_err("hv: %s: %s not assigned to owner %#x: %d", vm->name, s, pt.owner, rc);
		return rc;
	}
	pt.dev[pt.ndev] = d;
	pci_enable_decode(d); /* the host's BAR assignment stays live; the guest's is virtual */
	fill_desc(d, &fd);
	rc = vpci_add_fn(&pt.bridge, pt.ndev, &fd);
	if (!rc)
		rc = route_intx(vm, d, pt.ndev);
	if (rc) {
		pci_release(d, pt.owner);
		return rc;
	}
	console_printf("vm %s: %s (%04x:%04x) assigned as 00:%02x.0, DMA through %s domain %u "
		       "(IPA %#llx, %llu MiB -> host %#llx)\n",
		       vm->name, s, d->vendor, d->device, pt.ndev, u->name, pt.dom->id,
		       (unsigned long long)vm->ram_ipa, (unsigned long long)(vm->ram_size / MiB),
		       (unsigned long long)vm->ram_pa);
	pt.ndev++;
	return 0;
}

static int add_dtb_node(struct hv_vm *vm)
{
	uint64_t dtb_ipa = vm->vcpu[0].ctx.x[0]; /* hv_vm_load: x0 = DTB (booting.rst) */
	void *fdt = hv_vm_ram_ptr(vm, dtb_ipa, PT_DTB_SIZE);
	char gic[32];
	uint32_t ph;
	int rc;

	if (!fdt || fdt_check_header(fdt)) {
		log_err("hv: %s: no guest DTB at %#llx (load the guest first)", vm->name,
			(unsigned long long)dtb_ipa);
		return -EINVAL;
	}
	snprintf(gic, sizeof(gic), "/intc@%llx", (unsigned long long)HV_GUEST_GICD_BASE);
	ph = fdt_get_phandle(fdt, fdt_path_offset(fdt, gic));
	rc = vpci_fdt_add(fdt, PT_DTB_SIZE, &pt.bridge, VPCI_GUEST_ECAM_BASE, ph);
	if (rc)
		log_err("hv: %s: host bridge node not added to the guest DTB: %d", vm->name, rc);
	arch_hv_sync_guest(fdt, PT_DTB_SIZE, false);
	return rc;
}

static void pt_poll(void)
{
	if (pt.active && pt.vm && pt.vm->state == HV_VM_STOPPED)
		hv_pt_release(pt.vm);
}

static int pt_setup(struct hv_vm *vm, bool dtb)
{
	struct hv_mmio_region r = { "pci-ecam", VPCI_GUEST_ECAM_BASE, VPCI_ECAM_SIZE, &ecam_ops,
				    &pt };
	int rc = 0;

	if (!nqueued)
		return 0;
	if (pt.active) {
		log_err("hv: passthrough already serves %s", pt.vm->name);
		return -EBUSY;
	}
	memset(&pt, 0, sizeof(pt));
	pt.vm = vm;
	pt.owner = (uint16_t)(PT_OWNER_BASE + vm->s2.vmid);
	pt.lock = (struct spinlock)SPINLOCK_INIT;
	pt.active = true;
	vpci_init(&pt.bridge, VPCI_GUEST_MMIO_BASE, VPCI_GUEST_MMIO_SIZE, &s2_ops, &pt);
	for (unsigned i = 0; i < nqueued && !rc; i++)
		rc = assign_one(vm, queued[i]);
	if (!rc)
		rc = hv_vm_add_device(vm, &r);
	if (!rc && dtb)
		rc = add_dtb_node(vm);
	if (!rc)
		rc = runtime_add_poller(pt_poll);
	nqueued = 0;
	if (rc)
		hv_pt_release(vm);
	return rc;
}

/*
 * A disk vmplat drove before the VM took it (hv_pt_reclaim): after the reset
 * its block devices restart under their old names, as Jailhouse and ACRN give
 * a destroyed cell's devices back to the root cell / service VM.
 */
static void hand_back(struct hv_vm *vm, struct pci_dev *d, const char *bdf)
{
	int n = blk_attach_pci(d);
	struct blk_dev *b;

	if (n <= 0) {
		console_printf("vm %s: %s not taken back by vmplat (%d): stays released\n",
			       vm->name, bdf, n);
		return;
	}
	console_printf("vm %s: %s returned to vmplat as", vm->name, bdf);
	for (unsigned i = 0; (b = blk_get(i)) != NULL; i++)
		if (b->pci == d && !b->gone)
			console_printf(" %s", b->name);
	console_printf("\n");
}

int hv_pt_setup(struct hv_vm *vm)
{
	return pt_setup(vm, true);
}

int hv_pt_setup_restored(struct hv_vm *vm)
{
	return pt_setup(vm, false);
}

int hv_pt_view(const struct hv_vm *vm, struct hv_pt_view *out)
{
	memset(out, 0, sizeof(*out));
	if (!pt.active || pt.vm != vm)
		return -ENOENT;
	out->bridge = &pt.bridge;
	out->lock = &pt.lock;
	out->ndev = pt.ndev;
	memcpy(out->dev, pt.dev, sizeof(out->dev));
	return 0;
}

void hv_pt_release(struct hv_vm *vm)
{
	if (!pt.active || pt.vm != vm)
		return;
	pt.info.intx = arch_hv_intx_count(vm);
	arch_hv_intx_unroute(vm);
	iommu_poll_faults(); /* faults still queued belong to this guest */
	for (unsigned i = 0; i < pt.ndev; i++) {
		char s[PCI_ADDR_STRLEN];
		int rc = pci_release(pt.dev[i], pt.owner);

		console_printf("vm %s: %s released (%s), DMA blocked\n", vm->name,
			       pci_addr_fmt(s, pt.dev[i]->addr), rc ? "reset failed" : "reset");
		if (!rc && blk_pci_detached(pt.dev[i]))
			hand_back(vm, pt.dev[i], s);
	}
	if (pt.dom && iommu_domain_free(pt.dom))
		log_err("hv: %s: IOMMU domain %u still attached", vm->name, pt.dom->id);
	pt.dom = NULL;
	pt.active = false;
}

/* vm is being freed: its passthrough record must not outlive it (a new VM may reuse the address). */
void hv_pt_forget(struct hv_vm *vm)
{
	if (pt.vm != vm)
		return;
	hv_pt_release(vm);
	memset(&pt.info, 0, sizeof(pt.info));
	pt.vm = NULL;
	pt.ndev = 0;
}

void hv_pt_info(const struct hv_vm *vm, struct hv_pt_info *out)
{
	memset(out, 0, sizeof(*out));
	if (pt.vm != vm)
		return;
	*out = pt.info;
	out->ndev = pt.ndev;
	if (pt.active)
		out->intx = arch_hv_intx_count(vm);
}
