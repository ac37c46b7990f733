// SPDX-License-Identifier: MIT
/*
 * The virtual host bridge in the guest device tree: a pci-host-ecam-generic
 * node (bindings: pci/host-generic-pci.yaml, pci/pci.txt, IEEE 1275 PCI
 * bus binding for the 3-cell addresses) added to the blob hv_fdt_build left
 * with free space. One bus (bus-range 0 0), one 32-bit non-prefetchable
 * window where the guest places BARs (child address = CPU address), INTx
 * of device N pin P on SPI VPCI_GUEST_INTX_SPI0 + (N + P - 1) % 4 (the
 * QEMU virt swizzle). No msi-map or iommu-map: MSIs are not offered and
 * the SMMU is the hypervisor's.
 */
#include <errno.h>
#include <stdio.h>
#include <libfdt.h>
#include "vpci.h"

#define PCI_SPACE_MEM32	 0x02000000u /* phys.hi: ss = 10 (32-bit memory) */
#define GIC_SPI		 0
#define IRQ_LEVEL_HI	 4
#define INTX_MAP_ENTRIES 16 /* 4 device numbers (mask 0x1800) x 4 pins */
#define INTX_ENTRY_CELLS 8  /* child unit (3) + pin + parent phandle + GIC spec (3) */

static int prop_cells(void *fdt, int node, const char *name, const uint32_t *v, unsigned n)
{
	fdt32_t buf[INTX_MAP_ENTRIES * INTX_ENTRY_CELLS];

	if (n > ARRAY_SIZE(buf))
		return -FDT_ERR_BADVALUE;
	for (unsigned i = 0; i < n; i++)
		buf[i] = cpu_to_fdt32(v[i]);
	return fdt_setprop(fdt, node, name, buf, (int)(n * sizeof(fdt32_t)));
}

static int add_intx_map(void *fdt, int node, uint32_t gic)
{
	static const uint32_t mask[4] = { 0x1800, 0, 0, 7 };
	uint32_t map[INTX_MAP_ENTRIES * INTX_ENTRY_CELLS];
	unsigned n = 0;
	int rc;

	for (uint32_t dev = 0; dev < 4; dev++) {
		for (uint32_t pin = 1; pin <= 4; pin++) {
			uint32_t e[INTX_ENTRY_CELLS] = { dev << 11,
							 0,
							 0,
							 pin,
							 gic,
							 GIC_SPI,
							 VPCI_GUEST_INTX_SPI0 + (dev + pin - 1) % 4,
							 IRQ_LEVEL_HI };

			for (unsigned i = 0; i < INTX_ENTRY_CELLS; i++)
				map[n++] = e[i];
		}
	}
	rc = prop_cells(fdt, node, "interrupt-map-mask", mask, 4);
	return rc ? rc : prop_cells(fdt, node, "interrupt-map", map, n);
}

static int add_node(void *fdt, const struct vpci *b, uint64_t ecam, uint32_t gic)
{
	const uint32_t reg[4] = { (uint32_t)(ecam >> 32), (uint32_t)ecam, 0, VPCI_ECAM_SIZE };
	const uint32_t bus_range[2] = { 0, 0 };
	const uint32_t ranges[7] = { PCI_SPACE_MEM32,	     (uint32_t)(b->mmio_base >> 32),
				     (uint32_t)b->mmio_base, (uint32_t)(b->mmio_base >> 32),
				     (uint32_t)b->mmio_base, (uint32_t)(b->mmio_size >> 32),
				     (uint32_t)b->mmio_size };
	char name[32];
	int node, rc;

	snprintf(name, sizeof(name), "pcie@%llx", (unsigned long long)ecam);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	if ((rc = fdt_setprop_string(fdt, node, "compatible", "pci-host-ecam-generic")) ||
	    (rc = fdt_setprop_string(fdt, node, "device_type", "pci")) ||
	    (rc = fdt_setprop_u32(fdt, node, "#address-cells", 3)) ||
	    (rc = fdt_setprop_u32(fdt, node, "#size-cells", 2)) ||
	    (rc = fdt_setprop_u32(fdt, node, "#interrupt-cells", 1)) ||
	    (rc = fdt_setprop_u32(fdt, node, "linux,pci-domain", 0)) ||
	    (rc = fdt_setprop(fdt, node, "dma-coherent", NULL, 0)) ||
	    (rc = prop_cells(fdt, node, "reg", reg, 4)) ||
	    (rc = prop_cells(fdt, node, "bus-range", bus_range, 2)) ||
	    (rc = prop_cells(fdt, node, "ranges", ranges, 7)))
		return rc;
	return add_intx_map(fdt, node, gic);
}

int vpci_fdt_add(void *fdt, size_t bufsize, const struct vpci *b, uint64_t ecam_base,
		 uint32_t gic_phandle)
{
	int rc = fdt_open_into(fdt, fdt, (int)bufsize);

	if (!rc)
		rc = add_node(fdt, b, ecam_base, gic_phandle);
	if (rc == -FDT_ERR_NOSPACE)
		return -ENOSPC;
	return rc ? -EINVAL : 0;
}
