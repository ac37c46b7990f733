// SPDX-License-Identifier: MIT
/*
 * Assigned PCI functions in VM snapshots (docs/snapshot.md, section vpci):
 * the glue between the portable policy (snapshot/pci_safe.c, handlers like
 * pci_edu.c), the VM's virtual host bridge (hv/vpci_snap.c) and the
 * physical functions. Save: every function classified first (one refused:
 * -EPERM, nothing stored), then each quiesced (handler, Bus Master Enable
 * off, Transactions Pending waited for) and its shadow and device state
 * read; the command registers go back after the save. Restore: the
 * functions the snapshot was taken with are looked up at their saved
 * addresses (ids compared before the running VM is touched), assigned to
 * the new VM (the release of the old VM reset them), and shadow and device
 * state loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/pci.h>
#include "../../hv/passthrough.h"
#include "../../hv/vpci.h"
#include "snap_hv.h"

struct fn_ctx {
	struct pci_dev *d;
	volatile uint8_t *bar0;
	uint64_t bar0_size;
	char name[PCI_ADDR_STRLEN];
};

static struct fn_ctx ctxs[SNAP_MAX_PCI];

static uint32_t cfg_read(void *ctx, uint16_t off, unsigned width)
{
	struct fn_ctx *c = ctx;

	return width == 1 ? pci_read8(c->d, off) :
	       width == 2 ? pci_read16(c->d, off) :
			    pci_read32(c->d, off);
}

static void cfg_write(void *ctx, uint16_t off, unsigned width, uint32_t val)
{
	struct fn_ctx *c = ctx;

	if (width == 2)
		pci_write16(c->d, off, (uint16_t)val);
	else if (width == 4)
		pci_write32(c->d, off, val);
	else
		pci_write8(c->d, off, (uint8_t)val);
}

static uint64_t bar0_read(void *ctx, uint32_t off, unsigned width)
{
	struct fn_ctx *c = ctx;

	if (!c->bar0 || width > c->bar0_size || off > c->bar0_size - width)
		return ~0ULL;
	return width == 8 ? mmio_read64(c->bar0 + off) : mmio_read32(c->bar0 + off);
}

static void bar0_write(void *ctx, uint32_t off, unsigned width, uint64_t val)
{
	struct fn_ctx *c = ctx;

	if (!c->bar0 || width > c->bar0_size || off > c->bar0_size - width)
		return;
	if (width == 8)
		mmio_write64(c->bar0 + off, val);
	else
		mmio_write32(c->bar0 + off, (uint32_t)val);
}

static const struct snap_pci_ops fn_ops = { cfg_read, cfg_write, bar0_read, bar0_write };

/* The snapshot view of physical function d as virtual device i (BAR 0 mapped when memory). */
static void dev_init(struct snap_pci_dev *sd, unsigned i, struct pci_dev *d, uint16_t guest_cmd)
{
	struct fn_ctx *c = &ctxs[i];
	paddr_t pa = pci_bar_cpu_addr(d, 0);

	memset(c, 0, sizeof(*c));
	c->d = d;
	pci_addr_fmt(c->name, d->addr);
	if (pa != INVALID_PADDR && d->bar[0].type != PCI_BAR_IO && d->bar[0].size) {
		c->bar0 = mm_map_device(pa, d->bar[0].size);
		c->bar0_size = c->bar0 ? d->bar[0].size : 0;
	}
	*sd = (struct snap_pci_dev){ c->name, d->vendor, d->device, guest_cmd, &fn_ops, c };
}

static void record_init(struct snap_vpci_fn *r, const struct vpci_fn *f, struct pci_dev *d)
{
	memset(r, 0, sizeof(*r));
	vpci_fn_snap_save(f, r);
	r->vendor = d->vendor;
	r->device = d->device;
	r->seg = d->addr.seg;
	r->bus = d->addr.bus;
	r->devfn = d->addr.devfn;
}

/* Classify all before touching any: a refusal leaves every device as it was. */
static int classify_all(struct snap_vpci_save *s, struct hv_pt_view *pv)
{
	for (unsigned i = 0; i < pv->ndev; i++) {
		struct vpci_fn *f = vpci_fn_by_dev(pv->bridge, i);
		int kind;

		if (!f)
			return -EINVAL;
		dev_init(&s->dev[i], i, pv->dev[i], f->cmd);
		kind = snap_pci_classify(&s->dev[i], &s->h[i]);
		if (kind < 0)
			return kind;
		record_init(&s->v.fn[i], f, pv->dev[i]);
		s->v.fn[i].kind = (uint8_t)kind;
		if (f->cmd & PCI_CMD_MASTER)
			s->dma_dev = (int)i;
	}
	s->v.nfn = pv->ndev;
	return 0;
}

int snap_vpci_prepare(struct hv_vm *vm, struct snap_vpci_save *s)
{
	struct hv_pt_view pv;
	int rc;

	memset(s, 0, sizeof(*s));
	s->dma_dev = -1;
	if (hv_pt_view(vm, &pv))
		return 0; /* no bridge */
	s->present = true;
	/* The lock covers the shadows classify_all copies; the quiesce waits below (up to
	 * the handler's bound plus Transactions Pending) touch only the physical functions
	 * and run without it: the VM is paused, nothing changes the shadows meanwhile. */
	spin_lock(pv.lock);
	rc = classify_all(s, &pv);
	spin_unlock(pv.lock);
	for (unsigned i = 0; i < s->v.nfn && !rc; i++) {
		struct snap_vpci_fn *r = &s->v.fn[i];

		rc = snap_pci_quiesce(&s->dev[i], r->kind == SNAP_PCI_HANDLER ? s->h[i] : NULL,
				      &s->phys_cmd[i]);
		if (!rc)
			s->nquiesced = i + 1;
		if (!rc && r->kind == SNAP_PCI_HANDLER)
			rc = s->h[i]->save(&s->dev[i], r->blob, &r->blob_len);
	}
	if (rc)
		snap_vpci_finish(s);
	return rc;
}

