/* SPDX-License-Identifier: MIT */
/*
 * 256 interrupt/exception entry stubs and the common path. Each stub makes
 * the frame uniform (a zero error code where the CPU pushes none: Intel SDM
 * Vol. 3A, 6.13 and table 6-1), pushes its vector, and jumps to the common
 * code, which saves all GPRs, CR2 and the SSE state (FXSAVE), then calls
 * x86_trap_entry(struct arch_regs *). Handlers may change rip/rsp in the
 * frame; iretq resumes there.
 */
	.text

/* Vectors with a CPU-pushed error code: 8, 10-14, 17, 21, 29, 30. */
.macro stub vec
	.align 16
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp x86_vector_common
.endm

	.align 16
	.globl x86_vector_stubs
x86_vector_stubs:
	.altmacro
	.set v, 0
	.rept 256
	stub %v
	.set v, v + 1
	.endr

x86_vector_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %cr2, %rax
	pushq %rax
	movq %rsp, %rbx		/* struct arch_regs *, callee-saved */
	subq $512, %rsp
	andq $-16, %rsp		/* FXSAVE area: 512 bytes, 16-byte aligned */
	fxsave64 (%rsp)
	movq %rbx, %rdi
	cld
	call x86_trap_entry
	fxrstor64 (%rsp)
	movq %rbx, %rsp
	addq $8, %rsp		/* cr2 */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp		/* vector, error code */
	iretq

	.section .note.GNU-stack, "", @progbits
