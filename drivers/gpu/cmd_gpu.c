// SPDX-License-Identifier: MIT
/*
 * The `gpu` shell command: display functions and their BARs, EDID and ROM,
 * modes, mode setting, the test pattern, and the passthrough plan of a
 * function (NVIDIA/AMD companions and reset method).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/shell.h>

static void report_rom(const struct gpu *g)
{
	if (g->rom_rc == -ENOENT) {
		console_printf("  rom: none\n");
		return;
	}
	if (g->rom_rc == -EADDRNOTAVAIL) {
		console_printf("  rom: %llu KiB, no address assigned (not read)\n",
			       (unsigned long long)(g->pci->bar[PCI_ROM_SLOT].size / KiB));
		return;
	}
	if (g->rom_rc) {
		console_printf("  rom: invalid (%d): %s at offset %#llx\n", g->rom_rc,
			       g->rom.err ? g->rom.err : "not readable",
			       (unsigned long long)g->rom.bad_off);
		return;
	}
	console_printf("  rom: %ld bytes read, %u image(s)\n", g->rom_len, g->rom.nimg);
	for (unsigned i = 0; i < g->rom.nimg; i++) {
		const struct pci_rom_image *im = &g->rom.img[i];

		console_printf(
			"    image %u at %#x: %u bytes, %s, %04x:%04x class %06x, pcir rev %u%s", i,
			im->off, im->len, pci_rom_code_name(im->code_type), im->vendor, im->device,
			im->class_code, im->pcir_rev, im->last ? ", last" : "");
		if (im->code_type == PCI_ROM_CODE_X86)
			console_printf(", checksum %s", im->checksum_ok ? "ok" : "bad");
		if (im->efi_machine)
			console_printf(", efi machine %#x", im->efi_machine);
		console_printf("\n");
	}
}

static void report_gop(unsigned i, const struct gpu *g)
{
	console_printf("gpu%u gop framebuffer %#llx size %llu KiB %s%s\n", i,
		       (unsigned long long)g->vram_pa, (unsigned long long)(g->vram_size / KiB),
		       g->vram ? "mapped wc" : "not mapped",
		       g == gpu_console_display() ? " (console)" : "");
	if (g->fb.base)
		console_printf("  mode %ux%ux%u pitch %u\n", g->fb.width, g->fb.height, g->fb.bpp,
			       g->fb.pitch);
}

static void report_one(unsigned i, struct gpu *g)
{
	char a[PCI_ADDR_STRLEN];

	if (g->gop) {
		report_gop(i, g);
		return;
	}

	console_printf("gpu%u %s %04x:%04x class %06x%s\n", i, pci_addr_fmt(a, g->pci->addr),
		       g->pci->vendor, g->pci->device, g->pci->class_code,
		       g == gpu_primary() ? " (console)" : "");
	console_printf("  vram %#llx size %llu MiB %s, registers %s\n",
		       (unsigned long long)g->vram_pa, (unsigned long long)(g->vram_size / MiB),
		       g->vram ? "mapped wc" : "not mapped",
		       g->regs ? "mapped device" : "not mapped");
	if (g->dispi)
		console_printf("  dispi id %#x, max %ux%ux%u, mode %ux%ux%u pitch %u\n",
			       g->dispi_id, g->max_w, g->max_h, g->max_bpp, g->fb.width,
			       g->fb.height, g->fb.bpp, g->fb.pitch);
	if (!g->edid_rc)
		console_printf("  edid %u.%u: %s %04x \"%s\", %ux%u cm, %u modes\n",
			       g->edid.version, g->edid.revision, g->edid.vendor, g->edid.product,
			       g->edid.name, g->edid.width_cm, g->edid.height_cm, g->edid.nmodes);
	else if (g->dispi)
		console_printf("  edid: none (%d)\n", g->edid_rc);
	report_rom(g);
	if (g->quirk) {
		struct gpu_pt_plan p;

		if (!gpu_pt_plan(g->pci, &p))
			gpu_pt_report(&p);
	}
}

void gpu_report(void)
{
	if (!gpu_count)
		console_printf("gpu: no display functions\n");
	for (unsigned i = 0; i < gpu_count; i++)
		report_one(i, &gpus[i]);
}

static int cmd_modes(struct gpu *g)
{
	struct edid_mode m[EDID_MAX_MODES];
	unsigned n = gpu_modes(g, m, EDID_MAX_MODES);

	console_printf("gpu: %u modes (%s)\n", n, g->edid_rc ? "built-in list" : "from EDID");
	for (unsigned i = 0; i < n; i++)
		console_printf("  %4ux%-4u @%uHz %-11s%s%s\n", m[i].w, m[i].h, m[i].refresh,
			       edid_src_name(m[i].src),
			       !g->edid_rc && g->edid.preferred >= 0 &&
					       g->edid.modes[g->edid.preferred].w == m[i].w &&
					       g->edid.modes[g->edid.preferred].h == m[i].h ?
				       " preferred" :
				       "",
			       g->fb.width == m[i].w && g->fb.height == m[i].h ? " current" : "");
	return 0;
}

static int cmd_mode(struct gpu *g, const char *spec)
{
	char *end;
	unsigned long w = strtoul(spec, &end, 10), h = 0, bpp = 32;
	int rc;

	if (*end == 'x')
		h = strtoul(end + 1, &end, 10);
	if (*end == 'x')
		bpp = strtoul(end + 1, &end, 10);
	if (*end || !w || !h || w > 0xffff || h > 0xffff || bpp > 32) {
		console_printf("gpu: mode wants <w>x<h>[x<bpp>], e.g. 1024x768x32\n");
		return -EINVAL;
	}
	gpu_console_off();
	rc = gpu_set_mode(g, (unsigned)w, (unsigned)h, (unsigned)bpp);
	gpu_console_on(g);
	if (!rc)
		console_printf("gpu: mode %ux%ux%u, pitch %u bytes\n", g->fb.width, g->fb.height,
			       g->fb.bpp, g->fb.pitch);
	return rc;
}

static int cmd_edid(struct gpu *g)
{
	for (unsigned i = 0; g->regs && i < EDID_BLOCK_LEN; i++)
		console_printf("%02x%s", mmio_read8(g->regs + GPU_EDID_MMIO_OFF + i),
			       i % 16 == 15 ? "\n" : " ");
	return g->edid_rc;
}

static int cmd_plan(const char *bdf, const char *dom)
{
	struct pci_addr a;
	struct pci_dev *d;
	struct gpu_pt_plan p;
	int rc;

	if (pci_addr_parse(bdf, &a) || !(d = pci_find_addr(a))) {
		console_printf("gpu: no function %s\n", bdf);
		return -ENODEV;
	}
	rc = gpu_pt_plan(d, &p);
	if (rc) {
		console_printf("gpu: %s is not a display function or its companion\n", bdf);
		return rc;
	}
	gpu_pt_report(&p);
	if (!dom)
		return 0;
	rc = gpu_pt_assign(d, (uint16_t)strtoul(dom, NULL, 0));
	console_printf("gpu: assign to domain %s: %d\n", dom, rc);
	return rc;
}

static int cmd_gpu(int argc, char **argv)
{
	struct gpu *g = gpu_primary();
	const char *sub = argc > 1 ? argv[1] : "list";

	if (!strcmp(sub, "list")) {
		gpu_report();
		return 0;
	}
	if (!strcmp(sub, "plan") && argc >= 3)
		return cmd_plan(argv[2], argc > 3 ? argv[3] : NULL);
	if (!strcmp(sub, "pattern") && !g && gpu_console_display())
		return gpu_pattern(gpu_console_display()); /* the GOP framebuffer */
	if (!g) {
		console_printf("gpu: no display with DISPI registers\n");
		return -ENODEV;
	}
	if (!strcmp(sub, "modes"))
		return cmd_modes(g);
	if (!strcmp(sub, "mode") && argc == 3)
		return cmd_mode(g, argv[2]);
	if (!strcmp(sub, "pattern"))
		return gpu_pattern(g);
	if (!strcmp(sub, "edid"))
		return cmd_edid(g);
	console_printf("usage: gpu [list | modes | mode <w>x<h>x<bpp> | pattern | edid | "
		       "plan <bdf> [domain]]\n");
	return -EINVAL;
}
SHELL_CMD(gpu, "displays: list, modes, mode <w>x<h>x<bpp>, pattern, edid, plan <bdf> [domain]",
	  cmd_gpu);
