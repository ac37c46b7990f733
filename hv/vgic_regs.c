// SPDX-License-Identifier: MIT
/*
 * Virtual GICv3 distributor and redistributor registers (IHI 0069H 12.9,
 * 12.10, 12.11) as the guest sees them: one Security state (GICD_CTLR.DS =
 * 1), affinity routing always on (ARE RAO/WI), no LPIs, 96 INTIDs. The
 * guest's CPU interface is the hardware's virtual one (ICH, ch. 11).
 * Portable: host-tested in tests/unit/hv/test_vgic.c.
 */
#include <errno.h>
#include "hv_priv.h"

#define GICD_CTLR	 0x0000
#define GICD_TYPER	 0x0004
#define GICD_IIDR	 0x0008
#define GICD_TYPER2	 0x000c
#define GICD_IGROUPR	 0x0080
#define GICD_ISENABLER	 0x0100
#define GICD_ICENABLER	 0x0180
#define GICD_ISPENDR	 0x0200
#define GICD_ICPENDR	 0x0280
#define GICD_ISACTIVER	 0x0300
#define GICD_ICACTIVER	 0x0380
#define GICD_IPRIORITYR	 0x0400
#define GICD_ICFGR	 0x0c00
#define GICD_IROUTER	 0x6000
#define GICD_PIDR2	 0xffe8
#define GICD_CTLR_G1	 BIT(1)
#define GICD_CTLR_G0	 BIT(0)
#define GICD_CTLR_ARE	 BIT(4)
#define GICD_CTLR_DS	 BIT(6)
#define GICD_TYPER_IDB	 GENMASK(23, 19)
#define GIC_PIDR2_ARCHV3 0x30
#define HV_GIC_IIDR	 0x0001043b /* Arm implementer code, "vmplat" revision 1 */
#define GICR_CTLR	 0x0000
#define GICR_IIDR	 0x0004
#define GICR_TYPER	 0x0008
#define GICR_WAKER	 0x0014
#define GICR_PIDR2	 0xffe8
#define GICR_SGI	 0x10000
#define GICR_TYPER_LAST	 BIT_ULL(4)
#define GICR_TYPER_PNUM	 GENMASK_ULL(23, 8)
#define GICR_WAKER_PS	 BIT(1)
#define GICR_WAKER_CA	 BIT(2)
#define GIC_PRIO_MASK	 (0xff << (8 - HV_VGIC_PRIO_BITS) & 0xff)

enum bitreg { BR_GROUP, BR_SENABLE, BR_CENABLE, BR_SPEND, BR_CPEND, BR_SACT, BR_CACT, BR_N };
static const uint8_t bitreg_flag[BR_N] = { VIRQ_GROUP1,	 VIRQ_ENABLED, VIRQ_ENABLED, VIRQ_PENDING,
					   VIRQ_PENDING, VIRQ_ACTIVE,  VIRQ_ACTIVE };

/* One 32-bit register of 1-bit fields for INTIDs first..first+31. */
static void bitreg_access(struct hv_vm *vm, struct hv_vcpu *v, unsigned first, enum bitreg r,
			  bool write, uint64_t *val)
{
	uint32_t out = 0;

	spin_lock(&vm->lock);
	for (unsigned i = 0; i < 32; i++) {
		struct hv_virq *q = hv_vgic_irq(vm, v, first + i);

		if (!q)
			break;
		if (!write) {
			out |= (q->flags & bitreg_flag[r]) ? BIT(i) : 0;
		} else if (*val & BIT(i)) {
			if (r == BR_GROUP || r == BR_SENABLE || r == BR_SPEND || r == BR_SACT)
				q->flags |= bitreg_flag[r];
			else
				q->flags &= ~bitreg_flag[r];
		} else if (r == BR_GROUP) {
			q->flags &= ~VIRQ_GROUP1;
		}
	}
	spin_unlock(&vm->lock);
	if (!write)
		*val = out;
}

/* Byte-per-INTID priorities (12.9.20), 1 or 4 bytes at a time. */
static void prio_access(struct hv_vm *vm, struct hv_vcpu *v, unsigned first, unsigned size,
			bool write, uint64_t *val)
{
	uint64_t out = 0;

	for (unsigned b = 0; b < size; b++) {
		struct hv_virq *q = hv_vgic_irq(vm, v, first + b);

		if (!q)
			continue;
		if (write)
			q->prio = (uint8_t)(*val >> (8 * b)) & GIC_PRIO_MASK;
		else
			out |= (uint64_t)q->prio << (8 * b);
	}
	if (!write)
		*val = out;
}

/* Two bits per INTID (12.9.9): only Int_config bit [1] (edge) is kept. */
static void cfg_access(struct hv_vm *vm, struct hv_vcpu *v, unsigned first, bool write,
		       uint64_t *val)
{
	uint64_t out = 0;

	for (unsigned i = 0; i < 16; i++) {
		struct hv_virq *q = hv_vgic_irq(vm, v, first + i);

		if (!q)
			continue;
		if (first + i < 16) { /* SGIs: always edge, RO */
			out |= 2ULL << (2 * i);
			continue;
		}
		if (write)
			q->flags = (*val >> (2 * i + 1) & 1) ? q->flags | VIRQ_EDGE :
							       q->flags & ~VIRQ_EDGE;
		out |= (q->flags & VIRQ_EDGE) ? 2ULL << (2 * i) : 0;
	}
	if (!write)
		*val = out;
}

/* The 1 KiB-aligned blocks shared by GICD (SPIs) and GICR_SGI_base (SGIs/PPIs). */
static int irq_regs(struct hv_vm *vm, struct hv_vcpu *v, uint64_t off, unsigned size, bool write,
		    uint64_t *val, bool dist)
{
	unsigned n;

	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR) {
		n = (unsigned)(off & 0x7f) / 4 * 32;
		if (size != 4 || (dist && n < 32) || (!dist && n))
			goto raz;
		bitreg_access(vm, v, n, (enum bitreg)((off - GICD_IGROUPR) / 0x80), write, val);
		return 0;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		n = (unsigned)(off - GICD_IPRIORITYR);
		/*
		 * Bytes, or whole aligned words: a misaligned word is no register and
		 * at GICR_IPRIORITYR7 + 1..3 would reach SPIs 32-34 from a
		 * redistributor frame (GICR_IPRIORITYR<n> covers INTIDs 0-31 only).
		 */
		if ((size != 1 && size != 4) || n % size || (dist && n < 32) || (!dist && n >= 32))
			goto raz;
		prio_access(vm, v, n, size, write, val);
		return 0;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100 && size == 4) {
		n = (unsigned)(off - GICD_ICFGR) / 4 * 16;
		if ((dist && n < 32) || (!dist && n >= 32))
			goto raz;
		cfg_access(vm, v, n, write, val);
		return 0;
	}
	return -ENOENT;
raz:
	if (!write)
		*val = 0;
	return 0;
}

static int vgicd_access(struct hv_vm *vm, uint64_t off, unsigned size, bool write, uint64_t *val)
{
	unsigned n;

	if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + HV_VGIC_NR * 8) {
		n = (unsigned)(off - GICD_IROUTER) / 8 - 32;
		if (write) /* a 32-bit write sets Aff2..Aff0 (12.9.22); Aff3 stays */
			vm->gicd.spi[n].route = size == 8 ? *val & 0xff00ffffffULL :
						(off & 4) ? (vm->gicd.spi[n].route & 0xffffff) |
								    (*val & 0xff) << 32 :
							    (vm->gicd.spi[n].route & ~0xffffffULL) |
								    (*val & 0xffffff);
		else
			*val = (off & 4) ? vm->gicd.spi[n].route >> 32 : vm->gicd.spi[n].route;
		return 0;
	}
	if (irq_regs(vm, NULL, off, size, write, val, true) == 0)
		return 0;
	if (size != 4)
		goto raz;
	switch (off) {
	case GICD_CTLR:
		if (write)
			vm->gicd.ctlr = (uint32_t)*val & (GICD_CTLR_G0 | GICD_CTLR_G1);
		else
			*val = vm->gicd.ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
		return 0;
	case GICD_TYPER:
		if (!write)
			*val = FIELD_PREP(GICD_TYPER_IDB, 9) | (HV_VGIC_NR / 32 - 1);
		return 0;
	case GICD_IIDR:
		if (!write)
			*val = HV_GIC_IIDR;
		return 0;
	case GICD_PIDR2:
		if (!write)
			*val = GIC_PIDR2_ARCHV3;
		return 0;
	default:
		goto raz;
	}
