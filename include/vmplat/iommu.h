// SPDX-License-Identifier: MIT
/*
 * IOMMU common core (drivers/iommu/iommu.c): hardware units, translation
 * domains with IO page tables built by core/pt.c, groups computed from the
 * PCI topology, attach/detach, fault reporting. Hardware drivers plug in
 * through struct iommu_ops: Intel VT-d (drivers/iommu/vtd_*.c) and Arm
 * SMMUv3 (drivers/smmu/).
 *
 * A domain belongs to one unit (its page-table format is the unit's). The
 * PCI owner id (PCI_DOMAIN_PLATFORM, a guest id) names the domain that
 * pci_assign() attaches a device's group to: iommu_domain_find(unit, owner).
 * The platform domain maps RAM 1:1 (identity), so vmplat's own drivers
 * keep working with translation on; devices nobody owns are blocked.
 */
#ifndef VMPLAT_IOMMU_H
#define VMPLAT_IOMMU_H

#include <vmplat/pt.h>
#include <vmplat/types.h>

struct pci_dev;
struct iommu_unit;
struct iommu_domain;

/* Protection of an IO mapping: what the device may do. */
#define IOMMU_READ  PT_R /* device reads memory (DMA to the device) */
#define IOMMU_WRITE PT_W /* device writes memory */
#define IOMMU_RW    (IOMMU_READ | IOMMU_WRITE)

#define IOMMU_MAX_UNITS	  8
#define IOMMU_MAX_DOMAINS 32
#define IOMMU_MAX_GROUPS  64
#define IOMMU_GROUP_MAX	  16 /* functions per group */
#define IOMMU_MAX_ALIASES 4  /* requester ids one function may use */

/* Requester id (bus << 8 | devfn) on the unit's segment. */
#define IOMMU_RID(bus, devfn) ((uint16_t)((bus) << 8 | (devfn)))
#define IOMMU_RID_BUS(rid)    ((uint8_t)((rid) >> 8))
#define IOMMU_RID_DEVFN(rid)  ((uint8_t)(rid))

/*
 * One hardware kind. Every hook is called with the core's lock held;
 * the core never calls attach/detach for a device the unit does not cover.
 */
struct iommu_ops {
	const char *kind; /* "vtd", "smmuv3" */
	/* Does this unit translate DMA from d? */
	bool (*covers)(struct iommu_unit *u, const struct pci_dev *d);
	/* Pick dom->fmt and a hardware id (VT-d DID, SMMU ASID/VMID) into dom->hw_id. */
	int (*domain_init)(struct iommu_unit *u, struct iommu_domain *dom);
	void (*domain_free)(struct iommu_unit *u, struct iommu_domain *dom);
	/* Translate DMA from requester id rid (d may be NULL for a bridge alias)
	 * through dom's tables; replaces whatever rid used before. */
	int (*attach)(struct iommu_unit *u, struct iommu_domain *dom, const struct pci_dev *d,
		      uint16_t rid);
	/* rid's DMA is blocked (faults) afterwards, caches invalidated. */
	void (*detach)(struct iommu_unit *u, struct iommu_domain *dom, const struct pci_dev *d,
		       uint16_t rid);
	/* After iommu_unmap (and table frees): invalidate [iova, iova+size). */
	void (*flush)(struct iommu_unit *u, struct iommu_domain *dom, uint64_t iova, uint64_t size);
	/* After iommu_map: what not-present -> present needs (VT-d write buffer,
	 * caching mode). May be NULL. */
	void (*sync_map)(struct iommu_unit *u, struct iommu_domain *dom, uint64_t iova,
			 uint64_t size);
	/* Read pending fault records, iommu_report_fault() each, clear them.
	 * Returns how many were handled. */
	int (*fault_poll)(struct iommu_unit *u);
	/* Extra lines for the boot report / `iommu` command (may be NULL). */
	void (*report)(struct iommu_unit *u);
};

struct iommu_unit {
	char name[16]; /* "dmar0", "smmu0": used in the fault line */
	const struct iommu_ops *ops;
	void *priv;	      /* driver state */
	uint16_t segment;     /* PCI segment it serves */
	unsigned index;	      /* set by iommu_register_unit */
	uint64_t faults;      /* faults reported */
	uint64_t faults_lost; /* overflows the hardware signalled */
};

enum iommu_dom_kind {
	IOMMU_DOM_PAGING,   /* IO page tables: only what is mapped is reachable */
	IOMMU_DOM_IDENTITY, /* paging with RAM mapped 1:1 (the platform domain) */
};

