// SPDX-License-Identifier: MIT
/*
 * Device-tree parsing for the aarch64 platform (Devicetree Specification
 * v0.4; bindings: memory 3.4, reserved-memory 3.5, chosen 3.6, cpus 3.7,
 * arm,psci, arm,gic-v3, arm,armv8-timer, pci-host-ecam-generic). Uses libfdt
 * only and never trusts a length: every property is checked against the
 * cell counts before it is read. Portable: also built by tests/unit/fdt.
 */
#include <errno.h>
#include <libfdt.h>
#include <string.h>

#include "fdt_platform.h"

#define FDT_MAX_CELLS 2 /* 64-bit addresses and sizes */
#define PPI_BASE      16
#define SPI_BASE      32
#define GIC_IRQ_CELLS 3 /* arm,gic-v3 #interrupt-cells: type, number, flags */
#define ECAM_BUS_SIZE (1u << 20)

static int fail(struct fdt_desc *d, int err, const char *why)
{
	d->error = why;
	return err;
}

static uint64_t cells_get(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_ld(&p[i]);
	return v;
}

static bool node_enabled(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	if (!s)
		return true;
	return len > 0 && (!strncmp(s, "okay", (size_t)len) || !strncmp(s, "ok", (size_t)len));
}

/* #address-cells / #size-cells that apply to node's reg (its parent's). */
static int reg_cells(const void *fdt, int node, int *ac, int *sc)
{
	int parent = fdt_parent_offset(fdt, node);

	if (parent < 0)
		return -EINVAL;
	*ac = fdt_address_cells(fdt, parent);
	*sc = fdt_size_cells(fdt, parent);
	if (*ac < 1 || *ac > FDT_MAX_CELLS || *sc < 0 || *sc > FDT_MAX_CELLS)
		return -EINVAL;
	return 0;
}

/* Entry idx of node's reg: -ENOENT past the end, -EINVAL for a malformed property. */
static int reg_get(const void *fdt, int node, unsigned idx, struct fdt_range *r)
{
	int ac, sc, len;
	const fdt32_t *p;
	size_t entry;

	if (reg_cells(fdt, node, &ac, &sc))
		return -EINVAL;
	p = fdt_getprop(fdt, node, "reg", &len);
	if (!p)
		return -ENOENT;
	entry = (size_t)(ac + sc) * sizeof(fdt32_t);
	if (len <= 0 || (size_t)len % entry)
		return -EINVAL;
	if ((size_t)idx >= (size_t)len / entry)
		return -ENOENT;
	p += (size_t)idx * (size_t)(ac + sc);
	r->base = cells_get(p, ac);
	r->size = cells_get(p + ac, sc);
	return 0;
}

/* A u32 property of exactly 4 bytes; -ENOENT absent, -EINVAL wrong length. */
static int prop_u32(const void *fdt, int node, const char *name, uint32_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len != sizeof(*p))
		return -EINVAL;
	*v = fdt32_ld(p);
	return 0;
}

/* A string property that must be NUL-terminated inside its length. */
static const char *prop_str(const void *fdt, int node, const char *name, bool *bad)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s)
		return NULL;
	if (len <= 0 || strnlen(s, (size_t)len) >= (size_t)len) {
		*bad = true;
		return NULL;
	}
	return s;
}

static int parse_memory(const void *fdt, struct fdt_desc *d)
{
	int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);

	for (; node >= 0;
	     node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7)) {
		struct fdt_range r;
		int rc;

		if (!node_enabled(fdt, node))
			continue;
		for (unsigned i = 0; !(rc = reg_get(fdt, node, i, &r)); i++) {
			if (!r.size || r.base + r.size < r.base)
				return fail(d, -EINVAL, "/memory reg: empty or wrapping range");
			if (d->nmem >= FDT_MAX_MEM)
				return fail(d, -EINVAL, "/memory: too many ranges");
			d->mem[d->nmem++] = r;
		}
		if (rc == -EINVAL)
			return fail(d, rc, "/memory reg: length not a multiple of the cells");
	}
	if (!d->nmem)
		return fail(d, -ENOENT, "no /memory node with a usable reg");
	return 0;
}

int fdt_add_reserved(struct fdt_desc *d, uint64_t base, uint64_t size)
{
	if (!size)
		return 0;
	if (d->nrsv >= FDT_MAX_RSV)
		return -ENOSPC;
	d->rsv[d->nrsv++] = (struct fdt_range){ base, size };
	return 0;
}

static int parse_reserved(const void *fdt, struct fdt_desc *d)
{
	int n = fdt_num_mem_rsv(fdt), rm, child;

	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) || fdt_add_reserved(d, base, size))
			return fail(d, -EINVAL, "/memreserve/: unreadable or too many");
	}
	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm < 0)
		return 0;
	fdt_for_each_subnode (child, fdt, rm) {
		struct fdt_range r;
		int rc;

		for (unsigned i = 0; !(rc = reg_get(fdt, child, i, &r)); i++) {
			if (fdt_add_reserved(d, r.base, r.size))
				return fail(d, -EINVAL, "/reserved-memory: too many ranges");
		}
		if (rc == -EINVAL)
			return fail(d, rc, "/reserved-memory child: bad reg");
	}
	return 0;
}

/* linux,initrd-start/-end: 32- or 64-bit values (chosen binding). */
static int prop_addr(const void *fdt, int node, const char *name, uint64_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len != 4 && len != 8)
		return -EINVAL;
	*v = cells_get(p, len / 4);
	return 0;
}

static int chosen_uart(const void *fdt, const char *path, struct fdt_desc *d)
{
	const char *colon = strchr(path, ':');
	int n = colon ? (int)(colon - path) : (int)strlen(path);
	struct fdt_range r;
	/* Resolves aliases ("serial0") as well as full paths. */
	int node = fdt_path_offset_namelen(fdt, path, n);

	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,pl011"))
		return -ENOENT;
	if (reg_get(fdt, node, 0, &r))
		return -EINVAL;
	d->uart_base = r.base;
	return 0;
}

static int parse_chosen(const void *fdt, struct fdt_desc *d)
{
	int node = fdt_path_offset(fdt, "/chosen");
	uint64_t start, end;
	const char *stdout_path;
	bool bad = false;

	if (node < 0)
		return 0;
	d->bootargs = prop_str(fdt, node, "bootargs", &bad);
	stdout_path = prop_str(fdt, node, "stdout-path", &bad);
	if (bad)
		return fail(d, -EINVAL, "/chosen: unterminated string property");
	if (stdout_path && chosen_uart(fdt, stdout_path, d) == -EINVAL)
		return fail(d, -EINVAL, "/chosen/stdout-path: bad path or reg");
	if (!prop_addr(fdt, node, "linux,initrd-start", &start) &&
	    !prop_addr(fdt, node, "linux,initrd-end", &end) && end > start)
		fdt_add_reserved(d, start, end - start);
	return 0;
}

static int parse_cpus(const void *fdt, struct fdt_desc *d)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, ac, len;

	if (cpus < 0)
		return fail(d, -EINVAL, "no /cpus node");
	ac = fdt_address_cells(fdt, cpus);
	if (ac < 1 || ac > FDT_MAX_CELLS)
		return fail(d, -EINVAL, "/cpus: bad #address-cells");
	d->cpus_psci = true;
	fdt_for_each_subnode (node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", &len);
		const fdt32_t *reg;
		bool bad = false;
		const char *em;

		if (!type || len != 4 || memcmp(type, "cpu", 4) || !node_enabled(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len != ac * (int)sizeof(fdt32_t))
			return fail(d, -EINVAL,
				    "/cpus/cpu: reg length does not match #address-cells");
		if (d->ncpus >= FDT_MAX_CPUS)
			return fail(d, -EINVAL, "/cpus: too many CPUs");
		d->cpu_hwid[d->ncpus++] = cells_get(reg, ac);
		em = prop_str(fdt, node, "enable-method", &bad);
		if (bad)
			return fail(d, -EINVAL, "/cpus/cpu: bad enable-method");
		if (!em || strcmp(em, "psci"))
			d->cpus_psci = false;
	}
	if (!d->ncpus)
		return fail(d, -EINVAL, "/cpus: no cpu nodes");
	return 0;
}

