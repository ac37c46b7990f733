// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the PSF1/PSF2 font parser (drivers/gpu/psf.c): a
 * parsed font stays within its limits, and every row of every glyph the
 * Latin-1 map reaches lies inside the input (read here in full, so ASan
 * sees any row past the end). Seeds: console-setup's Lat15-Fixed16 (PSF1)
 * and Uni2-Terminus16 (PSF2 with a unicode table).
 *   build/fuzz/psf -max_total_time=60 build/fuzz/corpus-psf tests/fuzz/corpus/psf
 */
#include <vmplat/fbcon.h>
#include "fuzz.h"

static volatile unsigned sink; /* keeps the row reads */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct psf_font f;
	unsigned sum = 0;

	if (psf_parse(data, size, &f))
		return 0;
	FUZZ_CHECK(f.width && f.width <= PSF_MAX_W && f.height && f.height <= PSF_MAX_H);
	FUZZ_CHECK(f.nglyphs && f.nglyphs <= PSF_MAX_GLYPHS);
	FUZZ_CHECK(f.bytes_per_row * 8 >= f.width &&
		   f.bytes_per_glyph >= f.bytes_per_row * f.height);
	for (unsigned c = 0; c < PSF_MAP_CHARS; c++) {
		FUZZ_CHECK(f.map[c] < f.nglyphs);
		for (uint32_t y = 0; y < f.height; y++) {
			const uint8_t *row = psf_glyph_row(&f, (uint8_t)c, y);

			FUZZ_CHECK(row && row >= data && row + f.bytes_per_row <= data + size);
			for (uint32_t i = 0; i < f.bytes_per_row; i++)
				sum += row[i];
		}
		FUZZ_CHECK(!psf_glyph_row(&f, (uint8_t)c, f.height));
	}
	sink = sum;
	return 0;
}
