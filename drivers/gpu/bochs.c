// SPDX-License-Identifier: MIT
/*
 * QEMU bochs-display and VGA (1234:1111) through the MMIO BAR: EDID at
 * 0x000, VGA ports 0x3c0-0x3df at 0x400, DISPI (Bochs VBE) registers at
 * 0x500 + index * 2 (QEMU hw/display/bochs-display.c, vga-pci.c;
 * docs/specs/standard-vga.rst). The linear framebuffer is BAR0.
 */
#include <errno.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>

#define VGA_ATT_W   0x3c0  /* attribute controller index/data */
#define VGA_IS1_RC  0x3da  /* input status 1: reading resets the 3c0 flip-flop */
#define VGA_ATT_PAS BIT(5) /* palette address source: 1 = display on */

/* Fallback limits when GETCAPS is not implemented (bochs-display answers with what was written). */
#define DISPI_FALLBACK_MAX_W 4096
#define DISPI_FALLBACK_MAX_H 4096

static volatile uint8_t *dispi_reg(struct gpu *g, unsigned index)
{
	return g->regs + DISPI_MMIO_OFF + index * 2;
}

uint16_t gpu_dispi_read(struct gpu *g, unsigned index)
{
	return mmio_read16(dispi_reg(g, index));
}

static void dispi_write(struct gpu *g, unsigned index, uint16_t v)
{
	mmio_write16(dispi_reg(g, index), v);
}

static volatile uint8_t *vga_port(struct gpu *g, unsigned port)
{
	return g->regs + GPU_VGA_MMIO_OFF + (port - VGA_ATT_W);
}

int gpu_dispi_probe(struct gpu *g)
{
	uint16_t id = gpu_dispi_read(g, DISPI_INDEX_ID), cur_w, cur_h;
	uint64_t vram;

	if ((id & 0xfff0) != DISPI_ID0)
		return -ENODEV;
	g->dispi_id = id;
	cur_w = gpu_dispi_read(g, DISPI_INDEX_XRES);
	cur_h = gpu_dispi_read(g, DISPI_INDEX_YRES);
	/* GETCAPS makes XRES/YRES/BPP read as the maxima (Bochs VBE interface). */
	dispi_write(g, DISPI_INDEX_ENABLE, DISPI_GETCAPS);
	g->max_w = gpu_dispi_read(g, DISPI_INDEX_XRES);
	g->max_h = gpu_dispi_read(g, DISPI_INDEX_YRES);
	g->max_bpp = gpu_dispi_read(g, DISPI_INDEX_BPP);
	dispi_write(g, DISPI_INDEX_ENABLE, 0);
	/* bochs-display ignores GETCAPS: the registers read back unchanged. */
	if ((g->max_w == cur_w && g->max_h == cur_h) || g->max_w < 640 || g->max_h < 480 ||
	    g->max_bpp < 16 || g->max_bpp > 32) {
		g->max_w = DISPI_FALLBACK_MAX_W;
		g->max_h = DISPI_FALLBACK_MAX_H;
		g->max_bpp = 32;
	}
	vram = (uint64_t)gpu_dispi_read(g, DISPI_INDEX_VIDMEM) * 64 * KiB;
	if (vram && vram < g->vram_size)
		g->vram_size = vram;
	return 0;
}

static int mode_check(struct gpu *g, unsigned w, unsigned h, unsigned bpp)
{
	if (bpp != 16 && bpp != 24 && bpp != 32)
		return -EINVAL;
	if (!w || !h || w % 8 || w > g->max_w || h > g->max_h)
		return -EINVAL;
	if ((uint64_t)w * h * (bpp / 8) > g->vram_size)
		return -EINVAL;
	return 0;
}

/* VGA (class 0300): the attribute controller blanks the screen until PAS is set. */
static void vga_unblank(struct gpu *g)
{
	if ((g->pci->class_code >> 8) != 0x0300)
		return;
	(void)mmio_read8(vga_port(g, VGA_IS1_RC));
	mmio_write8(vga_port(g, VGA_ATT_W), VGA_ATT_PAS);
}