static int parse_psci(const void *fdt, struct fdt_desc *d)
{
	static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
	bool bad = false;
	const char *m;
	int node = -1;

	for (unsigned i = 0; i < ARRAY_SIZE(compat) && node < 0; i++)
		node = fdt_node_offset_by_compatible(fdt, -1, compat[i]);
	if (node < 0)
		return 0;
	m = prop_str(fdt, node, "method", &bad);
	if (bad)
		return fail(d, -EINVAL, "/psci: bad method");
	if (m && !strcmp(m, "smc"))
		d->psci = FDT_PSCI_SMC;
	else if (m && !strcmp(m, "hvc"))
		d->psci = FDT_PSCI_HVC;
	return 0;
}

/* reg[0] of the first enabled node compatible with compat; 0 if none. */
static int first_compatible(const void *fdt, const char *compat, int *out)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, compat);

	while (node >= 0 && !node_enabled(fdt, node))
		node = fdt_node_offset_by_compatible(fdt, node, compat);
	*out = node;
	return node >= 0;
}

static int parse_devices(const void *fdt, struct fdt_desc *d)
{
	struct fdt_range r;
	int node;

	if (!d->uart_base && first_compatible(fdt, "arm,pl011", &node)) {
		if (reg_get(fdt, node, 0, &r))
			return fail(d, -EINVAL, "arm,pl011: bad reg");
		d->uart_base = r.base;
	}
	if (first_compatible(fdt, "arm,pl031", &node)) {
		if (reg_get(fdt, node, 0, &r))
			return fail(d, -EINVAL, "arm,pl031: bad reg");
		d->rtc_base = r.base;
	}
	return 0;
}

static int parse_gic(const void *fdt, struct fdt_desc *d)
{
	uint32_t nregions = 1;
	int node, rc;

	if (!first_compatible(fdt, "arm,gic-v3", &node))
		return 0;
	rc = prop_u32(fdt, node, "#redistributor-regions", &nregions);
	if (rc == -EINVAL || nregions == 0 || nregions > FDT_MAX_GICR)
		return fail(d, -EINVAL, "arm,gic-v3: bad #redistributor-regions");
	if (reg_get(fdt, node, 0, &d->gicd))
		return fail(d, -EINVAL, "arm,gic-v3: bad distributor reg");
	for (unsigned i = 0; i < nregions; i++) {
		if (reg_get(fdt, node, 1 + i, &d->gicr[i]))
			return fail(d, -EINVAL, "arm,gic-v3: missing redistributor reg");
	}
	d->ngicr = nregions;
	return 0;
}

static int parse_timer(const void *fdt, struct fdt_desc *d)
{
	const fdt32_t *p;
	int node, len;
	unsigned n;

	if (!first_compatible(fdt, "arm,armv8-timer", &node))
		return 0;
	p = fdt_getprop(fdt, node, "interrupts", &len);
	if (!p)
		return 0;
	if (len <= 0 || len % (GIC_IRQ_CELLS * 4))
		return fail(d, -EINVAL, "arm,armv8-timer: interrupts length");
	n = (unsigned)len / (GIC_IRQ_CELLS * 4);
	for (unsigned i = 0; i < n && i < FDT_TIMER_N; i++) {
		uint32_t type = fdt32_ld(&p[i * GIC_IRQ_CELLS]);
		uint32_t num = fdt32_ld(&p[i * GIC_IRQ_CELLS + 1]);

		if (type > 1 || num >= 988)
			return fail(d, -EINVAL, "arm,armv8-timer: bad interrupt specifier");
		d->timer_intid[i] = num + (type ? PPI_BASE : SPI_BASE);
	}
	return 0;
}

/*
 * PCI `ranges`: (phys.hi phys.mid phys.lo) child address, parent address in
 * the parent's #address-cells, 2-cell size. phys.hi: ss (bits 25:24) is the
 * space (1 I/O, 2 32-bit, 3 64-bit memory), p (bit 30) prefetchable.
 */
