// SPDX-License-Identifier: MIT
/*
 * Drawing on a linear framebuffer: pixels in little-endian XRGB8888
 * (32 bpp), RGB888 (24) or RGB565 (16), as QEMU's DISPI and UEFI GOP
 * PixelBlueGreenRedReserved8BitPerColor lay them out, or 32-bit pixels with
 * channels at any place (GOP PixelRedGreenBlueReserved8BitPerColor and
 * PixelBitMask, UEFI 2.10 12.9.2.1); rectangles, scrolling and PSF glyphs.
 * Portable: the host tests draw into memory.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/fbcon.h>

static uint32_t chan_mask(struct fb_chan c)
{
	return c.bits && c.bits <= FB_CHAN_MAX_BITS && c.shift + c.bits <= 32 ?
		       (uint32_t)(((1ULL << c.bits) - 1) << c.shift) :
		       0;
}

int fb_chan_from_mask(uint32_t mask, struct fb_chan *c)
{
	uint8_t shift = 0, bits = 0;

	if (!mask)
		return -EINVAL;
	while (!(mask >> shift & 1)) /* bounded: mask has a set bit */
		shift++;
	while (shift + bits < 32 && (mask >> (shift + bits) & 1))
		bits++;
	if (bits > FB_CHAN_MAX_BITS || (uint32_t)(((1ULL << bits) - 1) << shift) != mask)
		return -EINVAL; /* not contiguous, or wider than a colour needs */
	*c = (struct fb_chan){ shift, bits };
	return 0;
}

static int masks_check(const struct fb *fb)
{
	uint32_t r = chan_mask(fb->r), g = chan_mask(fb->g), b = chan_mask(fb->b);

	if (fb->bpp != 32 || !r || !g || !b || (r & g) || (r & b) || (g & b))
		return -EINVAL;
	return 0;
}

