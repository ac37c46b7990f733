// SPDX-License-Identifier: MIT
/*
 * Full listings of a volume (path, type, size, link target, SHA-256) from
 * vmplat's reader, from libiso9660 (the oracle) and from the host tree.
 */
#ifndef LISTING_H
#define LISTING_H

#include <vmplat/iso9660.h>

struct item {
	char path[1400];
	enum iso_type type;
	uint64_t size;
	char link[ISO_PATH_MAX + 1];
	char sha[65];
	uint32_t lba;
};

struct listing {
	struct item *v;
	size_t n, cap;
};

enum oracle_names { ORACLE_PLAIN, ORACLE_JOLIET, ORACLE_ROCKRIDGE };

int list_vmplat(struct iso_fs *fs, struct listing *l, bool hash);
int list_libiso(const char *image, enum oracle_names names, bool hash, struct listing *l);
int list_host(const char *dir, struct listing *l);
void list_sort(struct listing *l);
void list_free(struct listing *l);
const struct item *list_find(const struct listing *l, const char *path);
struct item *list_add(struct listing *l);

#define LIST_FOLD	 BIT(0) /* paths compared in any case */
#define LIST_LINK_SIZES	 BIT(1) /* symlink sizes compared too */
#define LIST_B_LINK_GAPS BIT(2) /* b may lack a link target a has (libiso9660: SL in CE) */
#define LIST_B_NAME_GAPS BIT(3) /* b may cut long names short (libiso9660: NM in CE) */
/* 0 if equal, else prints the first difference. */
int list_compare(const struct listing *a, const char *an, const struct listing *b, const char *bn,
		 unsigned flags);

#endif
