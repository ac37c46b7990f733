// SPDX-License-Identifier: MIT
/*
 * An ISO9660 volume on a block device: the read callback and the quick
 * signature check the boot manager, the shell's `source` and the `iso`
 * commands share before iso_mount.
 *
 *	if (blk_has_iso9660(d)) {
 *		struct iso_read_ops ops = blk_iso_ops(d);
 *		rc = iso_mount(fs, &ops);
 *	}
 */
#ifndef VMPLAT_BLK_ISO_H
#define VMPLAT_BLK_ISO_H

#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/iso9660.h>

static inline int blk_iso_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	return blk_read_bytes(ctx, off, len, buf);
}

static inline struct iso_read_ops blk_iso_ops(struct blk_dev *d)
{
	return (struct iso_read_ops){ blk_iso_read, d, blk_bytes(d) };
}

/* ECMA-119 8.1: the first volume descriptor, "CD001" at LBA 16. */
static inline bool blk_has_iso9660(struct blk_dev *d)
{
	uint8_t id[6];

	return blk_bytes(d) > (ISO_SYSTEM_AREA_SECTORS + 1) * ISO_SECTOR_SIZE &&
	       !blk_read_bytes(d, ISO_SYSTEM_AREA_SECTORS * ISO_SECTOR_SIZE, sizeof(id), id) &&
	       !memcmp(id + 1, "CD001", 5);
}

#endif
