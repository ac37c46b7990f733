// SPDX-License-Identifier: MIT
/*
 * Virtual GICv3 registers (IHI 0069H 12.9 distributor, 12.11 redistributor)
 * and delivery order: GICD_TYPER/CTLR, set/clear-enable and pending bits,
 * byte priorities with 5 implemented bits, IROUTER routing, GICR_TYPER
 * affinity and Last, GICR_WAKER, the SGI frame, ICC_SGI1R_EL1 targets.
 */
#include "hv_test.h"

static uint64_t rd(struct hv_vm *vm, uint64_t off, unsigned size)
{
	uint64_t v = ~0ULL;

	assert_int_equal(hv_vgicd_read(vm, off, size, &v), 0);
	return v;
}

static uint64_t rrd(struct hv_vcpu *c, uint64_t off, unsigned size)
{
	uint64_t v = ~0ULL;

	assert_int_equal(hv_vgicr_read(c, off, size, &v), 0);
	return v;
}

static void test_gicd_ids_and_ctlr(void **state)
{
	struct hv_vm *vm = test_vm(2);

	(void)state;
	assert_int_equal(rd(vm, 0x4, 4) & 0x1f, 2);	    /* 96 INTIDs */
	assert_int_equal((rd(vm, 0x4, 4) >> 19) & 0x1f, 9); /* 10 ID bits */
	assert_int_equal(rd(vm, 0xffe8, 4), 0x30);	    /* GICv3 */
	assert_int_equal(rd(vm, 0x0, 4), 0x50);		    /* ARE, DS; disabled */
	hv_vgicd_write(vm, 0x0, 4, 0x12);
	assert_int_equal(rd(vm, 0x0, 4), 0x52);
	assert_int_equal(rd(vm, 0x1234, 4), 0); /* reserved: RAZ */
}

static void test_spi_enable_pending_priority(void **state)
{
	struct hv_vm *vm = test_vm(2);

	(void)state;
	hv_vgicd_write(vm, 0x104, 4, BIT(8) | BIT(9)); /* ISENABLER1: INTID 40, 41 */
	assert_int_equal(rd(vm, 0x104, 4), BIT(8) | BIT(9));
	hv_vgicd_write(vm, 0x184, 4, BIT(9)); /* ICENABLER1 */
	assert_int_equal(rd(vm, 0x104, 4), BIT(8));
	assert_int_equal(rd(vm, 0x184, 4), BIT(8));
	hv_vgicd_write(vm, 0x204, 4, BIT(8)); /* ISPENDR1 */
	assert_true(vm->gicd.spi[8].flags & VIRQ_PENDING);
	hv_vgicd_write(vm, 0x284, 4, BIT(8));
	assert_false(vm->gicd.spi[8].flags & VIRQ_PENDING);
	hv_vgicd_write(vm, 0x400 + 40, 1, 0xff); /* 5 priority bits: 0xf8 */
	assert_int_equal(rd(vm, 0x400 + 40, 1), 0xf8);
	hv_vgicd_write(vm, 0x400 + 40, 4, 0x10203040);
	assert_int_equal(rd(vm, 0x400 + 40, 4), 0x10203040);
	/* SGI/PPI registers in the distributor are RAZ/WI with affinity routing. */
	hv_vgicd_write(vm, 0x100, 4, ~0u);
	assert_int_equal(rd(vm, 0x100, 4), 0);
	assert_false(vm->vcpu[0].priv[27].flags & VIRQ_ENABLED);
	/* ICFGR: INTID 40 edge-triggered is bit 17 of ICFGR2. */
	hv_vgicd_write(vm, 0xc08, 4, 2u << 16);
	assert_true(vm->gicd.spi[8].flags & VIRQ_EDGE);
	assert_int_equal(rd(vm, 0xc08, 4), 2u << 16);
}

static void test_irouter(void **state)
{
	struct hv_vm *vm = test_vm(2);

	(void)state;
	hv_vgicd_write(vm, 0x6000 + 8 * 40, 8, 1);
	assert_int_equal(rd(vm, 0x6000 + 8 * 40, 8), 1);
	assert_int_equal(vm->gicd.spi[8].route, 1);
	hv_vgicd_write(vm, 0x6000 + 8 * 40, 4, 0);
	assert_int_equal(vm->gicd.spi[8].route, 0);
	assert_int_equal(rd(vm, 0x6000 + 8 * 5, 8), 0); /* SGI/PPI IROUTER: reserved */
}

static void test_gicr_typer_waker(void **state)
{
	struct hv_vm *vm = test_vm(2);
	struct hv_vcpu *v0 = &vm->vcpu[0], *v1 = &vm->vcpu[1];

	(void)state;
	assert_int_equal(rrd(v0, 0x8, 8) >> 32, 0);
	assert_false(rrd(v0, 0x8, 8) & BIT(4));
	assert_int_equal(rrd(v1, 0x8, 8) >> 32, 1);
	assert_true(rrd(v1, 0x8, 8) & BIT(4)); /* Last */
	assert_int_equal(rrd(v1, 0xc, 4), 1);  /* upper half by 32-bit read */
	assert_int_equal((rrd(v1, 0x8, 4) >> 8) & 0xffff, 1);
	assert_int_equal(rrd(v0, 0x14, 4), 6); /* asleep at reset */
	hv_vgicr_write(v0, 0x14, 4, 0);
	assert_int_equal(rrd(v0, 0x14, 4), 0);
	assert_int_equal(rrd(v0, 0xffe8, 4), 0x30);
}

