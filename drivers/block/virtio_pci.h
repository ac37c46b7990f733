// SPDX-License-Identifier: MIT
/*
 * virtio 1.x modern PCI transport (virtio 1.2, 4.1): capability discovery,
 * status handshake, feature negotiation and queue setup.
 */
#ifndef DRIVERS_BLOCK_VIRTIO_PCI_H
#define DRIVERS_BLOCK_VIRTIO_PCI_H

#include <vmplat/pci.h>
#include "virtqueue.h"

#define VIRTIO_PCI_VENDOR      0x1af4
#define VIRTIO_PCI_MODERN_BASE 0x1040 /* + virtio device id (4.1.2.1) */
#define VIRTIO_ID_BLOCK	       2
#define VIRTIO_PCI_TRANS_BLOCK 0x1001 /* transitional virtio-blk */

/* 2.1 device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE BIT(0)
#define VIRTIO_STATUS_DRIVER	  BIT(1)
#define VIRTIO_STATUS_DRIVER_OK	  BIT(2)
#define VIRTIO_STATUS_FEATURES_OK BIT(3)
#define VIRTIO_STATUS_NEEDS_RESET BIT(6)
#define VIRTIO_STATUS_FAILED	  BIT(7)

struct virtio_pci {
	struct pci_dev *pci;
	const char *name; /* for messages */
	volatile uint8_t *common, *notify, *isr, *device;
	uint32_t notify_mult, notify_len, device_len;
	volatile uint8_t *queue_notify; /* queue 0's doorbell */
};

/* Find and map the common/notify/ISR/device structures (4.1.4); -ENODEV without. */
int virtio_pci_map(struct virtio_pci *vp);
/* Reset, ACKNOWLEDGE | DRIVER, negotiate, FEATURES_OK checked (3.1.1 steps 1-6).
 * want(offered) picks the driver's features; *out gets them. */
int virtio_pci_negotiate(struct virtio_pci *vp, uint64_t (*want)(uint64_t), uint64_t *out);
/* Set up queue index with at most max entries (4.1.5.1.3); memory from page_alloc,
 * or the ring q already has when its size fits (a restart after a reset). */
int virtio_pci_setup_queue(struct virtio_pci *vp, struct virtq *q, uint16_t index, uint16_t max);
void virtio_pci_driver_ok(struct virtio_pci *vp);
/* Reset with a bounded wait for device_status to read 0 (4.1.4.3.2). */
int virtio_pci_reset(struct virtio_pci *vp);
void virtio_pci_fail(struct virtio_pci *vp);
/* Device config reads, consistent across config_generation (4.1.4.3.1). */
uint64_t virtio_pci_cfg64(struct virtio_pci *vp, uint32_t off);
uint32_t virtio_pci_cfg32(struct virtio_pci *vp, uint32_t off);

#endif
