// SPDX-License-Identifier: MIT
/*
 * x86_64 barriers. mfence/lfence/sfence order all loads and stores,
 * including UC and WC device memory (Intel SDM Vol. 3A, 8.2.5). Cacheable
 * DMA on x86 is coherent and TSO keeps load/load and store/store order,
 * so the DMA barriers only stop the compiler.
 */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

#define barrier() __asm__ volatile("" ::: "memory")
#define mb()	  __asm__ volatile("mfence" ::: "memory")
#define rmb()	  __asm__ volatile("lfence" ::: "memory")
#define wmb()	  __asm__ volatile("sfence" ::: "memory")
#define dma_rmb() barrier()
#define dma_wmb() barrier()

#endif
