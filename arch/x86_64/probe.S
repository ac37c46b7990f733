/* SPDX-License-Identifier: MIT */
/*
 * Memory probes: one access at a labelled pc; the fixup table maps it to a
 * recovery point returning -EFAULT (14). arch_fault_fixup() reads the table.
 *   int probe_read64(const volatile uint64_t *addr, uint64_t *val)
 *   int probe_write64(volatile uint64_t *addr, uint64_t val)
 */
#define EFAULT 14

	.text
	.globl probe_read64
probe_read64:
1:	movq (%rdi), %rax
	movq %rax, (%rsi)
	xorl %eax, %eax
	ret
2:	movl $-EFAULT, %eax
	ret

	.globl probe_write64
probe_write64:
3:	movq %rsi, (%rdi)
	xorl %eax, %eax
	ret
4:	movl $-EFAULT, %eax
	ret

	.section .data.x86_fixup, "aw"
	.align 8
	.globl x86_fixup_table, x86_fixup_table_end
x86_fixup_table:
	.quad 1b, 2b
	.quad 3b, 4b
x86_fixup_table_end:

	.section .note.GNU-stack, "", @progbits
