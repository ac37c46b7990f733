// SPDX-License-Identifier: MIT
/*
 * Display functions (drivers/gpu/): discovery by PCI class, BAR mapping,
 * the EDID parser (VESA E-EDID 1.4), expansion ROM validation (PCI Firmware
 * 3.0, 5.1), QEMU's bochs-display / VGA through the DISPI registers, the
 * UEFI GOP framebuffer (UEFI 2.10 12.9) for displays without a native
 * driver, and the NVIDIA / AMD passthrough plan (companion functions,
 * reset method) driven by a quirk table.
 */
#ifndef VMPLAT_GPU_H
#define VMPLAT_GPU_H

#include <vmplat/fbcon.h>
#include <vmplat/pci.h>
#include <vmplat/types.h>

/* ---- EDID (drivers/gpu/edid.c; VESA E-EDID 1.4) ---- */
#define EDID_BLOCK_LEN 128
#define EDID_MAX_MODES 32

enum edid_src { EDID_SRC_DTD, EDID_SRC_STD, EDID_SRC_EST };

struct edid_mode {
	uint16_t w, h;
	uint16_t refresh;    /* Hz, rounded */
	uint32_t pixclk_khz; /* detailed timings only */
	enum edid_src src;
	bool interlaced;
};

struct edid_info {
	char vendor[4]; /* PNP id, "RHT" */
	uint16_t product;
	uint32_t serial;
	uint16_t year; /* of manufacture */
	uint8_t version, revision;
	uint8_t width_cm, height_cm;
	char name[14]; /* monitor name descriptor (0xFC), "" when absent */
	uint8_t extensions;
	struct edid_mode modes[EDID_MAX_MODES];
	unsigned nmodes;
	int preferred; /* index into modes (the first detailed timing, 3.10.2), -1 if none */
};

/* Parse the 128-byte base block: 0, -EINVAL (short buffer or bad header),
 * -EBADMSG (checksum, 3.11). Modes are deduplicated, detailed ones first. */
int edid_parse(const uint8_t *buf, size_t len, struct edid_info *out);
const char *edid_src_name(enum edid_src s);

/* ---- expansion ROM (drivers/gpu/rom.c; PCI Firmware 3.0, 5.1) ---- */
#define PCI_ROM_MAX_IMAGES 8
#define PCI_ROM_MAX_READ   (256 * KiB) /* bytes copied out of a ROM BAR */
#define PCI_ROM_CODE_X86   0x00	       /* PC-AT compatible */
#define PCI_ROM_CODE_OF	   0x01	       /* Open Firmware */
#define PCI_ROM_CODE_EFI   0x03

struct pci_rom_image {
	uint32_t off, len; /* in the ROM */
	uint16_t vendor, device;
	uint32_t class_code;
	uint8_t code_type, pcir_rev;
	bool last;
	bool checksum_ok;     /* x86 images: bytes sum to 0 */
	uint16_t efi_machine; /* EFI images (UEFI 2.10, 14.4.2): 0x8664, 0xAA64, ... */
	uint16_t efi_subsystem;
};

struct pci_rom_info {
	struct pci_rom_image img[PCI_ROM_MAX_IMAGES];
	unsigned nimg;
	const char *err; /* on failure: what was wrong, for the log */
	size_t bad_off;	 /* on failure: offset of the offending field */
};

/* Walk the image chain of rom[0..len): 0, or -EINVAL (bad signature, pointer,
 * length, chain), -ENODEV (vendor/device do not match the function), -ELOOP
 * (more than PCI_ROM_MAX_IMAGES images). out->err says which rule. */
int pci_rom_parse(const uint8_t *rom, size_t len, uint16_t vendor, uint16_t device,
		  struct pci_rom_info *out);
const char *pci_rom_code_name(uint8_t code_type);

/* Copy a function's ROM out through its ROM BAR, decode enabled only for
 * the copy (PCI LB 3.0, 6.2.5.2): returns bytes read or -errno. Firmware. */
long pci_rom_read(struct pci_dev *d, uint8_t *buf, size_t max);

/* ---- passthrough quirks (drivers/gpu/quirks.c) ---- */
#define PCI_VENDOR_NVIDIA 0x10de
#define PCI_VENDOR_AMD	  0x1002
#define PCI_CLASS_DISPLAY 0x030000 /* base class 03 */
#define PCI_CLASS_AUDIO	  0x040300 /* multimedia, HD audio */
#define PCI_ANY_DEVICE	  0

