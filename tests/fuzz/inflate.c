// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the DEFLATE decoder (boot/inflate.c, RFC 1951):
 * the input as a raw DEFLATE stream into a 256 KiB buffer. Whatever it
 * accepts, host zlib (inflateInit2 with -15 window bits) must accept too,
 * with the same bytes and the same input consumed; zlib's output that fits
 * must be what inflate_raw gave. A stream zlib completes within the room
 * must not be refused. Seeds: zlib-compressed texts at several levels and
 * strategies (stored, fixed, dynamic Huffman).
 *   build/fuzz/inflate -max_total_time=60 build/fuzz/corpus-inflate tests/fuzz/corpus/inflate
 */
#include <string.h>
#include <zlib.h>
#include <vmplat/handoff.h>
#include "fuzz.h"

#define ROOM (256U * 1024)

static uint8_t out[ROOM], ref[ROOM];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = ROOM, used = 0;
	const char *why = NULL;
	z_stream z = { 0 };
	int rc, zrc;

	rc = inflate_raw(data, size, &used, out, &n, &why);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)size;
	z.next_out = ref;
	z.avail_out = ROOM;
	FUZZ_CHECK(inflateInit2(&z, -MAX_WBITS) == Z_OK);
	zrc = inflate(&z, Z_FINISH);
	if (!rc) {
		FUZZ_CHECK(n <= ROOM && used <= size);
		FUZZ_CHECK(zrc == Z_STREAM_END);
		FUZZ_CHECK(z.total_out == n && !memcmp(out, ref, n));
		FUZZ_CHECK(z.total_in == used);
	} else {
		FUZZ_CHECK(why != NULL);
		FUZZ_CHECK(zrc != Z_STREAM_END);
	}
	inflateEnd(&z);
	return 0;
}
