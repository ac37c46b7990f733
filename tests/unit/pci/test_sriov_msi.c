// SPDX-License-Identifier: MIT
/*
 * SR-IOV (PCIe 6.0 chapter 9): VF BARs sized through the PF, VFs enabled,
 * enumerated with the PF's ids and removed again; MSI and MSI-X programming
 * with read-back checks (7.7.1, 7.7.2).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/mmio.h>
#include "pci_tests.h"

static struct fake_ecam fe;

void test_sriov_probe_sizes_vf_bars(void **state)
{
	struct topo t;
	struct pci_dev *pf;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, false);
	pf = dev_at(0, 5, 0);
	assert_int_equal(pf->ecap_sriov, 0x160);
	assert_non_null(pf->sriov);
	assert_int_equal(pf->sriov->total_vfs, 2);
	assert_int_equal(pf->sriov->vf_device, 0x0010);
	assert_int_equal(pf->sriov->vf_bar[0].type, PCI_BAR_MEM64);
	assert_int_equal(pf->sriov->vf_bar[0].size, 16 * KiB);
	assert_int_equal(pf->sriov->vf_bar[2].type, PCI_BAR_NONE);
	assert_false(pf->sriov->enabled);
}

void test_sriov_enable_adds_vfs_and_disable_removes(void **state)
{
	struct topo t;
	struct pci_dev *pf, *vf0, *vf1;
	uint64_t t0;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, true);
	pf = dev_at(0, 5, 0);
	t0 = env_now_ns;
	assert_int_equal(pci_sriov_enable(pf, 2), 0);
	assert_true(env_now_ns - t0 >= 100 * NSEC_PER_MSEC); /* 9.3.3.3.1 */
	assert_int_equal(pci_dev_count(), 15);
	vf0 = dev_at(0, 5, 1);
	vf1 = dev_at(0, 5, 2);
	assert_non_null(vf0);
	assert_non_null(vf1);
	assert_ptr_equal(pci_sriov_vf(pf, 1), vf1);
	assert_ptr_equal(vf1->pf, pf);
	assert_int_equal(vf0->vendor, 0x1b36);
	assert_int_equal(vf0->device, 0x0010);
	assert_int_equal(vf0->class_code, 0x010802);
	assert_int_equal(vf0->bar[0].type, PCI_BAR_MEM64);
	assert_int_equal(vf0->bar[0].size, 16 * KiB);
	assert_int_equal(vf0->bar[0].base, 0x11234000);
	assert_int_equal(vf1->bar[0].base, 0x11238000);
	assert_true(vf1->bar[0].assigned);
	assert_int_equal(fake_cfg_read(&fe, t.nvme, 0x160 + PCI_SRIOV_CTRL, 2),
			 PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE);
	assert_int_equal(fake_cfg_read(&fe, t.nvme, 0x160 + PCI_SRIOV_NUM_VF, 2), 2);
	assert_int_equal(pci_sriov_disable(pf), 0);
	assert_int_equal(pci_dev_count(), 13);
	assert_null(dev_at(0, 5, 1));
	assert_int_equal(fake_lookup(&fe, 0, PCI_DEVFN(5, 1)), -1);
	assert_int_equal(fake_cfg_read(&fe, t.nvme, 0x160 + PCI_SRIOV_CTRL, 2), 0);
	assert_int_equal(env_warnings, 0);
}

void test_sriov_enable_refuses_bad_requests(void **state)
{
	struct topo t;
	struct pci_dev *pf;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, false);
	pf = dev_at(0, 5, 0);
	assert_int_equal(pci_sriov_enable(pf, 1), -ENOSPC); /* VF BARs not assigned yet */
	pci_assign_host(&pci_hosts[0]);
	assert_int_equal(pci_sriov_enable(pf, 0), -EINVAL);
	assert_int_equal(pci_sriov_enable(pf, 3), -EINVAL);
	assert_int_equal(pci_sriov_enable(dev_at(0, 4, 0), 1), -EINVAL); /* not a PF */
	assert_int_equal(pci_sriov_enable(pf, 1), 0);
	assert_int_equal(pci_sriov_enable(pf, 1), -EBUSY);
	assert_int_equal(pci_assign(dev_at(0, 5, 1), 7), 0);
	assert_int_equal(pci_sriov_disable(pf), -EBUSY); /* a VF is owned */
	assert_int_equal(pci_release(dev_at(0, 5, 1), 7), 0);
	assert_int_equal(pci_sriov_disable(pf), 0);
}

