// SPDX-License-Identifier: MIT
/*
 * Depth-first enumeration of a PCI segment (PCIe 6.0, 7.3; P2P 1.2, 3.2.5.3).
 * Bridges get bus numbers programmed where none are set (or always, without
 * PCI_HOST_KEEP_FW); each bus is scanned at most once, so bogus numbers
 * cannot loop. An absent function costs one config read.
 */
#include <errno.h>
#include <vmplat/log.h>
#include "pci_internal.h"

struct pci_host *pci_host_add(uint16_t segment, uint8_t bus_start, uint8_t bus_end,
			      const struct pci_cfg_ops *ops, void *ctx, const struct pci_window *w,
			      unsigned nwin, unsigned flags)
{
	struct pci_host *h;

	if (pci_nhosts >= PCI_MAX_HOSTS || bus_end < bus_start)
		return NULL;
	h = &pci_hosts[pci_nhosts++];
	*h = (struct pci_host){ .segment = segment,
				.bus_start = bus_start,
				.bus_end = bus_end,
				.flags = flags,
				.ops = ops,
				.ctx = ctx };
	h->nwin = MIN(nwin, PLAT_MAX_PCI_WINDOWS);
	for (unsigned i = 0; i < h->nwin; i++)
		h->win[i] = w[i];
	return h;
}

static bool id_absent(uint32_t id)
{
	uint16_t vendor = id & 0xffff;

	return vendor == 0xffff || vendor == 0;
}

static void fill_ids(struct pci_dev *d, uint32_t id)
{
	uint32_t cr = pci_read32(d, PCI_CLASS_REV);

	d->vendor = id & 0xffff;
	d->device = (uint16_t)(id >> 16);
	d->revision = cr & 0xff;
	d->class_code = cr >> 8;
	d->type = pci_class_to_type(d->class_code);
	if (d->hdr_type == PCI_HDR_NORMAL) {
		uint32_t ss = pci_read32(d, PCI_SUBSYS_VENDOR);

		d->subsys_vendor = ss & 0xffff;
		d->subsys_device = (uint16_t)(ss >> 16);
	}
}

/* Probe one function: NULL when absent (one read) or malformed (warned). */
static struct pci_dev *probe_fn(struct pci_host *h, struct pci_dev *parent, unsigned bus,
				unsigned devfn)
{
	uint32_t id = pci_host_read(h, (uint8_t)bus, (uint8_t)devfn, PCI_VENDOR_ID, 4);
	struct pci_dev *d;
	uint8_t hdr;

	if (id_absent(id)) {
		h->absent_probes++;
		return NULL;
	}
	d = pci_dev_alloc();
	if (!d) {
		log_warn("pci: more than %u functions, scan truncated", PCI_MAX_DEVS);
		return NULL;
	}
	d->host = h;
	d->addr = (struct pci_addr){ h->segment, (uint8_t)bus, (uint8_t)devfn };
	hdr = pci_read8(d, PCI_HEADER_TYPE);
	d->hdr_type = hdr & PCI_HDR_TYPE_MASK;
	d->multifunction = hdr & PCI_HDR_MULTIFUNC;
	if (d->hdr_type > PCI_HDR_CARDBUS) {
		pci_warn(d, "header type %#x undefined, function ignored (7.5.1.1.9)", hdr);
		pci_dev_free(d);
		return NULL;
	}
	fill_ids(d, id);
	pci_read_caps(d);
	pci_dev_link(d, parent);
	pci_size_bars(d);
	if (d->ecap_sriov)
		pci_sriov_probe(d);
	return d;
}

/* Without ARI, a downstream port forwards Type 0 requests to device 0 only (7.3.1). */
static bool only_dev0(const struct pci_dev *parent)
{
	return parent && (parent->pcie_type == PCI_EXP_TYPE_ROOT_PORT ||
			  parent->pcie_type == PCI_EXP_TYPE_DOWNSTREAM);
}

/* ARI Forwarding (6.13): enable when the port and function 0 below both offer it. */
static void setup_ari(struct pci_dev *port, struct pci_dev *fn0)
{
	uint16_t ctl;

	if (!port || !port->cap_pcie || !fn0->ecap_ari)
		return;
	ctl = pci_read16(port, port->cap_pcie + PCI_EXP_DEVCTL2);
	if (!(ctl & PCI_EXP_DEVCTL2_ARI) && !(port->host->flags & PCI_HOST_KEEP_FW) &&
	    (pci_read32(port, port->cap_pcie + PCI_EXP_DEVCAP2) & PCI_EXP_DEVCAP2_ARI)) {
		ctl |= PCI_EXP_DEVCTL2_ARI;
		pci_write16(port, port->cap_pcie + PCI_EXP_DEVCTL2, ctl);
	}
	port->ari_forwarding = ctl & PCI_EXP_DEVCTL2_ARI;
}

