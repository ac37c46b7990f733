// SPDX-License-Identifier: MIT
/*
 * Block devices (drivers/block/): a registry of sector devices with bounds
 * checked read/write/flush over per-driver ops (virtio-blk, NVMe, UEFI
 * BlockIo, a host file in tests).
 *
 *	struct blk_dev *d = blk_find("vblk0");
 *	rc = blk_read(d, lba, count, buf);	count sectors of d->sector_size
 */
#ifndef VMPLAT_BLK_H
#define VMPLAT_BLK_H

#include <vmplat/types.h>

#define BLK_MAX_DEVS  16
#define BLK_NAME_MAX  16
#define BLK_MODEL_MAX 48

struct blk_dev;
struct pci_dev;

/* Called only with lba + count inside the device and count > 0. */
struct blk_dev_ops {
	int (*read)(struct blk_dev *d, uint64_t lba, uint32_t count, void *buf);
	int (*write)(struct blk_dev *d, uint64_t lba, uint32_t count, const void *buf);
	int (*flush)(struct blk_dev *d); /* NULL: the device has no volatile cache */
};

/* The controller behind a PCI-backed device (NULL for UEFI BlockIo, host files). */
struct blk_pci_ops {
	/* Quiesce the controller: no DMA after it returns. */
	int (*stop)(struct blk_dev *d);
	/*
	 * Bring a stopped device back after its function was reset (blk_attach_pci):
	 * claim the function for the platform again, reinitialise the controller on
	 * the memory it had, refresh the geometry and clear gone (for every device
	 * the controller serves). On failure the function is released again and
	 * the device stays gone.
	 */
	int (*restart)(struct blk_dev *d);
};

struct blk_dev {
	char name[BLK_NAME_MAX];   /* "vblk0", "nvme0n1", "efi0" */
	char model[BLK_MODEL_MAX]; /* driver's description for the report */
	const char *driver;	   /* "virtio-blk", "nvme", "efi-blockio" */
	uint32_t sector_size;	   /* 512, 2048 or 4096 */
	uint64_t sectors;	   /* capacity */
	bool read_only;
	bool gone;	     /* the backing went away (UEFI BlockIo after ExitBootServices) */
	struct pci_dev *pci; /* the function behind it; NULL for UEFI BlockIo, host files */
	const struct blk_dev_ops *ops;
	const struct blk_pci_ops *pci_ops; /* stop/restart; NULL: nothing to stop, no restart */
	void *priv;
	uint64_t nread, nwritten; /* sectors moved, for the report */
};

/* Add d to the registry; -EINVAL (bad sector size, no ops), -EEXIST (name), -ENOSPC. */
int blk_register(struct blk_dev *d);
void blk_unregister(struct blk_dev *d);
/* Forget every device (host tests). */
void blk_reset(void);

/* Bounds: -ERANGE past the end or on overflow, -EINVAL for NULL buf, -ENODEV when
 * gone, -EROFS for writes to a read-only device. count == 0 does nothing. */
int blk_read(struct blk_dev *d, uint64_t lba, uint64_t count, void *buf);
int blk_write(struct blk_dev *d, uint64_t lba, uint64_t count, const void *buf);
int blk_flush(struct blk_dev *d);
/* Byte-granular read (any offset and length) through a one-sector bounce. */
int blk_read_bytes(struct blk_dev *d, uint64_t off, uint64_t len, void *buf);

struct blk_dev *blk_find(const char *name);
struct blk_dev *blk_get(unsigned i); /* registry order, NULL past the end */
unsigned blk_count(void);
static inline uint64_t blk_bytes(const struct blk_dev *d)
{
	return d->sectors * d->sector_size;
}
static inline bool blk_sector_size_ok(uint32_t ss)
{
	return ss == 512 || ss == 2048 || ss == 4096;
}

/* ---- helpers (drivers/block/blk_util.c) ---- */
#define BLK_CHUNK (256 * KiB) /* bytes per call in streamed operations */
/* The test pattern: 32-bit little-endian word j of sector lba is
 * blk_pattern_word(seed, lba, j) (the QEMU runner computes the same). */
uint32_t blk_pattern_word(uint32_t seed, uint64_t lba, uint32_t j);
void blk_pattern_fill(uint8_t *buf, uint32_t sector_size, uint64_t lba, uint64_t count,
		      uint32_t seed);
/* Write the pattern to [lba, lba+count), flush, read back and compare: 0, the
 * I/O error, or -EIO (logged with the first differing byte). */
int blk_fill_verify(struct blk_dev *d, uint64_t lba, uint64_t count, uint32_t seed);
/* SHA-256 (32 bytes into digest) of count sectors from lba. */
int blk_sha256(struct blk_dev *d, uint64_t lba, uint64_t count, uint8_t digest[32]);

/* One line per device ("blk vblk0 virtio-blk 0000:00:03.0 ..."), for the boot report. */
void blk_report(void);
/* Probe the PCI storage drivers (virtio-blk, NVMe) and report; after pci_init. */
int blk_init(void);
/*
 * Stop every device backed by pci (controller reset / disable: no DMA after
 * this) and mark it gone, so the function can be given away (passthrough).
 * Returns how many devices were stopped, or the first error.
 */
int blk_detach_pci(struct pci_dev *pci);
/* Whether pci had block devices that blk_detach_pci stopped (and none came back yet). */
bool blk_pci_detached(const struct pci_dev *pci);
/*
 * Give pci back to the block layer after blk_detach_pci and a function reset
 * (passthrough hand-back, docs/storage.md): the devices it had restart under
 * their old names through pci_ops->restart; a function with none is probed afresh
 * (blk_probe_pci: the next free names). Returns how many devices of pci work
 * now (> 0), -EBUSY when another domain owns pci, -ENODEV when no driver
 * takes it, or the restart's error (the function is then left released).
 */
int blk_attach_pci(struct pci_dev *pci);
/* Offer one function to the PCI storage drivers (blk_init.c); 0, -ENODEV when none takes it. */
int blk_probe_pci(struct pci_dev *pci);

/* Drivers (drivers/block/): bind one PCI function; 0, -ENODEV when not theirs. */
struct pci_dev;
int virtio_blk_probe(struct pci_dev *d);
int nvme_probe(struct pci_dev *d);
/* x86_64 (arch/x86_64/efi_blockio.c): adapt UEFI BlockIo devices while boot
 * services run (system_table: EFI_SYSTEM_TABLE *); gone after ExitBootServices. */
int blk_efi_init(void *system_table);

#endif
