/* SPDX-License-Identifier: MIT */
/*
 * AP start-up trampoline (Intel SDM Vol. 3A, 8.4.4 and 9.8.5), copied to a
 * page below 1 MiB; the page after it holds its data (struct tramp_data in
 * smp.c). Starts in real mode at CS:0 = page:0, then protected mode, then
 * long mode with the platform's CR3, and calls x86_ap_entry(struct cpu *)
 * on the CPU's own stack. The data page is addressed from the code page
 * base kept in %esi across the mode switches.
 */
#define DATA		0x1000
#define D_GDTR		0x20
#define D_CR3		0x28
#define D_ENTRY		0x30
#define D_STACK		0x38
#define D_CPU		0x40
#define D_CR4		0x48
#define D_EFER		0x50
#define D_FAR32		0x58
#define D_FAR64		0x60
#define SEL_DATA32	0x10
#define MSR_EFER	0xc0000080
#define CR0_LONG	0x80010033	/* PG WP NE ET MP PE */

	.text
	.code16
	.globl x86_tramp_start, x86_tramp_end, x86_tramp_pm32, x86_tramp_lm64
x86_tramp_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	movzwl %ax, %esi
	shll $4, %esi			/* linear base of this page */
	lgdtl DATA + D_GDTR
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl *(DATA + D_FAR32)

	.code32
x86_tramp_pm32:
	movw $SEL_DATA32, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	leal DATA(%esi), %ebx
	movl D_CR4(%ebx), %eax
	movl %eax, %cr4			/* PAE, OSFXSR, ... */
	movl D_CR3(%ebx), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	movl D_EFER(%ebx), %eax		/* LME | NXE */
	xorl %edx, %edx
	wrmsr
	movl $CR0_LONG, %eax
	movl %eax, %cr0			/* paging on: IA-32e mode active */
	ljmpl *D_FAR64(%ebx)

	.code64
x86_tramp_lm64:
	movl %ebx, %ebx			/* upper halves are undefined after the switch */
	xorl %eax, %eax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movq D_STACK(%rbx), %rsp
	movq D_CPU(%rbx), %rdi
	movq D_ENTRY(%rbx), %rax
	callq *%rax			/* call, not jmp: ABI stack alignment */
1:	hlt
	jmp 1b
x86_tramp_end:

	.section .note.GNU-stack, "", @progbits