void test_msi_programming_reads_back(void **state)
{
	struct topo t;
	struct pci_dev *d;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, true);
	d = dev_at(1, 0, 0);
	assert_int_equal(d->cap_msi, 0x80);
	assert_int_equal(pci_msi_enable(d, 0xfee00000, 0x41, 2), -EINVAL); /* data not aligned */
	assert_int_equal(pci_msi_enable(d, 0xfee00000, 0x40, 4), -EINVAL); /* MMC is 2 */
	assert_int_equal(pci_msi_enable(d, 0x80fee00000ull, 0x40, 2), 0);
	assert_int_equal(fake_cfg_read(&fe, t.edu, 0x80 + PCI_MSI_ADDR_LO, 4), 0xfee00000);
	assert_int_equal(fake_cfg_read(&fe, t.edu, 0x80 + PCI_MSI_ADDR_HI, 4), 0x80);
	assert_int_equal(fake_cfg_read(&fe, t.edu, 0x80 + PCI_MSI_DATA_64, 2), 0x40);
	assert_int_equal(fake_cfg_read(&fe, t.edu, 0x80 + PCI_MSI_CTRL, 2) & 0x71, 0x11);
	assert_true(fake_cfg_read(&fe, t.edu, PCI_COMMAND, 2) & PCI_CMD_INTX_OFF);
	assert_int_equal(pci_msi_mask(d, 1, true), 0);
	assert_int_equal(fake_cfg_read(&fe, t.edu, 0x80 + PCI_MSI_MASK_64, 4), 2);
	assert_int_equal(pci_msi_mask(d, 2, true), -EINVAL);
	assert_int_equal(pci_msi_disable(d), 0);
	assert_int_equal(fake_cfg_read(&fe, t.edu, 0x80 + PCI_MSI_CTRL, 2) & 1, 0);
	assert_int_equal(pci_msi_enable(dev_at(0, 4, 0), 0xfee00000, 0, 1), -ENODEV);
}

void test_msi_readonly_address_is_reported(void **state)
{
	struct topo t;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	memset(&fe.fn[t.edu].wmask[0x80 + PCI_MSI_ADDR_LO], 0, 4);
	topo_scan(&fe, 0, true);
	assert_int_equal(pci_msi_enable(dev_at(1, 0, 0), 0xfee00000, 0x40, 1), -EIO);
	assert_true(env_warned("pci 0000:01:00.0: MSI address reads back 0, wrote 0xfee00000"));
	assert_int_equal(fake_cfg_read(&fe, t.edu, 0x80 + PCI_MSI_CTRL, 2) & 1, 0);
}

void test_msix_table_programming(void **state)
{
	static uint8_t bar[4096] __attribute__((aligned(4096)));
	struct pci_msix m;
	struct topo t;
	struct pci_dev *d;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, true);
	d = dev_at(4, 0, 0);
	/* Let the table live in host memory: bus address == host address, no windows. */
	d->bar[1].base = (uintptr_t)bar;
	pci_hosts[0].nwin = 0;
	memset(bar, 0, sizeof(bar));
	assert_int_equal(pci_msix_map(d, &m), 0);
	assert_int_equal(m.nvec, 4);
	assert_ptr_equal(m.table, bar);
	assert_ptr_equal(m.pba, bar + 0x800);
	assert_int_equal(pci_msix_set_vector(d, &m, 2, 0xfee01000, 0x55, false), 0);
	assert_int_equal(le32_get(bar + 2 * 16 + 0), 0xfee01000);
	assert_int_equal(le32_get(bar + 2 * 16 + 8), 0x55);
	assert_int_equal(le32_get(bar + 2 * 16 + 12) & 1, 0);
	assert_int_equal(pci_msix_set_vector(d, &m, 3, 0xfee01000, 0x56, true), 0);
	assert_int_equal(le32_get(bar + 3 * 16 + 12) & 1, 1);
	assert_int_equal(pci_msix_set_vector(d, &m, 4, 0xfee01000, 0x57, false), -EINVAL);
	assert_int_equal(pci_msix_enable(d, true), 0);
	assert_int_equal(fake_cfg_read(&fe, t.blk, 0x98 + PCI_MSIX_CTRL, 2) & 0xc000,
			 PCI_MSIX_CTRL_EN);
	bar[0x800] = 1 << 3;
	assert_true(pci_msix_pending(&m, 3));
	assert_false(pci_msix_pending(&m, 2));
	/* A table outside its BAR is refused. */
	fake_cfg_set(&fe, t.blk, 0x98 + PCI_MSIX_TABLE, 4, 0x1000 | 1);
	assert_int_equal(pci_msix_map(d, &m), -EIO);
	assert_true(env_warned("MSI-X structure BIR 1 offset 0x1000 outside its BAR"));
}

/* A removed PF gives its SR-IOV state back: re-adding it 40 times never runs dry. */
void test_sriov_state_returns_to_pool(void **state)
{
	struct topo t;
	struct pci_dev *pf;

	(void)state;
	env_reset(&fe);
	topo_build(&fe, &t);
	topo_scan(&fe, 0, false);
	pf = dev_at(0, 5, 0);
	for (int i = 0; i < 40; i++) {
		pci_sriov_release(pf);
		assert_null(pf->sriov);
		assert_int_equal(pci_sriov_probe(pf), 0);
		assert_non_null(pf->sriov);
		assert_int_equal(pf->sriov->total_vfs, 2);
	}
}
