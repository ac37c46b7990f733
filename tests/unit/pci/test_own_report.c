// SPDX-License-Identifier: MIT
/*
 * Ownership: refusal when owned elsewhere, groups of multi-function devices
 * without ACS (7.7.11), bus mastering only while owned, reset on release
 * (FLR 6.6.2, secondary bus reset 7.5.1.3.13) with bounded waits. Report.
 */
#include <errno.h>
#include <string.h>
#include "pci_tests.h"

static struct fake_ecam fe;

static void scan_topo(struct topo *t)
{
	env_reset(&fe);
	topo_build(&fe, t);
	topo_scan(&fe, 0, true);
}

void test_assign_refuses_other_owner(void **state)
{
	struct topo t;
	struct pci_dev *edu;

	(void)state;
	scan_topo(&t);
	edu = dev_at(1, 0, 0);
	assert_int_equal(edu->owner, PCI_DOMAIN_NONE);
	assert_int_equal(pci_assign(edu, 1), 0);
	assert_int_equal(edu->owner, 1);
	assert_int_equal(pci_assign(edu, 2), -EBUSY);
	assert_int_equal(pci_assign(edu, 1), 0);
	assert_int_equal(pci_assign(edu, PCI_DOMAIN_NONE), -EINVAL);
	assert_int_equal(pci_release(edu, 2), -EPERM);
	assert_int_equal(edu->owner, 1);
}

void test_multifunction_without_acs_moves_as_group(void **state)
{
	struct topo t;
	struct pci_dev *g[PCI_MAX_GROUP];

	(void)state;
	scan_topo(&t);
	assert_int_equal(pci_group(dev_at(0, 3, 1), g, PCI_MAX_GROUP), 2);
	assert_int_equal(pci_assign(dev_at(0, 3, 1), 3), 0);
	assert_int_equal(dev_at(0, 3, 0)->owner, 3);
	assert_int_equal(pci_assign(dev_at(0, 3, 0), 4), -EBUSY);
	assert_int_equal(pci_release(dev_at(0, 3, 0), 3), 0);
	assert_int_equal(dev_at(0, 3, 1)->owner, PCI_DOMAIN_NONE);
}

void test_multifunction_with_acs_moves_alone(void **state)
{
	struct pci_dev *g[PCI_MAX_GROUP];
	int f0, f1;

	(void)state;
	env_reset(&fe);
	f0 = fake_add_fn(&fe, -1, 3, 0, 0x8086, 0x1, 0x020000, PCI_HDR_NORMAL);
	fake_set_multifunction(&fe, f0);
	f1 = fake_add_fn(&fe, -1, 3, 1, 0x8086, 0x1, 0x020000, PCI_HDR_NORMAL);
	fake_set_multifunction(&fe, f1);
	for (int f = f0; f <= f1; f++) {
		fake_add_pcie(&fe, f, PCI_EXP_TYPE_ENDPOINT, false, false);
		fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_ACS, 0x100, 8);
	}
	topo_scan(&fe, 0, true);
	assert_int_equal(pci_group(dev_at(0, 3, 0), g, PCI_MAX_GROUP), 1);
	assert_int_equal(pci_assign(dev_at(0, 3, 0), 1), 0);
	assert_int_equal(pci_assign(dev_at(0, 3, 1), 2), 0);
}

void test_bus_master_only_while_owned(void **state)
{
	struct topo t;
	struct pci_dev *edu;

	(void)state;
	scan_topo(&t);
	edu = dev_at(1, 0, 0);
	assert_int_equal(pci_set_master(edu, true), -EPERM);
	assert_int_equal(fake_cfg_read(&fe, t.edu, PCI_COMMAND, 2) & PCI_CMD_MASTER, 0);
	assert_int_equal(pci_assign(edu, PCI_DOMAIN_PLATFORM), 0);
	assert_int_equal(pci_set_master(edu, true), 0);
	assert_true(fake_cfg_read(&fe, t.edu, PCI_COMMAND, 2) & PCI_CMD_MASTER);
	assert_int_equal(pci_release(edu, PCI_DOMAIN_PLATFORM), 0);
	assert_int_equal(fake_cfg_read(&fe, t.edu, PCI_COMMAND, 2) & PCI_CMD_MASTER, 0);
}

void test_release_does_flr_and_restores_bars(void **state)
{
	struct topo t;
	struct pci_dev *edu;
	uint64_t t0;

	(void)state;
	scan_topo(&t);
	edu = dev_at(1, 0, 0);
	assert_int_equal(pci_assign(edu, 5), 0);
	pci_set_master(edu, true);
	t0 = env_now_ns;
	assert_int_equal(pci_release(edu, 5), 0);
	assert_int_equal(fe.fn[t.edu].flr_count, 1);
	assert_true(env_now_ns - t0 >= 100 * NSEC_PER_MSEC);
	assert_int_equal(fake_cfg_read(&fe, t.edu, PCI_BAR0, 4), 0x11000000);
	assert_int_equal(fake_cfg_read(&fe, t.edu, PCI_COMMAND, 2), PCI_CMD_MEM);
	assert_int_equal(edu->owner, PCI_DOMAIN_NONE);
}

