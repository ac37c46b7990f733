// SPDX-License-Identifier: MIT
/*
 * x86_64 MMIO accessors: one mov each. Device mappings are UC (PAT), which
 * the CPU keeps in program order (Intel SDM Vol. 3A, 11.3: strong
 * ordering for UC), so no fences are needed around a single access.
 */
#ifndef ARCH_MMIO_H
#define ARCH_MMIO_H

#include <stdint.h>

#define ARCH_MMIO_RW(bits, sfx, reg)                                               \
	static inline uint##bits##_t mmio_read##bits(const volatile void *addr)    \
	{                                                                          \
		uint##bits##_t v;                                                  \
		__asm__ volatile("mov" sfx " %1, %0"                               \
				 : "=" reg(v)                                      \
				 : "m"(*(const volatile uint##bits##_t *)addr)     \
				 : "memory");                                      \
		return v;                                                          \
	}                                                                          \
	static inline void mmio_write##bits(volatile void *addr, uint##bits##_t v) \
	{                                                                          \
		__asm__ volatile("mov" sfx " %1, %0"                               \
				 : "=m"(*(volatile uint##bits##_t *)addr)          \
				 : reg(v)                                          \
				 : "memory");                                      \
	}

ARCH_MMIO_RW(8, "b", "q")
ARCH_MMIO_RW(16, "w", "r")
ARCH_MMIO_RW(32, "l", "r")
ARCH_MMIO_RW(64, "q", "r")

#undef ARCH_MMIO_RW

#endif