#define PCI_ADDR_CELLS	3
#define PCI_SIZE_CELLS	2
#define PCI_HI_SPACE(h) (((h) >> 24) & 3)
#define PCI_HI_PREFETCH (1u << 30)

static int parse_pci_ranges(const void *fdt, int node, struct fdt_ecam *e)
{
	int pac, psc, len;
	const fdt32_t *p = fdt_getprop(fdt, node, "ranges", &len);
	size_t entry, n;

	if (!p)
		return 0;
	if (reg_cells(fdt, node, &pac, &psc))
		return -EINVAL;
	entry = (size_t)(PCI_ADDR_CELLS + pac + PCI_SIZE_CELLS) * sizeof(fdt32_t);
	if (len <= 0 || (size_t)len % entry)
		return -EINVAL;
	n = (size_t)len / entry;
	for (size_t i = 0; i < n; i++, p += entry / sizeof(fdt32_t)) {
		uint32_t hi = fdt32_ld(&p[0]);
		struct pci_window *w;

		if (PCI_HI_SPACE(hi) == 0 || e->nwin >= PLAT_MAX_PCI_WINDOWS)
			continue; /* config space is the ECAM itself */
		w = &e->win[e->nwin++];
		w->type = PCI_HI_SPACE(hi) == 1 ? PCI_WIN_IO :
			  PCI_HI_SPACE(hi) == 2 ? PCI_WIN_MEM32 :
						  PCI_WIN_MEM64;
		w->prefetch = hi & PCI_HI_PREFETCH;
		w->pci_base = cells_get(&p[1], 2);
		w->cpu_base = cells_get(&p[PCI_ADDR_CELLS], pac);
		w->size = cells_get(&p[PCI_ADDR_CELLS + pac], PCI_SIZE_CELLS);
	}
	return 0;
}

static int parse_ecam_node(const void *fdt, int node, struct fdt_desc *d)
{
	struct fdt_ecam *e = &d->ecam[d->necam];
	struct fdt_range r;
	uint32_t seg = d->necam;
	const fdt32_t *br;
	int len;

	if (reg_get(fdt, node, 0, &r) || r.size < ECAM_BUS_SIZE)
		return fail(d, -EINVAL, "pci-host-ecam-generic: bad reg");
	if (prop_u32(fdt, node, "linux,pci-domain", &seg) == -EINVAL || seg > 0xffff)
		return fail(d, -EINVAL, "pci-host-ecam-generic: bad linux,pci-domain");
	e->segment = (uint16_t)seg;
	e->base = r.base;
	e->size = r.size;
	e->bus_start = 0;
	e->bus_end = (uint8_t)MIN(255u, r.size / ECAM_BUS_SIZE - 1);
	br = fdt_getprop(fdt, node, "bus-range", &len);
	if (br) {
		uint32_t s, end;

		if (len != 8)
			return fail(d, -EINVAL, "pci-host-ecam-generic: bus-range length");
		s = fdt32_ld(&br[0]);
		end = fdt32_ld(&br[1]);
		if (s > end || end > 255 || (uint64_t)(end - s + 1) * ECAM_BUS_SIZE > r.size)
			return fail(d, -EINVAL, "pci-host-ecam-generic: bus-range outside reg");
		e->bus_start = (uint8_t)s;
		e->bus_end = (uint8_t)end;
	}
	if (parse_pci_ranges(fdt, node, e))
		return fail(d, -EINVAL, "pci-host-ecam-generic: bad ranges");
	d->necam++;
	return 0;
}

