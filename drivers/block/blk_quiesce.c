// SPDX-License-Identifier: MIT
/*
 * Stopping storage controllers, so no DMA lands in memory that is no longer
 * ours: before a handoff (every device) and before a function is given to
 * a guest (the devices of one function). Each driver's pci_ops->stop does the
 * hardware part: virtio reset (virtio 1.2, 2.1.1 and 4.1.4.3.2), NVMe
 * CC.EN = 0 then CSTS.RDY = 0 within CAP.TO (NVMe 1.4, 3.1.6). The devices
 * stay registered, marked gone. Portable: the host tests run it.
 */
#include <errno.h>
#include <vmplat/blk.h>
#include <vmplat/handoff.h>
#include <vmplat/log.h>

static int stop_one(struct blk_dev *d)
{
	/* UEFI BlockIo (gone after ExitBootServices) and host files have no stop. */
	return d->pci_ops && d->pci_ops->stop ? d->pci_ops->stop(d) : 0;
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
