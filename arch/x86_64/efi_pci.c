// SPDX-License-Identifier: MIT
/*
 * PCI host bridges as UEFI describes them, read before ExitBootServices:
 * every PCI Root Bridge I/O protocol instance (UEFI 2.10, 14.2) gives its
 * SegmentNumber and, through Configuration(), the ranges firmware assigned
 * below it as ACPI address space descriptors. Those become the windows of
 * the matching platform.ecam[] entry, so PCI can place what firmware left
 * unassigned. Without MCFG, the root bridges are reached through CF8/CFC.
 */
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>
#include <vmplat/platform.h>

#include "efi_glue.h"

#define EFI_PCI_MAX_ROOT_BRIDGES 16


static const char *const win_names[] = { "io", "mem32", "mem64" };

/* The platform.ecam[] entry of this segment holding bus, or NULL. */
static struct ecam_window *ecam_for(uint16_t seg, uint8_t bus)
{
	for (unsigned i = 0; i < platform.necam; i++) {
		struct ecam_window *w = &platform.ecam[i];

		if (w->segment == seg && bus >= w->bus_start && bus <= w->bus_end)
			return w;
	}
	return NULL;
}

/* No MCFG: a CF8/CFC host for segment 0 (the only one CF8 reaches). */
static struct ecam_window *legacy_host(uint16_t seg, const struct pci_acpi_res *r)
{
	struct ecam_window *w;

	if (seg != 0 || platform.necam >= PLAT_MAX_ECAM)
		return NULL;
	w = &platform.ecam[platform.necam++];
	*w = (struct ecam_window){
		.segment = 0, .bus_start = 0, .bus_end = 255, .cfg_ops = &pci_cf8_ops
	};
	if (r && r->has_bus) {
		w->bus_start = r->bus_start;
		w->bus_end = r->bus_end;
	}
	return w;
}

static void add_windows(struct ecam_window *w, const struct pci_acpi_res *r)
{
	for (unsigned i = 0; i < r->nwin; i++) {
		const struct pci_window *p = &r->win[i];

		if (w->nwin >= PLAT_MAX_PCI_WINDOWS) {
			log_warn("pci: segment %04x: more than %u host bridge windows, %s %#llx "
				 "dropped",
				 w->segment, PLAT_MAX_PCI_WINDOWS, win_names[p->type],
				 (unsigned long long)p->cpu_base);
			continue;
		}
		w->win[w->nwin++] = *p;
		log_info("pci: segment %04x window %s%s cpu %#llx bus %#llx size %#llx", w->segment,
			 win_names[p->type], p->prefetch ? " pref" : "",
			 (unsigned long long)p->cpu_base, (unsigned long long)p->pci_base,
			 (unsigned long long)p->size);
	}
}

static void root_bridge(EFI_PCI_ROOT_BRIDGE_IO_PROTOCOL *rb, unsigned idx)
{
	static struct pci_acpi_res res; /* keep the boot stack small */
	struct ecam_window *w;
	void *desc = NULL;
	EFI_STATUS s;
	int rc;

	s = rb->Configuration(rb, &desc);
	if (s != EFI_SUCCESS || !desc) {
		log_warn("pci: root bridge %u: Configuration() failed (status %#llx)", idx,
			 (unsigned long long)s);
		return;
	}
	rc = pci_acpi_parse_windows(desc, PCI_ACPI_RES_MAX_LEN, PCI_ACPI_TRA_UEFI, &res);
	if (rc) {
		log_err("pci: root bridge %u: address space descriptors malformed at byte %zu "
			"(ACPI 6.5 6.4.3.5), windows ignored",
			idx, res.bad_off);
		return;
	}
	if (res.dropped)
		log_warn("pci: root bridge %u: %u windows beyond %u dropped", idx, res.dropped,
			 PLAT_MAX_PCI_WINDOWS);
	if (rb->SegmentNumber > 0xffff) {
		log_err("pci: root bridge %u: segment %u out of range", idx, rb->SegmentNumber);
		return;
	}
	w = ecam_for((uint16_t)rb->SegmentNumber, res.has_bus ? res.bus_start : 0);
	if (!w && !platform.necam)
		w = legacy_host((uint16_t)rb->SegmentNumber, &res);
	if (!w) {
		log_warn("pci: root bridge %u (segment %04x): no ECAM window for it, ignored", idx,
			 rb->SegmentNumber);
		return;
	}
	add_windows(w, &res);
}

void x86_efi_pci_init(EFI_SYSTEM_TABLE *st)
{
	EFI_GUID guid = EFI_PCI_ROOT_BRIDGE_IO_PROTOCOL_GUID;
	EFI_HANDLE *handles = NULL;
	UINTN n = 0;
	EFI_STATUS s;

	s = st->BootServices->LocateHandleBuffer(ByProtocol, &guid, NULL, &n, &handles);
	if (s != EFI_SUCCESS)
		n = 0;
	for (UINTN i = 0; i < n && i < EFI_PCI_MAX_ROOT_BRIDGES; i++) {
		EFI_PCI_ROOT_BRIDGE_IO_PROTOCOL *rb = NULL;

		if (st->BootServices->HandleProtocol(handles[i], &guid, (void **)&rb) ==
			    EFI_SUCCESS &&
		    rb)
			root_bridge(rb, (unsigned)i);
	}
	if (handles)
		st->BootServices->FreePool(handles);
	if (!platform.necam && legacy_host(0, NULL))
		log_info("pci: no MCFG and no root bridge: CF8/CFC for segment 0");
	else if (platform.necam && platform.ecam[0].cfg_ops)
		log_info("pci: no MCFG: configuration through CF8/CFC (PCI LB 3.0 3.2.2.3.2)");
}
