// SPDX-License-Identifier: MIT
/*
 * Listings of a volume from vmplat, libiso9660 and the host file system.
 */
#include <cdio/iso9660.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "iso_env.h"
#include "listing.h"

#define CHUNK (1u << 20)

struct item *list_add(struct listing *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

void list_free(struct listing *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->path, ((const struct item *)b)->path);
}

void list_sort(struct listing *l)
{
	qsort(l->v, l->n, sizeof(*l->v), item_cmp);
}

const struct item *list_find(const struct listing *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].path, path))
			return &l->v[i];
	return NULL;
}

/* ---- vmplat ---- */
struct children {
	struct iso_entry *v;
	size_t n, cap;
};

static int collect(void *arg, const struct iso_entry *e)
{
	struct children *c = arg;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = realloc(c->v, c->cap * sizeof(*c->v));
	}
	c->v[c->n++] = *e;
	return 0;
}

static int hash_vmplat(struct iso_fs *fs, const struct iso_entry *e, char hex[65])
{
	uint8_t *buf = malloc(CHUNK);
	struct env_sha s;
	uint64_t off = 0;

	env_sha_init(&s);
	while (off < e->size) {
		int64_t n = iso_read(fs, e, off, buf, CHUNK);

		if (n <= 0) {
			free(buf);
			return n ? (int)n : -EIO;
		}
		env_sha_update(&s, buf, (size_t)n);
		off += (uint64_t)n;
	}
	free(buf);
	env_sha_hex(&s, hex);
	return 0;
}

static int walk_vmplat(struct iso_fs *fs, const struct iso_entry *dir, const char *path,
		       struct listing *l, bool hash, unsigned depth)
{
	struct children c = { 0 };
	int ret = depth > ISO_MAX_DIR_DEPTH ? -ELOOP : iso_readdir(fs, dir, collect, &c);

	for (size_t i = 0; !ret && i < c.n; i++) {
		struct item *it = list_add(l);
		const struct iso_entry *e = &c.v[i];

		snprintf(it->path, sizeof(it->path), "%s/%s", path, e->name);
		it->type = e->type;
		it->size = e->size;
		it->lba = e->extents[0].lba;
		snprintf(it->link, sizeof(it->link), "%s", e->link);
		if (e->type == ISO_TYPE_FILE && hash)
			ret = hash_vmplat(fs, e, it->sha);
		else if (e->type == ISO_TYPE_DIR)
			ret = walk_vmplat(fs, e, it->path, l, hash, depth + 1);
	}
	free(c.v);
	return ret;
}

int list_vmplat(struct iso_fs *fs, struct listing *l, bool hash)
{
	struct iso_entry root;
	int ret = iso_root(fs, &root);

	return ret ? ret : walk_vmplat(fs, &root, "", l, hash, 0);
}

/* ---- libiso9660 ---- */
static void hash_libiso(iso9660_t *iso, const iso9660_stat_t *st, char hex[65])
{
	uint8_t *buf = malloc(CHUNK);
	struct env_sha s;
	uint64_t left = st->size;
	lsn_t lsn = st->lsn;

	env_sha_init(&s);
	while (left) {
		size_t n = (size_t)MIN(left, (uint64_t)CHUNK);
		long blocks = (long)DIV_ROUND_UP(n, ISO_BLOCKSIZE);

		if (iso9660_iso_seek_read(iso, buf, lsn, blocks) != blocks * ISO_BLOCKSIZE)
			break;
		env_sha_update(&s, buf, n);
		left -= n;
		lsn += (lsn_t)blocks;
	}
	free(buf);
	env_sha_hex(&s, hex);
}

static void libiso_item(iso9660_t *iso, const iso9660_stat_t *st, const char *path,
			enum oracle_names names, bool hash, struct item *it)
{
	char name[1024];

	if (names == ORACLE_PLAIN)
		iso9660_name_translate(st->filename, name);
	else
		snprintf(name, sizeof(name), "%s", st->filename);
	snprintf(it->path, sizeof(it->path), "%s/%s", path, name);
	it->size = st->size;
	it->lba = st->lsn;
	if (st->rr.b3_rock == yep && S_ISLNK(st->rr.st_mode)) {
		it->type = ISO_TYPE_SYMLINK;
		snprintf(it->link, sizeof(it->link), "%.*s", st->rr.i_symlink,
			 st->rr.psz_symlink ? st->rr.psz_symlink : "");
	} else if (st->type == _STAT_DIR) {
		it->type = ISO_TYPE_DIR;
	} else {
		it->type = ISO_TYPE_FILE;
		if (hash)
			hash_libiso(iso, st, it->sha);
	}
}

