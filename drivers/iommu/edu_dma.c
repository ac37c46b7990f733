// SPDX-License-Identifier: MIT
/*
 * edu DMA engine helper (QEMU docs/specs/edu.txt): registers at BAR0
 * 0x80 source, 0x88 destination, 0x90 count, 0x98 command (bit 0 start /
 * busy, bit 1 direction: 1 = from the device buffer to RAM).
 */
#include <errno.h>
#include <vmplat/edu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/pci.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>

#define EDU_REG_ID	0x00
#define EDU_ID_MAGIC	0xed /* low byte of the id register */
#define EDU_REG_DMA_SRC 0x80
#define EDU_REG_DMA_DST 0x88
#define EDU_REG_DMA_CNT 0x90
#define EDU_REG_DMA_CMD 0x98
#define EDU_CMD_START	BIT(0)
#define EDU_CMD_TO_RAM	BIT(1)

struct pci_dev *edu_find(unsigned n)
{
	return pci_find_id(EDU_VENDOR_ID, EDU_DEVICE_ID, n);
}

int edu_open(struct pci_dev *d, struct edu *e)
{
	paddr_t pa = pci_bar_cpu_addr(d, 0);

	if (!d || d->vendor != EDU_VENDOR_ID || d->device != EDU_DEVICE_ID)
		return -ENODEV;
	if (pa == INVALID_PADDR || d->bar[0].type == PCI_BAR_IO || d->bar[0].size < 0x100)
		return -ENODEV;
	e->dev = d;
	e->regs = mm_map_device(pa, d->bar[0].size);
	if (!e->regs)
		return -ENOMEM;
	if ((mmio_read32(e->regs + EDU_REG_ID) & 0xff) != EDU_ID_MAGIC)
		return -ENODEV;
	return 0;
}

static int edu_wait_idle(struct edu *e)
{
	uint64_t deadline = timestamp_ns() + EDU_DMA_TIMEOUT_MS * NSEC_PER_MSEC;

	while (mmio_read32(e->regs + EDU_REG_DMA_CMD) & EDU_CMD_START) {
		if (timestamp_ns() > deadline) {
			char a[PCI_ADDR_STRLEN];

			log_err("edu %s: DMA still busy after %u ms", pci_addr_fmt(a, e->dev->addr),
				EDU_DMA_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		udelay(200);
	}
	return 0;
}

int edu_dma(struct edu *e, uint64_t addr, uint32_t off, uint32_t len, bool to_ram)
{
	uint64_t dev_addr = EDU_BUF_ADDR + off;
	int rc;

	/* QEMU aborts on a device-side range outside the buffer (hw/misc/edu.c). */
	if (!len || off >= EDU_DMA_MAX || len > EDU_DMA_MAX - off)
		return -EINVAL;
	rc = edu_wait_idle(e);
	if (rc)
		return rc;
	mmio_write64(e->regs + EDU_REG_DMA_SRC, to_ram ? dev_addr : addr);
	mmio_write64(e->regs + EDU_REG_DMA_DST, to_ram ? addr : dev_addr);
	mmio_write64(e->regs + EDU_REG_DMA_CNT, len);
	mmio_write32(e->regs + EDU_REG_DMA_CMD, EDU_CMD_START | (to_ram ? EDU_CMD_TO_RAM : 0));
	return edu_wait_idle(e);
}
