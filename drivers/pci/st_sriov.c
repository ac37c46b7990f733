// SPDX-License-Identifier: MIT
/*
 * SR-IOV, MSI and ownership self-tests on QEMU's devices: the nvme PF with
 * sriov_max_vfs=2 (VF BAR0 16 KiB 64-bit at the PF's VF BAR + n * size), and
 * edu's single MSI vector. Absent devices pass and say so.
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/selftest.h>
#include <vmplat/timer.h>
#include "pci_internal.h"

static struct pci_dev *find_pf(void)
{
	pci_for_each_dev (d) {
		if (d->sriov && d->sriov->total_vfs >= 2)
			return d;
	}
	return NULL;
}

static int check_vf(struct pci_dev *pf, unsigned n)
{
	struct pci_dev *vf = pci_sriov_vf(pf, n);
	struct pci_sriov *s = pf->sriov;
	unsigned rid = ((unsigned)pf->addr.bus << 8 | pf->addr.devfn) + s->offset + n * s->stride;
	char a[PCI_ADDR_STRLEN];

	ST_CHECK(vf, "VF%u missing", n);
	pci_addr_fmt(a, vf->addr);
	ST_CHECK(vf->addr.bus == rid >> 8 && vf->addr.devfn == (rid & 0xff), "VF%u at %s", n, a);
	ST_CHECK(vf->vendor == pf->vendor && vf->device == s->vf_device, "VF%u ids %04x:%04x", n,
		 vf->vendor, vf->device);
	ST_CHECK(pci_read16(vf, PCI_VENDOR_ID) == 0xffff, "VF%u Vendor ID reads %#x (9.3.4.1.1)", n,
		 pci_read16(vf, PCI_VENDOR_ID));
	ST_CHECK(vf->bar[0].type == PCI_BAR_MEM64 && vf->bar[0].size == 16 * KiB,
		 "VF%u BAR0 %s size %#llx", n, pci_bar_type_name(&vf->bar[0]),
		 (unsigned long long)vf->bar[0].size);
	ST_CHECK(vf->bar[0].base == s->vf_bar[0].base + n * 16 * KiB, "VF%u BAR0 at %#llx", n,
		 (unsigned long long)vf->bar[0].base);
	console_printf("pci selftest: VF%u %s %04x:%04x class %06x bar0 %s %#llx size %#llx\n", n,
		       a, vf->vendor, vf->device, vf->class_code, pci_bar_type_name(&vf->bar[0]),
		       (unsigned long long)vf->bar[0].base, (unsigned long long)vf->bar[0].size);
	return 0;
}

SELFTEST(pci_sriov_enable_disable)
{
	struct pci_dev *pf = find_pf();
	struct pci_addr vfa[2];
	unsigned before = pci_dev_count();
	int rc;

	if (!pf) {
		console_printf("pci selftest: no SR-IOV PF with 2 VFs, skipped\n");
		return 0;
	}
	rc = pci_sriov_enable(pf, 2);
	ST_CHECK(rc == 0, "enable 2 VFs: %d", rc);
	ST_CHECK(pci_dev_count() == before + 2, "%u functions after enable", pci_dev_count());
	for (unsigned n = 0; n < 2; n++) {
		if (check_vf(pf, n))
			return pci_sriov_disable(pf), -1;
		vfa[n] = pci_sriov_vf(pf, n)->addr;
	}
	pci_report();
	rc = pci_sriov_disable(pf);
	ST_CHECK(rc == 0, "disable: %d", rc);
	ST_CHECK(pci_dev_count() == before, "%u functions after disable", pci_dev_count());
	for (unsigned n = 0; n < 2; n++) {
		uint32_t v = pci_host_read(pf->host, vfa[n].bus, vfa[n].devfn, PCI_CLASS_REV, 4);

		ST_CHECK(v == 0xffffffffu, "VF%u still answers (%#x) after disable", n, v);
	}
	console_printf("pci selftest: VFs disabled, gone\n");
	return 0;
}

SELFTEST(pci_msi_program)
{
	struct pci_dev *d = pci_find_id(0x1234, 0x11e8, 0);
	int rc;

	if (!d || !d->cap_msi) {
		console_printf("pci selftest: no edu with MSI, skipped\n");
		return 0;
	}
	/* The message is only programmed and read back here; nothing is delivered. */
	rc = pci_msi_enable(d, 0xfee00000, 0x41, 1);
	ST_CHECK(rc == 0, "MSI enable: %d", rc);
	rc = pci_msi_disable(d);
	ST_CHECK(rc == 0, "MSI disable: %d", rc);
	return 0;
}

SELFTEST(pci_ownership_reset)
{
	struct pci_dev *d = pci_find_id(0x1234, 0x11e8, 0);
	uint32_t bar0;
	uint64_t t0;
	int rc;

	if (!d) {
		console_printf("pci selftest: no edu, skipped\n");
		return 0;
	}
	bar0 = pci_read32(d, PCI_BAR0);
	ST_CHECK(pci_set_master(d, true) == -EPERM, "bus master while unowned");
	ST_CHECK(pci_assign(d, 1) == 0, "assign to domain 1");
	ST_CHECK(pci_assign(d, 2) == -EBUSY, "assigned twice");
	ST_CHECK(pci_set_master(d, true) == 0, "bus master for the owner");
	t0 = timestamp_ns();
	rc = pci_release(d, 1);
	ST_CHECK(rc == 0 || rc == -EOPNOTSUPP, "release: %d", rc);
	ST_CHECK(!(pci_read16(d, PCI_COMMAND) & PCI_CMD_MASTER), "bus master on after release");
	ST_CHECK(pci_read32(d, PCI_BAR0) == bar0, "BAR0 %#x after reset, was %#x",
		 pci_read32(d, PCI_BAR0), bar0);
	console_printf("pci selftest: edu released with %s in %llu ms\n",
		       rc ? "no reset method" : "a reset",
		       (unsigned long long)((timestamp_ns() - t0) / NSEC_PER_MSEC));
	return 0;
}
