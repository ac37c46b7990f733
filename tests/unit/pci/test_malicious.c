// SPDX-License-Identifier: MIT
/*
 * Capability walkers and devices that lie: loops, pointers into the header,
 * all-ones mid-walk, BARs that read all-ones, vanishing functions, bridges
 * with bogus bus numbers. Every scan terminates, with a warning that names
 * the function and the rule.
 */
#include <errno.h>
#include <string.h>
#include "pci_tests.h"

static struct fake_ecam fe;

static int one_dev(bool pcie)
{
	int f;

	env_reset(&fe);
	f = fake_add_fn(&fe, -1, 2, 0, 0x1234, 0x1, 0x020000, PCI_HDR_NORMAL);
	if (pcie)
		fake_add_pcie(&fe, f, PCI_EXP_TYPE_ENDPOINT, false, false);
	return f;
}

static struct pci_dev *scan_one(void)
{
	pci_scan_host(env_host(&fe, 0));
	return dev_at(0, 2, 0);
}

void test_caps_standard_and_extended_found(void **state)
{
	struct pci_cap caps[8];
	struct pci_dev *d;
	int f = one_dev(true);

	(void)state;
	fake_add_cap(&fe, f, PCI_CAP_ID_MSIX, 0x50, 12);
	fake_add_cap(&fe, f, PCI_CAP_ID_PM, 0x60, 8);
	fake_add_cap(&fe, f, PCI_CAP_ID_VNDR, 0x70, 8);
	fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_AER, 0x100, 0x48);
	fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_ACS, 0x148, 8);
	fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_ATS, 0x150, 8);
	fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_PASID, 0x158, 8);
	d = scan_one();
	assert_int_equal(d->cap_pcie, 0x40);
	assert_int_equal(d->cap_msix, 0x50);
	assert_int_equal(d->cap_pm, 0x60);
	assert_int_equal(d->cap_vndr, 0x70);
	assert_int_equal(d->cap_msi, 0);
	assert_int_equal(d->ecap_aer, 0x100);
	assert_int_equal(d->ecap_acs, 0x148);
	assert_int_equal(d->ecap_ats, 0x150);
	assert_int_equal(d->ecap_pasid, 0x158);
	assert_int_equal(d->ecap_sriov, 0);
	assert_int_equal(pci_walk_caps(d, false, caps, 8), 4);
	assert_int_equal(caps[1].id, PCI_CAP_ID_MSIX);
	assert_int_equal(pci_walk_caps(d, true, caps, 8), 4);
	assert_int_equal(caps[3].id, PCI_EXT_CAP_ID_PASID);
	assert_int_equal(caps[3].ver, 1);
	assert_int_equal(pci_find_cap(d, PCI_CAP_ID_VNDR), 0x70);
	assert_int_equal(pci_find_ext_cap(d, PCI_EXT_CAP_ID_ATS), 0x150);
	assert_int_equal(pci_find_ext_cap(d, PCI_EXT_CAP_ID_SRIOV), 0);
	assert_int_equal(env_warnings, 0);
}

void test_bar_all_ones_is_ignored(void **state)
{
	struct pci_dev *d;
	int f = one_dev(false);

	(void)state;
	fake_cfg_set(&fe, f, PCI_BAR0, 4, 0xffffffff); /* read-only all-ones */
	fake_add_bar(&fe, f, 1, PCI_BAR_MEM32, 4 * KiB, false);
	d = scan_one();
	assert_int_equal(d->bar[0].type, PCI_BAR_NONE);
	assert_int_equal(d->bar[1].type, PCI_BAR_MEM32);
	assert_true(env_warned("pci 0000:00:02.0: BAR at 0x10 reads all-ones"));
	pci_assign_host(&pci_hosts[0]);
	assert_true(d->bar[1].assigned);
}

void test_bar_type_bits_that_change_are_ignored(void **state)
{
	struct pci_dev *d;
	int f = one_dev(false);

	(void)state;
	memset(&fe.fn[f].wmask[PCI_BAR0], 0xff, 4); /* everything writable: all-ones after sizing */
	fake_cfg_set(&fe, f, PCI_BAR0 + 4, 4, 0x6); /* reserved memory type 3 */
	d = scan_one();
	assert_int_equal(d->bar[0].type, PCI_BAR_NONE);
	assert_int_equal(d->bar[1].type, PCI_BAR_NONE);
	assert_true(env_warned("BAR at 0x10 type bits not read-only"));
	assert_true(env_warned("BAR at 0x14 has reserved memory type 3"));
}

