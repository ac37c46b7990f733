// SPDX-License-Identifier: MIT
/*
 * The ESP's boot entries, read while boot services exist (vmplat exits them
 * early): esp_ops over the EFI_SIMPLE_FILE_SYSTEM_PROTOCOL of the volume
 * vmplat was loaded from (UEFI 2.10, 13.4 and 13.5: OpenVolume, Open with
 * '\\' paths, GetInfo for EFI_FILE_INFO, Read in chunks, directory entries by
 * Read on a directory handle). The files land in one AllocatePages block
 * (EfiLoaderData below 4 GiB, inside the boot identity map) carved out of the
 * memory map as reserved, so the page allocator never hands it out.
 * boot/esp_entries.c decides what to read and keeps the table.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>

#include "efi_glue.h"

#define ESP_READ_CHUNK	(1u * MiB)
#define ESP_MAX_DIRENTS 1024u /* directory entries looked at in /loader/entries */
#define ESP_NAME_MAX	255u  /* FAT long names (FAT32 spec 1.03, section 7) */
#define ESP_ALLOC_BELOW (4ull * GiB)

/* EFI_FILE_INFO with room for the longest name, aligned for its UINT64s. */
union esp_info {
	EFI_FILE_INFO info;
	uint64_t raw[(offsetof(EFI_FILE_INFO, FileName) + (ESP_NAME_MAX + 1) * sizeof(CHAR16) + 7) /
		     8];
};

static int efi_errno(EFI_STATUS s)
{
	return s == EFI_NOT_FOUND ? -ENOENT : s == EFI_OUT_OF_RESOURCES ? -ENOMEM : -EIO;
}

/* "/loader/x.conf" -> L"\\loader\\x.conf" (UEFI 2.10, 13.5.2); ASCII names only. */
static int to_ucs2(const char *path, CHAR16 *out, size_t n)
{
	size_t i;

	for (i = 0; path[i]; i++) {
		if (i + 1 >= n || (uint8_t)path[i] >= 0x80)
			return -EINVAL;
		out[i] = path[i] == '/' ? L'\\' : (CHAR16)path[i];
	}
	out[i] = 0;
	return 0;
}

static int open_path(EFI_FILE_HANDLE root, const char *path, EFI_FILE_HANDLE *h)
{
	CHAR16 w[BOOT_FIELD_MAX];
	EFI_STATUS s;

	if (to_ucs2(path, w, ARRAY_SIZE(w))) {
		log_err("boot: esp: %s: only ASCII paths are supported", path);
		return -EINVAL;
	}
	s = root->Open(root, h, w, EFI_FILE_MODE_READ, 0);
	return s == EFI_SUCCESS ? 0 : efi_errno(s);
}

static int file_info(EFI_FILE_HANDLE h, union esp_info *fi)
{
	EFI_GUID guid = EFI_FILE_INFO_ID;
	UINTN size = sizeof(*fi);
	EFI_STATUS s = h->GetInfo(h, &guid, &size, fi);

	return s == EFI_SUCCESS ? 0 : efi_errno(s);
}

static int esp_size(void *ctx, const char *path, uint64_t *size)
{
	union esp_info fi;
	EFI_FILE_HANDLE h;
	int rc = open_path(ctx, path, &h);

	if (rc)
		return rc;
	rc = file_info(h, &fi);
	if (!rc && (fi.info.Attribute & EFI_FILE_DIRECTORY))
		rc = -EISDIR;
	if (!rc)
		*size = fi.info.FileSize;
	h->Close(h);
	return rc;
}

/* Read exactly size bytes; a shorter file (changed since GetInfo) is -EIO. */
static int esp_read(void *ctx, const char *path, void *buf, uint64_t size)
{
	uint64_t off = 0;
	EFI_FILE_HANDLE h;
	int rc = open_path(ctx, path, &h);

	if (rc)
		return rc;
	while (!rc && off < size) {
		UINTN n = (UINTN)MIN(ESP_READ_CHUNK, size - off);
		EFI_STATUS s = h->Read(h, &n, (uint8_t *)buf + off);

		if (s != EFI_SUCCESS || !n) {
			log_err("boot: esp: %s: read stopped at byte %llu of %llu (status %#llx)",
				path, (unsigned long long)off, (unsigned long long)size,
				(unsigned long long)s);
			rc = -EIO;
		}
		off += n;
	}
	h->Close(h);
	return rc;
}

