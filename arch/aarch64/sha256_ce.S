// SPDX-License-Identifier: MIT
/*
 * SHA-256 compression (FIPS 180-4 6.2.2) with the Armv8 Cryptographic
 * Extension (Arm ARM C7.2: SHA256H, SHA256H2, SHA256SU0, SHA256SU1; present
 * when ID_AA64ISAR0_EL1.SHA2 != 0, checked by arch_sha256_impl()).
 *
 *	void sha256_ce_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
 *
 * Four rounds per SHA256H/SHA256H2 pair; SHA256SU0/SU1 extend the message
 * schedule (6.2.2 step 1) four words at a time. Uses v0-v7 and v16-v31
 * only: v8-v15 are callee-saved (AAPCS64 6.1.2). h stays in memory between
 * blocks and is read back for the final addition (6.2.2 step 4).
 */
	.arch	armv8-a+crypto

/* state: v0 = a b c d, v1 = e f g h; message W: v2-v5; W + K: v6; old abcd: v7. */

/* Four rounds with the words in \w and the constants in \k. */
.macro rounds4 w, k
	add	v6.4s, \w\().4s, \k\().4s
	mov	v7.16b, v0.16b
	sha256h	q0, q1, v6.4s
	sha256h2 q1, q7, v6.4s
.endm

/*
 * Four rounds, then the schedule's next four words into \w (6.2.2 step 1:
 * W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]), from \w = W[t-16..],
 * \n1 = W[t-12..], \n2 = W[t-8..], \n3 = W[t-4..].
 */
.macro rounds4_next w, k, n1, n2, n3
	add	v6.4s, \w\().4s, \k\().4s
	sha256su0 \w\().4s, \n1\().4s
	sha256su1 \w\().4s, \n2\().4s, \n3\().4s
	mov	v7.16b, v0.16b
	sha256h	q0, q1, v6.4s
	sha256h2 q1, q7, v6.4s
.endm

	.section .text.sha256_ce_blocks, "ax"
	.globl	sha256_ce_blocks
	.type	sha256_ce_blocks, %function
sha256_ce_blocks:
	cbz	x2, 2f
	adrp	x8, sha256_k			// FIPS 180-4 4.2.2, core/sha256.c
	add	x8, x8, :lo12:sha256_k
	ld1	{v16.4s-v19.4s}, [x8], #64
	ld1	{v20.4s-v23.4s}, [x8], #64
	ld1	{v24.4s-v27.4s}, [x8], #64
	ld1	{v28.4s-v31.4s}, [x8]
1:	ld1	{v0.4s, v1.4s}, [x0]
	ld1	{v2.16b-v5.16b}, [x1], #64
	rev32	v2.16b, v2.16b			// message words are big-endian (3.1)
	rev32	v3.16b, v3.16b
	rev32	v4.16b, v4.16b
	rev32	v5.16b, v5.16b
	rounds4_next v2, v16, v3, v4, v5	// rounds 0-3, W16-19
	rounds4_next v3, v17, v4, v5, v2
	rounds4_next v4, v18, v5, v2, v3
	rounds4_next v5, v19, v2, v3, v4
	rounds4_next v2, v20, v3, v4, v5	// rounds 16-19, W32-35
	rounds4_next v3, v21, v4, v5, v2
	rounds4_next v4, v22, v5, v2, v3
	rounds4_next v5, v23, v2, v3, v4
	rounds4_next v2, v24, v3, v4, v5	// rounds 32-35, W48-51
	rounds4_next v3, v25, v4, v5, v2
	rounds4_next v4, v26, v5, v2, v3
	rounds4_next v5, v27, v2, v3, v4	// rounds 44-47, W60-63
	rounds4	v2, v28
	rounds4	v3, v29
	rounds4	v4, v30
	rounds4	v5, v31				// rounds 60-63
	ld1	{v6.4s, v7.4s}, [x0]		// 6.2.2 step 4: H += working variables
	add	v0.4s, v0.4s, v6.4s
	add	v1.4s, v1.4s, v7.4s
	st1	{v0.4s, v1.4s}, [x0]
	subs	x2, x2, #1
	b.ne	1b
2:	ret
	.size	sha256_ce_blocks, . - sha256_ce_blocks
