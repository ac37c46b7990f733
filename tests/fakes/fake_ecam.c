// SPDX-License-Identifier: MIT
/*
 * Simulated ECAM segment (see fake_ecam.h). Routing follows P2P 1.2 3.2.5.3:
 * a function below a bridge answers on the bridge's secondary bus while
 * every bridge on its path forwards that bus number.
 */
#include <string.h>
#include "fake_ecam.h"

static void put(uint8_t *p, unsigned width, uint32_t v)
{
	for (unsigned i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get(const uint8_t *p, unsigned width)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

void fake_cfg_set(struct fake_ecam *fe, int f, uint16_t off, unsigned width, uint32_t val)
{
	put(&fe->fn[f].cfg[off], width, val);
}

static void set_wmask(struct fake_ecam *fe, int f, uint16_t off, unsigned width, uint32_t m)
{
	put(&fe->fn[f].wmask[off], width, m);
}

uint32_t fake_cfg_read(struct fake_ecam *fe, int f, uint16_t off, unsigned width)
{
	return get(&fe->fn[f].cfg[off], width);
}

void fake_ecam_init(struct fake_ecam *fe)
{
	memset(fe, 0, sizeof(*fe));
}

int fake_add_fn(struct fake_ecam *fe, int parent, unsigned dev, unsigned fn, uint16_t vendor,
		uint16_t device, uint32_t class_code, unsigned hdr_type)
{
	int f;

	for (f = 0; f < FAKE_MAX_FNS && fe->fn[f].used; f++)
		;
	if (f == FAKE_MAX_FNS)
		return -1;
	fe->fn[f] = (struct fake_fn){ .used = true, .parent = parent, .pf = -1, .ones_after = -1 };
	fe->fn[f].devfn = PCI_DEVFN(dev, fn);
	fake_cfg_set(fe, f, PCI_VENDOR_ID, 2, vendor);
	fake_cfg_set(fe, f, PCI_DEVICE_ID, 2, device);
	fake_cfg_set(fe, f, PCI_CLASS_REV, 4, class_code << 8 | 0x01);
	fake_cfg_set(fe, f, PCI_HEADER_TYPE, 1, hdr_type);
	set_wmask(fe, f, PCI_COMMAND, 2, 0x0547);
	set_wmask(fe, f, PCI_INT_LINE, 1, 0xff);
	if (hdr_type == PCI_HDR_NORMAL) {
		fake_cfg_set(fe, f, PCI_SUBSYS_VENDOR, 4, (uint32_t)device << 16 | vendor);
	} else if (hdr_type == PCI_HDR_BRIDGE) {
		set_wmask(fe, f, PCI_PRIMARY_BUS, 3, 0xffffff);
		set_wmask(fe, f, PCI_IO_BASE, 2, 0xf0f0);
		set_wmask(fe, f, PCI_MEM_BASE, 4, 0xfff0fff0);
		fake_cfg_set(fe, f, PCI_PREF_BASE, 4, 0x00010001); /* 64-bit prefetchable */
		set_wmask(fe, f, PCI_PREF_BASE, 4, 0xfff0fff0);
		set_wmask(fe, f, PCI_PREF_BASE_UPPER, 4, 0xffffffff);
		set_wmask(fe, f, PCI_PREF_LIMIT_UPPER, 4, 0xffffffff);
		set_wmask(fe, f, PCI_BRIDGE_CTL, 2, 0x0040);
	}
	return f;
}

void fake_set_multifunction(struct fake_ecam *fe, int f)
{
	fe->fn[f].cfg[PCI_HEADER_TYPE] |= PCI_HDR_MULTIFUNC;
}

static void bar_regs(struct fake_ecam *fe, int f, uint16_t off, enum pci_bar_type t, uint64_t size,
		     bool pref)
{
	uint64_t m = ~(size - 1);

	switch (t) {
	case PCI_BAR_IO:
		fake_cfg_set(fe, f, off, 4, PCI_BAR_IO_SPACE);
		set_wmask(fe, f, off, 4, (uint32_t)m & 0xfffcu);
		break;
	case PCI_BAR_MEM32:
		fake_cfg_set(fe, f, off, 4, pref ? PCI_BAR_MEM_PREF : 0);
		set_wmask(fe, f, off, 4, (uint32_t)m & PCI_BAR_MEM_MASK);
		break;
	default:
		fake_cfg_set(fe, f, off, 4, (pref ? PCI_BAR_MEM_PREF : 0) | PCI_BAR_MEM_64 << 1);
		set_wmask(fe, f, off, 4, (uint32_t)m & PCI_BAR_MEM_MASK);
		set_wmask(fe, f, off + 4, 4, (uint32_t)(m >> 32));
		break;
	}
}

void fake_add_bar(struct fake_ecam *fe, int f, unsigned i, enum pci_bar_type t, uint64_t size,
		  bool pref)
{
	bar_regs(fe, f, (uint16_t)(PCI_BAR0 + 4 * i), t, size, pref);
}

void fake_add_rom(struct fake_ecam *fe, int f, uint32_t size)
{
	uint16_t off = (fe->fn[f].cfg[PCI_HEADER_TYPE] & PCI_HDR_TYPE_MASK) == PCI_HDR_BRIDGE ?
			       PCI_BRIDGE_ROM :
			       PCI_ROM_ADDR;

	set_wmask(fe, f, off, 4, (~(size - 1) & PCI_ROM_MASK) | PCI_ROM_ENABLE);
}

uint16_t fake_add_cap(struct fake_ecam *fe, int f, uint8_t id, uint16_t off, unsigned len)
{
	struct fake_fn *fn = &fe->fn[f];

	(void)len;
	fn->cfg[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
	if (fn->cap_tail)
		fn->cfg[fn->cap_tail + 1] = (uint8_t)off;
	else
		fn->cfg[PCI_CAP_PTR] = (uint8_t)off;
	fn->cfg[off] = id;
	fn->cfg[off + 1] = 0;
	fn->cap_tail = off;
	return off;
}

uint16_t fake_add_ext_cap(struct fake_ecam *fe, int f, uint16_t id, uint16_t off, unsigned len)
{
	struct fake_fn *fn = &fe->fn[f];

	(void)len;
	if (fn->ext_tail)
		fake_cfg_set(fe, f, fn->ext_tail, 4,
			     fake_cfg_read(fe, f, fn->ext_tail, 4) | (uint32_t)off << 20);
	fake_cfg_set(fe, f, off, 4, (uint32_t)1 << 16 | id);
	fn->ext_tail = off;
	return off;
}

uint16_t fake_add_pcie(struct fake_ecam *fe, int f, unsigned port_type, bool flr, bool ari_fwd)
{
	uint16_t c = fake_add_cap(fe, f, PCI_CAP_ID_EXP, 0x40, 0x3c);

	fe->fn[f].pcie = c;
	fake_cfg_set(fe, f, c + PCI_EXP_FLAGS, 2, port_type << 4 | 2);
	fake_cfg_set(fe, f, c + PCI_EXP_DEVCAP, 4, flr ? PCI_EXP_DEVCAP_FLR : 0);
	set_wmask(fe, f, c + PCI_EXP_DEVCTL, 2, 0xffff);
	fake_cfg_set(fe, f, c + PCI_EXP_DEVCAP2, 4, ari_fwd ? PCI_EXP_DEVCAP2_ARI : 0);
	set_wmask(fe, f, c + PCI_EXP_DEVCTL2, 2, ari_fwd ? PCI_EXP_DEVCTL2_ARI : 0);
	return c;
}

void fake_add_sriov(struct fake_ecam *fe, int pf, uint16_t off, unsigned total, uint16_t first,
		    uint16_t stride, uint16_t vf_device, uint64_t vf_bar0)
{
	uint16_t c = fake_add_ext_cap(fe, pf, PCI_EXT_CAP_ID_SRIOV, off, 0x40);

	fe->fn[pf].sriov = c;
	set_wmask(fe, pf, c + PCI_SRIOV_CTRL, 2,
		  PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE | PCI_SRIOV_CTRL_ARI);
	fake_cfg_set(fe, pf, c + PCI_SRIOV_TOTAL_VF, 2, total);
	fake_cfg_set(fe, pf, c + PCI_SRIOV_INITIAL_VF, 2, total);
	set_wmask(fe, pf, c + PCI_SRIOV_NUM_VF, 2, 0xffff);
	fake_cfg_set(fe, pf, c + PCI_SRIOV_VF_OFFSET, 2, first);
	fake_cfg_set(fe, pf, c + PCI_SRIOV_VF_STRIDE, 2, stride);
	fake_cfg_set(fe, pf, c + PCI_SRIOV_VF_DID, 2, vf_device);
	bar_regs(fe, pf, c + PCI_SRIOV_BAR, PCI_BAR_MEM64, vf_bar0, false);
	for (unsigned i = 0; i < total; i++) {
		int v = fake_add_fn(fe, fe->fn[pf].parent, 0, 0, 0xffff, 0xffff,
				    fake_cfg_read(fe, pf, PCI_CLASS_REV, 4) >> 8, PCI_HDR_NORMAL);

		fe->fn[v].pf = pf;
		fe->fn[v].vf_index = i;
		memset(&fe->fn[v].wmask[PCI_COMMAND], 0, 2); /* VF: MSE lives in the PF */
	}
}

/* ---- routing ---- */
static unsigned fn_bus(struct fake_ecam *fe, int f);

static bool forwards(struct fake_ecam *fe, int bridge, unsigned bus)
{
	const uint8_t *c = fe->fn[bridge].cfg;

	return c[PCI_SECONDARY_BUS] > fn_bus(fe, bridge) && bus >= c[PCI_SECONDARY_BUS] &&
	       bus <= c[PCI_SUBORDINATE_BUS];
}

static unsigned fn_bus(struct fake_ecam *fe, int f)
{
	int p = fe->fn[f].parent;

	return p < 0 ? 0 : fe->fn[p].cfg[PCI_SECONDARY_BUS];
}

static bool reachable(struct fake_ecam *fe, int f, unsigned bus)
{
	for (int p = fe->fn[f].parent, depth = 0; p >= 0 && depth < 64;
	     p = fe->fn[p].parent, depth++)
		if (!forwards(fe, p, bus))
			return false;
	return true;
}

/* A VF's routing ID: PF RID + First VF Offset + n * Stride, while VF Enable is set. */
static bool vf_at(struct fake_ecam *fe, int v, unsigned *rid)
{
	const struct fake_fn *vf = &fe->fn[v];
	int pf = vf->pf;
	uint16_t c = fe->fn[pf].sriov;

	if (!(fake_cfg_read(fe, pf, c + PCI_SRIOV_CTRL, 2) & PCI_SRIOV_CTRL_VFE) ||
	    vf->vf_index >= fake_cfg_read(fe, pf, c + PCI_SRIOV_NUM_VF, 2))
		return false;
	*rid = (fn_bus(fe, pf) << 8 | fe->fn[pf].devfn) +
	       fake_cfg_read(fe, pf, c + PCI_SRIOV_VF_OFFSET, 2) +
	       vf->vf_index * fake_cfg_read(fe, pf, c + PCI_SRIOV_VF_STRIDE, 2);
	return true;
}

int fake_lookup(struct fake_ecam *fe, uint8_t bus, uint8_t devfn)
{
	for (int f = 0; f < FAKE_MAX_FNS; f++) {
		unsigned rid;

		if (!fe->fn[f].used)
			continue;
		if (fe->fn[f].pf >= 0) {
			if (vf_at(fe, f, &rid) && rid == ((unsigned)bus << 8 | devfn) &&
			    reachable(fe, f, bus))
				return f;
			continue;
		}
		if (fe->fn[f].devfn == devfn && fn_bus(fe, f) == bus && reachable(fe, f, bus))
			return f;
	}
	return -1;
}

/* ---- ops ---- */
static uint32_t fake_read(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
			  unsigned width)
{
	struct fake_ecam *fe = ctx;
	int f = fake_lookup(fe, bus, devfn);
	struct fake_fn *fn;

	(void)seg;
	fe->reads++;
	if (f < 0) {
		fe->absent_reads++;
		return width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
	}
	fn = &fe->fn[f];
	fn->reads++;
	if (fn->ones_after >= 0 && fn->reads > (unsigned long)fn->ones_after)
		return width == 4 ? 0xffffffffu : (1u << (8 * width)) - 1;
	return get(&fn->cfg[off], width);
}

/* Initiate FLR (7.5.3.4): the function's BARs and Command return to reset values. */
static void do_flr(struct fake_fn *fn)
{
	for (unsigned o = PCI_BAR0; o < PCI_BAR0 + 24; o++)
		fn->cfg[o] &= (uint8_t)~fn->wmask[o];
	fn->cfg[PCI_COMMAND] = 0;
	fn->cfg[PCI_COMMAND + 1] = 0;
	fn->cfg[fn->pcie + PCI_EXP_DEVCTL + 1] &= 0x7f;
	fn->flr_count++;
}

static void fake_write(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
		       unsigned width, uint32_t val)
{
	struct fake_ecam *fe = ctx;
	int f = fake_lookup(fe, bus, devfn);
	struct fake_fn *fn;
	unsigned flr;

	(void)seg;
	fe->writes++;
	if (f < 0)
		return;
	fn = &fe->fn[f];
	fn->writes++;
	for (unsigned i = 0; i < width; i++) {
		uint8_t m = fn->wmask[off + i], v = (uint8_t)(val >> (8 * i));

		fn->cfg[off + i] = (uint8_t)((fn->cfg[off + i] & ~m) | (v & m));
	}
	flr = (unsigned)fn->pcie + PCI_EXP_DEVCTL + 1; /* byte holding Initiate FLR */
	if (fn->pcie && off <= flr && off + width > flr && (fn->cfg[flr] & 0x80))
		do_flr(fn);
}

const struct pci_cfg_ops fake_ecam_ops = { fake_read, fake_write };