/* A fault on a device attached to the domain (d NULL when unknown). */
typedef void (*iommu_fault_fn)(void *ctx, struct pci_dev *d, uint16_t rid, uint64_t iova,
			       bool write, uint32_t reason);

struct iommu_domain {
	bool used;
	unsigned id;	/* core id (index) */
	uint16_t owner; /* PCI owner id (PCI_DOMAIN_PLATFORM, guest) */
	enum iommu_dom_kind kind;
	struct iommu_unit *unit;
	const struct pt_format *fmt; /* chosen by ops->domain_init */
	struct pt pt;
	uint32_t hw_id;	  /* VT-d domain id, SMMU ASID/VMID */
	void *priv;	  /* driver state */
	unsigned ngroups; /* groups attached */
	uint64_t mapped;  /* bytes mapped */
	uint64_t maps, unmaps, faults;
	iommu_fault_fn fault_fn;
	void *fault_ctx;
};

/* Functions that can not be isolated from each other: attached together. */
struct iommu_group {
	bool used;
	unsigned id;
	struct iommu_unit *unit;
	struct pci_dev *anchor; /* topmost device whose DMA aliases/peers merge the group */
	struct pci_dev *dev[IOMMU_GROUP_MAX];
	unsigned ndev;
	struct iommu_domain *dom; /* NULL: blocked */
};

/* ---- units ---- */
int iommu_register_unit(struct iommu_unit *u);
struct iommu_unit *iommu_unit_for(const struct pci_dev *d);
unsigned iommu_unit_count(void);
struct iommu_unit *iommu_unit_get(unsigned i);

/* ---- domains ---- */
/* A new domain on unit u for PCI owner id owner; NULL on failure (logged). */
struct iommu_domain *iommu_domain_alloc(struct iommu_unit *u, uint16_t owner,
					enum iommu_dom_kind kind);
/* -EBUSY while groups are attached. */
int iommu_domain_free(struct iommu_domain *dom);
struct iommu_domain *iommu_domain_find(struct iommu_unit *u, uint16_t owner);
struct iommu_domain *iommu_domain_get(unsigned id);

/* Map [iova, iova+size) -> paddr; page-aligned; -EEXIST over a live mapping. */
int iommu_map(struct iommu_domain *dom, uint64_t iova, paddr_t paddr, uint64_t size, unsigned prot);
/* Unmap and invalidate before returning (one flush per call). */
int iommu_unmap(struct iommu_domain *dom, uint64_t iova, uint64_t size);
/* INVALID_PADDR when unmapped. */
paddr_t iommu_iova_to_phys(struct iommu_domain *dom, uint64_t iova);

/* ---- groups and attach ---- */
/* The group of d (computed once from topology); NULL for bridges or no unit. */
struct iommu_group *iommu_group_of(struct pci_dev *d);
/* The requester ids DMA from d may carry (own id, bridge aliases). */
unsigned iommu_dma_aliases(const struct pci_dev *d, uint16_t *rids, unsigned max);
/* d is being removed (hot-plug): out of its group, its aliases unprogrammed. */
void iommu_group_remove_dev(struct pci_dev *d);
/* Attach/detach d's whole group. */
int iommu_attach(struct iommu_domain *dom, struct pci_dev *d);
int iommu_detach(struct iommu_domain *dom, struct pci_dev *d);

/* ---- faults ---- */
void iommu_set_fault_handler(struct iommu_domain *dom, iommu_fault_fn fn, void *ctx);
/*
 * Log "iommu fault <unit> dev 0000:BB:DD.F iova 0x<hex> <read|write>
 * reason 0x<hex> (<text>)", count it, call the domain's handler.
 */
void iommu_report_fault(struct iommu_unit *u, uint16_t rid, uint64_t iova, bool write,
			uint32_t reason, const char *text);
/* Poll every unit; returns faults handled. */
int iommu_poll_faults(void);

/* ---- IO page-table formats (drivers/iommu/pt_*.c) ---- */
/* VT-d second level (VT-d 4.x 9.8): 4 levels / 48-bit and 3 levels / 39-bit AGAW,
 * 2 MiB and 1 GiB superpages (a unit without CAP.SLLPS gets a copy without). */
extern const struct pt_format pt_format_vtd_sl4;
extern const struct pt_format pt_format_vtd_sl3;

/* ---- platform ---- */
/* Probe units (VT-d from ACPI DMAR, SMMUv3 from the DTB), hook PCI ownership. */
int iommu_init(void);
void iommu_report(void);

/* Driver probes called by iommu_init (weak defaults return 0: none found). */
int vtd_probe(void);
int smmuv3_probe(void);

#endif
