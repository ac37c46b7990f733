// SPDX-License-Identifier: MIT
/*
 * Block helpers: a reproducible write pattern with fill-and-verify, and
 * SHA-256 over a sector range. Portable (host tested over a memory disk).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/blk.h>
#include <vmplat/sha256.h>

/* A 32-bit finalizer (the "lowbias32" mix): cheap and well spread. */
static uint32_t mix32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

uint32_t blk_pattern_word(uint32_t seed, uint64_t lba, uint32_t j)
{
	return mix32(seed * 0x9e3779b1u + (uint32_t)lba * 0x85ebca77u + j);
}

void blk_pattern_fill(uint8_t *buf, uint32_t sector_size, uint64_t lba, uint64_t count,
		      uint32_t seed)
{
	for (uint64_t s = 0; s < count; s++)
		for (uint32_t j = 0; j < sector_size / 4; j++)
			le32_put(buf + s * sector_size + 4 * j, blk_pattern_word(seed, lba + s, j));
}

int blk_fill_verify(struct blk_dev *d, uint64_t lba, uint64_t count, uint32_t seed)
{
	uint64_t per = BLK_CHUNK / d->sector_size, bytes;
	uint8_t *want = malloc(BLK_CHUNK), *got = malloc(BLK_CHUNK);
	int rc = want && got ? 0 : -ENOMEM;

	for (uint64_t done = 0; !rc && done < count; done += per) {
		uint64_t n = MIN(per, count - done);

		blk_pattern_fill(want, d->sector_size, lba + done, n, seed);
		rc = blk_write(d, lba + done, n, want);
	}
	if (!rc)
		rc = blk_flush(d);
	for (uint64_t done = 0; !rc && done < count; done += per) {
		uint64_t n = MIN(per, count - done);

		bytes = n * d->sector_size;
		blk_pattern_fill(want, d->sector_size, lba + done, n, seed);
		memset(got, 0, bytes);
		rc = blk_read(d, lba + done, n, got);
		for (uint64_t i = 0; !rc && i < bytes; i++) {
			if (want[i] != got[i]) {
				log_err("blk: %s: read back differs at byte %llu of lba %llu",
					d->name, (unsigned long long)(i % d->sector_size),
					(unsigned long long)(lba + done + i / d->sector_size));
				rc = -EIO;
			}
		}
	}
	free(want);
	free(got);
	return rc;
}

int blk_sha256(struct blk_dev *d, uint64_t lba, uint64_t count, uint8_t digest[32])
{
	uint64_t per = BLK_CHUNK / d->sector_size;
	uint8_t *buf = malloc(BLK_CHUNK);
	struct sha256_ctx c;
	int rc = buf ? 0 : -ENOMEM;

	sha256_init(&c);
	for (uint64_t done = 0; !rc && done < count; done += per) {
		uint64_t n = MIN(per, count - done);

		rc = blk_read(d, lba + done, n, buf);
		if (!rc)
			sha256_update(&c, buf, n * d->sector_size);
	}
	sha256_final(&c, digest);
	free(buf);
	return rc;
}
