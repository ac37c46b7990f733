// SPDX-License-Identifier: MIT
/*
 * The UEFI Graphics Output Protocol's current mode as a framebuffer
 * (UEFI 2.10 12.9): every value firmware gave is checked, the pixel format
 * (12.9.2.1: RGBX, BGRX, PixelBitMask; PixelBltOnly has no framebuffer)
 * becomes the fb code's layout, and the same mode becomes the screen_info
 * of Linux's x86 boot params for efifb (Documentation/arch/x86/zero-page.rst,
 * include/uapi/linux/screen_info.h). Portable: host-tested.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/gpu.h>

#define MASK_XRGB_R 0x00ff0000u
#define MASK_XRGB_G 0x0000ff00u
#define MASK_XRGB_B 0x000000ffu
#define MASK_565_R  0xf800u
#define MASK_565_G  0x07e0u
#define MASK_565_B  0x001fu

static int bad(const char **why, const char *rule, int rc)
{
	if (why)
		*why = rule;
	return rc;
}

/* Bits a PixelBitMask pixel occupies: up to the highest bit of any mask (12.9.2.1). */
static unsigned mask_bits(const struct gop_mode *m)
{
	uint32_t all = m->mask_r | m->mask_g | m->mask_b | m->mask_x;
	unsigned n = 0;

	while (n < 32 && (all >> n))
		n++;
	return n;
}

/* PixelBitMask: 32-bit pixels with any channels, 24/16-bit ones only as RGB888/RGB565. */
static int bitmask_layout(const struct gop_mode *m, struct fb *fb, const char **why)
{
	unsigned bytes = (mask_bits(m) + 7) / 8;
	uint32_t r = m->mask_r, g = m->mask_g, b = m->mask_b, x = m->mask_x;

	if (!r || !g || !b || (r & g) || (r & b) || (g & b) || ((r | g | b) & x))
		return bad(why, "PixelBitMask masks empty or overlapping (12.9.2.1)", -EINVAL);
	fb->bpp = (uint8_t)(bytes * 8);
	if (bytes == 4 && (r != MASK_XRGB_R || g != MASK_XRGB_G || b != MASK_XRGB_B)) {
		fb->masked = true;
		if (fb_chan_from_mask(r, &fb->r) || fb_chan_from_mask(g, &fb->g) ||
		    fb_chan_from_mask(b, &fb->b))
			return bad(why, "PixelBitMask channel not contiguous or too wide",
				   -ENOTSUP);
		return 0;
	}
	if (bytes == 4 || (bytes == 3 && r == MASK_XRGB_R && g == MASK_XRGB_G && b == MASK_XRGB_B))
		return 0;
	if (bytes == 2 && r == MASK_565_R && g == MASK_565_G && b == MASK_565_B)
		return 0;
	return bad(why, "PixelBitMask layout not drawable (32 bpp, RGB888 or RGB565 only)",
		   -ENOTSUP);
}

static int pixel_layout(const struct gop_mode *m, struct fb *fb, const char **why)
{
	switch (m->format) {
	case GOP_PIXEL_BGRX8: /* byte 0 blue: the fb code's XRGB8888 */
		fb->bpp = 32;
		return 0;
	case GOP_PIXEL_RGBX8: /* byte 0 red */
		*fb = (struct fb){
			.bpp = 32, .masked = true, .r = { 0, 8 }, .g = { 8, 8 }, .b = { 16, 8 }
		};
		return 0;
	case GOP_PIXEL_BITMASK:
		return bitmask_layout(m, fb, why);
	case GOP_PIXEL_BLT_ONLY:
		return bad(why, "PixelBltOnly: no linear framebuffer (12.9.2.1)", -ENODEV);
	default:
		return bad(why, "PixelFormat beyond PixelFormatMax", -EINVAL);
	}
}

int gop_mode_to_fb(const struct gop_mode *m, struct fb *out, const char **why)
{
	struct fb fb = { 0 };
	uint64_t need;
	int rc;

	memset(out, 0, sizeof(*out));
	if (m->mode >= m->max_mode)
		return bad(why, "Mode not below MaxMode (12.9.2)", -EINVAL);
	rc = pixel_layout(m, &fb, why);
	if (rc)
		return rc;
	if (!m->width || !m->height || m->width > GOP_MAX_DIM || m->height > GOP_MAX_DIM)
		return bad(why, "resolution zero or beyond GOP_MAX_DIM", -EINVAL);
	if (m->ppsl < m->width || m->ppsl > GOP_MAX_DIM)
		return bad(why, "PixelsPerScanLine below the width or beyond GOP_MAX_DIM", -EINVAL);
	if (!m->fb_base || !m->fb_size || m->fb_size > UINT64_MAX - m->fb_base)
		return bad(why, "FrameBufferBase/Size zero or wrapping", -EINVAL);
	need = (uint64_t)m->ppsl * m->height * (fb.bpp / 8);
	if (need > m->fb_size)
		return bad(why, "PixelsPerScanLine x height beyond FrameBufferSize", -EINVAL);
	fb.width = m->width;
	fb.height = m->height;
	fb.pitch = m->ppsl * (fb.bpp / 8);
	*out = fb;
	return 0;
}

