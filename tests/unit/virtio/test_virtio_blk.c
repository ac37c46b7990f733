// SPDX-License-Identifier: MIT
/*
 * Split virtqueue and virtio-blk requests against a fake device that walks
 * the rings as a device does (virtio 1.2, 2.7 and 5.2.6): data round trips,
 * descriptor direction flags, the 512-byte sector field with 4 KiB blocks,
 * requests split at max_xfer, flush, status bytes decoded, the free list
 * recycled over many requests, timeouts and foreign ids refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../../drivers/block/virtio_blk.h"
#include "../../fakes/fake_virtio.h"
#include "../../fakes/blk_env.h"

#define DISK_BYTES (2 * 1024 * 1024)
#define QSIZE	   8

static uint8_t disk[DISK_BYTES];
static struct fake_vblk fake;
static struct vblk v;
static void *ring_mem;

static void setup_dev(uint64_t features, uint32_t blk_size)
{
	blk_reset();
	free(v.req);
	memset(&v, 0, sizeof(v));
	for (size_t i = 0; i < sizeof(disk); i++)
		disk[i] = (uint8_t)(i * 31 + i / 512);
	fake_vblk_init(&fake, disk, sizeof(disk));
	free(ring_mem);
	ring_mem = aligned_alloc(4096, virtq_mem_size(QSIZE));
	assert_int_equal(virtq_init(&v.vq, 0, QSIZE, ring_mem), 0);
	v.vq.notify = fake_vblk_notify;
	v.vq.notify_ctx = &fake;
	fake_vblk_attach(&fake, &v.vq);
	v.req = aligned_alloc(64, 64);
	strcpy(v.blk.name, "vblk0");
	v.blk.ops = &vblk_ops;
	v.blk.priv = &v;
	v.features = vblk_select_features(features);
	assert_int_equal(vblk_set_geometry(&v, DISK_BYTES / 512, blk_size), 0);
	assert_int_equal(blk_register(&v.blk), 0);
	env_errors = 0;
}

static void teardown_dev(void)
{
	free(v.req);
	v.req = NULL;
}

static uint64_t all_features(void)
{
	return BIT_ULL(VIRTIO_F_VERSION_1) | BIT_ULL(VIRTIO_BLK_F_FLUSH) |
	       BIT_ULL(VIRTIO_BLK_F_BLK_SIZE) | BIT_ULL(3) /* GEOMETRY: not taken */;
}

static void test_feature_selection_keeps_known_bits(void **state)
{
	uint64_t f = vblk_select_features(~0ULL);

	(void)state;
	assert_true(f & BIT_ULL(VIRTIO_F_VERSION_1));
	assert_true(f & BIT_ULL(VIRTIO_BLK_F_RO));
	assert_true(f & BIT_ULL(VIRTIO_BLK_F_FLUSH));
	assert_false(f & BIT_ULL(3));  /* geometry */
	assert_false(f & BIT_ULL(12)); /* multiqueue */
	assert_int_equal(vblk_select_features(0), 0);
}

static void test_read_returns_disk_bytes(void **state)
{
	uint8_t buf[3 * 512];

	(void)state;
	setup_dev(all_features(), 512);
	assert_int_equal(blk_read(&v.blk, 7, 3, buf), 0);
	assert_memory_equal(buf, disk + 7 * 512, sizeof(buf));
	assert_int_equal(fake.requests, 1);
	assert_int_equal(fake.last_sector, 7);
	assert_true(fake.data_flag_ok);
	assert_false(fake.bad_chain);
	teardown_dev();
}

static void test_write_lands_on_disk(void **state)
{
	uint8_t buf[2 * 512];

	(void)state;
	setup_dev(all_features(), 512);
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(blk_write(&v.blk, 100, 2, buf), 0);
	assert_memory_equal(disk + 100 * 512, buf, sizeof(buf));
	assert_int_not_equal(disk[99 * 512 + 511], 0xa5);
	assert_true(fake.data_flag_ok);
	teardown_dev();
}

/* 5.2.6: the sector field counts 512 bytes whatever blk_size says. */
static void test_4k_blocks_use_512_byte_sector_field(void **state)
{
	uint8_t buf[4096];

	(void)state;
	setup_dev(all_features(), 4096);
	assert_int_equal(v.blk.sector_size, 4096);
	assert_int_equal(v.blk.sectors, DISK_BYTES / 4096);
	assert_int_equal(blk_read(&v.blk, 5, 1, buf), 0);
	assert_int_equal(fake.last_sector, 5 * 8);
	assert_memory_equal(buf, disk + 5 * 4096, sizeof(buf));
	teardown_dev();
}

static void test_large_transfer_split_at_max_xfer(void **state)
{
	size_t bytes = 1024 * 1024;
	uint8_t *buf = malloc(bytes);

	(void)state;
	setup_dev(all_features(), 512);
	assert_int_equal(blk_read(&v.blk, 1, bytes / 512, buf), 0);
	assert_memory_equal(buf, disk + 512, bytes);
	assert_int_equal(fake.requests, bytes / VBLK_MAX_XFER);
	assert_int_equal(fake.max_data_len, VBLK_MAX_XFER);
	free(buf);
	teardown_dev();
}

