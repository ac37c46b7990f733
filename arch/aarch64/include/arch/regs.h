// SPDX-License-Identifier: MIT
/*
 * Registers saved by the exception vectors (vectors.S). Offsets are fixed
 * for the assembly and checked with _Static_assert in fault.c.
 */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

#define REGS_X0	  0
#define REGS_SP	  248 /* 31 * 8 */
#define REGS_PC	  256
#define REGS_SPSR 264
#define REGS_ESR  272
#define REGS_FAR  280
#define REGS_EL	  288
#define REGS_FPSR 296
#define REGS_FPCR 304
#define REGS_PAD  312
#define REGS_Q0	  320
#define REGS_SIZE (320 + 32 * 16) /* 832, a multiple of 16 */

#ifndef __ASSEMBLY__
#include <stdint.h>

struct arch_regs {
	uint64_t x[31]; /* x0-x30 (x29 = fp, x30 = lr) */
	uint64_t sp;	/* at the exception */
	uint64_t pc;	/* ELR_ELx */
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t el; /* exception level the vectors ran at */
	uint64_t fpsr, fpcr, pad;
	__uint128_t q[32];
};
#endif

#endif
