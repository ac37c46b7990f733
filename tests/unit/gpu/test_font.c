// SPDX-License-Identifier: MIT
/*
 * PSF1/PSF2 parsing (drivers/gpu/psf.c), glyph rendering and drawing into
 * memory framebuffers (fb.c), and the text console (fbcon.c): the pixels
 * are compared with the font bitmap bit by bit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/fbcon.h>
#include "gpu_tests.h"

#define FG FB_RGB(0xc0, 0xc0, 0xc0)
#define BG FB_RGB(0, 0, 0)

/* 'A' as an 8x8 bitmap, kept in glyph 5 of the synthetic PSF1 font. */
static const uint8_t glyph_a[8] = { 0x18, 0x24, 0x42, 0x7e, 0x42, 0x42, 0x42, 0x00 };
static uint8_t psf1[4 + 256 * 8 + 256 * 2 + 16];

static size_t make_psf1(void)
{
	uint8_t *t = psf1 + 4 + 256 * 8;
	size_t n = 0;

	memset(psf1, 0, sizeof(psf1));
	psf1[0] = 0x36;
	psf1[1] = 0x04;
	psf1[2] = 0x02; /* PSF1_MODEHASTAB */
	psf1[3] = 8;	/* charsize = height */
	memcpy(psf1 + 4 + 5 * 8, glyph_a, 8);
	memset(psf1 + 4 + 7 * 8, 0xff, 8); /* glyph 7: a solid block, for '#' */
	for (unsigned g = 0; g < 256; g++) {
		if (g == 5) { /* U+0041 'A' */
			t[n++] = 0x41;
			t[n++] = 0;
		}
		if (g == 7) { /* '#' then a sequence (ignored) */
			t[n++] = '#';
			t[n++] = 0;
			t[n++] = 0xfe;
			t[n++] = 0xff;
			t[n++] = 'x';
			t[n++] = 0;
		}
		t[n++] = 0xff;
		t[n++] = 0xff;
	}
	return 4 + 256 * 8 + n;
}

static void parse_psf1(struct psf_font *f)
{
	assert_int_equal(psf_parse(psf1, make_psf1(), f), 0);
}

void test_psf1_with_unicode_table(void **state)
{
	struct psf_font f;

	(void)state;
	parse_psf1(&f);
	assert_int_equal(f.nglyphs, 256);
	assert_int_equal(f.width, 8);
	assert_int_equal(f.height, 8);
	assert_int_equal(f.map['A'], 5);
	assert_int_equal(f.map['#'], 7);
	assert_int_not_equal(f.map['x'], 7); /* 'x' is inside a sequence: not a mapping */
	assert_memory_equal(psf_glyph_row(&f, 'A', 0), glyph_a, 1);
	assert_int_equal(*psf_glyph_row(&f, 'A', 3), 0x7e);
	assert_null(psf_glyph_row(&f, 'A', 8));
}

void test_psf2_glyph_rows_and_map(void **state)
{
	uint8_t d[32 + 3 * 20 + 16];
	struct psf_font f;
	uint8_t *t = d + 32 + 3 * 20;

	(void)state;
	memset(d, 0, sizeof(d));
	d[0] = 0x72, d[1] = 0xb5, d[2] = 0x4a, d[3] = 0x86;
	d[8] = 32;		       /* header size */
	d[12] = 1;		       /* PSF2_HAS_UNICODE_TABLE */
	d[16] = 3;		       /* glyphs */
	d[20] = 20;		       /* bytes per glyph: 2 per row, 10 rows */
	d[24] = 10;		       /* height */
	d[28] = 10;		       /* width */
	d[32 + 20 + 2 * 4] = 0xc0;     /* glyph 1, row 4: the two leftmost pixels */
	d[32 + 20 + 2 * 4 + 1] = 0x40; /* and pixel 9 */
	/* glyph 0: '?'; glyph 1: U+00E9 (C3 A9) and 'e'; glyph 2: U+2500, then a bad byte. */
	memcpy(t,
	       "?\xff\xc3\xa9"
	       "e\xff\xe2\x94\x80\x80\xff",
	       12);
	assert_int_equal(psf_parse(d, sizeof(d), &f), 0);
	assert_int_equal(f.width, 10);
	assert_int_equal(f.bytes_per_row, 2);
	assert_int_equal(f.map[0xe9], 1);
	assert_int_equal(f.map['e'], 1);
	assert_int_equal(f.map['?'], 0);
	assert_int_equal(f.map['z'], 0); /* missing: shown as '?' */
	assert_int_equal(psf_glyph_row(&f, 'e', 4)[0], 0xc0);
	assert_int_equal(psf_glyph_row(&f, 'e', 4)[1], 0x40);
}

