// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the bzImage setup header checks
 * (boot/linux_x86_64_hdr.c; Linux boot.rst): the first 8 input bytes are the
 * file size (little-endian), the rest the head of the file as the loader
 * read it. An accepted header has its lengths inside the file: the setup
 * and the protected-mode kernel add up to the file size, the header ends
 * inside the head, syssize fits the kernel and init_size covers it; a
 * refusal says why. Seeds: heads of Debian's bzImage with their file size.
 *   build/fuzz/bzimage -max_total_time=60 build/fuzz/corpus-bzimage tests/fuzz/corpus/bzimage
 */
#include <string.h>
#include "fuzz.h"
#include "linux_x86_64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bzimage_info bi;
	char why[128];
	uint64_t file_size;
	size_t len;

	if (size < 8)
		return 0;
	file_size = le64_get(data);
	len = size - 8;
	if (bzimage_check(data + 8, len, file_size, &bi, why, sizeof(why))) {
		FUZZ_CHECK(why[0] != '\0' && memchr(why, 0, sizeof(why)));
		return 0;
	}
	FUZZ_CHECK(bi.hdr_end <= len && bi.hdr_end <= file_size);
	FUZZ_CHECK(bi.setup_sects >= 1 && bi.setup_sects <= BZ_MAX_SETUP_SECTS);
	FUZZ_CHECK((uint64_t)bi.setup_size + bi.kernel_size == file_size);
	FUZZ_CHECK(bi.init_size >= bi.kernel_size && bi.init_size <= BZ_MAX_INIT_SIZE);
	FUZZ_CHECK(bi.kernel_alignment >= PAGE_SIZE &&
		   !(bi.kernel_alignment & (bi.kernel_alignment - 1)));
	FUZZ_CHECK(bi.pref_address + bi.init_size >= bi.pref_address);
	FUZZ_CHECK(bi.cmdline_size && bi.initrd_addr_max);
	return 0;
}
