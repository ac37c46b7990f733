// SPDX-License-Identifier: MIT
/*
 * What the snapshot test guest (tests/guest/snap) and its checkers agree on
 * (snapshot/hv/snap_guest.c, tests/qemu/scenarios/snap_*.py): the guest
 * counts; iteration c writes snapg_word(c) into word (c / SNAPG_PAGES) %
 * 512 of work page c % SNAPG_PAGES and then c into the status page. So the
 * whole work area is a function of the count alone, and a restored guest
 * must hold exactly the area that belongs to its count.
 */
#ifndef SNAP_ABI_H
#define SNAP_ABI_H

#include <stdint.h>

#define SNAPG_RAM_BASE 0x40000000ULL
#define SNAPG_RAM_SIZE (16ULL << 20)
#define SNAPG_UART     0x09000000ULL
#define SNAPG_STATUS   (SNAPG_RAM_BASE + (4ULL << 20)) /* magic, count */
#define SNAPG_MAGIC    0x534e415047554553ULL	       /* "SEUGPANS" */
#define SNAPG_AREA     (SNAPG_STATUS + 4096)
#define SNAPG_PAGES    1024	  /* work pages: 4 MiB after the status page */
#define SNAPG_PRINT    (1u << 18) /* a "snapguest count=" line every this many */
/* `vm start snap pci` sets SNAPG_CTL_PCI in SNAPG_CTL before the guest runs: it then
 * enables virtual function 00:00.0 (BAR 0 at SNAPG_BAR, memory decode + bus master);
 * an edu there also gets a factorial n = (c / SNAPG_PRINT) % 10 + 3 every SNAPG_PRINT
 * iterations, the result kept in SNAPG_EDU and checked against the device first. */
#define SNAPG_CTL      (SNAPG_STATUS + 16)
#define SNAPG_CTL_PCI  1
#define SNAPG_EDU      (SNAPG_STATUS + 24)
#define SNAPG_ECAM     0x3f000000ULL /* hv/vpci.h VPCI_GUEST_ECAM_BASE, device 0 */
#define SNAPG_BAR      0x10000000ULL /* VPCI_GUEST_MMIO_BASE */

static inline uint64_t snapg_word(uint64_t c)
{
	uint64_t x = c + 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

#endif
