// SPDX-License-Identifier: MIT
/*
 * A VM's state as snapshot sections and back: vCPU registers (general,
 * FP/SIMD, EL1 system registers, virtual timer, PSCI), the virtual GIC
 * (distributor, redistributors, list registers, ICH_VMCR/AP1R0) and the
 * PL011 (registers and receive FIFO). The VM configuration: RAM, vCPUs,
 * the emulated devices in order (virtual GIC, PL011, the virtual PCI host
 * bridge) and the vendor:device of each function behind the bridge; which
 * of those functions a snapshot can hold is decided at save (snap_vpci.c).
 * Any other device kind is refused.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include "../../hv/passthrough.h"
#include "snap_hv.h"

#define CNTV_CTL_ENABLE BIT(0)

_Static_assert(HV_CNTV_CTL_EL0 == SNAP_NSYSREGS, "EL1 sysregs precede the timer in hv_ctx.sys");

static const struct {
	const char *name;
	uint32_t kind;
} safe_devs[] = { { "gicd", SNAP_DEV_VGICD },
		  { "gicr", SNAP_DEV_VGICR },
		  { "pl011", SNAP_DEV_PL011 },
		  { "pci-ecam", SNAP_DEV_VPCI } };

_Static_assert(HV_VPL011_FIFO == SNAP_UART_FIFO, "PL011 receive FIFO depth");

/* The vendor:device of each function behind vm's virtual host bridge. */
static int pci_config(struct hv_vm *vm, struct snap_config *c)
{
	struct hv_pt_view pv;
	unsigned n = hv_pt_view(vm, &pv) ? 0 : pv.ndev;

	if (!n || n > SNAP_MAX_PCI) {
		log_err("snapshot: %s: %u assigned functions behind its virtual host bridge (a "
			"snapshot holds 1 to %u)",
			vm->name, n, (unsigned)SNAP_MAX_PCI);
		return -EPERM;
	}
	c->npci = pv.ndev;
	for (unsigned i = 0; i < pv.ndev; i++)
		c->pci_id[i] = (uint32_t)pv.dev[i]->vendor << 16 | pv.dev[i]->device;
	return 0;
}

int snap_vm_config(struct hv_vm *vm, struct snap_config *c)
{
	memset(c, 0, sizeof(*c));
	c->ram_ipa = vm->ram_ipa;
	c->ram_size = vm->ram_size;
	c->nvcpus = vm->nvcpus;
	for (unsigned i = 0; i < vm->ndev; i++) {
		unsigned k = 0;

		while (k < ARRAY_SIZE(safe_devs) && strcmp(vm->dev[i].name, safe_devs[k].name))
			k++;
		if (k == ARRAY_SIZE(safe_devs) || c->ndevs == SNAP_MAX_DEVS) {
			log_err("snapshot: %s: device %s is not snapshot-safe (only the virtual GIC, "
				"PL011 and PCI host bridge are)",
				vm->name, vm->dev[i].name);
			return -EPERM;
		}
		c->dev[c->ndevs++] = safe_devs[k].kind;
		if (safe_devs[k].kind == SNAP_DEV_VPCI && pci_config(vm, c))
			return -EPERM;
	}
	return 0;
}

void snap_vcpu_save(const struct hv_vcpu *v, uint64_t now, struct snap_vcpu *s)
{
	const struct hv_ctx *c = &v->ctx;

	memset(s, 0, sizeof(*s));
	s->id = v->id;
	s->power = v->power;
	memcpy(s->x, c->x, sizeof(s->x));
	s->pc = c->pc;
	s->pstate = c->pstate;
	for (unsigned i = 0; i < 32; i++) {
		s->q[i][0] = (uint64_t)c->q[i];
		s->q[i][1] = (uint64_t)(c->q[i] >> 64);
	}
	s->fpsr = c->fpsr;
	s->fpcr = c->fpcr;
	memcpy(s->sys, c->sys, sizeof(s->sys));
	s->cntv_ctl = c->sys[HV_CNTV_CTL_EL0];
	s->cntv_cval = c->sys[HV_CNTV_CVAL_EL0];
	s->cntvct = now - c->sys[HV_CNTVOFF_EL2];
	s->on_entry = v->on_entry;
	s->on_context = v->on_context;
}

/*
 * now: the physical count (CNTPCT) at the restore. The guest's virtual count
 * resumes at the saved value: CNTVOFF_EL2 = now - saved count (modulo 2^64,
 * Arm ARM D11.2.4: virtual = physical - offset), so the time the VM spent
 * saved is invisible to it, like a paused VM, and the compare value is kept
 * as saved: an armed timer fires after the distance it had left.
 */
void snap_vcpu_load(const struct snap_vcpu *s, uint64_t now, struct hv_vcpu *v)
{
	struct hv_ctx *c = &v->ctx;

	memcpy(c->x, s->x, sizeof(c->x));
	c->pc = s->pc;
	c->pstate = s->pstate;
	for (unsigned i = 0; i < 32; i++)
		c->q[i] = (__uint128_t)s->q[i][1] << 64 | s->q[i][0];
	c->fpsr = s->fpsr;
	c->fpcr = s->fpcr;
	memcpy(c->sys, s->sys, sizeof(s->sys));
	c->sys[HV_CNTVOFF_EL2] = now - s->cntvct;
	c->sys[HV_CNTV_CTL_EL0] = s->cntv_ctl;
	c->sys[HV_CNTV_CVAL_EL0] = s->cntv_cval;
	v->on_entry = s->on_entry;
	v->on_context = s->on_context;
	v->power = (enum hv_power)s->power;
}

static void virq_save(const struct hv_virq *q, struct snap_virq *s)
{
	s->prio = q->prio;
	s->flags = q->flags;
	s->route = q->route;
}

static void virq_load(const struct snap_virq *s, struct hv_virq *q)
{
	q->prio = s->prio;
	q->flags = s->flags;
	q->route = s->route;
}

void snap_vgic_save(const struct hv_vm *vm, struct snap_vgic *g)
{
	memset(g, 0, sizeof(*g));
	g->ctlr = vm->gicd.ctlr;
	g->nvcpus = vm->nvcpus;
	for (unsigned i = 0; i < SNAP_NSPI; i++)
		virq_save(&vm->gicd.spi[i], &g->spi[i]);
	for (unsigned c = 0; c < vm->nvcpus; c++) {
		const struct hv_vcpu *v = &vm->vcpu[c];

		for (unsigned i = 0; i < 32; i++)
			virq_save(&v->priv[i], &g->cpu[c].priv[i]);
		g->cpu[c].waker = v->waker;
		g->cpu[c].vmcr = v->ctx.sys[HV_ICH_VMCR_EL2];
		g->cpu[c].ap1r0 = v->ap1r0_save;
		memcpy(g->cpu[c].lr, v->lr_save, sizeof(g->cpu[c].lr));
	}
}

void snap_vgic_load(const struct snap_vgic *g, struct hv_vm *vm)
{
	vm->gicd.ctlr = g->ctlr;
	for (unsigned i = 0; i < SNAP_NSPI; i++)
		virq_load(&g->spi[i], &vm->gicd.spi[i]);
	for (unsigned c = 0; c < vm->nvcpus; c++) {
		struct hv_vcpu *v = &vm->vcpu[c];

		for (unsigned i = 0; i < 32; i++)
			virq_load(&g->cpu[c].priv[i], &v->priv[i]);
		v->waker = g->cpu[c].waker;
		v->ctx.sys[HV_ICH_VMCR_EL2] = g->cpu[c].vmcr;
		v->ap1r0_save = g->cpu[c].ap1r0;
		memcpy(v->lr_save, g->cpu[c].lr, sizeof(v->lr_save));
		v->lr_load = true;
	}
}

/* The receive FIFO is a ring from rx_head: saved oldest first. */
void snap_uart_save(const struct hv_vpl011 *u, struct snap_uart *s)
{
	memset(s, 0, sizeof(*s));
	s->cr = u->cr;
	s->imsc = u->imsc;
	s->lcr_h = u->lcr_h;
	s->ibrd = u->ibrd;
	s->fbrd = u->fbrd;
	s->ifls = u->ifls;
	s->tx_bytes = u->tx_bytes;
	s->rx_count = MIN(u->rx_count, (unsigned)HV_VPL011_FIFO);
	s->rx_timeout = u->rx_timeout;
	for (unsigned i = 0; i < s->rx_count; i++)
		s->rx[i] = u->rx[(u->rx_head + i) % HV_VPL011_FIFO];
}

void snap_uart_load(const struct snap_uart *s, struct hv_vpl011 *u)
{
	u->cr = s->cr;
	u->imsc = s->imsc;
	u->lcr_h = s->lcr_h;
	u->ibrd = s->ibrd;
	u->fbrd = s->fbrd;
	u->ifls = s->ifls;
	u->tx_bytes = s->tx_bytes;
	memset(u->rx, 0, sizeof(u->rx));
	memcpy(u->rx, s->rx, s->rx_count);
	u->rx_head = 0;
	u->rx_count = s->rx_count;
	u->rx_timeout = s->rx_timeout;
}
