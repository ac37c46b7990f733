// SPDX-License-Identifier: MIT
/*
 * MSI (PCIe 6.0, 7.7.1) and MSI-X (7.7.2) programming. Every register
 * written is read back: a function that does not keep what it was told is
 * reported rather than trusted. Delivery comes with the interrupt remapping
 * and hypervisor work; this file only programs and checks.
 */
#include <errno.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include "pci_internal.h"

static int check16(struct pci_dev *d, uint16_t off, uint16_t want, uint16_t mask, const char *what)
{
	uint16_t got = pci_read16(d, off);

	if ((got & mask) == (want & mask))
		return 0;
	pci_warn(d, "%s reads back %#x, wrote %#x", what, got, want);
	return -EIO;
}

static int check32(struct pci_dev *d, uint16_t off, uint32_t want, const char *what)
{
	uint32_t got = pci_read32(d, off);

	if (got == want)
		return 0;
	pci_warn(d, "%s reads back %#x, wrote %#x", what, got, want);
	return -EIO;
}

static unsigned log2_ceil(unsigned v)
{
	unsigned l = 0;

	while ((1u << l) < v)
		l++;
	return l;
}

static uint16_t msi_mask_off(struct pci_dev *d, uint16_t ctrl)
{
	return (uint16_t)(d->cap_msi +
			  ((ctrl & PCI_MSI_CTRL_64) ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32));
}

/* nvec vectors use the low log2(nvec) bits of data (7.7.1.2 Multiple Message Enable). */
int pci_msi_enable(struct pci_dev *d, uint64_t addr, uint16_t data, unsigned nvec)
{
	uint16_t c = d->cap_msi, ctrl, dataoff;
	unsigned mme, mmc;
	int rc;

	if (!c)
		return -ENODEV;
	ctrl = pci_read16(d, c + PCI_MSI_CTRL);
	mmc = (unsigned)FIELD_GET(PCI_MSI_CTRL_MMC, ctrl);
	mme = nvec ? log2_ceil(nvec) : 0;
	if (!nvec || (nvec & (nvec - 1)) || mme > mmc || (addr & 3) || (data & (nvec - 1)))
		return -EINVAL;
	if (addr >> 32 && !(ctrl & PCI_MSI_CTRL_64))
		return -ERANGE; /* 32-bit message address only */
	ctrl &= (uint16_t) ~(PCI_MSI_CTRL_EN | PCI_MSI_CTRL_MME);
	pci_write16(d, c + PCI_MSI_CTRL, ctrl); /* off while the message changes */
	pci_write32(d, c + PCI_MSI_ADDR_LO, (uint32_t)addr);
	dataoff = c + PCI_MSI_DATA_32;
	if (ctrl & PCI_MSI_CTRL_64) {
		pci_write32(d, c + PCI_MSI_ADDR_HI, (uint32_t)(addr >> 32));
		dataoff = c + PCI_MSI_DATA_64;
	}
	pci_write16(d, dataoff, data);
	ctrl |= (uint16_t)(FIELD_PREP(PCI_MSI_CTRL_MME, mme) | PCI_MSI_CTRL_EN);
	pci_write16(d, c + PCI_MSI_CTRL, ctrl);
	if ((rc = check32(d, c + PCI_MSI_ADDR_LO, (uint32_t)addr, "MSI address")) ||
	    ((ctrl & PCI_MSI_CTRL_64) &&
	     (rc = check32(d, c + PCI_MSI_ADDR_HI, (uint32_t)(addr >> 32), "MSI upper address"))) ||
	    (rc = check16(d, dataoff, data, 0xffff, "MSI data")) ||
	    (rc = check16(d, c + PCI_MSI_CTRL, ctrl, PCI_MSI_CTRL_EN | PCI_MSI_CTRL_MME,
			  "MSI control"))) {
		pci_msi_disable(d);
		return rc;
	}
	/* MSI replaces INTx (7.5.1.1.3 Interrupt Disable). */
	pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) | PCI_CMD_INTX_OFF);
	return 0;
}

int pci_msi_disable(struct pci_dev *d)
{
	if (!d->cap_msi)
		return -ENODEV;
	pci_write16(d, d->cap_msi + PCI_MSI_CTRL,
		    pci_read16(d, d->cap_msi + PCI_MSI_CTRL) & (uint16_t)~PCI_MSI_CTRL_EN);
	return 0;
}

int pci_msi_mask(struct pci_dev *d, unsigned vec, bool masked)
{
	uint16_t ctrl, off;
	uint32_t bits;

	if (!d->cap_msi)
		return -ENODEV;
	ctrl = pci_read16(d, d->cap_msi + PCI_MSI_CTRL);
	if (!(ctrl & PCI_MSI_CTRL_PVM))
		return -EOPNOTSUPP; /* no Per-Vector Masking (7.7.1.2) */
	if (vec >= 1u << FIELD_GET(PCI_MSI_CTRL_MMC, ctrl))
		return -EINVAL;
	off = msi_mask_off(d, ctrl);
	bits = pci_read32(d, off);
	bits = masked ? bits | (uint32_t)BIT(vec) : bits & ~(uint32_t)BIT(vec);
	pci_write32(d, off, bits);
	return check32(d, off, bits, "MSI mask bits");
}

