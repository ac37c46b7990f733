// SPDX-License-Identifier: MIT
/*
 * aarch64 MMIO accessors: one ldr/str each on Device memory, so the access
 * is single-copy atomic and not merged or split (Arm ARM B2.2.1, B2.8).
 * Ordering against normal memory is the caller's (barrier.h): device
 * accesses to the same peripheral are already ordered (Device-nGnRE).
 */
#ifndef ARCH_MMIO_H
#define ARCH_MMIO_H

#include <stdint.h>

#define ARCH_MMIO_READ(bits, sfx, reg)                                                           \
	static inline uint##bits##_t mmio_read##bits(const volatile void *addr)                  \
	{                                                                                        \
		uint##bits##_t v;                                                                \
		__asm__ volatile("ldr" sfx " %" reg "0, [%1]" : "=r"(v) : "r"(addr) : "memory"); \
		return v;                                                                        \
	}

#define ARCH_MMIO_WRITE(bits, sfx, reg)                                                           \
	static inline void mmio_write##bits(volatile void *addr, uint##bits##_t v)                \
	{                                                                                         \
		__asm__ volatile("str" sfx " %" reg "0, [%1]" : : "rZ"(v), "r"(addr) : "memory"); \
	}

ARCH_MMIO_READ(8, "b", "w")
ARCH_MMIO_READ(16, "h", "w")
ARCH_MMIO_READ(32, "", "w")
ARCH_MMIO_READ(64, "", "x")
ARCH_MMIO_WRITE(8, "b", "w")
ARCH_MMIO_WRITE(16, "h", "w")
ARCH_MMIO_WRITE(32, "", "w")
ARCH_MMIO_WRITE(64, "", "x")

#undef ARCH_MMIO_READ
#undef ARCH_MMIO_WRITE

#endif
