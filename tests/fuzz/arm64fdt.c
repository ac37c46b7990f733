// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the DTB the arm64 Linux loader hands the kernel
 * (boot/linux_arm64_fdt.c over host libfdt): the input as a BLS entry's
 * devicetree file, edited with a command line, an initrd and an rng seed
 * into a buffer of arm64_fdt_room bytes. An accepted result is a valid tree
 * (fdt_check_full) that fits the buffer and carries the edits.
 * Seeds: the QEMU virt DTBs of tests/fuzz/corpus/fdt.
 *   build/fuzz/arm64fdt -max_total_time=60 build/fuzz/corpus-arm64fdt tests/fuzz/corpus/arm64fdt
 */
#include <string.h>
#include <libfdt.h>
#include <vmplat/handoff.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t seed[16] = { 1, 2, 3, 4 };
	struct arm64_fdt_args a = { .bootargs = "console=ttyAMA0 root=/dev/vda",
				    .initrd_start = 0x48000000,
				    .initrd_end = 0x48100000,
				    .rng_seed = seed,
				    .rng_seed_len = sizeof(seed) };
	const char *why = NULL;
	size_t room;
	uint8_t *dst;
	int node, len;
	const char *args;

	if (size < sizeof(struct fdt_header) || fdt_check_header(data) ||
	    fdt_totalsize(data) > size || size > ARM64_DTB_MAX)
		return 0; /* arm64_fdt_room reads the header: the loader checked it */
	room = arm64_fdt_room(data, &a);
	if (room > ARM64_DTB_MAX)
		return 0;
	dst = malloc(room);
	if (!dst)
		return 0;
	if (arm64_fdt_prepare(data, size, dst, room, &a, &why)) {
		FUZZ_CHECK(why != NULL);
		goto out;
	}
	FUZZ_CHECK(!fdt_check_full(dst, room) && fdt_totalsize(dst) <= room);
	node = fdt_path_offset(dst, "/chosen");
	FUZZ_CHECK(node >= 0);
	args = fdt_getprop(dst, node, "bootargs", &len);
	FUZZ_CHECK(args && !strcmp(args, a.bootargs));
out:
	free(dst);
	return 0;
}
