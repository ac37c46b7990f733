/* SPDX-License-Identifier: MIT */
/*
 * vmplat demo payload, x86_64: a static ELF entered as entry(cmdline, dtb)
 * (SysV: %rdi = cmdline) after vmplat hands over. Drives COM1 (16550 at
 * 0x3f8) itself, prints a hello line and the command line it got, then
 * ends QEMU through isa-debug-exit (port 0xf4) with status 0x10: QEMU exits
 * with (0x10 << 1) | 1 = 33, a code vmplat itself never uses.
 */
#define COM1		0x3f8
#define COM1_LSR	(COM1 + 5)
#define LSR_THRE	0x20
#define DEBUG_EXIT	0xf4
#define DEMO_STATUS	0x10

	.section .text.entry, "ax"
	.globl _start
_start:
	cli
	mov	%rdi, %rbx		/* the command line (may be NULL) */
	lea	hello(%rip), %rsi
	call	puts
	lea	cmdpfx(%rip), %rsi
	call	puts
	mov	%rbx, %rsi
	test	%rsi, %rsi
	jz	1f
	call	puts
1:	lea	endl(%rip), %rsi
	call	puts
	mov	$DEBUG_EXIT, %dx
	mov	$DEMO_STATUS, %eax
	outl	%eax, %dx
2:	hlt
	jmp	2b

/* puts(%rsi): bytes up to NUL, each after the transmitter is empty. */
puts:
	movb	(%rsi), %cl
	test	%cl, %cl
	jz	3f
	mov	$COM1_LSR, %dx
4:	inb	%dx, %al
	test	$LSR_THRE, %al
	jz	4b
	mov	$COM1, %dx
	mov	%cl, %al
	outb	%al, %dx
	inc	%rsi
	jmp	puts
3:	ret

hello:	.asciz "\r\nvmplat demo payload: hello\r\n"
cmdpfx:	.asciz "vmplat demo payload: cmdline \""
endl:	.asciz "\"\r\n"
