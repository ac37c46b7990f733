// SPDX-License-Identifier: MIT
/*
 * Exception vectors for the EL vmplat runs at (Arm ARM D1.10.2, "Exception
 * vectors": 16 entries of 0x80 bytes, table 2 KiB aligned). Synchronous
 * exceptions and IRQs save all GPRs, q0-q31, FPSR/FPCR and the syndrome into
 * struct arch_regs on the stack, call C, and return to the (possibly
 * changed) ELR. One table per EL because ELR/SPSR/ESR/FAR are banked.
 */
#include <arch/fpsimd.inc>
#include <arch/regs.h>

#define KIND_SYNC   0
#define KIND_IRQ    1
#define KIND_FIQ    2
#define KIND_SERROR 3
#define KIND_BADSP  4 /* taken with SP_EL0 selected: never expected */

.macro vector_entry el, kind
	.balign	0x80
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #REGS_X0]
	mov	x1, #\kind
	b	exc_common_el\el
.endm

.macro vector_table el
	.balign	0x800
	.globl	arch_vectors_el\el
arch_vectors_el\el:
	vector_entry \el, KIND_BADSP	// current EL, SP_EL0
	vector_entry \el, KIND_BADSP
	vector_entry \el, KIND_BADSP
	vector_entry \el, KIND_BADSP
	vector_entry \el, KIND_SYNC	// current EL, SP_ELx
	vector_entry \el, KIND_IRQ
	vector_entry \el, KIND_FIQ
	vector_entry \el, KIND_SERROR
	vector_entry \el, KIND_SYNC	// lower EL, AArch64
	vector_entry \el, KIND_IRQ
	vector_entry \el, KIND_FIQ
	vector_entry \el, KIND_SERROR
	vector_entry \el, KIND_BADSP	// lower EL, AArch32: unsupported
	vector_entry \el, KIND_BADSP
	vector_entry \el, KIND_BADSP
	vector_entry \el, KIND_BADSP

/* x0/x1 saved; x1 = kind. */
exc_common_el\el:
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x2, sp, #REGS_SIZE
	stp	x30, x2, [sp, #16 * 15]		// x30, sp before the exception
	mrs	x2, elr_el\el
	mrs	x3, spsr_el\el
	stp	x2, x3, [sp, #REGS_PC]
	mrs	x2, esr_el\el
	mrs	x3, far_el\el
	stp	x2, x3, [sp, #REGS_ESR]
	mov	x2, #\el
	mrs	x3, fpsr
	stp	x2, x3, [sp, #REGS_EL]
	mrs	x2, fpcr
	str	x2, [sp, #REGS_FPCR]
	add	x2, sp, #REGS_Q0
	fpsimd_save_q	x2
	/* A frame record so backtraces walk from the handler into the interrupted code. */
	ldr	x2, [sp, #REGS_PC]
	stp	x29, x2, [sp, #-16]!
	mov	x29, sp
	add	x0, sp, #16
	bl	arch_exception			// (struct arch_regs *, kind)
	add	sp, sp, #16

	add	x2, sp, #REGS_Q0
	fpsimd_load_q	x2
	ldr	x2, [sp, #REGS_FPSR]
	msr	fpsr, x2
	ldr	x2, [sp, #REGS_FPCR]
	msr	fpcr, x2
	ldp	x2, x3, [sp, #REGS_PC]
	msr	elr_el\el, x2
	msr	spsr_el\el, x3
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	ldp	x0, x1, [sp, #REGS_X0]
	add	sp, sp, #REGS_SIZE
	eret
.endm

	.section .text.vectors, "ax"
	vector_table 2
	vector_table 1
