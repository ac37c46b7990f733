// SPDX-License-Identifier: MIT
/*
 * ISO9660 over block devices, for the shell: the first device holding a
 * volume (ECMA-119 8.1: "CD001" at LBA 16) is mounted on first use.
 *   iso [dev]          show or choose the volume
 *   ls <path>          list a directory (type, size, name, link target)
 *   cat <path>         print a file (up to ISO_CAT_MAX bytes)
 *   sha256 <path>      SHA-256 of a file (blk_shell.c dispatches here)
 *   iso bench <path>   read MB/s through iso/ against raw sector reads
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/blk_iso.h>
#include <vmplat/iso9660.h>
#include <vmplat/log.h>
#include <vmplat/sha256.h>
#include <vmplat/shell.h>
#include <vmplat/timer.h>
#include "blk_util.h"

#define ISO_CAT_MAX (1 * MiB)

static struct iso_fs *fs;
static struct blk_dev *fs_dev;

static int mount_dev(struct blk_dev *d)
{
	struct iso_read_ops ops = blk_iso_ops(d);
	int rc;

	if (!fs && !(fs = calloc(1, sizeof(*fs))))
		return -ENOMEM;
	if (fs->mounted)
		iso_unmount(fs);
	fs_dev = NULL;
	rc = iso_mount(fs, &ops);
	if (!rc)
		fs_dev = d;
	return rc;
}

/* The chosen volume, else the first device with one. */
static int volume(void)
{
	if (fs_dev && !fs_dev->gone)
		return 0;
	for (unsigned i = 0; i < blk_count(); i++) {
		struct blk_dev *d = blk_get(i);

		if (!d->gone && blk_has_iso9660(d) && !mount_dev(d))
			return 0;
	}
	console_printf("iso: no ISO9660 volume on any block device\n");
	return -ENODEV;
}

static int lookup(const char *path, struct iso_entry *e)
{
	int rc = volume();

	if (!rc)
		rc = iso_resolve(fs, path, e);
	if (rc)
		console_printf("iso: %s: error %d\n", path, rc);
	return rc;
}

static void print_entry(const struct iso_entry *e)
{
	console_printf("%-7s %10llu %s%s%s\n", iso_type_name(e->type), (unsigned long long)e->size,
		       e->name, e->link[0] ? " -> " : "", e->link);
}

static int print_cb(void *arg, const struct iso_entry *e)
{
	(*(unsigned *)arg)++;
	print_entry(e);
	return 0;
}

static int cmd_ls(int argc, char **argv)
{
	struct iso_entry *e = malloc(sizeof(*e));
	unsigned n = 0;
	int rc = e ? lookup(argc > 1 ? argv[1] : "/", e) : -ENOMEM;

	if (!rc && e->type == ISO_TYPE_DIR) {
		rc = iso_readdir(fs, e, print_cb, &n);
		console_printf("ls: %u entries, rc %d\n", n, rc);
	} else if (!rc) {
		print_entry(e);
	}
	free(e);
	return rc;
}
SHELL_CMD(ls, "list an ISO9660 directory: ls <path>", cmd_ls);

/* Stream a file through fn in BLK_CHUNK pieces; returns bytes or -errno. */
static int64_t stream(const struct iso_entry *e, uint64_t max,
		      void (*fn)(void *arg, const uint8_t *p, size_t n), void *arg)
{
	uint8_t *buf = malloc(BLK_CHUNK);
	uint64_t off = 0;
	int64_t got = 0;

	if (!buf)
		return -ENOMEM;
	while (off < MIN(e->size, max)) {
		got = iso_read(fs, e, off, buf, (size_t)MIN(BLK_CHUNK, MIN(e->size, max) - off));
		if (got <= 0)
			break;
		fn(arg, buf, (size_t)got);
		off += (uint64_t)got;
	}
	free(buf);
	return got < 0 ? got : (int64_t)off;
}

static void to_console(void *arg, const uint8_t *p, size_t n)
{
	(void)arg;
	console_write((const char *)p, n);
}

