// SPDX-License-Identifier: MIT
/*
 * PCI / PCI Express: configuration access (ECAM or a host fake through
 * struct pci_cfg_ops), enumeration, BAR sizing and assignment, capability
 * walkers, MSI/MSI-X, SR-IOV and device ownership (drivers/pci/).
 *
 * Spec references are to the PCI Express Base Specification 6.0 unless
 * another document is named ("PCI LB 3.0" = PCI Local Bus 3.0,
 * "P2P 1.2" = PCI-to-PCI Bridge Architecture 1.2).
 */
#ifndef VMPLAT_PCI_H
#define VMPLAT_PCI_H

#include <vmplat/platform.h>
#include <vmplat/pci_regs.h>
#include <vmplat/types.h>

/* ---- addresses ---- */
struct pci_addr {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn; /* device << 3 | function (ARI: an 8-bit function number) */
};

#define PCI_DEVFN(d, f) ((uint8_t)(((d)&0x1f) << 3 | ((f)&7)))
#define PCI_SLOT(devfn) ((devfn) >> 3)
#define PCI_FUNC(devfn) ((devfn)&7)
#define PCI_ADDR_STRLEN 13 /* "ssss:bb:dd.f" + NUL */

/* "0000:00:1f.2" (or "00:1f.2" for segment 0) -> 0, else -EINVAL. */
int pci_addr_parse(const char *s, struct pci_addr *out);
/* Writes "ssss:bb:dd.f" into buf (PCI_ADDR_STRLEN bytes), returns buf. */
char *pci_addr_fmt(char *buf, struct pci_addr a);

/* ---- configuration access ---- */
/* width is 1, 2 or 4 bytes; off is naturally aligned. Absent functions read all-ones. */
struct pci_cfg_ops {
	uint32_t (*read)(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
			 unsigned width);
	void (*write)(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
		      unsigned width, uint32_t val);
};

/* ECAM (PCIe 7.2.2): 4 KiB per function, 1 MiB per bus, from bus_start. */
struct pci_ecam {
	volatile uint8_t *base; /* mapped address of bus_start's config space */
	uint8_t bus_start, bus_end;
};
extern const struct pci_cfg_ops pci_ecam_ops;

/*
 * x86 configuration mechanism #1 (PCI LB 3.0, 3.2.2.3.2): address at 0xCF8,
 * data at 0xCFC, 256 bytes of config space per function. x86_64 only
 * (arch/x86_64/pci_cf8.c); a platform without MCFG reaches config space this way.
 */
extern const struct pci_cfg_ops pci_cf8_ops;

/* ---- host bridges ---- */
#define PCI_MAX_HOSTS PLAT_MAX_ECAM
#define PCI_MAX_BUSES 256

/* Keep valid firmware bus numbers and BAR assignments (x86_64 under UEFI). */
#define PCI_HOST_KEEP_FW BIT(0)

struct pci_dev;

struct pci_host {
	uint16_t segment;
	uint8_t bus_start, bus_end;
	unsigned flags;
	const struct pci_cfg_ops *ops;
	void *ctx;
	struct pci_window win[PLAT_MAX_PCI_WINDOWS];
	unsigned nwin;
	struct pci_dev *root; /* first device on bus_start; siblings follow */
	uint8_t bus_last;     /* highest bus number in use after the scan */
	uint64_t cfg_reads, cfg_writes;
	uint64_t absent_probes;		      /* functions probed and found absent */
	uint32_t scanned[PCI_MAX_BUSES / 32]; /* buses scanned once each */
};

/* ---- devices ---- */
enum pci_bar_type { PCI_BAR_NONE, PCI_BAR_IO, PCI_BAR_MEM32, PCI_BAR_MEM64, PCI_BAR_ROM };

struct pci_bar {
	enum pci_bar_type type;
	bool prefetch;
	bool assigned; /* base holds a decoding address */
	uint64_t base; /* bus address */
	uint64_t size;
};

/* Device type from the class code's base class (PCI Code and ID Assignment 1.x). */
enum pci_dev_type {
	PCI_TYPE_OTHER,
	PCI_TYPE_STORAGE,
	PCI_TYPE_NETWORK,
	PCI_TYPE_DISPLAY,
	PCI_TYPE_MULTIMEDIA,
	PCI_TYPE_MEMORY,
	PCI_TYPE_BRIDGE,
	PCI_TYPE_COMM,
	PCI_TYPE_SYSTEM,
	PCI_TYPE_INPUT,
	PCI_TYPE_DOCKING,
	PCI_TYPE_PROCESSOR,
	PCI_TYPE_SERIAL_BUS,
	PCI_TYPE_WIRELESS,
	PCI_TYPE_INTELLIGENT,
	PCI_TYPE_SATELLITE,
	PCI_TYPE_CRYPTO,
	PCI_TYPE_SIGNAL,
	PCI_TYPE_ACCEL,
	PCI_TYPE_COUNT,
};
const char *pci_type_name(enum pci_dev_type t);
enum pci_dev_type pci_class_to_type(uint32_t class_code);

