// SPDX-License-Identifier: MIT
/*
 * ECAM configuration access (PCIe 6.0, 7.2.2): the function's 4 KiB sits at
 * base + (bus - bus_start) << 20 | devfn << 12, accessed with one load or
 * store of the register's width.
 */
#include <vmplat/mmio.h>
#include <vmplat/pci.h>

static volatile uint8_t *ecam_addr(const struct pci_ecam *e, uint8_t bus, uint8_t devfn,
				   uint16_t off)
{
	if (bus < e->bus_start || bus > e->bus_end || off >= 4096)
		return NULL;
	return e->base + ((uintptr_t)(bus - e->bus_start) << 20 | (uintptr_t)devfn << 12 | off);
}

static uint32_t ecam_read(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
			  unsigned width)
{
	volatile uint8_t *p = ecam_addr(ctx, bus, devfn, off);

	(void)seg;
	if (!p)
		return width == 4 ? 0xffffffffu : (1u << (width * 8)) - 1;
	switch (width) {
	case 1:
		return mmio_read8(p);
	case 2:
		return mmio_read16(p);
	default:
		return mmio_read32(p);
	}
}

static void ecam_write(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
		       unsigned width, uint32_t val)
{
	volatile uint8_t *p = ecam_addr(ctx, bus, devfn, off);

	(void)seg;
	if (!p)
		return;
	switch (width) {
	case 1:
		mmio_write8(p, (uint8_t)val);
		break;
	case 2:
		mmio_write16(p, (uint16_t)val);
		break;
	default:
		mmio_write32(p, val);
		break;
	}
}

const struct pci_cfg_ops pci_ecam_ops = { ecam_read, ecam_write };
