// SPDX-License-Identifier: MIT
/*
 * The GICv2 node of a device tree (Linux binding arm,gic.yaml): reg is the
 * distributor, the CPU interface and, with the virtualization extensions,
 * GICH and GICV (IHI 0048B 5.3, 5.5). libfdt only, every length checked:
 * portable, also built by tests/unit/gicv2.
 */
#include <errno.h>
#include <libfdt.h>
#include <string.h>

#include "gicv2_fdt.h"
#include "gicv2_regs.h"

#define GICV2_FDT_MAX_CELLS 2

/* Compatible strings of GICv2-class controllers an arm64 board can carry. */
static const char *const gicv2_compat[] = {
	"arm,gic-400",	     "arm,cortex-a15-gic", "arm,cortex-a7-gic",
	"arm,cortex-a9-gic", "arm,pl390",	   "arm,gic-v2",
};

static bool enabled(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	if (!s)
		return true;
	return len > 0 && (!strncmp(s, "okay", (size_t)len) || !strncmp(s, "ok", (size_t)len));
}

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_ld(&p[i]);
	return v;
}

/* reg entries of node into r[0..max): the count, or -EINVAL for a malformed property. */
static int reg_read(const void *fdt, int node, struct fdt_range *r, unsigned max)
{
	int parent = fdt_parent_offset(fdt, node), ac, sc, len;
	const fdt32_t *p;
	unsigned n;

	if (parent < 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > GICV2_FDT_MAX_CELLS || sc < 1 || sc > GICV2_FDT_MAX_CELLS)
		return -EINVAL;
	p = fdt_getprop(fdt, node, "reg", &len);
	if (!p || len <= 0 || (size_t)len % ((size_t)(ac + sc) * sizeof(*p)))
		return -EINVAL;
	n = (unsigned)((size_t)len / ((size_t)(ac + sc) * sizeof(*p)));
	for (unsigned i = 0; i < n && i < max; i++, p += ac + sc) {
		r[i].base = cells(p, ac);
		r[i].size = cells(p + ac, sc);
	}
	return (int)(n < max ? n : max);
}

static bool frame_ok(const struct fdt_range *r, uint64_t min)
{
	return r->base && r->size >= min && r->size <= UINT64_MAX - r->base;
}

static int find_node(const void *fdt, const char **compat)
{
	for (unsigned c = 0; c < sizeof(gicv2_compat) / sizeof(gicv2_compat[0]); c++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, gicv2_compat[c]);

		while (node >= 0 && !enabled(fdt, node))
			node = fdt_node_offset_by_compatible(fdt, node, gicv2_compat[c]);
		if (node >= 0) {
			*compat = gicv2_compat[c];
			return node;
		}
	}
	return -ENOENT;
}

int gicv2_fdt_parse(const void *fdt, struct gicv2_desc *g)
{
	struct fdt_range r[GICV2_FRAMES] = { 0 };
	int node, n;

	memset(g, 0, sizeof(*g));
	node = find_node(fdt, &g->compat);
	if (node < 0)
		return -ENOENT;
	n = reg_read(fdt, node, r, GICV2_FRAMES);
	if (n < 2) {
		g->error = "reg needs the distributor and the CPU interface";
		return -EINVAL;
	}
	if (!frame_ok(&r[0], GICD_SIZE_MIN) || !frame_ok(&r[1], GICC_SIZE_MIN)) {
		g->error = "distributor or CPU interface frame below 4 KiB or at 0";
		return -EINVAL;
	}
	g->gicd = r[0];
	g->gicc = r[1];
	if (n == GICV2_FRAMES && frame_ok(&r[2], GICC_SIZE_MIN) && frame_ok(&r[3], GICC_SIZE_MIN)) {
		g->gich = r[2];
		g->gicv = r[3];
	}
	return 0;
}
