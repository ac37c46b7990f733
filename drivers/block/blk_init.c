// SPDX-License-Identifier: MIT
/*
 * Firmware start-up of storage: offer every PCI function to the block
 * drivers, then list what was found (the boot report's block lines).
 */
#include <errno.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>

int blk_init(void)
{
	static int (*const probes[])(struct pci_dev *) = { virtio_blk_probe, nvme_probe };
	int rc = 0;

	pci_for_each_dev (d) {
		for (unsigned i = 0; i < ARRAY_SIZE(probes); i++) {
			int r = probes[i](d);

			if (r == -ENODEV)
				continue;
			if (r && !rc)
				rc = r;
			break;
		}
	}
	blk_report();
	return rc;
}
