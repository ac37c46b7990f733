// SPDX-License-Identifier: MIT
/*
 * Address assignment: BARs, expansion ROMs, VF BAR blocks and bridge windows
 * from the host bridge windows. Bridge windows are sized bottom-up, then
 * everything is placed top-down, largest alignment first, each naturally
 * aligned (PCIe 6.0, 7.5.1.2.1; P2P 1.2, 3.2.5). With PCI_HOST_KEEP_FW a
 * firmware address that is aligned and inside its window is kept and only
 * what is missing is placed, above what firmware used.
 */
#include <errno.h>
#include <vmplat/log.h>
#include "pci_internal.h"

/* What can be placed for a device: BARs + ROM, bridge windows, VF BAR blocks. */
#define SLOT_WIN (PCI_NUM_SLOTS)
#define SLOT_VF	 (SLOT_WIN + PCI_RES_COUNT)
#define SLOT_END (SLOT_VF + PCI_NUM_BARS)

struct res {
	uint64_t size, align;
	bool io, pref, is64;
	uint64_t *base;
	bool *assigned;
};

struct win_alloc {
	uint64_t base, end, cur; /* [base, end), next free at cur */
	bool io, prefetch, above4g;
};

static const uint64_t win_gran[PCI_RES_COUNT] = { PCI_IO_WIN_ALIGN, PCI_MEM_WIN_ALIGN,
						  PCI_MEM_WIN_ALIGN };

static bool keep_fw(const struct pci_dev *d)
{
	return d->host->flags & PCI_HOST_KEEP_FW;
}

static bool bar_res(struct pci_bar *b, struct res *r)
{
	if (b->type == PCI_BAR_NONE || !b->size)
		return false;
	/* At least a page, so no two functions share one (an IOMMU maps pages). */
	*r = (struct res){ b->size,
			   b->type == PCI_BAR_IO ? b->size : MAX(b->size, PAGE_SIZE),
			   b->type == PCI_BAR_IO,
			   b->prefetch,
			   b->type == PCI_BAR_MEM64,
			   &b->base,
			   &b->assigned };
	return true;
}

static bool get_res(struct pci_dev *d, unsigned slot, struct res *r)
{
	if (slot < SLOT_WIN)
		return bar_res(&d->bar[slot], r);
	if (slot < SLOT_VF) {
		struct pci_bwin *w = &d->bwin[slot - SLOT_WIN];
		unsigned k = slot - SLOT_WIN;

		if (!pci_dev_is_bridge(d) || !w->present || !w->size)
			return false;
		*r = (struct res){ w->size, w->align, k == PCI_RES_IO, k == PCI_RES_PREF,
				   w->is64, &w->base, &w->assigned };
		return true;
	}
	if (d->sriov && d->sriov->total_vfs && bar_res(&d->sriov->vf_bar[slot - SLOT_VF], r)) {
		r->size *= d->sriov->total_vfs; /* room for every VF, VF n at n * size */
		return true;
	}
	return false;
}

/* Which window of bridge b holds r (P2P 1.2, 3.2.5): -1 when it has none. */
static int bridge_class(const struct pci_dev *b, const struct res *r)
{
	if (r->io)
		return b->bwin[PCI_RES_IO].present ? PCI_RES_IO : -1;
	if (r->pref && b->bwin[PCI_RES_PREF].present)
		return PCI_RES_PREF;
	return PCI_RES_MEM;
}

static unsigned log2_u64(uint64_t v)
{
	return 63u - (unsigned)__builtin_clzll(v);
}

/* Bottom-up: each window as large as its children packed largest-alignment first. */
static void size_windows(struct pci_dev *b)
{
	for (struct pci_dev *c = b->child; c; c = c->sibling)
		if (pci_dev_is_bridge(c))
			size_windows(c);
	for (unsigned k = 0; k < PCI_RES_COUNT; k++) {
		struct pci_bwin *w = &b->bwin[k];
		uint64_t cur = 0, align = win_gran[k];
		bool all64 = true;

		if (!w->present || (keep_fw(b) && w->assigned))
			continue;
		w->assigned = false; /* reset values can look like a window at 0 */
		for (int a = 63; a >= 0; a--) {
			for (struct pci_dev *c = b->child; c; c = c->sibling) {
				for (unsigned s = 0; s < SLOT_END; s++) {
					struct res r;

					if (!get_res(c, s, &r) ||
					    log2_u64(r.align) != (unsigned)a ||
					    bridge_class(b, &r) != (int)k)
						continue;
					cur = ALIGN_UP(cur, r.align) + r.size;
					align = MAX(align, r.align);
					all64 &= r.is64;
				}
			}
		}
		w->size = cur ? ALIGN_UP(cur, win_gran[k]) : 0;
		w->align = align;
		pci_window_reserve(b, k, &w->size, &w->align); /* room for hot-plug */
		w->is64 = k == PCI_RES_PREF && w->cap64 && all64;
	}
}

