// SPDX-License-Identifier: MIT
/*
 * Fake virtio-blk device side of a split virtqueue (virtio 1.2, 2.7.7-2.7.8:
 * the device reads avail->idx, follows each chain through NEXT flags, writes
 * used elements and then used->idx). Rings are read with the same
 * little-endian layout a real device uses; addresses are host pointers.
 */
#include <string.h>
#include "../../drivers/block/virtqueue.h"
#include "../../drivers/block/virtio_blk.h"
#include "fake_virtio.h"

static struct virtq *attached;

void fake_vblk_init(struct fake_vblk *f, uint8_t *disk, size_t bytes)
{
	memset(f, 0, sizeof(*f));
	f->disk = disk;
	f->disk_bytes = bytes;
	f->force_status = -1;
	f->data_flag_ok = true;
}

void fake_vblk_attach(struct fake_vblk *f, struct virtq *q)
{
	f->seen = 0;
	attached = q;
}

struct desc {
	uint8_t *addr;
	uint32_t len;
	uint16_t flags, next;
};

static struct desc get_desc(struct virtq *q, uint16_t i)
{
	const uint8_t *d = q->desc + (size_t)i * VIRTQ_DESC_SIZE;

	return (struct desc){ (uint8_t *)(uintptr_t)le64_get(d), le32_get(d + 8), le16_get(d + 12),
			      le16_get(d + 14) };
}

/* Execute one chain: header, optional data, status (5.2.6). Returns bytes written. */
static uint32_t execute(struct fake_vblk *f, struct virtq *q, uint16_t head)
{
	struct desc c[4];
	unsigned n = 0;
	uint16_t i = head;
	uint32_t type, written = 0;
	uint8_t status = VIRTIO_BLK_S_OK;
	uint64_t sector, off;

	for (;;) {
		if (n == 4 || i >= q->size) {
			f->bad_chain = true;
			return 0;
		}
		c[n] = get_desc(q, i);
		if (!(c[n++].flags & VIRTQ_DESC_F_NEXT))
			break;
		i = c[n - 1].next;
	}
	if (n < 2 || c[0].len != VIRTIO_BLK_HDR_SIZE || (c[0].flags & VIRTQ_DESC_F_WRITE) ||
	    c[n - 1].len != 1 || !(c[n - 1].flags & VIRTQ_DESC_F_WRITE)) {
		f->bad_chain = true;
		return 0;
	}
	type = le32_get(c[0].addr);
	sector = le64_get(c[0].addr + 8);
	f->last_sector = sector;
	f->requests++;
	off = sector * VIRTIO_BLK_SECTOR;
	if (n == 3) {
		bool dev_writes = c[1].flags & VIRTQ_DESC_F_WRITE;

		if (c[1].len > f->max_data_len)
			f->max_data_len = c[1].len;
		if (dev_writes != (type == VIRTIO_BLK_T_IN))
			f->data_flag_ok = false;
		if (off > f->disk_bytes || c[1].len > f->disk_bytes - off)
			status = VIRTIO_BLK_S_IOERR;
		else if (type == VIRTIO_BLK_T_IN)
			memcpy(c[1].addr, f->disk + off, c[1].len), written = c[1].len;
		else if (type == VIRTIO_BLK_T_OUT)
			memcpy(f->disk + off, c[1].addr, c[1].len);
		else
			status = VIRTIO_BLK_S_UNSUPP;
	} else if (type == VIRTIO_BLK_T_FLUSH) {
		f->flushes++;
	} else {
		status = VIRTIO_BLK_S_UNSUPP;
	}
	if (f->force_status >= 0)
		status = (uint8_t)f->force_status;
	if (!f->skip_status)
		*c[n - 1].addr = status;
	return written + 1;
}

void fake_vblk_notify(void *ctx, uint16_t queue)
{
	struct fake_vblk *f = ctx;
	struct virtq *q = attached;
	uint16_t avail_idx, used_idx;

	(void)queue;
	f->notifies++;
	if (!q)
		return;
	avail_idx = le16_get(q->avail + 2);
	used_idx = le16_get(q->used + 2);
	for (unsigned guard = 0; f->seen != avail_idx && guard < q->size; guard++, f->seen++) {
		uint16_t head = le16_get(q->avail + 4 + 2 * (size_t)(f->seen % q->size));
		uint32_t len = execute(f, q, head);
		uint8_t *e = q->used + 4 + (size_t)(used_idx % q->size) * VIRTQ_USED_ELEM_SIZE;

		if (f->never_complete)
			continue;
		le32_put(e, f->wrong_id ? (uint32_t)(head + 1) % q->size : head);
		le32_put(e + 4, len);
		used_idx++;
	}
	q->used[2] = (uint8_t)used_idx;
	q->used[3] = (uint8_t)(used_idx >> 8);
}