/* ---- MSI-X ---- */
static volatile uint8_t *map_from_bar(struct pci_dev *d, uint32_t reg, uint64_t len)
{
	unsigned bir = (unsigned)FIELD_GET(PCI_MSIX_BIR, reg);
	uint64_t off = reg & ~(uint32_t)PCI_MSIX_BIR;
	paddr_t pa, page;
	uint8_t *va;

	if (bir >= PCI_NUM_BARS || d->bar[bir].type == PCI_BAR_IO ||
	    d->bar[bir].type == PCI_BAR_NONE || off + len > d->bar[bir].size) {
		pci_warn(d, "MSI-X structure BIR %u offset %#llx outside its BAR (7.7.2.3)", bir,
			 (unsigned long long)off);
		return NULL;
	}
	pa = pci_bar_cpu_addr(d, bir);
	if (pa == INVALID_PADDR)
		return NULL;
	pa += off;
	page = ALIGN_DOWN(pa, PAGE_SIZE);
	va = mm_map_device(page, ALIGN_UP(pa + len, PAGE_SIZE) - page);

	return va ? (volatile uint8_t *)va + (pa - page) : NULL;
}

int pci_msix_map(struct pci_dev *d, struct pci_msix *m)
{
	uint16_t c = d->cap_msix;

	if (!c)
		return -ENODEV;
	m->nvec = (unsigned)FIELD_GET(PCI_MSIX_CTRL_SIZE, pci_read16(d, c + PCI_MSIX_CTRL)) + 1;
	m->table = map_from_bar(d, pci_read32(d, c + PCI_MSIX_TABLE),
				(uint64_t)m->nvec * PCI_MSIX_ENTRY_SIZE);
	m->pba = map_from_bar(d, pci_read32(d, c + PCI_MSIX_PBA), DIV_ROUND_UP(m->nvec, 64) * 8);
	return m->table && m->pba ? 0 : -EIO;
}

int pci_msix_set_vector(struct pci_dev *d, struct pci_msix *m, unsigned vec, uint64_t addr,
			uint32_t data, bool masked)
{
	volatile uint8_t *e;
	uint32_t want_ctrl;

	if (!m->table || vec >= m->nvec || (addr & 3))
		return -EINVAL;
	e = m->table + vec * PCI_MSIX_ENTRY_SIZE;
	/* Mask the entry while its message changes (7.7.2.2). */
	want_ctrl = mmio_read32(e + PCI_MSIX_ENTRY_CTRL) | PCI_MSIX_ENTRY_MASKED;
	mmio_write32(e + PCI_MSIX_ENTRY_CTRL, want_ctrl);
	mmio_write32(e + PCI_MSIX_ENTRY_ADDR_LO, (uint32_t)addr);
	mmio_write32(e + PCI_MSIX_ENTRY_ADDR_HI, (uint32_t)(addr >> 32));
	mmio_write32(e + PCI_MSIX_ENTRY_DATA, data);
	if (!masked)
		want_ctrl &= ~(uint32_t)PCI_MSIX_ENTRY_MASKED;
	mmio_write32(e + PCI_MSIX_ENTRY_CTRL, want_ctrl);
	if (mmio_read32(e + PCI_MSIX_ENTRY_ADDR_LO) != (uint32_t)addr ||
	    mmio_read32(e + PCI_MSIX_ENTRY_ADDR_HI) != (uint32_t)(addr >> 32) ||
	    mmio_read32(e + PCI_MSIX_ENTRY_DATA) != data ||
	    (mmio_read32(e + PCI_MSIX_ENTRY_CTRL) & PCI_MSIX_ENTRY_MASKED) !=
		    (want_ctrl & PCI_MSIX_ENTRY_MASKED)) {
		pci_warn(d, "MSI-X entry %u does not read back (7.7.2.2)", vec);
		return -EIO;
	}
	return 0;
}

int pci_msix_enable(struct pci_dev *d, bool on)
{
	uint16_t c = d->cap_msix, ctrl;

	if (!c)
		return -ENODEV;
	ctrl = pci_read16(d, c + PCI_MSIX_CTRL) & (uint16_t)~PCI_MSIX_CTRL_MASK;
	ctrl = on ? ctrl | PCI_MSIX_CTRL_EN : ctrl & (uint16_t)~PCI_MSIX_CTRL_EN;
	pci_write16(d, c + PCI_MSIX_CTRL, ctrl);
	if (on)
		pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) | PCI_CMD_INTX_OFF);
	return check16(d, c + PCI_MSIX_CTRL, ctrl, PCI_MSIX_CTRL_EN | PCI_MSIX_CTRL_MASK,
		       "MSI-X control");
}

bool pci_msix_pending(const struct pci_msix *m, unsigned vec)
{
	if (!m->pba || vec >= m->nvec)
		return false;
	return mmio_read64(m->pba + vec / 64 * 8) & BIT_ULL(vec % 64);
}
