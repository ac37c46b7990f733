// SPDX-License-Identifier: MIT
/*
 * Addresses, class codes, ECAM addressing and depth-first enumeration:
 * bus numbering, multi-function, ARI, lookups and config-read counts.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/mmio.h>
#include "pci_tests.h"

static struct fake_ecam fe;

void test_addr_parse_and_format(void **state)
{
	struct pci_addr a;
	char buf[PCI_ADDR_STRLEN];

	(void)state;
	assert_int_equal(pci_addr_parse("0000:00:1f.2", &a), 0);
	assert_int_equal(a.seg, 0);
	assert_int_equal(a.bus, 0);
	assert_int_equal(a.devfn, PCI_DEVFN(0x1f, 2));
	assert_string_equal(pci_addr_fmt(buf, a), "0000:00:1f.2");
	assert_int_equal(pci_addr_parse("0001:3A:00.7", &a), 0);
	assert_string_equal(pci_addr_fmt(buf, a), "0001:3a:00.7");
	assert_int_equal(pci_addr_parse("02:03.1", &a), 0); /* segment 0 implied */
	assert_string_equal(pci_addr_fmt(buf, a), "0000:02:03.1");
}

void test_addr_parse_rejects_malformed(void **state)
{
	static const char *const bad[] = { "",
					   "0000:00:20.0",
					   "0000:00:1f.8",
					   "0000:00:1f",
					   "00000:00:00.0",
					   "0000:100:00.0",
					   "0000:00:1f.2x",
					   "zz:00.0",
					   "0000-00:1f.2",
					   NULL };
	struct pci_addr a;

	(void)state;
	for (unsigned i = 0; bad[i]; i++)
		assert_int_equal(pci_addr_parse(bad[i], &a), -EINVAL);
	assert_int_equal(pci_addr_parse(NULL, &a), -EINVAL);
}

void test_class_codes_map_to_types(void **state)
{
	(void)state;
	assert_int_equal(pci_class_to_type(0x00ff00), PCI_TYPE_OTHER);
	assert_int_equal(pci_class_to_type(0x010802), PCI_TYPE_STORAGE);
	assert_int_equal(pci_class_to_type(0x020000), PCI_TYPE_NETWORK);
	assert_int_equal(pci_class_to_type(0x038000), PCI_TYPE_DISPLAY);
	assert_int_equal(pci_class_to_type(0x060400), PCI_TYPE_BRIDGE);
	assert_int_equal(pci_class_to_type(0x0c0330), PCI_TYPE_SERIAL_BUS);
	assert_int_equal(pci_class_to_type(0x120000), PCI_TYPE_ACCEL);
	assert_int_equal(pci_class_to_type(0xff0000), PCI_TYPE_OTHER);
	assert_string_equal(pci_type_name(PCI_TYPE_SERIAL_BUS), "serial-bus");
	assert_string_equal(pci_type_name(PCI_TYPE_DISPLAY), "display");
	assert_string_equal(pci_type_name((enum pci_dev_type)99), "other");
}

void test_ecam_ops_address_functions_by_bus_devfn(void **state)
{
	static uint32_t mem[3 << 18]; /* buses 4-6 */
	struct pci_ecam e = { (volatile uint8_t *)mem, 4, 6 };

	(void)state;
	mem[((1u << 20) | (PCI_DEVFN(2, 3) << 12) | 0x10) / 4] = 0xfeedf00d;
	assert_int_equal(pci_ecam_ops.read(&e, 0, 5, PCI_DEVFN(2, 3), 0x10, 4), 0xfeedf00d);
	assert_int_equal(pci_ecam_ops.read(&e, 0, 5, PCI_DEVFN(2, 3), 0x12, 2), 0xfeed);
	assert_int_equal(pci_ecam_ops.read(&e, 0, 5, PCI_DEVFN(2, 3), 0x13, 1), 0xfe);
	pci_ecam_ops.write(&e, 0, 6, PCI_DEVFN(31, 7), 0xffc, 4, 0x12345678);
	assert_int_equal(mem[((2u << 20) | (0xffu << 12) | 0xffc) / 4], 0x12345678);
	/* Outside the window: all-ones, writes dropped. */
	assert_int_equal(pci_ecam_ops.read(&e, 0, 3, 0, 0, 4), 0xffffffffu);
	assert_int_equal(pci_ecam_ops.read(&e, 0, 7, 0, 0, 2), 0xffff);
	pci_ecam_ops.write(&e, 0, 7, 0, 0, 4, 0);
}

