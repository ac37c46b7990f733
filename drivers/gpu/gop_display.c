// SPDX-License-Identifier: MIT
/*
 * The UEFI GOP framebuffer as a display (UEFI 2.10 12.9): the arch records
 * the mode before ExitBootServices; the linear framebuffer stays valid
 * after it (what Linux's efifb relies on). After the PCI displays it joins
 * gpus[]; when no native (DISPI) driver owns the screen it is mapped
 * write-combining and gets the splash and the framebuffer console. The
 * Linux handoff passes it on as screen_info while it is what is shown.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>

#define SI_ORIG_VIDEO_ISVGA 0x0f /* screen_info: 0 = the loader left it empty */

static struct {
	bool found;
	bool mode_set; /* vmplat chose the mode (the current one was unusable) */
	int rc;
	struct gop_mode mode;
	struct fb fb;
	struct gpu *display; /* in gpus[] once attached */
} gop;

int gpu_gop_record(const struct gop_mode *m, bool mode_set)
{
	const char *why = "";
	char fmt[48];

	gop.found = true;
	gop.mode_set = mode_set;
	gop.mode = *m;
	gop.rc = gop_mode_to_fb(m, &gop.fb, &why);
	if (gop.rc)
		log_warn("gop: mode %u of %u %ux%u %s refused: %s (%d)", m->mode, m->max_mode,
			 m->width, m->height, gop_format_name(m, fmt, sizeof(fmt)), why, gop.rc);
	return gop.rc;
}

static void describe(char *buf, size_t len)
{
	char fmt[48];

	snprintf(buf, len, "gop %ux%u stride %u %s fb %#llx (%llu KiB)%s", gop.mode.width,
		 gop.mode.height, gop.mode.ppsl, gop_format_name(&gop.mode, fmt, sizeof(fmt)),
		 (unsigned long long)gop.mode.fb_base, (unsigned long long)(gop.mode.fb_size / KiB),
		 gop.mode_set ? " (mode set)" : "");
}

/* Map the framebuffer's pages write-combining, as the DISPI path maps its BAR. */
static uint8_t *map_fb(void)
{
	paddr_t pa = ALIGN_DOWN(gop.mode.fb_base, PAGE_SIZE);
	uint64_t end = ALIGN_UP(gop.mode.fb_base + gop.mode.fb_size, PAGE_SIZE);
	uint8_t *va = gpu_map_wc(pa, end - pa);

	return va ? va + (gop.mode.fb_base - pa) : NULL;
}

void gpu_gop_attach(struct gpu *native)
{
	char line[128];
	struct gpu *g;

	if (!gop.found || gop.rc)
		return;
	describe(line, sizeof(line));
	if (gpu_count >= GPU_MAX) {
		log_warn("display: %s, not used: already %u displays", line, GPU_MAX);
		return;
	}
	g = &gpus[gpu_count++];
	*g = (struct gpu){ .gop = true, .edid_rc = -ENODEV, .rom_rc = -ENOENT };
	g->vram_pa = gop.mode.fb_base;
	g->vram_size = gop.mode.fb_size;
	gop.display = g;
	if (native) {
		log_info("display: %s, not used: native DISPI display %04x:%04x owns the screen",
			 line, native->pci->vendor, native->pci->device);
		return;
	}
	g->vram = map_fb();
	if (!g->vram)
		return;
	g->fb = gop.fb;
	g->fb.base = g->vram;
	log_info("display: %s, fb console", line);
	/* The firmware's text console is still on it (the DISPI path clears on its mode set). */
	fb_fill_rect(&g->fb, 0, 0, g->fb.width, g->fb.height, 0);
	gpu_splash(g);
}

struct gpu *gpu_console_display(void)
{
	struct gpu *g = gpu_primary();

	if (g)
		return g;
	return gop.display && gop.display->fb.base ? gop.display : NULL;
}

int gpu_gop_screen_info(uint8_t *bp)
{
	uint8_t si[GOP_SCREEN_INFO_LEN];

	if (!gop.display || !gop.display->fb.base)
		return -ENODEV;
	gop_screen_info_fill(si, &gop.mode, &gop.fb);
	if (!bp[SI_ORIG_VIDEO_ISVGA]) {
		memcpy(bp, si, sizeof(si));
		return 0;
	}
	return memcmp(bp, si, sizeof(si)) ? -EEXIST : 0;
}
