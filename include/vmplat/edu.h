// SPDX-License-Identifier: MIT
/*
 * QEMU's edu test device (1234:11e8, QEMU docs/specs/edu.txt, hw/misc/edu.c):
 * a DMA engine between a 4 KiB device buffer at device address 0x40000 and
 * bus addresses (IOVAs when an IOMMU translates). Used by the IOMMU
 * self-tests on both arches to prove isolation with real DMA.
 *
 * QEMU facts: a transfer completes about 100 ms (virtual time) after start;
 * the bus address is masked with the device's dma_mask (28 bits unless
 * -device edu,dma_mask=... says more); a device-side range outside the
 * buffer aborts QEMU, so edu_dma() checks it first. QEMU 7.2 wants the
 * transfer to end strictly before the buffer's end (edu_check_range uses
 * end1 < end2): at most EDU_BUF_SIZE - 1 bytes from offset 0.
 */
#ifndef VMPLAT_EDU_H
#define VMPLAT_EDU_H

#include <vmplat/types.h>

struct pci_dev;

#define EDU_VENDOR_ID 0x1234
#define EDU_DEVICE_ID 0x11e8

#define EDU_BUF_ADDR	     0x40000u /* device-side address of the buffer */
#define EDU_BUF_SIZE	     4096u
#define EDU_DMA_MAX	     (EDU_BUF_SIZE - 1) /* see above */
#define EDU_DMA_MASK_DEFAULT GENMASK_ULL(27, 0)
#define EDU_DMA_TIMEOUT_MS   2000 /* ~100 ms per transfer under TCG, with margin */

struct edu {
	struct pci_dev *dev;
	volatile uint8_t *regs; /* BAR0, mapped */
};

/* The n-th edu device in scan order, or NULL. */
struct pci_dev *edu_find(unsigned n);
/* Map BAR0 and check the id register; -ENODEV if it is not an edu. */
int edu_open(struct pci_dev *d, struct edu *e);
/*
 * One DMA transfer of len bytes between bus address addr and the device
 * buffer at offset off. to_ram: device -> memory (a DMA write), else
 * memory -> device (a DMA read). Waits for completion with a timeout.
 * The caller owns the device and enabled bus mastering.
 */
int edu_dma(struct edu *e, uint64_t addr, uint32_t off, uint32_t len, bool to_ram);

#endif