void test_empty_segment_costs_one_read_per_device(void **state)
{
	struct pci_host *h;

	(void)state;
	env_reset(&fe);
	h = env_host(&fe, 0);
	assert_int_equal(pci_scan_host(h), 0);
	assert_int_equal(fe.reads, 32);
	assert_int_equal(h->cfg_reads, 32);
	assert_int_equal(env_warnings, 0);
}

/*
 * A plain function with nothing implemented: id, header type, class, subsystem,
 * status (no capability list), Command, then per BAR 2 reads (value, size mask)
 * for 6 BARs and the ROM. The 31 absent devices cost one read each.
 */
void test_single_function_read_count(void **state)
{
	struct pci_host *h;

	(void)state;
	env_reset(&fe);
	fake_add_fn(&fe, -1, 0, 0, 0x1234, 0x5678, 0x0b4000, PCI_HDR_NORMAL);
	h = env_host(&fe, 0);
	assert_int_equal(pci_scan_host(h), 1);
	assert_int_equal(h->cfg_reads, 4 + 1 + 1 + 7 * 2 + 31);
	assert_int_equal(fe.absent_reads, 31);
	assert_int_equal(fe.reads, h->cfg_reads);
}

void test_topology_bus_numbers_and_tree(void **state)
{
	struct topo t;
	struct pci_host *h;
	struct pci_dev *rp2, *up, *dn0, *dn1, *blk;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	h = env_host(&fe, 0);
	assert_int_equal(pci_scan_host(h), 13);
	assert_int_equal(pci_dev_count(), 13);
	assert_int_equal(env_warnings, 0);
	assert_int_equal(dev_at(0, 1, 0)->secondary, 1);
	assert_int_equal(dev_at(0, 1, 0)->subordinate, 1);
	rp2 = dev_at(0, 2, 0);
	up = dev_at(2, 0, 0);
	dn0 = dev_at(3, 0, 0);
	dn1 = dev_at(3, 1, 0);
	blk = dev_at(4, 0, 0);
	assert_non_null(blk);
	assert_int_equal(rp2->secondary, 2);
	assert_int_equal(rp2->subordinate, 5);
	assert_int_equal(up->secondary, 3);
	assert_int_equal(up->subordinate, 5);
	assert_int_equal(dn0->secondary, 4);
	assert_int_equal(dn1->secondary, 5);
	assert_int_equal(dn1->subordinate, 5);
	assert_int_equal(h->bus_last, 5);
	/* The registers say the same (P2P 1.2 3.2.5.3). */
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_PRIMARY_BUS, 4) & 0xffffff, 0x050200);
	assert_int_equal(fake_cfg_read(&fe, t.dn1, PCI_PRIMARY_BUS, 4) & 0xffffff, 0x050503);
	/* Tree links. */
	assert_ptr_equal(blk->parent, dn0);
	assert_ptr_equal(dn0->parent, up);
	assert_ptr_equal(up->parent, rp2);
	assert_null(rp2->parent);
	assert_ptr_equal(up->child, dn0);
	assert_ptr_equal(dn0->sibling, dn1);
	assert_null(dn1->child);
	assert_ptr_equal(h->root, dev_at(0, 0, 0));
	assert_int_equal(dev_at(1, 0, 0)->vendor, 0x1234);
	assert_int_equal(dev_at(1, 0, 0)->pcie_type, PCI_EXP_TYPE_ENDPOINT);
	assert_int_equal(rp2->pcie_type, PCI_EXP_TYPE_ROOT_PORT);
}

void test_multifunction_scans_functions_1_to_7(void **state)
{
	struct pci_host *h;
	int f0;

	(void)state;
	env_reset(&fe);
	f0 = fake_add_fn(&fe, -1, 3, 0, 0x8086, 0x1, 0x0c0300, PCI_HDR_NORMAL);
	fake_set_multifunction(&fe, f0);
	fake_add_fn(&fe, -1, 3, 5, 0x8086, 0x2, 0x0c0300, PCI_HDR_NORMAL);
	/* Without the multi-function bit, functions 1-7 are not probed (7.5.1.1.9). */
	fake_add_fn(&fe, -1, 4, 2, 0x8086, 0x3, 0x0c0300, PCI_HDR_NORMAL);
	h = env_host(&fe, 0);
	assert_int_equal(pci_scan_host(h), 2);
	assert_non_null(dev_at(0, 3, 5));
	assert_true(dev_at(0, 3, 0)->multifunction);
	assert_null(dev_at(0, 4, 2));
	/* 31 absent devices (4 has no function 0) + 6 absent functions of device 3. */
	assert_int_equal(fe.absent_reads, 31 + 6);
}