#define PCI_NUM_BARS  6
#define PCI_ROM_SLOT  6 /* bar[PCI_ROM_SLOT] is the expansion ROM */
#define PCI_NUM_SLOTS 7

#define PCI_DOMAIN_NONE	    0xffff /* unowned: bus mastering off */
#define PCI_DOMAIN_PLATFORM 0	   /* vmplat itself */

/* A bridge window (P2P 1.2, 3.2.5.6-3.2.5.9); base > limit when closed. */
struct pci_bwin {
	bool present; /* implemented by the bridge (I/O and prefetchable are optional) */
	bool cap64;   /* prefetchable: 64-bit addressing implemented; I/O: 32-bit */
	bool is64;    /* placed with 64-bit addressing allowed */
	bool assigned;
	uint64_t base, size, align;
};
enum pci_res_class { PCI_RES_IO, PCI_RES_MEM, PCI_RES_PREF, PCI_RES_COUNT };

struct pci_sriov {
	uint16_t cap; /* extended capability offset */
	uint16_t total_vfs, initial_vfs, num_vfs;
	uint16_t offset, stride, vf_device;
	struct pci_bar vf_bar[PCI_NUM_BARS]; /* size is per VF; base is VF0's */
	bool enabled;
};

struct pci_dev {
	struct pci_host *host;
	struct pci_addr addr;
	uint16_t vendor, device, subsys_vendor, subsys_device;
	uint8_t revision, hdr_type; /* hdr_type without the multi-function bit */
	bool multifunction;
	uint32_t class_code; /* base << 16 | sub << 8 | prog-if */
	enum pci_dev_type type;
	struct pci_bar bar[PCI_NUM_SLOTS];

	/* Capability offsets, 0 when absent (found once during the scan). */
	uint8_t cap_pm, cap_msi, cap_msix, cap_pcie, cap_vndr;
	uint16_t ecap_aer, ecap_acs, ecap_ari, ecap_sriov, ecap_ats, ecap_pasid;
	uint8_t pcie_type; /* Device/Port Type (7.5.3.2), 0xff for conventional PCI */

	/* Tree: parent bridge (NULL on the root bus), children below a bridge. */
	struct pci_dev *parent, *child, *sibling;
	struct pci_dev *next; /* all devices, in scan order */

	/* Type 1 bridges. */
	uint8_t secondary, subordinate;
	bool ari_forwarding;
	struct pci_bwin bwin[PCI_RES_COUNT];

	/* SR-IOV. */
	struct pci_sriov *sriov; /* PFs */
	struct pci_dev *pf;	 /* VFs */
	uint16_t vf_index;

	uint16_t owner; /* PCI_DOMAIN_* or a guest domain id */
};

static inline bool pci_dev_is_bridge(const struct pci_dev *d)
{
	return d->hdr_type == PCI_HDR_BRIDGE;
}

/* ---- config access on a device ---- */
uint32_t pci_host_read(struct pci_host *h, uint8_t bus, uint8_t devfn, uint16_t off,
		       unsigned width);
void pci_host_write(struct pci_host *h, uint8_t bus, uint8_t devfn, uint16_t off, unsigned width,
		    uint32_t val);
uint8_t pci_read8(struct pci_dev *d, uint16_t off);
uint16_t pci_read16(struct pci_dev *d, uint16_t off);
uint32_t pci_read32(struct pci_dev *d, uint16_t off);
void pci_write8(struct pci_dev *d, uint16_t off, uint8_t v);
void pci_write16(struct pci_dev *d, uint16_t off, uint16_t v);
void pci_write32(struct pci_dev *d, uint16_t off, uint32_t v);

/* ---- enumeration (drivers/pci/enumerate.c) ---- */
#define PCI_MAX_DEVS 256

/* Register a host bridge; windows copied from w. NULL when the table is full. */
struct pci_host *pci_host_add(uint16_t segment, uint8_t bus_start, uint8_t bus_end,
			      const struct pci_cfg_ops *ops, void *ctx, const struct pci_window *w,
			      unsigned nwin, unsigned flags);
