// SPDX-License-Identifier: MIT
/*
 * The PCI report: one line per function and per implemented BAR, in the
 * form the QEMU scenarios parse, and a tree like `lspci -tv`.
 *
 *   pci 0000:00:03.0 1234:11e8 class 00ff00 type other
 *   pci   bar0 mem32 0x00000000fea00000 size 0x100000
 */
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include "pci_internal.h"

const char *pci_bar_type_name(const struct pci_bar *b)
{
	switch (b->type) {
	case PCI_BAR_IO:
		return "io";
	case PCI_BAR_MEM32:
		return b->prefetch ? "mem32 pref" : "mem32";
	case PCI_BAR_MEM64:
		return b->prefetch ? "mem64 pref" : "mem64";
	case PCI_BAR_ROM:
		return "rom";
	default:
		return "none";
	}
}

static void report_bar(const char *name, const struct pci_bar *b, const char *suffix)
{
	console_printf("pci   %s %s 0x%016llx size %#llx%s%s\n", name, pci_bar_type_name(b),
		       (unsigned long long)(b->assigned ? b->base : 0), (unsigned long long)b->size,
		       b->assigned ? "" : " unassigned", suffix);
}

static void report_dev(struct pci_dev *d)
{
	char a[PCI_ADDR_STRLEN], name[8];

	console_printf("pci %s %04x:%04x class %06x type %s%s\n", pci_addr_fmt(a, d->addr),
		       d->vendor, d->device, d->class_code, pci_type_name(d->type),
		       d->pf ? " vf" : "");
	for (unsigned i = 0; i < PCI_NUM_SLOTS; i++) {
		if (d->bar[i].type == PCI_BAR_NONE)
			continue;
		if (i == PCI_ROM_SLOT)
			snprintf(name, sizeof(name), "rom");
		else
			snprintf(name, sizeof(name), "bar%u", i);
		report_bar(name, &d->bar[i], "");
	}
	/* Per-VF size, room for TotalVFs: "vfbarN" so parsers of "barN" skip it. */
	for (unsigned i = 0; d->sriov && i < PCI_NUM_BARS; i++) {
		if (d->sriov->vf_bar[i].type == PCI_BAR_NONE)
			continue;
		snprintf(name, sizeof(name), "vfbar%u", i);
		report_bar(name, &d->sriov->vf_bar[i], " per vf");
	}
}

void pci_report(void)
{
	for (unsigned i = 0; i < pci_nhosts; i++)
		console_printf("pci host %04x buses %02x-%02x (used to %02x): %llu config reads\n",
			       pci_hosts[i].segment, pci_hosts[i].bus_start, pci_hosts[i].bus_end,
			       pci_hosts[i].bus_last, (unsigned long long)pci_hosts[i].cfg_reads);
	pci_for_each_dev (d)
		report_dev(d);
}

/* ---- tree ---- */
static void tree_line(struct pci_dev *d, const char *prefix, bool last)
{
	char label[96];

	if (pci_dev_is_bridge(d))
		snprintf(label, sizeof(label), "-[%02x-%02x]", d->secondary, d->subordinate);
	else
		label[0] = '\0';
	console_printf("%s%s-%02x.%x%s  %04x:%04x %s%s\n", prefix, last ? "\\" : "+",
		       PCI_SLOT(d->addr.devfn), PCI_FUNC(d->addr.devfn), label, d->vendor,
		       d->device, pci_type_name(d->type), d->pf ? " (VF)" : "");
}

static void tree_walk(struct pci_dev *first, char *prefix, size_t len, unsigned depth)
{
	size_t plen = strlen(prefix);

	for (struct pci_dev *d = first; d; d = d->sibling) {
		bool last = !d->sibling;

		tree_line(d, prefix, last);
		if (d->child && depth < 32 && plen + 3 < len) {
			snprintf(prefix + plen, len - plen, "%s  ", last ? " " : "|");
			tree_walk(d->child, prefix, len, depth + 1);
			prefix[plen] = '\0';
		}
	}
}

void pci_report_tree(void)
{
	char prefix[128];

	for (unsigned i = 0; i < pci_nhosts; i++) {
		console_printf("-[%04x:%02x]\n", pci_hosts[i].segment, pci_hosts[i].bus_start);
		prefix[0] = ' ';
		prefix[1] = '\0';
		tree_walk(pci_hosts[i].root, prefix, sizeof(prefix), 0);
	}
}

void pci_dump_cfg(struct pci_dev *d)
{
	char a[PCI_ADDR_STRLEN];
	struct pci_cap caps[PCI_MAX_CAPS];
	unsigned len = 0x100; /* header and the standard capabilities */
	int n;

	console_printf("%s %04x:%04x rev %02x hdr %u subsys %04x:%04x owner %u\n",
		       pci_addr_fmt(a, d->addr), d->vendor, d->device, d->revision, d->hdr_type,
		       d->subsys_vendor, d->subsys_device, d->owner);
	for (unsigned off = 0; off < len; off += 16) {
		console_printf("%03x:", off);
		for (unsigned j = 0; j < 16; j += 4)
			console_printf(" %08x", pci_read32(d, (uint16_t)(off + j)));
		console_printf("\n");
	}
	n = pci_walk_caps(d, false, caps, PCI_MAX_CAPS);
	for (int i = 0; i < n; i++)
		console_printf("cap %02x at %#x\n", caps[i].id, caps[i].off);
	n = pci_walk_caps(d, true, caps, PCI_MAX_CAPS);
	for (int i = 0; i < n; i++)
		console_printf("ecap %04x v%u at %#x\n", caps[i].id, caps[i].ver, caps[i].off);
}
