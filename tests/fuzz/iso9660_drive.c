// SPDX-License-Identifier: MIT
/*
 * The iso/ work one fuzz input gets: mount, a bounded walk of each
 * namespace (readdir, read, resolve of every entry), the boot catalog.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/iso9660.h>
#include "iso9660_drive.h"

#define DRIVE_MAX_VISITS 256u
#define DRIVE_MAX_DEPTH	 8u
#define DRIVE_READ	 4096u

struct mem {
	const uint8_t *data;
	size_t size;
};

struct drive {
	struct iso_fs *fs;
	unsigned visits;
	uint8_t buf[DRIVE_READ];
};

static int mem_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const struct mem *m = ctx;

	if (off > m->size || len > m->size - off)
		abort(); /* the reader must never ask outside the medium */
	memcpy(buf, m->data + off, len);
	return 0;
}

static void visit(struct drive *d, const struct iso_entry *dir, unsigned depth);

struct kids {
	struct drive *d;
	unsigned depth;
};

static int kid(void *arg, const struct iso_entry *e)
{
	struct kids *k = arg;
	struct drive *d = k->d;

	if (++d->visits > DRIVE_MAX_VISITS)
		return 1;
	if (e->type == ISO_TYPE_FILE) {
		iso_read(d->fs, e, 0, d->buf, sizeof(d->buf));
		if (e->size > sizeof(d->buf))
			iso_read(d->fs, e, e->size - 7, d->buf, sizeof(d->buf));
	} else if (e->type == ISO_TYPE_DIR && k->depth < DRIVE_MAX_DEPTH) {
		struct iso_entry *copy = malloc(sizeof(*copy));

		if (copy) {
			*copy = *e;
			visit(d, copy, k->depth + 1);
			free(copy);
		}
	} else if (e->type == ISO_TYPE_SYMLINK) {
		struct iso_entry *t = malloc(sizeof(*t));

		if (t) {
			iso_resolve(d->fs, e->link[0] == '/' ? e->link : "/", t);
			free(t);
		}
	}
	return 0;
}

static void visit(struct drive *d, const struct iso_entry *dir, unsigned depth)
{
	struct kids k = { d, depth };

	iso_readdir(d->fs, dir, kid, &k);
}

static void drive_boot(struct iso_fs *fs, uint8_t *buf)
{
	struct iso_boot_catalog *cat = malloc(sizeof(*cat));

	if (cat && !iso_boot_catalog(fs, cat))
		for (uint32_t i = 0; i < cat->count; i++)
			iso_boot_image_read(fs, &cat->images[i], 0, buf, DRIVE_READ);
	free(cat);
}

int iso_fuzz_drive(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "/", "/a/b/c", "/../x", "/boot/vmlinuz;1",
					     "/EFI/BOOT/BOOTX64.EFI" };
	struct mem m = { data, size };
	struct iso_read_ops ops = { mem_read, &m, size };
	struct drive *d = calloc(1, sizeof(*d));
	struct iso_fs *fs = calloc(1, sizeof(*fs));
	struct iso_entry *e = malloc(sizeof(*e));
	int ret = -ENOMEM;

	if (d && fs && e && !(ret = iso_mount(fs, &ops))) {
		d->fs = fs;
		for (int n = ISO_NAMES_PLAIN; n <= ISO_NAMES_ROCKRIDGE; n++) {
			if (iso_set_names(fs, (enum iso_names)n) || iso_root(fs, e))
				continue;
			d->visits = 0;
			visit(d, e, 0);
			for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
				iso_resolve(fs, paths[i], e);
		}
		drive_boot(fs, d->buf);
		iso_unmount(fs);
	}
	free(e);
	free(fs);
	free(d);
	return ret;
}