const char *gop_format_name(const struct gop_mode *m, char *buf, size_t len)
{
	static const char *const names[] = { "rgbx8888", "bgrx8888", NULL, "blt-only" };

	if (m->format == GOP_PIXEL_BITMASK)
		snprintf(buf, len, "bitmask r%x g%x b%x", m->mask_r, m->mask_g, m->mask_b);
	else
		snprintf(buf, len, "%s",
			 m->format < GOP_PIXEL_FORMAT_MAX ? names[m->format] : "invalid");
	return buf;
}

/* ---- Linux screen_info (include/uapi/linux/screen_info.h), zero-page offset 0 ---- */
#define SI_ORIG_VIDEO_ISVGA 0x0f
#define SI_LFB_WIDTH	    0x12
#define SI_LFB_HEIGHT	    0x14
#define SI_LFB_DEPTH	    0x16
#define SI_LFB_BASE	    0x18
#define SI_LFB_SIZE	    0x1c
#define SI_LFB_LINELENGTH   0x24
#define SI_RED_SIZE	    0x26 /* then red_pos, green, blue, rsvd: size/pos byte pairs */
#define SI_PAGES	    0x32
#define SI_CAPABILITIES	    0x36
#define SI_EXT_LFB_BASE	    0x3a
#define VIDEO_TYPE_EFI	    0x70
#define VIDEO_CAP_64BIT	    BIT(1) /* VIDEO_CAPABILITY_64BIT_BASE: ext_lfb_base valid */

static void si_chan(uint8_t *p, struct fb_chan c)
{
	p[0] = c.bits;
	p[1] = c.shift;
}

/* The channels of fb as size/position pairs, the reserved one filling what is left. */
static void si_channels(uint8_t *si, const struct fb *fb)
{
	struct fb_chan r = { 16, 8 }, g = { 8, 8 }, b = { 0, 8 }, x = { 24, 8 };

	if (fb->masked) {
		r = fb->r;
		g = fb->g;
		b = fb->b;
		x = (struct fb_chan){ 0, 0 };
	} else if (fb->bpp == 16) {
		r = (struct fb_chan){ 11, 5 };
		g = (struct fb_chan){ 5, 6 };
		b = (struct fb_chan){ 0, 5 };
		x = (struct fb_chan){ 0, 0 };
	} else if (fb->bpp == 24) {
		x = (struct fb_chan){ 0, 0 };
	}
	si_chan(si + SI_RED_SIZE, r);
	si_chan(si + SI_RED_SIZE + 2, g);
	si_chan(si + SI_RED_SIZE + 4, b);
	si_chan(si + SI_RED_SIZE + 6, x);
}

void gop_screen_info_fill(uint8_t *si, const struct gop_mode *m, const struct fb *fb)
{
	memset(si, 0, GOP_SCREEN_INFO_LEN);
	si[SI_ORIG_VIDEO_ISVGA] = VIDEO_TYPE_EFI;
	le16_put(si + SI_LFB_WIDTH, (uint16_t)fb->width);
	le16_put(si + SI_LFB_HEIGHT, (uint16_t)fb->height);
	le16_put(si + SI_LFB_DEPTH, fb->bpp);
	le32_put(si + SI_LFB_BASE, (uint32_t)m->fb_base);
	le32_put(si + SI_LFB_SIZE, (uint32_t)MIN(m->fb_size, (uint64_t)UINT32_MAX));
	le16_put(si + SI_LFB_LINELENGTH, (uint16_t)fb->pitch);
	si_channels(si, fb);
	le16_put(si + SI_PAGES, 1);
	if (m->fb_base >> 32) {
		le32_put(si + SI_CAPABILITIES, VIDEO_CAP_64BIT);
		le32_put(si + SI_EXT_LFB_BASE, (uint32_t)(m->fb_base >> 32));
	}
}