/* A directory entry's name as ASCII; false for names this side cannot use. */
static bool ascii_name(const EFI_FILE_INFO *info, char *out, size_t n)
{
	size_t i;

	for (i = 0; i < ESP_NAME_MAX && info->FileName[i]; i++) {
		if (i + 1 >= n || info->FileName[i] >= 0x80)
			return false;
		out[i] = (char)info->FileName[i];
	}
	out[i] = '\0';
	return i > 0;
}

/* Directory entries come one EFI_FILE_INFO per Read; size 0 ends (UEFI 2.10, 13.5.4). */
static int esp_list(void *ctx, const char *dir, int (*fn)(void *arg, const char *name), void *arg)
{
	char name[ESP_NAME_MAX + 1];
	union esp_info fi;
	EFI_FILE_HANDLE h;
	unsigned i;
	int rc = open_path(ctx, dir, &h);

	if (rc)
		return rc;
	rc = file_info(h, &fi);
	if (!rc && !(fi.info.Attribute & EFI_FILE_DIRECTORY))
		rc = -ENOTDIR;
	for (i = 0; !rc && i < ESP_MAX_DIRENTS; i++) {
		UINTN n = sizeof(fi);
		EFI_STATUS s = h->Read(h, &n, &fi);

		if (s != EFI_SUCCESS) {
			log_err("boot: esp: %s: directory read failed (status %#llx)", dir,
				(unsigned long long)s);
			rc = -EIO;
		} else if (!n) {
			break;
		} else if (!(fi.info.Attribute & EFI_FILE_DIRECTORY) &&
			   ascii_name(&fi.info, name, sizeof(name))) {
			rc = fn(arg, name);
		}
	}
	if (i == ESP_MAX_DIRENTS)
		log_warn("boot: esp: %s: more than %u directory entries, the rest ignored", dir,
			 ESP_MAX_DIRENTS);
	h->Close(h);
	return rc;
}

static void *esp_alloc(void *ctx, uint64_t size)
{
	EFI_PHYSICAL_ADDRESS pa = ESP_ALLOC_BELOW - 1;
	uint64_t pages = DIV_ROUND_UP(size, PAGE_SIZE);
	EFI_STATUS s;

	(void)ctx;
	s = efi_st->BootServices->AllocatePages(AllocateMaxAddress, EfiLoaderData, pages, &pa);
	if (s != EFI_SUCCESS) {
		log_err("boot: esp: AllocatePages of %llu pages failed (status %#llx)",
			(unsigned long long)pages, (unsigned long long)s);
		return NULL;
	}
	x86_memmap_carve(pa, pages * PAGE_SIZE, MEM_RESERVED);
	return (void *)(uintptr_t)pa;
}

void x86_efi_esp_read(EFI_LOADED_IMAGE *li)
{
	EFI_GUID guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *sfs = NULL;
	EFI_FILE_HANDLE root = NULL;
	uint64_t t0 = timestamp_ns(), bytes = 0;
	int n;

	if (!li ||
	    efi_st->BootServices->HandleProtocol(li->DeviceHandle, &guid, (void **)&sfs) !=
		    EFI_SUCCESS ||
	    sfs->OpenVolume(sfs, &root) != EFI_SUCCESS) {
		log_info("boot: esp: the loading volume has no file system: no ESP entries");
		return;
	}
	n = esp_collect(&(struct esp_ops){ root, esp_list, esp_size, esp_read, esp_alloc });
	root->Close(root);
	if (n == -ENOENT)
		return; /* no /loader/entries: nothing to say */
	for (unsigned i = 0; i < esp_count(); i++)
		bytes += esp_at(i)->size;
	if (n >= 0)
		log_info("boot: esp: %d files, %llu bytes read before ExitBootServices in %llu ms",
			 n, (unsigned long long)bytes,
			 (unsigned long long)((timestamp_ns() - t0) / NSEC_PER_MSEC));
}
