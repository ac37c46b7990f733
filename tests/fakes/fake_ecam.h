// SPDX-License-Identifier: MIT
/*
 * A simulated PCI segment for host tests: functions with byte-level
 * configuration space and per-bit write masks (so BAR sizing, bus numbers
 * and windows behave as hardware does), bridges that route by their
 * secondary/subordinate numbers, SR-IOV VFs that appear on VF Enable, FLR,
 * and counters of every config access. Served through struct pci_cfg_ops.
 */
#ifndef FAKE_ECAM_H
#define FAKE_ECAM_H

#include <vmplat/pci.h>

#define FAKE_MAX_FNS 48

struct fake_fn {
	bool used;
	int parent; /* index of the bridge above, -1 on the root bus */
	uint8_t devfn;
	uint8_t cfg[4096];
	uint8_t wmask[4096];		   /* writable bits */
	uint16_t cap_tail, ext_tail, pcie; /* list building; PCIe cap offset */
	uint16_t sriov;			   /* SR-IOV cap offset (PFs) */
	int pf;				   /* VFs: index of the PF, else -1 */
	unsigned vf_index;
	long ones_after; /* >= 0: reads after this many return all-ones */
	unsigned long reads, writes;
	unsigned flr_count;
};

struct fake_ecam {
	struct fake_fn fn[FAKE_MAX_FNS];
	unsigned long reads, writes, absent_reads;
};

extern const struct pci_cfg_ops fake_ecam_ops;

void fake_ecam_init(struct fake_ecam *fe);
/* Add a function below bridge `parent` (-1: root bus); returns its index. */
int fake_add_fn(struct fake_ecam *fe, int parent, unsigned dev, unsigned fn, uint16_t vendor,
		uint16_t device, uint32_t class_code, unsigned hdr_type);
void fake_set_multifunction(struct fake_ecam *fe, int f);
/* BAR i: PCI_BAR_IO / MEM32 / MEM64 (uses i and i+1) of a power-of-two size. */
void fake_add_bar(struct fake_ecam *fe, int f, unsigned i, enum pci_bar_type t, uint64_t size,
		  bool pref);
void fake_add_rom(struct fake_ecam *fe, int f, uint32_t size);
/* Append a capability of len bytes at off; returns off. */
uint16_t fake_add_cap(struct fake_ecam *fe, int f, uint8_t id, uint16_t off, unsigned len);
uint16_t fake_add_ext_cap(struct fake_ecam *fe, int f, uint16_t id, uint16_t off, unsigned len);
/* PCI Express capability with this Device/Port Type; flr: DevCap FLR bit. */
uint16_t fake_add_pcie(struct fake_ecam *fe, int f, unsigned port_type, bool flr, bool ari_fwd);
/* SR-IOV PF: TotalVFs VFs at PF + offset + n * stride, VF BAR0 mem64 of vf_bar0 bytes. */
void fake_add_sriov(struct fake_ecam *fe, int pf, uint16_t off, unsigned total, uint16_t first,
		    uint16_t stride, uint16_t vf_device, uint64_t vf_bar0);

uint32_t fake_cfg_read(struct fake_ecam *fe, int f, uint16_t off, unsigned width);
void fake_cfg_set(struct fake_ecam *fe, int f, uint16_t off, unsigned width, uint32_t val);
/* The function answering at bus/devfn now, or -1. */
int fake_lookup(struct fake_ecam *fe, uint8_t bus, uint8_t devfn);

#endif
