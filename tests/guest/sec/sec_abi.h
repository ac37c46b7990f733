// SPDX-License-Identifier: MIT
/*
 * What the passthrough security guest (tests/guest/sec) and the hypervisor
 * (hv/passthrough_guest.c) agree on. The guest gets "seed=0x<hex>
 * bad=0x<hex>" in /chosen/bootargs: seed makes the DMA data, bad is an IPA
 * outside its RAM that is, on the host, a canary page the hypervisor owns
 * (without IOMMU translation the device would write there).
 */
#ifndef SEC_ABI_H
#define SEC_ABI_H

#include "../../../arch/aarch64/hv/guest/guest_abi.h"

#define SEC_ECAM	    0x3f000000ULL /* VPCI_GUEST_ECAM_BASE */
#define SEC_BAR0	    0x18000000ULL /* where the guest puts the edu's BAR0 (not the host's) */
/* Inside the bridge window, no guest BAR there; on the host (QEMU virt with the
 * scenario's two edus) the unassigned edu's BAR0. */
#define SEC_UNMAPPED_BAR    0x10200000ULL
#define SEC_HOST_RAM_IPA    0x48000000ULL /* above guest RAM: host RAM on the host */
#define SEC_DMA_SRC	    (GUEST_RAM_BASE + (9ULL << 20))
#define SEC_DMA_DST	    (SEC_DMA_SRC + 0x1000)
#define SEC_DMA_LEN	    4000u /* < the edu buffer's 4096 - 1 */
#define SEC_CANARY	    0x5a
#define EDU_ID_VALUE	    0x010000edu
#define EDU_REG_ID	    0x00
#define EDU_REG_LIVENESS    0x04
#define EDU_REG_DMA_SRC	    0x80
#define EDU_REG_DMA_DST	    0x88
#define EDU_REG_DMA_CNT	    0x90
#define EDU_REG_DMA_CMD	    0x98
#define EDU_REG_INTR_STATUS 0x24
#define EDU_REG_INTR_RAISE  0x60
#define EDU_REG_INTR_ACK    0x64
/* INTA of virtual device 0: SPI VPCI_GUEST_INTX_SPI0 (3) of the guest DTB's interrupt-map. */
#define SEC_INTX_INTID	    35
#define SEC_INTX_ROUNDS	    2
#define EDU_DMA_BUF	    0x40000u

static inline uint8_t sec_dma_byte(uint64_t seed, unsigned i)
{
	return (uint8_t)(guest_pattern_word(seed, i / 8) >> (8 * (i % 8)));
}

#endif
