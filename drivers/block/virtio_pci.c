// SPDX-License-Identifier: MIT
/*
 * virtio 1.x modern PCI transport (virtio 1.2, 4.1): the vendor-specific
 * capabilities locate the common, notify, ISR and device-config structures
 * in BARs (4.1.4); the driver follows the initialisation sequence of 3.1.1.
 */
#include <errno.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/timer.h>
#include "virtio_pci.h"

/* 4.1.4 struct virtio_pci_cap, inside a vendor-specific capability. */
#define VCAP_CFG_TYPE	 3
#define VCAP_BAR	 4
#define VCAP_OFFSET	 8
#define VCAP_LENGTH	 12
#define VCAP_NOTIFY_MULT 16
#define VCAP_COMMON	 1
#define VCAP_NOTIFY	 2
#define VCAP_ISR	 3
#define VCAP_DEVICE	 4

/* 4.1.4.3 struct virtio_pci_common_cfg. */
#define VC_DFSELECT	 0x00
#define VC_DF		 0x04
#define VC_GFSELECT	 0x08
#define VC_GF		 0x0c
#define VC_MSIX		 0x10
#define VC_NUMQ		 0x12
#define VC_STATUS	 0x14
#define VC_CFGGEN	 0x15
#define VC_Q_SELECT	 0x16
#define VC_Q_SIZE	 0x18
#define VC_Q_MSIX	 0x1a
#define VC_Q_ENABLE	 0x1c
#define VC_Q_NOTIFY_OFF	 0x1e
#define VC_Q_DESC	 0x20
#define VC_Q_DRIVER	 0x28
#define VC_Q_DEVICE	 0x30
#define VIRTIO_NO_VECTOR 0xffff

#define VIRTIO_RESET_TIMEOUT_NS (1 * NSEC_PER_SEC)
#define VIRTIO_CFGGEN_TRIES	16

static volatile uint8_t *map_cap(struct virtio_pci *vp, uint16_t cap, uint32_t *len_out)
{
	struct pci_dev *d = vp->pci;
	uint8_t bar = pci_read8(d, (uint16_t)(cap + VCAP_BAR));
	uint32_t off = pci_read32(d, (uint16_t)(cap + VCAP_OFFSET));
	uint32_t len = pci_read32(d, (uint16_t)(cap + VCAP_LENGTH));
	paddr_t base;

	/* The structure must lie inside an assigned memory BAR (4.1.4). */
	if (bar >= PCI_NUM_BARS || !d->bar[bar].assigned || d->bar[bar].type == PCI_BAR_IO ||
	    !len || off > d->bar[bar].size || len > d->bar[bar].size - off) {
		log_err("%s: virtio cap at %#x: bar %u offset %#x length %#x unusable (4.1.4)",
			vp->name, cap, bar, off, len);
		return NULL;
	}
	base = pci_bar_cpu_addr(d, bar);
	if (base == INVALID_PADDR)
		return NULL;
	if (len_out)
		*len_out = len;
	return mm_map_device(base + off, len);
}

int virtio_pci_map(struct virtio_pci *vp)
{
	struct pci_cap caps[PCI_MAX_CAPS];
	int n = pci_walk_caps(vp->pci, false, caps, PCI_MAX_CAPS);

	for (int i = 0; i < n; i++) {
		uint16_t c = caps[i].off;

		if (caps[i].id != PCI_CAP_ID_VNDR)
			continue;
		switch (pci_read8(vp->pci, (uint16_t)(c + VCAP_CFG_TYPE))) {
		case VCAP_COMMON: /* the first of each type is the preferred one (4.1.4.1) */
			vp->common = vp->common ? vp->common : map_cap(vp, c, NULL);
			break;
		case VCAP_NOTIFY:
			if (!vp->notify) {
				vp->notify = map_cap(vp, c, &vp->notify_len);
				vp->notify_mult =
					pci_read32(vp->pci, (uint16_t)(c + VCAP_NOTIFY_MULT));
			}
			break;
		case VCAP_ISR:
			vp->isr = vp->isr ? vp->isr : map_cap(vp, c, NULL);
			break;
		case VCAP_DEVICE:
			vp->device = vp->device ? vp->device : map_cap(vp, c, &vp->device_len);
			break;
		}
	}
	if (!vp->common || !vp->notify || !vp->device) {
		log_err("%s: no modern virtio structures (common %d notify %d device %d, 4.1.4)",
			vp->name, !!vp->common, !!vp->notify, !!vp->device);
		return -ENODEV;
	}
	return 0;
}

static uint8_t get_status(struct virtio_pci *vp)
{
	return mmio_read8(vp->common + VC_STATUS);
}

static void add_status(struct virtio_pci *vp, uint8_t bits)
{
	mmio_write8(vp->common + VC_STATUS, get_status(vp) | bits);
}

int virtio_pci_reset(struct virtio_pci *vp)
{
	uint64_t deadline = timestamp_ns() + VIRTIO_RESET_TIMEOUT_NS;

	mmio_write8(vp->common + VC_STATUS, 0);
	while (get_status(vp)) {
		if (timestamp_ns() > deadline) {
			log_err("%s: device_status stays %#x after reset (4.1.4.3.2)", vp->name,
				get_status(vp));
			return -ETIMEDOUT;
		}
		udelay(10);
	}
	return 0;
}

void virtio_pci_fail(struct virtio_pci *vp)
{
	add_status(vp, VIRTIO_STATUS_FAILED);
}

