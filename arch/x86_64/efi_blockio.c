// SPDX-License-Identifier: MIT
/*
 * UEFI BlockIo adapter (UEFI 2.10, 13.9 EFI_BLOCK_IO_PROTOCOL): while boot
 * services run, each whole-device BlockIo with media becomes a blk_dev
 * "efiN", and a sample (the first EFI_SAMPLE_BYTES) is hashed so the PCI
 * drivers' later reads of the same sectors can be compared. An
 * EVT_SIGNAL_EXIT_BOOT_SERVICES event (7.1) marks the devices gone.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/selftest.h>
#include <vmplat/sha256.h>

#include "efi_glue.h"

#define EFI_MAX_BLK	 8
#define EFI_BOUNCE	 (64 * KiB)
#define EFI_SAMPLE_BYTES (64 * KiB) /* an ISO's system area and volume descriptors */

struct efi_blk {
	struct blk_dev blk;
	EFI_BLOCK_IO *io;
	uint32_t media_id;
	bool sampled;
	uint8_t sample[SHA256_DIGEST_SIZE];
};

static struct efi_blk efi_devs[EFI_MAX_BLK];
static unsigned efi_ndevs;
static uint8_t bounce[EFI_BOUNCE] __aligned(PAGE_SIZE); /* satisfies any IoAlign <= 4 KiB */
static EFI_BOOT_SERVICES *efi_bs;

static int efi_err(struct blk_dev *d, const char *op, uint64_t lba, EFI_STATUS s)
{
	log_err("%s: BlockIo %s at lba %llu: status %#llx", d->name, op, (unsigned long long)lba,
		(unsigned long long)s);
	return s == EFI_NO_MEDIA || s == EFI_MEDIA_CHANGED ? -ENODEV : -EIO;
}

static int efi_rw(struct blk_dev *d, bool write, uint64_t lba, uint32_t count, uint8_t *p)
{
	struct efi_blk *e = d->priv;
	uint32_t per = EFI_BOUNCE / d->sector_size;

	while (count) {
		uint32_t n = MIN(count, per), len = n * d->sector_size;
		EFI_STATUS s;

		if (d->gone || !efi_bs)
			return -ENODEV; /* boot services are gone */
		if (write)
			memcpy(bounce, p, len);
		s = write ? e->io->WriteBlocks(e->io, e->media_id, lba, len, bounce) :
			    e->io->ReadBlocks(e->io, e->media_id, lba, len, bounce);
		if (s != EFI_SUCCESS)
			return efi_err(d, write ? "write" : "read", lba, s);
		if (!write)
			memcpy(p, bounce, len);
		lba += n;
		count -= n;
		p += len;
	}
	return 0;
}

static int efi_read(struct blk_dev *d, uint64_t lba, uint32_t count, void *buf)
{
	return efi_rw(d, false, lba, count, buf);
}

static int efi_write(struct blk_dev *d, uint64_t lba, uint32_t count, const void *buf)
{
	return efi_rw(d, true, lba, count, (uint8_t *)(uintptr_t)buf);
}

static int efi_flush(struct blk_dev *d)
{
	struct efi_blk *e = d->priv;

	if (d->gone || !efi_bs)
		return -ENODEV;
	return e->io->FlushBlocks(e->io) == EFI_SUCCESS ? 0 : -EIO;
}

static const struct blk_dev_ops efi_ops = { efi_read, efi_write, efi_flush };

/* ExitBootServices: from here on BlockIo must not be called (7.4). */
static VOID EFIAPI exit_boot_notify(EFI_EVENT ev, VOID *ctx)
{
	(void)ev;
	(void)ctx;
	efi_bs = NULL;
	for (unsigned i = 0; i < efi_ndevs; i++)
		efi_devs[i].blk.gone = true;
}

/* Hash the sample a few sectors at a time: the early heap is small. */
static void sample(struct efi_blk *e)
{
	uint64_t bytes = MIN(EFI_SAMPLE_BYTES, blk_bytes(&e->blk)), ss = e->blk.sector_size;
	char hex[SHA256_HEX_SIZE];
	uint8_t buf[4096];
	struct sha256_ctx c;

	sha256_init(&c);
	for (uint64_t lba = 0; lba < bytes / ss; lba += sizeof(buf) / ss) {
		uint64_t n = MIN(sizeof(buf) / ss, bytes / ss - lba);

		if (blk_read(&e->blk, lba, n, buf))
			return;
		sha256_update(&c, buf, n * ss);
	}
	sha256_final(&c, e->sample);
	e->sampled = true;
	log_info("%s: sha256 of bytes 0-%llu: %s", e->blk.name, (unsigned long long)bytes - 1,
		 sha256_hex(e->sample, hex));
}