/* Depth-first scan of the host's buses; returns the number of functions found. */
int pci_scan_host(struct pci_host *h);
/* Size every BAR and assign what is missing from the host windows; enable decode. */
int pci_assign_host(struct pci_host *h);
/* Hot-plug: place and program what is below bridge b inside b's windows, which
 * stay as they are; -ENOSPC when a BAR did not fit. */
int pci_assign_bridge(struct pci_dev *b);
/* Grow a bridge window being sized (hotplug_bus.c; a weak no-op without it). */
void pci_window_reserve(const struct pci_dev *b, enum pci_res_class k, uint64_t *size,
			uint64_t *align);
/* Forget all hosts and devices (tests; a rescan). */
void pci_reset(void);

extern struct pci_dev *pci_devs; /* list head, scan order */
extern struct pci_host pci_hosts[PCI_MAX_HOSTS];
extern unsigned pci_nhosts;
#define pci_for_each_dev(d) for (struct pci_dev *d = pci_devs; d; d = d->next)

struct pci_dev *pci_find_addr(struct pci_addr a);
/* The n-th (0-based) device whose class matches class_code under mask. */
struct pci_dev *pci_find_class(uint32_t class_code, uint32_t mask, unsigned n);
/* The n-th device with this vendor:device. */
struct pci_dev *pci_find_id(uint16_t vendor, uint16_t device, unsigned n);
unsigned pci_dev_count(void);

/* Internal to drivers/pci, shared between its files. */
struct pci_dev *pci_dev_alloc(void);
void pci_dev_free(struct pci_dev *d);
void pci_dev_link(struct pci_dev *d, struct pci_dev *parent);
void pci_dev_unlink(struct pci_dev *d);
/* pci_dev objects taken from the pool (leak checks after hot-plug cycles). */
unsigned pci_dev_pool_used(void);

/* ---- BARs (drivers/pci/bars.c, assign.c) ---- */
/* Size the function's BARs and ROM with decode off; restores original values. */
int pci_size_bars(struct pci_dev *d);
/* CPU physical address of a bus address, through the host windows; INVALID_PADDR if none. */
paddr_t pci_bus_to_cpu(const struct pci_host *h, uint64_t bus_addr, enum pci_bar_type t);
paddr_t pci_bar_cpu_addr(const struct pci_dev *d, unsigned bar);
/* Write a BAR's (or ROM's) base register from d->bar[i].base. */
void pci_bar_write(struct pci_dev *d, unsigned i);
/* Turn memory/I/O decode on for what has assigned BARs (Command register). */
void pci_enable_decode(struct pci_dev *d);

/* ---- capabilities (drivers/pci/caps.c) ---- */
#define PCI_MAX_CAPS	 48  /* (256 - 64) / 4 dword-aligned positions */
#define PCI_MAX_EXT_CAPS 960 /* (4096 - 256) / 4 */

struct pci_cap {
	uint16_t id, off;
	uint8_t ver; /* extended capabilities */
};
/* Walk the standard (ext=false) or extended list into out; returns count or -errno
 * (-ELOOP for a loop, -EIO for all-ones mid-walk, -EINVAL for a pointer into the header). */
int pci_walk_caps(struct pci_dev *d, bool ext, struct pci_cap *out, unsigned max);
/* Offset of a capability, 0 when absent. */
uint16_t pci_find_cap(struct pci_dev *d, uint8_t id);
uint16_t pci_find_ext_cap(struct pci_dev *d, uint16_t id);
/* Fill d->cap_* / d->ecap_* (one walk each). */
void pci_read_caps(struct pci_dev *d);

/* ---- MSI / MSI-X (drivers/pci/msi.c) ---- */
/* Program MSI with nvec (power of two) vectors; checks the registers read back. */
int pci_msi_enable(struct pci_dev *d, uint64_t addr, uint16_t data, unsigned nvec);
int pci_msi_disable(struct pci_dev *d);
int pci_msi_mask(struct pci_dev *d, unsigned vec, bool masked);

struct pci_msix {
	volatile uint8_t *table; /* mapped device memory */
	volatile uint8_t *pba;
	unsigned nvec;
};
/* Map the table and PBA from their BARs (MM_DEVICE). */
int pci_msix_map(struct pci_dev *d, struct pci_msix *m);
int pci_msix_set_vector(struct pci_dev *d, struct pci_msix *m, unsigned vec, uint64_t addr,
			uint32_t data, bool masked);
int pci_msix_enable(struct pci_dev *d, bool on);
bool pci_msix_pending(const struct pci_msix *m, unsigned vec);

