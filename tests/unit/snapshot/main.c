// SPDX-License-Identifier: MIT
/* One cmocka run over the format, store, VM state and assigned-function tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>
#include <vmplat/types.h>

extern const struct CMUnitTest format_tests[], store_tests[], state_tests[], vpci_tests[],
	pci_safe_tests[];
extern const size_t format_ntests, store_ntests, state_ntests, vpci_ntests, pci_safe_ntests;

int main(void)
{
	size_t total = format_ntests + store_ntests + state_ntests + vpci_ntests + pci_safe_ntests,
	       k;
	struct CMUnitTest *all = calloc(total, sizeof(*all));

	for (size_t i = 0; i < format_ntests; i++)
		all[i] = format_tests[i];
	for (size_t i = 0; i < store_ntests; i++)
		all[format_ntests + i] = store_tests[i];
	for (size_t i = 0; i < state_ntests; i++)
		all[format_ntests + store_ntests + i] = state_tests[i];
	k = format_ntests + store_ntests + state_ntests;
	for (size_t i = 0; i < vpci_ntests; i++)
		all[k + i] = vpci_tests[i];
	k += vpci_ntests;
	for (size_t i = 0; i < pci_safe_ntests; i++)
		all[k + i] = pci_safe_tests[i];
	return _cmocka_run_group_tests("snapshot", all, total, NULL, NULL);
}
