// SPDX-License-Identifier: MIT
/*
 * Expansion ROM chain validation (drivers/gpu/rom.c; PCI Firmware 3.0,
 * 5.1.1 ROM header, 5.1.2 PCI Data Structure) on synthetic ROMs.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/gpu.h>
#include "gpu_tests.h"

#define VEN	0x10de
#define DEV	0x1eb8
#define PCIR_AT 0x1c

static uint8_t rom[16 * 1024];

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* One image at off: 55 AA, PCIR at +0x1c, len512 units, code type, last flag. */
static void image(size_t off, unsigned len512, uint8_t code, bool last)
{
	uint8_t *h = rom + off, *p = h + PCIR_AT;

	h[0] = 0x55;
	h[1] = 0xaa;
	put16(h + 0x18, PCIR_AT);
	memcpy(p, "PCIR", 4);
	put16(p + 4, VEN);
	put16(p + 6, DEV);
	put16(p + 0xa, 0x18);
	p[0xc] = 0;
	p[0xd] = 0x00; /* prog-if, sub, base: 03 00 00 */
	p[0xe] = 0x00;
	p[0xf] = 0x03;
	put16(p + 0x10, (uint16_t)len512);
	p[0x14] = code;
	p[0x15] = last ? 0x80 : 0;
}

static void checksum(size_t off, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len - 1; i++)
		sum = (uint8_t)(sum + rom[off + i]);
	rom[off + len - 1] = (uint8_t)-sum;
}

static void two_images(void)
{
	memset(rom, 0, sizeof(rom));
	image(0, 4, PCI_ROM_CODE_X86, false);
	checksum(0, 4 * 512);
	image(4 * 512, 8, PCI_ROM_CODE_EFI, true);
	put16(rom + 4 * 512 + 4, 0x0ef1); /* EFI signature (UEFI 2.10, 14.4.2) */
	put16(rom + 4 * 512 + 8, 0x000b); /* boot service driver */
	put16(rom + 4 * 512 + 0xa, 0x8664);
}

void test_rom_two_images_x86_and_efi(void **state)
{
	struct pci_rom_info info;

	(void)state;
	two_images();
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), 0);
	assert_int_equal(info.nimg, 2);
	assert_int_equal(info.img[0].off, 0);
	assert_int_equal(info.img[0].len, 2048);
	assert_int_equal(info.img[0].code_type, PCI_ROM_CODE_X86);
	assert_true(info.img[0].checksum_ok);
	assert_false(info.img[0].last);
	assert_int_equal(info.img[0].class_code, 0x030000);
	assert_int_equal(info.img[1].off, 2048);
	assert_int_equal(info.img[1].code_type, PCI_ROM_CODE_EFI);
	assert_int_equal(info.img[1].efi_machine, 0x8664);
	assert_int_equal(info.img[1].efi_subsystem, 0x000b);
	assert_true(info.img[1].last);
	rom[100] ^= 1; /* the x86 image's checksum now fails: reported, not fatal */
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), 0);
	assert_false(info.img[0].checksum_ok);
}

void test_rom_without_signature_is_refused(void **state)
{
	struct pci_rom_info info;

	(void)state;
	two_images();
	rom[2048 + 1] = 0xbb; /* second image */
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
	assert_int_equal(info.bad_off, 2048);
	assert_non_null(strstr(info.err, "55 AA"));
	memset(rom, 0xff, sizeof(rom)); /* ROM decode off: all-ones */
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
	assert_int_equal(pci_rom_parse(rom, 0, VEN, DEV, &info), -EINVAL);
}

void test_rom_pcir_pointer_outside_is_refused(void **state)
{
	struct pci_rom_info info;

	(void)state;
	two_images();
	put16(rom + 0x18, 0xfff0); /* past the 16 KiB ROM */
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
	assert_int_equal(info.bad_off, 0x18);
	put16(rom + 0x18, 0x04); /* into the header itself */
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
	two_images();
	assert_int_equal(pci_rom_parse(rom, 0x20, VEN, DEV, &info), -EINVAL); /* truncated copy */
}

void test_rom_pcir_signature_and_length_checked(void **state)
{
	struct pci_rom_info info;

	(void)state;
	two_images();
	rom[PCIR_AT + 3] = 'X';
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
	assert_int_equal(info.bad_off, PCIR_AT);
	two_images();
	put16(rom + PCIR_AT + 0xa, 0x10); /* shorter than the 0x18 structure */
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
	assert_int_equal(info.bad_off, PCIR_AT + 0xa);
}

void test_rom_other_vendor_or_device_is_refused(void **state)
{
	struct pci_rom_info info;

	(void)state;
	two_images();
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), 0x1002, DEV, &info), -ENODEV);
	assert_int_equal(info.bad_off, PCIR_AT + 4);
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, 0x2204, &info), -ENODEV);
	assert_int_equal(info.bad_off, PCIR_AT + 6);
}

void test_rom_device_list_of_pcir_rev3_matches(void **state)
{
	struct pci_rom_info info;

	(void)state;
	two_images();
	rom[PCIR_AT + 0xc] = 3;		     /* PCIR revision 3 */
	put16(rom + PCIR_AT + 8, 0x40);	     /* device list at PCIR + 0x40 */
	put16(rom + PCIR_AT + 0x40, 0x2204); /* ids 2204, 2206, 0 */
	put16(rom + PCIR_AT + 0x42, 0x2206);
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, 0x2206, &info),
			 -ENODEV); /* image 1 */
	rom[2048 + PCIR_AT + 0xc] = 3;
	put16(rom + 2048 + PCIR_AT + 8, 0x40);
	put16(rom + 2048 + PCIR_AT + 0x40, 0x2206);
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, 0x2206, &info), 0);
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, 0x2208, &info), -ENODEV);
}

void test_rom_image_length_zero_or_past_end_refused(void **state)
{
	struct pci_rom_info info;

	(void)state;
	two_images();
	put16(rom + PCIR_AT + 0x10, 0);
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
	assert_int_equal(info.bad_off, PCIR_AT + 0x10);
	put16(rom + PCIR_AT + 0x10, 64); /* 32 KiB in a 16 KiB ROM */
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
}

void test_rom_chain_without_last_indicator_refused(void **state)
{
	struct pci_rom_info info;

	(void)state;
	memset(rom, 0, sizeof(rom));
	image(0, 32, PCI_ROM_CODE_X86, false); /* fills the ROM, says more follow */
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -EINVAL);
	assert_non_null(strstr(info.err, "last-image"));
}

void test_rom_chain_is_bounded(void **state)
{
	struct pci_rom_info info;

	(void)state;
	memset(rom, 0, sizeof(rom));
	for (unsigned i = 0; i < 32; i++) /* 32 images of 512 bytes, none last */
		image(i * 512, 1, PCI_ROM_CODE_X86, false);
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), -ELOOP);
	assert_int_equal(info.nimg, PCI_ROM_MAX_IMAGES);
	image(3 * 512, 1, PCI_ROM_CODE_EFI, true);
	assert_int_equal(pci_rom_parse(rom, sizeof(rom), VEN, DEV, &info), 0);
	assert_int_equal(info.nimg, 4);
}
