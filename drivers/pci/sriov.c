// SPDX-License-Identifier: MIT
/*
 * Single Root I/O Virtualization (PCIe 6.0, chapter 9): read the PF's SR-IOV
 * capability, size the VF BARs through it (9.3.3.14), enable and disable
 * VFs and track them as pci_devs next to their PF.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/timer.h>
#include "pci_internal.h"

#define PCI_MAX_SRIOV	      16
#define SRIOV_PRESENT_WAIT_NS (1000 * NSEC_PER_MSEC)

static struct pci_sriov sriov_pool[PCI_MAX_SRIOV];
static bool sriov_used[PCI_MAX_SRIOV];

static struct pci_sriov *sriov_alloc(void)
{
	for (unsigned i = 0; i < PCI_MAX_SRIOV; i++) {
		if (!sriov_used[i]) {
			sriov_used[i] = true;
			return &sriov_pool[i];
		}
	}
	return NULL;
}

/* The PF is going away (hot removal): its SR-IOV state goes back to the pool. */
void pci_sriov_release(struct pci_dev *pf)
{
	if (!pf->sriov)
		return;
	sriov_used[pf->sriov - sriov_pool] = false;
	pf->sriov = NULL;
}

static uint16_t vf_bar_off(const struct pci_sriov *s, unsigned i)
{
	return (uint16_t)(s->cap + PCI_SRIOV_BAR + 4 * i);
}

static void size_vf_bars(struct pci_dev *pf, struct pci_sriov *s)
{
	for (unsigned i = 0; i < PCI_NUM_BARS;) {
		struct pci_bar *b = &s->vf_bar[i];
		unsigned used = pci_size_bar_reg(pf, vf_bar_off(s, i), i + 1 == PCI_NUM_BARS, b);

		if (b->type == PCI_BAR_IO) { /* VF BARs map memory only (9.3.3.14) */
			pci_warn(pf, "VF BAR%u is an I/O BAR, ignored (PCIe 6.0 9.3.3.14)", i);
			*b = (struct pci_bar){ 0 };
		}
		/* VF MSE is off, so a firmware address is the only evidence of assignment. */
		b->assigned = pci_bar_fw_assigned(b);
		i += used;
	}
}

int pci_sriov_probe(struct pci_dev *pf)
{
	struct pci_sriov *s;
	uint16_t ctrl;

	if (pci_dev_is_bridge(pf) || pf->pf) /* 9.3.3: PFs are Type 0 functions */
		return -EINVAL;
	s = sriov_alloc();
	if (!s) {
		pci_warn(pf, "SR-IOV table full, VFs not supported");
		return -ENOSPC;
	}
	*s = (struct pci_sriov){ .cap = pf->ecap_sriov };
	ctrl = pci_read16(pf, s->cap + PCI_SRIOV_CTRL);
	if (ctrl & PCI_SRIOV_CTRL_VFE)
		pci_warn(pf, "VFs were enabled before the scan: disabling them");
	ctrl &= (uint16_t) ~(PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE);
	/* ARI Capable Hierarchy follows the port's ARI Forwarding (9.3.3.3.5). */
	if (pf->parent && pf->parent->ari_forwarding)
		ctrl |= PCI_SRIOV_CTRL_ARI;
	pci_write16(pf, s->cap + PCI_SRIOV_CTRL, ctrl);
	s->total_vfs = pci_read16(pf, s->cap + PCI_SRIOV_TOTAL_VF);
	s->initial_vfs = pci_read16(pf, s->cap + PCI_SRIOV_INITIAL_VF);
	s->vf_device = pci_read16(pf, s->cap + PCI_SRIOV_VF_DID);
	if (s->initial_vfs > s->total_vfs) {
		pci_warn(pf, "InitialVFs %u > TotalVFs %u, using %u (9.3.3.6)", s->initial_vfs,
			 s->total_vfs, s->total_vfs);
		s->initial_vfs = s->total_vfs;
	}
	size_vf_bars(pf, s);
	pf->sriov = s;
	return 0;
}

void pci_sriov_write_bars(struct pci_dev *pf)
{
	struct pci_sriov *s = pf->sriov;

	for (unsigned i = 0; i < PCI_NUM_BARS; i++)
		if (s->vf_bar[i].type != PCI_BAR_NONE && s->vf_bar[i].assigned)
			pci_write_bar_reg(pf, vf_bar_off(s, i), &s->vf_bar[i]);
}

struct pci_dev *pci_sriov_vf(struct pci_dev *pf, unsigned index)
{
	pci_for_each_dev (d) {
		if (d->pf == pf && d->vf_index == index)
			return d;
	}
	return NULL;
}

/* Routing ID of VF n: PF RID + First VF Offset + n * VF Stride (9.3.3.10-11). */
static int vf_addr(struct pci_dev *pf, unsigned n, struct pci_addr *out)
{
	struct pci_sriov *s = pf->sriov;
	unsigned rid = ((unsigned)pf->addr.bus << 8 | pf->addr.devfn) + s->offset + n * s->stride;
	unsigned last = pf->parent ? pf->parent->subordinate : pf->host->bus_end;

	if (rid >> 8 > last) {
		pci_warn(pf, "VF%u at bus %02x beyond the bus range (last %02x) (9.3.3.10)", n,
			 rid >> 8, last);
		return -ERANGE;
	}
	*out = (struct pci_addr){ pf->addr.seg, (uint8_t)(rid >> 8), (uint8_t)rid };
	return 0;
}

