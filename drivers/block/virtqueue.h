// SPDX-License-Identifier: MIT
/*
 * Split virtqueue (virtio 1.2, 2.7): descriptor table, available ring and
 * used ring in driver memory, one request in flight at a time, completion
 * polled with a timeout. Portable: the host tests drive it against a fake
 * device (tests/fakes/fake_virtio.c) that walks the same rings.
 */
#ifndef DRIVERS_BLOCK_VIRTQUEUE_H
#define DRIVERS_BLOCK_VIRTQUEUE_H

#include <vmplat/types.h>

/* 2.7.5 descriptor: addr le64, len le32, flags le16, next le16. */
#define VIRTQ_DESC_SIZE		   16
#define VIRTQ_DESC_F_NEXT	   BIT(0)
#define VIRTQ_DESC_F_WRITE	   BIT(1) /* device writes (otherwise reads) */
#define VIRTQ_DESC_F_INDIRECT	   BIT(2)
/* 2.7.6 available ring: flags le16, idx le16, ring[size] le16, used_event le16. */
#define VIRTQ_AVAIL_F_NO_INTERRUPT BIT(0)
/* 2.7.8 used ring: flags le16, idx le16, ring[size] {id le32, len le32}, avail_event. */
#define VIRTQ_USED_ELEM_SIZE	   8

#define VIRTQ_MAX_SIZE	32768 /* 2.7: queue size is at most 32768 */
#define VIRTQ_MAX_CHAIN 8     /* descriptors per request this driver uses */

struct virtq {
	uint16_t size, index;
	uint8_t *desc, *avail, *used;
	paddr_t desc_pa, avail_pa, used_pa;
	uint16_t free_head, num_free;
	uint16_t avail_idx, last_used; /* driver's copies of the free-running indexes */
	void (*notify)(void *ctx, uint16_t queue);
	void *notify_ctx;
};

struct virtq_buf {
	paddr_t addr;
	uint32_t len;
	bool device_writes;
};

/* Bytes of memory (page aligned, zeroed) virtq_init needs for size entries. */
size_t virtq_mem_size(uint16_t size);
/* size: a power of two (2.7.10.1 not required for split rings, but QEMU's are). */
int virtq_init(struct virtq *q, uint16_t index, uint16_t size, void *mem);
/* Put a descriptor chain on the available ring and notify; *head names it. */
int virtq_submit(struct virtq *q, const struct virtq_buf *b, unsigned n, uint16_t *head);
/* Wait for head to come back on the used ring: 0 and *len written, -ETIMEDOUT,
 * or -EIO when the device returns something it was not given. */
int virtq_wait(struct virtq *q, uint16_t head, uint32_t *len, uint64_t timeout_ns);

#endif
