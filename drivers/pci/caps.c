// SPDX-License-Identifier: MIT
/*
 * Capability list walkers: the standard list from the Capabilities Pointer
 * (PCI LB 3.0, 6.7; PCIe 6.0, 7.5.1.1.11) and the extended list from 0x100
 * (PCIe 6.0, 7.6.3). Devices are outside input: a walk refuses loops,
 * pointers into the header and all-ones reads, and says so once.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>

static void cap_warn(struct pci_dev *d, const char *what, unsigned off, const char *rule)
{
	char a[PCI_ADDR_STRLEN];

	log_warn("pci %s: %s at %#x (%s)", pci_addr_fmt(a, d->addr), what, off, rule);
}

static bool visit(uint32_t *seen, unsigned idx)
{
	bool was = seen[idx / 32] & (1u << (idx % 32));

	seen[idx / 32] |= 1u << (idx % 32);
	return was;
}

/* Standard list: pointers are dword-aligned, in 0x40..0xfc (PCI LB 3.0, 6.7). */
static unsigned walk_std(struct pci_dev *d, struct pci_cap *out, unsigned max, int *err)
{
	uint32_t seen[256 / 4 / 32] = { 0 };
	unsigned n = 0, ptr;

	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	ptr = pci_read8(d, PCI_CAP_PTR) & ~3u;
	for (unsigned steps = 0; ptr; steps++) {
		uint32_t hdr;

		if (ptr < 0x40) {
			cap_warn(d, "capability pointer into the header", ptr, "PCI LB 3.0 6.7");
			*err = -EINVAL;
			return MIN(n, max);
		}
		if (visit(seen, ptr / 4) || steps >= PCI_MAX_CAPS) {
			cap_warn(d, "capability list loops", ptr, "PCI LB 3.0 6.7");
			*err = -ELOOP;
			return MIN(n, max);
		}
		hdr = pci_read32(d, (uint16_t)ptr);
		if (hdr == 0xffffffffu) {
			cap_warn(d, "capability reads all-ones", ptr, "PCIe 6.0 2.3.2");
			*err = -EIO;
			return MIN(n, max);
		}
		if (n < max)
			out[n] = (struct pci_cap){ (uint16_t)(hdr & 0xff), (uint16_t)ptr, 0 };
		n++;
		ptr = (hdr >> 8) & 0xfc;
	}
	return MIN(n, max);
}

/* Extended list: 31:20 next (dword-aligned, >= 0x100), 19:16 version, 15:0 id. */
static unsigned walk_ext(struct pci_dev *d, struct pci_cap *out, unsigned max, int *err)
{
	uint32_t seen[4096 / 4 / 32] = { 0 };
	unsigned n = 0, ptr = PCI_EXT_CAP_START;

	if (!d->cap_pcie) /* only PCI Express functions have extended space (7.2.2) */
		return 0;
	for (unsigned steps = 0; ptr; steps++) {
		uint32_t hdr;

		if (visit(seen, ptr / 4) || steps >= PCI_MAX_EXT_CAPS) {
			cap_warn(d, "extended capability list loops", ptr, "PCIe 6.0 7.6.3");
			*err = -ELOOP;
			return MIN(n, max);
		}
		hdr = pci_read32(d, (uint16_t)ptr);
		if (hdr == 0xffffffffu) {
			if (ptr == PCI_EXT_CAP_START)
				return 0; /* no extended space behind this root complex */
			cap_warn(d, "extended capability reads all-ones", ptr, "PCIe 6.0 2.3.2");
			*err = -EIO;
			return MIN(n, max);
		}
		if (!hdr) /* an empty list has a zero header at 0x100 (7.6.3) */
			break;
		if (n < max)
			out[n] = (struct pci_cap){ (uint16_t)(hdr & 0xffff), (uint16_t)ptr,
						   (uint8_t)(hdr >> 16 & 0xf) };
		n++;
		ptr = hdr >> 20 & 0xffc;
		if (ptr && ptr < PCI_EXT_CAP_START) {
			cap_warn(d, "extended capability pointer into the header", ptr,
				 "PCIe 6.0 7.6.3");
			*err = -EINVAL;
			return MIN(n, max);
		}
	}
	return MIN(n, max);
}

int pci_walk_caps(struct pci_dev *d, bool ext, struct pci_cap *out, unsigned max)
{
	int err = 0;
	unsigned n = ext ? walk_ext(d, out, max, &err) : walk_std(d, out, max, &err);

	return err ? err : (int)n;
}

uint16_t pci_find_cap(struct pci_dev *d, uint8_t id)
{
	struct pci_cap caps[PCI_MAX_CAPS];
	int err = 0;
	unsigned n = walk_std(d, caps, PCI_MAX_CAPS, &err);

	for (unsigned i = 0; i < n; i++)
		if (caps[i].id == id)
			return caps[i].off;
	return 0;
}

uint16_t pci_find_ext_cap(struct pci_dev *d, uint16_t id)
{
	static struct pci_cap caps[64]; /* boot-time, single-threaded walker */
	int err = 0;
	unsigned n = walk_ext(d, caps, ARRAY_SIZE(caps), &err);

	for (unsigned i = 0; i < n; i++)
		if (caps[i].id == id)
			return caps[i].off;
	return 0;
}

/* One walk of each list; a broken list keeps what was found before the fault. */
void pci_read_caps(struct pci_dev *d)
{
	struct pci_cap caps[64];
	int err = 0;
	unsigned n = walk_std(d, caps, ARRAY_SIZE(caps), &err);

	/* On error the walk stopped; entries before it are still trustworthy. */
	for (unsigned i = 0; i < n; i++) {
		uint8_t off = (uint8_t)caps[i].off;

		switch (caps[i].id) {
		case PCI_CAP_ID_PM:
			d->cap_pm = d->cap_pm ? d->cap_pm : off;
			break;
		case PCI_CAP_ID_MSI:
			d->cap_msi = d->cap_msi ? d->cap_msi : off;
			break;
		case PCI_CAP_ID_MSIX:
			d->cap_msix = d->cap_msix ? d->cap_msix : off;
			break;
		case PCI_CAP_ID_EXP:
			d->cap_pcie = d->cap_pcie ? d->cap_pcie : off;
			break;
		case PCI_CAP_ID_VNDR:
			d->cap_vndr = d->cap_vndr ? d->cap_vndr : off;
			break;
		}
	}
	d->pcie_type = 0xff;
	if (d->cap_pcie)
		d->pcie_type = (uint8_t)FIELD_GET(PCI_EXP_FLAGS_TYPE,
						  pci_read16(d, d->cap_pcie + PCI_EXP_FLAGS));
	n = walk_ext(d, caps, ARRAY_SIZE(caps), &err);
	for (unsigned i = 0; i < n; i++) {
		uint16_t off = caps[i].off, *slot = NULL;

		switch (caps[i].id) {
		case PCI_EXT_CAP_ID_AER:
			slot = &d->ecap_aer;
			break;
		case PCI_EXT_CAP_ID_ACS:
			slot = &d->ecap_acs;
			break;
		case PCI_EXT_CAP_ID_ARI:
			slot = &d->ecap_ari;
			break;
		case PCI_EXT_CAP_ID_SRIOV:
			slot = &d->ecap_sriov;
			break;
		case PCI_EXT_CAP_ID_ATS:
			slot = &d->ecap_ats;
			break;
		case PCI_EXT_CAP_ID_PASID:
			slot = &d->ecap_pasid;
			break;
		}
		if (slot && !*slot)
			*slot = off;
	}
}
