// SPDX-License-Identifier: MIT
/*
 * virtio-blk (virtio 1.2, 5.2): the device's feature bits and config layout,
 * and the request path over one split virtqueue (virtio_blk_req.c, portable;
 * the PCI transport and probing are in virtio_pci.c and virtio_blk.c).
 */
#ifndef DRIVERS_BLOCK_VIRTIO_BLK_H
#define DRIVERS_BLOCK_VIRTIO_BLK_H

#include <vmplat/blk.h>
#include "virtqueue.h"

/* 5.2.3 feature bits; 6 reserved-range bits (32+) of the transport. */
#define VIRTIO_BLK_F_SIZE_MAX	 1
#define VIRTIO_BLK_F_SEG_MAX	 2
#define VIRTIO_BLK_F_RO		 5
#define VIRTIO_BLK_F_BLK_SIZE	 6
#define VIRTIO_BLK_F_FLUSH	 9
#define VIRTIO_F_VERSION_1	 32
#define VIRTIO_F_ACCESS_PLATFORM 33

/* 5.2.4 device configuration. */
#define VIRTIO_BLK_CFG_CAPACITY 0x00 /* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX 0x08 /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX	0x0c /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE 0x14 /* le32 */

/* 5.2.6 request: header {type le32, reserved le32, sector le64}, data, status u8. */
#define VIRTIO_BLK_T_IN	    0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2
#define VIRTIO_BLK_HDR_SIZE 16
#define VIRTIO_BLK_SECTOR   512 /* the request's sector field unit, whatever blk_size is */

#define VBLK_TIMEOUT_NS (5 * NSEC_PER_SEC)
#define VBLK_MAX_XFER	(256 * KiB) /* bytes per request without SIZE_MAX */

struct vblk {
	struct blk_dev blk;
	struct virtq vq;
	uint64_t features; /* negotiated */
	uint8_t *req;	   /* DMA: header (16 bytes) then the status byte */
	uint32_t max_xfer; /* bytes per request, a multiple of the sector size */
	void *transport;   /* struct virtio_pci in firmware, the fake in tests */
};

/* Features this driver accepts out of what the device offers (3.1.1 step 5). */
uint64_t vblk_select_features(uint64_t offered);
/* Fill the blk_dev geometry from the negotiated features and config fields;
 * -EINVAL for a block size the layer cannot use. */
int vblk_set_geometry(struct vblk *v, uint64_t capacity512, uint32_t blk_size);
/* Status byte -> 0 / -EIO / -EOPNOTSUPP, logged with the device name. */
int vblk_status_errno(const struct vblk *v, uint8_t status, const char *op);
/* The blk_dev_ops over vblk (priv = struct vblk). */
extern const struct blk_dev_ops vblk_ops;

#endif
