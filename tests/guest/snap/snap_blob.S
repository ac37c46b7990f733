// SPDX-License-Identifier: MIT
/* The snapshot test guest Image (tests/guest/snap, built by snap.mk). */
	.section .rodata.hv_snap_guest, "a"
	.balign	4096
	.globl	hv_snap_guest_start, hv_snap_guest_end
hv_snap_guest_start:
	.incbin	"build/aarch64/snap-guest/snap.bin"
hv_snap_guest_end:
