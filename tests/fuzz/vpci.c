// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the virtual PCI config filter (hv/vpci.c,
 * hv/vpci_bar.c): byte 0 picks the virtual device number, bytes 1-6 the
 * sizes of the six physical BARs (log2; bit 7 = 64-bit), the next 256 bytes
 * are the physical function's config space (capability list included), the
 * rest a sequence of guest ECAM accesses of 12 bytes: op (bit 0 write,
 * bits 1-2 log2 size, bit 3 out-of-window/odd size), offset (le32, inside
 * the 1 MiB window), value (le56).
 * The device model must hold: physical config accesses stay inside the
 * function's 4 KiB and are naturally aligned; the only physical write is
 * COMMAND with nothing but bus master / INTx disable changed; stage-2 maps
 * lie in the bridge's MMIO window onto exactly a physical BAR, each BAR at
 * most once, unmaps undo a live map, and after vpci_unmap_all nothing is
 * mapped. The model stage 2 refuses overlapping maps as pt_map does (a
 * guest may program two BARs to one address).
 *   build/fuzz/vpci -max_total_time=60 build/fuzz/corpus-vpci tests/fuzz/corpus/vpci
 */
#include <errno.h>
#include <string.h>
#include "fuzz.h"
#include "vpci.h"

#define CFG_LEN	 256
#define OP_LEN	 12
#define MAX_MAPS 16
#define HPA_BASE 0x4000000000ULL /* physical BARs, 1 TiB apart */

struct phys_fn {
	uint8_t cfg[VPCI_CFG_SIZE];
};

struct s2 {
	struct {
		uint64_t gpa, size;
		paddr_t hpa;
	} m[MAX_MAPS];
	unsigned n;
};

static struct phys_fn phys;
static struct vpci bridge;
static struct vpci_fn_desc desc;
static struct s2 s2;

static uint32_t phys_read(void *ctx, uint16_t off, unsigned width)
{
	struct phys_fn *f = ctx;
	uint32_t v = 0;

	FUZZ_CHECK(width == 1 || width == 2 || width == 4);
	FUZZ_CHECK(off % width == 0 && off + width <= VPCI_CFG_SIZE);
	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)f->cfg[off + i] << (8 * i);
	return v;
}

static void phys_write(void *ctx, uint16_t off, unsigned width, uint32_t val)
{
	struct phys_fn *f = ctx;
	uint16_t old = (uint16_t)(f->cfg[PCI_COMMAND] | f->cfg[PCI_COMMAND + 1] << 8);

	FUZZ_CHECK(off == PCI_COMMAND && width == 2);
	FUZZ_CHECK(((old ^ val) & ~(uint32_t)VPCI_CMD_FORWARD) == 0);
	f->cfg[off] = (uint8_t)val;
	f->cfg[off + 1] = (uint8_t)(val >> 8);
}

static const struct vpci_fn_ops phys_ops = { phys_read, phys_write };

static int s2_map(void *ctx, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	struct s2 *s = ctx;
	bool bar = false;

	FUZZ_CHECK(size && gpa >= bridge.mmio_base && gpa - bridge.mmio_base < bridge.mmio_size &&
		   size <= bridge.mmio_size - (gpa - bridge.mmio_base));
	FUZZ_CHECK(!(gpa & (size - 1)) && !(gpa & (PAGE_SIZE - 1)));
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++)
		bar |= desc.bar[i].size == size && desc.bar[i].hpa == hpa;
	FUZZ_CHECK(bar);
	for (unsigned i = 0; i < s->n; i++) {
		FUZZ_CHECK(s->m[i].hpa != hpa); /* a BAR is mapped once */
		/* Like pt_map (core/pt.c): a range overlapping a live one is refused. */
		if (gpa < s->m[i].gpa + s->m[i].size && s->m[i].gpa < gpa + size)
			return -EEXIST;
	}
	FUZZ_CHECK(s->n < MAX_MAPS);
	s->m[s->n].gpa = gpa;
	s->m[s->n].size = size;
	s->m[s->n].hpa = hpa;
	s->n++;
	return 0;
}

static int s2_unmap(void *ctx, uint64_t gpa, uint64_t size)
{
	struct s2 *s = ctx;

	for (unsigned i = 0; i < s->n; i++) {
		if (s->m[i].gpa == gpa && s->m[i].size == size) {
			s->m[i] = s->m[--s->n];
			return 0;
		}
	}
	FUZZ_CHECK(!"unmap of a range that is not mapped");
	return -1;
}

static const struct vpci_map_ops s2_ops = { s2_map, s2_unmap };

static void setup_bars(const uint8_t *sz)
{
	memset(&desc, 0, sizeof(desc));
	desc.ops = &phys_ops;
	desc.ctx = &phys;
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++) {
		unsigned lg = sz[i] & 0x3f;

		desc.bar[i].mem64 = sz[i] & 0x80;
		desc.bar[i].prefetch = sz[i] & 0x40;
		desc.bar[i].size = lg ? 1ULL << (lg % 40) : 0;
		desc.bar[i].hpa = HPA_BASE * (i + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t head[1 + VPCI_NUM_BARS + CFG_LEN] = { 0 };
	size_t off;

	memcpy(head, data, size < sizeof(head) ? size : sizeof(head));
	memset(&phys, 0, sizeof(phys));
	memcpy(phys.cfg, head + 1 + VPCI_NUM_BARS, CFG_LEN);
	memset(&s2, 0, sizeof(s2));
	setup_bars(head + 1);
	vpci_init(&bridge, VPCI_GUEST_MMIO_BASE, VPCI_GUEST_MMIO_SIZE, &s2_ops, &s2);
	if (vpci_add_fn(&bridge, head[0] & 0x1f, &desc))
		return 0;
	for (off = sizeof(head); off + OP_LEN <= size; off += OP_LEN) {
		const uint8_t *op = data + off;
		unsigned sz = 1U << ((op[0] >> 1) & 3);
		uint64_t eoff = le32_get(op + 1), val = le64_get(op + 4) >> 8, r;

		if (op[0] & 8)
			sz = op[0] >> 4; /* odd sizes: 0..15 */
		else
			eoff &= VPCI_ECAM_SIZE - 1;
		if (op[0] & 1) {
			FUZZ_CHECK(!vpci_ecam_write(&bridge, eoff, sz, val));
		} else {
			FUZZ_CHECK(!vpci_ecam_read(&bridge, eoff, sz, &r));
			FUZZ_CHECK(sz >= 8 || r < (1ULL << (8 * sz)));
		}
	}
	vpci_unmap_all(&bridge);
	FUZZ_CHECK(s2.n == 0);
	return 0;
}
