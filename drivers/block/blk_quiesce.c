// SPDX-License-Identifier: MIT
/*
 * Stopping every storage controller before a handoff, so no DMA lands in
 * memory the next kernel owns: virtio devices reset (virtio 1.2, 2.1.1 and
 * 4.1.4.3.2: device_status 0 reads back 0 once the device let go of its
 * queues), NVMe controllers disabled (NVMe 1.4, 3.1.6, CC.EN = 0 then
 * CSTS.RDY = 0 within CAP.TO). The devices are marked gone for the layer.
 */
#include <errno.h>
#include <vmplat/handoff.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>
#include "nvme.h"
#include "virtio_blk.h"
#include "virtio_pci.h"

static int nvme_stop(struct nvme_ctrl *c)
{
	uint64_t to = (FIELD_GET(NVME_CAP_TO, c->cap) + 1) * 500 * NSEC_PER_MSEC;
	uint64_t deadline = timestamp_ns() + to;
	uint32_t cc = mmio_read32(c->regs + NVME_REG_CC);

	if (cc & NVME_CC_EN)
		mmio_write32(c->regs + NVME_REG_CC, cc & ~NVME_CC_EN);
	while (mmio_read32(c->regs + NVME_REG_CSTS) & NVME_CSTS_RDY) {
		if (timestamp_ns() > deadline) {
			log_err("%s: CSTS.RDY stays 1 after CC.EN = 0 (NVMe 1.4 3.1.6)", c->name);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

static int stop_one(struct blk_dev *d)
{
	if (d->ops == &vblk_ops) {
		struct vblk *v = d->priv;

		return virtio_pci_reset(v->transport);
	}
	if (d->ops == &nvme_ns_ops) {
		struct nvme_ns *ns = d->priv;

		/* Namespaces share a controller: a stopped one reads CC.EN = 0 already. */
		return nvme_stop(ns->ctrl);
	}
	return 0; /* UEFI BlockIo (gone after ExitBootServices), host files */
}

int blk_detach_pci(struct pci_dev *pci)
{
	int first = 0;
	unsigned n = 0;
	struct blk_dev *d;

	for (unsigned i = 0; pci && (d = blk_get(i)) != NULL; i++) {
		int rc;

		if (d->gone || d->pci != pci)
			continue;
		rc = stop_one(d);
		if (rc && !first)
			first = rc;
		d->gone = true;
		n++;
	}
	return first ? first : (int)n;
}

int blk_quiesce_all(void)
{
	int first = 0;
	unsigned n = 0;
	struct blk_dev *d;

	for (unsigned i = 0; (d = blk_get(i)) != NULL; i++) {
		int rc;

		if (d->gone)
			continue;
		rc = stop_one(d);
		if (rc && !first)
			first = rc;
		d->gone = true;
		n++;
	}
	log_info("handoff: %u block device(s) stopped", n);
	return first;
}
