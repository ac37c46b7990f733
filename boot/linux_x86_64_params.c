// SPDX-License-Identifier: MIT
/*
 * The zero page of the x86 64-bit boot protocol (Documentation/arch/x86/
 * zero-page.rst, boot.rst "64-bit boot protocol"), its e820 table built from
 * the UEFI memory map the way the EFI stub does, and the EFI map/system-table
 * helpers the handoff needs. All through byte-offset accessors.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/types.h>

#include "linux_x86_64.h"

/* UEFI 2.10 table 7.10 memory types. */
enum {
	EFI_RESERVED,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BS_CODE,
	EFI_BS_DATA,
	EFI_RT_CODE,
	EFI_RT_DATA,
	EFI_CONVENTIONAL,
	EFI_UNUSABLE,
	EFI_ACPI_RECLAIM,
	EFI_ACPI_NVS,
	EFI_MMIO,
	EFI_MMIO_PORT,
	EFI_PAL_CODE,
	EFI_PERSISTENT,
	EFI_UNACCEPTED,
};

#define EFI_PAGE	4096ULL
#define SYSTAB_HDR_SIZE 24 /* Signature, Revision, HeaderSize, CRC32, Reserved */
#define SYSTAB_MAX_HDR	4096

static int __printf(4, 5) fail(int rc, char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* ---- e820 ---- */

static void e820_merge_at(struct e820_table *t, unsigned i)
{
	struct e820_ent *a = &t->ent[i], *b = &t->ent[i + 1];

	if (i + 1 >= t->n || a->type != b->type || a->addr + a->size != b->addr)
		return;
	a->size += b->size;
	memmove(b, b + 1, (t->n - i - 2) * sizeof(*b));
	t->n--;
}

int e820_add(struct e820_table *t, uint64_t addr, uint64_t size, uint32_t type)
{
	unsigned i = 0;

	if (!size || addr + size < addr)
		return -EINVAL;
	while (i < t->n && t->ent[i].addr < addr)
		i++;
	if ((i > 0 && t->ent[i - 1].addr + t->ent[i - 1].size > addr) ||
	    (i < t->n && addr + size > t->ent[i].addr))
		return -EINVAL;
	if (i > 0 && t->ent[i - 1].type == type &&
	    t->ent[i - 1].addr + t->ent[i - 1].size == addr) {
		t->ent[i - 1].size += size;
		e820_merge_at(t, i - 1);
		return 0;
	}
	if (i < t->n && t->ent[i].type == type && addr + size == t->ent[i].addr) {
		t->ent[i].addr = addr;
		t->ent[i].size += size;
		return 0;
	}
	if (t->n >= E820_MAX_ZEROPAGE)
		return -ENOSPC;
	memmove(&t->ent[i + 1], &t->ent[i], (t->n - i) * sizeof(t->ent[0]));
	t->ent[i] = (struct e820_ent){ addr, size, type };
	t->n++;
	return 0;
}

/* Same mapping as setup_e820() of the EFI stub: what the firmware or its runtime still
 * uses is reserved; boot-time and loader memory is RAM once boot services are gone. */
uint32_t e820_type_from_efi(uint32_t efi_type)
{
	switch (efi_type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BS_CODE:
	case EFI_BS_DATA:
	case EFI_CONVENTIONAL:
		return E820_RAM;
	case EFI_ACPI_RECLAIM:
		return E820_ACPI;
	case EFI_ACPI_NVS:
		return E820_NVS;
	case EFI_UNUSABLE:
		return E820_UNUSABLE;
	case EFI_PERSISTENT:
		return E820_PMEM;
	default: /* reserved, runtime code/data, MMIO, PAL, unaccepted */
		return E820_RESERVED;
	}
}

int e820_from_efi_map(struct e820_table *t, const uint8_t *map, size_t size, size_t desc_size)
{
	int rc;

	t->n = 0;
	if (desc_size < EFI_MD_MIN_SIZE || desc_size > EFI_MD_MAX_SIZE || desc_size % 8)
		return -EINVAL;
	for (size_t off = 0; off + desc_size <= size; off += desc_size) {
		const uint8_t *d = map + off;
		uint64_t pages = le64_get(d + EFI_MD_PAGES), base = le64_get(d + EFI_MD_PHYS);
		uint32_t type = le32_get(d + EFI_MD_TYPE);

		/* MMIO is not memory: the kernel learns about it from ACPI and the EFI map. */
		if (type == EFI_MMIO || type == EFI_MMIO_PORT || !pages)
			continue;
		if (pages > (~0ULL - base) / EFI_PAGE)
			return -EINVAL;
		rc = e820_add(t, base, pages * EFI_PAGE, e820_type_from_efi(type));
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- the raw UEFI memory map ---- */

static bool efi_is_ram(uint32_t type)
{
	return type != EFI_MMIO && type != EFI_MMIO_PORT && type != EFI_RESERVED &&
	       type != EFI_PAL_CODE && type != EFI_UNACCEPTED;
}

static bool overlaps_earlier(const uint8_t *buf, size_t end, size_t desc_size, uint64_t b,
			     uint64_t e)
{
	for (size_t off = 0; off < end; off += desc_size) {
		uint64_t ob = le64_get(buf + off + EFI_MD_PHYS);
		uint64_t oe = ob + le64_get(buf + off + EFI_MD_PAGES) * EFI_PAGE;

		if (b < oe && ob < e)
			return true;
	}
	return false;
}

size_t efi_map_valid_len(const uint8_t *buf, size_t bufsize, size_t desc_size, uint64_t *ram_bytes)
{
	size_t off = 0;

	*ram_bytes = 0;
	if (desc_size < EFI_MD_MIN_SIZE || desc_size > EFI_MD_MAX_SIZE || desc_size % 8)
		return 0;
	for (; off + desc_size <= bufsize; off += desc_size) {
		const uint8_t *d = buf + off;
		uint32_t type = le32_get(d + EFI_MD_TYPE);
		uint64_t base = le64_get(d + EFI_MD_PHYS), pages = le64_get(d + EFI_MD_PAGES);

		if (type > EFI_MAX_TYPE || le32_get(d + 4) || !pages || base % EFI_PAGE ||
		    pages > (~0ULL - base) / EFI_PAGE ||
		    overlaps_earlier(buf, off, desc_size, base, base + pages * EFI_PAGE))
			break;
		if (efi_is_ram(type))
			*ram_bytes += pages * EFI_PAGE;
	}
	return off;
}

/* ---- the EFI system table ---- */

/* CRC-32 of the EFI table headers (UEFI 2.10, 4.2: IEEE 802.3, reflected 0xEDB88320). */
uint32_t efi_crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = ~0u;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* The header CRC is computed with the CRC32 field itself zero (UEFI 2.10, 4.2.1). */
static bool systab_crc_ok(const uint8_t *h, size_t hdr)
{
	uint32_t want = le32_get(h + 16), crc = ~0u;
	static const uint8_t zero[4];

	for (size_t i = 0; i < hdr; i++) {
		crc ^= (i >= 16 && i < 20) ? zero[i - 16] : h[i];
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc == want;
}

long efi_systab_find(const uint8_t *mem, size_t len)
{
	for (size_t off = 0; off + SYSTAB_HDR_SIZE <= len; off += 8) {
		uint32_t hdr;

		if (le64_get(mem + off) != EFI_SYSTAB_SIGNATURE)
			continue;
		hdr = le32_get(mem + off + 12);
		if (hdr < SYSTAB_HDR_SIZE || hdr > SYSTAB_MAX_HDR || hdr > len - off)
			continue;
		if (systab_crc_ok(mem + off, hdr))
			return (long)off;
	}
	return -1;
}

/* ---- the zero page ---- */

static void put_e820(uint8_t *zp, const struct e820_table *t)
{
	for (unsigned i = 0; i < t->n; i++) {
		uint8_t *e = zp + BP_E820_TABLE + i * BP_E820_ENT_SIZE;

		le64_put(e, t->ent[i].addr);
		le64_put(e + 8, t->ent[i].size);
		le32_put(e + 16, t->ent[i].type);
	}
	zp[BP_E820_ENTRIES] = (uint8_t)t->n;
}

/* efi_info (zero-page.rst 0x1c0, struct efi_info): "EL64" says a 64-bit EFI loader. */
static void put_efi(uint8_t *zp, const struct bp_efi *efi)
{
	uint8_t *p = zp + BP_EFI_INFO;

	le32_put(p, EFI_LOADER_SIG64);
	le32_put(p + 4, (uint32_t)efi->systab);
	le32_put(p + 8, efi->desc_size);
	le32_put(p + 12, efi->desc_version);
	le32_put(p + 16, (uint32_t)efi->memmap);
	le32_put(p + 20, efi->memmap_size);
	le32_put(p + 24, (uint32_t)(efi->systab >> 32));
	le32_put(p + 28, (uint32_t)(efi->memmap >> 32));
}

static int check_args(const struct bzimage_info *bi, const struct bp_args *a, char *why, size_t wl)
{
	bool high_ok = bi->xloadflags & XLF_CAN_BE_ABOVE_4G;

	if (a->cmdline_len > bi->cmdline_size)
		return fail(-E2BIG, why, wl, "command line of %zu bytes, kernel takes %u",
			    a->cmdline_len, bi->cmdline_size);
	if (a->initrd_size && a->initrd + a->initrd_size - 1 > bi->initrd_addr_max && !high_ok)
		return fail(-ERANGE, why, wl, "initrd ends at %#llx, above initrd_addr_max %#x",
			    (unsigned long long)(a->initrd + a->initrd_size), bi->initrd_addr_max);
	if (a->initrd_size > UINT32_MAX || (!high_ok && a->cmdline > UINT32_MAX))
		return fail(-ERANGE, why, wl, "initrd or command line out of the kernel's reach");
	if (a->e820 && a->e820->n > E820_MAX_ZEROPAGE)
		return fail(-ENOSPC, why, wl, "%u e820 entries, the zero page holds %u", a->e820->n,
			    E820_MAX_ZEROPAGE);
	return 0;
}

int bzimage_boot_params(uint8_t *zp, const uint8_t *img, const struct bzimage_info *bi,
			const struct bp_args *a, char *why, size_t why_len)
{
	int rc = check_args(bi, a, why, why_len);

	if (rc)
		return rc;
	memset(zp, 0, BP_SIZE);
	/* boot.rst, 64-bit boot protocol: copy the setup header from 0x1f1 to its end. */
	memcpy(zp + BZ_SETUP_SECTS, img + BZ_SETUP_SECTS, bi->hdr_end - BZ_SETUP_SECTS);
	zp[BZ_TYPE_OF_LOADER] = BZ_LOADER_UNDEFINED;
	/* No real-mode code runs, so there is no setup heap (boot.rst loadflags). */
	zp[BZ_LOADFLAGS] = (uint8_t)(bi->loadflags & ~BZ_CAN_USE_HEAP);
	le32_put(zp + BZ_CMD_LINE_PTR, (uint32_t)a->cmdline);
	le32_put(zp + BP_EXT_CMD_LINE, (uint32_t)(a->cmdline >> 32));
	if (a->initrd_size) {
		le32_put(zp + BZ_RAMDISK_IMAGE, (uint32_t)a->initrd);
		le32_put(zp + BP_EXT_RAMDISK_IMG, (uint32_t)(a->initrd >> 32));
		le32_put(zp + BZ_RAMDISK_SIZE, (uint32_t)a->initrd_size);
	}
	le64_put(zp + BP_ACPI_RSDP, a->acpi_rsdp);
	if (a->efi)
		put_efi(zp, a->efi);
	if (a->e820)
		put_e820(zp, a->e820);
	return 0;
}