enum gpu_reset { GPU_RESET_NONE, GPU_RESET_FLR, GPU_RESET_SBR, GPU_RESET_REFUSE };

#define GPU_Q_COMPANION BIT(0) /* functions of the same slot move with function 0 */
#define GPU_Q_NO_FLR	BIT(1) /* FLR advertised but not to be used */
#define GPU_Q_NO_SBR	BIT(2) /* secondary bus reset breaks the device */
#define GPU_Q_NO_RESET	BIT(3) /* no reset works: refuse to pass it between owners */

struct gpu_quirk {
	uint16_t vendor;
	uint32_t class_code, class_mask;
	uint16_t dev_lo, dev_hi; /* PCI_ANY_DEVICE for both: every device id */
	unsigned flags;
	const char *reason;
};

/* The first entry matching vendor, class and device (specific entries first), or NULL. */
const struct gpu_quirk *gpu_quirk_find(uint16_t vendor, uint16_t device, uint32_t class_code);
/* pci_reset_filter_fn from the table: gpu_init registers it with pci_set_reset_filter. */
unsigned gpu_reset_filter(const struct pci_dev *d, unsigned allowed, const char **why);

#define GPU_MAX_COMPANIONS 4

struct gpu_pt_plan {
	struct pci_dev *gpu;
	struct pci_dev *companion[GPU_MAX_COMPANIONS]; /* HDMI audio and other functions */
	unsigned ncompanion;
	const struct gpu_quirk *quirk;
	enum gpu_reset reset;
	const char *reset_why;
	uint64_t large_bar_bytes; /* 64-bit prefetchable BARs, summed */
	bool has_rom;
};

/* What passing d (a display function, or its audio sibling) through means. */
int gpu_pt_plan(struct pci_dev *d, struct gpu_pt_plan *p);
/* Assign the GPU and its companions to domain together; -EOPNOTSUPP when no
 * reset works between owners; on failure nothing changes owner. */
int gpu_pt_assign(struct pci_dev *d, uint16_t domain);
const char *gpu_reset_name(enum gpu_reset r);
void gpu_pt_report(const struct gpu_pt_plan *p);

/* ---- DISPI (drivers/gpu/bochs.c): QEMU VBE registers in BAR2 at 0x500 ---- */
#define DISPI_MMIO_OFF	   0x500
#define DISPI_INDEX_ID	   0x0
#define DISPI_INDEX_XRES   0x1
#define DISPI_INDEX_YRES   0x2
#define DISPI_INDEX_BPP	   0x3
#define DISPI_INDEX_ENABLE 0x4
#define DISPI_INDEX_BANK   0x5
#define DISPI_INDEX_VIRT_W 0x6
#define DISPI_INDEX_VIRT_H 0x7
#define DISPI_INDEX_X_OFF  0x8
#define DISPI_INDEX_Y_OFF  0x9
#define DISPI_INDEX_VIDMEM 0xa /* in 64 KiB units */
#define DISPI_ID0	   0xb0c0
#define DISPI_ID5	   0xb0c5
#define DISPI_ENABLED	   BIT(0)
#define DISPI_GETCAPS	   BIT(1)
#define DISPI_8BIT_DAC	   BIT(5)
#define DISPI_LFB_ENABLED  BIT(6)
#define DISPI_NOCLEARMEM   BIT(7)
#define GPU_EDID_MMIO_OFF  0x000
#define GPU_VGA_MMIO_OFF   0x400 /* VGA ports 0x3c0-0x3df mirrored here */
#define GPU_MMIO_MIN_SIZE  0x600

/* ---- UEFI Graphics Output Protocol framebuffer (drivers/gpu/gop.c; UEFI 2.10 12.9) ---- */
/* EFI_GRAPHICS_PIXEL_FORMAT (12.9.2.1). */
enum gop_pixel_format {
	GOP_PIXEL_RGBX8 = 0, /* PixelRedGreenBlueReserved8BitPerColor: byte 0 red */
	GOP_PIXEL_BGRX8 = 1, /* PixelBlueGreenRedReserved8BitPerColor: byte 0 blue */
	GOP_PIXEL_BITMASK = 2,
	GOP_PIXEL_BLT_ONLY = 3, /* no framebuffer: Blt() only */
	GOP_PIXEL_FORMAT_MAX = 4,
};

#define GOP_MAX_DIM 8192 /* pixels per side accepted (a pitch fits screen_info's 16 bits) */

/* EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE and its Info, as firmware filled them (12.9.2). */
struct gop_mode {
	uint32_t mode, max_mode;
	uint32_t width, height, format, ppsl; /* ppsl: PixelsPerScanLine */
	uint32_t mask_r, mask_g, mask_b, mask_x;
	uint64_t fb_base, fb_size;
};

/* Check m and describe its framebuffer in out (out->base NULL: the caller maps it):
 * 0; -ENODEV (PixelBltOnly: no framebuffer); -EINVAL (a value out of range or
 * inconsistent); -ENOTSUP (a PixelBitMask layout the fb code cannot draw). *why
 * names the rule for the log. */
int gop_mode_to_fb(const struct gop_mode *m, struct fb *out, const char **why);
/* "bgrx8888", "rgbx8888", "r5g6b5", "bitmask r%x g%x b%x", "blt-only" into buf. */
const char *gop_format_name(const struct gop_mode *m, char *buf, size_t len);

/* Linux x86 boot params (zero page, bp[0..BP_SIZE)): screen_info for efifb
 * (VIDEO_TYPE_EFI, lfb_*, channel sizes/positions) from a checked mode. */
#define GOP_SCREEN_INFO_LEN 0x40
void gop_screen_info_fill(uint8_t *si, const struct gop_mode *m, const struct fb *fb);

/* drivers/gpu/gop_display.c. Arch, before ExitBootServices: the GOP mode found
 * (mode_set: vmplat chose it); 0 or gop_mode_to_fb's error (then not used). */
int gpu_gop_record(const struct gop_mode *m, bool mode_set);
/* Linux handoff: fill screen_info (zero page offset 0) when the GOP framebuffer is
 * still what the screen shows; 0, -ENODEV (no such display), -EEXIST (bp has another). */
int gpu_gop_screen_info(uint8_t *bp);

/* ---- display functions (drivers/gpu/gpu_init.c) ---- */
#define GPU_MAX 4

struct gpu {
	struct pci_dev *pci; /* NULL for the GOP framebuffer */
	const struct gpu_quirk *quirk;
	bool dispi; /* QEMU bochs-display / VGA */
	bool gop;   /* the UEFI GOP framebuffer: fb only, no registers */
	volatile uint8_t *regs;
	uint8_t *vram;
	paddr_t vram_pa;
	uint64_t vram_size;
	uint16_t dispi_id, max_w, max_h, max_bpp;
	int edid_rc;
	struct edid_info edid;
	int rom_rc;
	long rom_len;
	struct pci_rom_info rom;
	struct fb fb; /* current mode; fb.base NULL when none is set */
};

extern struct gpu gpus[GPU_MAX];
extern unsigned gpu_count;

int gpu_init(void);
/* The first GPU with DISPI (a native driver), or NULL. */
struct gpu *gpu_primary(void);
/* The display the console draws on: gpu_primary(), else the GOP framebuffer, or NULL. */
struct gpu *gpu_console_display(void);
/* After the PCI displays: the GOP framebuffer as a display; the console on it
 * when native is NULL (no DISPI display owns the screen). */
void gpu_gop_attach(struct gpu *native);
/* Map [pa, pa+size) write-combining (page-aligned pa); NULL on failure (logged). */
void *gpu_map_wc(paddr_t pa, uint64_t size);
/* DISPI: set w x h x bpp with the linear framebuffer; 0 or -errno (-EINVAL: not possible). */
int gpu_set_mode(struct gpu *g, unsigned w, unsigned h, unsigned bpp);
int gpu_dispi_probe(struct gpu *g);
uint16_t gpu_dispi_read(struct gpu *g, unsigned index);
/* Modes offered: the EDID's that fit the DISPI limits and VRAM, or a built-in list. */
unsigned gpu_modes(struct gpu *g, struct edid_mode *out, unsigned max);
/* Colour bars in the top half and text below, the console in the rest. */
int gpu_pattern(struct gpu *g);
void gpu_splash(struct gpu *g);
/* The framebuffer console: off before a mode change, then on over the whole screen. */
void gpu_console_off(void);
void gpu_console_on(struct gpu *g);
void gpu_report(void);

/* Test-pattern bars (left to right), XRGB: shared with the QEMU scenario. */
#define GPU_PATTERN_BARS 8
extern const uint32_t gpu_pattern_colors[GPU_PATTERN_BARS];

#endif
