/* SPDX-License-Identifier: MIT */
/*
 * vmplat demo payload, aarch64: a static ELF entered as entry(cmdline, dtb)
 * (AAPCS64: x0 = cmdline) after vmplat hands over. Drives the PL011 at
 * 0x09000000 (QEMU virt) itself, prints a hello line and the command line
 * it got, then PSCI SYSTEM_OFF (PSCI 1.0, 5.1.9: function id 0x84000008)
 * through SMC at EL2 (QEMU's conduit with virtualization=on) or HVC at EL1.
 */
#define UART		0x09000000
#define UART_FR		0x18
#define FR_TXFF		5
#define PSCI_SYSTEM_OFF	0x84000008

	.section .text.entry, "ax"
	.globl _start
_start:
	msr	daifset, #0xf
	mov	x19, x0
	adr	x1, hello
	bl	puts
	adr	x1, cmdpfx
	bl	puts
	mov	x1, x19
	cbz	x1, 1f
	bl	puts
1:	adr	x1, endl
	bl	puts
	ldr	w0, =PSCI_SYSTEM_OFF
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	2f
	smc	#0
	b	3f
2:	hvc	#0
3:	wfi
	b	3b

/* puts(x1): bytes up to NUL, each when the TX FIFO has room. */
puts:
	ldr	x2, =UART
4:	ldrb	w3, [x1], #1
	cbz	w3, 6f
5:	ldr	w4, [x2, #UART_FR]
	tbnz	w4, #FR_TXFF, 5b
	str	w3, [x2]
	b	4b
6:	ret

	.ltorg
hello:	.asciz "\r\nvmplat demo payload: hello\r\n"
cmdpfx:	.asciz "vmplat demo payload: cmdline \""
endl:	.asciz "\"\r\n"
