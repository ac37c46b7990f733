// SPDX-License-Identifier: MIT
/*
 * ISO9660 reader (ECMA-119) with Joliet, Rock Ridge (SUSP 1.12, RRIP 1.12)
 * and El Torito (1.0) over a byte-addressed read callback, so the same code
 * runs in firmware (over a struct blk_dev) and on the host (over a file or a
 * buffer). Every length read from the image is checked; malformed images give
 * a negative errno and one log_err naming the rule broken.
 *
 *	struct iso_fs fs;
 *	struct iso_read_ops ops = { my_read, my_ctx, dev_bytes };
 *	struct iso_entry e;
 *
 *	if (!iso_mount(&fs, &ops) && !iso_lookup(&fs, "/boot/vmlinuz", &e))
 *		iso_read(&fs, &e, 0, buf, MIN(e.size, sizeof(buf)));
 *	iso_unmount(&fs);
 */
#ifndef VMPLAT_ISO9660_H
#define VMPLAT_ISO9660_H

#include <vmplat/types.h>

#define ISO_SECTOR_SIZE		2048u
#define ISO_SYSTEM_AREA_SECTORS 16u /* ECMA-119 6.2.1: VDs start at LBA 16 */

/* Named limits: every loop over image data is bounded by one of these. */
#define ISO_MAX_VDS		64u	    /* volume descriptors before the terminator */
#define ISO_MAX_DIR_DEPTH	64u	    /* nested directories in one path walk */
#define ISO_MAX_DIR_BYTES	(16u << 20) /* one directory's extent(s) */
#define ISO_MAX_DIR_ENTRIES	(1u << 20)  /* records visited in one directory */
#define ISO_MAX_EXTENTS		64u	    /* parts of one multi-extent file */
#define ISO_MAX_CE		16u	    /* SUSP continuation areas per record */
#define ISO_MAX_SUSP_ENTRIES	1024u	    /* SUSP entries per record (all areas) */
#define ISO_MAX_SYMLINK_DEPTH	16u	    /* symlinks followed in one lookup */
#define ISO_MAX_PATH_COMPONENTS 256u	    /* components walked in one lookup */
#define ISO_MAX_BOOT_IMAGES	32u	    /* El Torito entries kept */
#define ISO_MAX_CATALOG_ENTRIES 512u	    /* El Torito catalog entries scanned */
#define ISO_NAME_MAX		255u	    /* bytes of a UTF-8 name, without NUL */
#define ISO_PATH_MAX		1023u	    /* bytes of a path or link target */

/* Directory cache (iso/cache.c): metadata extents kept in RAM. */
#define ISO_CACHE_SLOTS 64u
#define ISO_CACHE_BYTES (4u << 20)

/*
 * Reads len bytes at byte offset off of the medium; 0 or -errno. Offsets are
 * always inside [0, size_bytes) (the reader checks before calling).
 */
struct iso_read_ops {
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
	void *ctx;
	uint64_t size_bytes;
};

/* Which names lookup and readdir use; mount picks the best present. */
enum iso_names { ISO_NAMES_PLAIN, ISO_NAMES_JOLIET, ISO_NAMES_ROCKRIDGE };

enum iso_type { ISO_TYPE_FILE, ISO_TYPE_DIR, ISO_TYPE_SYMLINK, ISO_TYPE_OTHER };

/* ECMA-119 8.4.26.1 (17-byte) and 9.1.5 (7-byte) dates, decoded. */
struct iso_time {
	uint16_t year; /* 0: not specified */
	uint8_t month, day, hour, minute, second, centisecond;
	int8_t gmt_off; /* 15-minute intervals from GMT */
};

struct iso_volume_info {
	char system_id[33];
	char volume_id[33];
	char volume_set_id[129];
	char publisher_id[129];
	char preparer_id[129];
	char application_id[129];
	uint32_t volume_blocks; /* volume space size, logical blocks */
	uint16_t block_size;	/* logical block size (2048 only) */
	uint16_t set_size, seq_number;
	uint32_t path_table_size;
	struct iso_time created, modified, expires, effective;
	bool has_joliet;
	uint8_t joliet_level; /* 1..3 from the escape sequence */
	bool has_rock_ridge;
	uint8_t susp_skip; /* SP LEN_SKP (SUSP 5.3) */
	bool has_el_torito;
	uint32_t boot_catalog_lba;
	enum iso_names names; /* what lookup uses now */
};

struct iso_extent {
	uint32_t lba;
	uint32_t len; /* bytes */
};

