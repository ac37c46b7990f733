// SPDX-License-Identifier: MIT
/*
 * Copy an expansion ROM out of its ROM BAR. The ROM Base Address register's
 * enable bit turns the decoder on (PCIe 6.0, 7.5.1.2.4); a device may share
 * that decoder with other BARs (PCI LB 3.0, 6.2.5.2), so it is enabled only
 * for the copy, with memory decode on, and both are put back afterwards.
 */
#include <errno.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>

long pci_rom_read(struct pci_dev *d, uint8_t *buf, size_t max)
{
	const struct pci_bar *b = &d->bar[PCI_ROM_SLOT];
	uint16_t reg = d->hdr_type == PCI_HDR_BRIDGE ? PCI_BRIDGE_ROM : PCI_ROM_ADDR;
	uint32_t rom, cmd;
	volatile uint8_t *va;
	paddr_t pa;
	size_t n;

	if (b->type != PCI_BAR_ROM)
		return -ENOENT;
	if (!b->assigned)
		return -EADDRNOTAVAIL;
	pa = pci_bar_cpu_addr(d, PCI_ROM_SLOT);
	if (pa == INVALID_PADDR)
		return -EADDRNOTAVAIL;
	n = (size_t)MIN((uint64_t)max, b->size) & ~(size_t)3;
	va = mm_map_device(pa, n);
	if (!va)
		return -ENOMEM;
	rom = pci_read32(d, reg);
	cmd = pci_read16(d, PCI_COMMAND);
	pci_write16(d, PCI_COMMAND, (uint16_t)(cmd | PCI_CMD_MEM));
	pci_write32(d, reg, (rom & PCI_ROM_MASK) | PCI_ROM_ENABLE);
	for (size_t i = 0; i < n; i += 4)
		le32_put(buf + i, mmio_read32(va + i));
	pci_write32(d, reg, rom);
	pci_write16(d, PCI_COMMAND, (uint16_t)cmd);
	return (long)n;
}
