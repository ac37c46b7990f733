// SPDX-License-Identifier: MIT
/*
 * File data: a byte range across the extents of a (multi-extent, ECMA-119
 * 6.5.1) file, read straight from the medium without caching.
 */
#include <errno.h>
#include <vmplat/log.h>
#include "iso_internal.h"

static int64_t read_extents(struct iso_fs *fs, const struct iso_entry *e, uint64_t off,
			    uint8_t *buf, size_t len)
{
	uint64_t base = 0, done = 0;

	for (uint32_t i = 0; i < e->nextents && i < ISO_MAX_EXTENTS && done < len; i++) {
		const struct iso_extent *x = &e->extents[i];
		uint64_t pos = off + done, n;
		int ret;

		if (pos >= base + x->len) {
			base += x->len;
			continue;
		}
		if (!iso_range_ok(fs, x->lba, x->len))
			return -EINVAL;
		n = MIN(base + x->len - pos, len - done);
		ret = iso_dev_read(fs, (uint64_t)x->lba * ISO_SECTOR_SIZE + (pos - base),
				   buf + done, (size_t)n);
		if (ret)
			return ret;
		done += n;
		base += x->len;
	}
	return (int64_t)done;
}

int64_t iso_read(struct iso_fs *fs, const struct iso_entry *e, uint64_t off, void *buf, size_t len)
{
	if (!fs->mounted)
		return -ENODEV;
	if (e->type == ISO_TYPE_DIR)
		return -EISDIR;
	if (e->type != ISO_TYPE_FILE)
		return -EINVAL;
	if (e->interleaved) {
		log_err("iso: \"%s\" is recorded interleaved (ECMA-119 6.4.3): not supported",
			e->name);
		return -ENOTSUP;
	}
	if (off >= e->size)
		return 0;
	if (len > e->size - off)
		len = (size_t)(e->size - off);
	if (len > INT64_MAX)
		len = INT64_MAX;
	return read_extents(fs, e, off, buf, len);
}