/* ARI: functions 0-255 of device 0, chained by Next Function Number (7.8.7.2). */
static int scan_ari(struct pci_host *h, struct pci_dev *parent, unsigned bus, struct pci_dev *fn0,
		    unsigned *next, unsigned limit)
{
	uint32_t seen[8] = { 1 };
	struct pci_dev *d = fn0;
	int n = 1;

	while (d && d->ecap_ari) {
		unsigned fn = (unsigned)FIELD_GET(PCI_ARI_NEXT_FN,
						  pci_read16(d, d->ecap_ari + PCI_ARI_CAP));

		if (!fn)
			break;
		if (seen[fn / 32] & (1u << (fn % 32))) {
			pci_warn(d, "ARI next function %u loops (7.8.7.2)", fn);
			break;
		}
		seen[fn / 32] |= 1u << (fn % 32);
		d = probe_fn(h, parent, bus, fn);
		if (!d)
			break;
		n++;
		if (pci_dev_is_bridge(d))
			n += pci_scan_bridge(d, next, limit);
	}
	return n;
}

int pci_scan_bus(struct pci_host *h, struct pci_dev *parent, unsigned bus, unsigned *next,
		 unsigned limit)
{
	unsigned ndev = only_dev0(parent) ? 1 : 32;
	int n = 0;

	if (h->scanned[bus / 32] & (1u << (bus % 32))) {
		log_warn("pci %04x:%02x: bus scanned twice, skipped", h->segment, bus);
		return 0;
	}
	h->scanned[bus / 32] |= 1u << (bus % 32);
	h->bus_last = (uint8_t)MAX(h->bus_last, bus);
	for (unsigned dev = 0; dev < ndev; dev++) {
		struct pci_dev *d = probe_fn(h, parent, bus, PCI_DEVFN(dev, 0));
		bool multi;

		if (!d)
			continue;
		n++;
		multi = d->multifunction;
		if (dev == 0 && parent)
			setup_ari(parent, d);
		if (pci_dev_is_bridge(d))
			n += pci_scan_bridge(d, next, limit);
		if (dev == 0 && parent && parent->ari_forwarding)
			return n + scan_ari(h, parent, bus, d, next, limit) - 1;
		for (unsigned fn = 1; multi && fn < 8; fn++) {
			d = probe_fn(h, parent, bus, PCI_DEVFN(dev, fn));
			if (!d)
				continue;
			n++;
			if (pci_dev_is_bridge(d))
				n += pci_scan_bridge(d, next, limit);
		}
	}
	return n;
}

static void set_bus_numbers(struct pci_dev *b, unsigned pri, unsigned sec, unsigned sub)
{
	pci_write32(b, PCI_PRIMARY_BUS,
		    (pci_read32(b, PCI_PRIMARY_BUS) & 0xff000000u) | sub << 16 | sec << 8 | pri);
}

/* Firmware numbers are kept when they fit below the parent and after what is in use. */
static int keep_fw_numbers(struct pci_dev *b, unsigned sec, unsigned sub, unsigned *next,
			   unsigned limit)
{
	int n;

	if (!sec) {
		pci_warn(b, "bridge claims secondary bus 0, not scanned (P2P 1.2 3.2.5.4)");
		return -EINVAL;
	}
	if (sec <= b->addr.bus || sec < *next || sub < sec || sub > limit) {
		pci_warn(b,
			 "bridge bus range %02x-%02x overlaps buses in use or leaves %02x-%02x, "
			 "not scanned (P2P 1.2 3.2.5.3)",
			 sec, sub, *next, limit);
		return -EINVAL;
	}
	b->secondary = (uint8_t)sec;
	b->subordinate = (uint8_t)sub;
	*next = sec + 1;
	n = pci_scan_bus(b->host, b, sec, next, sub);
	*next = MAX(*next, sub + 1);
	return n;
}

int pci_scan_bridge(struct pci_dev *b, unsigned *next, unsigned limit)
{
	uint32_t v = pci_read32(b, PCI_PRIMARY_BUS);
	unsigned sec = v >> 8 & 0xff, sub = v >> 16 & 0xff, want;
	int n;

	pci_bridge_probe_windows(b);
	if ((b->host->flags & PCI_HOST_KEEP_FW) && (sec || sub)) {
		n = keep_fw_numbers(b, sec, sub, next, limit);
		return n < 0 ? 0 : n;
	}
	if (*next > limit) {
		pci_warn(b, "no bus number left below %02x for this bridge", limit);
		return 0;
	}
	/* Open the subordinate range to the limit while scanning below (P2P 1.2 3.2.5.5). */
	sec = (*next)++;
	set_bus_numbers(b, b->addr.bus, sec, limit);
	want = (unsigned)b->addr.bus | sec << 8 | limit << 16;
	if ((pci_read32(b, PCI_PRIMARY_BUS) & 0xffffff) != want) {
		pci_warn(b, "bus numbers do not read back (%#x), not scanned (P2P 1.2 3.2.5.3)",
			 pci_read32(b, PCI_PRIMARY_BUS) & 0xffffff);
		set_bus_numbers(b, 0, 0, 0);
		return 0;
	}
	b->secondary = (uint8_t)sec;
	n = pci_scan_bus(b->host, b, sec, next, limit);
	b->subordinate = (uint8_t)(*next - 1);
	set_bus_numbers(b, b->addr.bus, sec, b->subordinate);
	return n;
}

int pci_scan_host(struct pci_host *h)
{
	unsigned next = h->bus_start + 1u;

	h->bus_last = h->bus_start;
	return pci_scan_bus(h, NULL, h->bus_start, &next, h->bus_end);
}
