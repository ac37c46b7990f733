// SPDX-License-Identifier: MIT
/*
 * El Torito catalog of an xorriso image with a BIOS and an EFI boot image,
 * and a multi-extent file above 4 GiB (ECMA-119 6.5.1, -iso-level 3).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <cdio/iso9660.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "iso_env.h"
#include "iso_tests.h"
#include "listing.h"

void test_el_torito_catalog_and_images(void **state)
{
	struct iso_read_ops ops;
	struct env_file f;
	struct iso_fs fs;
	struct iso_boot_catalog cat;
	struct iso_entry bios, efi;
	struct env_sha s;
	char mine[65], host[65];
	uint8_t *buf;
	int64_t n;

	(void)state;
	assert_int_equal(env_file_open(&f, env_image("boot.iso"), &ops), 0);
	assert_int_equal(iso_mount(&fs, &ops), 0);
	assert_true(iso_volume(&fs)->has_el_torito);
	assert_int_equal(iso_boot_catalog(&fs, &cat), 0);
	assert_int_equal(cat.count, 2);
	assert_int_equal(iso_lookup(&fs, "/bios.bin", &bios), 0);
	assert_int_equal(iso_lookup(&fs, "/efi/boot/efiboot.img", &efi), 0);
	/* Initial entry: x86, no emulation, 4 virtual sectors of bios.bin. */
	assert_int_equal(cat.platform, ISO_BOOT_PLATFORM_X86);
	assert_true(cat.images[0].bootable);
	assert_int_equal(cat.images[0].media, ISO_BOOT_NOEMUL);
	assert_int_equal(cat.images[0].sector_count, 4);
	assert_int_equal(cat.images[0].load_rba, bios.extents[0].lba);
	/* Section entry: EFI, no emulation, the whole efiboot.img. */
	assert_int_equal(cat.images[1].platform, ISO_BOOT_PLATFORM_EFI);
	assert_true(cat.images[1].bootable);
	assert_int_equal(cat.images[1].media, ISO_BOOT_NOEMUL);
	assert_int_equal(cat.images[1].load_rba, efi.extents[0].lba);
	assert_int_equal(cat.images[1].size, efi.size);
	buf = malloc(efi.size);
	n = iso_boot_image_read(&fs, &cat.images[1], 0, buf, efi.size);
	assert_int_equal(n, efi.size);
	env_sha_init(&s);
	env_sha_update(&s, buf, (size_t)n);
	env_sha_hex(&s, mine);
	assert_int_equal(env_sha256sum(env_image("boot/efi/boot/efiboot.img"), host), 0);
	assert_string_equal(mine, host);
	free(buf);
	iso_unmount(&fs);
	env_file_close(&f);
}

/* libiso9660 2.1 shows a multi-extent file as one entry per extent. */
static void check_big_against_libiso(const struct iso_entry *e)
{
	struct listing lib = { 0 };
	uint64_t total = 0;
	uint32_t parts = 0;

	assert_int_equal(list_libiso(env_image("big.iso"), ORACLE_ROCKRIDGE, false, &lib), 0);
	for (size_t i = 0; i < lib.n; i++) {
		if (strcmp(lib.v[i].path, "/huge.bin"))
			continue;
		assert_true(parts < e->nextents);
		assert_int_equal(lib.v[i].lba, e->extents[parts].lba);
		total += lib.v[i].size;
		parts++;
	}
	assert_int_equal(parts, e->nextents);
	assert_int_equal(total, e->size);
	list_free(&lib);
}

void test_multi_extent_file_above_4g(void **state)
{
	const size_t chunk = 8u << 20;
	struct iso_read_ops ops;
	struct env_file f;
	struct iso_fs fs;
	struct iso_entry e;
	uint8_t *a, *b;
	int fd;
	uint64_t off = 0, host_size;

	(void)state;
	assert_int_equal(env_file_open(&f, env_image("big.iso"), &ops), 0);
	assert_int_equal(iso_mount(&fs, &ops), 0);
	assert_int_equal(iso_lookup(&fs, "/huge.bin", &e), 0);
	fd = open(env_image("bigtree/huge.bin"), O_RDONLY);
	assert_true(fd >= 0);
	host_size = (uint64_t)lseek(fd, 0, SEEK_END);
	assert_int_equal(e.size, host_size);
	assert_true(e.size > (4ull << 30) && e.nextents >= 2);
	check_big_against_libiso(&e);
	/* Windows every 256 MiB, the marks and both ends equal the host file's bytes
	 * (all 4 GiB would take minutes on a shared machine). */
	a = malloc(chunk);
	b = malloc(chunk);
	for (off = 0; off < e.size; off += off < (4ull << 30) ? (256u << 20) : chunk) {
		int64_t n = iso_read(&fs, &e, off, a, chunk);

		assert_true(n > 0);
		assert_int_equal(pread(fd, b, (size_t)n, (off_t)off), n);
		assert_memory_equal(a, b, (size_t)n);
	}
	off = 4294965248ull; /* the first extent's last block and on */
	assert_int_equal(iso_read(&fs, &e, off, a, chunk), MIN(chunk, e.size - off));
	assert_int_equal(pread(fd, b, chunk, (off_t)off), MIN(chunk, e.size - off));
	assert_memory_equal(a, b, MIN(chunk, e.size - off));
	assert_int_equal(iso_read(&fs, &e, e.size - 10, a, chunk), 10);
	assert_int_equal(iso_read(&fs, &e, e.size, a, chunk), 0);
	/* A read across the extent boundary. */
	assert_int_equal(iso_read(&fs, &e, e.extents[0].len - 100, a, 200), 200);
	assert_int_equal(pread(fd, b, 200, (off_t)e.extents[0].len - 100), 200);
	assert_memory_equal(a, b, 200);
	free(a);
	free(b);
	close(fd);
	iso_unmount(&fs);
	env_file_close(&f);
}
