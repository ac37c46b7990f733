// SPDX-License-Identifier: MIT
/*
 * Shell command: pci [list | tree | cfg <bdf> | sriov <bdf> <n>].
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/shell.h>
#include "pci_internal.h"

static struct pci_dev *arg_dev(const char *s)
{
	struct pci_addr a;
	struct pci_dev *d;

	if (pci_addr_parse(s, &a)) {
		console_printf("pci: bad address '%s' (want 0000:00:1f.2)\n", s);
		return NULL;
	}
	d = pci_find_addr(a);
	if (!d)
		console_printf("pci: no function at %s\n", s);
	return d;
}

static int cmd_sriov(int argc, char **argv)
{
	struct pci_dev *d = argc > 2 ? arg_dev(argv[2]) : NULL;
	unsigned long n = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;
	int rc;

	if (!d || !d->sriov) {
		console_printf("usage: pci sriov <pf bdf> <numvfs, 0 disables>\n");
		return -EINVAL;
	}
	rc = n ? pci_sriov_enable(d, (unsigned)n) : pci_sriov_disable(d);
	console_printf("pci sriov: %d\n", rc);
	return rc;
}

static int cmd_pci(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	struct pci_dev *d;

	if (!strcmp(sub, "list")) {
		pci_report();
		return 0;
	}
	if (!strcmp(sub, "tree")) {
		pci_report_tree();
		return 0;
	}
	if (!strcmp(sub, "cfg") && argc > 2) {
		d = arg_dev(argv[2]);
		if (!d)
			return -ENODEV;
		pci_dump_cfg(d);
		return 0;
	}
	if (!strcmp(sub, "sriov"))
		return cmd_sriov(argc, argv);
	console_printf("usage: pci [list | tree | cfg <bdf> | sriov <bdf> <n>]\n");
	return -EINVAL;
}
SHELL_CMD(pci, "PCI functions: list, tree, cfg <bdf>, sriov <bdf> <n>", cmd_pci);
