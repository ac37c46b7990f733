// SPDX-License-Identifier: MIT
/*
 * The built-in EL1 test guest: an arm64 Image header (Linux
 * Documentation/arch/arm64/booting.rst) so the hypervisor loads it like a
 * kernel, entry for vCPU 0 (x0 = DTB) and for vCPUs started by PSCI CPU_ON
 * (x0 = context = index), and EL1 vectors: synchronous exceptions (the
 * injected aborts) and IRQs (the virtual timer) go to C.
 */
#define FRAME 192 /* x0-x18, x29, x30, ELR, SPSR: 23 slots, 16-byte aligned */

	.section .text.head, "ax"
	.globl	_start
_start:
	b	primary			// code0
	.long	0			// code1
	.quad	0			// text_offset: at the 2 MiB aligned RAM base
	.quad	_image_size		// image_size
	.quad	0x2			// flags: little-endian, 4 KiB pages
	.quad	0, 0, 0
	.ascii	"ARM\x64"		// magic
	.long	0

primary:
	ldr	x1, =stack0_top
	mov	sp, x1
	ldr	x1, =guest_vectors
	msr	vbar_el1, x1
	isb
	bl	guest_main		// (dtb)
1:	wfi
	b	1b

	.globl	guest_secondary_entry
guest_secondary_entry:
	ldr	x1, =stack1_top
	mov	sp, x1
	ldr	x1, =guest_vectors
	msr	vbar_el1, x1
	isb
	bl	guest_secondary		// (index)
2:	wfi
	b	2b

.macro save
	sub	sp, sp, #FRAME
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	mrs	x0, elr_el1
	stp	x30, x0, [sp, #160]
	mrs	x0, spsr_el1
	str	x0, [sp, #176]
.endm

.macro restore_eret
	ldr	x0, [sp, #176]
	msr	spsr_el1, x0
	ldp	x30, x0, [sp, #160]
	msr	elr_el1, x0
	ldp	x18, x29, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME
	eret
.endm

.macro unexpected
	.balign	0x80
	b	guest_unexpected
.endm

	.balign	0x800
guest_vectors:
	unexpected			// current EL, SP_EL0
	unexpected
	unexpected
	unexpected
	.balign	0x80			// current EL, SP_EL1: sync
	b	el1_sync
	.balign	0x80			// IRQ
	b	el1_irq
	unexpected			// FIQ
	unexpected			// SError
	unexpected			// lower EL: the guest has no EL0
	unexpected
	unexpected
	unexpected
	unexpected
	unexpected
	unexpected
	unexpected

el1_sync:
	save
	mrs	x0, esr_el1
	mrs	x1, far_el1
	ldr	x2, [sp, #168]
	bl	guest_sync		// returns where to continue
	str	x0, [sp, #168]
	restore_eret

el1_irq:
	save
	bl	guest_irq
	restore_eret

	.ltorg
