// SPDX-License-Identifier: MIT
/*
 * virtio-blk over the modern PCI transport (virtio 1.2, 5.2 and 4.1):
 * claim the function for the platform domain, run the 3.1.1 sequence with
 * one request queue, read capacity/blk_size, register "vblkN". Stopped for
 * passthrough (reset, 4.1.4.3.2), a device restarts on the same records.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include "virtio_blk.h"
#include "virtio_pci.h"

#define VBLK_QUEUE_SIZE 64

static unsigned vblk_count;

static bool is_virtio_blk(const struct pci_dev *d)
{
	return d->vendor == VIRTIO_PCI_VENDOR &&
	       (d->device == VIRTIO_PCI_MODERN_BASE + VIRTIO_ID_BLOCK ||
		d->device == VIRTIO_PCI_TRANS_BLOCK);
}

static int claim(struct pci_dev *d, const char *name)
{
	int rc = pci_assign(d, PCI_DOMAIN_PLATFORM);

	if (!rc)
		rc = pci_set_master(d, true);
	if (rc)
		log_err("%s: cannot claim the function for the platform: %d", name, rc);
	return rc;
}

static int configure(struct vblk *v, struct virtio_pci *vp)
{
	uint32_t blk_size = 0;
	int rc = virtio_pci_negotiate(vp, vblk_select_features, &v->features);

	if (rc)
		return rc;
	if (v->features & BIT_ULL(VIRTIO_BLK_F_SIZE_MAX) && vp->device_len >= 0x0c)
		v->max_xfer = virtio_pci_cfg32(vp, VIRTIO_BLK_CFG_SIZE_MAX);
	if (v->features & BIT_ULL(VIRTIO_BLK_F_BLK_SIZE) && vp->device_len >= 0x18)
		blk_size = virtio_pci_cfg32(vp, VIRTIO_BLK_CFG_BLK_SIZE);
	else
		v->features &= ~BIT_ULL(VIRTIO_BLK_F_BLK_SIZE);
	rc = vblk_set_geometry(v, virtio_pci_cfg64(vp, VIRTIO_BLK_CFG_CAPACITY), blk_size);
	if (!rc)
		rc = virtio_pci_setup_queue(vp, &v->vq, 0, VBLK_QUEUE_SIZE);
	if (rc) {
		virtio_pci_fail(vp);
		return rc;
	}
	virtio_pci_driver_ok(vp);
	return 0;
}

/* blk_pci_ops.stop: after the reset the device no longer touches the queue (4.1.4.3.2). */
static int vblk_stop(struct blk_dev *d)
{
	struct vblk *v = d->priv;

	return virtio_pci_reset(v->transport);
}

/* blk_pci_ops.restart: the 3.1.1 sequence again, on the queue memory the device had. */
static int vblk_restart(struct blk_dev *d)
{
	struct vblk *v = d->priv;
	int rc = claim(d->pci, d->name);

	v->max_xfer = 0; /* from SIZE_MAX again */
	if (!rc) {
		pci_enable_decode(d->pci);
		rc = configure(v, v->transport);
	}
	if (rc) {
		log_err("%s: did not come back after the reset: %d; the function stays released",
			d->name, rc);
		if (d->pci->owner == PCI_DOMAIN_PLATFORM)
			pci_release(d->pci, PCI_DOMAIN_PLATFORM);
		return rc;
	}
	d->gone = false;
	log_info("%s: virtio-blk back: %llu sectors of %u bytes, features %#llx", d->name,
		 (unsigned long long)d->sectors, d->sector_size, (unsigned long long)v->features);
	return 0;
}

static const struct blk_pci_ops vblk_pci_ops = { vblk_stop, vblk_restart };

int virtio_blk_probe(struct pci_dev *d)
{
	struct virtio_pci *vp;
	struct vblk *v;
	paddr_t req;
	char bdf[PCI_ADDR_STRLEN];
	int rc;

	if (!is_virtio_blk(d))
		return -ENODEV;
	v = calloc(1, sizeof(*v));
	vp = calloc(1, sizeof(*vp));
	req = page_alloc(1);
	if (!v || !vp || req == INVALID_PADDR) {
		free(v);
		free(vp);
		return -ENOMEM;
	}
	snprintf(v->blk.name, sizeof(v->blk.name), "vblk%u", vblk_count);
	snprintf(v->blk.model, sizeof(v->blk.model), "pci %s", pci_addr_fmt(bdf, d->addr));
	v->blk.driver = "virtio-blk";
	v->blk.ops = &vblk_ops;
	v->blk.pci_ops = &vblk_pci_ops;
	v->blk.priv = v;
	v->blk.pci = d;
	v->req = phys_to_virt(req);
	v->transport = vp;
	vp->pci = d;
	vp->name = v->blk.name;
	rc = claim(d, v->blk.name);
	if (!rc)
		rc = virtio_pci_map(vp);
	if (!rc)
		rc = configure(v, vp);
	if (!rc)
		rc = blk_register(&v->blk);
	if (rc) {
		/* The device stays FAILED (or reset); its memory is not reused. */
		log_err("%s (%s): not usable: %d", v->blk.name, bdf, rc);
		return rc;
	}
	vblk_count++;
	log_info("%s: virtio-blk %s: %llu sectors of %u bytes%s, features %#llx", v->blk.name, bdf,
		 (unsigned long long)v->blk.sectors, v->blk.sector_size,
		 v->blk.read_only ? ", read-only" : "", (unsigned long long)v->features);
	return 0;
}
