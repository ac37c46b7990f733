// SPDX-License-Identifier: MIT
/*
 * What a Linux kernel needs from UEFI after vmplat left boot services: the
 * memory map ExitBootServices was called with (efi_info + e820), the system
 * table, and the systemd Boot Loader Interface variables set through the
 * runtime services (UEFI 2.10, 8.2 SetVariable; runtime services stay
 * callable in physical mode until SetVirtualAddressMap).
 *
 * memmap.c keeps the map ExitBootServices was called with and the system
 * table (x86_efi_memmap, x86_efi_systab); both are checked again here (the
 * descriptors against the RAM total, the table's signature and header CRC,
 * UEFI 2.10 4.2/4.3) before a kernel is told about them.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>

#include "../boot/linux_x86_64.h"
#include "efi_glue.h"
#include "linux_handoff.h"
#include "x86_64.h"

#define RT_SIGNATURE 0x56524553544e5552ULL /* "RUNTSERV" */
/*
 * systemd-boot sets these volatile (BS|RT) before ExitBootServices. After it,
 * UEFI 2.10 8.2 lets SetVariable create only non-volatile runtime variables
 * (volatile ones are read-only then): vmplat has left boot services, so NV.
 */
#define VAR_ATTR \
	(EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)
#define VAR_MAX_CHARS 64

/* The map ExitBootServices was given, checked: its length, 0 when inconsistent. */
static size_t raw_map(const uint8_t **buf, size_t *desc_size, uint32_t *version)
{
	size_t size, len;
	uint64_t ram;

	*buf = x86_efi_memmap(&size, desc_size, version);
	if (!*buf)
		return 0;
	len = efi_map_valid_len(*buf, size, *desc_size, &ram);
	if (len != size || ram != platform.ram_bytes) {
		log_warn("efi: the ExitBootServices memory map is inconsistent (%zu of %zu bytes, "
			 "%llu MiB RAM vs %llu MiB)",
			 len, size, (unsigned long long)(ram / MiB),
			 (unsigned long long)(platform.ram_bytes / MiB));
		return 0;
	}
	return len;
}

static bool rt_ok(const EFI_SYSTEM_TABLE *st)
{
	const uint8_t *rt = (const uint8_t *)st->RuntimeServices;

	return rt && le64_get(rt) == RT_SIGNATURE && st->Hdr.Revision >> 16 >= 2;
}

/* The system table vmplat was started with, if its signature and header CRC still hold. */
static EFI_SYSTEM_TABLE *find_systab(void)
{
	EFI_SYSTEM_TABLE *st = x86_efi_systab();

	if (!st || efi_systab_find((const uint8_t *)st, st->Hdr.HeaderSize) != 0 || !rt_ok(st))
		return NULL;
	return st;
}

/* Without the raw map: e820 from platform.mem (ACPI NVS and reclaim both as ACPI). */
static int e820_from_platform(struct e820_table *t)
{
	t->n = 0;
	for (unsigned i = 0; i < platform.nmem; i++) {
		const struct mem_region *r = &platform.mem[i];
		uint32_t type = r->type == MEM_USABLE || r->type == MEM_IMAGE ? E820_RAM :
				r->type == MEM_ACPI			      ? E820_ACPI :
										E820_RESERVED;
		int rc;

		if (r->type == MEM_MMIO)
			continue;
		rc = e820_add(t, r->base, r->size, type);
		if (rc)
			return rc;
	}
	return 0;
}

int arch_linux_efi_info(struct bp_efi *efi, struct e820_table *e820)
{
	const uint8_t *buf;
	size_t desc = 0;
	uint32_t version = 0;
	size_t len = raw_map(&buf, &desc, &version);
	EFI_SYSTEM_TABLE *st = find_systab();
	int rc;

	memset(efi, 0, sizeof(*efi));
	if (!len || !st) {
		if (!st)
			log_warn("efi: no system table found in runtime-services memory");
		rc = e820_from_platform(e820);
		return rc ? rc : -ENOENT;
	}
	rc = e820_from_efi_map(e820, buf, len, desc);
	if (rc) {
		log_err("efi: memory map does not fit the zero page's e820 table (%d)", rc);
		return rc;
	}
	efi->systab = (uint64_t)(uintptr_t)st;
	efi->memmap = (uint64_t)(uintptr_t)buf; /* inside vmplat's image: LoaderData */
	efi->memmap_size = (uint32_t)len;
	efi->desc_size = (uint32_t)desc;
	efi->desc_version = version;
	log_info("efi: handing on the memory map (%u descriptors of %u bytes), system table at "
		 "%#llx",
		 (unsigned)(len / desc), (unsigned)desc, (unsigned long long)efi->systab);
	return 0;
}

/* One Boot Loader Interface variable: a UTF-16 string, NUL included (systemd BLI). */
static EFI_STATUS set_string(EFI_SYSTEM_TABLE *st, const CHAR16 *name, const char *val)
{
	static EFI_GUID vendor = {
		0x4a67b082, 0x0a4c, 0x41cf, { 0xb6, 0xc7, 0x44, 0x0b, 0x29, 0xbb, 0x8c, 0x4f }
	};
	CHAR16 w[VAR_MAX_CHARS];
	size_t n = 0;

	for (; val[n] && n + 1 < ARRAY_SIZE(w); n++)
		w[n] = (unsigned char)val[n];
	w[n++] = 0;
	return st->RuntimeServices->SetVariable((CHAR16 *)name, &vendor, VAR_ATTR,
						n * sizeof(CHAR16), w);
}

static void u64_dec(char *buf, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < (int)sizeof(tmp));
	while (n)
		*buf++ = tmp[--n];
	*buf = 0;
}

/*
 * Runs on the boot identity map (runtime code is executable there, not in
 * vmplat's W^X map) with interrupts off. Times are microseconds since reset,
 * from the TSC, as systemd-boot counts them. Returns the first failure.
 */
EFI_STATUS x86_efi_set_loader_vars(uint64_t init_us, uint64_t exec_us, const char *info)
{
	EFI_SYSTEM_TABLE *st = find_systab();
	char num[24];
	EFI_STATUS s;

	if (!st)
		return EFI_NOT_FOUND;
	u64_dec(num, init_us);
	s = set_string(st, L"LoaderTimeInitUSec", num);
	u64_dec(num, exec_us);
	if (s == EFI_SUCCESS)
		s = set_string(st, L"LoaderTimeExecUSec", num);
	if (s == EFI_SUCCESS)
		s = set_string(st, L"LoaderInfo", info);
	return s;
}
