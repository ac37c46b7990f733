// SPDX-License-Identifier: MIT
/*
 * Host reference for bench/pci_qemu.py: scan the QEMU-like topology of the
 * PCI unit tests (tests/unit/pci/topo.c) on the simulated ECAM and print the
 * configuration reads the scan took, split by what the fake saw: reads of
 * present functions and reads of absent ones (the fake counts both itself,
 * independently of the driver's counters). One line, parsed by the script:
 *   pci host: <functions> functions, <scan reads> scan reads, <absent probes>
 *   absent probes, <absent reads> absent reads, <driver reads> driver-counted
 */
#include <stdio.h>
#include "pci_tests.h"

int main(void)
{
	static struct fake_ecam fe;
	struct pci_host *h;
	struct topo t;
	int n;

	env_reset(&fe);
	topo_build(&fe, &t);
	h = env_host(&fe, 0);
	if (!h)
		return 1;
	fe.reads = fe.absent_reads = 0;
	n = pci_scan_host(h);
	if (n <= 0)
		return 1;
	printf("pci host: %d functions, %lu scan reads, %llu absent probes, %lu absent reads, "
	       "%llu driver-counted\n",
	       n, fe.reads, (unsigned long long)h->absent_probes, fe.absent_reads,
	       (unsigned long long)h->cfg_reads);
	return 0;
}