raz: /* reserved and unimplemented registers: RAZ/WI (IHI 0069 12.1.1) */
	if (!write)
		*val = 0;
	return 0;
}

int hv_vgicd_read(struct hv_vm *vm, uint64_t off, unsigned size, uint64_t *val)
{
	return vgicd_access(vm, off, size, false, val);
}

int hv_vgicd_write(struct hv_vm *vm, uint64_t off, unsigned size, uint64_t val)
{
	return vgicd_access(vm, off, size, true, &val);
}

static uint64_t gicr_typer(const struct hv_vcpu *v)
{
	uint64_t t = (v->mpidr & 0xffffff) << 32 | ((v->mpidr >> 32) & 0xff) << 56;

	t |= FIELD_PREP(GICR_TYPER_PNUM, v->id);
	if (v->id == v->vm->nvcpus - 1)
		t |= GICR_TYPER_LAST;
	return t;
}

static int vgicr_access(struct hv_vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
	if (off >= GICR_SGI) {
		if (irq_regs(v->vm, v, off - GICR_SGI, size, write, val, false) == 0)
			return 0;
		goto raz;
	}
	if (!write && (off == GICR_TYPER || off == GICR_TYPER + 4)) {
		uint64_t t = gicr_typer(v);

		*val = size == 8 ? t : off == GICR_TYPER ? (uint32_t)t : t >> 32;
		return 0;
	}
	if (size != 4)
		goto raz;
	switch (off) {
	case GICR_IIDR:
		if (!write)
			*val = HV_GIC_IIDR;
		return 0;
	case GICR_WAKER: /* ChildrenAsleep follows ProcessorSleep at once (12.11.41) */
		if (write)
			v->waker = (*val & GICR_WAKER_PS) ? GICR_WAKER_PS | GICR_WAKER_CA : 0;
		else
			*val = v->waker;
		return 0;
	case GICR_PIDR2:
		if (!write)
			*val = GIC_PIDR2_ARCHV3;
		return 0;
	default:
		goto raz; /* GICR_CTLR: no LPIs, RAZ/WI */
	}
raz:
	if (!write)
		*val = 0;
	return 0;
}

int hv_vgicr_read(struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val)
{
	return vgicr_access(v, off, size, false, val);
}

int hv_vgicr_write(struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
	return vgicr_access(v, off, size, true, &val);
}

/* ---- as emulated devices of the VM ---- */
static int gicd_rd(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val)
{
	(void)v;
	return hv_vgicd_read(dev, off, size, val);
}

static int gicd_wr(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
	(void)v;
	return hv_vgicd_write(dev, off, size, val);
}

/* The redistributor frames: any vCPU may reach any frame (12.10). */
static int gicr_rd(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val)
{
	struct hv_vm *vm = dev;

	(void)v;
	return hv_vgicr_read(&vm->vcpu[off / HV_GUEST_GICR_FRAME], off % HV_GUEST_GICR_FRAME, size,
			     val);
}

static int gicr_wr(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
	struct hv_vm *vm = dev;

	(void)v;
	return hv_vgicr_write(&vm->vcpu[off / HV_GUEST_GICR_FRAME], off % HV_GUEST_GICR_FRAME, size,
			      val);
}

static const struct hv_mmio_ops gicd_ops = { gicd_rd, gicd_wr };
static const struct hv_mmio_ops gicr_ops = { gicr_rd, gicr_wr };

int hv_vgic_add_devices(struct hv_vm *vm)
{
	struct hv_mmio_region d = { "gicd", HV_GUEST_GICD_BASE, HV_GUEST_GICD_SIZE, &gicd_ops, vm };
	struct hv_mmio_region r = { "gicr", HV_GUEST_GICR_BASE, HV_GUEST_GICR_FRAME * vm->nvcpus,
				    &gicr_ops, vm };
	int rc = hv_vm_add_device(vm, &d);

	return rc ? rc : hv_vm_add_device(vm, &r);
}
