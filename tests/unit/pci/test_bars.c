// SPDX-License-Identifier: MIT
/*
 * BAR sizing (PCIe 6.0, 7.5.1.2.1) and assignment: largest alignment first,
 * natural alignment, bridge windows around their children (P2P 1.2 3.2.5),
 * 64-bit prefetchable above 4 GiB, firmware assignments kept on request.
 */
#include <errno.h>
#include <string.h>
#include "pci_tests.h"

static struct fake_ecam fe;

static void assert_bar(struct pci_dev *d, unsigned i, enum pci_bar_type t, bool pref, uint64_t size)
{
	assert_int_equal(d->bar[i].type, t);
	assert_int_equal(d->bar[i].prefetch, pref);
	assert_int_equal(d->bar[i].size, size);
}

void test_bar_sizing_all_kinds(void **state)
{
	struct topo t;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, false);
	assert_bar(dev_at(0, 4, 0), 0, PCI_BAR_MEM32, true, 16 * MiB);
	assert_bar(dev_at(0, 4, 0), 1, PCI_BAR_NONE, false, 0);
	assert_bar(dev_at(0, 4, 0), 2, PCI_BAR_MEM32, false, 4 * KiB);
	assert_bar(dev_at(0, 4, 0), PCI_ROM_SLOT, PCI_BAR_ROM, false, 64 * KiB);
	assert_bar(dev_at(0, 5, 0), 0, PCI_BAR_MEM64, false, 16 * KiB);
	assert_bar(dev_at(0, 5, 0), 1, PCI_BAR_NONE, false, 0); /* upper half of BAR0 */
	assert_bar(dev_at(0, 6, 0), 0, PCI_BAR_IO, false, 256);
	assert_bar(dev_at(0, 6, 0), 2, PCI_BAR_MEM64, true, 4 * GiB);
	assert_bar(dev_at(4, 0, 0), 4, PCI_BAR_MEM64, true, 16 * KiB);
	assert_bar(dev_at(0, 1, 0), 0, PCI_BAR_NONE, false, 0); /* bridge without BARs */
	assert_int_equal(env_warnings, 0);
}

void test_bar_sizing_restores_registers_and_decode(void **state)
{
	struct pci_dev *d;
	int f;

	(void)state;
	env_reset(&fe);
	f = fake_add_fn(&fe, -1, 0, 0, 0x1234, 0x1, 0x020000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, f, 0, PCI_BAR_MEM64, 8 * GiB, true);
	fake_cfg_set(&fe, f, PCI_BAR0, 4, 0x0000000c | 0x0);
	fake_cfg_set(&fe, f, PCI_BAR0 + 4, 4, 0x00000002); /* 0x2_0000_0000 */
	fake_cfg_set(&fe, f, PCI_COMMAND, 2, PCI_CMD_MEM | PCI_CMD_MASTER);
	pci_scan_host(env_host(&fe, PCI_HOST_KEEP_FW));
	d = dev_at(0, 0, 0);
	assert_bar(d, 0, PCI_BAR_MEM64, true, 8 * GiB);
	assert_int_equal(d->bar[0].base, 0x200000000ull);
	assert_true(d->bar[0].assigned);
	assert_int_equal(fake_cfg_read(&fe, f, PCI_BAR0, 4), 0x0000000c);
	assert_int_equal(fake_cfg_read(&fe, f, PCI_BAR0 + 4, 4), 2);
	assert_int_equal(fake_cfg_read(&fe, f, PCI_COMMAND, 2), PCI_CMD_MEM | PCI_CMD_MASTER);
}

