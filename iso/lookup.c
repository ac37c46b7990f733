// SPDX-License-Identifier: MIT
/*
 * ISO9660 path lookup (skeleton: filled in by the following commits).
 */
#include <errno.h>
#include <vmplat/iso9660.h>

int iso_mount(struct iso_fs *fs, const struct iso_read_ops *ops)
{
	(void)fs;
	(void)ops;
	return -ENOSYS;
}

void iso_unmount(struct iso_fs *fs)
{
	(void)fs;
}

const struct iso_volume_info *iso_volume(const struct iso_fs *fs)
{
	return &fs->info;
}

int iso_set_names(struct iso_fs *fs, enum iso_names names)
{
	(void)fs;
	(void)names;
	return -ENOSYS;
}

int iso_root(struct iso_fs *fs, struct iso_entry *e)
{
	(void)fs;
	(void)e;
	return -ENOSYS;
}

int iso_lookup(struct iso_fs *fs, const char *path, struct iso_entry *e)
{
	(void)fs;
	(void)path;
	(void)e;
	return -ENOSYS;
}

int iso_resolve(struct iso_fs *fs, const char *path, struct iso_entry *e)
{
	return iso_lookup(fs, path, e);
}

int iso_readdir(struct iso_fs *fs, const struct iso_entry *dir, iso_readdir_fn fn, void *arg)
{
	(void)fs;
	(void)dir;
	(void)fn;
	(void)arg;
	return -ENOSYS;
}

int64_t iso_read(struct iso_fs *fs, const struct iso_entry *e, uint64_t off, void *buf, size_t len)
{
	(void)fs;
	(void)e;
	(void)off;
	(void)buf;
	(void)len;
	return -ENOSYS;
}

int iso_boot_catalog(struct iso_fs *fs, struct iso_boot_catalog *cat)
{
	(void)fs;
	(void)cat;
	return -ENOSYS;
}

int64_t iso_boot_image_read(struct iso_fs *fs, const struct iso_boot_image *img, uint64_t off,
			    void *buf, size_t len)
{
	(void)fs;
	(void)img;
	(void)off;
	(void)buf;
	(void)len;
	return -ENOSYS;
}

const char *iso_type_name(enum iso_type t)
{
	static const char *const names[] = { "file", "dir", "symlink", "other" };

	return (unsigned)t < ARRAY_SIZE(names) ? names[t] : "?";
}
