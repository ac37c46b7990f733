// SPDX-License-Identifier: MIT
/*
 * Loading files from the ISO9660 volume into page-allocated memory, with a
 * progress bar (bytes and percent) for files over BOOT_PROGRESS_BYTES. Sizes
 * are checked against free memory before anything is allocated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/iso9660.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>

#define LOAD_CHUNK (1u * MiB)
#define BAR_WIDTH  32u

static void progress(const char *path, uint64_t done, uint64_t total)
{
	unsigned pct = total ? (unsigned)(done * 100 / total) : 100;
	char bar[BAR_WIDTH + 1];

	for (unsigned i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < pct * BAR_WIDTH / 100 ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	console_printf("\r  %s [%s] %llu/%llu bytes %3u%%", path, bar, (unsigned long long)done,
		       (unsigned long long)total, pct);
	if (done == total)
		console_printf("\n");
}

static int check_room(const char *path, uint64_t size)
{
	if (size > pmm_global.free_bytes) {
		log_err("boot: %s is %llu bytes, more than the %llu bytes of free memory", path,
			(unsigned long long)size, (unsigned long long)pmm_global.free_bytes);
		return -ENOMEM;
	}
	return 0;
}

/* Read e into dst (room for e->size bytes). */
static int read_all(struct iso_fs *fs, const struct iso_entry *e, const char *path, uint8_t *dst)
{
	bool bar = e->size > BOOT_PROGRESS_BYTES;
	uint64_t off = 0;

	while (off < e->size) {
		int64_t got =
			iso_read(fs, e, off, dst + off, (size_t)MIN(LOAD_CHUNK, e->size - off));

		if (got <= 0) {
			if (bar)
				console_printf("\n");
			log_err("boot: %s: read error %lld at byte %llu of %llu", path,
				(long long)got, (unsigned long long)off,
				(unsigned long long)e->size);
			return got < 0 ? (int)got : -EIO;
		}
		off += (uint64_t)got;
		if (bar)
			progress(path, off, e->size);
	}
	return 0;
}

static int stat_file(struct iso_fs *fs, const char *path, struct iso_entry *e)
{
	int rc = iso_resolve(fs, path, e);

	if (rc) {
		log_err("boot: %s: %s (%d)", path, rc == -ENOENT ? "no such file" : "lookup error",
			rc);
		return rc;
	}
	if (e->type != ISO_TYPE_FILE) {
		log_err("boot: %s: not a regular file", path);
		return -EISDIR;
	}
	return 0;
}

int boot_load_file(struct iso_fs *fs, const char *path, uint64_t align, struct boot_image *img)
{
	struct iso_entry *e = malloc(sizeof(*e));
	int rc = e ? stat_file(fs, path, e) : -ENOMEM;

	memset(img, 0, sizeof(*img));
	img->path = path;
	if (!rc)
		rc = check_room(path, e->size);
	if (!rc && e->size) {
		img->npages = DIV_ROUND_UP(e->size, PAGE_SIZE);
		img->paddr = page_alloc_aligned(img->npages, align ? align : PAGE_SIZE);
		if (img->paddr == INVALID_PADDR) {
			log_err("boot: %s: no %llu contiguous free pages", path,
				(unsigned long long)img->npages);
			img->npages = 0;
			rc = -ENOMEM;
		}
	}
	if (!rc && e->size) {
		img->data = phys_to_virt(img->paddr);
		img->size = e->size;
		rc = read_all(fs, e, path, img->data);
	}
	free(e);
	if (rc)
		boot_image_free(img);
	return rc;
}

/* UAPI.1: several initrd lines are loaded one after another into one image. */
int boot_load_initrds(struct boot_entry *e, struct boot_image *img)
{
	struct iso_entry *ie = malloc(sizeof(*ie));
	uint64_t total = 0, off = 0;
	int rc = ie ? 0 : -ENOMEM;

	memset(img, 0, sizeof(*img));
	for (unsigned i = 0; !rc && i < e->ninitrd; i++) {
		rc = stat_file(e->fs, e->initrd[i], ie);
		if (!rc && total + ie->size < total)
			rc = -EOVERFLOW;
		total += rc ? 0 : ie->size;
	}
	if (!rc)
		rc = check_room(e->ninitrd > 1 ? "the initrds" : e->initrd[0], total);
	if (!rc && total) {
		img->path = e->initrd[0];
		img->npages = DIV_ROUND_UP(total, PAGE_SIZE);
		img->paddr = page_alloc(img->npages);
		if (img->paddr == INVALID_PADDR) {
			log_err("boot: initrd: no %llu contiguous free pages",
				(unsigned long long)img->npages);
			img->npages = 0;
			rc = -ENOMEM;
		}
		img->data = phys_to_virt(img->paddr);
	}
	for (unsigned i = 0; !rc && total && i < e->ninitrd; i++) {
		rc = stat_file(e->fs, e->initrd[i], ie);
		if (!rc && ie->size > total - off)
			rc = -EIO; /* changed under us: cannot happen on a read-only volume */
		if (!rc)
			rc = read_all(e->fs, ie, e->initrd[i], (uint8_t *)img->data + off);
		off += rc ? 0 : ie->size;
	}
	img->size = off;
	free(ie);
	if (rc)
		boot_image_free(img);
	return rc;
}

void boot_image_free(struct boot_image *img)
{
	if (img->npages)
		page_free(img->paddr, img->npages);
	img->data = NULL;
	img->npages = 0;
	img->size = 0;
}
