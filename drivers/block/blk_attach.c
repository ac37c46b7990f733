// SPDX-License-Identifier: MIT
/*
 * Giving a function back to the block layer (docs/storage.md, hand-back):
 * after blk_detach_pci stopped its devices and the function went through a
 * reset and another owner (a guest), the devices restart in place, under
 * the names and blk_dev records they had, so whoever held a pointer to one
 * (the shell, a mount) sees the disk again. Portable: the host tests run it
 * over memory-backed devices.
 */
#include <errno.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>

bool blk_pci_detached(const struct pci_dev *pci)
{
	struct blk_dev *d;

	for (unsigned i = 0; pci && (d = blk_get(i)) != NULL; i++)
		if (d->pci == pci && d->gone)
			return true;
	return false;
}

static unsigned live_devices(const struct pci_dev *pci)
{
	struct blk_dev *d;
	unsigned n = 0;

	for (unsigned i = 0; (d = blk_get(i)) != NULL; i++)
		n += d->pci == pci && !d->gone;
	return n;
}

/*
 * The devices of one function share its controller, and one restart brings
 * back every device it serves (NVMe namespaces; blk_pci_ops.restart): restart
 * through the first gone one only. A second call would reset the controller
 * again, and after a failure repeat its timeouts and its error line.
 */
static int restart_detached(struct pci_dev *pci)
{
	struct blk_dev *d;

	for (unsigned i = 0; (d = blk_get(i)) != NULL; i++) {
		if (d->pci != pci || !d->gone)
			continue;
		if (!d->pci_ops || !d->pci_ops->restart) {
			log_err("blk: %s: driver %s cannot restart a stopped device", d->name,
				d->driver ? d->driver : "?");
			return -EOPNOTSUPP;
		}
		return d->pci_ops->restart(d);
	}
	return 0;
}

int blk_attach_pci(struct pci_dev *pci)
{
	unsigned n;
	int rc;

	if (!pci)
		return -EINVAL;
	if (pci->owner != PCI_DOMAIN_NONE && pci->owner != PCI_DOMAIN_PLATFORM) {
		log_err("blk: function owned by domain %#x: not taken back", pci->owner);
		return -EBUSY;
	}
	rc = blk_pci_detached(pci) ? restart_detached(pci) : blk_probe_pci(pci);
	n = live_devices(pci);
	if (n)
		return (int)n;
	return rc ? rc : -ENODEV;
}
