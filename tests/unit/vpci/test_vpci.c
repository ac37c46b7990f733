// SPDX-License-Identifier: MIT
/*
 * vpci config filtering against a fake physical function: absent functions
 * read all-ones and drop writes (PCIe 6.0 7.2.2), ids pass through, the
 * multi-function bit is cleared, command bits are forwarded or kept virtual,
 * capabilities other than PM and PCIe are skipped in the list and read zero,
 * extended space is empty, and the guest DTB node reads back with libfdt.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include "vpci_test.h"

struct vpci bridge;
struct fake_fn fn;
struct fake_s2 s2;

int setup(void **state)
{
	(void)state;
	fake_fn_init(&fn);
	memset(&s2, 0, sizeof(s2));
	vpci_init(&bridge, VPCI_GUEST_MMIO_BASE, VPCI_GUEST_MMIO_SIZE, &fake_s2_ops, &s2);
	assert_int_equal(vpci_add_fn(&bridge, 0, &fn.desc), 0);
	return 0;
}

static void test_absent_functions_read_all_ones(void **state)
{
	uint8_t before[sizeof(fn.cfg)];

	(void)state;
	assert_int_equal(cfg_rd(&bridge, 1, 0, 0, 4), 0xffffffff); /* device 1: not assigned */
	assert_int_equal(cfg_rd(&bridge, 0, 1, 0, 2), 0xffff);	   /* function 1 of device 0 */
	assert_int_equal(cfg_rd(&bridge, 31, 0, 0x3c, 1), 0xff);
	memcpy(before, fn.cfg, sizeof(before));
	cfg_wr(&bridge, 1, 0, PCI_COMMAND, 2, PCI_CMD_MEM | PCI_CMD_MASTER);
	cfg_wr(&bridge, 0, 3, PCI_BAR0, 4, 0xffffffff);
	assert_memory_equal(before, fn.cfg, sizeof(before));
	assert_int_equal(bridge.stats.dropped_writes, 2);
}

static void test_ids_pass_and_header_is_single_function(void **state)
{
	(void)state;
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_VENDOR_ID, 2), FAKE_VENDOR);
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_DEVICE_ID, 2), FAKE_DEVICE);
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_CLASS_REV, 4), FAKE_CLASS_REV);
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_HEADER_TYPE, 1), 0);	 /* 0x80 physically */
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_INT_LINE + 1, 1), 1); /* INTA */
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_ROM_ADDR, 4), 0);
	/* Writes to read-only ids change nothing. */
	cfg_wr(&bridge, 0, 0, PCI_VENDOR_ID, 4, 0x12345678);
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_VENDOR_ID, 2), FAKE_VENDOR);
}

static void test_command_master_forwarded_decode_virtual(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, PCI_CMD_MASTER | PCI_CMD_IO | BIT(6));
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_COMMAND, 2), PCI_CMD_MASTER);
	/* Bus master reaches the device; I/O and parity do not; the host's decode stays. */
	assert_int_equal(fake_cfg16(&fn, PCI_COMMAND), PCI_CMD_MEM | PCI_CMD_MASTER);
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, 0);
	assert_int_equal(fake_cfg16(&fn, PCI_COMMAND), PCI_CMD_MEM);
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_COMMAND, 2), 0);
}

static void test_status_write_is_dropped(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_STATUS, 2, 0xffff); /* RW1C error bits are the host's */
	assert_int_equal(fake_cfg16(&fn, PCI_STATUS), FAKE_STATUS);
}

static void test_hidden_caps_skipped_visible_relinked(void **state)
{
	(void)state;
	/* Physical list: MSI 0x40 -> PM 0x50 -> vendor 0x60 -> PCIe 0x70 -> MSI-X 0xb0. */
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_CAP_PTR, 1), 0x50);
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0x50, 1), PCI_CAP_ID_PM);
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0x51, 1), 0x70);
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0x70, 2), PCI_CAP_ID_EXP); /* next 0 */
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0x72, 2), 0x0002);	  /* version passes */
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0x40, 4), 0);		  /* MSI hidden */
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0xb0, 4), 0);		  /* MSI-X hidden */
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0x60, 4), 0);		  /* vendor hidden */
	assert_true(cfg_rd(&bridge, 0, 0, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
}

static void test_cap_writes_dropped(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, 0x42, 2, 0x0001); /* MSI enable */
	cfg_wr(&bridge, 0, 0, 0x78, 2, 0x8000); /* PCIe device control: initiate FLR */
	assert_int_equal(fake_cfg16(&fn, 0x42), 0);
	assert_int_equal(fake_cfg16(&fn, 0x78), 0);
}

static void test_extended_space_is_empty(void **state)
{
	(void)state;
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0x100, 4), 0);
	assert_int_equal(cfg_rd(&bridge, 0, 0, 0xffc, 4), 0);
}

static void test_cap_loop_is_bounded(void **state)
{
	struct vpci b2;

	(void)state;
	fn.cfg[0x71] = 0x50; /* PCIe -> PM: a loop */
	vpci_init(&b2, VPCI_GUEST_MMIO_BASE, VPCI_GUEST_MMIO_SIZE, &fake_s2_ops, &s2);
	assert_int_equal(vpci_add_fn(&b2, 2, &fn.desc), 0);
	assert_int_equal(b2.fn[0].ncaps, 2);
	assert_int_equal(cfg_rd(&b2, 2, 0, 0x71, 1), 0); /* the loop is not shown */
}

