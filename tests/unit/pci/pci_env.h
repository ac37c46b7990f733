// SPDX-License-Identifier: MIT
/* Host environment for the PCI tests: captured log and console, a fake clock. */
#ifndef PCI_ENV_H
#define PCI_ENV_H

#include <stddef.h>
#include <stdint.h>
#include "../../fakes/fake_ecam.h"

extern unsigned env_warnings;
extern char env_last_warning[256];
extern char env_console[65536];
extern size_t env_console_len;
extern uint64_t env_now_ns;

/* Reset the PCI core, the fake segment and the captures. */
void env_reset(struct fake_ecam *fe);
/* Register the fake as segment 0, buses 0-255, with a 32-bit, a 64-bit
 * prefetchable and an I/O window; flags as for pci_host_add. */
struct pci_host *env_host(struct fake_ecam *fe, unsigned flags);
/* Does the log hold a warning containing s? */
bool env_warned(const char *s);

#endif
