// SPDX-License-Identifier: MIT
/*
 * The GICv2 side of arch/aarch64: the DTB node (gicv2_fdt.c; reg = GICD,
 * GICC, GICH, GICV per the arm,gic binding) against trees compiled by dtc,
 * and the register field math of gicv2_regs.h against IHI 0048B.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../arch/aarch64/fdt_platform.h"
#include "../../../arch/aarch64/gicv2_fdt.h"
#include "../../../arch/aarch64/gicv2_regs.h"
#include "../../fakes/dtb_file.h"

static void *blob;

static void *load_dtb(const char *name)
{
	return test_dtb_load("gicv2-dtb", name, NULL);
}

static int parse(const char *name, struct gicv2_desc *g)
{
	free(blob);
	blob = load_dtb(name);
	return gicv2_fdt_parse(blob, g);
}

static int free_blob(void **state)
{
	(void)state;
	free(blob);
	blob = NULL;
	return 0;
}

static void test_qemu_virt_gives_four_frames(void **state)
{
	struct gicv2_desc g;
	struct fdt_desc d;

	(void)state;
	assert_int_equal(parse("qemu_virt_v2", &g), 0);
	assert_string_equal(g.compat, "arm,cortex-a15-gic");
	assert_int_equal(g.gicd.base, 0x08000000);
	assert_int_equal(g.gicd.size, 0x10000);
	assert_int_equal(g.gicc.base, 0x08010000);
	assert_int_equal(g.gicc.size, 0x10000);
	assert_int_equal(g.gich.base, 0x08030000);
	assert_int_equal(g.gicv.base, 0x08040000);
	/* The platform parser sees no GICv3 there: irqchip.c falls back to this node. */
	assert_int_equal(fdt_parse(blob, &d), 0);
	assert_int_equal(d.gicd.base, 0);
	assert_int_equal(d.ngicr, 0);
}

static void test_gic400_under_one_cell_bus_skips_disabled(void **state)
{
	struct gicv2_desc g;

	(void)state;
	assert_int_equal(parse("rpi4_gic400", &g), 0);
	assert_string_equal(g.compat, "arm,gic-400");
	assert_int_equal(g.gicd.base, 0x40041000);
	assert_int_equal(g.gicd.size, 0x1000);
	assert_int_equal(g.gicc.base, 0x40042000);
	assert_int_equal(g.gicc.size, 0x2000);
	assert_int_equal(g.gich.base, 0x40044000);
	assert_int_equal(g.gicv.base, 0x40046000);
}

static void test_gicv3_tree_has_no_gicv2(void **state)
{
	struct gicv2_desc g;

	(void)state;
	assert_int_equal(parse("gicv3_only", &g), -ENOENT);
}

static void test_virt_frames_need_both(void **state)
{
	struct gicv2_desc g;

	(void)state;
	assert_int_equal(parse("v2_no_virt", &g), 0);
	assert_int_equal(g.gicc.base, 0x2c002000);
	assert_int_equal(g.gich.base, 0);
	assert_int_equal(g.gicv.base, 0);
}

static void test_bad_nodes_are_refused(void **state)
{
	static const char *const bad[] = { "bad_one_frame", "bad_small_cpu_if", "bad_reg_len" };
	struct gicv2_desc g;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &g), -EINVAL);
		assert_non_null(g.error);
	}
}

/* 4.3.2: ITLinesNumber N gives 32 * (N + 1) lines, capped at 1020; CPUNumber + 1 interfaces. */
static void test_typer_lines_and_cpus(void **state)
{
	(void)state;
	assert_int_equal(gicv2_typer_lines(0x0), 32);
	assert_int_equal(gicv2_typer_lines(0x68), 288); /* QEMU virt, 4 CPUs: N = 8, CPUNumber 3 */
	assert_int_equal(gicv2_typer_cpus(0x68), 4);
	assert_int_equal(gicv2_typer_lines(0x1f), 1020);
	assert_int_equal(gicv2_typer_cpus(0xe0), 8);
}