static bool alloc_at(struct win_alloc *a, const struct res *r, uint64_t *out)
{
	uint64_t base = ALIGN_UP(a->cur, r->align);

	if (base < a->cur || base > a->end || r->size > a->end - base)
		return false;
	if (!r->is64 && !r->io && base + r->size > 4 * GiB)
		return false; /* 32-bit BARs and windows decode below 4 GiB only */
	a->cur = base + r->size;
	*out = base;
	return true;
}

/* Does window a suit r at all (type, prefetchability)? */
static bool suits(const struct win_alloc *a, const struct res *r)
{
	if (a->io != r->io)
		return false;
	return r->io || r->pref || !a->prefetch;
}

/* Candidate windows for r, best first: at the root 64-bit windows for 64-bit
 * resources, then the rest; below a bridge, the one window of its class. */
static unsigned candidates(struct pci_dev *parent, struct win_alloc *a, unsigned n,
			   const struct res *r, struct win_alloc **out)
{
	unsigned m = 0;

	if (parent) {
		int k = bridge_class(parent, r);

		if (k >= 0 && a[k].end > a[k].base)
			out[m++] = &a[k];
		return m;
	}
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < n; i++)
			if (suits(&a[i], r) && a[i].above4g == (pass == 0) && (r->is64 || pass))
				out[m++] = &a[i];
	return m;
}

/* Keep a firmware address when it is aligned and inside one candidate window. */
static bool keep_one(struct pci_dev *parent, struct win_alloc *a, unsigned n, struct res *r)
{
	struct win_alloc *cand[PLAT_MAX_PCI_WINDOWS + 1];
	unsigned m = candidates(parent, a, n, r, cand);
	uint64_t base = *r->base;

	if (!IS_ALIGNED(base, MIN(r->align, r->size)))
		return false;
	if (!parent && !n)
		return true; /* no host windows described: trust firmware */
	for (unsigned i = 0; i < m; i++) {
		if (base >= cand[i]->base && base < cand[i]->end &&
		    r->size <= cand[i]->end - base) {
			cand[i]->cur = MAX(cand[i]->cur, base + r->size);
			return true;
		}
	}
	return false;
}

static void place_one(struct pci_dev *parent, struct pci_dev *c, struct win_alloc *a, unsigned n,
		      struct res *r, unsigned slot)
{
	struct win_alloc *cand[PLAT_MAX_PCI_WINDOWS + 1];
	unsigned m = candidates(parent, a, n, r, cand);

	for (unsigned i = 0; i < m; i++) {
		if (alloc_at(cand[i], r, r->base)) {
			*r->assigned = true;
			return;
		}
	}
	*r->assigned = false;
	if (!parent && !n) /* x86_64 without host windows: only firmware's addresses */
		pci_warn(c, "%s %#llx (slot %u) unassigned: no host bridge window described",
			 r->io ? "I/O" : "memory", (unsigned long long)r->size, slot);
	else
		pci_warn(c, "no room for %s %#llx (slot %u) in the %s window",
			 r->io ? "I/O" : "memory", (unsigned long long)r->size, slot,
			 parent ? "bridge" : "host bridge");
}

static void assign_below(struct pci_dev *parent, struct pci_dev *first, struct win_alloc *a,
			 unsigned n);

static void assign_bridge(struct pci_dev *b)
{
	struct win_alloc a[PCI_RES_COUNT];

	for (unsigned k = 0; k < PCI_RES_COUNT; k++) {
		const struct pci_bwin *w = &b->bwin[k];
		uint64_t end = w->assigned ? w->base + w->size : w->base;

		a[k] = (struct win_alloc){ w->base,	      end,    w->base, k == PCI_RES_IO,
					   k == PCI_RES_PREF, w->is64 };
	}
	assign_below(b, b->child, a, PCI_RES_COUNT);
}

