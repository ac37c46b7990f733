// SPDX-License-Identifier: MIT
/*
 * The QEMU-like topology most tests scan:
 *   00.0 host bridge
 *   01.0 root port      -> edu (BAR0 1 MiB, MSI)
 *   02.0 root port      -> switch upstream -> downstream 00.0 -> virtio-blk
 *                                          -> downstream 01.0 (empty)
 *   03.0/03.1 multi-function USB controllers (BAR0 64 KiB each)
 *   04.0 display (BAR0 16 MiB pref, BAR2 4 KiB, ROM 64 KiB)
 *   05.0 nvme SR-IOV PF (BAR0 16 KiB 64-bit, 2 VFs of 16 KiB at +1, stride 1)
 *   06.0 device with an I/O BAR and a 4 GiB 64-bit prefetchable BAR
 */
#include <string.h>
#include "pci_tests.h"

static int root_port(struct fake_ecam *fe, int parent, unsigned dev, unsigned type)
{
	int f = fake_add_fn(fe, parent, dev, 0, 0x1b36, 0x000c, 0x060400, PCI_HDR_BRIDGE);

	fake_add_pcie(fe, f, type, false, true);
	return f;
}

void topo_build(struct fake_ecam *fe, struct topo *t)
{
	uint16_t c;

	t->host = fake_add_fn(fe, -1, 0, 0, 0x8086, 0x29c0, 0x060000, PCI_HDR_NORMAL);
	t->rp1 = root_port(fe, -1, 1, PCI_EXP_TYPE_ROOT_PORT);
	t->edu = fake_add_fn(fe, t->rp1, 0, 0, 0x1234, 0x11e8, 0x00ff00, PCI_HDR_NORMAL);
	fake_add_bar(fe, t->edu, 0, PCI_BAR_MEM32, 1 * MiB, false);
	fake_add_pcie(fe, t->edu, PCI_EXP_TYPE_ENDPOINT, true, false);
	c = fake_add_cap(fe, t->edu, PCI_CAP_ID_MSI, 0x80, 0x18);
	fake_cfg_set(fe, t->edu, c + PCI_MSI_CTRL, 2, PCI_MSI_CTRL_64 | PCI_MSI_CTRL_PVM | 1 << 1);
	fe->fn[t->edu].wmask[c + PCI_MSI_CTRL] = 0x71;
	memset(&fe->fn[t->edu].wmask[c + PCI_MSI_ADDR_LO], 0xff, 0x10);
	fe->fn[t->edu].wmask[c + PCI_MSI_ADDR_LO] = 0xfc;
	t->rp2 = root_port(fe, -1, 2, PCI_EXP_TYPE_ROOT_PORT);
	t->up = root_port(fe, t->rp2, 0, PCI_EXP_TYPE_UPSTREAM);
	t->dn0 = root_port(fe, t->up, 0, PCI_EXP_TYPE_DOWNSTREAM);
	t->dn1 = root_port(fe, t->up, 1, PCI_EXP_TYPE_DOWNSTREAM);
	t->blk = fake_add_fn(fe, t->dn0, 0, 0, 0x1af4, 0x1042, 0x010000, PCI_HDR_NORMAL);
	fake_add_bar(fe, t->blk, 1, PCI_BAR_MEM32, 4 * KiB, false);
	fake_add_bar(fe, t->blk, 4, PCI_BAR_MEM64, 16 * KiB, true);
	fake_add_pcie(fe, t->blk, PCI_EXP_TYPE_ENDPOINT, false, false);
	c = fake_add_cap(fe, t->blk, PCI_CAP_ID_MSIX, 0x98, 12);
	fake_cfg_set(fe, t->blk, c + PCI_MSIX_CTRL, 2, 3);	    /* 4 vectors */
	fake_cfg_set(fe, t->blk, c + PCI_MSIX_TABLE, 4, 0x000 | 1); /* BAR1 + 0 */
	fake_cfg_set(fe, t->blk, c + PCI_MSIX_PBA, 4, 0x800 | 1);   /* BAR1 + 0x800 */
	fe->fn[t->blk].wmask[c + PCI_MSIX_CTRL + 1] = 0xc0;
	t->mf0 = fake_add_fn(fe, -1, 3, 0, 0x8086, 0x2934, 0x0c0300, PCI_HDR_NORMAL);
	fake_set_multifunction(fe, t->mf0);
	fake_add_bar(fe, t->mf0, 0, PCI_BAR_MEM32, 64 * KiB, false);
	t->mf1 = fake_add_fn(fe, -1, 3, 1, 0x8086, 0x2935, 0x0c0300, PCI_HDR_NORMAL);
	fake_add_bar(fe, t->mf1, 0, PCI_BAR_MEM32, 64 * KiB, false);
	t->disp = fake_add_fn(fe, -1, 4, 0, 0x1234, 0x1111, 0x038000, PCI_HDR_NORMAL);
	fake_add_bar(fe, t->disp, 0, PCI_BAR_MEM32, 16 * MiB, true);
	fake_add_bar(fe, t->disp, 2, PCI_BAR_MEM32, 4 * KiB, false);
	fake_add_rom(fe, t->disp, 64 * KiB);
	t->nvme = fake_add_fn(fe, -1, 5, 0, 0x1b36, 0x0010, 0x010802, PCI_HDR_NORMAL);
	fake_add_bar(fe, t->nvme, 0, PCI_BAR_MEM64, 16 * KiB, false);
	fake_add_pcie(fe, t->nvme, PCI_EXP_TYPE_ENDPOINT, true, false);
	fake_add_ext_cap(fe, t->nvme, PCI_EXT_CAP_ID_AER, 0x100, 0x48);
	fake_add_sriov(fe, t->nvme, 0x160, 2, 1, 1, 0x0010, 16 * KiB);
	t->iodev = fake_add_fn(fe, -1, 6, 0, 0x10ec, 0x8139, 0x020000, PCI_HDR_NORMAL);
	fake_add_bar(fe, t->iodev, 0, PCI_BAR_IO, 256, false);
	fake_add_bar(fe, t->iodev, 2, PCI_BAR_MEM64, 4 * GiB, true);
}

struct pci_host *topo_scan(struct fake_ecam *fe, unsigned flags, bool assign)
{
	struct pci_host *h = env_host(fe, flags);

	assert_non_null(h);
	assert_true(pci_scan_host(h) > 0);
	if (assign)
		pci_assign_host(h);
	return h;
}

struct pci_dev *dev_at(unsigned bus, unsigned dev, unsigned fn)
{
	return pci_find_addr((struct pci_addr){ 0, (uint8_t)bus, PCI_DEVFN(dev, fn) });
}
