// SPDX-License-Identifier: MIT
/*
 * Host fake of arch/mmio.h: plain volatile accesses to host memory, so a
 * test hands the code under test a buffer as its "registers".
 */
#ifndef ARCH_MMIO_H
#define ARCH_MMIO_H

#include <stdint.h>

#define FAKE_MMIO_RW(bits)                                                         \
	static inline uint##bits##_t mmio_read##bits(const volatile void *addr)    \
	{                                                                          \
		return *(const volatile uint##bits##_t *)addr;                     \
	}                                                                          \
	static inline void mmio_write##bits(volatile void *addr, uint##bits##_t v) \
	{                                                                          \
		*(volatile uint##bits##_t *)addr = v;                              \
	}

FAKE_MMIO_RW(8)
FAKE_MMIO_RW(16)
FAKE_MMIO_RW(32)
FAKE_MMIO_RW(64)

#undef FAKE_MMIO_RW

#endif
