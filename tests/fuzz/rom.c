// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the PCI expansion ROM walker (drivers/gpu/rom.c;
 * PCI Firmware 3.0, 5.1): the input as the bytes read from a ROM BAR, for
 * the vendor/device its first PCIR names (so images are not refused early)
 * and for another function. Images lie inside the ROM, in order, and an
 * error comes with its reason. Seeds: SeaBIOS's VGA ROMs, an EFI image.
 *   build/fuzz/rom -max_total_time=60 build/fuzz/corpus-rom tests/fuzz/corpus/rom
 */
#include <vmplat/gpu.h>
#include "fuzz.h"

static void check(const uint8_t *rom, size_t len, uint16_t vendor, uint16_t device)
{
	struct pci_rom_info info;
	uint32_t end = 0;

	if (pci_rom_parse(rom, len, vendor, device, &info)) {
		FUZZ_CHECK(info.err != NULL);
		return;
	}
	FUZZ_CHECK(info.nimg >= 1 && info.nimg <= PCI_ROM_MAX_IMAGES);
	for (unsigned i = 0; i < info.nimg; i++) {
		const struct pci_rom_image *im = &info.img[i];

		FUZZ_CHECK(im->off == end && im->len && im->len <= len - im->off);
		FUZZ_CHECK(pci_rom_code_name(im->code_type) != NULL);
		end = im->off + im->len;
	}
	FUZZ_CHECK(info.img[info.nimg - 1].last);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t vendor = 0x1234, device = 0x1111;

	/* PCIR pointer at 0x18, vendor/device at PCIR + 4 (5.1.1, 5.1.2). */
	if (size >= 0x1a) {
		size_t pcir = le16_get(data + 0x18);

		if (pcir + 8 <= size) {
			vendor = le16_get(data + pcir + 4);
			device = le16_get(data + pcir + 6);
		}
	}
	check(data, size, vendor, device);
	check(data, size, (uint16_t)(vendor + 1), device);
	return 0;
}
