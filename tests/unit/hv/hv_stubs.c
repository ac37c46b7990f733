// SPDX-License-Identifier: MIT
/* What core/console.c gives the portable files in firmware, and the test runner
 * (hv_host_vm.c has the VM and what hv/vm.c gives). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/smp.h>
#include "hv_test.h"

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}

int main(void)
{
	const struct {
		const struct CMUnitTest *t;
		size_t n;
	} lists[] = { { trap_tests, 0 },      { psci_tests, 0 }, { vgic_tests, 0 },
		      { guest_fdt_tests, 0 }, { misc_tests, 0 }, { vpl011_tests, 0 } };
	size_t ns[] = { trap_ntests,	  psci_ntests, vgic_ntests,
			guest_fdt_ntests, misc_ntests, vpl011_ntests };
	size_t total = 0, k = 0;
	struct CMUnitTest *all;

	for (size_t i = 0; i < ARRAY_SIZE(ns); i++)
		total += ns[i];
	all = calloc(total, sizeof(*all));
	for (size_t i = 0; i < ARRAY_SIZE(ns); i++)
		for (size_t j = 0; j < ns[i]; j++)
			all[k++] = lists[i].t[j];
	return _cmocka_run_group_tests("hv", all, total, NULL, NULL);
}

void cpu_relax(void)
{
}