/* Many more requests than descriptors: the free list must be recycled. */
static void test_descriptors_recycled(void **state)
{
	uint8_t buf[512];

	(void)state;
	setup_dev(all_features(), 512);
	for (unsigned i = 0; i < 10 * QSIZE; i++) {
		assert_int_equal(blk_read(&v.blk, i, 1, buf), 0);
		assert_memory_equal(buf, disk + i * 512, 512);
	}
	assert_int_equal(v.vq.num_free, QSIZE);
	assert_int_equal(fake.requests, 10 * QSIZE);
	teardown_dev();
}

static void test_flush_only_with_feature(void **state)
{
	(void)state;
	setup_dev(all_features(), 512);
	assert_int_equal(blk_flush(&v.blk), 0);
	assert_int_equal(fake.flushes, 1);
	setup_dev(BIT_ULL(VIRTIO_F_VERSION_1), 512);
	assert_int_equal(blk_flush(&v.blk), 0);
	assert_int_equal(fake.flushes, 0);
	teardown_dev();
}

static void test_status_bytes_decoded(void **state)
{
	uint8_t buf[512];

	(void)state;
	setup_dev(all_features(), 512);
	fake.force_status = VIRTIO_BLK_S_IOERR;
	assert_int_equal(blk_read(&v.blk, 0, 1, buf), -EIO);
	fake.force_status = VIRTIO_BLK_S_UNSUPP;
	assert_int_equal(blk_read(&v.blk, 0, 1, buf), -EOPNOTSUPP);
	fake.force_status = 0x42;
	assert_int_equal(blk_read(&v.blk, 0, 1, buf), -EIO);
	fake.force_status = -1;
	fake.skip_status = true; /* status never written: the 0xff guard stays */
	assert_int_equal(blk_read(&v.blk, 0, 1, buf), -EIO);
	assert_true(env_errors >= 4);
	teardown_dev();
}

static void test_read_only_feature_refuses_writes(void **state)
{
	uint8_t buf[512] = { 0 };

	(void)state;
	setup_dev(all_features() | BIT_ULL(VIRTIO_BLK_F_RO), 512);
	assert_true(v.blk.read_only);
	assert_int_equal(blk_write(&v.blk, 0, 1, buf), -EROFS);
	assert_int_equal(fake.requests, 0);
	teardown_dev();
}

static void test_no_completion_times_out(void **state)
{
	uint8_t buf[512];

	(void)state;
	setup_dev(all_features(), 512);
	fake.never_complete = true;
	assert_int_equal(blk_read(&v.blk, 0, 1, buf), -ETIMEDOUT);
	teardown_dev();
}

static void test_foreign_descriptor_id_refused(void **state)
{
	uint8_t buf[512];

	(void)state;
	setup_dev(all_features(), 512);
	fake.wrong_id = true;
	assert_int_equal(blk_read(&v.blk, 0, 1, buf), -EIO);
	teardown_dev();
}

/*
 * A restart after the device was reset (blk_attach_pci -> virtio_pci_setup_queue
 * on the ring memory it had): the device's avail index starts again at 0
 * (virtio 1.2, 2.1.1 reset), so virtq_init must rebuild the rings in place.
 */
static void test_queue_rebuilt_in_place_after_device_reset(void **state)
{
	uint8_t buf[512];

	(void)state;
	setup_dev(all_features(), 512);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(blk_read(&v.blk, i, 1, buf), 0);
	fake_vblk_init(&fake, disk, sizeof(disk)); /* device reset */
	assert_int_equal(virtq_init(&v.vq, 0, QSIZE, ring_mem), 0);
	v.vq.notify = fake_vblk_notify;
	v.vq.notify_ctx = &fake;
	fake_vblk_attach(&fake, &v.vq);
	assert_ptr_equal(v.vq.desc, ring_mem);
	memset(buf, 0x3c, sizeof(buf));
	assert_int_equal(blk_write(&v.blk, 40, 1, buf), 0);
	assert_memory_equal(disk + 40 * 512, buf, sizeof(buf));
	assert_int_equal(blk_read(&v.blk, 41, 1, buf), 0);
	assert_memory_equal(buf, disk + 41 * 512, sizeof(buf));
	assert_int_equal(fake.requests, 2);
	assert_false(fake.bad_chain);
	teardown_dev();
}

static void test_bad_geometry_refused(void **state)
{
	(void)state;
	setup_dev(all_features(), 512);
	assert_int_equal(vblk_set_geometry(&v, 1000, 1024), -EINVAL);
	assert_int_equal(virtq_init(&v.vq, 0, 6, ring_mem), -EINVAL); /* not a power of two */
	teardown_dev();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feature_selection_keeps_known_bits),
		cmocka_unit_test(test_read_returns_disk_bytes),
		cmocka_unit_test(test_write_lands_on_disk),
		cmocka_unit_test(test_4k_blocks_use_512_byte_sector_field),
		cmocka_unit_test(test_large_transfer_split_at_max_xfer),
		cmocka_unit_test(test_descriptors_recycled),
		cmocka_unit_test(test_flush_only_with_feature),
		cmocka_unit_test(test_status_bytes_decoded),
		cmocka_unit_test(test_read_only_feature_refuses_writes),
		cmocka_unit_test(test_no_completion_times_out),
		cmocka_unit_test(test_foreign_descriptor_id_refused),
		cmocka_unit_test(test_queue_rebuilt_in_place_after_device_reset),
		cmocka_unit_test(test_bad_geometry_refused),
	};
	int rc = cmocka_run_group_tests_name("virtio_blk", tests, NULL, NULL);

	free(ring_mem);
	return rc;
}
