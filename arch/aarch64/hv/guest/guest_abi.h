// SPDX-License-Identifier: MIT
/*
 * What the built-in test guest and the hypervisor agree on: the guest finds
 * "seed=0x<hex>" in its /chosen/bootargs, fills the pattern page with
 * guest_pattern_word(seed, i), and the hypervisor checks the page in guest
 * RAM after SYSTEM_OFF (tests/qemu/scenarios/hv_guest.py recomputes it).
 */
#ifndef HV_GUEST_ABI_H
#define HV_GUEST_ABI_H

#include <stdint.h>

#define GUEST_RAM_BASE	    0x40000000ULL
#define GUEST_RAM_SIZE	    (16ULL << 20)
#define GUEST_UART	    0x09000000ULL
#define GUEST_PATTERN_IPA   (GUEST_RAM_BASE + (8ULL << 20))
#define GUEST_PATTERN_WORDS 512 /* one 4 KiB page of 64-bit words */
#define GUEST_TIMER_TICKS   5
#define GUEST_BAD_READ_IPA  0x20000000ULL /* below RAM, no device */
#define GUEST_BAD_WRITE_IPA 0x7fff0000ULL /* above RAM, no device */

/* splitmix64 of seed ^ i: every word differs and depends on the seed. */
static inline uint64_t guest_pattern_word(uint64_t seed, unsigned i)
{
	uint64_t x = seed + (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

#endif