int fb_check(const struct fb *fb)
{
	if (!fb->base || !fb->width || !fb->height)
		return -EINVAL;
	if (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
		return -EINVAL;
	if ((uint64_t)fb->pitch < (uint64_t)fb->width * (fb->bpp / 8))
		return -EINVAL;
	return fb->masked ? masks_check(fb) : 0;
}

/* An 8-bit component scaled to c.bits, rounded, at its place. */
static uint32_t chan_put(struct fb_chan c, uint32_t v8)
{
	uint32_t max = (1u << c.bits) - 1;

	return (c.bits == 8 ? v8 : (v8 * max + 127) / 255) << c.shift;
}

static uint32_t chan_get(struct fb_chan c, uint32_t px)
{
	uint32_t max = (1u << c.bits) - 1, v = px >> c.shift & max;

	return c.bits == 8 ? v : (v * 255 + max / 2) / max;
}

uint32_t fb_encode32(const struct fb *fb, uint32_t rgb)
{
	if (!fb->masked)
		return rgb & 0xffffff;
	return chan_put(fb->r, rgb >> 16 & 0xff) | chan_put(fb->g, rgb >> 8 & 0xff) |
	       chan_put(fb->b, rgb & 0xff);
}

static uint32_t decode32(const struct fb *fb, uint32_t px)
{
	if (!fb->masked)
		return px & 0xffffff;
	return FB_RGB(chan_get(fb->r, px), chan_get(fb->g, px), chan_get(fb->b, px));
}

static uint8_t *pix(const struct fb *fb, uint32_t x, uint32_t y)
{
	return fb->base + (size_t)y * fb->pitch + (size_t)x * (fb->bpp / 8);
}

static uint16_t to565(uint32_t rgb)
{
	return (uint16_t)((rgb >> 8 & 0xf800) | (rgb >> 5 & 0x07e0) | (rgb >> 3 & 0x001f));
}

static void store(const struct fb *fb, uint8_t *p, uint32_t rgb)
{
	switch (fb->bpp) {
	case 32:
		le32_put(p, fb_encode32(fb, rgb));
		break;
	case 24:
		p[0] = (uint8_t)rgb;
		p[1] = (uint8_t)(rgb >> 8);
		p[2] = (uint8_t)(rgb >> 16);
		break;
	default: {
		uint16_t v = to565(rgb);

		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
	}
	}
}

void fb_put_pixel(const struct fb *fb, uint32_t x, uint32_t y, uint32_t rgb)
{
	if (x < fb->width && y < fb->height)
		store(fb, pix(fb, x, y), rgb);
}

uint32_t fb_get_pixel(const struct fb *fb, uint32_t x, uint32_t y)
{
	const uint8_t *p;
	uint16_t v;

	if (x >= fb->width || y >= fb->height)
		return 0;
	p = pix(fb, x, y);
	if (fb->bpp == 32)
		return decode32(fb, le32_get(p));
	if (fb->bpp == 24)
		return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
	v = le16_get(p);
	return FB_RGB((v >> 11) << 3, (v >> 5 & 0x3f) << 2, (v & 0x1f) << 3);
}

void fb_fill_rect(const struct fb *fb, uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t rgb)
{
	uint32_t x1, y1, px = fb->bpp == 32 ? fb_encode32(fb, rgb) : 0;

	if (x >= fb->width || y >= fb->height)
		return;
	x1 = w > fb->width - x ? fb->width : x + w;
	y1 = h > fb->height - y ? fb->height : y + h;
	for (uint32_t yy = y; yy < y1; yy++) {
		uint8_t *row = pix(fb, x, yy);

		if (fb->bpp == 32) {
			uint32_t *p =
				(uint32_t *)(void *)row; /* pitch and x keep 4-byte alignment */

			for (uint32_t xx = x; xx < x1; xx++)
				*p++ = px;
		} else {
			for (uint32_t xx = x; xx < x1; xx++, row += fb->bpp / 8)
				store(fb, row, rgb);
		}
	}
}

void fb_scroll_up(const struct fb *fb, uint32_t y0, uint32_t y1, uint32_t dy, uint32_t bg)
{
	if (y1 > fb->height)
		y1 = fb->height;
	if (y0 >= y1)
		return;
	if (dy < y1 - y0)
		memmove(pix(fb, 0, y0), pix(fb, 0, y0 + dy), (size_t)(y1 - y0 - dy) * fb->pitch);
	else
		dy = y1 - y0;
	fb_fill_rect(fb, 0, y1 - dy, fb->width, dy, bg);
}

/* Scale 1, fully visible: one store per pixel, no clipping per pixel. */
static void draw_char_1x(const struct fb *fb, const struct psf_font *f, uint32_t x, uint32_t y,
			 uint8_t c, uint32_t fg, uint32_t bg)
{
	for (uint32_t gy = 0; gy < f->height; gy++) {
		const uint8_t *row = psf_glyph_row(f, c, gy);
		uint8_t *p = pix(fb, x, y + gy);

		for (uint32_t gx = 0; row && gx < f->width; gx++, p += fb->bpp / 8)
			store(fb, p, (row[gx / 8] & (0x80 >> (gx % 8))) ? fg : bg);
	}
}

void fb_draw_char(const struct fb *fb, const struct psf_font *f, uint32_t x, uint32_t y, uint8_t c,
		  uint32_t fg, uint32_t bg, unsigned scale)
{
	if (scale == 1 && x < fb->width && fb->width - x >= f->width && y < fb->height &&
	    fb->height - y >= f->height) {
		draw_char_1x(fb, f, x, y, c, fg, bg);
		return;
	}
	for (uint32_t gy = 0; gy < f->height; gy++) {
		const uint8_t *row = psf_glyph_row(f, c, gy);

		for (uint32_t gx = 0; row && gx < f->width; gx++) {
			bool on = row[gx / 8] & (0x80 >> (gx % 8));

			fb_fill_rect(fb, x + gx * scale, y + gy * scale, scale, scale,
				     on ? fg : bg);
		}
	}
}

uint32_t fb_draw_text(const struct fb *fb, const struct psf_font *f, uint32_t x, uint32_t y,
		      const char *s, uint32_t fg, uint32_t bg, unsigned scale)
{
	for (; *s && x < fb->width; s++, x += f->width * scale)
		fb_draw_char(fb, f, x, y, (uint8_t)*s, fg, bg, scale);
	return x;
}