void test_psf_malformed_is_refused(void **state)
{
	uint8_t d[64];
	struct psf_font f;
	size_t n = make_psf1();

	(void)state;
	(void)n;
	assert_int_equal(psf_parse(psf1, 4 + 256 * 8 - 1, &f), -EINVAL); /* glyphs truncated */
	assert_null(f.glyphs);
	assert_int_equal(psf_parse(psf1, 3, &f), -EINVAL);
	psf1[3] = 0; /* zero height */
	assert_int_equal(psf_parse(psf1, sizeof(psf1), &f), -EINVAL);
	memset(d, 0, sizeof(d));
	d[0] = 0x72, d[1] = 0xb5, d[2] = 0x4a, d[3] = 0x86;
	d[8] = 32, d[16] = 5, d[20] = 8, d[24] = 8, d[28] = 8;
	assert_int_equal(psf_parse(d, sizeof(d), &f), -EINVAL); /* 5 glyphs of 8 bytes: 72 > 64 */
	d[16] = 4;
	assert_int_equal(psf_parse(d, sizeof(d), &f), 0); /* exactly fits */
	d[20] = 7;					  /* charsize != rows * height */
	assert_int_equal(psf_parse(d, sizeof(d), &f), -EINVAL);
	d[20] = 8, d[8] = 200; /* header size past the data */
	assert_int_equal(psf_parse(d, sizeof(d), &f), -EINVAL);
	d[8] = 32, d[16] = 0xff, d[17] = 0xff, d[18] = 0xff; /* absurd glyph count */
	assert_int_equal(psf_parse(d, sizeof(d), &f), -EINVAL);
	assert_int_equal(psf_parse(NULL, 10, &f), -EINVAL);
}

static struct fb mem_fb(uint32_t w, uint32_t h, uint8_t bpp, uint32_t pad)
{
	struct fb fb = { .width = w, .height = h, .pitch = w * (bpp / 8) + pad, .bpp = bpp };

	fb.base = calloc(fb.height, fb.pitch);
	assert_non_null(fb.base);
	assert_int_equal(fb_check(&fb), 0);
	return fb;
}

void test_glyph_rendering_exact_pixels_32bpp(void **state)
{
	struct fb fb = mem_fb(32, 24, 32, 8);
	struct psf_font f;

	(void)state;
	parse_psf1(&f);
	fb_fill_rect(&fb, 0, 0, 32, 24, 0x123456);
	fb_draw_char(&fb, &f, 8, 4, 'A', FG, BG, 1);
	for (uint32_t y = 0; y < 24; y++)
		for (uint32_t x = 0; x < 32; x++) {
			uint32_t want = 0x123456;

			if (x >= 8 && x < 16 && y >= 4 && y < 12)
				want = (glyph_a[y - 4] & (0x80 >> (x - 8))) ? FG : BG;
			assert_int_equal(fb_get_pixel(&fb, x, y), want);
		}
	/* XRGB8888 little-endian in memory: B, G, R, X (row 4 = 0x18: pixels 3-4 lit). */
	assert_int_equal(fb.base[4 * fb.pitch + (8 + 3) * 4 + 0], 0xc0);
	assert_int_equal(fb.base[4 * fb.pitch + (8 + 3) * 4 + 3], 0x00);
	assert_int_equal(fb_draw_text(&fb, &f, 0, 12, "AA", FG, BG, 1), 16);
	assert_int_equal(fb_get_pixel(&fb, 8 + 3, 12), FG);
	free(fb.base);
}

