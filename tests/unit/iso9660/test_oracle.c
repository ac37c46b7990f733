// SPDX-License-Identifier: MIT
/*
 * Images made by xorriso (and genisoimage when installed) read through
 * vmplat's reader: every name, type, size, link target and SHA-256 equals
 * what libiso9660 and the host tree say.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "iso_env.h"
#include "iso_tests.h"
#include "listing.h"

struct mounted {
	struct env_file f;
	struct iso_fs fs;
};

static void mount_image(struct mounted *m, const char *name)
{
	struct iso_read_ops ops;

	assert_int_equal(env_file_open(&m->f, env_image(name), &ops), 0);
	assert_int_equal(iso_mount(&m->fs, &ops), 0);
}

static void unmount_image(struct mounted *m)
{
	iso_unmount(&m->fs);
	env_file_close(&m->f);
}

static void list_drop(struct listing *l, const char *path)
{
	for (size_t i = 0; path && i < l->n; i++)
		if (!strcmp(l->v[i].path, path))
			l->v[i] = l->v[--l->n];
}

/* vmplat in namespace `names` against libiso9660 (and the host tree, if given);
 * `skip` names a host path the image was made without. */
static void check_image_without(const char *image, enum iso_names names, const char *host_dir,
				const char *skip)
{
	struct listing mine = { 0 }, lib = { 0 }, host = { 0 };
	struct mounted m;

	mount_image(&m, image);
	assert_int_equal(iso_set_names(&m.fs, names), 0);
	assert_int_equal(list_vmplat(&m.fs, &mine, true), 0);
	assert_int_equal(list_libiso(env_image(image), (enum oracle_names)names, true, &lib), 0);
	list_sort(&mine);
	list_sort(&lib);
	assert_true(mine.n > 0);
	assert_int_equal(list_compare(&mine, "vmplat", &lib, "libiso9660",
				      (names == ISO_NAMES_PLAIN ? LIST_FOLD : 0) | LIST_LINK_SIZES |
					      LIST_B_LINK_GAPS | LIST_B_NAME_GAPS),
			 0);
	if (host_dir) {
		const struct item *cat = list_find(&mine, "/boot.catalog");

		assert_int_equal(list_host(env_image(host_dir), &host), 0);
		list_drop(&host, skip);
		if (cat) /* El Torito's catalog file exists only in the image */
			*list_add(&host) = *cat;
		list_sort(&host);
		assert_int_equal(list_compare(&mine, "vmplat", &host, "host", 0), 0);
	}
	list_free(&mine);
	list_free(&lib);
	list_free(&host);
	unmount_image(&m);
}

/* vmplat's Rock Ridge listing against the host tree only: libiso9660 2.1
 * ignores CL/RE and shows a relocated directory at its recorded place. */
static void check_host_only(const char *image, const char *host_dir, const char *skip)
{
	struct listing mine = { 0 }, host = { 0 };
	struct mounted m;

	mount_image(&m, image);
	assert_int_equal(list_vmplat(&m.fs, &mine, true), 0);
	assert_int_equal(list_host(env_image(host_dir), &host), 0);
	list_drop(&host, skip);
	/* mkisofs's relocation directory stays, emptied of RE entries. */
	if (list_find(&mine, "/rr_moved")) {
		*list_add(&host) = *list_find(&mine, "/rr_moved");
		for (size_t i = 0; i < mine.n; i++)
			assert_false(!strncmp(mine.v[i].path, "/rr_moved/", 10));
	}
	list_sort(&mine);
	list_sort(&host);
	assert_int_equal(list_compare(&mine, "vmplat", &host, "host", 0), 0);
	list_free(&mine);
	list_free(&host);
	unmount_image(&m);
}

/* A tree deeper than 8 levels, relocated (RRIP 4.1.5: CL, PL, RE). */
void test_relocated_directories_match_host(void **state)
{
	struct mounted m;
	struct iso_entry e;

	(void)state;
	check_host_only("reloc.iso", "reloc", NULL);
	mount_image(&m, "reloc.iso");
	assert_int_equal(iso_lookup(&m.fs, "/a/b/c/d/e/f/g/h/i/j/file.txt", &e), 0);
	assert_int_equal(e.size, 500);
	assert_int_equal(iso_lookup(&m.fs, "/a/b/c/d/e/f/g/h/i/../../top.txt", &e), 0);
	assert_int_equal(e.size, 50);
	unmount_image(&m);
}

static void check_image(const char *image, enum iso_names names, const char *host_dir)
{
	check_image_without(image, names, host_dir, NULL);
}

/*
 * genisoimage 1.1.11 writes the SL of a 605-byte target with a component
 * longer than its entry: that record is refused (-EINVAL, RRIP 4.1.3.1),
 * names sorted before it are still found.
 */
void test_genisoimage_broken_symlink_is_refused(void **state)
{
	struct mounted m;
	struct iso_entry e;

	(void)state;
	mount_image(&m, "geniso-links.iso");
	assert_int_equal(iso_lookup(&m.fs, "/abs", &e), 0);
	assert_string_equal(e.link, "/docs/five_mib.bin");
	assert_int_equal(iso_lookup(&m.fs, "/self", &e), -EINVAL);
	unmount_image(&m);
}

void test_rrj_rockridge_matches_oracle_and_host(void **state)
{
	(void)state;
	check_image("rrj.iso", ISO_NAMES_ROCKRIDGE, "tree");
}

void test_rrj_joliet_matches_oracle(void **state)
{
	(void)state;
	check_image("rrj.iso", ISO_NAMES_JOLIET, NULL);
}