/* One directory entry as lookup and readdir present it. */
struct iso_entry {
	char name[ISO_NAME_MAX + 1];
	enum iso_type type;
	uint64_t size; /* bytes (sum of all extents) */
	uint32_t nextents;
	struct iso_extent extents[ISO_MAX_EXTENTS];
	uint32_t mode; /* RRIP PX st_mode, or 0 */
	uint32_t nlink, uid, gid;
	bool interleaved;	     /* ECMA-119 6.4.3: refused by iso_read */
	uint8_t file_flags;	     /* ECMA-119 9.1.6 of the first record */
	struct iso_time recorded;    /* ECMA-119 9.1.5 */
	struct iso_time mtime;	     /* RRIP TF modify, else recorded */
	char link[ISO_PATH_MAX + 1]; /* symlink target (RRIP SL) */
	uint32_t parent_lba;	     /* directory holding this entry */
	uint32_t rec_lba;	     /* where its (first) directory record is */
	uint32_t rec_off;
};

/* El Torito 1.0, 2.x: one initial/default or section entry. */
enum iso_boot_media {
	ISO_BOOT_NOEMUL = 0,
	ISO_BOOT_FLOPPY_1200K = 1,
	ISO_BOOT_FLOPPY_1440K = 2,
	ISO_BOOT_FLOPPY_2880K = 3,
	ISO_BOOT_HDD = 4,
};

#define ISO_BOOT_PLATFORM_X86 0x00
#define ISO_BOOT_PLATFORM_PPC 0x01
#define ISO_BOOT_PLATFORM_MAC 0x02
#define ISO_BOOT_PLATFORM_EFI 0xef

struct iso_boot_image {
	uint8_t platform; /* of its section (validation entry for the default) */
	bool bootable;	  /* indicator 0x88 */
	uint8_t media;	  /* enum iso_boot_media */
	uint16_t load_segment;
	uint8_t system_type;
	uint16_t sector_count; /* virtual 512-byte sectors */
	uint32_t load_rba;     /* 2048-byte block of the image */
	uint64_t size;	       /* bytes: emulated floppy size, else sector_count*512 */
	char id[29];	       /* section id string (section entries) */
};

struct iso_boot_catalog {
	uint32_t lba;
	uint8_t platform; /* validation entry */
	char id[25];
	uint32_t count;
	struct iso_boot_image images[ISO_MAX_BOOT_IMAGES];
};

struct iso_cache_slot {
	uint32_t lba;
	uint32_t len;
	uint32_t pins;
	uint64_t last_use;
	uint8_t *data;
};

struct iso_stats {
	uint64_t reads; /* read callback calls */
	uint64_t bytes_read;
	uint64_t cache_hits, cache_misses;
};

struct iso_fs {
	struct iso_read_ops ops;
	struct iso_volume_info info;
	uint32_t root_lba, root_len; /* primary root directory */
	uint32_t joliet_root_lba, joliet_root_len;
	struct iso_cache_slot cache[ISO_CACHE_SLOTS];
	uint64_t cache_bytes, cache_clock;
	struct iso_stats stats;
	bool mounted;
};

/* Mounts: reads and validates the volume descriptor set, probes Rock Ridge. */
int iso_mount(struct iso_fs *fs, const struct iso_read_ops *ops);
void iso_unmount(struct iso_fs *fs);
const struct iso_volume_info *iso_volume(const struct iso_fs *fs);
/* Chooses the namespace; -ENOENT if the volume lacks it. */
int iso_set_names(struct iso_fs *fs, enum iso_names names);

/* The root directory as an entry. */
int iso_root(struct iso_fs *fs, struct iso_entry *e);
/*
 * Finds an absolute path ("/", "/a/b"). Symlinks are followed in the
 * directories on the way, not in the last component (lstat); iso_resolve
 * follows the last too (stat). -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -EIO.
 */
int iso_lookup(struct iso_fs *fs, const char *path, struct iso_entry *e);
int iso_resolve(struct iso_fs *fs, const char *path, struct iso_entry *e);

/* Calls fn for each entry of dir but "." and ".."; fn returning non-zero stops
 * the walk and is returned. */
typedef int (*iso_readdir_fn)(void *arg, const struct iso_entry *e);
int iso_readdir(struct iso_fs *fs, const struct iso_entry *dir, iso_readdir_fn fn, void *arg);

/* Reads up to len bytes of a file from offset; returns bytes read or -errno. */
int64_t iso_read(struct iso_fs *fs, const struct iso_entry *e, uint64_t off, void *buf, size_t len);

/* El Torito boot catalog: -ENOENT without a boot record. */
int iso_boot_catalog(struct iso_fs *fs, struct iso_boot_catalog *cat);
/* Reads bytes of a boot image (bounded by its size and the volume). */
int64_t iso_boot_image_read(struct iso_fs *fs, const struct iso_boot_image *img, uint64_t off,
			    void *buf, size_t len);

const char *iso_type_name(enum iso_type t);

#endif
