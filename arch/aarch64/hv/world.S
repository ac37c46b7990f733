// SPDX-License-Identifier: MIT
/*
 * The EL2 world switch. hv_world_run(ctx) saves the host's callee-saved
 * registers (x19-x29, lr, d8-d15: AAPCS64 5.1) and VBAR_EL2 on the EL2
 * stack, points VBAR_EL2 at hv_vectors, loads the guest's x0-x30, q0-q31,
 * FPSR/FPCR, ELR_EL2/SPSR_EL2 from struct hv_ctx and erets to EL1. The
 * first exception from the guest (Arm ARM D1.10.2: "lower EL, AArch64"
 * entries) stores the guest's registers back into the context found
 * through the host frame on SP_EL2, restores the host and returns the
 * exception kind (0 sync, 1 IRQ, 2 FIQ, 3 SError, 4 AArch32). Exceptions
 * taken at EL2 itself meanwhile go to the platform's own vector entries.
 */
#include <arch/fpsimd.inc>
#include "../../../hv/hv_ctx.h"

#define FRAME_SIZE 176 /* x29/x30 + x19-x28 + vbar/ctx (112), d8-d15 (64) */
#define FRAME_CTX  (64 + 104)

	.section .text.hv_world, "ax"
	.globl	hv_world_run
hv_world_run:
	stp	x29, x30, [sp, #-112]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mrs	x1, vbar_el2
	stp	x1, x0, [sp, #96]
	stp	d8, d9, [sp, #-64]!
	stp	d10, d11, [sp, #16]
	stp	d12, d13, [sp, #32]
	stp	d14, d15, [sp, #48]
	mov	x1, sp
	str	x1, [x0, #HV_CTX_HOSTSP]
	adrp	x1, hv_vectors
	add	x1, x1, :lo12:hv_vectors
	msr	vbar_el2, x1
	ldp	x1, x2, [x0, #HV_CTX_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x1, x2, [x0, #HV_CTX_FPSR]
	msr	fpsr, x1
	msr	fpcr, x2
	add	x1, x0, #HV_CTX_Q0
	fpsimd_load_q	x1
	ldp	x2, x3, [x0, #16 * 1]
	ldp	x4, x5, [x0, #16 * 2]
	ldp	x6, x7, [x0, #16 * 3]
	ldp	x8, x9, [x0, #16 * 4]
	ldp	x10, x11, [x0, #16 * 5]
	ldp	x12, x13, [x0, #16 * 6]
	ldp	x14, x15, [x0, #16 * 7]
	ldp	x16, x17, [x0, #16 * 8]
	ldp	x18, x19, [x0, #16 * 9]
	ldp	x20, x21, [x0, #16 * 10]
	ldp	x22, x23, [x0, #16 * 11]
	ldp	x24, x25, [x0, #16 * 12]
	ldp	x26, x27, [x0, #16 * 13]
	ldp	x28, x29, [x0, #16 * 14]
	ldr	x30, [x0, #16 * 15]
	ldp	x0, x1, [x0, #HV_CTX_X0]
	eret				// context synchronizing: the new VBAR is in effect
	dsb	nsh			// no speculation past the eret (Spectre-BHB style)
	isb

/* Exit: x0, x1 are on the stack, x1 = kind. */
hv_exit_common:
	ldr	x0, [sp, #16 + FRAME_CTX]
	stp	x2, x3, [x0, #16 * 1]
	stp	x4, x5, [x0, #16 * 2]
	stp	x6, x7, [x0, #16 * 3]
	stp	x8, x9, [x0, #16 * 4]
	stp	x10, x11, [x0, #16 * 5]
	stp	x12, x13, [x0, #16 * 6]
	stp	x14, x15, [x0, #16 * 7]
	stp	x16, x17, [x0, #16 * 8]
	stp	x18, x19, [x0, #16 * 9]
	stp	x20, x21, [x0, #16 * 10]
	stp	x22, x23, [x0, #16 * 11]
	stp	x24, x25, [x0, #16 * 12]
	stp	x26, x27, [x0, #16 * 13]
	stp	x28, x29, [x0, #16 * 14]
	str	x30, [x0, #16 * 15]
	ldp	x2, x3, [sp], #16		// the guest's x0, x1
	stp	x2, x3, [x0, #HV_CTX_X0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #HV_CTX_PC]
	mrs	x2, fpsr
	mrs	x3, fpcr
	stp	x2, x3, [x0, #HV_CTX_FPSR]
	add	x2, x0, #HV_CTX_Q0
	fpsimd_save_q	x2
	ldp	d10, d11, [sp, #16]
	ldp	d12, d13, [sp, #32]
	ldp	d14, d15, [sp, #48]
	ldp	d8, d9, [sp], #64
	ldr	x2, [sp, #96]
	msr	vbar_el2, x2
	isb
	mov	x0, x1
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #112
	ret

.macro to_host off
	.balign	0x80
	b	arch_vectors_el2 + \off
.endm

.macro guest_exit kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\kind
	b	hv_exit_common
.endm

	.balign	0x800
	.globl	hv_vectors
hv_vectors:
	to_host	0x000		// current EL with SP_EL0
	to_host	0x080
	to_host	0x100
	to_host	0x180
	to_host	0x200		// current EL with SP_EL2: the host's own
	to_host	0x280
	to_host	0x300
	to_host	0x380
	guest_exit 0		// lower EL, AArch64: sync
	guest_exit 1		// IRQ
	guest_exit 2		// FIQ
	guest_exit 3		// SError
	guest_exit 4		// lower EL, AArch32: never enabled (HCR_EL2.RW)
	guest_exit 4
	guest_exit 4
	guest_exit 4
