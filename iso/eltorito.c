// SPDX-License-Identifier: MIT
/*
 * El Torito 1.0 boot catalog: validation entry with its checksum (2.1),
 * initial/default entry (2.2), section headers (2.4) and section entries
 * (2.5) with their extensions (2.6), for platforms 0x00 (x86) and 0xEF (EFI).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include "iso_internal.h"

#define ET_ENTRY	   32u
#define ET_PER_SECTOR	   (ISO_SECTOR_SIZE / ET_ENTRY)
#define ET_HEADER_ID	   0x01
#define ET_KEY0		   0x55
#define ET_KEY1		   0xaa
#define ET_BOOTABLE	   0x88
#define ET_NOT_BOOTABLE	   0x00
#define ET_SECTION_MORE	   0x90
#define ET_SECTION_FINAL   0x91
#define ET_EXTENSION	   0x44
#define ET_EXT_MORE	   BIT(5)
#define ET_MEDIA_TYPE	   GENMASK(3, 0)
#define ET_MEDIA_CONTINUES BIT(5)

struct cat_reader {
	struct iso_fs *fs;
	uint32_t lba, idx; /* next entry */
	struct iso_buf b;
	uint32_t b_sector;
	bool have;
};

/* The idx-th 32-byte catalog entry, reading sectors as the walk needs them. */
static int cat_entry(struct cat_reader *r, const uint8_t **e)
{
	uint32_t sector = r->idx / ET_PER_SECTOR;
	int ret;

	if (r->idx >= ISO_MAX_CATALOG_ENTRIES) {
		log_err("iso: boot catalog longer than %u entries (El Torito 2.0)",
			ISO_MAX_CATALOG_ENTRIES);
		return -E2BIG;
	}
	if (!r->have || r->b_sector != sector) {
		if (r->have)
			iso_cache_put(r->fs, &r->b);
		r->have = false;
		if (!iso_range_ok(r->fs, r->lba + sector, ISO_SECTOR_SIZE)) {
			log_err("iso: boot catalog at block %u runs past the volume (El Torito 2.0)",
				r->lba);
			return -EINVAL;
		}
		ret = iso_cache_get(r->fs, r->lba + sector, ISO_SECTOR_SIZE, &r->b);
		if (ret)
			return ret;
		r->have = true;
		r->b_sector = sector;
	}
	*e = r->b.data + (r->idx++ % ET_PER_SECTOR) * ET_ENTRY;
	return 0;
}

static int validation_entry(const uint8_t *e, struct iso_boot_catalog *cat)
{
	uint16_t sum = 0;

	if (e[0] != ET_HEADER_ID || e[30] != ET_KEY0 || e[31] != ET_KEY1) {
		log_err("iso: boot catalog validation entry malformed (El Torito 2.1)");
		return -EINVAL;
	}
	for (unsigned i = 0; i < ET_ENTRY; i += 2)
		sum = (uint16_t)(sum + le16_get(e + i));
	if (sum) {
		log_err("iso: boot catalog checksum does not sum to zero (%#x) (El Torito 2.1)",
			sum);
		return -EINVAL;
	}
	cat->platform = e[1];
	memcpy(cat->id, e + 4, 24);
	cat->id[24] = '\0';
	return 0;
}

static const uint64_t floppy_bytes[] = { 0, 1200 * KiB, 1440 * KiB, 2880 * KiB, 0 };

