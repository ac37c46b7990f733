// SPDX-License-Identifier: MIT
/*
 * Register frame built by the x86_64 vector stubs (vectors.S), lowest
 * address first. The tail (rip..ss) is the frame the CPU pushes in 64-bit
 * mode (Intel SDM Vol. 3A, 6.14.2); handlers may change rip and rsp.
 */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#include <stdint.h>

struct arch_regs {
	uint64_t cr2;
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define ARCH_REGS_SIZE (23 * 8)
_Static_assert(sizeof(struct arch_regs) == ARCH_REGS_SIZE, "vectors.S frame layout");

#endif