/* After the 100 ms wait, a VF may still answer Configuration Retry: poll with a bound. */
static int wait_vf_present(struct pci_dev *vf)
{
	uint64_t deadline = timestamp_ns() + SRIOV_PRESENT_WAIT_NS;

	/* A VF's Vendor ID reads 0xFFFF (9.3.4.1.1): check its class/revision instead. */
	while (pci_read32(vf, PCI_CLASS_REV) == 0xffffffffu) {
		if (timestamp_ns() > deadline) {
			pci_warn(vf, "VF%u does not answer after VF Enable (9.3.3.3.1)",
				 vf->vf_index);
			return -ETIMEDOUT;
		}
		udelay(100);
	}
	return 0;
}

static void vf_fill(struct pci_dev *vf, struct pci_dev *pf, unsigned n)
{
	struct pci_sriov *s = pf->sriov;
	uint32_t cr = pci_read32(vf, PCI_CLASS_REV), ss = pci_read32(vf, PCI_SUBSYS_VENDOR);

	vf->vendor = pf->vendor;   /* VF Vendor ID reads 0xFFFF (9.3.4.1.1) */
	vf->device = s->vf_device; /* VF Device ID reads 0xFFFF (9.3.4.1.2) */
	vf->revision = cr & 0xff;
	vf->class_code = cr >> 8;
	vf->type = pci_class_to_type(vf->class_code);
	vf->subsys_vendor = ss & 0xffff;
	vf->subsys_device = (uint16_t)(ss >> 16);
	vf->hdr_type = PCI_HDR_NORMAL;
	vf->pf = pf;
	vf->vf_index = (uint16_t)n;
	pci_read_caps(vf);
	/*
	 * A VF's Memory Space Enable is reserved (9.3.4.1.3: the PF's VF MSE
	 * governs); QEMU 7.2 still gates VF BARs on it, and setting it is harmless.
	 */
	pci_write16(vf, PCI_COMMAND, pci_read16(vf, PCI_COMMAND) | PCI_CMD_MEM);
	for (unsigned i = 0; i < PCI_NUM_BARS; i++) {
		vf->bar[i] = s->vf_bar[i];
		vf->bar[i].base += (uint64_t)n * s->vf_bar[i].size;
	}
}

static struct pci_dev *any_vf(struct pci_dev *pf)
{
	pci_for_each_dev (d) {
		if (d->pf == pf)
			return d;
	}
	return NULL;
}

static void remove_vfs(struct pci_dev *pf)
{
	for (struct pci_dev *vf; (vf = any_vf(pf));) {
		pci_dev_unlink(vf);
		pci_dev_free(vf);
	}
}

int pci_sriov_enable(struct pci_dev *pf, unsigned n)
{
	struct pci_sriov *s = pf->sriov;
	struct pci_addr a;
	int rc = 0;

	if (!s || !n || n > s->total_vfs)
		return -EINVAL;
	if (s->enabled)
		return -EBUSY;
	for (unsigned i = 0; i < PCI_NUM_BARS; i++)
		if (s->vf_bar[i].type != PCI_BAR_NONE && !s->vf_bar[i].assigned)
			return -ENOSPC;
	/* Offset and stride depend on NumVFs: read them after setting it (9.3.3.10). */
	pci_write16(pf, s->cap + PCI_SRIOV_NUM_VF, (uint16_t)n);
	s->offset = pci_read16(pf, s->cap + PCI_SRIOV_VF_OFFSET);
	s->stride = pci_read16(pf, s->cap + PCI_SRIOV_VF_STRIDE);
	if (!s->offset || (n > 1 && !s->stride)) {
		pci_warn(pf, "VF offset %u stride %u invalid (9.3.3.10)", s->offset, s->stride);
		pci_write16(pf, s->cap + PCI_SRIOV_NUM_VF, 0);
		return -EINVAL;
	}
	for (unsigned i = 0; i < n; i++)
		if ((rc = vf_addr(pf, i, &a)))
			return pci_write16(pf, s->cap + PCI_SRIOV_NUM_VF, 0), rc;
	pci_write16(pf, s->cap + PCI_SRIOV_CTRL,
		    pci_read16(pf, s->cap + PCI_SRIOV_CTRL) | PCI_SRIOV_CTRL_VFE |
			    PCI_SRIOV_CTRL_MSE);
	mdelay(PCI_SRIOV_VF_ENABLE_WAIT_MS);
	s->enabled = true;
	s->num_vfs = (uint16_t)n;
	for (unsigned i = 0; i < n && !rc; i++) {
		struct pci_dev *vf = pci_dev_alloc();

		if (!vf)
			return pci_sriov_disable(pf), -ENOMEM;
		vf_addr(pf, i, &a);
		vf->host = pf->host;
		vf->addr = a;
		vf->pf = pf;
		vf->vf_index = (uint16_t)i;
		pci_dev_link(vf, pf->parent);
		rc = wait_vf_present(vf);
		if (!rc)
			vf_fill(vf, pf, i);
	}
	if (rc)
		pci_sriov_disable(pf);
	return rc;
}

int pci_sriov_disable(struct pci_dev *pf)
{
	struct pci_sriov *s = pf->sriov;

	if (!s)
		return -EINVAL;
	pci_for_each_dev (d) {
		if (d->pf == pf && d->owner != PCI_DOMAIN_NONE)
			return -EBUSY;
	}
	pci_write16(pf, s->cap + PCI_SRIOV_CTRL,
		    pci_read16(pf, s->cap + PCI_SRIOV_CTRL) &
			    (uint16_t) ~(PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE));
	pci_write16(pf, s->cap + PCI_SRIOV_NUM_VF, 0);
	remove_vfs(pf);
	s->enabled = false;
	s->num_vfs = 0;
	return 0;
}

void pci_sriov_reset(void)
{
	memset(sriov_used, 0, sizeof(sriov_used));
}