void test_cap_loop_is_rejected(void **state)
{
	struct pci_cap caps[PCI_MAX_CAPS];
	struct pci_dev *d;
	int f = one_dev(false);

	(void)state;
	fake_add_cap(&fe, f, PCI_CAP_ID_PM, 0x50, 8);
	fake_add_cap(&fe, f, PCI_CAP_ID_MSI, 0x60, 8);
	fe.fn[f].cfg[0x61] = 0x50; /* MSI -> PM -> MSI ... */
	d = scan_one();
	assert_non_null(d);
	assert_int_equal(d->cap_pm, 0x50);
	assert_int_equal(d->cap_msi, 0x60);
	assert_true(env_warned("pci 0000:00:02.0: capability list loops at 0x50"));
	assert_int_equal(pci_walk_caps(d, false, caps, PCI_MAX_CAPS), -ELOOP);
}

void test_cap_pointer_into_header_is_rejected(void **state)
{
	struct pci_cap caps[4];
	struct pci_dev *d;
	int f = one_dev(false);

	(void)state;
	fake_add_cap(&fe, f, PCI_CAP_ID_PM, 0x50, 8);
	fe.fn[f].cfg[0x51] = 0x10; /* next -> BAR0 */
	d = scan_one();
	assert_int_equal(d->cap_pm, 0x50);
	assert_true(env_warned("capability pointer into the header at 0x10"));
	assert_int_equal(pci_walk_caps(d, false, caps, 4), -EINVAL);
}

void test_ext_cap_loop_is_rejected(void **state)
{
	struct pci_cap caps[8];
	struct pci_dev *d;
	unsigned long before;
	int f = one_dev(true);

	(void)state;
	fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_AER, 0x100, 0x48);
	fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_ACS, 0x200, 8);
	fake_cfg_set(&fe, f, 0x200, 4, 0x100u << 20 | 1 << 16 | PCI_EXT_CAP_ID_ACS);
	d = scan_one();
	assert_int_equal(d->ecap_aer, 0x100);
	assert_int_equal(d->ecap_acs, 0x200);
	assert_true(env_warned("extended capability list loops at 0x100"));
	before = fe.reads;
	assert_int_equal(pci_walk_caps(d, true, caps, 8), -ELOOP);
	assert_int_equal(fe.reads - before, 2); /* each header read once */
}

void test_ext_cap_pointer_into_header_is_rejected(void **state)
{
	struct pci_cap caps[8];
	struct pci_dev *d;
	int f = one_dev(true);

	(void)state;
	fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_AER, 0x100, 0x48);
	fake_cfg_set(&fe, f, 0x100, 4, 0x40u << 20 | 1 << 16 | PCI_EXT_CAP_ID_AER);
	d = scan_one();
	assert_int_equal(d->ecap_aer, 0x100);
	assert_true(env_warned("extended capability pointer into the header at 0x40"));
	assert_int_equal(pci_walk_caps(d, true, caps, 8), -EINVAL);
}

void test_all_ones_mid_cap_walk_is_rejected(void **state)
{
	struct pci_cap caps[8];
	struct pci_dev *d;
	int f = one_dev(true);

	(void)state;
	fake_add_cap(&fe, f, PCI_CAP_ID_PM, 0x50, 8);
	fe.fn[f].cfg[0x51] = 0x60;
	memset(&fe.fn[f].cfg[0x60], 0xff, 4);
	fake_add_ext_cap(&fe, f, PCI_EXT_CAP_ID_AER, 0x100, 0x48);
	fake_cfg_set(&fe, f, 0x100, 4, 0x180u << 20 | 1 << 16 | PCI_EXT_CAP_ID_AER);
	fake_cfg_set(&fe, f, 0x180, 4, 0xffffffff);
	d = scan_one();
	assert_int_equal(d->cap_pcie, 0x40);
	assert_int_equal(d->cap_pm, 0x50);
	assert_int_equal(d->ecap_aer, 0x100);
	assert_true(env_warned("capability reads all-ones at 0x60"));
	assert_true(env_warned("extended capability reads all-ones at 0x180"));
	assert_int_equal(pci_walk_caps(d, false, caps, 8), -EIO);
	assert_int_equal(pci_walk_caps(d, true, caps, 8), -EIO);
}