void test_assignment_largest_first_naturally_aligned(void **state)
{
	struct topo t;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, true);
	assert_int_equal(dev_at(0, 6, 0)->bar[2].base, 0x8000000000ull); /* 4 GiB, 64-bit pref */
	assert_int_equal(dev_at(0, 4, 0)->bar[0].base, 0x10000000);	 /* 16 MiB */
	assert_int_equal(dev_at(0, 1, 0)->bwin[PCI_RES_MEM].base, 0x11000000);
	assert_int_equal(dev_at(0, 2, 0)->bwin[PCI_RES_MEM].base, 0x11100000);
	assert_int_equal(dev_at(0, 2, 0)->bwin[PCI_RES_PREF].base, 0x8100000000ull);
	assert_int_equal(dev_at(0, 3, 0)->bar[0].base, 0x11200000);
	assert_int_equal(dev_at(0, 3, 1)->bar[0].base, 0x11210000);
	assert_int_equal(dev_at(0, 4, 0)->bar[PCI_ROM_SLOT].base, 0x11220000);
	assert_int_equal(dev_at(0, 5, 0)->bar[0].base, 0x11230000);
	assert_int_equal(dev_at(0, 5, 0)->sriov->vf_bar[0].base, 0x11234000);
	assert_int_equal(dev_at(0, 4, 0)->bar[2].base, 0x1123c000);
	assert_int_equal(dev_at(0, 6, 0)->bar[0].base, 0x1000); /* I/O above legacy space */
	assert_int_equal(dev_at(1, 0, 0)->bar[0].base, 0x11000000);
	assert_int_equal(dev_at(4, 0, 0)->bar[1].base, 0x11100000);
	assert_int_equal(dev_at(4, 0, 0)->bar[4].base, 0x8100000000ull);
	/* Registers hold what was decided, decode is on. */
	assert_int_equal(fake_cfg_read(&fe, t.edu, PCI_BAR0, 4), 0x11000000);
	assert_int_equal(fake_cfg_read(&fe, t.iodev, PCI_BAR0, 4), 0x1001);
	assert_int_equal(fake_cfg_read(&fe, t.iodev, PCI_BAR0 + 8, 4), 0x0000000c);
	assert_int_equal(fake_cfg_read(&fe, t.iodev, PCI_BAR0 + 12, 4), 0x80);
	assert_int_equal(fake_cfg_read(&fe, t.nvme, 0x160 + PCI_SRIOV_BAR, 4), 0x11234004);
	assert_int_equal(fake_cfg_read(&fe, t.disp, PCI_ROM_ADDR, 4), 0x11220000);
	assert_int_equal(fake_cfg_read(&fe, t.iodev, PCI_COMMAND, 2), PCI_CMD_IO | PCI_CMD_MEM);
	assert_int_equal(fake_cfg_read(&fe, t.edu, PCI_COMMAND, 2), PCI_CMD_MEM);
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_COMMAND, 2), PCI_CMD_MEM | PCI_CMD_MASTER);
	assert_int_equal(env_warnings, 0);
}

static bool inside(uint64_t b, uint64_t s, uint64_t wb, uint64_t ws)
{
	return b >= wb && b + s <= wb + ws;
}

void test_bridge_windows_contain_children(void **state)
{
	struct topo t;
	struct pci_dev *devs[64];
	unsigned n = 0;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, true);
	pci_for_each_dev (d)
		devs[n++] = d;
	for (unsigned i = 0; i < n; i++) {
		for (unsigned s = 0; s < PCI_NUM_SLOTS; s++) {
			struct pci_bar *b = &devs[i]->bar[s];
			struct pci_dev *p;

			if (b->type == PCI_BAR_NONE)
				continue;
			assert_true(b->assigned);
			assert_true(IS_ALIGNED(b->base, b->size));
			for (p = devs[i]->parent; p; p = p->parent) {
				unsigned k = b->type == PCI_BAR_IO ? PCI_RES_IO :
					     b->prefetch	   ? PCI_RES_PREF :
								     PCI_RES_MEM;
				assert_true(
					inside(b->base, b->size, p->bwin[k].base, p->bwin[k].size));
			}
			/* No other BAR overlaps (same space). */
			for (unsigned j = 0; j < n; j++)
				for (unsigned s2 = 0; s2 < PCI_NUM_SLOTS; s2++) {
					struct pci_bar *o = &devs[j]->bar[s2];

					if ((i == j && s == s2) || o->type == PCI_BAR_NONE ||
					    (o->type == PCI_BAR_IO) != (b->type == PCI_BAR_IO))
						continue;
					assert_true(o->base + o->size <= b->base ||
						    b->base + b->size <= o->base);
				}
		}
	}
	/* Window registers of the root port above the switch. */
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_MEM_BASE, 2), 0x1110);
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_MEM_LIMIT, 2), 0x1110);
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_PREF_BASE, 2), 0x0001);
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_PREF_BASE_UPPER, 4), 0x81);
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_PREF_LIMIT_UPPER, 4), 0x81);
	/* Unused windows are closed: base above limit. */
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_IO_BASE, 1), 0xf0);
	assert_int_equal(fake_cfg_read(&fe, t.rp2, PCI_IO_LIMIT, 1), 0x00);
	assert_int_equal(fake_cfg_read(&fe, t.dn1, PCI_MEM_BASE, 2), 0xfff0);
	assert_int_equal(fake_cfg_read(&fe, t.dn1, PCI_MEM_LIMIT, 2), 0x0000);
	assert_int_equal(fake_cfg_read(&fe, t.rp1, PCI_PREF_BASE, 2) & 0xfff0, 0xfff0);
}

void test_pref64_behind_bridge_goes_above_4g(void **state)
{
	int rp, f;
	struct pci_dev *d;

	(void)state;
	env_reset(&fe);
	rp = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_add_pcie(&fe, rp, PCI_EXP_TYPE_ROOT_PORT, false, false);
	f = fake_add_fn(&fe, rp, 0, 0, 0x10de, 0x1, 0x030000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, f, 0, PCI_BAR_MEM64, 8 * GiB, true);
	fake_add_bar(&fe, f, 2, PCI_BAR_MEM32, 16 * MiB, false);
	topo_scan(&fe, 0, true);
	d = dev_at(1, 0, 0);
	assert_int_equal(d->bar[0].base, 0x8000000000ull);
	assert_int_equal(d->bar[2].base, 0x10000000);
	assert_true(dev_at(0, 1, 0)->bwin[PCI_RES_PREF].is64);
	assert_int_equal(dev_at(0, 1, 0)->bwin[PCI_RES_PREF].size, 8 * GiB);
	assert_int_equal(fake_cfg_read(&fe, rp, PCI_PREF_LIMIT, 2), 0xfff1);
	assert_int_equal(fake_cfg_read(&fe, rp, PCI_PREF_LIMIT_UPPER, 4), 0x81);
}

void test_io_bar_behind_bridge_gets_io_window(void **state)
{
	int rp, f;

	(void)state;
	env_reset(&fe);
	rp = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	f = fake_add_fn(&fe, rp, 0, 0, 0x10ec, 0x8139, 0x020000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, f, 0, PCI_BAR_IO, 64, false);
	topo_scan(&fe, 0, true);
	assert_int_equal(dev_at(0, 1, 0)->bwin[PCI_RES_IO].base, 0x1000);
	assert_int_equal(dev_at(0, 1, 0)->bwin[PCI_RES_IO].size, 0x1000);
	assert_int_equal(dev_at(1, 0, 0)->bar[0].base, 0x1000);
	assert_int_equal(fake_cfg_read(&fe, rp, PCI_IO_BASE, 1), 0x10);
	assert_int_equal(fake_cfg_read(&fe, rp, PCI_IO_LIMIT, 1), 0x10);
	assert_int_equal(fake_cfg_read(&fe, rp, PCI_COMMAND, 2),
			 PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER);
}

void test_keep_fw_keeps_valid_and_assigns_missing(void **state)
{
	int a, b, c;

	(void)state;
	env_reset(&fe);
	a = fake_add_fn(&fe, -1, 1, 0, 0x1234, 0xa, 0x020000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, a, 0, PCI_BAR_MEM32, 1 * MiB, false);
	fake_cfg_set(&fe, a, PCI_BAR0, 4, 0x20000000); /* firmware's, inside the window */
	fake_cfg_set(&fe, a, PCI_COMMAND, 2, PCI_CMD_MEM);
	b = fake_add_fn(&fe, -1, 2, 0, 0x1234, 0xb, 0x020000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, b, 0, PCI_BAR_MEM32, 1 * MiB, false); /* missing */
	c = fake_add_fn(&fe, -1, 3, 0, 0x1234, 0xc, 0x020000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, c, 0, PCI_BAR_MEM32, 1 * MiB, false);
	fake_cfg_set(&fe, c, PCI_BAR0, 4, 0x00100000); /* outside every window: invalid */
	fake_cfg_set(&fe, c, PCI_COMMAND, 2, PCI_CMD_MEM | PCI_CMD_MASTER);
	topo_scan(&fe, PCI_HOST_KEEP_FW, true);
	/* Firmware left bus mastering on: off until an owner turns it on. */
	assert_int_equal(fake_cfg_read(&fe, c, PCI_COMMAND, 2), PCI_CMD_MEM);
	assert_int_equal(dev_at(0, 1, 0)->bar[0].base, 0x20000000);
	assert_int_equal(dev_at(0, 2, 0)->bar[0].base, 0x20100000); /* above what firmware used */
	assert_int_equal(dev_at(0, 3, 0)->bar[0].base, 0x20200000);
	assert_int_equal(fake_cfg_read(&fe, b, PCI_BAR0, 4), 0x20100000);
	assert_int_equal(fake_cfg_read(&fe, c, PCI_BAR0, 4), 0x20200000);
}

