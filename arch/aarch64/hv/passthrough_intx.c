// SPDX-License-Identifier: MIT
/*
 * INTx of assigned PCI functions as virtual SPIs (docs/hypervisor-passthrough.md).
 * The function's physical INTx is a level-sensitive SPI on the host GIC,
 * routed (GICD_IROUTER, IHI 0069H 12.9.22) to the physical CPU of the VM's
 * vCPU 0. When it fires: mask it (GICD_ICENABLER), make the virtual SPI
 * pending, kick the vCPU. When the guest has acknowledged and deactivated
 * the virtual SPI (its list register is empty and nothing is pending:
 * hv_intx_sync after hv_vgic_sync), unmask it; a device that still asserts
 * the line interrupts again, so the guest sees a level interrupt.
 */
#include <errno.h>
#include <arch/early.h>
#include "../fdt_platform.h"
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/smp.h>
#include "../../../hv/passthrough.h"
#include "hv_arch.h"

#define INTX_PRIO 0xa0
#define SPI_FIRST 32
#define SPI_LAST  1019

struct intx_route {
	struct hv_vm *vm; /* NULL: free */
	unsigned host, virt;
	volatile bool masked;
	uint64_t count;
};

static struct intx_route routes[HV_PT_MAX_DEVS];

static void spi_enable(unsigned intid, bool on)
{
	if (on)
		gicv3_spi_enable(intid);
	else
		gicv3_spi_disable(intid);
}

static void intx_irq(unsigned irq, void *arg)
{
	struct intx_route *r = arg;
	struct hv_vcpu *t;

	spi_enable(irq, false); /* off until the guest has deactivated the virtual SPI */
	if (!r->vm)
		return;
	r->masked = true;
	r->count++;
	t = hv_vgic_set_pending(r->vm, NULL, r->virt);
	if (t)
		hv_vcpu_kick(t);
}

int arch_hv_intx_route(struct hv_vm *vm, unsigned host_intid, unsigned virt_intid)
{
	struct intx_route *r = NULL;
	unsigned cpu = vm->vcpu[0].pcpu;
	int rc;

	if (host_intid < SPI_FIRST || host_intid > SPI_LAST || virt_intid < SPI_FIRST ||
	    virt_intid >= HV_VGIC_NR)
		return -EINVAL;
	for (unsigned i = 0; i < HV_PT_MAX_DEVS; i++) {
		if (routes[i].vm && routes[i].host == host_intid)
			return routes[i].vm == vm && routes[i].virt == virt_intid ? 0 : -EBUSY;
		if (!routes[i].vm && !r)
			r = &routes[i];
	}
	if (!r)
		return -ENOSPC;
	rc = gicv3_spi_disable(host_intid); /* off while configured; -ENODEV: no distributor */
	if (rc)
		return rc;
	*r = (struct intx_route){ .vm = vm, .host = host_intid, .virt = virt_intid };
	rc = irq_register(host_intid, intx_irq, r);
	if (rc) {
		r->vm = NULL;
		return rc;
	}
	/* INTx is level-sensitive (PCIe 6.0, 2.2.8.1), to vCPU 0's CPU. */
	gicv3_spi_set_trigger(host_intid, false);
	gicv3_spi_set_priority(host_intid, INTX_PRIO);
	gicv3_spi_route(host_intid, cpus[cpu].hwid);
	return gicv3_spi_enable(host_intid);
}

void arch_hv_intx_unroute(struct hv_vm *vm)
{
	for (unsigned i = 0; i < HV_PT_MAX_DEVS; i++) {
		if (routes[i].vm != vm)
			continue;
		spi_enable(routes[i].host, false);
		gicv3_spi_clear_pending(routes[i].host);
		routes[i].vm = NULL;
	}
}

uint64_t arch_hv_intx_count(const struct hv_vm *vm)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < HV_PT_MAX_DEVS; i++)
		n += routes[i].vm == vm ? routes[i].count : 0;
	return n;
}

/* After hv_vgic_sync: a virtual SPI the guest is done with lets its line in again. */
void hv_intx_sync(struct hv_vcpu *v)
{
	for (unsigned i = 0; i < HV_PT_MAX_DEVS; i++) {
		struct intx_route *r = &routes[i];
		struct hv_virq *q;

		if (r->vm != v->vm || !r->masked)
			continue;
		q = hv_vgic_irq(v->vm, v, r->virt);
		if (q && !(q->flags & (VIRQ_QUEUED | VIRQ_PENDING | VIRQ_ACTIVE))) {
			r->masked = false;
			spi_enable(r->host, true);
		}
	}
}