int gpu_set_mode(struct gpu *g, unsigned w, unsigned h, unsigned bpp)
{
	uint16_t rw, rh, rb, vw;

	if (!g->dispi || !g->vram)
		return -ENODEV;
	if (mode_check(g, w, h, bpp)) {
		log_err("gpu: mode %ux%ux%u not possible (max %ux%ux%u, %llu KiB VRAM, width a "
			"multiple of 8)",
			w, h, bpp, g->max_w, g->max_h, g->max_bpp,
			(unsigned long long)(g->vram_size / KiB));
		return -EINVAL;
	}
	/* Disable, program, enable with the linear framebuffer (Bochs VBE sequence). */
	dispi_write(g, DISPI_INDEX_ENABLE, 0);
	dispi_write(g, DISPI_INDEX_BPP, (uint16_t)bpp);
	dispi_write(g, DISPI_INDEX_XRES, (uint16_t)w);
	dispi_write(g, DISPI_INDEX_YRES, (uint16_t)h);
	dispi_write(g, DISPI_INDEX_BANK, 0);
	dispi_write(g, DISPI_INDEX_VIRT_W, (uint16_t)w);
	dispi_write(g, DISPI_INDEX_VIRT_H, (uint16_t)h);
	dispi_write(g, DISPI_INDEX_X_OFF, 0);
	dispi_write(g, DISPI_INDEX_Y_OFF, 0);
	dispi_write(g, DISPI_INDEX_ENABLE, DISPI_ENABLED | DISPI_LFB_ENABLED);
	rw = gpu_dispi_read(g, DISPI_INDEX_XRES);
	rh = gpu_dispi_read(g, DISPI_INDEX_YRES);
	rb = gpu_dispi_read(g, DISPI_INDEX_BPP);
	vw = gpu_dispi_read(g, DISPI_INDEX_VIRT_W);
	if (rw != w || rh != h || rb != bpp || vw < w) {
		log_err("gpu: DISPI kept %ux%ux%u (virtual width %u) after setting %ux%ux%u", rw,
			rh, rb, vw, w, h, bpp);
		g->fb.base = NULL;
		return -EIO;
	}
	vga_unblank(g);
	g->fb = (struct fb){ .base = g->vram,
			     .width = w,
			     .height = h,
			     .pitch = (uint32_t)vw * (bpp / 8),
			     .bpp = (uint8_t)bpp };
	fb_fill_rect(&g->fb, 0, 0, w, h, 0);
	return 0;
}

static bool have_size(const struct edid_mode *m, unsigned n, unsigned w, unsigned h)
{
	for (unsigned i = 0; i < n; i++)
		if (m[i].w == w && m[i].h == h)
			return true;
	return false;
}

/* DISPI has no timings: one entry per size, EDID's first (preferred leading). */
unsigned gpu_modes(struct gpu *g, struct edid_mode *out, unsigned max)
{
	static const struct edid_mode builtin[] = {
		{ 640, 480, 60, 0, EDID_SRC_EST, false },
		{ 800, 600, 60, 0, EDID_SRC_EST, false },
		{ 1024, 768, 60, 0, EDID_SRC_EST, false },
		{ 1280, 720, 60, 0, EDID_SRC_STD, false },
		{ 1280, 800, 60, 0, EDID_SRC_STD, false },
		{ 1280, 1024, 60, 0, EDID_SRC_STD, false },
		{ 1920, 1080, 60, 0, EDID_SRC_STD, false },
	};
	const struct edid_mode *src = builtin;
	unsigned nsrc = ARRAY_SIZE(builtin), n = 0;

	if (!g->dispi)
		return 0;
	if (!g->edid_rc && g->edid.nmodes) {
		src = g->edid.modes;
		nsrc = g->edid.nmodes;
	}
	for (unsigned i = 0; i < nsrc && n < max; i++) {
		const struct edid_mode *m = &src[i];

		if (m->interlaced || mode_check(g, m->w, m->h, 32) || have_size(out, n, m->w, m->h))
			continue;
		out[n++] = *m;
	}
	return n;
}
