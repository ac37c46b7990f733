// SPDX-License-Identifier: MIT
/*
 * Checked medium reads and the metadata cache: directory extents and SUSP
 * continuation areas stay in RAM (LRU, ISO_CACHE_SLOTS / ISO_CACHE_BYTES),
 * so repeated lookups do not read the disk again. A buffer is pinned while
 * a caller walks it; pinned slots are never evicted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include "iso_internal.h"

int iso_dev_read(struct iso_fs *fs, uint64_t off, void *buf, size_t len)
{
	int ret;

	if (off > fs->ops.size_bytes || len > fs->ops.size_bytes - off) {
		log_err("iso: read of %zu bytes at %#llx beyond the medium (%llu bytes)", len,
			(unsigned long long)off, (unsigned long long)fs->ops.size_bytes);
		return -ENXIO;
	}
	fs->stats.reads++;
	fs->stats.bytes_read += len;
	ret = fs->ops.read(fs->ops.ctx, off, buf, len);
	if (ret > 0)
		ret = 0;
	if (ret)
		log_err("iso: medium read at %#llx (%zu bytes) failed: %d", (unsigned long long)off,
			len, ret);
	return ret;
}

/* Is [lba, lba + len) inside both the volume space and the medium? */
bool iso_range_ok(const struct iso_fs *fs, uint32_t lba, uint64_t len)
{
	uint64_t start = (uint64_t)lba * ISO_SECTOR_SIZE;
	uint64_t vol = (uint64_t)fs->info.volume_blocks * ISO_SECTOR_SIZE;
	uint64_t end = MIN(vol, fs->ops.size_bytes);

	return start <= end && len <= end - start;
}

static int cache_find(struct iso_fs *fs, uint32_t lba, uint32_t len)
{
	for (unsigned i = 0; i < ISO_CACHE_SLOTS; i++) {
		const struct iso_cache_slot *s = &fs->cache[i];

		if (s->data && s->lba == lba && s->len >= len)
			return (int)i;
	}
	return -1;
}

static void cache_free_slot(struct iso_fs *fs, struct iso_cache_slot *s)
{
	fs->cache_bytes -= s->len;
	free(s->data);
	memset(s, 0, sizeof(*s));
}

/* A free slot with room for len more bytes, evicting unpinned LRU slots. */
static int cache_make_room(struct iso_fs *fs, uint32_t len)
{
	for (unsigned round = 0; round <= ISO_CACHE_SLOTS; round++) {
		int free_slot = -1, lru = -1;

		for (unsigned i = 0; i < ISO_CACHE_SLOTS; i++) {
			struct iso_cache_slot *s = &fs->cache[i];

			if (!s->data) {
				if (free_slot < 0)
					free_slot = (int)i;
			} else if (!s->pins && (lru < 0 || s->last_use < fs->cache[lru].last_use)) {
				lru = (int)i;
			}
		}
		if (free_slot >= 0 && fs->cache_bytes + len <= ISO_CACHE_BYTES)
			return free_slot;
		if (lru < 0)
			return -1;
		cache_free_slot(fs, &fs->cache[lru]);
	}
	return -1;
}

/* Pins len bytes at lba in b; the caller checked the range. */
int iso_cache_get(struct iso_fs *fs, uint32_t lba, uint32_t len, struct iso_buf *b)
{
	int i = cache_find(fs, lba, len), ret;
	uint8_t *data;

	memset(b, 0, sizeof(*b));
	if (i >= 0) {
		fs->stats.cache_hits++;
		fs->cache[i].pins++;
		fs->cache[i].last_use = ++fs->cache_clock;
		*b = (struct iso_buf){ fs->cache[i].data, len, i, NULL };
		return 0;
	}
	fs->stats.cache_misses++;
	data = malloc(MAX(len, 1u));
	if (!data)
		return -ENOMEM;
	ret = iso_dev_read(fs, (uint64_t)lba * ISO_SECTOR_SIZE, data, len);
	if (ret) {
		free(data);
		return ret;
	}
	i = len <= ISO_CACHE_BYTES / 2 ? cache_make_room(fs, len) : -1;
	if (i < 0) {
		*b = (struct iso_buf){ data, len, -1, data };
		return 0;
	}
	fs->cache[i] = (struct iso_cache_slot){ lba, len, 1, ++fs->cache_clock, data };
	fs->cache_bytes += len;
	*b = (struct iso_buf){ data, len, i, NULL };
	return 0;
}

void iso_cache_put(struct iso_fs *fs, struct iso_buf *b)
{
	if (b->owned)
		free(b->owned);
	else if (b->slot >= 0 && b->data && fs->cache[b->slot].pins)
		fs->cache[b->slot].pins--;
	memset(b, 0, sizeof(*b));
	b->slot = -1;
}

void iso_cache_drop(struct iso_fs *fs)
{
	for (unsigned i = 0; i < ISO_CACHE_SLOTS; i++)
		if (fs->cache[i].data)
			cache_free_slot(fs, &fs->cache[i]);
	fs->cache_bytes = 0;
}
