// SPDX-License-Identifier: MIT
/*
 * Loading files of an entry's volume (the ISO9660 volume, or the ESP files
 * read before ExitBootServices: boot_file_*) into page-allocated memory, with a
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

int boot_file_open(struct iso_fs *fs, const char *path, struct boot_file *f)
{
	const struct esp_file *ef;
	int rc;

	memset(f, 0, sizeof(*f));
	f->fs = fs;
	if (!fs) {
		ef = esp_find(path);
		if (!ef)
			return -ENOENT;
		f->data = ef->data;
		f->size = ef->size;
		return 0;
	}
	f->ie = malloc(sizeof(*f->ie));
	rc = f->ie ? iso_resolve(fs, path, f->ie) : -ENOMEM;
	if (!rc && f->ie->type != ISO_TYPE_FILE)
		rc = -EISDIR;
	if (rc) {
		boot_file_close(f);
		return rc;
	}
	f->size = f->ie->size;
	return 0;
}

int64_t boot_file_read(const struct boot_file *f, uint64_t off, void *buf, size_t len)
{
	if (f->fs)
		return iso_read(f->fs, f->ie, off, buf, len);
	if (off >= f->size)
		return 0;
	len = (size_t)MIN((uint64_t)len, f->size - off);
	memcpy(buf, f->data + off, len);
	return (int64_t)len;
}

void boot_file_close(struct boot_file *f)
{
	free(f->ie);
	f->ie = NULL;
}

/* Read all of f into dst (room for f->size bytes). */
static int read_all(const struct boot_file *f, const char *path, uint8_t *dst)
{
	bool bar = f->size > BOOT_PROGRESS_BYTES;
	uint64_t off = 0;

	while (off < f->size) {
		int64_t got =
			boot_file_read(f, off, dst + off, (size_t)MIN(LOAD_CHUNK, f->size - off));

		if (got <= 0) {
			if (bar)
				console_printf("\n");
			log_err("boot: %s: read error %lld at byte %llu of %llu", path,
				(long long)got, (unsigned long long)off,
				(unsigned long long)f->size);
			return got < 0 ? (int)got : -EIO;
		}
		off += (uint64_t)got;
		if (bar)
			progress(path, off, f->size);
	}
	return 0;
}

static int open_file(struct iso_fs *fs, const char *path, struct boot_file *f)
{
	int rc = boot_file_open(fs, path, f);

	if (rc == -EISDIR)
		log_err("boot: %s: not a regular file", path);
	else if (rc)
		log_err("boot: %s: %s (%d)", path, rc == -ENOENT ? "no such file" : "lookup error",
			rc);
	return rc;
}

int boot_load_file(struct iso_fs *fs, const char *path, uint64_t align, struct boot_image *img)
{
	struct boot_file f;
	int rc = open_file(fs, path, &f);

	memset(img, 0, sizeof(*img));
	img->path = path;
	if (!rc)
		rc = check_room(path, f.size);
	if (!rc && f.size) {
		img->npages = DIV_ROUND_UP(f.size, PAGE_SIZE);
		img->paddr = page_alloc_aligned(img->npages, align ? align : PAGE_SIZE);
		if (img->paddr == INVALID_PADDR) {
			log_err("boot: %s: no %llu contiguous free pages", path,
				(unsigned long long)img->npages);
			img->npages = 0;
			rc = -ENOMEM;
		}
	}
	if (!rc && f.size) {
		img->data = phys_to_virt(img->paddr);
		img->size = f.size;
		rc = read_all(&f, path, img->data);
	}
	boot_file_close(&f);
	if (rc)
		boot_image_free(img);
	return rc;
}

/* UAPI.1: several initrd lines are loaded one after another into one image. */
int boot_load_initrds(struct boot_entry *e, struct boot_image *img)
{
	struct boot_file f;
	uint64_t total = 0, off = 0;
	int rc = 0;

	memset(img, 0, sizeof(*img));
	for (unsigned i = 0; !rc && i < e->ninitrd; i++) {
		rc = open_file(e->fs, e->initrd[i], &f);
		if (!rc && total + f.size < total)
			rc = -EOVERFLOW;
		total += rc ? 0 : f.size;
		boot_file_close(&f);
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
		rc = open_file(e->fs, e->initrd[i], &f);
		if (!rc && f.size > total - off)
			rc = -EIO; /* changed under us: cannot happen on a read-only volume */
		if (!rc)
			rc = read_all(&f, e->initrd[i], (uint8_t *)img->data + off);
		off += rc ? 0 : f.size;
		boot_file_close(&f);
	}
	img->size = off;
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
