// SPDX-License-Identifier: MIT
/*
 * PCI configuration mechanism #1 (PCI LB 3.0, 3.2.2.3.2): a dword address
 * written to CONFIG_ADDRESS (0xCF8) selects bus/device/function/register,
 * then CONFIG_DATA (0xCFC-0xCFF) moves the bytes. Only the first 256 bytes
 * of each function are reachable and only segment 0: the fallback when ACPI
 * describes no ECAM (no MCFG, e.g. QEMU's i440fx "pc" machine).
 */
#include <arch/io.h>
#include <vmplat/pci.h>
#include <vmplat/spinlock.h>

#define CF8_ADDRESS   0xcf8
#define CF8_DATA      0xcfc
#define CF8_ENABLE    BIT(31)
#define CF8_BUS	      GENMASK(23, 16)
#define CF8_DEVFN     GENMASK(15, 8)
#define CF8_REG	      GENMASK(7, 2) /* dword register number; bits 1:0 are zero */
#define CF8_CFG_BYTES 256

/* The address/data pair is one shared register set: one access at a time. */
static struct spinlock cf8_lock = SPINLOCK_INIT;

static bool cf8_reachable(uint16_t seg, uint16_t off, unsigned width)
{
	return seg == 0 && off < CF8_CFG_BYTES && (off & (width - 1)) == 0;
}

static void cf8_select(uint8_t bus, uint8_t devfn, uint16_t off)
{
	outl(CF8_ADDRESS, (uint32_t)(CF8_ENABLE | FIELD_PREP(CF8_BUS, bus) |
				     FIELD_PREP(CF8_DEVFN, devfn) | (off & CF8_REG)));
}

static uint32_t cf8_read(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
			 unsigned width)
{
	unsigned long flags;
	uint32_t v;

	(void)ctx;
	/* Beyond 256 bytes reads as absent: capability walkers stop at all-ones. */
	if (!cf8_reachable(seg, off, width))
		return width == 4 ? 0xffffffffu : (1u << (width * 8)) - 1;
	flags = spin_lock_irqsave(&cf8_lock);
	cf8_select(bus, devfn, off);
	/* Byte lanes: the register's offset within the dword picks the data port. */
	if (width == 1)
		v = inb(CF8_DATA + (off & 3));
	else if (width == 2)
		v = inw(CF8_DATA + (off & 2));
	else
		v = inl(CF8_DATA);
	spin_unlock_irqrestore(&cf8_lock, flags);
	return v;
}

static void cf8_write(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
		      unsigned width, uint32_t val)
{
	unsigned long flags;

	(void)ctx;
	if (!cf8_reachable(seg, off, width))
		return;
	flags = spin_lock_irqsave(&cf8_lock);
	cf8_select(bus, devfn, off);
	if (width == 1)
		outb(CF8_DATA + (off & 3), (uint8_t)val);
	else if (width == 2)
		outw(CF8_DATA + (off & 2), (uint16_t)val);
	else
		outl(CF8_DATA, val);
	spin_unlock_irqrestore(&cf8_lock, flags);
}

const struct pci_cfg_ops pci_cf8_ops = { cf8_read, cf8_write };
