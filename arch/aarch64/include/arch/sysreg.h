// SPDX-License-Identifier: MIT
/*
 * System register access and the register fields the arch layer uses
 * (Arm ARM D17 "AArch64 System Register Descriptions").
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#ifndef __ASSEMBLY__
#include <stdint.h>

#define read_sysreg(r)                                       \
	({                                                   \
		uint64_t __v;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                         \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %x0" : : "rZ"((uint64_t)(v)) : "memory")
/* Registers assemblers may not know by name: S<op0>_<op1>_<Cn>_<Cm>_<op2>. */
#define read_sysreg_s(r)                                    \
	({                                                  \
		uint64_t __v;                               \
		__asm__ volatile("mrs %0, " r : "=r"(__v)); \
		__v;                                        \
	})
#define write_sysreg_s(r, v) __asm__ volatile("msr " r ", %x0" : : "rZ"((uint64_t)(v)) : "memory")
#endif

/* ---- CurrentEL (D17.2.35) ---- */
#define CURRENTEL_EL_SHIFT 2

/* ---- SCTLR_ELx (D17.2.118) ---- */
#define SCTLR_M	       (1 << 0)
#define SCTLR_A	       (1 << 1)
#define SCTLR_C	       (1 << 2)
#define SCTLR_SA       (1 << 3)
#define SCTLR_I	       (1 << 12)
#define SCTLR_WXN      (1 << 19)
#define SCTLR_EL2_RES1 0x30c50830
#define SCTLR_EL1_RES1 0x30d00800

/* ---- HCR_EL2 (D17.2.48) ---- */
#define HCR_RW	(1 << 31) /* EL1 is AArch64 */
#define HCR_FMO (1 << 3)  /* physical FIQ, IRQ, SError route to EL2: */
#define HCR_IMO (1 << 4)  /* without them they target EL1 and are */
#define HCR_AMO (1 << 5)  /* never taken while running at EL2 (D1.3.6) */

/* ---- CPTR_EL2 non-VHE (D17.2.30): RES1 bits, TFP = 0 ---- */
#define CPTR_EL2_RES1 0x33ff

/* ---- CPACR_EL1 (D17.2.29) ---- */
#define CPACR_FPEN_ALL (3 << 20)

/* ---- CNTHCTL_EL2 (D17.2.23): EL1PCTEN, EL1PCEN ---- */
#define CNTHCTL_EL1PCTEN (1 << 0)
#define CNTHCTL_EL1PCEN	 (1 << 1)

/* ---- SCR_EL3 (D17.2.117) ---- */
#define SCR_NS	 (1 << 0)
#define SCR_RES1 (3 << 4)
#define SCR_HCE	 (1 << 8)
#define SCR_RW	 (1 << 10)

/* ---- SPSR modes (C5.2.18) ---- */
#define SPSR_EL2H      0x9
#define SPSR_EL1H      0x5
#define SPSR_DAIF_MASK (0xf << 6)

/* ---- TCR_ELx (D17.2.131, D17.2.132) ---- */
#define TCR_T0SZ_48	  16
#define TCR_IRGN0_WBWA	  (1 << 8)
#define TCR_ORGN0_WBWA	  (1 << 10)
#define TCR_SH0_INNER	  (3 << 12)
#define TCR_TG0_4K	  (0 << 14)
#define TCR_EL2_PS_SHIFT  16
#define TCR_EL2_RES1	  ((1 << 31) | (1 << 23))
#define TCR_EL1_EPD1	  (1 << 23)
#define TCR_EL1_IPS_SHIFT 32

/* ---- timers (D11.2, D17.11) ---- */
#define CNT_CTL_ENABLE	(1 << 0)
#define CNT_CTL_IMASK	(1 << 1)
#define CNT_CTL_ISTATUS (1 << 2)

/* ---- GICv3 CPU interface system registers (IHI 0069 12.2) ---- */
#define ICC_SRE_EL1	"S3_0_C12_C12_5"
#define ICC_SRE_EL2	"S3_4_C12_C9_5"
#define ICC_PMR_EL1	"S3_0_C4_C6_0"
#define ICC_IAR1_EL1	"S3_0_C12_C12_0"
#define ICC_EOIR1_EL1	"S3_0_C12_C12_1"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_BPR1_EL1	"S3_0_C12_C12_3"
#define ICC_CTLR_EL1	"S3_0_C12_C12_4"
#define ICC_SGI1R_EL1	"S3_0_C12_C11_5"
#define ICC_SGI1R_IRM	(1ULL << 40)
#define ICC_SGI1R_INTID (0xfULL << 24)
#define ICC_SRE_SRE	(1 << 0)
#define ICC_SRE_ENABLE	(1 << 3)

#endif
