// SPDX-License-Identifier: MIT
/*
 * Between the x86_64 Linux handoff files (efi_handoff.c, linux_handoff.c).
 */
#ifndef X86_64_LINUX_HANDOFF_H
#define X86_64_LINUX_HANDOFF_H

#include "efi_glue.h"

/* efi_handoff.c: LoaderTimeInitUSec / LoaderTimeExecUSec / LoaderInfo through
 * runtime SetVariable; call on the boot identity map, interrupts off. */
EFI_STATUS x86_efi_set_loader_vars(uint64_t init_us, uint64_t exec_us, const char *info);

#endif
