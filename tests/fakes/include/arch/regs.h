// SPDX-License-Identifier: MIT
/* Host fake of arch/regs.h: a register frame tests can fill in. */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#include <stdint.h>

struct arch_regs {
	uint64_t gpr[31];
	uint64_t sp, pc, flags;
};

#endif