/* 4.3.12: ITARGETSR0-7 read as the reading CPU's own bit; unimplemented PPIs read 0. */
static void test_cpu_mask_from_banked_itargetsr(void **state)
{
	uint32_t t[GICV2_BANKED_ITARGETSR] = { 0 };

	(void)state;
	assert_int_equal(gicv2_cpu_mask(t), 0); /* uniprocessor GIC: RAZ */
	for (unsigned cpu = 0; cpu < GICV2_MAX_CPUS; cpu++) {
		uint32_t b = 1u << cpu;

		memset(t, 0, sizeof(t));
		t[6] = b << 8 | b << 16 | b << 24; /* PPIs 25-27 only */
		assert_int_equal(gicv2_cpu_mask(t), (int)b);
		for (unsigned i = 0; i < GICV2_BANKED_ITARGETSR; i++)
			t[i] = b * 0x01010101u;
		assert_int_equal(gicv2_cpu_mask(t), (int)b);
	}
	t[0] |= 0x02; /* two interfaces for one CPU: inconsistent */
	t[1] = 0x01;
	assert_int_equal(gicv2_cpu_mask(t), -EINVAL);
}

/* 4.3.15: TargetListFilter [25:24], CPUTargetList [23:16], SGIINTID [3:0]. */
static void test_sgir_fields(void **state)
{
	(void)state;
	assert_int_equal(gicv2_sgir(GICD_SGIR_TO_LIST, 0x0e, 0), 0x000e0000);
	assert_int_equal(gicv2_sgir(GICD_SGIR_TO_LIST, 0x80, 15), 0x0080000f);
	assert_int_equal(gicv2_sgir(GICD_SGIR_TO_OTHERS, 0xff, 3), 0x01000003);
}

/* 4.3.13: 16 two-bit fields per ICFGR, Int_config[1] (the odd bit) set for edge. */
static void test_icfgr_edge_bit(void **state)
{
	(void)state;
	assert_int_equal(gicv2_icfgr_reg(32), 0xc08);
	assert_int_equal(gicv2_icfgr_edge_bit(32), 1u << 1);
	assert_int_equal(gicv2_icfgr_reg(33), 0xc08);
	assert_int_equal(gicv2_icfgr_edge_bit(33), 1u << 3);
	assert_int_equal(gicv2_icfgr_reg(47), 0xc08);
	assert_int_equal(gicv2_icfgr_edge_bit(47), 1u << 31);
	assert_int_equal(gicv2_icfgr_reg(1019), 0xc00 + 4 * 63);
}

/* 4.4.4: INTID [9:0], the SGI source CPUID [12:10] is not part of it; 1023 is spurious. */
static void test_iar_intid(void **state)
{
	(void)state;
	assert_int_equal(gicv2_iar_intid(0x00001c00), 0); /* SGI 0 from CPU 7 */
	assert_int_equal(gicv2_iar_intid(0x0000041b), 27);
	assert_int_equal(gicv2_iar_intid(0x000003ff), 1023);
	assert_true(gicv2_iar_intid(0x3ff) >= GICV2_SPURIOUS);
	assert_true(gicv2_iar_intid(0x3fc) >= GICV2_SPURIOUS);
	assert_true(gicv2_iar_intid(0x3fb) < GICV2_SPURIOUS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_qemu_virt_gives_four_frames, free_blob),
		cmocka_unit_test_teardown(test_gic400_under_one_cell_bus_skips_disabled, free_blob),
		cmocka_unit_test_teardown(test_gicv3_tree_has_no_gicv2, free_blob),
		cmocka_unit_test_teardown(test_virt_frames_need_both, free_blob),
		cmocka_unit_test_teardown(test_bad_nodes_are_refused, free_blob),
		cmocka_unit_test(test_typer_lines_and_cpus),
		cmocka_unit_test(test_cpu_mask_from_banked_itargetsr),
		cmocka_unit_test(test_sgir_fields),
		cmocka_unit_test(test_icfgr_edge_bit),
		cmocka_unit_test(test_iar_intid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