void test_glyph_rendering_scaled_and_16bpp(void **state)
{
	struct fb fb = mem_fb(40, 40, 16, 0);
	struct psf_font f;

	(void)state;
	parse_psf1(&f);
	fb_draw_char(&fb, &f, 0, 0, 'A', FB_RGB(0xff, 0xff, 0xff), FB_RGB(0, 0, 0xf8), 3);
	for (uint32_t y = 0; y < 24; y++)
		for (uint32_t x = 0; x < 24; x++) {
			bool on = glyph_a[y / 3] & (0x80 >> (x / 3));

			/* RGB565 keeps 5/6/5 bits: white reads back f8fcf8, blue 0000f8. */
			assert_int_equal(fb_get_pixel(&fb, x, y), on ? 0xf8fcf8 : 0x0000f8);
		}
	assert_int_equal(le16_get(fb.base + 9 * 2), 0xffff); /* row 0: bit 3 lit, 565 white */
	assert_int_equal(le16_get(fb.base + 8 * 2), 0x001f); /* bit 2 off: 565 blue */
	assert_int_equal(fb_get_pixel(&fb, 30, 30), 0);
	free(fb.base);
}

void test_fb_clipping_and_scroll(void **state)
{
	struct fb fb = mem_fb(16, 16, 32, 0);
	struct fb bad = fb;

	(void)state;
	fb_fill_rect(&fb, 12, 12, 100, 100, 0xff0000); /* clipped at the edges */
	assert_int_equal(fb_get_pixel(&fb, 15, 15), 0xff0000);
	assert_int_equal(fb_get_pixel(&fb, 11, 15), 0);
	fb_fill_rect(&fb, 16, 0, 4, 4, 0x00ff00); /* entirely outside: nothing */
	fb_put_pixel(&fb, 99, 99, 0x00ff00);
	fb_fill_rect(&fb, 0, 4, 16, 1, 0x0000ff);
	fb_scroll_up(&fb, 2, 16, 2, 0x111111); /* rows 4.. move to 2.. */
	assert_int_equal(fb_get_pixel(&fb, 0, 2), 0x0000ff);
	assert_int_equal(fb_get_pixel(&fb, 0, 4), 0);
	assert_int_equal(fb_get_pixel(&fb, 0, 0), 0); /* above the band: untouched */
	assert_int_equal(fb_get_pixel(&fb, 13, 10), 0xff0000);
	assert_int_equal(fb_get_pixel(&fb, 0, 14), 0x111111);
	bad.bpp = 8;
	assert_int_equal(fb_check(&bad), -EINVAL);
	bad.bpp = 32, bad.pitch = 60; /* less than 16 * 4 */
	assert_int_equal(fb_check(&bad), -EINVAL);
	free(fb.base);
}

void test_fbcon_text_newline_scroll_and_escapes(void **state)
{
	struct fb fb = mem_fb(32, 40, 32, 0); /* 4 columns; band rows 8-32: 3 text rows */
	struct psf_font f;
	struct fbcon c;

	(void)state;
	parse_psf1(&f);
	fb_fill_rect(&fb, 0, 0, 32, 40, 0x222222);
	assert_int_equal(fbcon_init(&c, &fb, &f, 8, 32), 0);
	assert_int_equal(c.cols, 4);
	assert_int_equal(c.rows, 3);
	assert_int_equal(fb_get_pixel(&fb, 0, 7), 0x222222); /* outside the band: kept */
	fbcon_write(&c, "\x1b[2KA\n", 6);		     /* escape consumed, not drawn */
	assert_int_equal(fb_get_pixel(&fb, 3, 8), FG);	     /* 'A' row 0 at cell (0,0) */
	assert_int_equal(fb_get_pixel(&fb, 8 + 3, 8), BG);
	assert_int_equal(c.cy, 1);
	fbcon_write(&c, "xA\bA\r", 5); /* backspace overwrites, \r returns */
	assert_int_equal(c.cx, 0);
	assert_int_equal(fb_get_pixel(&fb, 8 + 3, 16), FG);
	fbcon_write(&c, "\n\nAAAAA", 7); /* 5 characters wrap; two newlines scroll */
	assert_true(c.cy == 2);
	assert_int_equal(c.cx, 1);
	/* The first 'A' line scrolled out of the band; the band never spills. */
	assert_int_equal(fb_get_pixel(&fb, 3, 32), 0x222222);
	assert_int_equal(fb_get_pixel(&fb, 3, 8 + 16), FG); /* wrapped 'A' on the last row */
	c.active = false;
	fbcon_write(&c, "AAAA", 4);
	assert_int_equal(c.cx, 1);
	assert_int_equal(fbcon_init(&c, &fb, &f, 8, 12), -EINVAL); /* no room for one row */
	free(fb.base);
}
