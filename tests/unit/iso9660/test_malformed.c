// SPDX-License-Identifier: MIT
/*
 * Malformed-image corpus: a generator takes the good mal.iso / boot.iso
 * in memory, breaks one rule, and the reader must return the expected error
 * (never hang, read out of bounds, or crash: ASan/UBSan build too).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "iso_env.h"
#include "iso_tests.h"

#define SECTOR 2048u

struct img {
	struct env_mem m;
	struct iso_read_ops ops;
	struct iso_fs fs;
};

static void img_load(struct img *g, const char *name)
{
	memset(g, 0, sizeof(*g));
	assert_int_equal(env_mem_load(&g->m, env_image(name), 64u << 20), 0);
	assert_true(g->m.size > 20 * SECTOR);
	env_mem_ops(&g->m, &g->ops);
}

static void img_free(struct img *g)
{
	iso_unmount(&g->fs);
	free(g->m.data);
}

static void both32(uint8_t *p, uint32_t v)
{
	le32_put(p, v);
	p[4] = (uint8_t)(v >> 24);
	p[5] = (uint8_t)(v >> 16);
	p[6] = (uint8_t)(v >> 8);
	p[7] = (uint8_t)v;
}

static uint8_t *pvd(struct img *g)
{
	return g->m.data + 16 * SECTOR;
}

static uint32_t root_lba(struct img *g)
{
	return le32_get(pvd(g) + 156 + 2);
}

/* The record whose plain identifier starts with id in the root directory. */
static uint8_t *root_rec(struct img *g, const char *id)
{
	uint8_t *d = g->m.data + (size_t)root_lba(g) * SECTOR;
	size_t pos = 0, n = strlen(id);

	while (pos < SECTOR && d[pos]) {
		if (d[pos + 32] >= n && !memcmp(d + pos + 33, id, n))
			return d + pos;
		pos += d[pos];
	}
	fail_msg("record %s not found", id);
	return NULL;
}

static int mount_and_lookup(struct img *g, const char *path)
{
	struct iso_entry e;
	int ret;

	if (g->fs.mounted)
		iso_unmount(&g->fs);
	ret = iso_mount(&g->fs, &g->ops);
	return ret ? ret : iso_resolve(&g->fs, path, &e);
}

void test_good_corpus_image_reads(void **state)
{
	struct img g;
	struct iso_entry e;
	uint8_t buf[64];

	(void)state;
	img_load(&g, "mal.iso");
	assert_int_equal(mount_and_lookup(&g, "/sub/b.txt"), 0);
	assert_int_equal(iso_lookup(&g.fs, "/a.txt", &e), 0);
	assert_int_equal(iso_read(&g.fs, &e, 0, buf, sizeof(buf)), sizeof(buf));
	assert_memory_equal(buf, "vmplat-iso-avmplat", 18);
	assert_int_equal(iso_lookup(&g.fs, "/long", &e), 0);
	assert_int_equal(strlen(e.link), 6 * 100 + 5);
	img_free(&g);
}

void test_directory_loop_is_rejected(void **state)
{
	struct img g;
	uint8_t *sub;

	(void)state;
	img_load(&g, "mal.iso");
	sub = root_rec(&g, "SUB");
	both32(sub + 2, root_lba(&g));
	memcpy(sub + 10, pvd(&g) + 156 + 10, 8); /* the root's size too */
	assert_int_equal(mount_and_lookup(&g, "/sub/sub/b.txt"), -ELOOP);
	img_free(&g);
}

void test_record_length_zero_first_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	g.m.data[(size_t)root_lba(&g) * SECTOR] = 0;
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -EINVAL);
	img_free(&g);
}

void test_record_length_too_short_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	root_rec(&g, "A.TXT")[0] = 20;
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -EINVAL);
	img_free(&g);
}

void test_record_overflowing_directory_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	both32(pvd(&g) + 156 + 10, 60); /* root shorter than its "." record */
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -EINVAL);
	img_free(&g);
}

void test_name_length_overflow_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	root_rec(&g, "A.TXT")[32] = 250;
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -EINVAL);
	img_free(&g);
}

void test_extent_past_end_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	both32(root_rec(&g, "A.TXT") + 2, 0x7fffffff);
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -EINVAL);
	img_free(&g);
}

/* Points the continuation area of /long at a CE entry naming itself. */
void test_ce_loop_is_rejected(void **state)
{
	struct img g;
	uint8_t *r, *ce = NULL, *area;
	uint32_t blk, off, len;

	(void)state;
	img_load(&g, "mal.iso");
	r = root_rec(&g, "LONG");
	for (unsigned i = 34; i + 28 <= r[0]; i++)
		if (r[i] == 'C' && r[i + 1] == 'E' && r[i + 2] == 28)
			ce = r + i;
	assert_non_null(ce);
	blk = le32_get(ce + 4);
	off = le32_get(ce + 12);
	len = le32_get(ce + 20);
	area = g.m.data + (size_t)blk * SECTOR + off;
	assert_true(len >= 28);
	memset(area, 0, len);
	memcpy(area, ce, 28);
	both32(area + 20, 28);
	assert_int_equal(mount_and_lookup(&g, "/long"), -ELOOP);
	img_free(&g);
}