static uint64_t read_features(struct virtio_pci *vp)
{
	uint64_t f;

	mmio_write32(vp->common + VC_DFSELECT, 0);
	f = mmio_read32(vp->common + VC_DF);
	mmio_write32(vp->common + VC_DFSELECT, 1);
	return f | (uint64_t)mmio_read32(vp->common + VC_DF) << 32;
}

int virtio_pci_negotiate(struct virtio_pci *vp, uint64_t (*want)(uint64_t), uint64_t *out)
{
	uint64_t offered, f;
	int rc = virtio_pci_reset(vp);

	if (rc)
		return rc;
	add_status(vp, VIRTIO_STATUS_ACKNOWLEDGE);
	add_status(vp, VIRTIO_STATUS_DRIVER);
	offered = read_features(vp);
	f = want(offered);
	if (!(f & BIT_ULL(32))) { /* VIRTIO_F_VERSION_1: a modern device offers it (6.1) */
		log_err("%s: VIRTIO_F_VERSION_1 not offered (features %#llx)", vp->name,
			(unsigned long long)offered);
		virtio_pci_fail(vp);
		return -ENODEV;
	}
	mmio_write32(vp->common + VC_GFSELECT, 0);
	mmio_write32(vp->common + VC_GF, (uint32_t)f);
	mmio_write32(vp->common + VC_GFSELECT, 1);
	mmio_write32(vp->common + VC_GF, (uint32_t)(f >> 32));
	add_status(vp, VIRTIO_STATUS_FEATURES_OK);
	/* 3.1.1 step 6: the device may refuse the subset. */
	if (!(get_status(vp) & VIRTIO_STATUS_FEATURES_OK)) {
		log_err("%s: device refused features %#llx (FEATURES_OK clear, 3.1.1)", vp->name,
			(unsigned long long)f);
		virtio_pci_fail(vp);
		return -EIO;
	}
	*out = f;
	return 0;
}

static void write64(volatile uint8_t *p, uint64_t v)
{
	/* 64-bit fields as two 32-bit writes, low half first (4.1.3.1). */
	mmio_write32(p, (uint32_t)v);
	mmio_write32(p + 4, (uint32_t)(v >> 32));
}

static void notify(void *ctx, uint16_t queue)
{
	struct virtio_pci *vp = ctx;

	mmio_write16(vp->queue_notify, queue);
}

int virtio_pci_setup_queue(struct virtio_pci *vp, struct virtq *q, uint16_t index, uint16_t max)
{
	volatile uint8_t *c = vp->common;
	uint16_t size, noff;
	paddr_t mem;
	int rc;

	if (index >= mmio_read16(c + VC_NUMQ))
		return -ENODEV;
	mmio_write16(c + VC_Q_SELECT, index);
	size = mmio_read16(c + VC_Q_SIZE);
	if (!size) {
		log_err("%s: queue %u unavailable (size 0)", vp->name, index);
		return -ENODEV;
	}
	/* The largest power of two under both limits (a driver may shrink it, 4.1.4.3.2). */
	for (noff = 1; (uint32_t)noff * 2 <= MIN(size, max); noff = (uint16_t)(noff * 2))
		;
	size = noff;
	if (q->desc && q->size == size)
		mem = virt_to_phys(q->desc); /* a restart: the ring memory it had */
	else
		mem = page_alloc(virtq_mem_size(size) / PAGE_SIZE);
	if (mem == INVALID_PADDR)
		return -ENOMEM;
	rc = virtq_init(q, index, size, phys_to_virt(mem));
	if (rc)
		return rc;
	mmio_write16(c + VC_Q_SIZE, size);
	mmio_write16(c + VC_Q_MSIX, VIRTIO_NO_VECTOR);
	write64(c + VC_Q_DESC, q->desc_pa);
	write64(c + VC_Q_DRIVER, q->avail_pa);
	write64(c + VC_Q_DEVICE, q->used_pa);
	noff = mmio_read16(c + VC_Q_NOTIFY_OFF);
	if ((uint64_t)noff * vp->notify_mult + 2 > vp->notify_len) {
		log_err("%s: queue %u doorbell %u * %u outside the notify structure (4.1.4.4)",
			vp->name, index, noff, vp->notify_mult);
		return -EIO;
	}
	vp->queue_notify = vp->notify + (uint32_t)noff * vp->notify_mult;
	q->notify = notify;
	q->notify_ctx = vp;
	mmio_write16(c + VC_Q_ENABLE, 1);
	return 0;
}

void virtio_pci_driver_ok(struct virtio_pci *vp)
{
	add_status(vp, VIRTIO_STATUS_DRIVER_OK);
}

/* Retry while config_generation moves under us (4.1.4.3.1), bounded. */
uint64_t virtio_pci_cfg64(struct virtio_pci *vp, uint32_t off)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < VIRTIO_CFGGEN_TRIES; i++) {
		uint8_t gen = mmio_read8(vp->common + VC_CFGGEN);

		v = mmio_read32(vp->device + off) | (uint64_t)mmio_read32(vp->device + off + 4)
							    << 32;
		if (gen == mmio_read8(vp->common + VC_CFGGEN))
			break;
	}
	return v;
}

uint32_t virtio_pci_cfg32(struct virtio_pci *vp, uint32_t off)
{
	return mmio_read32(vp->device + off);
}
