// SPDX-License-Identifier: MIT
/* The built-in test guest Image (arch/aarch64/hv/guest, built by guest.mk). */
	.section .rodata.hv_test_guest, "a"
	.balign	4096
	.globl	hv_test_guest_start, hv_test_guest_end
hv_test_guest_start:
	.incbin	"build/aarch64/hv-guest/guest.bin"
hv_test_guest_end:
