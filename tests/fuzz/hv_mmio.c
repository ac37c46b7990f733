// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for what a guest reaches through stage-2 data aborts and
 * the calls around them, on a VM built in host memory (tests/unit/hv/
 * hv_host_vm.c): syndrome decode (hv_dabt_decode), dispatch to the vGICv3
 * distributor and redistributor frames, the PL011 and a virtual PCI host
 * bridge's ECAM (hv_mmio_dispatch), ICC_SGI1R_EL1 writes (hv_vgic_sgi), PSCI
 * calls, interrupts made pending and moved through modelled list registers
 * (hv_vgic_pick, as arch/aarch64/hv/vgic_lr.c does it), host input into the
 * PL011 receive FIFO.
 *
 * Input: byte 0 = 1-8 vCPUs (bits 0-2), a vPCI bridge (bit 3); then records
 * of 20 bytes: op, vCPU, p[2..5] (le32), region, sub, off (le32), val (le64).
 *   op % 16 < 8   MMIO: ESR ISS = p & ISS (ISV forced by op bit 7); region
 *                 % 16 picks GICD, GICR frame 0-8 (frames past the last vCPU
 *                 too), PL011, ECAM, the bridge's BAR window, RAM or, above,
 *                 the IPA val; off % (window + 8) in the window; val is the
 *                 source register for a write
 *   8  ICC_SGI1R_EL1 write      9  PSCI call (function from a table or raw)
 *   10 hv_vgic_set_pending      11 list registers filled (hv_vgic_flush)
 *   12 list registers retired   13 host bytes into the PL011 (vm send)
 *   14 PL011 line resampled after an exit, 15 GICD_CTLR enable
 * The guest runs on the first powered-on vCPU from the record's; PSCI
 * CPU_ON brings its target up at once.
 *
 * Checked after every step: decode and dispatch results; a read sets only
 * its register (upper half clear for W, no bits above the size unless
 * sign-extended), a write none; an access changes only the state of the
 * device it hit (a GICR frame only its vCPU's, a read nothing, the PL011
 * only the UART and its SPI's pending bit); list registers hold distinct
 * valid INTIDs marked queued; hv_vgic_pick gives -1 or a deliverable INTID
 * routed to the vCPU; the receive FIFO matches a model FIFO byte for byte
 * and UARTDR reads pop it in order; the UART SPI is pending exactly when its
 * level is high (not queued); SGI targets match ICC_SGI1R_EL1 (IHI 0069H
 * 12.2.23); PSCI results are the DEN0022D codes, AFFINITY_INFO agrees with
 * the power state; kicks name a vCPU of the VM. Locks are never contended
 * here (one thread), so a spin is a deadlock: cpu_relax aborts.
 *   build/fuzz/hv_mmio -max_total_time=60 build/fuzz/corpus-hv_mmio tests/fuzz/corpus/hv_mmio
 * Seeds: python3 tests/fuzz/hv_seeds.py (Linux's GICv3 probe, a PL011 init).
 */
#include <errno.h>
#include <string.h>
#include "fuzz.h"
#include "hv_host_vm.h"
#include "vpci.h"

#define REC_LEN	 20
#define NLRS	 4 /* list registers modelled (ICH_VTR_EL2.ListRegs + 1 on QEMU) */
#define UART_SPI (32 + HV_GUEST_UART_SPI)
#define BAR_SIZE (1 * MiB)

enum region { R_GICD, R_GICR0, R_PL011 = R_GICR0 + 9, R_ECAM, R_BAR, R_RAM, R_RANDOM };

void cpu_relax(void)
{
	FUZZ_CHECK(!"spin on a held lock: deadlock");
}

/* ---- the virtual PCI bridge: one function, BAR0 32-bit 1 MiB ---- */
static struct vpci bridge;
static uint8_t phys_cfg[VPCI_CFG_SIZE];

static uint32_t phys_read(void *ctx, uint16_t off, unsigned width)
{
	uint32_t v = 0;

	(void)ctx;
	FUZZ_CHECK(off % width == 0 && off + width <= VPCI_CFG_SIZE);
	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)phys_cfg[off + i] << (8 * i);
	return v;
}

static void phys_write(void *ctx, uint16_t off, unsigned width, uint32_t val)
{
	(void)ctx;
	FUZZ_CHECK(off == PCI_COMMAND && width == 2);
	phys_cfg[off] = (uint8_t)val;
	phys_cfg[off + 1] = (uint8_t)(val >> 8);
}

static int s2_map(void *ctx, uint64_t gpa, paddr_t hpa, uint64_t size)
{
	(void)ctx;
	(void)hpa;
	FUZZ_CHECK(gpa >= VPCI_GUEST_MMIO_BASE &&
		   gpa + size <= VPCI_GUEST_MMIO_BASE + VPCI_GUEST_MMIO_SIZE);
	return 0;
}

static int s2_unmap(void *ctx, uint64_t gpa, uint64_t size)
{
	(void)ctx;
	(void)gpa;
	(void)size;
	return 0;
}

static const struct vpci_fn_ops phys_ops = { phys_read, phys_write };
static const struct vpci_map_ops s2_ops = { s2_map, s2_unmap };

static int ecam_rd(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val)
{
	(void)v;
	return vpci_ecam_read(dev, off, size, val);
}

static int ecam_wr(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
	(void)v;
	return vpci_ecam_write(dev, off, size, val);
}

static const struct hv_mmio_ops ecam_ops = { ecam_rd, ecam_wr };

static void add_bridge(struct hv_vm *vm)
{
	struct vpci_fn_desc d = { .ops = &phys_ops };
	struct hv_mmio_region r = { "pci-ecam", VPCI_GUEST_ECAM_BASE, VPCI_ECAM_SIZE, &ecam_ops,
				    &bridge };

	memset(phys_cfg, 0, sizeof(phys_cfg));
	phys_cfg[0] = 0x36; /* QEMU's NVMe: 1b36:0010, class 010802 */
	phys_cfg[1] = 0x1b;
	phys_cfg[2] = 0x10;
	phys_cfg[9] = 0x02;
	phys_cfg[10] = 0x08;
	phys_cfg[11] = 0x01;
	d.bar[0].size = BAR_SIZE;
	d.bar[0].hpa = 0x4000000000ULL;
	vpci_init(&bridge, VPCI_GUEST_MMIO_BASE, VPCI_GUEST_MMIO_SIZE, &s2_ops, NULL);
	FUZZ_CHECK(!vpci_add_fn(&bridge, 0, &d));
	FUZZ_CHECK(!hv_vm_add_device(vm, &r));
}

/* ---- model state ---- */
static struct {
	uint8_t fifo[HV_VPL011_FIFO];
	unsigned n;
} rx;

struct snap {
	struct hv_vgic_dist gicd;
	struct hv_virq priv[HV_MAX_VCPUS][32];
	uint32_t waker[HV_MAX_VCPUS];
	struct hv_vpl011 uart;
	uint64_t x[31];
};

static void take(const struct hv_vm *vm, const struct hv_vcpu *v, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	s->gicd = vm->gicd;
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		memcpy(s->priv[i], vm->vcpu[i].priv, sizeof(s->priv[i]));
		s->waker[i] = vm->vcpu[i].waker;
	}
	s->uart = vm->uart;
	s->uart.lock = (struct spinlock)SPINLOCK_INIT; /* its counters move on every access */
	memcpy(s->x, v->ctx.x, sizeof(s->x));
}

static bool same_vcpus(const struct snap *a, const struct snap *b, unsigned n, int except)
{
	for (unsigned i = 0; i < n; i++) {
		if ((int)i == except)
			continue;
		if (memcmp(a->priv[i], b->priv[i], sizeof(a->priv[i])) ||
		    a->waker[i] != b->waker[i])
			return false;
	}
	return true;
}

static bool same_uart(const struct snap *a, const struct snap *b)
{
	return !memcmp(&a->uart, &b->uart, sizeof(a->uart));
}

static bool same_gicd(const struct snap *a, const struct snap *b)
{
	return !memcmp(&a->gicd, &b->gicd, sizeof(a->gicd));
}

static void check_uart(struct hv_vm *vm)
{
	const struct hv_vpl011 *u = &vm->uart;

	FUZZ_CHECK(u->rx_count <= HV_VPL011_FIFO && u->rx_head < HV_VPL011_FIFO);
	FUZZ_CHECK(u->len < sizeof(u->line) && u->tlen < sizeof(u->transcript));
	FUZZ_CHECK(u->rx_count == rx.n);
	for (unsigned i = 0; i < rx.n; i++)
		FUZZ_CHECK(u->rx[(u->rx_head + i) % HV_VPL011_FIFO] == rx.fifo[i]);
}

/* Right after hv_vpl011_update_irq: the SPI follows the level unless queued. */
static void check_uart_line(struct hv_vm *vm)
{
	const struct hv_virq *q = &vm->gicd.spi[HV_GUEST_UART_SPI];

	if (!(q->flags & VIRQ_QUEUED))
		FUZZ_CHECK(!!(q->flags & VIRQ_PENDING) == hv_vpl011_irq_level(&vm->uart));
}

static void check_vgic(struct hv_vm *vm)
{
	bool spi_held[HV_VGIC_NSPI] = { false };

	for (unsigned c = 0; c < vm->nvcpus; c++) {
		struct hv_vcpu *v = &vm->vcpu[c];
		int pick = hv_vgic_pick(vm, v);
		bool held[32] = { false };

		for (unsigned n = 0; n < ARRAY_SIZE(v->lr_intid); n++) {
			unsigned id = v->lr_intid[n];
			struct hv_virq *q;

			if (id == ~0u)
				continue;
			FUZZ_CHECK(n < NLRS && id < HV_VGIC_NR);
			q = hv_vgic_irq(vm, v, id);
			FUZZ_CHECK(q && (q->flags & VIRQ_QUEUED));
			if (id < 32) {
				FUZZ_CHECK(!held[id]);
				held[id] = true;
			} else {
				FUZZ_CHECK(!spi_held[id - 32]);
				spi_held[id - 32] = true;
			}
		}
		if (pick >= 0) {
			const struct hv_virq *q = hv_vgic_irq(vm, v, (unsigned)pick);

			FUZZ_CHECK(pick < HV_VGIC_NR && q);
			FUZZ_CHECK((q->flags & (VIRQ_ENABLED | VIRQ_PENDING | VIRQ_QUEUED)) ==
				   (VIRQ_ENABLED | VIRQ_PENDING));
			FUZZ_CHECK(pick < 32 || hv_vcpu_by_mpidr(vm, q->route) == v);
		} else {
			FUZZ_CHECK(pick == -1);
		}
	}
}

static void check_kicks(struct hv_vm *vm)
{
	FUZZ_CHECK(!test_kicked ||
		   (test_kicked >= vm->vcpu && test_kicked < vm->vcpu + vm->nvcpus));
}

/* ---- the modelled list registers (arch/aarch64/hv/vgic_lr.c) ---- */
static void lr_flush(struct hv_vm *vm, struct hv_vcpu *v)
{
	for (unsigned n = 0; n < NLRS; n++) {
		struct hv_virq *q;
		int intid;

		if (v->lr_intid[n] != ~0u)
			continue;
		intid = hv_vgic_pick(vm, v);
		if (intid < 0)
			break;
		q = hv_vgic_irq(vm, v, (unsigned)intid);
		q->flags = (q->flags & ~VIRQ_PENDING) | VIRQ_QUEUED;
		v->lr_intid[n] = (unsigned)intid;
	}
}

static void lr_sync(struct hv_vm *vm, struct hv_vcpu *v, unsigned empty)
{
	for (unsigned n = 0; n < NLRS; n++) {
		if (v->lr_intid[n] == ~0u || !(empty & BIT(n)))
			continue;
		hv_vgic_irq(vm, v, v->lr_intid[n])->flags &= ~VIRQ_QUEUED;
		v->lr_intid[n] = ~0u;
	}
	hv_vpl011_update_irq(vm, v);
	check_uart_line(vm);
}

/* ---- one guest data abort ---- */
static uint64_t window(unsigned region, uint64_t *size)
{
	*size = 0;
	if (region == R_GICD) {
		*size = HV_GUEST_GICD_SIZE;
		return HV_GUEST_GICD_BASE;
	}
	if (region >= R_GICR0 && region < R_PL011) {
		*size = HV_GUEST_GICR_FRAME;
		return HV_GUEST_GICR_BASE + (region - R_GICR0) * HV_GUEST_GICR_FRAME;
	}
	switch (region) {
	case R_PL011:
		*size = HV_GUEST_UART_SIZE;
		return HV_GUEST_UART_BASE;
	case R_ECAM:
		*size = VPCI_ECAM_SIZE;
		return VPCI_GUEST_ECAM_BASE;
	case R_BAR:
		*size = BAR_SIZE * 4;
		return VPCI_GUEST_MMIO_BASE;
	case R_RAM:
		*size = 16 * MiB;
		return HV_GUEST_RAM_BASE;
	default:
		break;
	}
	return 0;
}

/* Which emulated device the access [ipa, ipa + size) lies in: region, or -1. */
static int device_of(uint64_t ipa, unsigned size, unsigned nvcpus, bool bridge_on)
{
	static const struct {
		int region;
		uint64_t base, len;
	} devs[] = { { R_GICD, HV_GUEST_GICD_BASE, HV_GUEST_GICD_SIZE },
		     { R_PL011, HV_GUEST_UART_BASE, HV_GUEST_UART_SIZE },
		     { R_ECAM, VPCI_GUEST_ECAM_BASE, VPCI_ECAM_SIZE } };

	for (unsigned i = 0; i < ARRAY_SIZE(devs); i++) {
		if (devs[i].region == R_ECAM && !bridge_on)
			continue;
		if (ipa >= devs[i].base && ipa - devs[i].base < devs[i].len &&
		    ipa - devs[i].base + size <= devs[i].len)
			return devs[i].region;
	}
	if (ipa >= HV_GUEST_GICR_BASE && ipa - HV_GUEST_GICR_BASE < HV_GUEST_GICR_FRAME * nvcpus &&
	    ipa - HV_GUEST_GICR_BASE + size <= HV_GUEST_GICR_FRAME * nvcpus)
		return R_GICR0 + (int)((ipa - HV_GUEST_GICR_BASE) / HV_GUEST_GICR_FRAME);
	return -1;
}

static void do_mmio(struct hv_vm *vm, struct hv_vcpu *v, const uint8_t *r, bool bridge_on)
{
	uint64_t esr = (uint64_t)EC_DABT_LOW << ESR_EC_SHIFT | ESR_IL | (le32_get(r + 2) & ESR_ISS);
	unsigned region = r[6] % 16, frame;
	uint64_t size, base = window(region, &size), ipa, val = le64_get(r + 12);
	struct hv_mmio_access a;
	struct snap before, after;
	int rc, dev, byte = -1;

	if (r[0] & 0x80)
		esr |= DABT_ISV;
	if (size) {
		ipa = base + le32_get(r + 8) % (size + 8);
	} else {
		ipa = val;
		val = le32_get(r + 8) * 0x0101010101010101ULL;
	}
	rc = hv_dabt_decode(esr, ipa, &a);
	if (!(esr & DABT_ISV) || (esr & DABT_S1PTW)) {
		FUZZ_CHECK(rc == -EINVAL);
		return;
	}
	FUZZ_CHECK(rc == 0 && a.ipa == ipa && a.reg < 32);
	FUZZ_CHECK(a.size == 1 || a.size == 2 || a.size == 4 || a.size == 8);
	if (a.reg < 31)
		v->ctx.x[a.reg] = val;
	dev = device_of(ipa, a.size, vm->nvcpus, bridge_on);
	take(vm, v, &before);
	if (dev == R_PL011 && ipa == HV_GUEST_UART_BASE && !a.write) {
		/* UARTDR pops the oldest byte (DDI 0183G 3.3.1); an empty FIFO reads 0 */
		byte = rx.n ? rx.fifo[0] : 0;
		if (rx.n)
			memmove(rx.fifo, rx.fifo + 1, --rx.n);
	}
	rc = hv_mmio_dispatch(v, &a);
	take(vm, v, &after);
	if (dev < 0) {
		FUZZ_CHECK(rc == -ENOENT);
		FUZZ_CHECK(same_gicd(&before, &after) && same_uart(&before, &after));
		FUZZ_CHECK(same_vcpus(&before, &after, vm->nvcpus, -1));
		FUZZ_CHECK(!memcmp(before.x, after.x, sizeof(after.x)));
		return;
	}
	FUZZ_CHECK(rc == 0); /* emulated registers are RAZ/WI, never an abort */
	/* General-purpose registers: a write changes none, a read only its target. */
	for (unsigned i = 0; i < 31; i++)
		FUZZ_CHECK(after.x[i] == before.x[i] || (!a.write && i == a.reg));
	if (!a.write && a.reg < 31) {
		uint64_t x = v->ctx.x[a.reg];

		FUZZ_CHECK(a.sf || x >> 32 == 0);
		FUZZ_CHECK(a.sign_extend || a.size == 8 || x >> (8 * a.size) == 0);
	}
	if (dev == R_PL011) {
		struct hv_virq *q = &after.gicd.spi[HV_GUEST_UART_SPI];

		if (byte >= 0 && a.reg < 31)
			FUZZ_CHECK((v->ctx.x[a.reg] & 0xff) == (uint64_t)byte);
		/* The UART changes nothing but itself and its interrupt's pending bit. */
		q->flags = (uint8_t)((q->flags & ~VIRQ_PENDING) |
				     (before.gicd.spi[HV_GUEST_UART_SPI].flags & VIRQ_PENDING));
		FUZZ_CHECK(same_gicd(&before, &after));
		FUZZ_CHECK(same_vcpus(&before, &after, vm->nvcpus, -1));
		check_uart_line(vm);
		return;
	}
	FUZZ_CHECK(same_uart(&before, &after));
	if (dev == R_ECAM) {
		FUZZ_CHECK(same_gicd(&before, &after));
		FUZZ_CHECK(same_vcpus(&before, &after, vm->nvcpus, -1));
		return;
	}
	if (!a.write) { /* GIC register reads have no side effects here (no IAR in MMIO) */
		FUZZ_CHECK(same_gicd(&before, &after));
		FUZZ_CHECK(same_vcpus(&before, &after, vm->nvcpus, -1));
		return;
	}
	if (dev == R_GICD) {
		FUZZ_CHECK(same_vcpus(&before, &after, vm->nvcpus, -1));
		return;
	}
	/* A redistributor frame: its own vCPU's SGIs, PPIs and GICR_WAKER only (12.10). */
	frame = (unsigned)(dev - R_GICR0);
	FUZZ_CHECK(frame < vm->nvcpus);
	FUZZ_CHECK(same_gicd(&before, &after));
	FUZZ_CHECK(same_vcpus(&before, &after, vm->nvcpus, (int)frame));
}

/* ---- ICC_SGI1R_EL1 (IHI 0069H 12.2.23; RS is RES0 with ICC_CTLR_EL1.RSS = 0) ---- */
static void do_sgi(struct hv_vm *vm, struct hv_vcpu *v, const uint8_t *r)
{
	uint64_t s = le64_get(r + 12);
	uint32_t kicked, want = 0;
	unsigned intid;

	if (!(r[2] & 1)) /* a well-formed one: TargetList, INTID, IRM */
		s = le16_get(r + 3) | (uint64_t)(r[5] & 15) << 24 | (uint64_t)(r[2] >> 1 & 1) << 40;
	intid = (unsigned)(s >> 24 & 15);
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		uint64_t m = vm->vcpu[i].mpidr;
		bool hit;

		if (s & BIT_ULL(40))
			hit = &vm->vcpu[i] != v;
		else
			hit = (m >> 8 & 0xff) == (s >> 16 & 0xff) &&
			      (m >> 16 & 0xff) == (s >> 32 & 0xff) &&
			      (m >> 32 & 0xff) == (s >> 48 & 0xff) && (m & 0xff) < 16 &&
			      (s & BIT_ULL(m & 0xff));
		want |= hit ? BIT(i) : 0;
	}
	hv_vgic_sgi(vm, v, s, &kicked);
	FUZZ_CHECK(kicked == want);
	for (unsigned i = 0; i < vm->nvcpus; i++)
		FUZZ_CHECK(!(kicked & BIT(i)) || (vm->vcpu[i].priv[intid].flags & VIRQ_PENDING));
}

/* ---- PSCI (DEN0022D 5) ---- */
static const uint32_t psci_fids[] = {
	PSCI_VERSION,		PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64,   PSCI_CPU_OFF,
	PSCI_CPU_ON_32,		PSCI_CPU_ON_64,	     PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64,
	PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF,     PSCI_SYSTEM_RESET,	    PSCI_FEATURES,
	SMCCC_VERSION,		SMCCC_ARCH_FEATURES,
};

/* false: the VM ended (SYSTEM_OFF / SYSTEM_RESET). */
static bool do_psci(struct hv_vm *vm, struct hv_vcpu *v, const uint8_t *r)
{
	uint64_t *x = v->ctx.x;
	struct hv_vcpu *t = (struct hv_vcpu *)1, *want_t = NULL;
	int64_t ret;
	int want_aff = -100;
	enum hv_psci_action act;
	uint32_t fid;

	x[0] = r[2] & 0x80 ? le32_get(r + 8) : psci_fids[r[2] % ARRAY_SIZE(psci_fids)];
	x[0] |= (uint64_t)r[7] << 32; /* SMCCC: the upper half of w0 is ignored */
	x[1] = r[3] & 0x80 ? le64_get(r + 12) :
			     hv_vcpu_mpidr(r[3] % 10) | (uint64_t)(r[3] >> 4) << 32;
	x[2] = r[4] & 0x80 ? le64_get(r + 12) >> 8 :
			     HV_GUEST_RAM_BASE + le32_get(r + 8) % (17 * MiB);
	if (r[4] & 0x40)
		x[2] = r[4] & 1; /* AFFINITY_INFO: the lowest affinity level */
	x[3] = le64_get(r + 12);
	fid = (uint32_t)x[0];
	if (fid == PSCI_AFFINITY_INFO_32 || fid == PSCI_AFFINITY_INFO_64) {
		uint64_t mask = fid & BIT(30) ? ~0ULL : 0xffffffffULL;

		want_t = hv_vcpu_by_mpidr(vm, x[1] & mask);
		want_aff = (x[2] & mask) || !want_t	      ? PSCI_RET_INVALID_PARAMS :
			   want_t->power == HV_CPU_ON	      ? 0 :
			   want_t->power == HV_CPU_ON_PENDING ? 2 :
								1;
	}
	act = hv_psci_call(vm, v, x, &t);
	FUZZ_CHECK(act == HV_PSCI_CPU_ON || t == NULL);
	ret = (int64_t)x[0];
	switch (act) {
	case HV_PSCI_CPU_ON:
		FUZZ_CHECK(fid == PSCI_CPU_ON_32 || fid == PSCI_CPU_ON_64);
		FUZZ_CHECK(t >= vm->vcpu && t < vm->vcpu + vm->nvcpus && ret == 0);
		FUZZ_CHECK(t->power == HV_CPU_ON_PENDING && t->on_entry >= vm->ram_ipa &&
			   t->on_entry - vm->ram_ipa < vm->ram_size);
		/* its thread comes up: hv_vcpu_reset (hv/vm.c) with x0 = context ID */
		memset(t->ctx.x, 0, sizeof(t->ctx.x));
		t->ctx.x[0] = t->on_context;
		t->ctx.pc = t->on_entry;
		t->power = HV_CPU_ON;
		return true;
	case HV_PSCI_CPU_OFF:
		FUZZ_CHECK(fid == PSCI_CPU_OFF && v->power == HV_CPU_OFF);
		return true;
	case HV_PSCI_SYSTEM_OFF:
		FUZZ_CHECK(fid == PSCI_SYSTEM_OFF);
		return false;
	case HV_PSCI_SYSTEM_RESET:
		FUZZ_CHECK(fid == PSCI_SYSTEM_RESET);
		return false;
	case HV_PSCI_DONE:
		break;
	}
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == 2 || ret == PSCI_RET_NOT_SUPPORTED ||
		   ret == PSCI_RET_INVALID_PARAMS || ret == PSCI_RET_ALREADY_ON ||
		   ret == PSCI_RET_ON_PENDING || ret == PSCI_RET_INVALID_ADDRESS ||
		   ret == PSCI_VERSION_1_0 || ret == SMCCC_VERSION_1_1);
	if (want_aff != -100)
		FUZZ_CHECK(ret == want_aff);
	return true;
}

