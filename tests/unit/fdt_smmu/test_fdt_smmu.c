// SPDX-License-Identifier: MIT
/*
 * arch/aarch64/fdt_smmu.c against device trees compiled by dtc: QEMU 7.2
 * virt with iommu=smmuv3 as dumped, two hosts and two units, and broken
 * variants (each must fail with a reason and leave nothing half-parsed).
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
#include <vmplat/log.h>
#include <vmplat/platform.h>

#include "../../fakes/dtb_file.h"

/* What fdt_smmu_init needs from the firmware. */
struct platform platform;
static char last_log[256];

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;

	(void)lvl;
	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
}

static void *blob;

static void *load(const char *name)
{
	free(blob);
	blob = test_dtb_load("fdt-smmu-dtb", name, NULL);
	return blob;
}

static int teardown(void **state)
{
	(void)state;
	free(blob);
	blob = NULL;
	return 0;
}

static int parse(const char *name, struct smmu_desc *out, unsigned *n, const char **why)
{
	memset(out, 0xcc, sizeof(*out) * PLAT_MAX_SMMU);
	return fdt_smmu_parse(load(name), out, PLAT_MAX_SMMU, n, why);
}

/* QEMU: smmuv3@9050000, SPIs 0x4a-0x4d (eventq, priq, cmdq-sync, gerror), iommu-map 1:1. */
static void test_qemu_virt(void **state)
{
	struct smmu_desc d[PLAT_MAX_SMMU];
	const char *why;
	unsigned n;

	(void)state;
	assert_int_equal(parse("qemu_virt_smmu", d, &n, &why), 0);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].base, 0x9050000);
	assert_int_equal(d[0].size, 0x20000);
	assert_int_equal(d[0].irq_evt, 32 + 0x4a);
	assert_int_equal(d[0].irq_sync, 32 + 0x4c);
	assert_int_equal(d[0].irq_gerr, 32 + 0x4d);
	assert_int_equal(d[0].segment, 0);
	assert_int_equal(d[0].nmap, 1);
	assert_int_equal(d[0].map[0].rid_base, 0);
	assert_int_equal(d[0].map[0].sid_base, 0);
	assert_int_equal(d[0].map[0].len, 0x10000);
}

static void test_two_hosts_two_units(void **state)
{
	struct smmu_desc d[PLAT_MAX_SMMU];
	const char *why;
	unsigned n;

	(void)state;
	assert_int_equal(parse("two_hosts", d, &n, &why), 0);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].segment, 0);
	assert_int_equal(d[0].nmap, 2);
	assert_int_equal(d[0].map[0].sid_base, 0x10000);
	assert_int_equal(d[0].map[0].len, 0x100);
	assert_int_equal(d[0].map[1].rid_base, 0x100);
	assert_int_equal(d[0].map[1].sid_base, 0);
	assert_int_equal(d[1].base, 0x9070000);
	assert_int_equal(d[1].segment, 3);
	assert_int_equal(d[1].nmap, 1);
	assert_int_equal(d[1].map[0].len, 0x10000);
	assert_int_equal(d[1].irq_evt, 0); /* not named */
	assert_int_equal(d[1].irq_gerr, 32 + 80);
}

static void test_disabled_unit_skipped(void **state)
{
	struct smmu_desc d[PLAT_MAX_SMMU];
	const char *why;
	unsigned n;

	(void)state;
	assert_int_equal(parse("disabled", d, &n, &why), 0);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].base, 0x9070000);
	assert_int_equal(d[0].nmap, 1);
}

static void expect_bad(const char *name)
{
	struct smmu_desc d[PLAT_MAX_SMMU];
	const char *why = NULL;
	unsigned n;

	assert_int_equal(parse(name, d, &n, &why), -EINVAL);
	assert_non_null(why);
}

static void test_broken_trees_rejected(void **state)
{
	(void)state;
	expect_bad("bad_map_len");
	expect_bad("bad_rid_range");
	expect_bad("bad_irq_names");
	expect_bad("bad_two_segments");
}

/* fdt_smmu_init drops a bad description entirely and says why. */
static void test_init_drops_bad_description(void **state)
{
	(void)state;
	platform.nsmmu = 3;
	fdt_smmu_init(load("bad_map_len"));
	assert_int_equal(platform.nsmmu, 0);
	assert_non_null(strstr(last_log, "iommu-map"));
	fdt_smmu_init(load("qemu_virt_smmu"));
	assert_int_equal(platform.nsmmu, 1);
	assert_int_equal(platform.smmu[0].base, 0x9050000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_qemu_virt, teardown),
		cmocka_unit_test_teardown(test_two_hosts_two_units, teardown),
		cmocka_unit_test_teardown(test_disabled_unit_skipped, teardown),
		cmocka_unit_test_teardown(test_broken_trees_rejected, teardown),
		cmocka_unit_test_teardown(test_init_drops_bad_description, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
