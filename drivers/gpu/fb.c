// SPDX-License-Identifier: MIT
/*
 * Drawing on a linear framebuffer: pixels in little-endian XRGB8888
 * (32 bpp), RGB888 (24) or RGB565 (16), as QEMU's DISPI and UEFI GOP
 * PixelBlueGreenRedReserved8BitPerColor lay them out; rectangles,
 * scrolling and PSF glyphs. Portable: the host tests draw into memory.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/fbcon.h>

int fb_check(const struct fb *fb)
{
	if (!fb->base || !fb->width || !fb->height)
		return -EINVAL;
	if (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
		return -EINVAL;
	if ((uint64_t)fb->pitch < (uint64_t)fb->width * (fb->bpp / 8))
		return -EINVAL;
	return 0;
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
		le32_put(p, rgb & 0xffffff);
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
		return le32_get(p) & 0xffffff;
	if (fb->bpp == 24)
		return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
	v = le16_get(p);
	return FB_RGB((v >> 11) << 3, (v >> 5 & 0x3f) << 2, (v & 0x1f) << 3);
}

void fb_fill_rect(const struct fb *fb, uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t rgb)
{
	uint32_t x1, y1;

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
				*p++ = rgb & 0xffffff;
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