/* Place the resources of `first` and its siblings, then recurse into bridges. */
static void assign_below(struct pci_dev *parent, struct pci_dev *first, struct win_alloc *a,
			 unsigned n)
{
	struct res r;

	for (struct pci_dev *c = first; c; c = c->sibling) {
		for (unsigned s = 0; s < SLOT_END; s++) {
			if (!get_res(c, s, &r))
				continue;
			if (!(keep_fw(c) && *r.assigned && keep_one(parent, a, n, &r)))
				*r.assigned = false;
		}
	}
	for (int al = 63; al >= 0; al--)
		for (struct pci_dev *c = first; c; c = c->sibling)
			for (unsigned s = 0; s < SLOT_END; s++)
				if (get_res(c, s, &r) && !*r.assigned &&
				    log2_u64(r.align) == (unsigned)al)
					place_one(parent, c, a, n, &r, s);
	for (struct pci_dev *c = first; c; c = c->sibling)
		if (pci_dev_is_bridge(c))
			assign_bridge(c);
}

static void host_allocators(const struct pci_host *h, struct win_alloc *a)
{
	for (unsigned i = 0; i < h->nwin; i++) {
		const struct pci_window *w = &h->win[i];

		a[i] = (struct win_alloc){ w->pci_base, w->pci_base + w->size,
					   w->pci_base, w->type == PCI_WIN_IO,
					   w->prefetch, w->type == PCI_WIN_MEM64 };
		/* I/O below 0x1000 is legacy ISA space on PCs; never hand it out. */
		if (a[i].io && a[i].cur < 0x1000)
			a[i].cur = 0x1000;
	}
}

/* Write what was placed: BARs with decode off, windows, then decode on. */
static void program(struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);

	pci_write16(d, PCI_COMMAND, cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
	for (unsigned i = 0; i < PCI_NUM_SLOTS; i++)
		if (d->bar[i].type != PCI_BAR_NONE && d->bar[i].assigned)
			pci_bar_write(d, i);
	if (pci_dev_is_bridge(d))
		pci_bridge_write_windows(d);
	if (d->sriov)
		pci_sriov_write_bars(d);
	/* Unowned endpoints may not master the bus (own.c); bridges must, to forward. */
	if (!pci_dev_is_bridge(d) && d->owner == PCI_DOMAIN_NONE)
		cmd &= (uint16_t)~PCI_CMD_MASTER;
	pci_write16(d, PCI_COMMAND, cmd);
	pci_enable_decode(d);
}

int pci_assign_host(struct pci_host *h)
{
	struct win_alloc a[PLAT_MAX_PCI_WINDOWS];
	int unassigned = 0;

	for (struct pci_dev *c = h->root; c; c = c->sibling)
		if (pci_dev_is_bridge(c))
			size_windows(c);
	host_allocators(h, a);
	assign_below(NULL, h->root, a, h->nwin);
	pci_for_each_dev (d) {
		if (d->host != h || d->pf)
			continue;
		program(d);
		/* An expansion ROM without an address is no fault: nothing needs to run it. */
		for (unsigned i = 0; i < PCI_NUM_BARS; i++)
			unassigned += d->bar[i].type != PCI_BAR_NONE && !d->bar[i].assigned;
	}
	return unassigned ? -ENOSPC : 0;
}

/* Hot-plug (hotplug_bus.c overrides): grow a bridge window for devices added later. */
__weak void pci_window_reserve(const struct pci_dev *b, enum pci_res_class k, uint64_t *size,
			       uint64_t *align)
{
	(void)b;
	(void)k;
	(void)size;
	(void)align;
}

static bool below(const struct pci_dev *d, const struct pci_dev *b)
{
	for (unsigned depth = 0; d && depth < PCI_MAX_BUSES; d = d->parent, depth++)
		if (d->parent == b)
			return true;
	return false;
}

int pci_assign_bridge(struct pci_dev *b)
{
	int unassigned = 0;

	for (struct pci_dev *c = b->child; c; c = c->sibling)
		if (pci_dev_is_bridge(c))
			size_windows(c);
	assign_bridge(b);
	pci_for_each_dev (d) {
		if (!below(d, b) || d->pf)
			continue;
		program(d);
		for (unsigned i = 0; i < PCI_NUM_BARS; i++)
			unassigned += d->bar[i].type != PCI_BAR_NONE && !d->bar[i].assigned;
	}
	return unassigned ? -ENOSPC : 0;
}