static void test_no_caps_clears_cap_list(void **state)
{
	struct vpci b2;

	(void)state;
	fn.cfg[PCI_CAP_PTR] = 0x40;
	fn.cfg[0x41] = 0; /* only MSI: all hidden */
	vpci_init(&b2, VPCI_GUEST_MMIO_BASE, VPCI_GUEST_MMIO_SIZE, &fake_s2_ops, &s2);
	assert_int_equal(vpci_add_fn(&b2, 0, &fn.desc), 0);
	assert_false(cfg_rd(&b2, 0, 0, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
	assert_int_equal(cfg_rd(&b2, 0, 0, PCI_CAP_PTR, 1), 0);
}

static void test_add_fn_rules(void **state)
{
	(void)state;
	assert_int_equal(vpci_add_fn(&bridge, 0, &fn.desc), -EEXIST);
	assert_int_equal(vpci_add_fn(&bridge, 32, &fn.desc), -EINVAL);
	for (unsigned d = 1; d < VPCI_MAX_FNS; d++)
		assert_int_equal(vpci_add_fn(&bridge, d, &fn.desc), 0);
	assert_int_equal(vpci_add_fn(&bridge, 9, &fn.desc), -ENOSPC);
}

static void test_bad_access_widths(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vpci_ecam_read(&bridge, 0x1, 2, &v), 0); /* misaligned */
	assert_int_equal(v, 0xffff);
	assert_int_equal(vpci_ecam_read(&bridge, 0x0, 8, &v), 0);
	assert_int_equal(v, ~0ULL);
	assert_int_equal(vpci_ecam_read(&bridge, VPCI_ECAM_SIZE, 4, &v), 0);
	assert_int_equal(v, 0xffffffff);
}

static void test_fdt_node(void **state)
{
	static uint8_t blob[8192];
	const fdt32_t *p;
	int node, len;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(blob, 1024), 0);
	assert_int_equal(vpci_fdt_add(blob, sizeof(blob), &bridge, VPCI_GUEST_ECAM_BASE, 1), 0);
	assert_int_equal(fdt_check_full(blob, sizeof(blob)), 0);
	node = fdt_path_offset(blob, "/pcie@3f000000");
	assert_true(node >= 0);
	assert_int_equal(fdt_node_check_compatible(blob, node, "pci-host-ecam-generic"), 0);
	p = fdt_getprop(blob, node, "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(p[1]), VPCI_GUEST_ECAM_BASE);
	assert_int_equal(fdt32_to_cpu(p[3]), VPCI_ECAM_SIZE);
	p = fdt_getprop(blob, node, "bus-range", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt32_to_cpu(p[1]), 0);
	p = fdt_getprop(blob, node, "ranges", &len);
	assert_int_equal(len, 28);
	assert_int_equal(fdt32_to_cpu(p[0]), 0x02000000);
	assert_int_equal(fdt32_to_cpu(p[2]), VPCI_GUEST_MMIO_BASE);
	assert_int_equal(fdt32_to_cpu(p[4]), VPCI_GUEST_MMIO_BASE);
	assert_int_equal(fdt32_to_cpu(p[6]), VPCI_GUEST_MMIO_SIZE);
	p = fdt_getprop(blob, node, "interrupt-map", &len);
	assert_int_equal(len, 16 * 8 * 4);
	/* Device 1 pin B (INTB): SPI 3 + (1 + 2 - 1) % 4 = 5. */
	assert_int_equal(fdt32_to_cpu(p[5 * 8 + 0]), 1 << 11);
	assert_int_equal(fdt32_to_cpu(p[5 * 8 + 3]), 2);
	assert_int_equal(fdt32_to_cpu(p[5 * 8 + 6]), 5);
	assert_null(fdt_getprop(blob, node, "msi-map", &len));
	assert_null(fdt_getprop(blob, node, "iommu-map", &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_absent_functions_read_all_ones, setup),
		cmocka_unit_test_setup(test_ids_pass_and_header_is_single_function, setup),
		cmocka_unit_test_setup(test_command_master_forwarded_decode_virtual, setup),
		cmocka_unit_test_setup(test_status_write_is_dropped, setup),
		cmocka_unit_test_setup(test_hidden_caps_skipped_visible_relinked, setup),
		cmocka_unit_test_setup(test_cap_writes_dropped, setup),
		cmocka_unit_test_setup(test_extended_space_is_empty, setup),
		cmocka_unit_test_setup(test_cap_loop_is_bounded, setup),
		cmocka_unit_test_setup(test_no_caps_clears_cap_list, setup),
		cmocka_unit_test_setup(test_add_fn_rules, setup),
		cmocka_unit_test_setup(test_bad_access_widths, setup),
		cmocka_unit_test_setup(test_fdt_node, setup),
	};

	struct CMUnitTest all[ARRAY_SIZE(tests) + 16];
	size_t n = ARRAY_SIZE(tests);

	memcpy(all, tests, sizeof(tests));
	for (size_t i = 0; i < vpci_bar_ntests && n < ARRAY_SIZE(all); i++)
		all[n++] = vpci_bar_tests[i];
	return _cmocka_run_group_tests("vpci", all, n, NULL, NULL);
}