void test_ce_outside_block_is_rejected(void **state)
{
	struct img g;
	uint8_t *r, *ce = NULL;

	(void)state;
	img_load(&g, "mal.iso");
	r = root_rec(&g, "LONG");
	for (unsigned i = 34; i + 28 <= r[0]; i++)
		if (r[i] == 'C' && r[i + 1] == 'E' && r[i + 2] == 28)
			ce = r + i;
	assert_non_null(ce);
	both32(ce + 12, 2040); /* offset + length past the block */
	assert_int_equal(mount_and_lookup(&g, "/long"), -EINVAL);
	img_free(&g);
}

void test_sl_loop_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	assert_int_equal(mount_and_lookup(&g, "/loop1"), -ELOOP);
	assert_int_equal(mount_and_lookup(&g, "/loop2/x"), -ELOOP);
	img_free(&g);
}

void test_bad_catalog_checksum_is_rejected(void **state)
{
	struct img g;
	struct iso_boot_catalog cat;
	uint8_t *v;

	(void)state;
	img_load(&g, "boot.iso");
	assert_int_equal(iso_mount(&g.fs, &g.ops), 0);
	assert_int_equal(iso_boot_catalog(&g.fs, &cat), 0);
	v = g.m.data + (size_t)iso_volume(&g.fs)->boot_catalog_lba * SECTOR;
	iso_unmount(&g.fs);
	v[28] ^= 0x01;
	assert_int_equal(iso_mount(&g.fs, &g.ops), 0);
	assert_int_equal(iso_boot_catalog(&g.fs, &cat), -EINVAL);
	iso_unmount(&g.fs);
	v[28] ^= 0x01;
	v[31] = 0; /* key byte 0xAA */
	assert_int_equal(iso_mount(&g.fs, &g.ops), 0);
	assert_int_equal(iso_boot_catalog(&g.fs, &cat), -EINVAL);
	img_free(&g);
}

void test_truncated_images_are_rejected(void **state)
{
	static const struct {
		size_t size;
		int err;
	} cuts[] = { { 0, -ENODEV },
		     { 8000, -ENODEV },
		     { 16 * SECTOR + 100, -ENODEV },
		     { 17 * SECTOR, -ENXIO },
		     { 20 * SECTOR, -ENXIO } };
	struct img g;
	size_t full;

	(void)state;
	img_load(&g, "mal.iso");
	full = g.m.size;
	for (size_t i = 0; i < ARRAY_SIZE(cuts); i++) {
		g.ops.size_bytes = cuts[i].size;
		assert_int_equal(iso_mount(&g.fs, &g.ops), cuts[i].err);
	}
	g.ops.size_bytes = full - SECTOR;
	assert_int_equal(iso_mount(&g.fs, &g.ops), -ENXIO);
	img_free(&g);
}

void test_missing_terminator_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	for (unsigned i = 17; i < 16 + 64; i++) {
		uint8_t *vd = g.m.data + (size_t)i * SECTOR;

		if (vd[0] == 255 && !memcmp(vd + 1, "CD001", 5)) {
			vd[0] = 3; /* a partition descriptor instead, then nothing */
			memset(vd + SECTOR, 0, SECTOR);
			break;
		}
	}
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -EINVAL);
	img_free(&g);
}

void test_bad_both_endian_and_block_size(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	pvd(&g)[80 + 4] ^= 0x10; /* volume space size, big-endian half */
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -EINVAL);
	pvd(&g)[80 + 4] ^= 0x10;
	pvd(&g)[128] = 0x00; /* block size 512, both halves */
	pvd(&g)[129] = 0x02;
	pvd(&g)[130] = 0x02;
	pvd(&g)[131] = 0x00;
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -ENOTSUP);
	img_free(&g);
}

void test_interleaved_file_is_refused(void **state)
{
	struct img g;
	struct iso_entry e;
	uint8_t buf[16];

	(void)state;
	img_load(&g, "mal.iso");
	root_rec(&g, "A.TXT")[26] = 1; /* file unit size */
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), 0);
	assert_int_equal(iso_lookup(&g.fs, "/a.txt", &e), 0);
	assert_int_equal(iso_read(&g.fs, &e, 0, buf, sizeof(buf)), -ENOTSUP);
	img_free(&g);
}

void test_multi_extent_without_final_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	root_rec(&g, "A.TXT")[25] |= 0x80;
	assert_int_equal(mount_and_lookup(&g, "/a.txt"), -EINVAL);
	img_free(&g);
}

void test_not_iso_is_rejected(void **state)
{
	struct img g;

	(void)state;
	img_load(&g, "mal.iso");
	memset(g.m.data + 16 * SECTOR, 0, SECTOR);
	assert_int_equal(iso_mount(&g.fs, &g.ops), -ENODEV);
	img_free(&g);
}