static int cmd_cat(int argc, char **argv)
{
	struct iso_entry *e = malloc(sizeof(*e));
	int64_t n;
	int rc = !e ? -ENOMEM : argc < 2 ? -EINVAL : lookup(argv[1], e);

	if (!rc) {
		n = stream(e, ISO_CAT_MAX, to_console, NULL);
		rc = n < 0 ? (int)n : 0;
		if (e->size > ISO_CAT_MAX)
			console_printf("\ncat: stopped after %llu of %llu bytes\n",
				       (unsigned long long)ISO_CAT_MAX,
				       (unsigned long long)e->size);
	}
	free(e);
	return rc;
}
SHELL_CMD(cat, "print an ISO9660 file: cat <path>", cmd_cat);

static void to_sha(void *arg, const uint8_t *p, size_t n)
{
	sha256_update(arg, p, n);
}

int blk_sha256_path_cmd(const char *path)
{
	struct iso_entry *e = malloc(sizeof(*e));
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];
	struct sha256_ctx c;
	int64_t n = !e ? -ENOMEM : lookup(path, e);

	if (!n) {
		sha256_init(&c);
		n = stream(e, UINT64_MAX, to_sha, &c);
		sha256_final(&c, d);
		if (n >= 0)
			console_printf("sha256 %s %s (%llu bytes, %s)\n", path, sha256_hex(d, hex),
				       (unsigned long long)n, fs_dev->name);
	}
	free(e);
	return n < 0 ? (int)n : 0;
}

static void discard(void *arg, const uint8_t *p, size_t n)
{
	(void)p;
	*(uint64_t *)arg += n;
}

static uint64_t mbps(uint64_t bytes, uint64_t ns)
{
	return ns ? bytes * 1000 / ns : 0; /* bytes/ns * 1000 = MB/s */
}

/* Same byte count through iso_read and as raw sequential sectors from the
 * file's first extent (where a contiguous file lies). */
static int cmd_bench(const char *path)
{
	struct iso_entry *e = malloc(sizeof(*e));
	uint8_t *buf = malloc(BLK_CHUNK);
	uint64_t t0, t_iso, t_raw, sum = 0, bytes, ss;
	int64_t n;
	int rc = !e || !buf ? -ENOMEM : lookup(path, e);

	if (rc)
		goto out;
	t0 = timestamp_ns();
	n = stream(e, UINT64_MAX, discard, &sum);
	t_iso = timestamp_ns() - t0;
	rc = n < 0 ? (int)n : 0;
	bytes = (uint64_t)MAX(n, 0);
	ss = fs_dev->sector_size;
	t0 = timestamp_ns();
	for (uint64_t off = 0; !rc && off < bytes; off += BLK_CHUNK) {
		uint64_t len = ALIGN_UP(MIN(BLK_CHUNK, bytes - off), ss);

		rc = blk_read(fs_dev, ((uint64_t)e->extents[0].lba * ISO_SECTOR_SIZE + off) / ss,
			      len / ss, buf);
	}
	t_raw = timestamp_ns() - t0;
	if (!rc)
		console_printf("iso bench %s %s: %llu bytes, iso %llu MB/s, raw %llu MB/s, "
			       "iso/raw %llu.%03llu\n",
			       fs_dev->name, path, (unsigned long long)bytes,
			       (unsigned long long)mbps(bytes, t_iso),
			       (unsigned long long)mbps(bytes, t_raw),
			       (unsigned long long)(t_raw / MAX(t_iso, 1)),
			       (unsigned long long)(t_raw * 1000 / MAX(t_iso, 1) % 1000));
out:
	free(e);
	free(buf);
	return rc;
}

static int cmd_iso(int argc, char **argv)
{
	struct blk_dev *d;
	int rc;

	if (argc > 2 && !strcmp(argv[1], "bench"))
		return cmd_bench(argv[2]);
	if (argc > 1) {
		d = blk_find(argv[1]);
		if (!d) {
			console_printf("iso: no block device '%s'\n", argv[1]);
			return -ENODEV;
		}
		rc = mount_dev(d);
	} else {
		rc = volume();
	}
	if (!rc)
		console_printf("iso: %s volume \"%s\", %u blocks%s%s\n", fs_dev->name,
			       iso_volume(fs)->volume_id, iso_volume(fs)->volume_blocks,
			       iso_volume(fs)->has_rock_ridge ? ", Rock Ridge" : "",
			       iso_volume(fs)->has_joliet ? ", Joliet" : "");
	return rc;
}
SHELL_CMD(iso, "ISO9660 volume: iso [dev] | iso bench <path>", cmd_iso);
