// SPDX-License-Identifier: MIT
/*
 * Directory walk (ECMA-119 6.8): the records of one directory extent, each
 * checked, multi-extent files (6.5.1, flag bit 7) merged into one entry, and
 * the name taken from Rock Ridge, Joliet or the plain identifier.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include "iso_internal.h"

#define S_IFMT_	 0170000
#define S_IFDIR_ 0040000
#define S_IFREG_ 0100000
#define S_IFLNK_ 0120000

struct dir_walk {
	struct iso_fs *fs;
	uint32_t lba;
	struct iso_entry e; /* entry being assembled */
	struct iso_rr rr;
	bool pending; /* e waits for more extents */
	const uint8_t *pend_name;
	uint32_t pend_name_len;
};

/* The "." record at the start of a directory: its own extent (6.8.2.2). */
int iso_dir_self(struct iso_fs *fs, uint32_t lba, struct iso_extent *self)
{
	struct iso_buf b;
	struct iso_dr dr;
	int ret;

	if (!iso_range_ok(fs, lba, ISO_SECTOR_SIZE)) {
		log_err("iso: directory at block %u lies outside the volume (ECMA-119 6.5)", lba);
		return -EINVAL;
	}
	ret = iso_cache_get(fs, lba, ISO_SECTOR_SIZE, &b);
	if (ret)
		return ret;
	ret = iso_dr_parse(fs, b.data, b.len, &dr);
	if (!ret && (dr.name_len != 1 || dr.name[0] != 0 || dr.lba != lba)) {
		log_err("iso: block %u does not start with its directory's \".\" record "
			"(ECMA-119 6.8.2.2)",
			lba);
		ret = -EINVAL;
	}
	if (!ret)
		*self = (struct iso_extent){ dr.lba, dr.size };
	iso_cache_put(fs, &b);
	return ret;
}

static enum iso_type entry_type(const struct iso_dr *dr, const struct iso_rr *rr)
{
	if (dr->flags & DR_F_DIR || rr->has_cl)
		return ISO_TYPE_DIR;
	if (rr->has_sl || (rr->has_px && (rr->mode & S_IFMT_) == S_IFLNK_))
		return ISO_TYPE_SYMLINK;
	if (rr->has_px && (rr->mode & S_IFMT_) != S_IFREG_)
		return ISO_TYPE_OTHER;
	return ISO_TYPE_FILE;
}

static int entry_name(struct dir_walk *w, const struct iso_dr *dr)
{
	struct iso_entry *e = &w->e;

	if (w->rr.has_nm && w->fs->info.names == ISO_NAMES_ROCKRIDGE) {
		memcpy(e->name, w->rr.name, w->rr.name_len + 1);
		return 0;
	}
	if (w->fs->info.names == ISO_NAMES_JOLIET)
		return iso_joliet_name(dr->name, dr->name_len, e->name, sizeof(e->name));
	iso_plain_name(dr->name, dr->name_len, e->name, sizeof(e->name));
	return 0;
}

/* A relocated directory's stand-in (RRIP 4.1.5.1) takes the real extent. */
static int entry_cl(struct dir_walk *w)
{
	struct iso_extent self;
	int ret = iso_dir_self(w->fs, w->rr.cl_lba, &self);

	if (ret)
		return ret;
	w->e.extents[0] = self;
	w->e.size = self.len;
	return 0;
}

static int entry_start(struct dir_walk *w, const struct iso_dr *dr, uint32_t pos)
{
	struct iso_entry *e = &w->e;
	int ret;

	memset(e, 0, offsetof(struct iso_entry, link));
	e->link[0] = '\0';
	e->type = entry_type(dr, &w->rr);
	e->size = dr->size;
	e->nextents = 1;
	e->extents[0] = (struct iso_extent){ dr->lba, dr->size };
	e->interleaved = dr->interleaved;
	e->file_flags = dr->flags;
	e->mode = w->rr.mode;
	e->nlink = w->rr.nlink;
	e->uid = w->rr.uid;
	e->gid = w->rr.gid;
	iso_time7(dr->raw + DR_DATE, &e->recorded);
	e->mtime = w->rr.has_tf ? w->rr.mtime : e->recorded;
	e->parent_lba = w->lba;
	e->rec_lba = w->lba + pos / ISO_SECTOR_SIZE;
	e->rec_off = pos % ISO_SECTOR_SIZE;
	if (w->rr.has_sl)
		memcpy(e->link, w->rr.link, w->rr.link_len + 1);
	ret = entry_name(w, dr);
	if (!ret && w->rr.has_cl)
		ret = entry_cl(w);
	return ret;
}

