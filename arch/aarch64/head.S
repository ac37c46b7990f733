// SPDX-License-Identifier: MIT
/*
 * aarch64 entry: the arm64 Image header (Linux booting.rst, "Call the kernel
 * image"; the header fields after code0/code1 are emitted by
 * linker/aarch64.lds), self-relocation, exception-level set-up, BSS, stack,
 * vectors, then early C. Entered with the MMU off, x0 = DTB physical address.
 * Also the PSCI CPU_ON entry of secondary CPUs (PSCI DEN0022, 5.6).
 */
#include <arch/cpu.h>
#include <arch/sysreg.h>

#define R_AARCH64_RELATIVE 1027
#define BOOT_STACK_SIZE	   (16 * 1024)

	.section .head.code, "ax"
	b	primary_entry		// code0
	.long	0			// code1

/* Current exception level (1, 2 or 3) into \reg. */
.macro current_el reg
	mrs	\reg, CurrentEL
	lsr	\reg, \reg, #CURRENTEL_EL_SHIFT
.endm

/*
 * Known state for the EL we run at (Arm ARM D1.2): MMU and caches off,
 * FP/SIMD not trapped (newlib and gcc use it), EL1 AArch64, EL1 allowed to
 * read the physical counter later (CNTHCTL_EL2), no virtual offset.
 */
.macro el_setup tmp
	current_el \tmp
	cmp	\tmp, #2
	b.ne	.Lel1_\@
	ldr	\tmp, =SCTLR_EL2_RES1
	msr	sctlr_el2, \tmp
	ldr	\tmp, =(HCR_RW | HCR_IMO | HCR_FMO | HCR_AMO)
	msr	hcr_el2, \tmp
	ldr	\tmp, =CPTR_EL2_RES1
	msr	cptr_el2, \tmp
	mov	\tmp, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, \tmp
	msr	cntvoff_el2, xzr
	msr	vttbr_el2, xzr
	b	.Ldone_\@
.Lel1_\@:
	ldr	\tmp, =SCTLR_EL1_RES1
	msr	sctlr_el1, \tmp
	mov	\tmp, #CPACR_FPEN_ALL
	msr	cpacr_el1, \tmp
.Ldone_\@:
	isb
.endm

	.section .head.text, "ax"
primary_entry:
	msr	daifset, #0xf			// booting.rst asks for this; do not rely on it
	mov	x19, x0				// DTB
	adrp	x20, __image_start		// where we were placed
	add	x20, x20, :lo12:__image_start
	current_el x21				// entry EL, for C
	cmp	x21, #3
	b.ne	1f
	bl	el3_to_el2
1:	el_setup x1

	/* Apply R_AARCH64_RELATIVE: *(base + offset) = base + addend (ELF64 psABI). */
	adrp	x1, __rela_start
	add	x1, x1, :lo12:__rela_start
	adrp	x2, __rela_end
	add	x2, x2, :lo12:__rela_end
2:	cmp	x1, x2
	b.hs	4f
	ldp	x3, x4, [x1], #16		// r_offset, r_info
	ldr	x5, [x1], #8			// r_addend
	and	x4, x4, #0xffffffff
	cmp	x4, #R_AARCH64_RELATIVE
	b.ne	reloc_bad
	add	x5, x5, x20
	str	x5, [x20, x3]
	b	2b

	/* Zero BSS (16-byte aligned by the linker script; MMU off: no dc zva). */
4:	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
5:	cmp	x1, x2
	b.hs	6f
	stp	xzr, xzr, [x1], #16
	b	5b

6:	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	bl	set_vectors_tpidr
	mov	x0, x20
	mov	x1, x19
	mov	x2, x21
	bl	arch_early_mmu_enable		// MMU + caches on, identity map
	mov	x0, x19
	bl	arch_boot_main			// never returns
reloc_bad:
	wfe
	b	reloc_bad

/* VBAR and per-CPU register (TPIDR = logical CPU id 0) for the current EL. */
set_vectors_tpidr:
	current_el x1
	cmp	x1, #2
	b.ne	1f
	adrp	x1, arch_vectors_el2
	add	x1, x1, :lo12:arch_vectors_el2
	msr	vbar_el2, x1
	msr	tpidr_el2, xzr
	isb
	ret
1:	adrp	x1, arch_vectors_el1
	add	x1, x1, :lo12:arch_vectors_el1
	msr	vbar_el1, x1
	msr	tpidr_el1, xzr
	isb
	ret

/*
 * Entered at EL3 (no secure firmware in front of us): continue at EL2h in
 * non-secure state, AArch64 below (Arm ARM D1.3.4, SCR_EL3). PSCI then needs
 * an EL3 firmware we do not have, so this is best effort only.
 */
el3_to_el2:
	ldr	x1, =(SCR_NS | SCR_RES1 | SCR_HCE | SCR_RW)
	msr	scr_el3, x1
	mov	x1, #(SPSR_EL2H | SPSR_DAIF_MASK)
	msr	spsr_el3, x1
	msr	elr_el3, x30
	isb
	eret

/*
 * PSCI CPU_ON entry (DEN0022 6.4.3: MMU off, at the caller's EL, x0 =
 * context_id = &cpu->arch). The boot CPU cleaned struct cpu_arch to PoC.
 */
	.globl	arch_secondary_entry
arch_secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	el_setup x1
	ldr	x1, [x19, #CPU_ARCH_STACK_TOP]
	mov	sp, x1
	mov	x29, xzr
	mov	x30, xzr
	ldp	x1, x2, [x19, #CPU_ARCH_TTBR0]	// ttbr0, tcr
	ldp	x3, x4, [x19, #CPU_ARCH_MAIR]	// mair, sctlr
	ldp	x5, x6, [x19, #CPU_ARCH_VBAR]	// vbar, logical id
	ic	iallu
	current_el x7
	cmp	x7, #2
	b.ne	1f
	msr	mair_el2, x3
	msr	tcr_el2, x2
	msr	ttbr0_el2, x1
	msr	vbar_el2, x5
	msr	tpidr_el2, x6
	isb
	tlbi	alle2
	dsb	nsh
	isb
	msr	sctlr_el2, x4
	isb
	b	2f
1:	msr	mair_el1, x3
	msr	tcr_el1, x2
	msr	ttbr0_el1, x1
	msr	vbar_el1, x5
	msr	tpidr_el1, x6
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	msr	sctlr_el1, x4
	isb
2:	mov	x0, x19
	bl	arch_secondary_main		// never returns
3:	wfe
	b	3b
	.ltorg

	.section .bss.boot_stack, "aw", %nobits
	.balign	16
boot_stack:
	.space	BOOT_STACK_SIZE
	.globl	boot_stack_top
boot_stack_top:
