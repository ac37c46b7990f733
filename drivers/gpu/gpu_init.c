// SPDX-License-Identifier: MIT
/*
 * Display functions at boot: every PCI function of base class 03 is found,
 * its framebuffer BAR mapped write-combining and its register BAR as device
 * memory, its expansion ROM copied out and validated; QEMU's DISPI devices
 * get their EDID read and a 1024x768x32 mode, a splash, and a framebuffer
 * console that mirrors the serial console from then on. Without one, the
 * UEFI GOP framebuffer gets the splash and console (gop_display.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>

#define GPU_VENDOR_QEMU	 0x1234
#define GPU_DEVICE_BOCHS 0x1111
#define GPU_FB_BAR	 0
#define GPU_MMIO_BAR	 2
#define GPU_MAP_MAX	 (256 * MiB) /* larger BARs belong to guests: not mapped here */
#define GPU_BOOT_W	 1024
#define GPU_BOOT_H	 768
#define GPU_BOOT_BPP	 32

struct gpu gpus[GPU_MAX];
unsigned gpu_count;

/* Map [pa, pa+size) write-combining; a range mapped before (a self-test's
 * device mapping) gets its attributes changed instead. */
void *gpu_map_wc(paddr_t pa, uint64_t size)
{
	paddr_t cur;
	unsigned prot;
	int rc;

	if (!IS_ALIGNED(pa, PAGE_SIZE) || !size)
		return NULL;
	size = ALIGN_UP(size, PAGE_SIZE);
	if (!mm_lookup(pa, &cur, &prot))
		rc = mm_protect(pa, size, MM_RW | MM_WC);
	else
		rc = mm_map(pa, pa, size, MM_RW | MM_WC);
	if (rc) {
		log_err("gpu: cannot map framebuffer %#llx+%#llx write-combining: %d",
			(unsigned long long)pa, (unsigned long long)size, rc);
		return NULL;
	}
	return phys_to_virt(pa);
}

/* The first assigned memory BAR with (pref) or without prefetch. */
static int find_bar(const struct pci_dev *d, bool pref)
{
	for (unsigned i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];

		if ((b->type == PCI_BAR_MEM32 || b->type == PCI_BAR_MEM64) && b->assigned &&
		    b->prefetch == pref)
			return (int)i;
	}
	return -1;
}

static void map_bars(struct gpu *g)
{
	struct pci_dev *d = g->pci;
	bool qemu = d->vendor == GPU_VENDOR_QEMU && d->device == GPU_DEVICE_BOCHS;
	int fb = qemu ? GPU_FB_BAR : find_bar(d, true);
	int regs = qemu ? GPU_MMIO_BAR : find_bar(d, false);

	if (fb >= 0 && d->bar[fb].assigned && d->bar[fb].size <= GPU_MAP_MAX) {
		g->vram_pa = pci_bar_cpu_addr(d, (unsigned)fb);
		g->vram_size = d->bar[fb].size;
		if (g->vram_pa != INVALID_PADDR)
			g->vram = gpu_map_wc(g->vram_pa, g->vram_size);
	}
	if (regs >= 0 && d->bar[regs].assigned && d->bar[regs].size <= GPU_MAP_MAX) {
		paddr_t pa = pci_bar_cpu_addr(d, (unsigned)regs);

		if (pa != INVALID_PADDR)
			g->regs = mm_map_device(pa, d->bar[regs].size);
	}
	if (g->vram || g->regs)
		pci_enable_decode(d);
	g->dispi = qemu && g->regs && g->vram && d->bar[GPU_MMIO_BAR].size >= GPU_MMIO_MIN_SIZE &&
		   !gpu_dispi_probe(g);
}

static void read_rom(struct gpu *g)
{
	uint64_t size = g->pci->bar[PCI_ROM_SLOT].size;
	uint8_t *buf;

	g->rom_rc = -ENOENT;
	if (g->pci->bar[PCI_ROM_SLOT].type != PCI_BAR_ROM)
		return;
	buf = malloc(MIN(size, PCI_ROM_MAX_READ));
	if (!buf) {
		g->rom_rc = -ENOMEM;
		return;
	}
	g->rom_len = pci_rom_read(g->pci, buf, MIN(size, PCI_ROM_MAX_READ));
	g->rom_rc = g->rom_len < 0 ? (int)g->rom_len :
				     pci_rom_parse(buf, (size_t)g->rom_len, g->pci->vendor,
						   g->pci->device, &g->rom);
	free(buf);
	if (g->rom_rc == -EADDRNOTAVAIL)
		log_info(
			"gpu %04x:%04x: expansion ROM has no address (firmware left it unassigned)",
			g->pci->vendor, g->pci->device);
	else if (g->rom_rc && g->rom_rc != -ENOENT)
		log_warn("gpu %04x:%04x: expansion ROM refused: %s at offset %#llx (%d)",
			 g->pci->vendor, g->pci->device, g->rom.err ? g->rom.err : "not readable",
			 (unsigned long long)g->rom.bad_off, g->rom_rc);
}

static void read_edid(struct gpu *g)
{
	uint8_t b[EDID_BLOCK_LEN];

	for (unsigned i = 0; i < EDID_BLOCK_LEN; i++)
		b[i] = mmio_read8(g->regs + GPU_EDID_MMIO_OFF + i);
	g->edid_rc = edid_parse(b, sizeof(b), &g->edid);
}

static void probe(struct gpu *g)
{
	char a[PCI_ADDR_STRLEN];

	g->quirk = gpu_quirk_find(g->pci->vendor, g->pci->device, g->pci->class_code);
	g->edid_rc = -ENODEV;
	map_bars(g);
	read_rom(g);
	if (g->dispi)
		read_edid(g);
	log_info("gpu %s %04x:%04x class %06x: vram %llu MiB%s, %s, edid %s, rom %s",
		 pci_addr_fmt(a, g->pci->addr), g->pci->vendor, g->pci->device, g->pci->class_code,
		 (unsigned long long)(g->vram_size / MiB), g->vram ? " (wc)" : " (not mapped)",
		 g->dispi ? "DISPI" : "no DISPI", g->edid_rc ? "none" : g->edid.vendor,
		 g->rom_rc == -ENOENT	     ? "none" :
		 g->rom_rc == -EADDRNOTAVAIL ? "unassigned" :
		 g->rom_rc		     ? "invalid" :
					       "valid");
}

struct gpu *gpu_primary(void)
{
	for (unsigned i = 0; i < gpu_count; i++)
		if (gpus[i].dispi)
			return &gpus[i];
	return NULL;
}

int gpu_init(void)
{
	struct gpu *g;
	int rc;

	/* Releasing a GPU resets it: only with a method its quirks allow. */
	pci_set_reset_filter(gpu_reset_filter);
	pci_for_each_dev (d) {
		if ((d->class_code & 0xff0000) != PCI_CLASS_DISPLAY || d->pf ||
		    gpu_count >= GPU_MAX)
			continue;
		gpus[gpu_count].pci = d;
		probe(&gpus[gpu_count++]);
	}
	g = gpu_primary();
	gpu_gop_attach(g); /* GOP: a display; the console only without a native one */
	if (!g)
		return gpu_count ? 0 : -ENODEV;
	rc = gpu_set_mode(g, GPU_BOOT_W, GPU_BOOT_H, GPU_BOOT_BPP);
	if (rc)
		return rc;
	gpu_splash(g);
	return 0;
}