void test_joliet_only_matches_oracle(void **state)
{
	struct mounted m;

	(void)state;
	mount_image(&m, "joliet.iso");
	assert_false(iso_volume(&m.fs)->has_rock_ridge);
	assert_true(iso_volume(&m.fs)->has_joliet);
	assert_int_equal(iso_volume(&m.fs)->names, ISO_NAMES_JOLIET);
	unmount_image(&m);
	check_image("joliet.iso", ISO_NAMES_JOLIET, NULL);
}

void test_plain_matches_oracle(void **state)
{
	(void)state;
	check_image("plain.iso", ISO_NAMES_PLAIN, NULL);
}

void test_boot_image_tree_matches_oracle_and_host(void **state)
{
	(void)state;
	check_image("boot.iso", ISO_NAMES_ROCKRIDGE, "boot");
}

void test_genisoimage_images_match_oracle(void **state)
{
	(void)state;
	/* genisoimage relocates the 12-level tree (rr_moved, CL/RE). */
	check_host_only("geniso-rrj.iso", "tree", "/links/longtarget");
	check_image("geniso-rrj.iso", ISO_NAMES_JOLIET, NULL);
	check_image("geniso-plain.iso", ISO_NAMES_PLAIN, NULL);
}

/* A tree deeper than 8 levels, relocated (RRIP 4.1.5: CL, PL, RE). */
void test_volume_info(void **state)
{
	struct mounted m;
	const struct iso_volume_info *vi;

	(void)state;
	mount_image(&m, "rrj.iso");
	vi = iso_volume(&m.fs);
	assert_string_equal(vi->volume_id, "RRJ_TEST");
	assert_true(vi->has_rock_ridge && vi->has_joliet);
	assert_int_equal(vi->joliet_level, 3);
	assert_int_equal(vi->block_size, 2048);
	assert_int_equal((uint64_t)vi->volume_blocks * 2048, m.f.size);
	assert_true(vi->created.year >= 2020);
	assert_false(vi->has_el_torito);
	assert_int_equal(vi->names, ISO_NAMES_ROCKRIDGE);
	unmount_image(&m);
}

void test_lookup_names_and_links(void **state)
{
	struct mounted m;
	struct iso_entry e;

	(void)state;
	mount_image(&m, "rrj.iso");
	assert_int_equal(iso_lookup(&m.fs, "/docs/five_mib.bin", &e), 0);
	assert_int_equal(e.size, 5u << 20);
	assert_int_equal(iso_lookup(&m.fs, "/DOCS/five_mib.bin", &e), -ENOENT); /* RR: exact */
	assert_int_equal(iso_lookup(&m.fs, "/links/rel", &e), 0);
	assert_int_equal(e.type, ISO_TYPE_SYMLINK);
	assert_string_equal(e.link, "../readme.txt");
	assert_int_equal(iso_resolve(&m.fs, "/links/rel", &e), 0);
	assert_int_equal(e.size, 1234);
	assert_int_equal(iso_resolve(&m.fs, "/links/chain", &e), 0);
	assert_string_equal(e.name, "readme.txt");
	assert_int_equal(iso_resolve(&m.fs, "/links/abs", &e), 0);
	assert_int_equal(e.size, 5u << 20);
	assert_int_equal(iso_resolve(&m.fs, "/links/dir/zero.bin", &e), 0);
	assert_int_equal(e.size, 0);
	assert_int_equal(iso_resolve(&m.fs, "/links/dangling", &e), -ENOENT);
	assert_int_equal(iso_resolve(&m.fs, "/links/self", &e), -ELOOP);
	assert_int_equal(iso_lookup(&m.fs, "/links/longtarget", &e), 0);
	assert_true(strlen(e.link) > 400);
	assert_int_equal(iso_lookup(&m.fs, "/readme.txt/x", &e), -ENOTDIR);
	assert_int_equal(iso_lookup(&m.fs, "/docs/../docs/./zero.bin", &e), 0);
	assert_int_equal(iso_lookup(&m.fs,
				    "/deep/level1/level2/level3/level4/level5/level6/level7/"
				    "level8/level9/level10/level11/level12/bottom.txt",
				    &e),
			 0);
	assert_int_equal(e.size, 999);
	/* Plain names: any case, with or without ";1". */
	assert_int_equal(iso_set_names(&m.fs, ISO_NAMES_PLAIN), 0);
	assert_int_equal(iso_lookup(&m.fs, "/docs/zero.bin;1", &e), 0);
	assert_int_equal(iso_lookup(&m.fs, "/DoCs/ZERO.BIN", &e), 0);
	/* Joliet: UTF-8 from UCS-2. */
	assert_int_equal(iso_set_names(&m.fs, ISO_NAMES_JOLIET), 0);
	assert_int_equal(iso_lookup(&m.fs, "/docs/ünïcödé-名前.txt", &e), 0);
	assert_int_equal(e.size, 300);
	unmount_image(&m);
}

void test_repeated_lookups_hit_the_cache(void **state)
{
	struct mounted m;
	struct iso_entry e;
	uint64_t reads;

	(void)state;
	mount_image(&m, "rrj.iso");
	assert_int_equal(iso_lookup(&m.fs, "/links/longtarget", &e), 0);
	assert_int_equal(iso_resolve(&m.fs, "/links/abs", &e), 0);
	reads = m.f.reads;
	for (int i = 0; i < 100; i++) {
		assert_int_equal(iso_lookup(&m.fs, "/links/longtarget", &e), 0);
		assert_int_equal(iso_resolve(&m.fs, "/links/abs", &e), 0);
	}
	assert_int_equal(m.f.reads, reads);
	assert_true(m.fs.stats.cache_hits >= 400);
	unmount_image(&m);
}