void test_keep_fw_keeps_bus_numbers_and_numbers_unset(void **state)
{
	int rp1, rp2;

	(void)state;
	env_reset(&fe);
	rp1 = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_cfg_set(&fe, rp1, PCI_PRIMARY_BUS, 4, 0x000a0a00); /* firmware: bus 10 */
	fake_add_fn(&fe, rp1, 0, 0, 0x1234, 0x11e8, 0x00ff00, PCI_HDR_NORMAL);
	rp2 = fake_add_fn(&fe, -1, 2, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_add_fn(&fe, rp2, 0, 0, 0x1234, 0x11e9, 0x00ff00, PCI_HDR_NORMAL);
	assert_int_equal(pci_scan_host(env_host(&fe, PCI_HOST_KEEP_FW)), 4);
	assert_int_equal(dev_at(0, 1, 0)->secondary, 10);
	assert_non_null(dev_at(10, 0, 0));
	assert_int_equal(dev_at(0, 2, 0)->secondary, 11); /* unset: numbered after */
	assert_non_null(dev_at(11, 0, 0));
	assert_int_equal(env_warnings, 0);
}

void test_no_room_is_reported_and_decode_stays_off(void **state)
{
	static const struct pci_window small = { PCI_WIN_MEM32, false, 0x10000000, 0x10000000,
						 1 * MiB };
	struct pci_host *h;
	int f;

	(void)state;
	env_reset(&fe);
	f = fake_add_fn(&fe, -1, 1, 0, 0x1234, 0xa, 0x020000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, f, 0, PCI_BAR_MEM32, 1 * MiB, false);
	fake_add_bar(&fe, f, 1, PCI_BAR_MEM32, 1 * MiB, false);
	h = pci_host_add(0, 0, 255, &fake_ecam_ops, &fe, &small, 1, 0);
	pci_scan_host(h);
	assert_int_equal(pci_assign_host(h), -ENOSPC);
	assert_true(dev_at(0, 1, 0)->bar[0].assigned);
	assert_false(dev_at(0, 1, 0)->bar[1].assigned);
	assert_true(env_warned("no room for memory 0x100000"));
	assert_int_equal(fake_cfg_read(&fe, f, PCI_COMMAND, 2) & PCI_CMD_MEM, 0);
}

/* UEFI firmware programs windows and BARs but leaves decode off for devices it does not drive. */
void test_keep_fw_keeps_bridge_windows_and_fills_them(void **state)
{
	int rp, a, b;

	(void)state;
	env_reset(&fe);
	rp = fake_add_fn(&fe, -1, 1, 0, 0x1b36, 0xc, 0x060400, PCI_HDR_BRIDGE);
	fake_cfg_set(&fe, rp, PCI_PRIMARY_BUS, 4, 0x00010100);
	fake_cfg_set(&fe, rp, PCI_MEM_BASE, 4, 0x207f2000); /* 0x20000000-0x207fffff */
	fake_cfg_set(&fe, rp, PCI_IO_BASE, 2, 0x00f0);	    /* I/O closed */
	fake_cfg_set(&fe, rp, PCI_COMMAND, 2, PCI_CMD_MEM);
	a = fake_add_fn(&fe, rp, 0, 0, 0x1234, 0xa, 0x020000, PCI_HDR_NORMAL);
	fake_set_multifunction(&fe, a);
	fake_add_bar(&fe, a, 0, PCI_BAR_MEM32, 1 * MiB, false);
	fake_cfg_set(&fe, a, PCI_BAR0, 4, 0x20200000); /* decode off, still firmware's */
	fake_add_rom(&fe, a, 64 * KiB);
	fake_cfg_set(&fe, a, PCI_ROM_ADDR, 4, 0xffff0000); /* the sizing pattern left behind */
	b = fake_add_fn(&fe, rp, 0, 1, 0x1234, 0xb, 0x020000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, b, 0, PCI_BAR_MEM32, 1 * MiB, false);
	topo_scan(&fe, PCI_HOST_KEEP_FW, true);
	assert_int_equal(dev_at(0, 1, 0)->bwin[PCI_RES_MEM].base, 0x20000000);
	assert_int_equal(dev_at(0, 1, 0)->bwin[PCI_RES_MEM].size, 8 * MiB);
	assert_int_equal(dev_at(1, 0, 0)->bar[0].base, 0x20200000);
	assert_int_equal(dev_at(1, 0, 1)->bar[0].base, 0x20300000); /* above firmware's */
	assert_int_equal(dev_at(1, 0, 0)->bar[PCI_ROM_SLOT].base, 0x20400000);
	assert_int_equal(fake_cfg_read(&fe, rp, PCI_MEM_BASE, 4), 0x207f2000);
	assert_int_equal(fake_cfg_read(&fe, a, PCI_COMMAND, 2), PCI_CMD_MEM);
	assert_int_equal(env_warnings, 0);
}
