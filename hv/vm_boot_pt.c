// SPDX-License-Identifier: MIT
/*
 * Passing a storage function vmplat itself drives to a guest
 * (docs/hypervisor-linux.md): at boot the block layer claims every NVMe
 * controller (drivers/block/blk_init.c, owner PCI_DOMAIN_PLATFORM). Before
 * such a function is assigned, its block devices are marked gone and the
 * function is released (bus mastering off, FLR or secondary bus reset,
 * pci_release) so the guest gets a controller nothing else uses. The
 * controller's namespaces are found by the driver's naming: controllers are
 * numbered in PCI scan order among the NVMe functions it took
 * (nvme<ctrl>n<nsid>). The volume the boot manager reads is never taken.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>
#include "passthrough.h"

#define CLASS_NVME 0x010802u /* mass storage, NVM, NVMe (PCI Code and ID 1.15) */

/* nvme<N> of vmplat's driver for d, or -1 when it does not drive d. */
static int nvme_index(const struct pci_dev *d)
{
	int n = 0;

	pci_for_each_dev (o) {
		if (o->class_code != CLASS_NVME || o->pf || o->owner != PCI_DOMAIN_PLATFORM)
			continue;
		if (o == d)
			return n;
		n++;
	}
	return -1;
}

int hv_pt_reclaim(struct pci_dev *d)
{
	char s[PCI_ADDR_STRLEN], prefix[BLK_NAME_MAX];
	int idx = d->owner == PCI_DOMAIN_PLATFORM ? nvme_index(d) : -1;
	unsigned gone = 0;
	struct blk_dev *b;
	int rc;

	pci_addr_fmt(s, d->addr);
	if (d->owner != PCI_DOMAIN_PLATFORM)
		return 0;
	if (idx < 0) {
		log_err("hv: %s is in use by vmplat (class %06x): not assigned", s, d->class_code);
		return -EBUSY;
	}
	snprintf(prefix, sizeof(prefix), "nvme%dn", idx);
	for (unsigned i = 0; (b = blk_get(i)) != NULL; i++) {
		if (strncmp(b->name, prefix, strlen(prefix)))
			continue;
		if (boot_config.fs && !strcmp(boot_config.source, b->name)) {
			log_err("hv: %s holds the boot volume (%s): not assigned", s, b->name);
			return -EBUSY;
		}
	}
	for (unsigned i = 0; (b = blk_get(i)) != NULL; i++) {
		if (!strncmp(b->name, prefix, strlen(prefix)) && !b->gone) {
			b->gone = true;
			gone++;
		}
	}
	rc = pci_release(d, PCI_DOMAIN_PLATFORM);
	console_printf("hv: %s taken from vmplat's NVMe driver (nvme%d, %u namespace(s) gone), "
		       "%s\n",
		       s, idx, gone, rc ? "reset failed" : "reset");
	return rc;
}
