// SPDX-License-Identifier: MIT
/*
 * Passing a storage function vmplat itself drives to a guest
 * (docs/hypervisor-linux.md): at boot the block layer claims every NVMe
 * controller (drivers/block/blk_init.c, owner PCI_DOMAIN_PLATFORM). Before
 * such a function is assigned, the block layer stops its devices
 * (blk_detach_pci: controller reset/disable, devices gone) and the function is
 * released (bus mastering off, FLR or secondary bus reset, pci_release) so
 * the guest gets a controller nothing else uses. The volume the boot manager
 * reads is never taken. When the VM stops, hv_pt_release resets the function
 * and gives it back to the block layer (blk_attach_pci: same device names).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>
#include "passthrough.h"

/* Whether one of the block devices behind d holds the boot manager's volume. */
static bool holds_boot_volume(const struct pci_dev *d, const char **name)
{
	struct blk_dev *b;

	for (unsigned i = 0; (b = blk_get(i)) != NULL; i++) {
		if (b->pci == d && boot_config.fs && !strcmp(boot_config.source, b->name)) {
			*name = b->name;
			return true;
		}
	}
	return false;
}

int hv_pt_reclaim(struct pci_dev *d)
{
	char s[PCI_ADDR_STRLEN];
	const char *vol;
	int n, rc;

	pci_addr_fmt(s, d->addr);
	if (d->owner != PCI_DOMAIN_PLATFORM)
		return 0;
	if (holds_boot_volume(d, &vol)) {
		log_err("hv: %s holds the boot volume (%s): not assigned", s, vol);
		return -EBUSY;
	}
	n = blk_detach_pci(d);
	if (n <= 0) {
		log_err("hv: %s is in use by vmplat (class %06x, no block device of it to stop: "
			"%d): not assigned",
			s, d->class_code, n);
		return n < 0 ? n : -EBUSY;
	}
	rc = pci_release(d, PCI_DOMAIN_PLATFORM);
	console_printf("hv: %s taken from vmplat's block layer (%d device(s) stopped), %s\n", s, n,
		       rc ? "reset failed" : "reset");
	return rc;
}