void snap_vpci_finish(struct snap_vpci_save *s)
{
	for (unsigned i = 0; i < s->nquiesced; i++)
		snap_pci_unquiesce(&s->dev[i], s->phys_cmd[i]);
	s->nquiesced = 0;
}

/* ---- restore ---- */

static int find_fn(const struct snap_vpci_fn *r, struct pci_dev **out)
{
	struct pci_addr a = { r->seg, r->bus, r->devfn };
	struct pci_dev *d = pci_find_addr(a);
	char s[PCI_ADDR_STRLEN];

	pci_addr_fmt(s, a);
	if (!d || d->vendor != r->vendor || d->device != r->device) {
		log_err("snapshot: function %s is %04x:%04x here; the snapshot's was %04x:%04x", s,
			d ? d->vendor : 0xffff, d ? d->device : 0xffff, r->vendor, r->device);
		return -EXDEV;
	}
	if (r->kind == SNAP_PCI_HANDLER && !snap_pci_handler_find(r->vendor, r->device)) {
		log_err("snapshot: %s (%04x:%04x) has device state but no handler here", s,
			r->vendor, r->device);
		return -EXDEV; /* a platform that cannot take this VM */
	}
	*out = d;
	return 0;
}

int snap_vpci_precheck(const struct snap_vpci *v)
{
	struct pci_dev *d;
	int rc = 0;

	for (unsigned i = 0; i < v->nfn && !rc; i++) {
		rc = find_fn(&v->fn[i], &d);
		if (!rc && v->fn[i].vdev != i)
			rc = -EINVAL; /* the bridge numbers functions in assignment order */
	}
	return rc;
}

/* Queue the snapshot's functions for hv_pt_setup_restored (after the old VM released them). */
int snap_vpci_queue(const struct snap_vpci *v)
{
	hv_pt_clear_queue();
	for (unsigned i = 0; i < v->nfn; i++) {
		char s[PCI_ADDR_STRLEN];
		struct pci_addr a = { v->fn[i].seg, v->fn[i].bus, v->fn[i].devfn };
		int rc = hv_pt_queue(pci_addr_fmt(s, a));

		if (rc)
			return rc;
	}
	return 0;
}

int snap_vpci_load(struct hv_vm *vm, const struct snap_vpci *v)
{
	struct hv_pt_view pv;
	int rc = hv_pt_view(vm, &pv);

	if (rc || pv.ndev != v->nfn)
		return -EXDEV;
	spin_lock(pv.lock);
	for (unsigned i = 0; i < v->nfn && !rc; i++) {
		const struct snap_vpci_fn *r = &v->fn[i];
		struct vpci_fn *f = vpci_fn_by_dev(pv.bridge, r->vdev);
		struct snap_pci_dev sd;

		if (!f)
			rc = -EXDEV;
		if (!rc)
			rc = vpci_fn_snap_load(pv.bridge, f, r);
		if (!rc && r->kind == SNAP_PCI_HANDLER) {
			dev_init(&sd, i, pv.dev[i], r->cmd);
			rc = snap_pci_handler_find(r->vendor, r->device)
				     ->restore(&sd, r->blob, r->blob_len);
		}
		if (rc)
			log_err("snapshot: %s: virtual device %u not restored (%d)", vm->name, i,
				rc);
	}
	spin_unlock(pv.lock);
	return rc;
}

/*
 * One line per function, read from the bridge and the device now (the VM
 * should be paused): what a snapshot would hold, for checks from outside.
 */
int snap_vpci_show(struct hv_vm *vm)
{
	struct hv_pt_view pv;

	if (hv_pt_view(vm, &pv)) {
		console_printf("vm devstate: %s has no assigned functions\n", vm->name);
		return -ENOENT;
	}
	spin_lock(pv.lock);
	for (unsigned i = 0; i < pv.ndev; i++) {
		struct vpci_fn *f = vpci_fn_by_dev(pv.bridge, i);
		const struct snap_pci_handler *h;
		struct snap_vpci_fn r;
		struct snap_pci_dev sd;
		uint8_t blob[SNAP_VPCI_BLOB_MAX];
		uint32_t len = 0;

		if (!f)
			continue;
		record_init(&r, f, pv.dev[i]);
		dev_init(&sd, i, pv.dev[i], f->cmd);
		h = snap_pci_handler_find(sd.vendor, sd.device);
		if (h && h->save(&sd, blob, &len))
			len = 0;
		console_printf("vm devstate 00:%02x.0 %s %04x:%04x cmd=%#06x bar0=%#llx line=%u "
			       "phys_cmd=%#06x state=",
			       r.vdev, sd.name, r.vendor, r.device, r.cmd,
			       (unsigned long long)r.bar[0], r.int_line,
			       pci_read16(pv.dev[i], PCI_COMMAND));
		for (uint32_t k = 0; k < len; k++)
			console_printf("%02x", blob[k]);
		console_printf("%s\n", len ? "" : "-");
	}
	spin_unlock(pv.lock);
	return 0;
}
