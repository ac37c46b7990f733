// SPDX-License-Identifier: MIT
/*
 * The guest's flattened device tree, written with libfdt's sequential-write
 * API (Devicetree Specification v0.4; bindings: arm/gic-v3.yaml,
 * arm/arch_timer.yaml, arm/psci.yaml, serial/pl011.yaml, chosen.yaml).
 * The blob keeps the buffer's free space: a later PCI host bridge node goes
 * in with fdt_open_into + fdt_add_subnode. Portable: host-tested with libfdt.
 */
#include <errno.h>
#include <stdio.h>
#include <libfdt.h>
#include "hv_priv.h"

#define PH_GIC	     1
#define PH_CLK	     2
#define GIC_SPI	     0
#define GIC_PPI	     1
#define IRQ_LEVEL_HI 4
#define IRQ_PPI_CPUS 0xf04 /* level-high, all CPUs in the PPI mask (gic-v3 binding) */
#define UART_CLK_HZ  24000000

static int prop_u64s(void *fdt, const char *name, const uint64_t *v, unsigned n)
{
	fdt64_t cells[4];

	for (unsigned i = 0; i < n; i++)
		cells[i] = cpu_to_fdt64(v[i]);
	return fdt_property(fdt, name, cells, n * sizeof(cells[0]));
}

static int prop_u32s(void *fdt, const char *name, const uint32_t *v, unsigned n)
{
	fdt32_t cells[12];

	for (unsigned i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, n * sizeof(cells[0]));
}

/* Every call returns 0 or a negative libfdt error: chain them and keep the first. */
#define TRY(x)                     \
	do {                       \
		rc = (x);          \
		if (rc)            \
			return rc; \
	} while (0)

static int node_chosen(void *fdt, const struct hv_fdt_params *p)
{
	char path[48];
	int rc;

	TRY(fdt_begin_node(fdt, "chosen"));
	if (p->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	snprintf(path, sizeof(path), "/pl011@%llx", (unsigned long long)HV_GUEST_UART_BASE);
	TRY(fdt_property_string(fdt, "stdout-path", path));
	if (p->initrd_end > p->initrd_start) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_end));
	}
	return fdt_end_node(fdt);
}

static int node_cpus(void *fdt, const struct hv_fdt_params *p)
{
	char name[24];
	int rc;

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned i = 0; i < p->nvcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
		TRY(fdt_property_u32(fdt, "reg", (uint32_t)(hv_vcpu_mpidr(i) & 0xffffff)));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int node_gic(void *fdt, const struct hv_fdt_params *p)
{
	uint64_t reg[4] = { HV_GUEST_GICD_BASE, HV_GUEST_GICD_SIZE, HV_GUEST_GICR_BASE,
			    HV_GUEST_GICR_FRAME * p->nvcpus };
	uint32_t maint[3] = { GIC_PPI, HV_MAINT_INTID - 16, IRQ_LEVEL_HI };
	char name[32];
	int rc;

	snprintf(name, sizeof(name), "intc@%llx", (unsigned long long)HV_GUEST_GICD_BASE);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#redistributor-regions", 1));
	TRY(prop_u64s(fdt, "reg", reg, 4));
	TRY(prop_u32s(fdt, "interrupts", maint, 3));
	TRY(fdt_property_u32(fdt, "phandle", PH_GIC));
	return fdt_end_node(fdt);
}

static int node_timer_psci(void *fdt, const struct hv_fdt_params *p)
{
	/* Secure phys, non-secure phys, virtual, hypervisor PPIs (arch_timer.yaml). */
	uint32_t irqs[12] = { GIC_PPI,	    13,		  IRQ_PPI_CPUS, GIC_PPI,
			      14,	    IRQ_PPI_CPUS, GIC_PPI,	HV_VTIMER_INTID - 16,
			      IRQ_PPI_CPUS, GIC_PPI,	  10,		IRQ_PPI_CPUS };
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";
	int rc;

	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	TRY(prop_u32s(fdt, "interrupts", irqs, 12));
	TRY(fdt_property(fdt, "always-on", NULL, 0));
	TRY(fdt_end_node(fdt));
	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(fdt_property_string(fdt, "method", p->psci_smc ? "smc" : "hvc"));
	return fdt_end_node(fdt);
}

static int node_uart(void *fdt)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clk_names[] = "uartclk\0apb_pclk";
	uint64_t reg[2] = { HV_GUEST_UART_BASE, HV_GUEST_UART_SIZE };
	uint32_t irq[3] = { GIC_SPI, HV_GUEST_UART_SPI, IRQ_LEVEL_HI };
	uint32_t clocks[2] = { PH_CLK, PH_CLK };
	char name[32];
	int rc;

	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", UART_CLK_HZ));
	TRY(fdt_property_u32(fdt, "phandle", PH_CLK));
	TRY(fdt_end_node(fdt));
	snprintf(name, sizeof(name), "pl011@%llx", (unsigned long long)HV_GUEST_UART_BASE);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(prop_u64s(fdt, "reg", reg, 2));
	TRY(prop_u32s(fdt, "interrupts", irq, 3));
	TRY(prop_u32s(fdt, "clocks", clocks, 2));
	TRY(fdt_property(fdt, "clock-names", clk_names, sizeof(clk_names)));
	return fdt_end_node(fdt);
}

static int build(void *fdt, size_t bufsize, const struct hv_fdt_params *p)
{
	uint64_t mem[2] = { p->ram_base, p->ram_size };
	char name[32];
	int rc;

	TRY(fdt_create(fdt, (int)bufsize));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
	TRY(fdt_property_string(fdt, "model", "vmplat guest"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PH_GIC));
	TRY(node_chosen(fdt, p));
	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)p->ram_base);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(prop_u64s(fdt, "reg", mem, 2));
	TRY(fdt_end_node(fdt));
	TRY(node_cpus(fdt, p));
	TRY(node_gic(fdt, p));
	TRY(node_timer_psci(fdt, p));
	TRY(node_uart(fdt));
	TRY(fdt_end_node(fdt));
	TRY(fdt_finish(fdt));
	/* Grow the totalsize back to the buffer: room for nodes added later. */
	return fdt_open_into(fdt, fdt, (int)bufsize);
}

int hv_fdt_build(void *buf, size_t bufsize, const struct hv_fdt_params *p)
{
	int rc;

	if (!p->nvcpus || p->nvcpus > HV_MAX_VCPUS || !p->ram_size || bufsize > HV_DTB_MAX)
		return -EINVAL;
	rc = build(buf, bufsize, p);
	if (rc == -FDT_ERR_NOSPACE)
		return -ENOSPC;
	return rc ? -EINVAL : 0;
}
