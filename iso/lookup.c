// SPDX-License-Identifier: MIT
/*
 * Path lookup and readdir over the directory walk: components matched in the
 * mounted namespace, ".." from the walked stack (so relocated directories,
 * RRIP 4.1.5, need no PL), symbolic links (RRIP 4.1.3) followed up to
 * ISO_MAX_SYMLINK_DEPTH, a directory met again on the way refused as a loop.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include "iso_internal.h"

struct walk {
	struct iso_extent dirs[ISO_MAX_DIR_DEPTH]; /* [0] is the root */
	uint32_t depth;
	char path[ISO_PATH_MAX + 1]; /* what is left to walk */
	char tmp[ISO_PATH_MAX + 1];
};

static void dir_entry(struct iso_entry *e, const struct iso_extent *x, const char *name)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->type = ISO_TYPE_DIR;
	e->size = x->len;
	e->nextents = 1;
	e->extents[0] = *x;
	e->parent_lba = x->lba;
}

int iso_root(struct iso_fs *fs, struct iso_entry *e)
{
	struct iso_extent root = { fs->root_lba, fs->root_len };

	if (!fs->mounted)
		return -ENODEV;
	if (fs->info.names == ISO_NAMES_JOLIET)
		root = (struct iso_extent){ fs->joliet_root_lba, fs->joliet_root_len };
	dir_entry(e, &root, "/");
	return 0;
}

struct find {
	const char *name;
	size_t len;
	struct iso_fs *fs;
	struct iso_entry *out;
};

static int find_fn(void *arg, struct iso_entry *e)
{
	struct find *f = arg;

	if (!iso_names_equal(f->fs, e->name, f->name, f->len))
		return 0;
	memcpy(f->out, e, sizeof(*e));
	return 1;
}

static int find_in(struct iso_fs *fs, const struct iso_extent *dir, const char *name, size_t len,
		   struct iso_entry *e)
{
	struct find f = { name, len, fs, e };
	int ret = iso_dir_walk(fs, dir->lba, dir->len, find_fn, &f);

	return ret == 1 ? 0 : ret ? ret : -ENOENT;
}

/* Replaces the walked component by the link target: target + "/" + rest. */
static int follow(struct walk *w, const struct iso_entry *e, const char *rest)
{
	size_t tl = strlen(e->link), rl = strlen(rest);

	if (!tl) {
		log_err("iso: symbolic link \"%s\" has an empty target (RRIP 4.1.3)", e->name);
		return -EINVAL;
	}
	if (tl + 1 + rl > ISO_PATH_MAX) {
		log_err("iso: path through link \"%s\" longer than %u bytes", e->name,
			ISO_PATH_MAX);
		return -ENAMETOOLONG;
	}
	memcpy(w->tmp, e->link, tl);
	w->tmp[tl] = '/';
	memcpy(w->tmp + tl + 1, rest, rl + 1);
	memcpy(w->path, w->tmp, tl + rl + 2);
	if (e->link[0] == '/')
		w->depth = 0;
	return 0;
}

static int push_dir(struct walk *w, const struct iso_entry *e)
{
	for (uint32_t i = 0; i <= w->depth; i++) {
		if (w->dirs[i].lba == e->extents[0].lba) {
			log_err("iso: directory \"%s\" (block %u) is its own ancestor: loop "
				"(ECMA-119 6.8.2)",
				e->name, e->extents[0].lba);
			return -ELOOP;
		}
	}
	if (w->depth + 1 >= ISO_MAX_DIR_DEPTH) {
		log_err("iso: path deeper than %u directories", ISO_MAX_DIR_DEPTH);
		return -E2BIG;
	}
	w->dirs[++w->depth] = e->extents[0];
	return 0;
}

/* One component c (len n) of w->path; rest follows it. */
static int walk_one(struct iso_fs *fs, struct walk *w, const char *c, size_t n, const char *rest,
		    bool follow_last, unsigned *links, struct iso_entry *e)
{
	bool last = !rest[strspn(rest, "/")];
	int ret;

	if (e->type != ISO_TYPE_DIR)
		return -ENOTDIR;
	if (n == 1 && c[0] == '.')
		return 0;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		w->depth -= w->depth > 0;
		dir_entry(e, &w->dirs[w->depth], "..");
		return 0;
	}
	if (n > ISO_NAME_MAX)
		return -ENAMETOOLONG;
	ret = find_in(fs, &w->dirs[w->depth], c, n, e);
	if (ret)
		return ret;
	if (e->type == ISO_TYPE_SYMLINK && (!last || follow_last)) {
		if (++*links > ISO_MAX_SYMLINK_DEPTH) {
			log_err("iso: more than %u symbolic links in one lookup: loop? (RRIP 4.1.3)",
				ISO_MAX_SYMLINK_DEPTH);
			return -ELOOP;
		}
		ret = follow(w, e, rest);
		dir_entry(e, &w->dirs[w->depth], ".");
		return ret ? ret : 1;
	}
	return e->type == ISO_TYPE_DIR ? push_dir(w, e) : 0;
}

static int walk_path(struct iso_fs *fs, struct walk *w, bool follow_last, struct iso_entry *e)
{
	unsigned links = 0;
	const char *p = w->path;

	for (unsigned steps = 0;; steps++) {
		const char *c = p + strspn(p, "/");
		size_t n = strcspn(c, "/");
		int ret;

		if (!n)
			return 0;
		if (steps >= ISO_MAX_PATH_COMPONENTS) {
			log_err("iso: more than %u path components walked",
				ISO_MAX_PATH_COMPONENTS);
			return -ELOOP;
		}
		ret = walk_one(fs, w, c, n, c + n, follow_last, &links, e);
		if (ret < 0)
			return ret;
		p = ret ? w->path : c + n; /* 1: path rewritten by a link */
	}
}

static int lookup(struct iso_fs *fs, const char *path, bool follow_last, struct iso_entry *e)
{
	struct walk *w;
	int ret;

	if (strlen(path) > ISO_PATH_MAX)
		return -ENAMETOOLONG;
	ret = iso_root(fs, e);
	if (ret)
		return ret;
	w = malloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->depth = 0;
	w->dirs[0] = e->extents[0];
	strcpy(w->path, path);
	ret = walk_path(fs, w, follow_last, e);
	free(w);
	return ret;
}

int iso_lookup(struct iso_fs *fs, const char *path, struct iso_entry *e)
{
	return lookup(fs, path, false, e);
}

int iso_resolve(struct iso_fs *fs, const char *path, struct iso_entry *e)
{
	return lookup(fs, path, true, e);
}

struct readdir_ctx {
	iso_readdir_fn fn;
	void *arg;
};

static int readdir_fn(void *arg, struct iso_entry *e)
{
	struct readdir_ctx *r = arg;

	return r->fn(r->arg, e);
}

int iso_readdir(struct iso_fs *fs, const struct iso_entry *dir, iso_readdir_fn fn, void *arg)
{
	struct readdir_ctx r = { fn, arg };

	if (!fs->mounted)
		return -ENODEV;
	if (dir->type != ISO_TYPE_DIR)
		return -ENOTDIR;
	return iso_dir_walk(fs, dir->extents[0].lba, dir->extents[0].len, readdir_fn, &r);
}

const char *iso_type_name(enum iso_type t)
{
	static const char *const names[] = { "file", "dir", "symlink", "other" };

	return (unsigned)t < ARRAY_SIZE(names) ? names[t] : "?";
}
