// SPDX-License-Identifier: MIT
/*
 * Split virtqueue driver side (virtio 1.2, 2.7): free descriptors are kept
 * as a list threaded through their next fields; one chain is submitted,
 * then its completion is polled with a deadline (2.7.13, 2.7.14).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>
#include "virtqueue.h"

#define AVAIL_IDX  2
#define AVAIL_RING 4
#define USED_IDX   2
#define USED_RING  4

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* The device writes the used ring behind the compiler's back. */
static inline uint16_t read_used_idx(const struct virtq *q)
{
	const volatile uint8_t *p = q->used + USED_IDX;

	return (uint16_t)(p[0] | p[1] << 8);
}

static size_t avail_size(uint16_t size)
{
	return 6 + 2 * (size_t)size;
}

size_t virtq_mem_size(uint16_t size)
{
	/* 2.7: desc 16-aligned, avail 2-aligned, used 4-aligned; used on its own page. */
	size_t front = (size_t)size * VIRTQ_DESC_SIZE + avail_size(size);

	return ALIGN_UP(front, PAGE_SIZE) +
	       ALIGN_UP(6 + (size_t)size * VIRTQ_USED_ELEM_SIZE, PAGE_SIZE);
}

int virtq_init(struct virtq *q, uint16_t index, uint16_t size, void *mem)
{
	uint8_t *m = mem;

	if (!size || size > VIRTQ_MAX_SIZE || (size & (size - 1)) || !mem) {
		log_err("virtq %u: bad queue size %u", index, size);
		return -EINVAL;
	}
	memset(mem, 0, virtq_mem_size(size));
	q->size = size;
	q->index = index;
	q->desc = m;
	q->avail = m + (size_t)size * VIRTQ_DESC_SIZE;
	q->used = m + ALIGN_UP((size_t)size * VIRTQ_DESC_SIZE + avail_size(size), PAGE_SIZE);
	q->desc_pa = virt_to_phys(q->desc);
	q->avail_pa = virt_to_phys(q->avail);
	q->used_pa = virt_to_phys(q->used);
	for (uint16_t i = 0; i + 1 < size; i++)
		put16(q->desc + (size_t)i * VIRTQ_DESC_SIZE + 14, (uint16_t)(i + 1));
	q->free_head = 0;
	q->num_free = size;
	q->avail_idx = q->last_used = 0;
	/* We poll: ask the device not to interrupt (2.7.7). */
	put16(q->avail, VIRTQ_AVAIL_F_NO_INTERRUPT);
	return 0;
}

static void write_desc(struct virtq *q, uint16_t i, const struct virtq_buf *b, bool more)
{
	uint8_t *d = q->desc + (size_t)i * VIRTQ_DESC_SIZE;
	uint16_t flags = (uint16_t)((more ? VIRTQ_DESC_F_NEXT : 0) |
				    (b->device_writes ? VIRTQ_DESC_F_WRITE : 0));

	le64_put(d, b->addr);
	le32_put(d + 8, b->len);
	put16(d + 12, flags);
	/* next (d + 14) already links the free list in order */
}

int virtq_submit(struct virtq *q, const struct virtq_buf *b, unsigned n, uint16_t *head)
{
	uint16_t i, slot;

	if (!n || n > VIRTQ_MAX_CHAIN)
		return -EINVAL;
	if (n > q->num_free)
		return -ENOSPC;
	*head = i = q->free_head;
	for (unsigned k = 0; k < n; k++) {
		write_desc(q, i, &b[k], k + 1 < n);
		if (k + 1 < n)
			i = le16_get(q->desc + (size_t)i * VIRTQ_DESC_SIZE + 14);
	}
	q->free_head = le16_get(q->desc + (size_t)i * VIRTQ_DESC_SIZE + 14);
	q->num_free = (uint16_t)(q->num_free - n);
	slot = q->avail_idx & (q->size - 1);
	put16(q->avail + AVAIL_RING + 2 * (size_t)slot, *head);
	/* Descriptors and ring entry visible before the index (2.7.13.3.1). */
	dma_wmb();
	q->avail_idx++;
	put16(q->avail + AVAIL_IDX, q->avail_idx);
	/* The index before the notification (2.7.13.4). */
	mb();
	q->notify(q->notify_ctx, q->index);
	return 0;
}

/* Return the chain starting at head to the free list; bounded by the chain limit. */
static int free_chain(struct virtq *q, uint16_t head)
{
	uint16_t i = head, n = 1;

	while (le16_get(q->desc + (size_t)i * VIRTQ_DESC_SIZE + 12) & VIRTQ_DESC_F_NEXT) {
		i = le16_get(q->desc + (size_t)i * VIRTQ_DESC_SIZE + 14);
		if (++n > VIRTQ_MAX_CHAIN || i >= q->size)
			return -EIO;
	}
	put16(q->desc + (size_t)i * VIRTQ_DESC_SIZE + 14, q->free_head);
	q->free_head = head;
	q->num_free = (uint16_t)(q->num_free + n);
	return 0;
}

int virtq_wait(struct virtq *q, uint16_t head, uint32_t *len, uint64_t timeout_ns)
{
	uint64_t deadline = timestamp_ns() + timeout_ns;
	const uint8_t *e;
	uint32_t id;

	while (read_used_idx(q) == q->last_used) {
		if (timestamp_ns() > deadline) {
			log_err("virtq %u: request %u not completed in %llu ms (2.7.14)", q->index,
				head, (unsigned long long)(timeout_ns / NSEC_PER_MSEC));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	/* Read the element only after seeing the index (2.7.14). */
	dma_rmb();
	e = q->used + USED_RING + (size_t)(q->last_used & (q->size - 1)) * VIRTQ_USED_ELEM_SIZE;
	id = le32_get(e);
	*len = le32_get(e + 4);
	q->last_used++;
	if (id != head) {
		log_err("virtq %u: device returned descriptor %u, %u was in flight", q->index, id,
			head);
		return -EIO;
	}
	return free_chain(q, head);
}
