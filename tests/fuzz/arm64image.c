// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the arm64 Image path of the Linux loader
 * (boot/linux_arm64.c header checks over boot/inflate.c, as
 * boot/linux_arm64_load.c runs them): the input as the kernel file; a gzip
 * file gives its first 64 bytes (gunzip_head) for the header check and, when
 * its ISIZE is small, is gunzip'd whole (compared with host zlib) and the
 * result checked too. A parsed header is placed on a test pmm (2 GiB of RAM
 * at 1 GiB) and must land 2 MiB aligned within that RAM.
 * Seeds: Debian 6.1's Image header, gzip'd small Images.
 *   build/fuzz/arm64image -max_total_time=60 build/fuzz/corpus-arm64image tests/fuzz/corpus/arm64image
 */
#include <string.h>
#include <zlib.h>
#include <vmplat/handoff.h>
#include <vmplat/mm.h>
#include "fuzz.h"

#define RAM_BASE (1ULL << 30)
#define RAM_SIZE (2ULL << 30)
#define GZ_MAX	 (1U << 20) /* whole-file gunzip only for small outputs */

static struct pmm pmm;

static void check_image(const uint8_t *img, size_t len)
{
	struct arm64_image im;
	const char *why = NULL;
	paddr_t base, kernel;

	FUZZ_CHECK(arm64_image_sniff(img, len) != NULL);
	for (unsigned gran = 0; gran < 8; gran++) {
		if (arm64_image_parse(img, len, gran, &im, &why)) {
			FUZZ_CHECK(why != NULL);
			continue;
		}
		FUZZ_CHECK(im.text_offset < 2 * MiB && !(im.text_offset & (PAGE_SIZE - 1)));
		FUZZ_CHECK(im.image_size >= len && im.image_size <= 1 * GiB);
		pmm_init(&pmm);
		FUZZ_CHECK(!pmm_add(&pmm, RAM_BASE, RAM_SIZE));
		if (arm64_image_reserve(&pmm, &im, &base, &kernel))
			continue;
		FUZZ_CHECK(!(base & (ARM64_IMAGE_ALIGN - 1)) && kernel == base + im.text_offset);
		FUZZ_CHECK(base >= RAM_BASE && kernel + im.image_size <= RAM_BASE + RAM_SIZE);
	}
}

/* gunzip must agree with zlib on every stream it accepts. */
static void check_gunzip(const uint8_t *data, size_t size)
{
	uint32_t isize = gzip_isize(data, size);
	uint8_t *out, *ref;
	size_t n = isize;
	uLongf rn = isize;
	const char *why = NULL;
	z_stream z = { 0 };
	int zrc;

	if (!isize || isize > GZ_MAX)
		return;
	out = malloc(isize);
	ref = malloc(isize);
	if (!out || !ref)
		goto done;
	if (gunzip(data, size, out, &n, &why)) {
		FUZZ_CHECK(why != NULL);
		goto done;
	}
	FUZZ_CHECK(n <= isize);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)size;
	z.next_out = ref;
	z.avail_out = (uInt)rn;
	FUZZ_CHECK(inflateInit2(&z, 16 + MAX_WBITS) == Z_OK);
	zrc = inflate(&z, Z_FINISH);
	/* RFC 1952 2.3.1.2: a decompressor need not check the header CRC16 (FHCRC). */
	if (zrc != Z_DATA_ERROR || !z.msg || strcmp(z.msg, "header crc mismatch")) {
		FUZZ_CHECK(zrc == Z_STREAM_END); /* zlib accepts it too */
		FUZZ_CHECK(z.total_out == n && !memcmp(out, ref, n));
	}
	inflateEnd(&z);
	check_image(out, n);
done:
	free(out);
	free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[ARM64_IMAGE_HDR_SIZE];
	size_t got = sizeof(hdr);
	const char *why = NULL;

	if (!gzip_is(data, size)) {
		check_image(data, size);
		return 0;
	}
	if (!gunzip_head(data, size, hdr, &got, &why)) {
		FUZZ_CHECK(got <= sizeof(hdr));
		check_image(hdr, got);
	}
	check_gunzip(data, size);
	return 0;
}
