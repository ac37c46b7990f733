// SPDX-License-Identifier: MIT
/*
 * A text console on a band of framebuffer rows: character cells of the
 * PSF font, a cursor, scrolling, and the few controls a serial shell
 * emits (\n, \r, \b, \t); ANSI/ECMA-48 escape sequences (ESC [ ... final
 * byte 0x40-0x7e, 5.4) are consumed, not drawn. Portable.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/fbcon.h>

#define FBCON_FG  FB_RGB(0xc0, 0xc0, 0xc0)
#define FBCON_BG  FB_RGB(0x00, 0x00, 0x00)
#define FBCON_TAB 8
#define ESC_NONE  0
#define ESC_SEEN  1
#define ESC_CSI	  2

int fbcon_init(struct fbcon *c, const struct fb *fb, const struct psf_font *font, uint32_t y0,
	       uint32_t y1)
{
	memset(c, 0, sizeof(*c));
	if (fb_check(fb) || !font || !font->glyphs || y1 > fb->height || y0 >= y1)
		return -EINVAL;
	c->fb = *fb;
	c->font = font;
	c->y0 = y0;
	c->y1 = y1;
	c->cols = fb->width / font->width;
	c->rows = (y1 - y0) / font->height;
	if (!c->cols || !c->rows)
		return -EINVAL;
	c->fg = FBCON_FG;
	c->bg = FBCON_BG;
	fb_fill_rect(&c->fb, 0, y0, fb->width, y1 - y0, c->bg);
	c->active = true;
	return 0;
}

static void newline(struct fbcon *c)
{
	c->cx = 0;
	if (c->cy + 1 < c->rows) {
		c->cy++;
		return;
	}
	fb_scroll_up(&c->fb, c->y0, c->y0 + c->rows * c->font->height, c->font->height, c->bg);
}

static void put(struct fbcon *c, uint8_t ch)
{
	if (c->cx >= c->cols)
		newline(c);
	fb_draw_char(&c->fb, c->font, c->cx * c->font->width, c->y0 + c->cy * c->font->height, ch,
		     c->fg, c->bg, 1);
	c->cx++;
}

/* Returns true when ch belonged to an escape sequence. */
static bool escape(struct fbcon *c, uint8_t ch)
{
	switch (c->esc) {
	case ESC_SEEN:
		c->esc = ch == '[' ? ESC_CSI : ESC_NONE;
		return true;
	case ESC_CSI:
		if (ch >= 0x40 && ch <= 0x7e)
			c->esc = ESC_NONE;
		if (ch == 'K' && c->cx < c->cols) /* EL: erase to the end of the line (8.3.41) */
			fb_fill_rect(&c->fb, c->cx * c->font->width,
				     c->y0 + c->cy * c->font->height,
				     (c->cols - c->cx) * c->font->width, c->font->height, c->bg);
		return true;
	}
	if (ch == 0x1b) {
		c->esc = ESC_SEEN;
		return true;
	}
	return false;
}

void fbcon_write(struct fbcon *c, const char *s, size_t n)
{
	if (!c->active)
		return;
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = (uint8_t)s[i];

		if (escape(c, ch))
			continue;
		switch (ch) {
		case '\n':
			newline(c);
			break;
		case '\r':
			c->cx = 0;
			break;
		case '\b':
			if (c->cx)
				c->cx--;
			break;
		case '\t':
			do
				put(c, ' ');
			while (c->cx % FBCON_TAB && c->cx < c->cols);
			break;
		default:
			if (ch >= 0x20 && ch != 0x7f)
				put(c, ch);
		}
	}
}