/* ---- SR-IOV (drivers/pci/sriov.c) ---- */
/* Read the SR-IOV capability and size the VF BARs (called by the scan). */
int pci_sriov_probe(struct pci_dev *pf);
void pci_sriov_release(struct pci_dev *pf); /* back to the pool (PF removed) */
/* Enable n VFs, wait as the spec requires, add them as pci_devs with BARs. */
int pci_sriov_enable(struct pci_dev *pf, unsigned n);
int pci_sriov_disable(struct pci_dev *pf);
struct pci_dev *pci_sriov_vf(struct pci_dev *pf, unsigned index);
/* VF Enable -> first config request: 100 ms (PCIe 6.0, 9.3.3.3.1). */
#define PCI_SRIOV_VF_ENABLE_WAIT_MS 100

/* ---- ownership (drivers/pci/own.c) ---- */
struct pci_own_hooks {
	/* Called for every function of the group before the change; -errno refuses. */
	int (*attach)(struct pci_dev *d, uint16_t domain);
	void (*detach)(struct pci_dev *d, uint16_t domain);
};
void pci_set_own_hooks(const struct pci_own_hooks *h);
#define PCI_MAX_GROUP 8
/* The functions that move together with d (multi-function without ACS, 7.7.11). */
unsigned pci_group(struct pci_dev *d, struct pci_dev **out, unsigned max);
/* Give d (and its group) to domain; -EBUSY when owned by another domain. */
int pci_assign(struct pci_dev *d, uint16_t domain);
/* Take d (and its group) back: reset each function, bus mastering off, unowned. */
int pci_release(struct pci_dev *d, uint16_t domain);
/* Bus mastering for the owner only; -EPERM while unowned. */
int pci_set_master(struct pci_dev *d, bool on);
/* Function Level Reset (6.6.2) or, for a sole device behind a bridge, a secondary
 * bus reset (7.5.1.3.13); restores BARs and Command. */
int pci_reset_function(struct pci_dev *d);

/*
 * Reset methods a function tolerates. A driver that knows a device's quirks
 * (drivers/gpu for NVIDIA/AMD) filters them; with none left, the reset is
 * refused (-EPERM) with the filter's reason instead of trying a method known
 * to break the device.
 */
#define PCI_RESET_FLR BIT(0)
#define PCI_RESET_SBR BIT(1)
typedef unsigned (*pci_reset_filter_fn)(const struct pci_dev *d, unsigned allowed,
					const char **why);
void pci_set_reset_filter(pci_reset_filter_fn fn);

/* ---- report (drivers/pci/report.c) ---- */
void pci_report(void);
void pci_report_tree(void);
void pci_dump_cfg(struct pci_dev *d);
const char *pci_bar_type_name(const struct pci_bar *b); /* "mem64 pref", ... */

/* ---- host bridge windows from ACPI address space descriptors (drivers/pci/acpi_windows.c) ---- */
/*
 * A resource template as _CRS or UEFI's PCI Root Bridge I/O Configuration()
 * returns it (ACPI 6.5, 6.4): QWORD/DWORD/WORD Address Space Descriptors
 * (6.4.3.5.1-3) up to the End Tag (6.4.2.9). Producer memory and I/O ranges
 * become windows, the bus number range the bus range; other items are skipped.
 */
#define PCI_ACPI_RES_MAX_LEN 4096 /* bytes looked at for the End Tag */

/* Meaning of _TRA in the descriptors: UEFI's (device = host + _TRA, UEFI 2.10
 * 14.2.1 Configuration) or ACPI's (host = device + _TRA, ACPI 6.5 6.4.3.5). */
enum pci_acpi_tra { PCI_ACPI_TRA_UEFI, PCI_ACPI_TRA_ACPI };

struct pci_acpi_res {
	struct pci_window win[PLAT_MAX_PCI_WINDOWS];
	unsigned nwin;
	bool has_bus;
	uint8_t bus_start, bus_end;
	unsigned dropped; /* windows beyond PLAT_MAX_PCI_WINDOWS */
	size_t bad_off;	  /* on -EINVAL: offset of the item that was refused */
};
/* Parse avail bytes at p; 0, or -EINVAL for a truncated or malformed item or a
 * missing End Tag (out->bad_off says where). _MIN is the CPU address for UEFI. */
int pci_acpi_parse_windows(const uint8_t *p, size_t avail, enum pci_acpi_tra tra,
			   struct pci_acpi_res *out);

/* ---- firmware integration (drivers/pci/pci_init.c) ---- */
int pci_init(void);

#endif
