// SPDX-License-Identifier: MIT
/*
 * Virtual BARs (PCI LB 3.0 6.2.5.1): sizing reads ~(size - 1) with the type
 * bits, the physical BAR never changes, stage 2 maps the guest range onto
 * the physical BAR only while memory decode is on and the BAR is inside the
 * window, and a move or decode off unmaps it first. Small BARs are hidden.
 */
#include <string.h>
#include "vpci_test.h"

static void test_sizing_mem32(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0, 4, 0xffffffff);
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_BAR0, 4), (uint32_t) ~(FAKE_BAR0_SIZE - 1));
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_BAR0 + 4, 4), 0); /* BAR1 not implemented */
	/* The physical BAR keeps the host's value (zero in the fake). */
	assert_int_equal(fake_cfg16(&fn, PCI_BAR0), 0);
}

static void test_sizing_mem64_pref(void **state)
{
	uint32_t lo;

	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0 + 8, 4, 0xffffffff);
	cfg_wr(&bridge, 0, 0, PCI_BAR0 + 12, 4, 0xffffffff);
	lo = cfg_rd(&bridge, 0, 0, PCI_BAR0 + 8, 4);
	assert_int_equal(lo & 0xf, PCI_BAR_MEM_PREF | PCI_BAR_MEM_64 << 1);
	assert_int_equal(lo & ~0xfu, (uint32_t) ~(FAKE_BAR2_SIZE - 1) & ~0xfu);
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_BAR0 + 12, 4), 0xffffffff);
}

static void test_small_bar_hidden(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0 + 16, 4, 0xffffffff);
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_BAR0 + 16, 4), 0);
}

static void test_map_on_decode_unmap_off(void **state)
{
	const struct fake_s2_map *m;

	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0, 4, 0x10100000);
	assert_int_equal(s2.nlive, 0); /* decode still off */
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, PCI_CMD_MEM);
	m = fake_s2_find(&s2, 0x10100000);
	assert_non_null(m);
	assert_int_equal(m->hpa, FAKE_BAR0_HPA);
	assert_int_equal(m->size, FAKE_BAR0_SIZE);
	assert_int_equal(s2.nlive, 1); /* BAR2 at 0: outside the window, not mapped */
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, 0);
	assert_int_equal(s2.nlive, 0);
	assert_int_equal(s2.unmaps, 1);
}

static void test_move_while_decoding_remaps(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0, 4, 0x10000000);
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, PCI_CMD_MEM);
	assert_non_null(fake_s2_find(&s2, 0x10000000));
	cfg_wr(&bridge, 0, 0, PCI_BAR0, 4, 0x10200000);
	assert_null(fake_s2_find(&s2, 0x10000000));
	assert_non_null(fake_s2_find(&s2, 0x10200000));
	/* Sizing with decode on takes the BAR out of the window: unmapped. */
	cfg_wr(&bridge, 0, 0, PCI_BAR0, 4, 0xffffffff);
	assert_int_equal(s2.nlive, 0);
}

static void test_mem64_mapped_above_4g_only_in_window(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0 + 8, 4, 0x10004000 | 0xc);
	cfg_wr(&bridge, 0, 0, PCI_BAR0 + 12, 4, 0);
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, PCI_CMD_MEM);
	assert_non_null(fake_s2_find(&s2, 0x10004000));
	assert_int_equal(fake_s2_find(&s2, 0x10004000)->hpa, FAKE_BAR2_HPA);
	cfg_wr(&bridge, 0, 0, PCI_BAR0 + 12, 4, 0x1); /* 0x1_1000_4000: outside */
	assert_null(fake_s2_find(&s2, 0x10004000));
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_BAR0 + 12, 4), 1);
}

static void test_bar_over_guest_ram_not_mapped(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0, 4, 0x40000000); /* guest RAM: outside the window */
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, PCI_CMD_MEM);
	assert_null(fake_s2_find(&s2, 0x40000000));
	assert_int_equal(cfg_rd(&bridge, 0, 0, PCI_BAR0, 4), 0x40000000);
}

static void test_map_failure_counted_and_retried(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0, 4, 0x10000000);
	s2.fail_map = -ENOMEM;
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, PCI_CMD_MEM);
	assert_int_equal(bridge.stats.map_errors, 1);
	assert_int_equal(s2.nlive, 0);
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, PCI_CMD_MEM); /* again: now it maps */
	assert_int_equal(s2.nlive, 1);
}

static void test_unmap_all(void **state)
{
	(void)state;
	cfg_wr(&bridge, 0, 0, PCI_BAR0, 4, 0x10000000);
	cfg_wr(&bridge, 0, 0, PCI_COMMAND, 2, PCI_CMD_MEM | PCI_CMD_MASTER);
	assert_int_equal(s2.nlive, 1);
	vpci_unmap_all(&bridge);
	assert_int_equal(s2.nlive, 0);
}

const struct CMUnitTest vpci_bar_tests[] = {
	cmocka_unit_test_setup(test_sizing_mem32, setup),
	cmocka_unit_test_setup(test_sizing_mem64_pref, setup),
	cmocka_unit_test_setup(test_small_bar_hidden, setup),
	cmocka_unit_test_setup(test_map_on_decode_unmap_off, setup),
	cmocka_unit_test_setup(test_move_while_decoding_remaps, setup),
	cmocka_unit_test_setup(test_mem64_mapped_above_4g_only_in_window, setup),
	cmocka_unit_test_setup(test_bar_over_guest_ram_not_mapped, setup),
	cmocka_unit_test_setup(test_map_failure_counted_and_retried, setup),
	cmocka_unit_test_setup(test_unmap_all, setup),
};
const size_t vpci_bar_ntests = ARRAY_SIZE(vpci_bar_tests);
