// SPDX-License-Identifier: MIT
/*
 * A fake virtio-blk device for host tests: on each notify it walks the split
 * virtqueue the driver built (virtio 1.2, 2.7) exactly as a device would,
 * executes the requests (5.2.6) against a memory disk, writes the status
 * byte and the used ring. Misbehaviours are switched on per test.
 */
#ifndef TESTS_FAKES_FAKE_VIRTIO_H
#define TESTS_FAKES_FAKE_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct virtq;

struct fake_vblk {
	uint8_t *disk;
	size_t disk_bytes; /* multiple of 512 */
	/* observations */
	unsigned requests, flushes, notifies;
	uint32_t max_data_len; /* largest data descriptor seen */
	bool bad_chain;	       /* a chain the device could not parse */
	uint64_t last_sector;  /* sector field of the last request */
	bool data_flag_ok;     /* WRITE flag on data descriptors matched the request type */
	/* misbehaviour */
	bool never_complete; /* take the request, never put it on the used ring */
	bool wrong_id;	     /* return a descriptor id that was not submitted */
	int force_status;    /* >= 0: status byte to write instead of the real one */
	bool skip_status;    /* complete without writing the status byte */
	uint16_t seen;	     /* the device's copy of avail->idx */
};

void fake_vblk_init(struct fake_vblk *f, uint8_t *disk, size_t bytes);
/* struct virtq.notify: ctx is the fake_vblk, the queue is found through fake_vblk_attach. */
void fake_vblk_notify(void *ctx, uint16_t queue);
void fake_vblk_attach(struct fake_vblk *f, struct virtq *q);

#endif
