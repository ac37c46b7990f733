// SPDX-License-Identifier: MIT
/* Host fake of arch/cpu.h: the per-CPU arch state embedded in struct cpu. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

struct cpu_arch {
	uint64_t fake_id; /* what a test wants the "hardware" id register to read */
};

#endif
