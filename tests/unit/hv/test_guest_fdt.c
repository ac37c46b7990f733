// SPDX-License-Identifier: MIT
/*
 * The guest device tree read back with host libfdt: fdt_check_full passes;
 * memory, cpus (reg = MPIDR, enable-method psci), psci method, gic-v3 reg
 * (distributor + one redistributor region sized for the vCPUs), timer PPIs,
 * the PL011, /chosen (bootargs, stdout-path that resolves, initrd only when
 * given), and free space left for a PCI host bridge node.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "hv_test.h"

static uint8_t blob[16384];

static const struct hv_fdt_params params = {
	.nvcpus = 2,
	.ram_base = 0x40000000,
	.ram_size = 16 * MiB,
	.bootargs = "seed=0x1234 console=ttyAMA0",
	.initrd_start = 0x40c00000,
	.initrd_end = 0x40c10000,
};

static uint64_t u64_at(const void *p, unsigned i)
{
	fdt64_t v;

	memcpy(&v, (const uint8_t *)p + 8 * i, sizeof(v)); /* cells are only 4-byte aligned */
	return fdt64_to_cpu(v);
}

static void test_blob_is_valid_with_free_space(void **state)
{
	int node;

	(void)state;
	assert_int_equal(hv_fdt_build(blob, sizeof(blob), &params), 0);
	assert_int_equal(fdt_check_full(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_totalsize(blob), sizeof(blob));
	node = fdt_add_subnode(blob, 0, "pcie@10000000");
	assert_true(node > 0);
	assert_int_equal(fdt_setprop_string(blob, node, "device_type", "pci"), 0);
	assert_int_equal(fdt_check_full(blob, sizeof(blob)), 0);
}

static void test_memory_cpus_psci(void **state)
{
	const void *p;
	int len, node, n = 0;

	(void)state;
	assert_int_equal(hv_fdt_build(blob, sizeof(blob), &params), 0);
	node = fdt_path_offset(blob, "/memory@40000000");
	assert_true(node >= 0);
	p = fdt_getprop(blob, node, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(u64_at(p, 0), 0x40000000);
	assert_int_equal(u64_at(p, 1), 16 * MiB);
	fdt_for_each_subnode (node, blob, fdt_path_offset(blob, "/cpus")) {
		p = fdt_getprop(blob, node, "reg", &len);
		assert_int_equal(len, 4);
		assert_int_equal(fdt32_to_cpu(*(const fdt32_t *)p), n);
		assert_string_equal(fdt_getprop(blob, node, "enable-method", NULL), "psci");
		n++;
	}
	assert_int_equal(n, 2);
	node = fdt_path_offset(blob, "/psci");
	assert_string_equal(fdt_getprop(blob, node, "method", NULL), "hvc");
	assert_int_equal(fdt_node_check_compatible(blob, node, "arm,psci-0.2"), 0);
}

static void test_gic_timer_uart(void **state)
{
	const fdt32_t *irq;
	const void *p;
	int len, node;

	(void)state;
	assert_int_equal(hv_fdt_build(blob, sizeof(blob), &params), 0);
	node = fdt_node_offset_by_compatible(blob, -1, "arm,gic-v3");
	assert_true(node >= 0);
	p = fdt_getprop(blob, node, "reg", &len);
	assert_int_equal(len, 32);
	assert_int_equal(u64_at(p, 0), HV_GUEST_GICD_BASE);
	assert_int_equal(u64_at(p, 2), HV_GUEST_GICR_BASE);
	assert_int_equal(u64_at(p, 3), 2 * HV_GUEST_GICR_FRAME);
	assert_non_null(fdt_getprop(blob, node, "interrupt-controller", NULL));
	assert_int_equal(fdt_get_phandle(blob, node), fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(
							      blob, 0, "interrupt-parent", NULL)));
	node = fdt_node_offset_by_compatible(blob, -1, "arm,armv8-timer");
	irq = fdt_getprop(blob, node, "interrupts", &len);
	assert_int_equal(len, 48);
	assert_int_equal(fdt32_to_cpu(irq[7]) + 16, HV_VTIMER_INTID); /* third: virtual */
	node = fdt_node_offset_by_compatible(blob, -1, "arm,pl011");
	p = fdt_getprop(blob, node, "reg", &len);
	assert_int_equal(u64_at(p, 0), HV_GUEST_UART_BASE);
}

static void test_chosen(void **state)
{
	struct hv_fdt_params np = params;
	const char *stdout_path;
	const void *p;
	int node;

	(void)state;
	assert_int_equal(hv_fdt_build(blob, sizeof(blob), &params), 0);
	node = fdt_path_offset(blob, "/chosen");
	assert_string_equal(fdt_getprop(blob, node, "bootargs", NULL), params.bootargs);
	stdout_path = fdt_getprop(blob, node, "stdout-path", NULL);
	assert_int_equal(fdt_node_check_compatible(blob, fdt_path_offset(blob, stdout_path),
						   "arm,pl011"),
			 0);
	p = fdt_getprop(blob, node, "linux,initrd-start", NULL);
	assert_int_equal(u64_at(p, 0), 0x40c00000);
	p = fdt_getprop(blob, node, "linux,initrd-end", NULL);
	assert_int_equal(u64_at(p, 0), 0x40c10000);
	np.initrd_start = np.initrd_end = 0;
	np.bootargs = NULL;
	assert_int_equal(hv_fdt_build(blob, sizeof(blob), &np), 0);
	node = fdt_path_offset(blob, "/chosen");
	assert_null(fdt_getprop(blob, node, "linux,initrd-start", NULL));
	assert_null(fdt_getprop(blob, node, "bootargs", NULL));
}

static void test_bad_params(void **state)
{
	struct hv_fdt_params np = params;

	(void)state;
	assert_int_equal(hv_fdt_build(blob, 256, &params), -ENOSPC);
	np.nvcpus = 0;
	assert_int_equal(hv_fdt_build(blob, sizeof(blob), &np), -EINVAL);
	np.nvcpus = HV_MAX_VCPUS + 1;
	assert_int_equal(hv_fdt_build(blob, sizeof(blob), &np), -EINVAL);
}

const struct CMUnitTest guest_fdt_tests[] = {
	cmocka_unit_test(test_blob_is_valid_with_free_space),
	cmocka_unit_test(test_memory_cpus_psci),
	cmocka_unit_test(test_gic_timer_uart),
	cmocka_unit_test(test_chosen),
	cmocka_unit_test(test_bad_params),
};
const size_t guest_fdt_ntests = ARRAY_SIZE(guest_fdt_tests);