void test_release_uses_secondary_bus_reset_for_sole_device(void **state)
{
	struct topo t;
	struct pci_dev *blk;
	uint64_t t0;

	(void)state;
	scan_topo(&t);
	blk = dev_at(4, 0, 0);
	assert_int_equal(pci_assign(blk, 5), 0);
	t0 = env_now_ns;
	assert_int_equal(pci_release(blk, 5), 0);
	assert_true(env_now_ns - t0 >= 100 * NSEC_PER_MSEC);
	assert_int_equal(fake_cfg_read(&fe, t.dn0, PCI_BRIDGE_CTL, 2) & PCI_BRCTL_SBR, 0);
	assert_int_equal(fake_cfg_read(&fe, t.blk, PCI_BAR0 + 4, 4), 0x11100000);
	/* edu's reset is its FLR; a function on the root bus with neither is refused. */
	assert_int_equal(pci_reset_function(dev_at(0, 4, 0)), -EOPNOTSUPP);
}

void test_reset_wait_times_out(void **state)
{
	struct topo t;
	uint64_t t0;

	(void)state;
	scan_topo(&t);
	fake_cfg_set(&fe, t.edu, PCI_VENDOR_ID, 2, 0xffff); /* never comes back */
	t0 = env_now_ns;
	assert_int_equal(pci_reset_function(dev_at(1, 0, 0)), -ETIMEDOUT);
	assert_true(env_now_ns - t0 >= 1100 * NSEC_PER_MSEC);
	assert_true(env_warned("pci 0000:01:00.0: not ready 1000 ms after reset"));
}

void test_report_format(void **state)
{
	int f;

	(void)state;
	env_reset(&fe);
	f = fake_add_fn(&fe, -1, 3, 0, 0x1234, 0x11e8, 0x00ff00, PCI_HDR_NORMAL);
	fake_add_bar(&fe, f, 0, PCI_BAR_MEM32, 1 * MiB, false);
	fake_cfg_set(&fe, f, PCI_BAR0, 4, 0xfea00000);
	fake_cfg_set(&fe, f, PCI_COMMAND, 2, PCI_CMD_MEM);
	f = fake_add_fn(&fe, -1, 4, 0, 0x1b36, 0x10, 0x010802, PCI_HDR_NORMAL);
	fake_add_bar(&fe, f, 0, PCI_BAR_MEM64, 16 * KiB, true);
	fake_add_bar(&fe, f, 2, PCI_BAR_IO, 32, false);
	fake_add_rom(&fe, f, 256 * KiB);
	pci_scan_host(pci_host_add(0, 0, 255, &fake_ecam_ops, &fe, NULL, 0, PCI_HOST_KEEP_FW));
	pci_report();
	assert_non_null(strstr(env_console,
			       "pci 0000:00:03.0 1234:11e8 class 00ff00 type other\n"
			       "pci   bar0 mem32 0x00000000fea00000 size 0x100000\n"
			       "pci 0000:00:04.0 1b36:0010 class 010802 type storage\n"
			       "pci   bar0 mem64 pref 0x0000000000000000 size 0x4000 unassigned\n"
			       "pci   bar2 io 0x0000000000000000 size 0x20 unassigned\n"
			       "pci   rom rom 0x0000000000000000 size 0x40000 unassigned\n"));
}

void test_report_tree(void **state)
{
	struct topo t;

	(void)state;
	scan_topo(&t);
	pci_sriov_enable(dev_at(0, 5, 0), 1);
	pci_report_tree();
	assert_non_null(strstr(env_console, "-[0000:00]\n"
					    " +-00.0  8086:29c0 bridge\n"
					    " +-01.0-[01-01]  1b36:000c bridge\n"
					    " |  \\-00.0  1234:11e8 other\n"
					    " +-02.0-[02-05]  1b36:000c bridge\n"
					    " |  \\-00.0-[03-05]  1b36:000c bridge\n"
					    " |     +-00.0-[04-04]  1b36:000c bridge\n"
					    " |     |  \\-00.0  1af4:1042 storage\n"
					    " |     \\-01.0-[05-05]  1b36:000c bridge\n"
					    " +-03.0  8086:2934 serial-bus\n"
					    " +-03.1  8086:2935 serial-bus\n"
					    " +-04.0  1234:1111 display\n"
					    " +-05.0  1b36:0010 storage\n"
					    " +-06.0  10ec:8139 network\n"
					    " \\-05.1  1b36:0010 storage (VF)\n"));
}