static void add(EFI_BLOCK_IO *io)
{
	EFI_BLOCK_IO_MEDIA *m = io->Media;
	struct efi_blk *e = &efi_devs[efi_ndevs];

	/* Whole devices only: partitions are views of one of them (13.9). */
	if (!m || !m->MediaPresent || m->LogicalPartition || !blk_sector_size_ok(m->BlockSize) ||
	    m->IoAlign > PAGE_SIZE || efi_ndevs >= EFI_MAX_BLK)
		return;
	snprintf(e->blk.name, sizeof(e->blk.name), "efi%u", efi_ndevs);
	snprintf(e->blk.model, sizeof(e->blk.model), "UEFI BlockIo media %u", m->MediaId);
	e->blk.driver = "efi-blockio";
	e->blk.sector_size = m->BlockSize;
	e->blk.sectors = m->LastBlock + 1;
	e->blk.read_only = m->ReadOnly;
	e->blk.ops = &efi_ops;
	e->blk.priv = e;
	e->io = io;
	e->media_id = m->MediaId;
	if (blk_register(&e->blk))
		return;
	efi_ndevs++;
	sample(e);
}

int blk_efi_init(void *system_table)
{
	EFI_SYSTEM_TABLE *st = system_table;
	EFI_GUID guid = EFI_BLOCK_IO_PROTOCOL_GUID;
	EFI_HANDLE *handles = NULL;
	UINTN n = 0;
	EFI_EVENT ev;
	EFI_STATUS s;

	efi_bs = st->BootServices;
	s = efi_bs->CreateEvent(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_NOTIFY, exit_boot_notify, NULL,
				&ev);
	if (s != EFI_SUCCESS) {
		log_err("efi: no ExitBootServices event (status %#llx): BlockIo not used",
			(unsigned long long)s);
		efi_bs = NULL;
		return -EIO;
	}
	s = efi_bs->LocateHandleBuffer(ByProtocol, &guid, NULL, &n, &handles);
	if (s != EFI_SUCCESS)
		return 0; /* no BlockIo at all */
	for (UINTN i = 0; i < n && i < 64; i++) {
		EFI_BLOCK_IO *io = NULL;

		if (efi_bs->HandleProtocol(handles[i], &guid, (void **)&io) == EFI_SUCCESS && io)
			add(io);
	}
	efi_bs->FreePool(handles);
	log_info("efi: %u BlockIo device(s) adapted until ExitBootServices", efi_ndevs);
	return 0;
}

/* The UEFI driver's sample equals what vmplat's own driver reads from a
 * same-sized device after ExitBootServices; the adapter is gone by then. */
SELFTEST(blk_efi_matches_pci_driver)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	unsigned matched = 0;

	for (unsigned i = 0; i < efi_ndevs; i++) {
		struct efi_blk *e = &efi_devs[i];
		uint64_t bytes = MIN(EFI_SAMPLE_BYTES, blk_bytes(&e->blk));
		unsigned candidates = 0, same = 0;

		ST_CHECK(e->blk.gone, "%s not marked gone after ExitBootServices", e->blk.name);
		ST_CHECK(blk_read(&e->blk, 0, 1, bounce) == -ENODEV, "%s still reads", e->blk.name);
		for (unsigned j = 0; e->sampled && j < blk_count(); j++) {
			struct blk_dev *b = blk_get(j);

			if (b->gone || blk_bytes(b) != blk_bytes(&e->blk))
				continue;
			candidates++;
			ST_CHECK(!blk_read_bytes(b, 0, bytes, bounce), "%s: read failed", b->name);
			sha256(bounce, bytes, d);
			if (memcmp(d, e->sample, sizeof(d)))
				continue;
			same++;
			console_printf("blk: %s (UEFI BlockIo) and %s read the same %llu bytes\n",
				       e->blk.name, b->name, (unsigned long long)bytes);
		}
		ST_CHECK(!candidates || same, "%s: none of %u same-sized devices reads the same",
			 e->blk.name, candidates);
		matched += same != 0;
	}
	console_printf("blk: %u UEFI BlockIo device(s) matched by vmplat drivers\n", matched);
	return 0;
}
