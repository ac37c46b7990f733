// SPDX-License-Identifier: MIT
/*
 * Memory probes: one access at a listed pc; a synchronous abort there
 * resumes at the fixup (arch_fault_fixup in fault.c), which returns -EFAULT.
 * Table entries are pc-relative (no relocation needed).
 */
#define EFAULT 14

.macro fixup insn, fix
	.pushsection arch_fixup, "a"
	.balign	4
	.long	\insn - .
	.long	\fix - .
	.popsection
.endm

	.section .text.probe, "ax"
	.globl	probe_read64
	.type	probe_read64, %function
/* int probe_read64(const volatile uint64_t *addr, uint64_t *val) */
probe_read64:
1:	ldr	x2, [x0]
	str	x2, [x1]
	mov	w0, #0
	ret
2:	mov	w0, #-EFAULT
	ret
	fixup	1b, 2b
	.size	probe_read64, . - probe_read64

	.globl	probe_write64
	.type	probe_write64, %function
/* int probe_write64(volatile uint64_t *addr, uint64_t val) */
probe_write64:
1:	str	x1, [x0]
	mov	w0, #0
	ret
2:	mov	w0, #-EFAULT
	ret
	fixup	1b, 2b
	.size	probe_write64, . - probe_write64