static void test_sgi_frame(void **state)
{
	struct hv_vm *vm = test_vm(2);
	struct hv_vcpu *v0 = &vm->vcpu[0];

	(void)state;
	hv_vgicr_write(v0, 0x10100, 4, BIT(27));
	assert_true(v0->priv[27].flags & VIRQ_ENABLED);
	assert_false(vm->vcpu[1].priv[27].flags & VIRQ_ENABLED);
	hv_vgicr_write(v0, 0x10400 + 27, 1, 0x80);
	assert_int_equal(v0->priv[27].prio, 0x80);
	hv_vgicr_write(v0, 0x10080, 4, ~0u);
	assert_int_equal(rrd(v0, 0x10080, 4), 0xffffffff);
	assert_int_equal(rrd(v0, 0x10c00, 4), 0xaaaaaaaa); /* SGIs edge */
	assert_int_equal(rrd(v0, 0x10104, 4), 0);	   /* ISENABLER1 absent here */
}

static void test_pick_order_and_routing(void **state)
{
	struct hv_vm *vm = test_vm(2);
	struct hv_vcpu *v0 = &vm->vcpu[0], *v1 = &vm->vcpu[1];

	(void)state;
	v0->priv[27].flags = VIRQ_ENABLED;
	v0->priv[27].prio = 0x80;
	vm->gicd.spi[8].flags = VIRQ_ENABLED;
	vm->gicd.spi[8].prio = 0x40;
	vm->gicd.spi[8].route = 1;
	assert_ptr_equal(hv_vgic_set_pending(vm, v0, 27), v0);
	assert_ptr_equal(hv_vgic_set_pending(vm, v0, 40), v1);
	assert_int_equal(hv_vgic_pick(vm, v0), -1); /* distributor group 1 off */
	hv_vgicd_write(vm, 0, 4, 0x12);
	assert_int_equal(hv_vgic_pick(vm, v0), 27); /* SPI 40 is routed to vCPU 1 */
	assert_int_equal(hv_vgic_pick(vm, v1), 40);
	vm->gicd.spi[8].route = 0;
	assert_int_equal(hv_vgic_pick(vm, v0), 40); /* higher priority wins */
	vm->gicd.spi[8].flags |= VIRQ_QUEUED;	    /* already in a list register */
	assert_int_equal(hv_vgic_pick(vm, v0), 27);
	v0->priv[27].flags &= ~VIRQ_ENABLED;
	assert_int_equal(hv_vgic_pick(vm, v0), -1);
	assert_null(hv_vgic_set_pending(vm, v0, 500));
}

static void test_sgi_targets(void **state)
{
	struct hv_vm *vm = test_vm(3);
	uint32_t kicked;

	(void)state;
	/* INTID 3 to TargetList {1, 2} in Aff1 = 0. */
	hv_vgic_sgi(vm, &vm->vcpu[0], 3ULL << 24 | 0x6, &kicked);
	assert_int_equal(kicked, 0x6);
	assert_true(vm->vcpu[1].priv[3].flags & VIRQ_PENDING);
	assert_false(vm->vcpu[0].priv[3].flags & VIRQ_PENDING);
	/* IRM: everyone but the sender. */
	hv_vgic_sgi(vm, &vm->vcpu[1], 5ULL << 24 | BIT_ULL(40), &kicked);
	assert_int_equal(kicked, 0x5);
	/* Aff1 = 1 names no vCPU here. */
	hv_vgic_sgi(vm, &vm->vcpu[0], 1ULL << 16 | 0x1, &kicked);
	assert_int_equal(kicked, 0);
}

/* GICR_IPRIORITYR<n> covers INTIDs 0-31: a misaligned word there reaches no SPI (12.11). */
static void test_gicr_misaligned_priority_word_stays_in_frame(void **state)
{
	struct hv_vm *vm = test_vm(2);

	(void)state;
	assert_int_equal(hv_vgicr_write(&vm->vcpu[0], 0x10000 + 0x41d, 4, 0xf8f8f8f8), 0);
	for (unsigned i = 0; i < HV_VGIC_NSPI; i++)
		assert_int_equal(vm->gicd.spi[i].prio, 0);
	vm->gicd.spi[0].prio = 0xa0;
	assert_int_equal(rrd(&vm->vcpu[1], 0x10000 + 0x41d, 4), 0);
	/* Aligned words and bytes still work. */
	assert_int_equal(hv_vgicr_write(&vm->vcpu[0], 0x10000 + 0x41c, 4, 0x10203040), 0);
	assert_int_equal(vm->vcpu[0].priv[31].prio, 0x10);
	assert_int_equal(rrd(&vm->vcpu[0], 0x10000 + 0x41f, 1), 0x10);
	assert_int_equal(vm->gicd.spi[0].prio, 0xa0);
}

const struct CMUnitTest vgic_tests[] = {
	cmocka_unit_test(test_gicd_ids_and_ctlr),
	cmocka_unit_test(test_spi_enable_pending_priority),
	cmocka_unit_test(test_irouter),
	cmocka_unit_test(test_gicr_typer_waker),
	cmocka_unit_test(test_sgi_frame),
	cmocka_unit_test(test_pick_order_and_routing),
	cmocka_unit_test(test_sgi_targets),
	cmocka_unit_test(test_gicr_misaligned_priority_word_stays_in_frame),
};
const size_t vgic_ntests = ARRAY_SIZE(vgic_tests);
