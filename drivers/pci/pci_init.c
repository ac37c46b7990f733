// SPDX-License-Identifier: MIT
/*
 * Firmware start-up of PCI: every host bridge the arch layer described
 * (ACPI MCFG or, without it, CF8/CFC on x86_64; the DTB pci-host-ecam-generic
 * node on aarch64) is mapped, scanned and given addresses, then reported.
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include "pci_internal.h"

static struct pci_ecam ecams[PLAT_MAX_ECAM];

/* Register the window's host bridge: CF8/CFC ops, or its ECAM mapped as device memory. */
static struct pci_host *host_add(unsigned i, unsigned flags)
{
	const struct ecam_window *w = &platform.ecam[i];
	uint64_t size = ((uint64_t)w->bus_end - w->bus_start + 1) << 20;
	void *base;

	if (w->cfg_ops)
		return pci_host_add(w->segment, w->bus_start, w->bus_end, w->cfg_ops, NULL, w->win,
				    w->nwin, flags);
	/* base is bus_start's config space (platform.h), whatever the table said. */
	base = mm_map_device(w->base, size);
	if (!base)
		return NULL;
	ecams[i] = (struct pci_ecam){ base, w->bus_start, w->bus_end };
	return pci_host_add(w->segment, w->bus_start, w->bus_end, &pci_ecam_ops, &ecams[i], w->win,
			    w->nwin, flags);
}

static int init_window(unsigned i)
{
	const struct ecam_window *w = &platform.ecam[i];
	/* Firmware that assigned resources (UEFI) keeps them; a bare DTB boot has none. */
	unsigned flags = platform.fw == FW_UEFI ? PCI_HOST_KEEP_FW : 0;
	struct pci_host *h = host_add(i, flags);
	uint64_t scan_reads;
	int n, rc;

	if (!h)
		return -ENOMEM;
	n = pci_scan_host(h);
	scan_reads = h->cfg_reads;
	rc = pci_assign_host(h);
	log_info("pci: segment %04x buses %02x-%02x (%s): %d functions, %u windows%s", w->segment,
		 w->bus_start, h->bus_last, w->cfg_ops ? "CF8/CFC" : "ECAM", n, h->nwin,
		 rc ? ", some BARs unassigned" : "");
	/* Each absent function costs one read; the rest of the scan is the present ones'. */
	if (n > 0)
		log_info("pci: scan: %llu config reads, %llu absent functions (1 read each), "
			 "%llu reads per present function; assignment: %llu reads",
			 (unsigned long long)scan_reads, (unsigned long long)h->absent_probes,
			 (unsigned long long)((scan_reads - h->absent_probes) / (unsigned)n),
			 (unsigned long long)(h->cfg_reads - scan_reads));
	return rc;
}

int pci_init(void)
{
	int rc = 0;

	if (!platform.necam) {
		log_info("pci: no ECAM window described, no PCI");
		return 0;
	}
	for (unsigned i = 0; i < platform.necam && i < PLAT_MAX_ECAM; i++) {
		int r = init_window(i);

		if (r && !rc)
			rc = r;
	}
	pci_report();
	pci_report_tree();
	return rc;
}
