// SPDX-License-Identifier: MIT
/*
 * The GOP mode as a framebuffer (drivers/gpu/gop.c, UEFI 2.10 12.9.2):
 * pixel formats and PixelBitMask decoding into the fb layout, every value
 * checked, pixels written in the layout firmware described (fb.c), and the
 * Linux screen_info built from the mode.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/gpu.h>
#include "gpu_tests.h"

static struct gop_mode bgrx_1280x800(void)
{
	return (struct gop_mode){ .mode = 0,
				  .max_mode = 3,
				  .width = 1280,
				  .height = 800,
				  .format = GOP_PIXEL_BGRX8,
				  .ppsl = 1280,
				  .fb_base = 0x80000000,
				  .fb_size = 4000 * 1024 };
}

static struct gop_mode bitmask(uint32_t r, uint32_t g, uint32_t b, uint32_t x)
{
	struct gop_mode m = bgrx_1280x800();

	m.format = GOP_PIXEL_BITMASK;
	m.mask_r = r;
	m.mask_g = g;
	m.mask_b = b;
	m.mask_x = x;
	return m;
}

/* A memory framebuffer of 4x2 pixels in the layout of m. */
static struct fb mem_fb_for(struct gop_mode m)
{
	struct fb fb;

	m.width = 4;
	m.height = 2;
	m.ppsl = 4;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	fb.base = calloc(fb.height, fb.pitch);
	assert_non_null(fb.base);
	assert_int_equal(fb_check(&fb), 0);
	return fb;
}

void test_gop_bgrx_is_the_xrgb8888_layout(void **state)
{
	struct gop_mode m = bgrx_1280x800();
	struct fb fb;
	char name[48];

	(void)state;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	assert_null(fb.base); /* the caller maps it */
	assert_int_equal(fb.width, 1280);
	assert_int_equal(fb.height, 800);
	assert_int_equal(fb.bpp, 32);
	assert_int_equal(fb.pitch, 1280 * 4);
	assert_false(fb.masked);
	assert_string_equal(gop_format_name(&m, name, sizeof(name)), "bgrx8888");
}

void test_gop_rgbx_puts_red_in_byte_0(void **state)
{
	struct gop_mode m = bgrx_1280x800();
	struct fb fb;
	char name[48];

	(void)state;
	m.format = GOP_PIXEL_RGBX8;
	fb = mem_fb_for(m);
	assert_true(fb.masked);
	fb_put_pixel(&fb, 1, 0, FB_RGB(0xff, 0x20, 0x01));
	assert_memory_equal(fb.base + 4, ((uint8_t[]){ 0xff, 0x20, 0x01, 0x00 }), 4);
	assert_int_equal(fb_get_pixel(&fb, 1, 0), FB_RGB(0xff, 0x20, 0x01));
	fb_fill_rect(&fb, 0, 1, 4, 1, FB_RGB(0, 0, 0xff)); /* blue: byte 2 */
	assert_memory_equal(fb.base + fb.pitch + 12, ((uint8_t[]){ 0, 0, 0xff, 0 }), 4);
	assert_string_equal(gop_format_name(&m, name, sizeof(name)), "rgbx8888");
	free(fb.base);
}

void test_gop_bitmask_10bit_channels_decoded(void **state)
{
	/* x2r10g10b10: the reserved mask takes the top 2 bits (12.9.2.1 EFI_PIXEL_BITMASK). */
	struct gop_mode m = bitmask(0x3ff00000, 0x000ffc00, 0x000003ff, 0xc0000000);
	struct fb fb = mem_fb_for(m);

	(void)state;
	assert_true(fb.masked);
	assert_int_equal(fb.r.shift, 20);
	assert_int_equal(fb.r.bits, 10);
	assert_int_equal(fb.g.shift, 10);
	assert_int_equal(fb.b.shift, 0);
	assert_int_equal(fb_encode32(&fb, FB_RGB(0xff, 0xff, 0xff)), 0x3fffffff);
	/* 0x80 of 255 is 514 of 1023, rounded; and back to 0x80. */
	assert_int_equal(fb_encode32(&fb, FB_RGB(0x80, 0, 0)), 514u << 20);
	fb_put_pixel(&fb, 3, 1, FB_RGB(0x80, 0x40, 0x01));
	assert_int_equal(fb_get_pixel(&fb, 3, 1), FB_RGB(0x80, 0x40, 0x01));
	free(fb.base);
}

void test_gop_bitmask_known_layouts(void **state)
{
	struct gop_mode m;
	struct fb fb;

	(void)state;
	m = bitmask(0xff0000, 0xff00, 0xff, 0xff000000); /* XRGB8888 as a bitmask */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	assert_int_equal(fb.bpp, 32);
	assert_false(fb.masked);
	m = bitmask(0xf800, 0x07e0, 0x001f, 0); /* RGB565: 2 bytes a pixel */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	assert_int_equal(fb.bpp, 16);
	assert_int_equal(fb.pitch, 1280 * 2);
	m = bitmask(0xff0000, 0xff00, 0xff, 0); /* RGB888: 3 bytes */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	assert_int_equal(fb.bpp, 24);
	m = bitmask(0xff, 0xff00, 0xff0000, 0); /* BGR888 in 3 bytes: not drawable */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -ENOTSUP);
	m = bitmask(0x7c00, 0x03e0, 0x001f, 0x8000); /* XRGB1555: not drawable */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -ENOTSUP);
}

void test_gop_bitmask_bad_masks_refused(void **state)
{
	struct gop_mode m;
	struct fb fb;
	const char *why = NULL;

	(void)state;
	m = bitmask(0, 0xff00, 0xff, 0); /* no red */
	assert_int_equal(gop_mode_to_fb(&m, &fb, &why), -EINVAL);
	assert_non_null(why);
	m = bitmask(0xff8000, 0xff00, 0xff, 0); /* red and green overlap */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	m = bitmask(0xff0000, 0xff00, 0xff, 0xff0000ff); /* reserved overlaps blue */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	m = bitmask(0xf0f00000, 0xff00, 0xff, 0); /* red not contiguous */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -ENOTSUP);
	m = bitmask(0xffff0000, 0xfc00, 0x3ff, 0); /* 16-bit red: FB_CHAN_MAX_BITS */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	m = bitmask(0xffff8000, 0x7c00, 0x3ff, 0); /* 17-bit red: wider than a colour needs */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -ENOTSUP);
}

void test_gop_blt_only_and_bad_format(void **state)
{
	struct gop_mode m = bgrx_1280x800();
	struct fb fb;
	char name[48];

	(void)state;
	m.format = GOP_PIXEL_BLT_ONLY;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -ENODEV);
	assert_string_equal(gop_format_name(&m, name, sizeof(name)), "blt-only");
	m.format = GOP_PIXEL_FORMAT_MAX;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	assert_string_equal(gop_format_name(&m, name, sizeof(name)), "invalid");
}

void test_gop_geometry_checked(void **state)
{
	struct gop_mode m, ok = bgrx_1280x800();
	struct fb fb;

	(void)state;
	m = ok;
	m.ppsl = 1279; /* stride below the width */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	m = ok;
	m.ppsl = 1344; /* padded rows: fine while they fit */
	m.fb_size = 8 * 1024 * 1024;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	assert_int_equal(fb.pitch, 1344 * 4);
	m = ok;
	m.fb_size = 1280 * 800 * 4; /* exactly enough */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	m.fb_size--;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	m = ok;
	m.fb_base = 0;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	m = ok;
	m.fb_base = ~0ULL - 4096; /* base + size wraps */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	m = ok;
	m.width = 0;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	m = ok;
	m.height = GOP_MAX_DIM + 1;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
	m = ok;
	m.mode = m.max_mode; /* Mode is 0..MaxMode-1 (12.9.2) */
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), -EINVAL);
}

void test_gop_screen_info_for_linux(void **state)
{
	struct gop_mode m = bgrx_1280x800();
	uint8_t si[GOP_SCREEN_INFO_LEN];
	struct fb fb;

	(void)state;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	gop_screen_info_fill(si, &m, &fb);
	assert_int_equal(si[0x0f], 0x70); /* VIDEO_TYPE_EFI */
	assert_int_equal(le16_get(si + 0x12), 1280);
	assert_int_equal(le16_get(si + 0x14), 800);
	assert_int_equal(le16_get(si + 0x16), 32);
	assert_int_equal(le32_get(si + 0x18), 0x80000000);
	assert_int_equal(le32_get(si + 0x1c), 4000 * 1024);
	assert_int_equal(le16_get(si + 0x24), 5120);
	/* red 8@16, green 8@8, blue 8@0, reserved 8@24 */
	assert_memory_equal(si + 0x26, ((uint8_t[]){ 8, 16, 8, 8, 8, 0, 8, 24 }), 8);
	assert_int_equal(le32_get(si + 0x36), 0);
	m.fb_base = 0x800000000ULL; /* above 4 GiB: ext_lfb_base */
	m.format = GOP_PIXEL_RGBX8;
	assert_int_equal(gop_mode_to_fb(&m, &fb, NULL), 0);
	gop_screen_info_fill(si, &m, &fb);
	assert_int_equal(le32_get(si + 0x18), 0);
	assert_int_equal(le32_get(si + 0x36), 2); /* VIDEO_CAPABILITY_64BIT_BASE */
	assert_int_equal(le32_get(si + 0x3a), 8);
	assert_memory_equal(si + 0x26, ((uint8_t[]){ 8, 0, 8, 8, 8, 16 }), 6);
}

void test_fb_masked_channels_checked(void **state)
{
	struct fb_chan c;
	struct fb fb = { .base = (uint8_t *)&c, .width = 1, .height = 1, .pitch = 4, .bpp = 32 };

	(void)state;
	assert_int_equal(fb_chan_from_mask(0x0000ff00, &c), 0);
	assert_int_equal(c.shift, 8);
	assert_int_equal(c.bits, 8);
	assert_int_equal(fb_chan_from_mask(0x80000000, &c), 0);
	assert_int_equal(c.shift, 31);
	assert_int_equal(fb_chan_from_mask(0, &c), -EINVAL);
	assert_int_equal(fb_chan_from_mask(0x00ff00ff, &c), -EINVAL);
	fb.masked = true;
	fb.r = (struct fb_chan){ 16, 8 };
	fb.g = (struct fb_chan){ 8, 9 }; /* overlaps red's lowest bit */
	fb.b = (struct fb_chan){ 0, 8 };
	assert_int_equal(fb_check(&fb), -EINVAL);
	fb.g.bits = 8;
	assert_int_equal(fb_check(&fb), 0);
	fb.bpp = 16; /* channels only for 32-bit pixels */
	fb.pitch = 2;
	assert_int_equal(fb_check(&fb), -EINVAL);
}
