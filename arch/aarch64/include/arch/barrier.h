// SPDX-License-Identifier: MIT
/*
 * aarch64 barriers (Arm ARM B2.3.12 DMB, B2.3.13 DSB). mb/rmb/wmb also order
 * device accesses, so they are DSBs; the DMA barriers only order normal
 * memory as seen by other observers in the outer-shareable domain.
 */
#ifndef ARCH_BARRIER_H
#define ARCH_BARRIER_H

#define mb()	  __asm__ volatile("dsb sy" ::: "memory")
#define rmb()	  __asm__ volatile("dsb ld" ::: "memory")
#define wmb()	  __asm__ volatile("dsb st" ::: "memory")
#define dma_rmb() __asm__ volatile("dmb oshld" ::: "memory")
#define dma_wmb() __asm__ volatile("dmb oshst" ::: "memory")
#define isb()	  __asm__ volatile("isb" ::: "memory")
#define dsb(opt)  __asm__ volatile("dsb " #opt ::: "memory")

#endif
