// SPDX-License-Identifier: MIT
/*
 * Firmware start-up of storage: offer every PCI function to the block
 * drivers, then list what was found (the boot report's block lines).
 */
#include <errno.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>

int blk_probe_pci(struct pci_dev *pci)
{
	static int (*const probes[])(struct pci_dev *) = { virtio_blk_probe, nvme_probe };

	for (unsigned i = 0; i < ARRAY_SIZE(probes); i++) {
		int r = probes[i](pci);

		if (r != -ENODEV)
			return r;
	}
	return -ENODEV;
}

int blk_init(void)
{
	int rc = 0;

	pci_for_each_dev (d) {
		int r = blk_probe_pci(d);

		if (r && r != -ENODEV && !rc)
			rc = r;
	}
	blk_report();
	return rc;
}