static int boot_entry(struct iso_fs *fs, const uint8_t *e, uint8_t platform,
		      struct iso_boot_image *img)
{
	memset(img, 0, sizeof(*img));
	if (e[0] != ET_BOOTABLE && e[0] != ET_NOT_BOOTABLE) {
		log_err("iso: boot entry indicator %#x is neither 0x88 nor 0x00 (El Torito 2.2)",
			e[0]);
		return -EINVAL;
	}
	img->platform = platform;
	img->bootable = e[0] == ET_BOOTABLE;
	img->media = (uint8_t)FIELD_GET(ET_MEDIA_TYPE, e[1]);
	if (img->media > ISO_BOOT_HDD) {
		log_err("iso: boot media type %u unknown (El Torito 2.2)", img->media);
		return -EINVAL;
	}
	img->load_segment = le16_get(e + 2);
	img->system_type = e[4];
	img->sector_count = le16_get(e + 6);
	img->load_rba = le32_get(e + 8);
	img->size = floppy_bytes[img->media] ?: (uint64_t)img->sector_count * 512;
	if ((uint64_t)img->load_rba * ISO_SECTOR_SIZE + img->size > fs->ops.size_bytes) {
		log_err("iso: boot image at block %u (%llu bytes) past the medium (El Torito 2.2)",
			img->load_rba, (unsigned long long)img->size);
		return -EINVAL;
	}
	return 0;
}

static int add_image(struct iso_fs *fs, struct iso_boot_catalog *cat, const uint8_t *e,
		     uint8_t platform, const char *id)
{
	struct iso_boot_image img;
	int ret = boot_entry(fs, e, platform, &img);

	if (ret)
		return ret;
	snprintf(img.id, sizeof(img.id), "%s", id);
	if (cat->count < ISO_MAX_BOOT_IMAGES)
		cat->images[cat->count++] = img;
	return 0;
}

/* One section (2.4): its header is h; n entries and their extensions follow. */
static int section(struct cat_reader *r, struct iso_boot_catalog *cat, const uint8_t *h)
{
	uint16_t n = le16_get(h + 2);
	char id[29];
	const uint8_t *e;
	int ret;

	memcpy(id, h + 4, 28);
	id[28] = '\0';
	for (uint16_t i = 0; i < n; i++) {
		bool more;

		ret = cat_entry(r, &e);
		if (!ret)
			ret = add_image(r->fs, cat, e, h[1], id);
		if (ret)
			return ret;
		more = e[1] & ET_MEDIA_CONTINUES;
		while (more) { /* extension entries (2.6), bounded by cat_entry */
			ret = cat_entry(r, &e);
			if (ret)
				return ret;
			if (e[0] != ET_EXTENSION) {
				log_err("iso: expected a section entry extension (El Torito 2.6)");
				return -EINVAL;
			}
			more = e[1] & ET_EXT_MORE;
		}
	}
	return 0;
}

static int catalog_walk(struct cat_reader *r, struct iso_boot_catalog *cat)
{
	const uint8_t *e;
	int ret = cat_entry(r, &e);

	if (!ret)
		ret = validation_entry(e, cat);
	if (!ret)
		ret = cat_entry(r, &e);
	if (!ret)
		ret = add_image(r->fs, cat, e, cat->platform, "");
	while (!ret) {
		ret = cat_entry(r, &e);
		if (ret || (e[0] != ET_SECTION_MORE && e[0] != ET_SECTION_FINAL))
			break; /* no (more) sections */
		ret = section(r, cat, e);
		if (!ret && e[0] == ET_SECTION_FINAL)
			break;
	}
	return ret == -E2BIG && cat->count ? 0 : ret;
}

int iso_boot_catalog(struct iso_fs *fs, struct iso_boot_catalog *cat)
{
	struct cat_reader r = { .fs = fs, .lba = fs->info.boot_catalog_lba };
	int ret;

	memset(cat, 0, sizeof(*cat));
	if (!fs->mounted)
		return -ENODEV;
	if (!fs->info.has_el_torito)
		return -ENOENT;
	cat->lba = r.lba;
	ret = catalog_walk(&r, cat);
	if (r.have)
		iso_cache_put(fs, &r.b);
	return ret;
}

int64_t iso_boot_image_read(struct iso_fs *fs, const struct iso_boot_image *img, uint64_t off,
			    void *buf, size_t len)
{
	uint64_t start = (uint64_t)img->load_rba * ISO_SECTOR_SIZE;
	int ret;

	if (!fs->mounted)
		return -ENODEV;
	if (off >= img->size)
		return 0;
	len = (size_t)MIN((uint64_t)len, img->size - off);
	ret = iso_dev_read(fs, start + off, buf, len);
	return ret ? ret : (int64_t)len;
}
