// SPDX-License-Identifier: MIT
/*
 * The machine as the arch layer found it. Everything above the arch layer
 * reads this description and never asks firmware directly.
 */
#ifndef VMPLAT_PLATFORM_H
#define VMPLAT_PLATFORM_H

#include <vmplat/types.h>

enum fw_mode { FW_UEFI, FW_FDT };

enum mem_type {
	MEM_USABLE,   /* free RAM for the page allocator */
	MEM_RESERVED, /* firmware or DTB reserved */
	MEM_ACPI,     /* ACPI tables / NVS */
	MEM_FIRMWARE, /* UEFI runtime services, secure firmware */
	MEM_IMAGE,    /* vmplat itself */
	MEM_MMIO,
};

struct mem_region {
	paddr_t base;
	uint64_t size;
	enum mem_type type;
};

/* A host bridge aperture (DTB `ranges`; x86_64: UEFI root bridge Configuration()). */
enum pci_window_type { PCI_WIN_IO, PCI_WIN_MEM32, PCI_WIN_MEM64 };

struct pci_window {
	enum pci_window_type type;
	bool prefetch;
	paddr_t cpu_base;  /* where the CPU sees it */
	uint64_t pci_base; /* the bus address it decodes */
	uint64_t size;
};

#define PLAT_MAX_PCI_WINDOWS 4

struct pci_cfg_ops;

/* A PCI host bridge: its segment, buses, config access and windows. */
struct ecam_window {
	uint16_t segment;
	uint8_t bus_start, bus_end;
	paddr_t base; /* ECAM address of bus_start's config space (not bus 0's, as MCFG gives) */
	struct pci_window win[PLAT_MAX_PCI_WINDOWS];
	unsigned nwin;
	/* NULL: ECAM at base. Otherwise config access through these ops and base is
	 * unused (x86_64 without MCFG: CF8/CFC, pci_cf8_ops). */
	const struct pci_cfg_ops *cfg_ops;
};

/*
 * An Arm SMMUv3 (DTB "arm,smmu-v3"): registers, wired interrupts (GIC
 * INTIDs, 0 when not given) and the PCI requester id -> StreamID map of the
 * host bridge it serves (PCI iommu-map binding: rid in [rid_base,
 * rid_base+len) -> sid_base + rid - rid_base).
 */
#define PLAT_MAX_SMMU_MAP 8
struct smmu_desc {
	paddr_t base;
	uint64_t size;
	unsigned irq_evt, irq_gerr, irq_sync;
	uint16_t segment; /* PCI segment of the host bridge whose iommu-map names it */
	struct {
		uint32_t rid_base, sid_base, len;
	} map[PLAT_MAX_SMMU_MAP];
	unsigned nmap;
};

#define PLAT_MAX_MEM	 128
#define PLAT_MAX_ECAM	 8
#define PLAT_CMDLINE_MAX 1024
#define PLAT_MAX_SMMU	 4

struct platform {
	const char *arch; /* "x86_64" / "aarch64" */
	enum fw_mode fw;
	char fw_vendor[64];
	char cpu_vendor[32];
	char cpu_model[64];
	char cpu_features[384];
	uint32_t cpu_id;  /* CPUID.1 EAX signature / MIDR_EL1 */
	unsigned boot_el; /* aarch64: exception level vmplat runs at */

	struct mem_region mem[PLAT_MAX_MEM];
	unsigned nmem;
	uint64_t ram_bytes;    /* all RAM the firmware described */
	uint64_t usable_bytes; /* what the page allocator got */

	uint64_t counter_hz;	 /* timestamp counter frequency */
	const char *counter_src; /* "TSC calibrated against ACPI PM timer", ... */

	char cmdline[PLAT_CMDLINE_MAX];

	const void *fdt;   /* aarch64: the DTB vmplat was given */
	paddr_t acpi_rsdp; /* x86_64: from the UEFI configuration table */
	struct ecam_window ecam[PLAT_MAX_ECAM];
	unsigned necam;
	paddr_t uart_base;
	paddr_t rtc_base;      /* aarch64 PL031, 0 when absent */
	paddr_t pm_timer_port; /* x86_64 ACPI PM timer I/O port, 0 when absent */
	bool pm_timer_32bit;
	struct smmu_desc smmu[PLAT_MAX_SMMU]; /* aarch64: SMMUv3 units from the DTB */
	unsigned nsmmu;
};

extern struct platform platform;

int platform_add_mem(paddr_t base, uint64_t size, enum mem_type type);
const char *mem_type_name(enum mem_type t);
/* Print the boot report: CPUs, memory map summary, features, timer, cmdline. */
void platform_report(void);
/* Generic start after the arch layer described the machine. */
__noreturn void platform_main(void);

/*
 * Arch hooks called by platform_main, in this order:
 *   (arch entry fills `platform`, cpus (smp_add_cpu), counter frequency,
 *    installs fault vectors, then calls platform_main)
 *   pmm from platform.mem MEM_USABLE, mm_init() (identity map + activate),
 *   arch_late_init() (interrupt controller, timer interrupt, device maps),
 *   smp_boot_all(), platform_report(), self-tests or the console.
 */
int arch_late_init(void);
/* Measure one interval with an independent reference clock (x86: ACPI PM
 * timer or HPET over ~100 ms; arm: PL031 RTC over 2 s from a second edge). */
int arch_refclock_measure(uint64_t *ref_ns, uint64_t *ts_ns);

/*
 * An ACPI table by signature ("DMAR"), checksum and length already checked,
 * or NULL (always NULL on FDT platforms).
 */
const void *arch_acpi_table(const char *sig, uint32_t *len);

/*
 * aarch64 (arch/aarch64/fdt_smmu.c): the enabled arm,smmu-v3 nodes of the
 * DTB and the iommu-map of every PCI host bridge into out[0..max); *n is
 * how many were found. -EINVAL (with *why) for a malformed node or map.
 */
int fdt_smmu_parse(const void *fdt, struct smmu_desc *out, unsigned max, unsigned *n,
		   const char **why);
/* fdt_smmu_parse into platform.smmu; a bad description is logged and dropped. */
void fdt_smmu_init(const void *fdt);

/* Command line: "key" or "key=value" words separated by spaces. */
bool cmdline_has(const char *cmdline, const char *key);
/* Copy the value of key=value into buf; -ENOENT when absent, -ENOSPC when too long. */
int cmdline_get(const char *cmdline, const char *key, char *buf, size_t len);

#endif
