// SPDX-License-Identifier: MIT
/*
 * What vmplat needs from a flattened device tree (Devicetree Spec v0.4),
 * parsed by fdt_platform.c with libfdt only, so host tests compile it too.
 * fdt_parse() checks the blob (fdt_check_full) and every property length;
 * the boot code then applies the result to `platform` and the CPU list.
 */
#ifndef ARCH_FDT_PLATFORM_H
#define ARCH_FDT_PLATFORM_H

#include <vmplat/platform.h> /* struct pci_window */
#include <vmplat/types.h>

/*
 * booting.rst caps the DTB at 2 MiB, but QEMU grows a -dtb blob to twice
 * its file size plus slack: only a sanity bound for fdt_check_full here.
 */
#define FDT_MAX_SIZE (64u << 20)
#define FDT_MAX_MEM  32
#define FDT_MAX_RSV  32
#define FDT_MAX_CPUS 64
#define FDT_MAX_GICR 8
#define FDT_MAX_ECAM 8

enum fdt_conduit { FDT_PSCI_NONE, FDT_PSCI_SMC, FDT_PSCI_HVC };

/* Timer PPIs in the order of the arm,armv8-timer "interrupts" property. */
enum fdt_timer_irq {
	FDT_TIMER_SEC_PHYS,
	FDT_TIMER_PHYS,
	FDT_TIMER_VIRT,
	FDT_TIMER_HYP,
	FDT_TIMER_N
};

struct fdt_range {
	uint64_t base, size;
};

struct fdt_ecam {
	uint16_t segment;
	uint8_t bus_start, bus_end;
	uint64_t base, size;
	struct pci_window win[PLAT_MAX_PCI_WINDOWS]; /* from `ranges` (PCI bus binding 2.2.1.1) */
	unsigned nwin;
};

struct fdt_desc {
	struct fdt_range mem[FDT_MAX_MEM]; /* /memory reg */
	unsigned nmem;
	struct fdt_range rsv[FDT_MAX_RSV]; /* /memreserve/, /reserved-memory, initrd */
	unsigned nrsv;
	uint64_t cpu_hwid[FDT_MAX_CPUS]; /* /cpus/cpu@ reg (MPIDR affinity) */
	unsigned ncpus;
	bool cpus_psci; /* every CPU has enable-method "psci" */
	enum fdt_conduit psci;
	const char *bootargs;		     /* /chosen/bootargs, in the blob; NULL if none */
	uint64_t uart_base;		     /* arm,pl011 (stdout-path first) */
	uint64_t rtc_base;		     /* arm,pl031 */
	struct fdt_range gicd;		     /* arm,gic-v3 distributor */
	struct fdt_range gicr[FDT_MAX_GICR]; /* redistributor regions */
	unsigned ngicr;
	unsigned timer_intid[FDT_TIMER_N]; /* GIC INTIDs, 0 when not given */
	struct fdt_ecam ecam[FDT_MAX_ECAM];
	unsigned necam;
	const char *error; /* why fdt_parse failed */
};

/* 0, or -EINVAL (bad blob / property) / -ENOENT (no /memory) with d->error set. */
int fdt_parse(const void *fdt, struct fdt_desc *d);

/*
 * Split RAM into usable and reserved pieces in address order: calls
 * emit(base, size, reserved, ctx) for each piece of every d->mem range.
 * Reservations outside RAM are ignored. Returns the first emit error.
 */
int fdt_mem_layout(const struct fdt_desc *d, int (*emit)(uint64_t, uint64_t, bool, void *),
		   void *ctx);

/* Add a reservation (image, DTB) before fdt_mem_layout; -ENOSPC when full. */
int fdt_add_reserved(struct fdt_desc *d, uint64_t base, uint64_t size);

#endif