static int entry_more(struct dir_walk *w, const struct iso_dr *dr)
{
	struct iso_entry *e = &w->e;

	if (dr->name_len != w->pend_name_len || memcmp(dr->name, w->pend_name, dr->name_len)) {
		log_err("iso: multi-extent file \"%s\" ends without its final record "
			"(ECMA-119 6.5.1)",
			e->name);
		return -EINVAL;
	}
	if (e->nextents >= ISO_MAX_EXTENTS) {
		log_err("iso: \"%s\" has more than %u extents", e->name, ISO_MAX_EXTENTS);
		return -E2BIG;
	}
	e->extents[e->nextents++] = (struct iso_extent){ dr->lba, dr->size };
	e->size += dr->size;
	e->interleaved |= dr->interleaved;
	return 0;
}

/* One checked record at pos; calls fn when an entry is complete. */
static int walk_record(struct dir_walk *w, const struct iso_dr *dr, uint32_t pos, iso_dir_fn fn,
		       void *arg)
{
	int ret;

	if (w->pending) {
		ret = entry_more(w, dr);
	} else {
		ret = iso_rr_parse(w->fs, dr, &w->rr);
		if (!ret)
			ret = entry_start(w, dr, pos);
		w->pend_name = dr->name;
		w->pend_name_len = dr->name_len;
	}
	if (ret)
		return ret;
	if ((dr->flags & (DR_F_MULTI | DR_F_DIR)) == (DR_F_MULTI | DR_F_DIR)) {
		log_err("iso: directory \"%s\" marked multi-extent (ECMA-119 6.8.1)", w->e.name);
		return -EINVAL;
	}
	w->pending = dr->flags & DR_F_MULTI;
	if (w->pending || w->rr.relocated || (w->e.file_flags & DR_F_ASSOC))
		return 0;
	return fn(arg, &w->e);
}

static int walk_records(struct dir_walk *w, const uint8_t *d, uint32_t len, iso_dir_fn fn,
			void *arg)
{
	uint32_t pos = 0, n = 0;
	struct iso_dr dr;
	int ret;

	while (pos < len) {
		uint32_t end = MIN(ALIGN_DOWN(pos, ISO_SECTOR_SIZE) + ISO_SECTOR_SIZE, len);

		if (!d[pos]) { /* rest of the sector unused (6.8.1.1) */
			pos = end;
			continue;
		}
		if (n >= ISO_MAX_DIR_ENTRIES) {
			log_err("iso: directory at block %u has more than %u records", w->lba,
				ISO_MAX_DIR_ENTRIES);
			return -E2BIG;
		}
		ret = iso_dr_parse(w->fs, d + pos, end - pos, &dr);
		if (ret)
			return ret;
		if (n == 0 && (dr.name_len != 1 || dr.name[0] != 0 || dr.lba != w->lba)) {
			log_err("iso: directory at block %u does not open with its \".\" record "
				"(ECMA-119 6.8.2.2)",
				w->lba);
			return -EINVAL;
		}
		/* "." and ".." (6.8.2.2) are not entries; ".." is tracked by lookup. */
		if (n++ > 0 && !(dr.name_len == 1 && dr.name[0] <= 1)) {
			ret = walk_record(w, &dr, pos, fn, arg);
			if (ret)
				return ret;
		}
		pos += dr.len;
	}
	if (!n) {
		log_err("iso: directory at block %u holds no \".\" record (ECMA-119 6.8.2.2)",
			w->lba);
		return -EINVAL;
	}
	if (w->pending) {
		log_err("iso: multi-extent file \"%s\" has no final record (ECMA-119 6.5.1)",
			w->e.name);
		return -EINVAL;
	}
	return 0;
}

int iso_dir_walk(struct iso_fs *fs, uint32_t lba, uint32_t len, iso_dir_fn fn, void *arg)
{
	struct dir_walk *w;
	struct iso_buf b;
	int ret;

	if (!len || len > ISO_MAX_DIR_BYTES || !iso_range_ok(fs, lba, len)) {
		log_err("iso: directory at block %u of %u bytes: empty, above %u bytes or outside "
			"the volume (ECMA-119 6.8.1)",
			lba, len, ISO_MAX_DIR_BYTES);
		return len > ISO_MAX_DIR_BYTES ? -E2BIG : -EINVAL;
	}
	w = malloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	memset(w, 0, offsetof(struct dir_walk, e));
	w->pending = false;
	ret = iso_cache_get(fs, lba, len, &b);
	if (!ret) {
		w->fs = fs;
		w->lba = lba;
		ret = walk_records(w, b.data, len, fn, arg);
		iso_cache_put(fs, &b);
	}
	free(w);
	return ret;
}
