// SPDX-License-Identifier: MIT
/*
 * ACPI DMA Remapping table (VT-d 4.x, chapter 8): remapping hardware
 * units (DRHD) with their device scopes, and reserved memory regions
 * (RMRR) that must stay identity-mapped for the devices in their scope.
 * Portable: parses bytes, resolves scope paths through a callback.
 */
#ifndef DRIVERS_IOMMU_DMAR_H
#define DRIVERS_IOMMU_DMAR_H

#include <vmplat/types.h>

#define DMAR_HDR_LEN	 48 /* ACPI header 36 + HAW 1 + flags 1 + reserved 10 (8.1) */
#define DMAR_MAX_DRHD	 8
#define DMAR_MAX_RMRR	 8
#define DMAR_MAX_SCOPES	 16 /* per structure */
#define DMAR_MAX_PATH	 8  /* (device, function) hops per scope */
#define DMAR_MAX_STRUCTS 256

/* Remapping structure types (8.2). */
#define DMAR_TYPE_DRHD 0
#define DMAR_TYPE_RMRR 1

/* Device scope entry types (8.3.1). */
#define DMAR_SCOPE_ENDPOINT 1
#define DMAR_SCOPE_BRIDGE   2 /* the bridge and everything below it */
#define DMAR_SCOPE_IOAPIC   3
#define DMAR_SCOPE_HPET	    4
#define DMAR_SCOPE_ACPI	    5

#define DMAR_DRHD_INCLUDE_ALL BIT(0) /* DRHD flags (8.3) */
#define DMAR_FLAG_INTR_REMAP  BIT(0) /* DMAR flags (8.1) */

struct dmar_scope {
	uint8_t type, enum_id, start_bus;
	uint8_t npath;
	uint8_t path[DMAR_MAX_PATH][2]; /* device, function */
};

struct dmar_drhd {
	uint8_t flags;
	uint8_t size; /* register set is 2^size pages (8.3, "Size") */
	uint16_t segment;
	paddr_t base;
	struct dmar_scope scope[DMAR_MAX_SCOPES];
	unsigned nscope;
};

struct dmar_rmrr {
	uint16_t segment;
	paddr_t base, limit; /* limit inclusive, 4 KiB aligned end - 1 (8.4) */
	struct dmar_scope scope[DMAR_MAX_SCOPES];
	unsigned nscope;
};

struct dmar_info {
	uint8_t haw; /* host address width: HAW field + 1 */
	uint8_t flags;
	struct dmar_drhd drhd[DMAR_MAX_DRHD];
	unsigned ndrhd;
	struct dmar_rmrr rmrr[DMAR_MAX_RMRR];
	unsigned nrmrr;
	unsigned skipped; /* structures of other types, skipped by length */
	size_t bad_off;	  /* on -EINVAL: offset of the offending structure */
};

/* Parse a checksummed DMAR of len bytes. -EINVAL for zero or overrunning
 * lengths and malformed scopes (out->bad_off says where). */
int dmar_parse(const uint8_t *t, size_t len, struct dmar_info *out);

/* Secondary bus number of the bridge at (bus, devfn), or -1 when absent. */
typedef int (*dmar_secondary_fn)(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn);
/* Walk a scope's path (8.3.1.1): requester id of its final device, or -ENODEV. */
int dmar_scope_resolve(const struct dmar_scope *s, uint16_t seg, dmar_secondary_fn sec, void *ctx,
		       uint16_t *rid);

#endif
