// SPDX-License-Identifier: MIT
/*
 * Before a handoff: no PCI function may start DMA or signal an MSI into
 * memory the next kernel owns. Bus Master Enable cleared (PCIe 6.0,
 * 7.5.1.1.3: no memory requests, and so no MSI writes, 6.1.4) and MSI /
 * MSI-X enables cleared, on every function and bridge vmplat found; the
 * kernel's drivers enable what they use. Read back to be sure it held.
 */
#include <errno.h>
#include <vmplat/handoff.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>
#include <vmplat/pci_regs.h>

int pci_bus_master_off_all(void)
{
	unsigned n = 0, stuck = 0;

	pci_for_each_dev (d) {
		pci_msi_disable(d); /* -ENODEV without the capability: nothing to do */
		pci_msix_enable(d, false);
		pci_set_master(d, false);
		if (pci_read16(d, PCI_COMMAND) & PCI_CMD_MASTER) {
			char bdf[PCI_ADDR_STRLEN];

			log_err("pci %s: Bus Master Enable stays set", pci_addr_fmt(bdf, d->addr));
			stuck++;
		}
		n++;
	}
	log_info("handoff: bus mastering and MSI off on %u PCI function(s)", n);
	return stuck ? -EIO : 0;
}
