// SPDX-License-Identifier: MIT
/*
 * virtio-blk requests (virtio 1.2, 5.2.6): a three-descriptor chain
 * (header, data, status) per request, split at max_xfer, completion polled.
 * Portable: the host tests run it against tests/fakes/fake_virtio.c.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include "virtio_blk.h"

uint64_t vblk_select_features(uint64_t offered)
{
	uint64_t want = BIT_ULL(VIRTIO_F_VERSION_1) | BIT_ULL(VIRTIO_BLK_F_RO) |
			BIT_ULL(VIRTIO_BLK_F_BLK_SIZE) | BIT_ULL(VIRTIO_BLK_F_FLUSH) |
			BIT_ULL(VIRTIO_BLK_F_SIZE_MAX) |
			/* DMA goes through the platform's (identity) IOMMU domain (6.1). */
			BIT_ULL(VIRTIO_F_ACCESS_PLATFORM);

	return offered & want;
}

int vblk_set_geometry(struct vblk *v, uint64_t capacity512, uint32_t blk_size)
{
	uint32_t ss = VIRTIO_BLK_SECTOR;

	if (v->features & BIT_ULL(VIRTIO_BLK_F_BLK_SIZE)) {
		if (!blk_sector_size_ok(blk_size)) {
			log_err("%s: block size %u not supported (512, 2048, 4096)", v->blk.name,
				blk_size);
			return -EINVAL;
		}
		ss = blk_size;
	}
	v->blk.sector_size = ss;
	v->blk.sectors = capacity512 / (ss / VIRTIO_BLK_SECTOR);
	v->blk.read_only = !!(v->features & BIT_ULL(VIRTIO_BLK_F_RO));
	if (!v->max_xfer || v->max_xfer > VBLK_MAX_XFER)
		v->max_xfer = VBLK_MAX_XFER;
	v->max_xfer = ALIGN_DOWN(v->max_xfer, ss);
	if (!v->max_xfer) {
		log_err("%s: size_max below one %u-byte sector", v->blk.name, ss);
		return -EINVAL;
	}
	return 0;
}

int vblk_status_errno(const struct vblk *v, uint8_t status, const char *op)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		log_err("%s: %s: VIRTIO_BLK_S_UNSUPP (5.2.6)", v->blk.name, op);
		return -EOPNOTSUPP;
	case VIRTIO_BLK_S_IOERR:
		log_err("%s: %s: VIRTIO_BLK_S_IOERR (5.2.6)", v->blk.name, op);
		return -EIO;
	default:
		log_err("%s: %s: unknown status byte %#x (5.2.6)", v->blk.name, op, status);
		return -EIO;
	}
}

/* One request: header, optional data, status; 0 or -errno. */
static int request(struct vblk *v, uint32_t type, uint64_t sector, void *data, uint32_t len,
		   const char *op)
{
	struct virtq_buf b[3];
	unsigned n = 0;
	uint16_t head;
	uint32_t used_len;
	int rc;

	le32_put(v->req, type);
	le32_put(v->req + 4, 0);
	le64_put(v->req + 8, sector);
	v->req[VIRTIO_BLK_HDR_SIZE] = 0xff; /* a device that writes nothing is caught */
	b[n++] = (struct virtq_buf){ virt_to_phys(v->req), VIRTIO_BLK_HDR_SIZE, false };
	if (len)
		b[n++] = (struct virtq_buf){ virt_to_phys(data), len, type == VIRTIO_BLK_T_IN };
	b[n++] = (struct virtq_buf){ virt_to_phys(v->req + VIRTIO_BLK_HDR_SIZE), 1, true };
	rc = virtq_submit(&v->vq, b, n, &head);
	if (!rc)
		rc = virtq_wait(&v->vq, head, &used_len, VBLK_TIMEOUT_NS);
	if (rc) {
		log_err("%s: %s of %u bytes at sector %llu: %d", v->blk.name, op, len,
			(unsigned long long)sector, rc);
		return rc;
	}
	return vblk_status_errno(v, READ_ONCE(v->req[VIRTIO_BLK_HDR_SIZE]), op);
}

static int rw(struct blk_dev *d, uint32_t type, uint64_t lba, uint32_t count, uint8_t *p)
{
	struct vblk *v = d->priv;
	uint64_t bytes = (uint64_t)count * d->sector_size;
	uint32_t unit = d->sector_size / VIRTIO_BLK_SECTOR;
	int rc = 0;

	while (!rc && bytes) {
		uint32_t len = (uint32_t)MIN(bytes, v->max_xfer);

		rc = request(v, type, lba * unit, p, len,
			     type == VIRTIO_BLK_T_IN ? "read" : "write");
		lba += len / d->sector_size;
		p += len;
		bytes -= len;
	}
	return rc;
}

static int vblk_read(struct blk_dev *d, uint64_t lba, uint32_t count, void *buf)
{
	return rw(d, VIRTIO_BLK_T_IN, lba, count, buf);
}

static int vblk_write(struct blk_dev *d, uint64_t lba, uint32_t count, const void *buf)
{
	/* The device only reads the buffer (5.2.6: VIRTIO_BLK_T_OUT). */
	return rw(d, VIRTIO_BLK_T_OUT, lba, count, (uint8_t *)(uintptr_t)buf);
}

/* Without VIRTIO_BLK_F_FLUSH the device has no volatile cache to flush (5.2.6.2). */
static int vblk_flush(struct blk_dev *d)
{
	struct vblk *v = d->priv;

	if (!(v->features & BIT_ULL(VIRTIO_BLK_F_FLUSH)))
		return 0;
	return request(v, VIRTIO_BLK_T_FLUSH, 0, NULL, 0, "flush");
}

const struct blk_dev_ops vblk_ops = {
	.read = vblk_read,
	.write = vblk_write,
	.flush = vblk_flush,
};