static void do_push(struct hv_vm *vm, const uint8_t *r)
{
	uint8_t buf[48];
	size_t n = r[2] % sizeof(buf), done, room = HV_VPL011_FIFO - rx.n;

	for (size_t i = 0; i < n; i++)
		buf[i] = r[8 + i % 12];
	done = hv_vpl011_push(&vm->uart, buf, n);
	FUZZ_CHECK(done == (n < room ? n : room));
	memcpy(rx.fifo + rx.n, buf, done);
	rx.n += (unsigned)done;
	hv_vpl011_update_irq(vm, NULL);
	check_uart_line(vm);
}

/* The vCPU the guest runs on: the first powered-on one from want; NULL if none. */
static struct hv_vcpu *running(struct hv_vm *vm, unsigned want)
{
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		struct hv_vcpu *v = &vm->vcpu[(want + i) % vm->nvcpus];

		if (v->power == HV_CPU_ON)
			return v;
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_vm *vm;
	bool bridge_on;
	struct hv_mmio_region u = { "pl011", HV_GUEST_UART_BASE, HV_GUEST_UART_SIZE, &hv_vpl011_ops,
				    NULL };

	if (!size)
		return 0;
	vm = test_vm(1 + (data[0] & 7));
	bridge_on = data[0] & 8;
	hv_vpl011_init(&vm->uart, NULL, NULL);
	u.dev = &vm->uart;
	FUZZ_CHECK(!hv_vgic_add_devices(vm) && !hv_vm_add_device(vm, &u));
	if (bridge_on)
		add_bridge(vm);
	vm->vcpu[0].power = HV_CPU_ON; /* the boot vCPU (hv_vm_load) */
	memset(&rx, 0, sizeof(rx));
	test_kicks = 0;
	test_kicked = NULL;

	for (size_t off = 1; off + REC_LEN <= size; off += REC_LEN) {
		const uint8_t *r = data + off;
		struct hv_vcpu *v = running(vm, r[1]);
		unsigned op = r[0] % 16, intid;
		struct hv_vcpu *t;

		if (op == 13) {
			do_push(vm, r);
		} else if (!v) {
			continue; /* every vCPU is off: only the host acts */
		} else if (op < 8) {
			do_mmio(vm, v, r, bridge_on);
		} else if (op == 8) {
			do_sgi(vm, v, r);
		} else if (op == 9) {
			if (!do_psci(vm, v, r))
				break;
		} else if (op == 10) {
			intid = r[2] % (HV_VGIC_NR + 4);
			t = hv_vgic_set_pending(vm, v, intid);
			FUZZ_CHECK(intid < HV_VGIC_NR || !t);
			FUZZ_CHECK(!t || (t >= vm->vcpu && t < vm->vcpu + vm->nvcpus));
			FUZZ_CHECK(intid >= 32 || t == v);
			FUZZ_CHECK(intid >= HV_VGIC_NR ||
				   (hv_vgic_irq(vm, v, intid)->flags & VIRQ_PENDING));
		} else if (op == 11) {
			lr_flush(vm, v);
		} else if (op == 12) {
			lr_sync(vm, v, r[2]);
		} else if (op == 14) {
			hv_vpl011_update_irq(vm, v);
			check_uart_line(vm);
		} else {
			hv_vgicd_write(vm, 0, 4, r[2] & 3); /* GICD_CTLR: EnableGrp0/1 */
		}
		check_uart(vm);
		check_vgic(vm);
		check_kicks(vm);
	}
	return 0;
}