static int parse_ecam(const void *fdt, struct fdt_desc *d)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");

	for (; node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "pci-host-ecam-generic")) {
		int rc;

		if (!node_enabled(fdt, node) || d->necam >= FDT_MAX_ECAM)
			continue;
		rc = parse_ecam_node(fdt, node, d);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * libfdt 1.6.1 (Debian's, which the firmware links) loops forever in
 * fdt_check_full when a property length wraps fdt_next_tag's int offset
 * back onto the same or an earlier tag (len 0xfffffff4: next == offset).
 * Walk the tags first: each must move forward (at least one 4-byte token,
 * DTSpec 5.4.1), so the walk ends within totalsize / 4 steps.
 */
static bool tags_advance(const void *fdt)
{
	int off = 0, next = 0;

	for (uint32_t n = 0; n <= fdt_totalsize(fdt) / FDT_TAGSIZE; n++) {
		if (fdt_next_tag(fdt, off, &next) == FDT_END)
			return true; /* the end, or an error fdt_check_full reports */
		if (next <= off)
			return false;
		off = next;
	}
	return false;
}

int fdt_parse(const void *fdt, struct fdt_desc *d)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if (!fdt)
		return fail(d, -EINVAL, "no DTB was passed (x0 = 0)");
	if (fdt_magic(fdt) != FDT_MAGIC || fdt_check_header(fdt))
		return fail(d, -EINVAL, "DTB header is invalid (bad magic, version or sizes)");
	if (fdt_totalsize(fdt) > FDT_MAX_SIZE)
		return fail(d, -EINVAL, "DTB totalsize is over 64 MiB");
	/*
	 * libfdt 1.6.1's fdt_check_full dereferences NULL for a pre-16 blob whose
	 * root node name has no '/' (fdt_get_name fails); DTSpec 5.2 wants 17.
	 */
	if (fdt_version(fdt) < 16)
		return fail(d, -EINVAL, "DTB version is older than 16 (DTSpec 5.2 wants 17)");
	if (!tags_advance(fdt))
		return fail(d, -EINVAL, "DTB property length runs backwards (structure block)");
	if (fdt_check_full(fdt, fdt_totalsize(fdt)))
		return fail(d, -EINVAL, "DTB structure is corrupt (fdt_check_full failed)");
	if ((rc = parse_memory(fdt, d)) || (rc = parse_reserved(fdt, d)) ||
	    (rc = parse_chosen(fdt, d)) || (rc = parse_cpus(fdt, d)) || (rc = parse_psci(fdt, d)) ||
	    (rc = parse_devices(fdt, d)) || (rc = parse_gic(fdt, d)) ||
	    (rc = parse_timer(fdt, d)) || (rc = parse_ecam(fdt, d)))
		return rc;
	return 0;
}

/* Reservations clipped to [base, end), sorted, in out; returns the count. */
static unsigned clip_reserved(const struct fdt_desc *d, uint64_t base, uint64_t end,
			      struct fdt_range *out)
{
	unsigned n = 0;

	for (unsigned i = 0; i < d->nrsv; i++) {
		uint64_t s = MAX(base, d->rsv[i].base);
		uint64_t e = d->rsv[i].base + d->rsv[i].size < d->rsv[i].base ?
				     UINT64_MAX :
				     d->rsv[i].base + d->rsv[i].size;
		unsigned j;

		e = MIN(end, e);
		if (s >= e)
			continue;
		for (j = n; j > 0 && out[j - 1].base > s; j--)
			out[j] = out[j - 1];
		out[j] = (struct fdt_range){ s, e - s };
		n++;
	}
	return n;
}

int fdt_mem_layout(const struct fdt_desc *d, int (*emit)(uint64_t, uint64_t, bool, void *),
		   void *ctx)
{
	struct fdt_range rs[FDT_MAX_RSV];

	for (unsigned m = 0; m < d->nmem; m++) {
		uint64_t pos = d->mem[m].base, end = d->mem[m].base + d->mem[m].size;
		unsigned n = clip_reserved(d, pos, end, rs);
		int rc;

		for (unsigned i = 0; i < n; i++) {
			uint64_t rend = rs[i].base + rs[i].size;

			if (rend <= pos)
				continue; /* inside an earlier, overlapping reservation */
			if (rs[i].base > pos && (rc = emit(pos, rs[i].base - pos, false, ctx)))
				return rc;
			if ((rc = emit(MAX(pos, rs[i].base), rend - MAX(pos, rs[i].base), true,
				       ctx)))
				return rc;
			pos = rend;
		}
		if (pos < end && (rc = emit(pos, end - pos, false, ctx)))
			return rc;
	}
	return 0;
}