void test_ari_follows_next_function_chain(void **state)
{
	struct pci_host *h;
	int rp, f0, f8, f9;
	uint16_t c;

	(void)state;
	env_reset(&fe);
	rp = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_add_pcie(&fe, rp, PCI_EXP_TYPE_ROOT_PORT, false, true);
	f0 = fake_add_fn(&fe, rp, 0, 0, 0x8086, 0x10, 0x020000, PCI_HDR_NORMAL);
	fake_add_pcie(&fe, f0, PCI_EXP_TYPE_ENDPOINT, false, false);
	c = fake_add_ext_cap(&fe, f0, PCI_EXT_CAP_ID_ARI, 0x100, 8);
	fake_cfg_set(&fe, f0, c + PCI_ARI_CAP, 2, 8 << 8); /* next: function 8 */
	f8 = fake_add_fn(&fe, rp, 1, 0, 0x8086, 0x11, 0x020000, PCI_HDR_NORMAL);
	fake_add_pcie(&fe, f8, PCI_EXP_TYPE_ENDPOINT, false, false);
	c = fake_add_ext_cap(&fe, f8, PCI_EXT_CAP_ID_ARI, 0x100, 8);
	fake_cfg_set(&fe, f8, c + PCI_ARI_CAP, 2, 9 << 8);
	f9 = fake_add_fn(&fe, rp, 1, 1, 0x8086, 0x12, 0x020000, PCI_HDR_NORMAL);
	fake_add_pcie(&fe, f9, PCI_EXP_TYPE_ENDPOINT, false, false);
	c = fake_add_ext_cap(&fe, f9, PCI_EXT_CAP_ID_ARI, 0x100, 8);
	fake_cfg_set(&fe, f9, c + PCI_ARI_CAP, 2, 8 << 8); /* back to 8: a loop */
	h = env_host(&fe, 0);
	assert_int_equal(pci_scan_host(h), 4);
	assert_true(dev_at(0, 1, 0)->ari_forwarding);
	assert_true(fake_cfg_read(&fe, rp, 0x40 + PCI_EXP_DEVCTL2, 2) & PCI_EXP_DEVCTL2_ARI);
	assert_int_equal(dev_at(1, 1, 0)->device, 0x11);
	assert_int_equal(dev_at(1, 1, 1)->device, 0x12);
	assert_true(env_warned("ARI next function 8 loops"));
}

void test_lookups_by_address_class_and_id(void **state)
{
	struct topo t;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, false);
	assert_int_equal(pci_find_id(0x1234, 0x11e8, 0)->addr.bus, 1);
	assert_null(pci_find_id(0x1234, 0x11e8, 1));
	assert_ptr_equal(pci_find_class(0x060400, 0xffff00, 0), dev_at(0, 1, 0));
	assert_ptr_equal(pci_find_class(0x060400, 0xffff00, 1), dev_at(0, 2, 0));
	assert_ptr_equal(pci_find_class(0x010000, 0xff0000, 0), dev_at(4, 0, 0));
	assert_ptr_equal(pci_find_class(0x010000, 0xff0000, 1), dev_at(0, 5, 0));
	assert_null(pci_find_class(0x050000, 0xff0000, 0));
	assert_null(dev_at(0, 7, 0));
}

void test_absent_probes_are_counted(void **state)
{
	struct topo t;
	struct pci_host *h;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	h = topo_scan(&fe, 0, false);
	/* Bus 0: 25 empty devices + 6 empty functions of 03; below ports: device 0 only,
	 * dn1's bus is empty (1); bus 3 behind the upstream port: 30 empty devices. */
	assert_int_equal(h->absent_probes, 25 + 6 + 1 + 30);
	assert_int_equal(h->absent_probes, fe.absent_reads);
}
