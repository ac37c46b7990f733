// SPDX-License-Identifier: MIT
/*
 * Instruction length for the few forms fault handlers skip (Intel SDM
 * Vol. 2A, chapter 2): legacy/REX prefixes, one- and two-byte opcodes with
 * ModRM/SIB/displacement. Anything else returns 0 ("unknown").
 */
#include <vmplat/fault.h>


/* Bytes taken by ModRM + SIB + displacement at p (64-bit addressing). */
static unsigned modrm_len(const uint8_t *p)
{
	unsigned mod = p[0] >> 6, rm = p[0] & 7, n = 1;

	if (mod == 3)
		return 1;
	if (rm == 4) {
		n++; /* SIB */
		if (mod == 0 && (p[1] & 7) == 5)
			return n + 4; /* SIB base=101: disp32 */
	}
	if (mod == 0 && rm == 5)
		return n + 4; /* RIP-relative disp32 */
	return n + (mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

static bool is_prefix(uint8_t b)
{
	return b == 0x66 || b == 0x67 || b == 0xf2 || b == 0xf3 || b == 0xf0 || b == 0x2e ||
	       b == 0x3e || b == 0x26 || b == 0x36 || b == 0x64 || b == 0x65;
}

unsigned arch_insn_len(uint64_t pc)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)pc;
	unsigned n = 0, imm16 = 0;

	while (n < 4 && is_prefix(p[n]))
		imm16 |= p[n++] == 0x66;
	if ((p[n] & 0xf0) == 0x40)
		n++; /* REX */
	switch (p[n]) {
	case 0xcc:
	case 0x90:
	case 0xf4:
	case 0xc3:
		return n + 1;
	case 0x88:
	case 0x89:
	case 0x8a:
	case 0x8b:
	case 0x8d:
	case 0x01:
	case 0x03:
	case 0x29:
	case 0x2b:
	case 0x31:
	case 0x33:
	case 0x85:
	case 0xf7:
	case 0xff:
		return n + 1 + modrm_len(p + n + 1) +
		       (p[n] == 0xf7 && !((p[n + 1] >> 3) & 7) ? 4 : 0);
	case 0xc6:
		return n + 1 + modrm_len(p + n + 1) + 1;
	case 0xc7:
		return n + 1 + modrm_len(p + n + 1) + (imm16 ? 2 : 4);
	case 0x0f:
		if (p[n + 1] == 0x0b) /* ud2 */
			return n + 2;
		if (p[n + 1] == 0xb6 || p[n + 1] == 0xb7 || p[n + 1] == 0xbe || p[n + 1] == 0xbf)
			return n + 2 + modrm_len(p + n + 2);
		return 0;
	default:
		return 0;
	}
}
