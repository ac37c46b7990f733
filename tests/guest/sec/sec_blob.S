// SPDX-License-Identifier: MIT
/* The passthrough security guest Image (tests/guest/sec, built by sec.mk). */
	.section .rodata.hv_sec_guest, "a"
	.balign	4096
	.globl	hv_sec_guest_start, hv_sec_guest_end
hv_sec_guest_start:
	.incbin	"build/aarch64/sec-guest/sec.bin"
hv_sec_guest_end:
