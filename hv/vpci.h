// SPDX-License-Identifier: MIT
/*
 * Virtual PCI host bridge of a VM (docs/hypervisor-passthrough.md): an
 * emulated ECAM window (PCIe 6.0, 7.2.2) that shows only the functions
 * assigned to the VM, each renumbered to bus 0, device N, function 0.
 * Config reads and writes are filtered; BARs are virtual (the guest sizes
 * and places them, the hypervisor maps them onto the physical BARs in
 * stage 2 while the guest has memory decode on). Portable: the physical
 * function is reached through struct vpci_fn_ops and stage 2 through
 * struct vpci_map_ops, so tests/unit/vpci runs all of it on the host.
 */
#ifndef HV_VPCI_H
#define HV_VPCI_H

#include <vmplat/pci_regs.h>
#include <vmplat/types.h>

#define VPCI_MAX_FNS   8 /* virtual devices 0..7 on bus 0 */
#define VPCI_NUM_BARS  6
#define VPCI_MAX_CAPS  48 /* (256 - 64) / 4 dword positions: bounds the walk */
#define VPCI_CFG_SIZE  4096
#define VPCI_ECAM_SIZE (1 * MiB) /* one bus */

/* Guest physical layout of the bridge (the QEMU virt addresses, for familiarity). */
#define VPCI_GUEST_ECAM_BASE 0x3f000000ULL
#define VPCI_GUEST_MMIO_BASE 0x10000000ULL
#define VPCI_GUEST_MMIO_SIZE 0x2eff0000ULL
#define VPCI_GUEST_INTX_SPI0 3 /* INTA..INTD of device N: SPI 3 + (N + pin - 1) % 4 */

/* Command bits the guest controls on the physical function; the rest is virtual or dropped. */
#define VPCI_CMD_FORWARD (PCI_CMD_MASTER | PCI_CMD_INTX_OFF)
#define VPCI_CMD_VIRTUAL (PCI_CMD_MEM)

/* The physical function's config space (naturally aligned, width 1, 2 or 4). */
struct vpci_fn_ops {
	uint32_t (*read)(void *ctx, uint16_t off, unsigned width);
	void (*write)(void *ctx, uint16_t off, unsigned width, uint32_t val);
};

/* Stage 2 of the VM: map/unmap a guest BAR range onto a physical BAR (device memory). */
struct vpci_map_ops {
	int (*map)(void *ctx, uint64_t gpa, paddr_t hpa, uint64_t size);
	int (*unmap)(void *ctx, uint64_t gpa, uint64_t size);
};

enum vpci_bar_kind { VPCI_BAR_NONE, VPCI_BAR_MEM32, VPCI_BAR_MEM64, VPCI_BAR_HI };

struct vpci_bar {
	enum vpci_bar_kind kind; /* HI: the upper dword of the 64-bit BAR before it */
	bool prefetch;
	uint64_t size; /* power of two, >= PAGE_SIZE */
	paddr_t hpa;   /* the hypervisor's assignment */
	uint64_t gpa;  /* what the guest programmed (address bits only) */
	bool mapped;
	uint64_t mapped_gpa;
};

/* What the hypervisor knows of a function it assigns. */
struct vpci_fn_desc {
	const struct vpci_fn_ops *ops;
	void *ctx;
	struct {
		bool mem64, prefetch;
		uint64_t size; /* 0: not passed (I/O, too small or absent) */
		paddr_t hpa;
	} bar[VPCI_NUM_BARS];
};

struct vpci_cap {
	uint8_t off, len;
};

struct vpci_fn {
	bool used;
	uint8_t dev; /* virtual device number on bus 0 */
	const struct vpci_fn_ops *ops;
	void *ctx;
	uint16_t cmd; /* the guest's view */
	uint8_t int_line, cache_line, latency;
	struct vpci_bar bar[VPCI_NUM_BARS];
	struct vpci_cap cap[VPCI_MAX_CAPS]; /* visible capabilities, in list order */
	unsigned ncaps;
};

struct vpci_stats {
	uint64_t reads, writes;
	uint64_t absent_reads, dropped_writes; /* to no function / read-only fields */
	uint64_t maps, unmaps, map_errors;
};

struct vpci {
	struct vpci_fn fn[VPCI_MAX_FNS];
	uint64_t mmio_base, mmio_size; /* where guest BARs may be mapped */
	const struct vpci_map_ops *map;
	void *map_ctx;
	struct vpci_stats stats;
};

void vpci_init(struct vpci *b, uint64_t mmio_base, uint64_t mmio_size,
	       const struct vpci_map_ops *map, void *map_ctx);
/* Add a function as device dev (walks its capabilities); -EEXIST, -ENOSPC, -EINVAL. */
int vpci_add_fn(struct vpci *b, unsigned dev, const struct vpci_fn_desc *d);
/* Unmap every BAR (VM teardown). */
void vpci_unmap_all(struct vpci *b);

/* An access to the ECAM window at off (the hv_mmio_ops shape). */
int vpci_ecam_read(struct vpci *b, uint64_t off, unsigned size, uint64_t *val);
int vpci_ecam_write(struct vpci *b, uint64_t off, unsigned size, uint64_t val);

/* Inside vpci: config space of one function, by dword. */
uint32_t vpci_cfg_read32(struct vpci *b, struct vpci_fn *f, uint16_t reg);
void vpci_cfg_write32(struct vpci *b, struct vpci_fn *f, uint16_t reg, uint32_t val,
		      uint32_t bytes);
/* BARs (hv/vpci_bar.c). */
void vpci_bars_init(struct vpci_fn *f, const struct vpci_fn_desc *d);
uint32_t vpci_bar_read(const struct vpci_fn *f, unsigned i);
void vpci_bar_write(struct vpci *b, struct vpci_fn *f, unsigned i, uint32_t val);
/* Bring stage 2 in line with the BARs and the memory decode bit. */
void vpci_bars_update(struct vpci *b, struct vpci_fn *f);

/* Snapshots (hv/vpci_snap.c): a function's guest-visible state into / back from a
 * section record; load is -EXDEV when the function's BARs differ from the record's. */
struct snap_vpci_fn;
struct vpci_fn *vpci_fn_by_dev(struct vpci *b, unsigned dev);
void vpci_fn_snap_save(const struct vpci_fn *f, struct snap_vpci_fn *s);
int vpci_fn_snap_load(struct vpci *b, struct vpci_fn *f, const struct snap_vpci_fn *s);

/* Guest DTB: the pci-host-ecam-generic node (hv/vpci_fdt.c), added to a built blob. */
int vpci_fdt_add(void *fdt, size_t bufsize, const struct vpci *b, uint64_t ecam_base,
		 uint32_t gic_phandle);

#endif
