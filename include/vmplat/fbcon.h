// SPDX-License-Identifier: MIT
/*
 * Linear framebuffers, PC Screen Font (PSF1/PSF2) bitmap fonts and a text
 * console drawn on a framebuffer (drivers/gpu/fb.c, psf.c, fbcon.c). All
 * portable: the host tests draw into memory.
 */
#ifndef VMPLAT_FBCON_H
#define VMPLAT_FBCON_H

#include <vmplat/types.h>

/* ---- framebuffer: packed pixels, little-endian XRGB8888, RGB888 or RGB565 ---- */
/* One colour channel of a 32-bit pixel: bits [shift, shift + bits). */
struct fb_chan {
	uint8_t shift, bits;
};

struct fb {
	uint8_t *base;
	uint32_t width, height, pitch; /* pitch in bytes */
	uint8_t bpp;		       /* 16, 24 or 32 */
	/* 32 bpp only: channels where masked says (UEFI PixelBitMask, RGBX); else XRGB8888. */
	bool masked;
	struct fb_chan r, g, b;
};

#define FB_RGB(r, g, b)	 ((uint32_t)(r) << 16 | (uint32_t)(g) << 8 | (uint32_t)(b))
#define FB_CHAN_MAX_BITS 16

/* Validate the geometry (pitch covers width, bpp supported, channels): 0 or -EINVAL. */
int fb_check(const struct fb *fb);
/* A channel mask (contiguous bits, at most FB_CHAN_MAX_BITS wide) as shift/bits: 0 or -EINVAL. */
int fb_chan_from_mask(uint32_t mask, struct fb_chan *c);
/* The 32-bit pixel value of XRGB colour rgb in fb's layout (reserved bits 0). */
uint32_t fb_encode32(const struct fb *fb, uint32_t rgb);
void fb_put_pixel(const struct fb *fb, uint32_t x, uint32_t y, uint32_t rgb);
uint32_t fb_get_pixel(const struct fb *fb, uint32_t x, uint32_t y);
/* Clipped to the framebuffer. */
void fb_fill_rect(const struct fb *fb, uint32_t x, uint32_t y, uint32_t w, uint32_t h,
		  uint32_t rgb);
/* Move rows [y0 + dy, y1) up to y0 and clear the freed rows. */
void fb_scroll_up(const struct fb *fb, uint32_t y0, uint32_t y1, uint32_t dy, uint32_t bg);

/* ---- PSF fonts (psf.c; PSF1: magic 36 04, PSF2: magic 72 b5 4a 86) ---- */
#define PSF_MAX_W      32
#define PSF_MAX_H      64
#define PSF_MAX_GLYPHS 4096
#define PSF_MAP_CHARS  256 /* code points U+0000-U+00FF are looked up once */

struct psf_font {
	const uint8_t *glyphs;
	uint32_t nglyphs, width, height, bytes_per_row, bytes_per_glyph;
	uint16_t map[PSF_MAP_CHARS]; /* Latin-1 code point -> glyph */
};

/* Parse a PSF1 or PSF2 file of len bytes (the unicode table too): 0, or -EINVAL. */
int psf_parse(const uint8_t *data, size_t len, struct psf_font *f);
/* Bitmap row y of the glyph for byte c (NULL if out of range). */
const uint8_t *psf_glyph_row(const struct psf_font *f, uint8_t c, uint32_t y);
/* Draw c at pixel (x, y), each font pixel scale x scale. */
void fb_draw_char(const struct fb *fb, const struct psf_font *f, uint32_t x, uint32_t y, uint8_t c,
		  uint32_t fg, uint32_t bg, unsigned scale);
/* Draw a string; returns the x after the last character. */
uint32_t fb_draw_text(const struct fb *fb, const struct psf_font *f, uint32_t x, uint32_t y,
		      const char *s, uint32_t fg, uint32_t bg, unsigned scale);

/* ---- text console on a band of rows of a framebuffer (fbcon.c) ---- */
struct fbcon {
	struct fb fb;
	const struct psf_font *font;
	uint32_t y0, y1;     /* pixel rows the console owns */
	uint32_t cols, rows; /* in characters */
	uint32_t cx, cy;     /* cursor */
	uint32_t fg, bg;
	unsigned esc; /* escape-sequence state: 0 none, 1 after ESC, 2 in CSI */
	bool active;
};

/* Set up on rows [y0, y1) of fb and clear them: 0 or -EINVAL. */
int fbcon_init(struct fbcon *c, const struct fb *fb, const struct psf_font *font, uint32_t y0,
	       uint32_t y1);
/* Text with \n, \r, \b, \t; ANSI escape sequences are skipped. */
void fbcon_write(struct fbcon *c, const char *s, size_t n);

/* The firmware's font: the PSF file converted at build time (mk/font.py). */
extern const uint8_t fbcon_font_psf[];
extern const size_t fbcon_font_psf_len;

#endif
