// SPDX-License-Identifier: MIT
/*
 * The block layer over a memory disk: registry rules, bounds refused before
 * the driver is called (end, overflow, NULL, gone, read-only), large
 * requests split, byte-granular reads, the write pattern and SHA-256 of a
 * sector range.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/blk.h>
#include <vmplat/sha256.h>
#include "../../fakes/blk_env.h"

struct memdisk {
	struct blk_dev blk;
	uint8_t *data;
	unsigned calls, flushes;
	uint32_t max_count;
};

static int md_read(struct blk_dev *d, uint64_t lba, uint32_t count, void *buf)
{
	struct memdisk *m = d->priv;

	assert_true(count > 0 && lba + count <= d->sectors); /* the layer's promise */
	m->calls++;
	m->max_count = count > m->max_count ? count : m->max_count;
	memcpy(buf, m->data + lba * d->sector_size, (size_t)count * d->sector_size);
	return 0;
}

static int md_write(struct blk_dev *d, uint64_t lba, uint32_t count, const void *buf)
{
	struct memdisk *m = d->priv;

	assert_true(count > 0 && lba + count <= d->sectors);
	m->calls++;
	memcpy(m->data + lba * d->sector_size, buf, (size_t)count * d->sector_size);
	return 0;
}

static int md_flush(struct blk_dev *d)
{
	((struct memdisk *)d->priv)->flushes++;
	return 0;
}

static const struct blk_dev_ops md_ops = { md_read, md_write, md_flush };

static struct memdisk *md_new(const char *name, uint32_t ss, uint64_t sectors)
{
	struct memdisk *m = calloc(1, sizeof(*m));

	strcpy(m->blk.name, name);
	m->blk.sector_size = ss;
	m->blk.sectors = sectors;
	m->blk.ops = &md_ops;
	m->blk.priv = m;
	m->data = malloc(ss * sectors);
	for (uint64_t i = 0; i < ss * sectors; i++)
		m->data[i] = (uint8_t)(i ^ i >> 9);
	return m;
}

static void md_free(struct memdisk *m)
{
	free(m->data);
	free(m);
}

static void test_register_rules(void **state)
{
	struct memdisk *a = md_new("d0", 512, 64), *b = md_new("d0", 512, 64);
	struct memdisk *c = md_new("d1", 1024, 64);

	(void)state;
	blk_reset();
	assert_int_equal(blk_register(&a->blk), 0);
	assert_int_equal(blk_register(&b->blk), -EEXIST);
	assert_int_equal(blk_register(&c->blk), -EINVAL); /* 1024-byte sectors */
	assert_ptr_equal(blk_find("d0"), &a->blk);
	assert_null(blk_find("d1"));
	assert_int_equal(blk_count(), 1);
	blk_unregister(&a->blk);
	assert_int_equal(blk_count(), 0);
	md_free(a);
	md_free(b);
	md_free(c);
}

static void test_registry_full(void **state)
{
	struct memdisk *m[BLK_MAX_DEVS + 1];
	char name[16];

	(void)state;
	blk_reset();
	for (unsigned i = 0; i <= BLK_MAX_DEVS; i++) {
		snprintf(name, sizeof(name), "d%u", i);
		m[i] = md_new(name, 512, 1);
		assert_int_equal(blk_register(&m[i]->blk), i < BLK_MAX_DEVS ? 0 : -ENOSPC);
	}
	assert_ptr_equal(blk_get(BLK_MAX_DEVS - 1), &m[BLK_MAX_DEVS - 1]->blk);
	assert_null(blk_get(BLK_MAX_DEVS));
	for (unsigned i = 0; i <= BLK_MAX_DEVS; i++)
		md_free(m[i]);
	blk_reset();
}

static void test_bounds_refused_before_driver(void **state)
{
	struct memdisk *m = md_new("d0", 512, 100);
	uint8_t buf[1024];

	(void)state;
	assert_int_equal(blk_read(&m->blk, 99, 1, buf), 0);
	assert_int_equal(m->calls, 1);
	assert_int_equal(blk_read(&m->blk, 100, 1, buf), -ERANGE);
	assert_int_equal(blk_read(&m->blk, 99, 2, buf), -ERANGE);
	assert_int_equal(blk_read(&m->blk, UINT64_MAX, 2, buf), -ERANGE);
	assert_int_equal(blk_read(&m->blk, 1, UINT64_MAX, buf), -ERANGE);
	assert_int_equal(blk_write(&m->blk, 100, 1, buf), -ERANGE);
	assert_int_equal(blk_read(&m->blk, 0, 1, NULL), -EINVAL);
	assert_int_equal(blk_read(NULL, 0, 1, buf), -EINVAL);
	assert_int_equal(blk_read(&m->blk, 0, 0, buf), 0);
	assert_int_equal(m->calls, 1); /* none of the refused ones reached the driver */
	md_free(m);
}