void test_device_vanishing_mid_probe_is_skipped(void **state)
{
	int f = one_dev(false);

	(void)state;
	fe.fn[f].ones_after = 1; /* answers the Vendor ID read, then all-ones */
	assert_int_equal(pci_scan_host(env_host(&fe, 0)), 0);
	assert_true(env_warned("pci 0000:00:02.0: header type 0xff undefined"));
	assert_int_equal(pci_dev_count(), 0);
}

void test_bridge_claiming_bus_0_is_rejected(void **state)
{
	int br;

	(void)state;
	env_reset(&fe);
	br = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_cfg_set(&fe, br, PCI_PRIMARY_BUS, 4, 0x00050000); /* secondary 0, subordinate 5 */
	fake_add_fn(&fe, br, 0, 0, 0x1234, 0x1, 0x020000, PCI_HDR_NORMAL);
	assert_int_equal(pci_scan_host(env_host(&fe, PCI_HOST_KEEP_FW)), 1);
	assert_true(env_warned("pci 0000:00:01.0: bridge claims secondary bus 0"));
	assert_int_equal(fe.reads, pci_hosts[0].cfg_reads);
}

void test_bridges_with_overlapping_ranges_are_rejected(void **state)
{
	int b1, b2, b3;

	(void)state;
	env_reset(&fe);
	b1 = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_cfg_set(&fe, b1, PCI_PRIMARY_BUS, 4, 0x00020100); /* 1-2 */
	fake_add_fn(&fe, b1, 0, 0, 0x1234, 0x1, 0x020000, PCI_HDR_NORMAL);
	b2 = fake_add_fn(&fe, -1, 2, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_cfg_set(&fe, b2, PCI_PRIMARY_BUS, 4, 0x00030200); /* 2-3: overlaps bus 2 */
	fake_add_fn(&fe, b2, 0, 0, 0x1234, 0x2, 0x020000, PCI_HDR_NORMAL);
	b3 = fake_add_fn(&fe, -1, 3, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_cfg_set(&fe, b3, PCI_PRIMARY_BUS, 4, 0x00020300); /* sub < sec */
	assert_int_equal(pci_scan_host(env_host(&fe, PCI_HOST_KEEP_FW)), 4);
	assert_true(env_warned("pci 0000:00:02.0: bridge bus range 02-03 overlaps"));
	assert_true(env_warned("pci 0000:00:03.0: bridge bus range 03-02 overlaps"));
	assert_non_null(dev_at(1, 0, 0));
	assert_int_equal(dev_at(1, 0, 0)->device, 1);
	assert_int_equal(env_warnings, 2);
}

void test_bridge_with_stuck_bus_numbers_is_not_scanned(void **state)
{
	int br;

	(void)state;
	env_reset(&fe);
	br = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	memset(&fe.fn[br].wmask[PCI_PRIMARY_BUS], 0, 3); /* bus numbers read-only 0 */
	fake_add_fn(&fe, br, 0, 0, 0x1234, 0x1, 0x020000, PCI_HDR_NORMAL);
	assert_int_equal(pci_scan_host(env_host(&fe, 0)), 1);
	assert_true(env_warned("pci 0000:00:01.0: bus numbers do not read back"));
}

void test_bridge_self_loop_terminates(void **state)
{
	int b1, b2;

	(void)state;
	env_reset(&fe);
	/* Bus 1 holds a bridge whose firmware numbers point back at bus 1. */
	b1 = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_cfg_set(&fe, b1, PCI_PRIMARY_BUS, 4, 0x00ff0100);
	b2 = fake_add_fn(&fe, b1, 0, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_cfg_set(&fe, b2, PCI_PRIMARY_BUS, 4, 0x00ff0101);
	assert_int_equal(pci_scan_host(env_host(&fe, PCI_HOST_KEEP_FW)), 2);
	assert_true(env_warned("pci 0000:01:00.0: bridge bus range 01-ff overlaps"));
	/* 31 absent devices on bus 0, 31 on bus 1 (b1 is not a PCIe port). */
	assert_int_equal(fe.absent_reads, 62);
}
