// SPDX-License-Identifier: MIT
/*
 * Expansion ROM image chain validation (PCI Firmware Specification 3.0,
 * 5.1: ROM header 5.1.1, PCI Data Structure 5.1.2; EFI images UEFI 2.10,
 * 14.4.2). Portable: works on a copy of the ROM, host-tested with
 * synthetic images; the firmware copies the ROM out with pci_rom_read().
 */
#include <errno.h>
#include <string.h>
#include <vmplat/gpu.h>

#define ROM_SIG		0xaa55 /* bytes 55 AA */
#define ROM_HDR_LEN	0x1a
#define ROM_PCIR_PTR	0x18
#define ROM_EFI_SIG	0x0ef1 /* EFI PCI expansion ROM header (UEFI 2.10, 14.4.2) */
#define ROM_EFI_SIG_OFF 0x04
#define ROM_EFI_SUBSYS	0x08
#define ROM_EFI_MACHINE 0x0a
#define ROM_UNIT	512

#define PCIR_VENDOR	 0x04
#define PCIR_DEVICE	 0x06
#define PCIR_DEVLIST	 0x08 /* PCI FW 3.0: device list pointer, from the PCIR start */
#define PCIR_LEN	 0x0a
#define PCIR_REV	 0x0c
#define PCIR_CLASS	 0x0d
#define PCIR_IMG_LEN	 0x10 /* 512-byte units */
#define PCIR_CODE_TYPE	 0x14
#define PCIR_INDICATOR	 0x15
#define PCIR_LAST	 BIT(7)
#define PCIR_MIN_LEN	 0x18
#define PCIR_DEVLIST_MAX 64 /* entries looked at before the 0 terminator */

const char *pci_rom_code_name(uint8_t t)
{
	switch (t) {
	case PCI_ROM_CODE_X86:
		return "x86";
	case PCI_ROM_CODE_OF:
		return "openfirmware";
	case 0x02:
		return "hp-pa";
	case PCI_ROM_CODE_EFI:
		return "efi";
	}
	return "other";
}

static int fail(struct pci_rom_info *out, int rc, const char *why, size_t off)
{
	out->err = why;
	out->bad_off = off;
	return rc;
}

/* PCI FW 3.0 5.1.2: the PCIR device id, or one in the device list (revision 3). */
static bool device_matches(const uint8_t *rom, size_t len, size_t pcir, uint16_t device)
{
	uint16_t list = le16_get(rom + pcir + PCIR_DEVLIST);

	if (le16_get(rom + pcir + PCIR_DEVICE) == device)
		return true;
	if (rom[pcir + PCIR_REV] < 3 || !list)
		return false;
	for (size_t i = 0, p = pcir + list; i < PCIR_DEVLIST_MAX && p + 2 <= len; i++, p += 2) {
		uint16_t id = le16_get(rom + p);

		if (!id)
			break;
		if (id == device)
			return true;
	}
	return false;
}

static bool sums_to_zero(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum == 0;
}

/* One image at off; fills img and returns 0 or -errno. */
static int parse_image(const uint8_t *rom, size_t len, size_t off, uint16_t vendor, uint16_t device,
		       struct pci_rom_info *out, struct pci_rom_image *img)
{
	const uint8_t *h = rom + off;
	size_t pcir, plen;

	if (len - off < ROM_HDR_LEN)
		return fail(out, -EINVAL, "image header truncated", off);
	if (le16_get(h) != ROM_SIG)
		return fail(out, -EINVAL, "no 55 AA signature (5.1.1)", off);
	pcir = le16_get(h + ROM_PCIR_PTR);
	if (pcir < ROM_HDR_LEN || off + pcir + PCIR_MIN_LEN > len)
		return fail(out, -EINVAL, "PCIR pointer outside the ROM (5.1.1)",
			    off + ROM_PCIR_PTR);
	pcir += off;
	if (memcmp(rom + pcir, "PCIR", 4))
		return fail(out, -EINVAL, "no PCIR signature (5.1.2)", pcir);
	plen = le16_get(rom + pcir + PCIR_LEN);
	if (plen < PCIR_MIN_LEN || pcir + plen > len)
		return fail(out, -EINVAL, "PCIR structure length invalid (5.1.2)", pcir + PCIR_LEN);
	img->off = (uint32_t)off;
	img->len = (uint32_t)le16_get(rom + pcir + PCIR_IMG_LEN) * ROM_UNIT;
	if (!img->len || img->len > len - off)
		return fail(out, -EINVAL, "image length zero or past the ROM (5.1.2)",
			    pcir + PCIR_IMG_LEN);
	if (pcir + plen > off + img->len)
		return fail(out, -EINVAL, "PCIR structure outside its image", pcir);
	img->vendor = le16_get(rom + pcir + PCIR_VENDOR);
	img->device = le16_get(rom + pcir + PCIR_DEVICE);
	img->class_code = le32_get(rom + pcir + PCIR_CLASS - 1) >> 8;
	img->pcir_rev = rom[pcir + PCIR_REV];
	img->code_type = rom[pcir + PCIR_CODE_TYPE];
	img->last = rom[pcir + PCIR_INDICATOR] & PCIR_LAST;
	if (img->vendor != vendor)
		return fail(out, -ENODEV, "PCIR vendor id is not the function's",
			    pcir + PCIR_VENDOR);
	if (!device_matches(rom, len, pcir, device))
		return fail(out, -ENODEV, "PCIR device id is not the function's",
			    pcir + PCIR_DEVICE);
	img->checksum_ok = sums_to_zero(h, img->len);
	if (img->code_type == PCI_ROM_CODE_EFI && le32_get(h + ROM_EFI_SIG_OFF) == ROM_EFI_SIG) {
		img->efi_subsystem = le16_get(h + ROM_EFI_SUBSYS);
		img->efi_machine = le16_get(h + ROM_EFI_MACHINE);
	}
	return 0;
}

int pci_rom_parse(const uint8_t *rom, size_t len, uint16_t vendor, uint16_t device,
		  struct pci_rom_info *out)
{
	size_t off = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!rom || !len)
		return fail(out, -EINVAL, "empty ROM", 0);
	/* Bounded walk: each image advances by its nonzero length (5.1.2, Indicator). */
	while (out->nimg < PCI_ROM_MAX_IMAGES) {
		struct pci_rom_image *img = &out->img[out->nimg];

		rc = parse_image(rom, len, off, vendor, device, out, img);
		if (rc)
			return rc;
		out->nimg++;
		if (img->last)
			return 0;
		off += img->len;
		if (off >= len)
			return fail(out, -EINVAL, "no last-image indicator before the ROM ends",
				    img->off);
	}
	return fail(out, -ELOOP, "more images than PCI_ROM_MAX_IMAGES", off);
}
