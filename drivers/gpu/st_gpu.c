// SPDX-License-Identifier: MIT
/*
 * GPU firmware self-tests (`selftest gpu`): what the DISPI registers hold
 * after a mode change, that an impossible mode leaves the current one,
 * the device's EDID, the ROM decode left off after the copy, and the
 * framebuffer mapping's memory type.
 */
#include <errno.h>
#include <vmplat/gpu.h>
#include <vmplat/mm.h>
#include <vmplat/selftest.h>

static struct gpu *need_gpu(void)
{
	return gpu_primary();
}

SELFTEST(gpu_dispi_mode_set)
{
	struct gpu *g = need_gpu();
	uint16_t en;
	int rc;

	ST_CHECK(g, "no display with DISPI registers");
	gpu_console_off();
	rc = gpu_set_mode(g, 800, 600, 16);
	en = gpu_dispi_read(g, DISPI_INDEX_ENABLE);
	ST_CHECK(!rc, "800x600x16: %d", rc);
	ST_CHECK(gpu_dispi_read(g, DISPI_INDEX_XRES) == 800 &&
			 gpu_dispi_read(g, DISPI_INDEX_YRES) == 600 &&
			 gpu_dispi_read(g, DISPI_INDEX_BPP) == 16,
		 "DISPI holds %ux%ux%u", gpu_dispi_read(g, DISPI_INDEX_XRES),
		 gpu_dispi_read(g, DISPI_INDEX_YRES), gpu_dispi_read(g, DISPI_INDEX_BPP));
	ST_CHECK((en & (DISPI_ENABLED | DISPI_LFB_ENABLED)) == (DISPI_ENABLED | DISPI_LFB_ENABLED),
		 "ENABLE %#x", en);
	ST_CHECK(g->fb.pitch == 1600, "pitch %u for 800 pixels of 2 bytes", g->fb.pitch);
	rc = gpu_set_mode(g, 1024, 768, 32);
	gpu_console_on(g);
	ST_CHECK(!rc && gpu_dispi_read(g, DISPI_INDEX_XRES) == 1024, "back to 1024x768x32: %d", rc);
	return 0;
}

SELFTEST(gpu_dispi_bad_mode_refused)
{
	struct gpu *g = need_gpu();
	int rc;

	ST_CHECK(g, "no display with DISPI registers");
	rc = gpu_set_mode(g, 8192, 8192, 32); /* 256 MiB: more than the VRAM */
	ST_CHECK(rc == -EINVAL, "8192x8192x32 gave %d", rc);
	rc = gpu_set_mode(g, 1023, 768, 32); /* width not a multiple of 8 */
	ST_CHECK(rc == -EINVAL, "1023x768x32 gave %d", rc);
	ST_CHECK(gpu_dispi_read(g, DISPI_INDEX_XRES) == g->fb.width &&
			 gpu_dispi_read(g, DISPI_INDEX_YRES) == g->fb.height,
		 "mode changed to %ux%u", gpu_dispi_read(g, DISPI_INDEX_XRES),
		 gpu_dispi_read(g, DISPI_INDEX_YRES));
	return 0;
}

SELFTEST(gpu_edid_from_device)
{
	struct gpu *g = need_gpu();
	struct edid_mode m[EDID_MAX_MODES];

	ST_CHECK(g, "no display with DISPI registers");
	ST_CHECK(!g->edid_rc, "EDID parse failed: %d", g->edid_rc);
	ST_CHECK(g->edid.nmodes && g->edid.preferred >= 0, "%u modes, preferred %d", g->edid.nmodes,
		 g->edid.preferred);
	ST_CHECK(gpu_modes(g, m, EDID_MAX_MODES) > 0, "no EDID mode fits the DISPI limits");
	return 0;
}

SELFTEST(gpu_rom_decode_restored)
{
	struct gpu *g = need_gpu();

	ST_CHECK(g, "no display with DISPI registers");
	/* No ROM BAR, or firmware (OVMF) left it without an address: nothing was read. */
	if (g->rom_rc == -ENOENT || g->rom_rc == -EADDRNOTAVAIL)
		return 0;
	ST_CHECK(!g->rom_rc, "ROM invalid (%d): %s", g->rom_rc, g->rom.err ? g->rom.err : "?");
	ST_CHECK(g->rom.img[0].vendor == g->pci->vendor && g->rom.img[0].device == g->pci->device,
		 "image 0 is %04x:%04x", g->rom.img[0].vendor, g->rom.img[0].device);
	ST_CHECK(!(pci_read32(g->pci, PCI_ROM_ADDR) & PCI_ROM_ENABLE),
		 "ROM decode left enabled after the copy");
	return 0;
}

SELFTEST(gpu_framebuffer_write_combining)
{
	struct gpu *g = need_gpu();
	paddr_t pa;
	unsigned prot;

	ST_CHECK(g, "no display with DISPI registers");
	ST_CHECK(!mm_lookup(virt_to_phys(g->vram), &pa, &prot), "framebuffer not mapped");
	ST_CHECK((prot & MM_WC) && !(prot & MM_DEVICE) && !(prot & MM_X), "prot %#x", prot);
	return 0;
}
