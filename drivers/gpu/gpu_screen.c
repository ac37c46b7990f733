// SPDX-License-Identifier: MIT
/*
 * What the platform shows on the primary display: the boot splash (name
 * and a summary of the boot report), the framebuffer console that mirrors
 * the serial console (a console sink, include/vmplat/log.h), and the
 * `gpu pattern` test card: colour bars in the top half, text below.
 */
#include <errno.h>
#include <stdio.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/smp.h>

#define SPLASH_BAR_H   64
#define SPLASH_SCALE   3
#define SPLASH_LINES   4
#define SPLASH_BLUE    FB_RGB(0x10, 0x30, 0x70)
#define TEXT_WHITE     FB_RGB(0xff, 0xff, 0xff)
#define TEXT_YELLOW    FB_RGB(0xff, 0xd0, 0x40)
#define PATTERN_TEXT_H 64 /* text band below the bars */

/* White, yellow, cyan, green, magenta, red, blue, grey: the order of EBU/SMPTE-like bars. */
const uint32_t gpu_pattern_colors[GPU_PATTERN_BARS] = {
	0xffffff, 0xffff00, 0x00ffff, 0x00ff00, 0xff00ff, 0xff0000, 0x0000ff, 0x808080,
};

static struct psf_font font;
static bool font_ok;
static struct fbcon con;
static bool sink_added;

static void con_sink(const char *s, size_t n)
{
	fbcon_write(&con, s, n);
}

static const struct psf_font *get_font(void)
{
	if (!font_ok) {
		int rc = psf_parse(fbcon_font_psf, fbcon_font_psf_len, &font);

		if (rc) {
			log_err("gpu: built-in PSF font rejected (%d)", rc);
			return NULL;
		}
		font_ok = true;
	}
	return &font;
}

/* The console on rows [y0, bottom); mirrored from then on. */
static void console_on(struct gpu *g, uint32_t y0)
{
	const struct psf_font *f = get_font();

	con.active = false;
	if (!f || fbcon_init(&con, &g->fb, f, y0, g->fb.height))
		return;
	if (!sink_added && !console_add_sink(con_sink))
		sink_added = true;
}

static void summary_line(const struct gpu *g, char *buf, size_t len, unsigned i)
{
	switch (i) {
	case 0:
		snprintf(buf, len, "%s, %s %s", platform.arch,
			 platform.fw == FW_UEFI ? "UEFI" : "FDT", platform.fw_vendor);
		break;
	case 1:
		snprintf(buf, len, "cpu %s, %u of %u online", platform.cpu_model,
			 smp_online_count(), cpu_count);
		break;
	case 2:
		snprintf(buf, len, "memory %llu MiB, %llu MiB usable; %u pci functions",
			 (unsigned long long)(platform.ram_bytes / MiB),
			 (unsigned long long)(platform.usable_bytes / MiB), pci_dev_count());
		break;
	default:
		if (g->gop)
			snprintf(buf, len, "display %ux%ux%u, UEFI GOP framebuffer", g->fb.width,
				 g->fb.height, g->fb.bpp);
		else
			snprintf(buf, len, "display %ux%ux%u on %04x:%04x", g->fb.width,
				 g->fb.height, g->fb.bpp, g->pci->vendor, g->pci->device);
		break;
	}
}

void gpu_splash(struct gpu *g)
{
	const struct psf_font *f = get_font();
	uint32_t y = SPLASH_BAR_H + 8;
	char line[160];

	if (!f || fb_check(&g->fb))
		return;
	fb_fill_rect(&g->fb, 0, 0, g->fb.width, SPLASH_BAR_H, SPLASH_BLUE);
	fb_draw_text(&g->fb, f, 16, (SPLASH_BAR_H - f->height * SPLASH_SCALE) / 2, "vmplat",
		     TEXT_WHITE, SPLASH_BLUE, SPLASH_SCALE);
	fb_draw_text(&g->fb, f, 16 + 8 * f->width * SPLASH_SCALE, SPLASH_BAR_H / 2 - f->height / 2,
		     "freestanding platform layer", TEXT_YELLOW, SPLASH_BLUE, 1);
	for (unsigned i = 0; i < SPLASH_LINES; i++, y += f->height) {
		summary_line(g, line, sizeof(line), i);
		fb_draw_text(&g->fb, f, 16, y, line, TEXT_WHITE, 0, 1);
	}
	console_on(g, y + 8);
}

int gpu_pattern(struct gpu *g)
{
	const struct psf_font *f = get_font();
	uint32_t w = g->fb.width, h = g->fb.height, half = h / 2;
	char line[96];

	if (fb_check(&g->fb))
		return -ENODEV;
	con.active = false;
	for (unsigned i = 0; i < GPU_PATTERN_BARS; i++) {
		uint32_t x0 = w * i / GPU_PATTERN_BARS, x1 = w * (i + 1) / GPU_PATTERN_BARS;

		fb_fill_rect(&g->fb, x0, 0, x1 - x0, half, gpu_pattern_colors[i]);
	}
	fb_fill_rect(&g->fb, 0, half, w, h - half, 0);
	if (f) {
		snprintf(line, sizeof(line), "vmplat test pattern %ux%ux%u", w, h, g->fb.bpp);
		fb_draw_text(&g->fb, f, 8, half + 8, line, TEXT_WHITE, 0, 2);
	}
	console_on(g, MIN(half + PATTERN_TEXT_H, h - 1));
	console_printf("gpu: pattern %ux%ux%u: %u bars in rows 0-%u, text in rows %u-%u, console "
		       "from row %u\n",
		       w, h, g->fb.bpp, GPU_PATTERN_BARS, half - 1, half, half + PATTERN_TEXT_H - 1,
		       half + PATTERN_TEXT_H);
	return 0;
}

void gpu_console_off(void)
{
	con.active = false;
}

void gpu_console_on(struct gpu *g)
{
	console_on(g, 0);
}
