// SPDX-License-Identifier: MIT
/*
 * Memory barriers. CPU-to-CPU ordering uses the C11 memory model;
 * DMA barriers order normal memory against device access (arch/<arch>/include/arch/barrier.h).
 *
 *   mb()/rmb()/wmb()       full / load / store, including device memory
 *   dma_rmb()/dma_wmb()    order accesses to coherent DMA memory
 *   smp_mb()               full barrier between CPUs
 *   load_acquire(p)        / store_release(p, v)
 */
#ifndef VMPLAT_BARRIER_H
#define VMPLAT_BARRIER_H

#include <arch/barrier.h>

#define smp_mb()	    __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define load_acquire(p)	    __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

#endif
