// SPDX-License-Identifier: MIT
/* Helpers shared by the files of drivers/pci, not part of the interface. */
#ifndef DRIVERS_PCI_INTERNAL_H
#define DRIVERS_PCI_INTERNAL_H

#include <vmplat/pci.h>

/* "pci 0000:00:03.0: <what> (<rule>)" at warning level. */
void pci_warn(const struct pci_dev *d, const char *fmt, ...) __printf(2, 3);

/* Size the BAR register at off (last: no room for a 64-bit upper half).
 * Returns the register slots used (1 or 2); b->type is NONE when unusable. */
unsigned pci_size_bar_reg(struct pci_dev *d, uint16_t off, bool last, struct pci_bar *b);
/* A BAR value that firmware plausibly assigned (nonzero, not the sizing pattern). */
bool pci_bar_fw_assigned(const struct pci_bar *b);
/* Write base (and the upper half for 64-bit) to the BAR register at off. */
void pci_write_bar_reg(struct pci_dev *d, uint16_t off, const struct pci_bar *b);

/* Bridge windows: what is implemented, what firmware left, and programming. */
void pci_bridge_probe_windows(struct pci_dev *b);
void pci_bridge_write_windows(struct pci_dev *b);

/* Bus numbers and resources in use by the scan (enumerate.c). */
int pci_scan_bridge(struct pci_dev *b, unsigned *next_bus, unsigned limit);
int pci_scan_bus(struct pci_host *h, struct pci_dev *parent, unsigned bus, unsigned *next_bus,
		 unsigned limit);

/* SR-IOV: write the VF BAR registers from pf->sriov->vf_bar[]. */
void pci_sriov_write_bars(struct pci_dev *pf);
void pci_sriov_reset(void);

#endif
