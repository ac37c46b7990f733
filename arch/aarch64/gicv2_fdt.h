// SPDX-License-Identifier: MIT
/*
 * The GICv2 node of a device tree, parsed by gicv2_fdt.c (portable).
 */
#ifndef ARCH_GICV2_FDT_H
#define ARCH_GICV2_FDT_H

#include "fdt_platform.h" /* struct fdt_range */

#define GICV2_FRAMES 4 /* GICD, GICC, GICH, GICV */

struct gicv2_desc {
	const char *compat;    /* the compatible string matched (static) */
	struct fdt_range gicd; /* distributor */
	struct fdt_range gicc; /* CPU interface */
	struct fdt_range gich; /* virtual interface control; 0 without the extensions */
	struct fdt_range gicv; /* virtual CPU interface; 0 without the extensions */
	const char *error;     /* why a node was rejected */
};

/*
 * The first enabled GICv2-class node: 0, -ENOENT (none in the tree), or
 * -EINVAL (malformed reg, error set). GICH/GICV are kept only when both are
 * given and plausible.
 */
int gicv2_fdt_parse(const void *fdt, struct gicv2_desc *g);

#endif
