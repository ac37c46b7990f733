// SPDX-License-Identifier: MIT
/*
 * Host fake of arch/barrier.h: compiler fences only. Host tests are
 * single-threaded and touch no devices, so ordering against DMA is moot.
 */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

#define mb()	  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()	  __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define wmb()	  __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define dma_rmb() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define dma_wmb() __atomic_signal_fence(__ATOMIC_SEQ_CST)

#endif
