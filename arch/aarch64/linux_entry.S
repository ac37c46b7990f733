// SPDX-License-Identifier: MIT
/*
 * The last instructions vmplat runs before an arm64 kernel (booting.rst 4
 * "Call the kernel image"): interrupts masked, MMU and D-cache off at the
 * current EL, the whole D-cache cleaned and invalidated by set/way to the
 * Point of Coherency (Arm ARM D7.5.9, the CLIDR/CCSIDR walk), I-cache and
 * TLBs invalidated, the EL2 state booting.rst asks for, then
 * x0 = DTB, x1 = x2 = x3 = 0 and a branch to the kernel.
 *
 * vmplat runs identity mapped (VA == PA), so the instruction after the
 * SCTLR write is fetched from the same address with the MMU off. No stack
 * and no memory after that point: registers only.
 *
 * void arch_linux_enter(paddr_t entry, paddr_t dtb)  -- never returns
 */
#include <arch/sysreg.h>

#define SCTLR_OFF_MASK	(SCTLR_M | SCTLR_C | SCTLR_I)

	.section .text.arch_linux_enter, "ax"
	.balign	4096			// one page: fetched with the MMU off
	.globl	arch_linux_enter
arch_linux_enter:
	msr	daifset, #0xf
	mov	x19, x0			// entry
	mov	x20, x1			// dtb
	mrs	x21, CurrentEL
	lsr	x21, x21, #CURRENTEL_EL_SHIFT
	mov	x22, #SCTLR_OFF_MASK
	dsb	sy
	cmp	x21, #2
	b.ne	1f
	mrs	x1, sctlr_el2
	bic	x1, x1, x22
	msr	sctlr_el2, x1
	b	2f
1:	mrs	x1, sctlr_el1
	bic	x1, x1, x22
	msr	sctlr_el1, x1
2:	isb
	bl	dcache_clean_inval_all
	ic	iallu
	cmp	x21, #2
	b.ne	3f
	tlbi	alle2
	/*
	 * EL2 state for a kernel entered at EL2 (booting.rst 4, "EL2 requirements"
	 * and the timer rules): EL1 AArch64, no traps, no stage 2, CNTVOFF = 0,
	 * EL1 may use the physical timer and counter.
	 */
	mov	x1, #HCR_RW
	msr	hcr_el2, x1
	msr	vttbr_el2, xzr
	msr	cntvoff_el2, xzr
	mov	x1, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x1
	ldr	x1, =CPTR_EL2_RES1
	msr	cptr_el2, x1
	b	4f
3:	tlbi	vmalle1
4:	dsb	sy
	isb
	mov	x0, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x19

/*
 * Clean and invalidate every data/unified cache level up to the Level of
 * Coherency by set/way (DC CISW). CCSIDR_EL1 in its 32-bit layout (no
 * FEAT_CCIDX). Uses x0-x11 only.
 */
dcache_clean_inval_all:
	mrs	x0, clidr_el1
	ubfx	x3, x0, #24, #3		// LoC
	lsl	x3, x3, #1		// level * 2, as CSSELR wants it
	cbz	x3, 9f
	mov	x10, xzr		// current level * 2
5:	add	x2, x10, x10, lsr #1	// level * 3
	lsr	x1, x0, x2
	and	x1, x1, #7		// cache type at this level
	cmp	x1, #2
	b.lt	8f			// no data cache here
	msr	csselr_el1, x10
	isb
	mrs	x1, ccsidr_el1
	and	x2, x1, #7
	add	x2, x2, #4		// log2(line bytes)
	ubfx	x4, x1, #3, #10		// ways - 1
	clz	w5, w4			// way shift
	ubfx	x7, x1, #13, #15	// sets - 1
6:	mov	x9, x4			// way
7:	lsl	x6, x9, x5
	orr	x11, x10, x6
	lsl	x6, x7, x2
	orr	x11, x11, x6
	dc	cisw, x11
	subs	x9, x9, #1
	b.ge	7b
	subs	x7, x7, #1
	b.ge	6b
8:	add	x10, x10, #2
	cmp	x3, x10
	b.gt	5b
9:	msr	csselr_el1, xzr
	dsb	sy
	isb
	ret
	.ltorg
