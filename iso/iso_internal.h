// SPDX-License-Identifier: MIT
/*
 * ISO9660 reader internals: on-disk offsets (ECMA-119 4th ed., SUSP 1.12,
 * RRIP 1.12, El Torito 1.0) and the helpers the iso/ files share.
 */
#ifndef ISO_INTERNAL_H
#define ISO_INTERNAL_H

#include <vmplat/iso9660.h>

/* Volume descriptor (ECMA-119 8.1) */
#define VD_TYPE	       0
#define VD_ID	       1 /* "CD001" */
#define VD_VERSION     6
#define VD_T_BOOT      0
#define VD_T_PRIMARY   1
#define VD_T_SUPPL     2
#define VD_T_PARTITION 3
#define VD_T_TERM      255
/* Primary/supplementary (ECMA-119 8.4, 8.5) */
#define PVD_FLAGS      7
#define PVD_SYSTEM_ID  8
#define PVD_VOLUME_ID  40
#define PVD_SPACE_SIZE 80  /* both-endian 32 */
#define PVD_ESCAPES    88  /* 32 bytes, supplementary only */
#define PVD_SET_SIZE   120 /* both-endian 16 */
#define PVD_SEQ_NUMBER 124
#define PVD_BLOCK_SIZE 128
#define PVD_PT_SIZE    132
#define PVD_ROOT_DR    156 /* 34-byte root directory record */
#define PVD_SET_ID     190
#define PVD_PUBLISHER  318
#define PVD_PREPARER   446
#define PVD_APP_ID     574
#define PVD_CREATED    813
#define PVD_MODIFIED   830
#define PVD_EXPIRES    847
#define PVD_EFFECTIVE  864
#define PVD_FS_VERSION 881
/* Boot record (El Torito 2.0 table 1) */
#define BR_SYSTEM_ID   7
#define BR_CATALOG     0x47

/* Directory record (ECMA-119 9.1) */
#define DR_LEN	     0
#define DR_EAR_LEN   1
#define DR_EXTENT    2	/* both-endian 32 */
#define DR_SIZE	     10 /* both-endian 32 */
#define DR_DATE	     18 /* 7 bytes, 9.1.5 */
#define DR_FLAGS     25
#define DR_UNIT_SIZE 26
#define DR_GAP	     27
#define DR_SEQ	     28
#define DR_NAME_LEN  32
#define DR_NAME	     33
#define DR_MIN_LEN   34
#define DR_F_HIDDEN  BIT(0)
#define DR_F_DIR     BIT(1)
#define DR_F_ASSOC   BIT(2)
#define DR_F_RECORD  BIT(3)
#define DR_F_PROTECT BIT(4)
#define DR_F_MULTI   BIT(7)

/* A directory record, checked by iso_dr_parse and decoded. */
struct iso_dr {
	const uint8_t *raw;
	uint32_t len; /* LEN_DR */
	uint32_t lba; /* data start: extent + extended attribute record */
	uint32_t size;
	uint8_t flags;
	bool interleaved;
	const uint8_t *name; /* file identifier, name_len bytes */
	uint32_t name_len;
	const uint8_t *su; /* system use field */
	uint32_t su_len;
};

/* One pinned cache buffer (iso/cache.c). */
struct iso_buf {
	const uint8_t *data;
	uint32_t len;
	int slot; /* -1: owned (not cached) */
	uint8_t *owned;
};

/* Rock Ridge facts gathered from one record's SUSP entries (iso/rockridge.c). */
struct iso_rr {
	bool any; /* at least one RRIP entry */
	bool has_nm, nm_done, has_px, has_sl, sl_done, has_tf;
	bool relocated; /* RE: hide from listings (RRIP 4.1.5.3) */
	bool has_cl, has_pl;
	uint32_t cl_lba, pl_lba;
	uint32_t mode, nlink, uid, gid;
	struct iso_time mtime;
	char name[ISO_NAME_MAX + 1];
	uint32_t name_len;
	char link[ISO_PATH_MAX + 1];
	uint32_t link_len;
	bool sl_need_sep; /* a finished component waits for its '/' */
	int err;	  /* first RRIP rule broken */
};

/* cache.c: checked medium reads and the metadata cache */
int iso_dev_read(struct iso_fs *fs, uint64_t off, void *buf, size_t len);
int iso_cache_get(struct iso_fs *fs, uint32_t lba, uint32_t len, struct iso_buf *b);
void iso_cache_put(struct iso_fs *fs, struct iso_buf *b);
void iso_cache_drop(struct iso_fs *fs);
bool iso_range_ok(const struct iso_fs *fs, uint32_t lba, uint64_t len);

/* dirrec.c */
int iso_dr_parse(const struct iso_fs *fs, const uint8_t *p, uint32_t avail, struct iso_dr *dr);
void iso_time7(const uint8_t *p, struct iso_time *t);
void iso_time17(const uint8_t *p, struct iso_time *t);
int iso_both32(const uint8_t *p, const char *what, uint32_t *v);
int iso_both16(const uint8_t *p, const char *what, uint16_t *v);
void iso_plain_name(const uint8_t *id, uint32_t len, char *out, size_t outsz);

/* joliet.c */
int iso_joliet_name(const uint8_t *id, uint32_t len, char *out, size_t outsz);
int iso_joliet_level(const uint8_t *escapes);

/* susp.c: calls fn for each entry of the record's System Use field and its
 * continuation areas; fn returns 0 to go on, 1 to stop, or -errno. */
typedef int (*iso_susp_fn)(void *arg, const uint8_t *entry, uint32_t len);
int iso_susp_walk(struct iso_fs *fs, const uint8_t *su, uint32_t su_len, uint32_t skip,
		  iso_susp_fn fn, void *arg);
bool iso_susp_has_sp(const uint8_t *su, uint32_t su_len, uint8_t *skip);

/* rockridge.c */
int iso_rr_parse(struct iso_fs *fs, const struct iso_dr *dr, struct iso_rr *rr);
int iso_rr_probe(struct iso_fs *fs);

/* dir.c: directory walk producing entries (multi-extent merged) */
typedef int (*iso_dir_fn)(void *arg, struct iso_entry *e);
int iso_dir_walk(struct iso_fs *fs, uint32_t lba, uint32_t len, iso_dir_fn fn, void *arg);
int iso_dir_self(struct iso_fs *fs, uint32_t lba, struct iso_extent *self);

/* volume.c */
bool iso_names_equal(const struct iso_fs *fs, const char *have, const char *want, size_t want_len);

#endif
