// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the EDID parser (drivers/gpu/edid.c, VESA E-EDID
 * 1.4): the input as the bytes a display returned, and again with its
 * checksum fixed (3.11) so mutations reach the descriptors. A parsed EDID has
 * NUL-terminated strings, at most EDID_MAX_MODES modes, nonzero sizes and a
 * preferred index inside the list. Seed: QEMU 7.2's bochs-display EDID.
 *   build/fuzz/edid -max_total_time=60 build/fuzz/corpus-edid tests/fuzz/corpus/edid
 */
#include <string.h>
#include <vmplat/gpu.h>
#include "fuzz.h"

static void check(const uint8_t *b, size_t len)
{
	struct edid_info e;

	if (edid_parse(b, len, &e))
		return;
	FUZZ_CHECK(memchr(e.vendor, 0, sizeof(e.vendor)) && memchr(e.name, 0, sizeof(e.name)));
	FUZZ_CHECK(e.nmodes <= EDID_MAX_MODES);
	FUZZ_CHECK(e.preferred >= -1 && e.preferred < (int)e.nmodes);
	for (unsigned i = 0; i < e.nmodes; i++) {
		FUZZ_CHECK(e.modes[i].w && e.modes[i].h);
		FUZZ_CHECK(edid_src_name(e.modes[i].src) != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t blk[EDID_BLOCK_LEN];
	uint8_t sum = 0;

	check(data, size);
	if (size < EDID_BLOCK_LEN)
		return 0;
	memcpy(blk, data, sizeof(blk));
	for (unsigned i = 0; i + 1 < EDID_BLOCK_LEN; i++)
		sum = (uint8_t)(sum + blk[i]);
	blk[EDID_BLOCK_LEN - 1] = (uint8_t)(0x100 - sum);
	check(blk, sizeof(blk));
	return 0;
}