static void test_read_only_and_gone(void **state)
{
	struct memdisk *m = md_new("d0", 512, 10);
	uint8_t buf[512] = { 0 };

	(void)state;
	m->blk.read_only = true;
	assert_int_equal(blk_write(&m->blk, 0, 1, buf), -EROFS);
	assert_int_not_equal(m->data[1], 0);
	m->blk.read_only = false;
	m->blk.gone = true;
	assert_int_equal(blk_read(&m->blk, 0, 1, buf), -ENODEV);
	assert_int_equal(blk_write(&m->blk, 0, 1, buf), -ENODEV);
	assert_int_equal(blk_flush(&m->blk), -ENODEV);
	assert_int_equal(m->calls, 0);
	md_free(m);
}

static void test_huge_requests_split(void **state)
{
	uint64_t sectors = 0x10000 * 2 + 5;
	struct memdisk *m = md_new("d0", 512, sectors);
	uint8_t *buf = malloc(sectors * 512);

	(void)state;
	assert_int_equal(blk_read(&m->blk, 0, sectors, buf), 0);
	assert_memory_equal(buf, m->data, sectors * 512);
	assert_int_equal(m->calls, 3);
	assert_int_equal(m->max_count, 0x10000);
	assert_int_equal(m->blk.nread, sectors);
	free(buf);
	md_free(m);
}

static void test_read_bytes_any_offset(void **state)
{
	struct memdisk *m = md_new("d0", 2048, 8);
	uint8_t buf[5000];

	(void)state;
	assert_int_equal(blk_read_bytes(&m->blk, 1000, 5000, buf), 0);
	assert_memory_equal(buf, m->data + 1000, 5000);
	assert_int_equal(blk_read_bytes(&m->blk, 4096, 2048, buf), 0);
	assert_memory_equal(buf, m->data + 4096, 2048);
	assert_int_equal(blk_read_bytes(&m->blk, 8 * 2048 - 3, 3, buf), 0);
	assert_memory_equal(buf, m->data + 8 * 2048 - 3, 3);
	assert_int_equal(blk_read_bytes(&m->blk, 8 * 2048 - 3, 4, buf), -ERANGE);
	assert_int_equal(blk_read_bytes(&m->blk, UINT64_MAX, 4, buf), -ERANGE);
	md_free(m);
}

static void test_fill_verify_writes_pattern_and_flushes(void **state)
{
	struct memdisk *m = md_new("d0", 4096, 200);
	uint8_t want[4096];

	(void)state;
	assert_int_equal(blk_fill_verify(&m->blk, 3, 150, 12345), 0);
	assert_int_equal(m->flushes, 1);
	blk_pattern_fill(want, 4096, 77, 1, 12345);
	assert_memory_equal(m->data + 77 * 4096, want, 4096);
	assert_int_equal(le32_get(m->data + 3 * 4096), blk_pattern_word(12345, 3, 0));
	assert_int_not_equal(blk_pattern_word(12345, 3, 0), blk_pattern_word(12346, 3, 0));
	assert_int_not_equal(blk_pattern_word(1, 3, 0), blk_pattern_word(1, 4, 0));
	md_free(m);
}

static void test_sha256_of_range_equals_buffer_hash(void **state)
{
	struct memdisk *m = md_new("d0", 512, 2000);
	uint8_t a[SHA256_DIGEST_SIZE], b[SHA256_DIGEST_SIZE];

	(void)state;
	assert_int_equal(blk_sha256(&m->blk, 10, 1500, a), 0); /* spans several chunks */
	sha256(m->data + 10 * 512, 1500 * 512, b);
	assert_memory_equal(a, b, sizeof(a));
	assert_int_equal(blk_sha256(&m->blk, 1990, 11, a), -ERANGE);
	md_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_rules),
		cmocka_unit_test(test_registry_full),
		cmocka_unit_test(test_bounds_refused_before_driver),
		cmocka_unit_test(test_read_only_and_gone),
		cmocka_unit_test(test_huge_requests_split),
		cmocka_unit_test(test_read_bytes_any_offset),
		cmocka_unit_test(test_fill_verify_writes_pattern_and_flushes),
		cmocka_unit_test(test_sha256_of_range_equals_buffer_hash),
	};
	return cmocka_run_group_tests_name("blk", tests, NULL, NULL);
}