static int walk_libiso(iso9660_t *iso, const char *path, enum oracle_names names, bool hash,
		       struct listing *l, unsigned depth)
{
	CdioList_t *list = iso9660_ifs_readdir(iso, path[0] ? path : "/");
	CdioListNode_t *node;

	if (!list || depth > ISO_MAX_DIR_DEPTH)
		return -EIO;
	for (node = _cdio_list_begin(list); node; node = _cdio_list_node_next(node)) {
		iso9660_stat_t *st = _cdio_list_node_data(node);
		struct item *it;

		if (!strcmp(st->filename, ".") || !strcmp(st->filename, ".."))
			continue;
		it = list_add(l);
		libiso_item(iso, st, path, names, hash, it);
		if (it->type == ISO_TYPE_DIR) {
			char sub[1400];

			snprintf(sub, sizeof(sub), "%s", it->path);
			if (walk_libiso(iso, sub, names, hash, l, depth + 1))
				break;
		}
	}
	iso9660_filelist_free(list);
	return 0;
}

int list_libiso(const char *image, enum oracle_names names, bool hash, struct listing *l)
{
	static const iso_extension_mask_t masks[] = { ISO_EXTENSION_NONE, ISO_EXTENSION_JOLIET,
						      ISO_EXTENSION_ROCK_RIDGE };
	iso9660_t *iso = iso9660_open_ext(image, masks[names]);
	int ret;

	if (!iso)
		return -EIO;
	ret = walk_libiso(iso, "", names, hash, l, 0);
	iso9660_close(iso);
	return ret;
}

/* ---- host tree ---- */
static int walk_host(const char *root, const char *rel, struct listing *l, unsigned depth)
{
	char dpath[4400];
	DIR *d;
	struct dirent *de;

	snprintf(dpath, sizeof(dpath), "%s%s", root, rel);
	d = opendir(dpath);
	if (!d || depth > ISO_MAX_DIR_DEPTH)
		return -errno;
	while ((de = readdir(d))) {
		char full[4400];
		struct stat st;
		struct item *it;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		it = list_add(l);
		snprintf(it->path, sizeof(it->path), "%s/%s", rel, de->d_name);
		snprintf(full, sizeof(full), "%s%s", root, it->path);
		lstat(full, &st);
		it->size = (uint64_t)st.st_size;
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(full, it->link, sizeof(it->link) - 1);

			it->type = ISO_TYPE_SYMLINK;
			it->link[n > 0 ? n : 0] = '\0';
		} else if (S_ISDIR(st.st_mode)) {
			char sub[1400];

			it->type = ISO_TYPE_DIR;
			snprintf(sub, sizeof(sub), "%s", it->path);
			walk_host(root, sub, l, depth + 1);
		} else {
			it->type = ISO_TYPE_FILE;
			env_sha256sum(full, it->sha);
		}
	}
	closedir(d);
	return 0;
}

int list_host(const char *dir, struct listing *l)
{
	return walk_host(dir, "", l, 0);
}

static bool item_equal(const struct item *a, const struct item *b, unsigned flags)
{
	bool sized = a->type == ISO_TYPE_FILE ||
		     (a->type == ISO_TYPE_SYMLINK && (flags & LIST_LINK_SIZES));
	bool link_ok = !strcmp(a->link, b->link) || ((flags & LIST_B_LINK_GAPS) && !b->link[0]);
	size_t bl = strlen(b->path);
	bool cut = (flags & LIST_B_NAME_GAPS) && bl >= 100 && !strncmp(a->path, b->path, bl);

	return (cut ||
		(flags & LIST_FOLD ? !strcasecmp(a->path, b->path) : !strcmp(a->path, b->path))) &&
	       a->type == b->type && (!sized || a->size == b->size) && link_ok &&
	       !strcmp(a->sha, b->sha);
}

int list_compare(const struct listing *a, const char *an, const struct listing *b, const char *bn,
		 unsigned flags)
{
	for (size_t i = 0; i < MAX(a->n, b->n); i++) {
		const struct item *x = i < a->n ? &a->v[i] : NULL, *y = i < b->n ? &b->v[i] : NULL;

		if (x && y && item_equal(x, y, flags))
			continue;
		fprintf(stderr,
			"# listing differs at %zu:\n#  %s: %s %s %llu '%s' %s\n"
			"#  %s: %s %s %llu '%s' %s\n",
			i, an, x ? x->path : "-", x ? iso_type_name(x->type) : "",
			x ? (unsigned long long)x->size : 0ULL, x ? x->link : "", x ? x->sha : "",
			bn, y ? y->path : "-", y ? iso_type_name(y->type) : "",
			y ? (unsigned long long)y->size : 0ULL, y ? y->link : "", y ? y->sha : "");
		return -1;
	}
	return 0;
}
