// SPDX-License-Identifier: MIT
/*
 * Arm SMMUv3 registers and in-memory structure fields (Arm IHI 0070 E.a:
 * registers chapter 6, STE 5.2, CD 5.4, commands 4, events 7.3).
 * Names follow the specification; the structures are little-endian
 * 64-bit words, built through the encoders in smmu_ste.c / smmu_cmd.c.
 */
#ifndef SMMU_REGS_H
#define SMMU_REGS_H

#include <vmplat/types.h>

/* ---- registers, page 0 (6.3) ---- */
#define SMMU_IDR0	     0x00
#define SMMU_IDR0_S2P	     BIT(0)
#define SMMU_IDR0_S1P	     BIT(1)
#define SMMU_IDR0_TTF	     GENMASK(3, 2) /* 2: AArch64, 3: both */
#define SMMU_IDR0_COHACC     BIT(4)
#define SMMU_IDR0_BTM	     BIT(5)
#define SMMU_IDR0_HYP	     BIT(9)
#define SMMU_IDR0_ATS	     BIT(10)
#define SMMU_IDR0_ASID16     BIT(12)
#define SMMU_IDR0_MSI	     BIT(13)
#define SMMU_IDR0_PRI	     BIT(16)
#define SMMU_IDR0_VMID16     BIT(18)
#define SMMU_IDR0_CD2L	     BIT(19)
#define SMMU_IDR0_TTENDIAN   GENMASK(22, 21)
#define SMMU_IDR0_STALL	     GENMASK(25, 24) /* 0 stall+term, 1 term only, 2 stall forced */
#define SMMU_IDR0_TERM_MODEL BIT(26)
#define SMMU_IDR0_ST_LVL     GENMASK(28, 27) /* 0 linear, 1 two-level */

#define SMMU_IDR1		0x04
#define SMMU_IDR1_SIDSIZE	GENMASK(5, 0)
#define SMMU_IDR1_SSIDSIZE	GENMASK(10, 6)
#define SMMU_IDR1_PRIQS		GENMASK(15, 11)
#define SMMU_IDR1_EVTQS		GENMASK(20, 16)
#define SMMU_IDR1_CMDQS		GENMASK(25, 21)
#define SMMU_IDR1_REL		BIT(28)
#define SMMU_IDR1_QUEUES_PRESET BIT(29)
#define SMMU_IDR1_TABLES_PRESET BIT(30)

#define SMMU_IDR2	  0x08
#define SMMU_IDR3	  0x0c
#define SMMU_IDR3_RIL	  BIT(10)
#define SMMU_IDR4	  0x10
#define SMMU_IDR5	  0x14
#define SMMU_IDR5_OAS	  GENMASK(2, 0)
#define SMMU_IDR5_GRAN4K  BIT(4)
#define SMMU_IDR5_GRAN16K BIT(5)
#define SMMU_IDR5_GRAN64K BIT(6)
#define SMMU_IDR5_VAX	  GENMASK(11, 10)
#define SMMU_IIDR	  0x18
#define SMMU_AIDR	  0x1c

#define SMMU_CR0	0x20
#define SMMU_CR0_SMMUEN BIT(0)
#define SMMU_CR0_PRIQEN BIT(1)
#define SMMU_CR0_EVTQEN BIT(2)
#define SMMU_CR0_CMDQEN BIT(3)
#define SMMU_CR0ACK	0x24

#define SMMU_CR1	  0x28
#define SMMU_CR1_QUEUE_IC GENMASK(1, 0)
#define SMMU_CR1_QUEUE_OC GENMASK(3, 2)
#define SMMU_CR1_QUEUE_SH GENMASK(5, 4)
#define SMMU_CR1_TABLE_IC GENMASK(7, 6)
#define SMMU_CR1_TABLE_OC GENMASK(9, 8)
#define SMMU_CR1_TABLE_SH GENMASK(11, 10)
#define SMMU_CACHE_WB	  1 /* CR1 cacheability: Write-Back */
#define SMMU_SH_INNER	  3

#define SMMU_CR2	   0x2c
#define SMMU_CR2_E2H	   BIT(0)
#define SMMU_CR2_RECINVSID BIT(1) /* record C_BAD_STREAMID */
#define SMMU_CR2_PTM	   BIT(2) /* private TLB maintenance: no broadcast TLBI */

#define SMMU_GBPA	 0x44
#define SMMU_GBPA_ABORT	 BIT(20)
#define SMMU_GBPA_UPDATE BIT(31)

#define SMMU_IRQ_CTRL		   0x50 /* 6.3.23 */
#define SMMU_IRQ_CTRL_GERROR_IRQEN BIT(0)
#define SMMU_IRQ_CTRL_PRIQ_IRQEN   BIT(1)
#define SMMU_IRQ_CTRL_EVENTQ_IRQEN BIT(2)
#define SMMU_IRQ_CTRLACK	   0x54 /* 6.3.24 */

#define SMMU_GERROR		 0x60
#define SMMU_GERRORN		 0x64
#define SMMU_GERROR_CMDQ_ERR	 BIT(0)
#define SMMU_GERROR_EVTQ_ABT	 BIT(2)
#define SMMU_GERROR_PRIQ_ABT	 BIT(3)
#define SMMU_GERROR_MSI_CMDQ_ABT BIT(4)
#define SMMU_GERROR_MSI_EVTQ_ABT BIT(5)
#define SMMU_GERROR_MSI_PRIQ_ABT BIT(6)
#define SMMU_GERROR_MSI_GERR_ABT BIT(7)
#define SMMU_GERROR_SFM_ERR	 BIT(8)
#define SMMU_GERROR_MASK	 GENMASK(8, 0)

#define SMMU_STRTAB_BASE	 0x80
#define SMMU_STRTAB_BASE_ADDR	 GENMASK_ULL(51, 6)
#define SMMU_STRTAB_BASE_RA	 BIT_ULL(62)
#define SMMU_STRTAB_BASE_CFG	 0x88
#define SMMU_STRTAB_CFG_LOG2SIZE GENMASK(5, 0)
#define SMMU_STRTAB_CFG_SPLIT	 GENMASK(10, 6)
#define SMMU_STRTAB_CFG_FMT	 GENMASK(17, 16) /* 0 linear, 1 two-level */

#define SMMU_CMDQ_BASE		   0x90
#define SMMU_CMDQ_PROD		   0x98
#define SMMU_CMDQ_CONS		   0x9c
#define SMMU_EVTQ_BASE		   0xa0
#define SMMU_EVTQ_PROD		   0x100a8 /* page 1 */
#define SMMU_EVTQ_CONS		   0x100ac
#define SMMU_Q_BASE_LOG2SIZE	   GENMASK_ULL(4, 0)
#define SMMU_Q_BASE_ADDR	   GENMASK_ULL(51, 5)
#define SMMU_Q_BASE_RWA		   BIT_ULL(62) /* CMDQ: read-allocate, EVTQ: write-allocate */
#define SMMU_Q_OVF		   BIT(31)     /* EVTQ_PROD.OVFLG / EVTQ_CONS.OVACKFLG */
#define SMMU_CMDQ_CONS_ERR	   GENMASK(30, 24)
#define SMMU_CMDQ_ERR_NONE	   0
#define SMMU_CMDQ_ERR_ILL	   1
#define SMMU_CMDQ_ERR_ABT	   2
#define SMMU_CMDQ_ERR_ATC_INV_SYNC 3

#define SMMU_REG_SPAN 0x20000 /* two 64 KiB pages */

/* ---- Stream Table Entry (5.2), 8 dwords ---- */
#define SMMU_STE_BYTES	   64
#define STE0_V		   BIT_ULL(0)
#define STE0_CONFIG	   GENMASK_ULL(3, 1)
#define STE_CONFIG_ABORT   0
#define STE_CONFIG_BYPASS  4
#define STE_CONFIG_S1	   5
#define STE_CONFIG_S2	   6
#define STE0_S1FMT	   GENMASK_ULL(5, 4)
#define STE0_S1CONTEXTPTR  GENMASK_ULL(51, 6)
#define STE0_S1CDMAX	   GENMASK_ULL(63, 59)
#define STE1_S1DSS	   GENMASK_ULL(1, 0)
#define STE1_S1CIR	   GENMASK_ULL(3, 2)
#define STE1_S1COR	   GENMASK_ULL(5, 4)
#define STE1_S1CSH	   GENMASK_ULL(7, 6)
#define STE1_S1STALLD	   BIT_ULL(27)
#define STE1_EATS	   GENMASK_ULL(29, 28)
#define STE1_STRW	   GENMASK_ULL(31, 30) /* 0 NS-EL1, 2 EL2 */
#define STE1_SHCFG	   GENMASK_ULL(45, 44)
#define STE_SHCFG_INCOMING 1
#define STE1_PRIVCFG	   GENMASK_ULL(49, 48)
#define STE1_INSTCFG	   GENMASK_ULL(51, 50)
#define STE2_S2VMID	   GENMASK_ULL(15, 0)
#define STE2_S2T0SZ	   GENMASK_ULL(37, 32)
#define STE2_S2SL0	   GENMASK_ULL(39, 38)
#define STE2_S2IR0	   GENMASK_ULL(41, 40)
#define STE2_S2OR0	   GENMASK_ULL(43, 42)
#define STE2_S2SH0	   GENMASK_ULL(45, 44)
#define STE2_S2TG	   GENMASK_ULL(47, 46)
#define STE2_S2PS	   GENMASK_ULL(50, 48)
#define STE2_S2AA64	   BIT_ULL(51)
#define STE2_S2ENDI	   BIT_ULL(52)
#define STE2_S2AFFD	   BIT_ULL(53)
#define STE2_S2PTW	   BIT_ULL(54)
#define STE2_S2S	   BIT_ULL(57)
#define STE2_S2R	   BIT_ULL(58)
#define STE3_S2TTB	   GENMASK_ULL(51, 4)
#define SMMU_CACHE_WBRA	   1 /* STE/CD table-walk cacheability: WB read-alloc */

/* Level-1 stream table descriptor (5.1.2), 8 bytes. */
#define SMMU_L1STD_BYTES 8
#define L1STD_SPAN	 GENMASK_ULL(4, 0)
#define L1STD_L2PTR	 GENMASK_ULL(51, 6)

/* ---- Context Descriptor (5.4), 8 dwords ---- */
#define SMMU_CD_BYTES 64
#define CD0_T0SZ      GENMASK_ULL(5, 0)
#define CD0_TG0	      GENMASK_ULL(7, 6) /* 0: 4 KiB */
#define CD0_IR0	      GENMASK_ULL(9, 8)
#define CD0_OR0	      GENMASK_ULL(11, 10)
#define CD0_SH0	      GENMASK_ULL(13, 12)
#define CD0_EPD0      BIT_ULL(14)
#define CD0_ENDI      BIT_ULL(15)
#define CD0_T1SZ      GENMASK_ULL(21, 16)
#define CD0_TG1	      GENMASK_ULL(23, 22) /* 2: 4 KiB */
#define CD0_EPD1      BIT_ULL(30)
#define CD0_V	      BIT_ULL(31)
#define CD0_IPS	      GENMASK_ULL(34, 32)
#define CD0_AFFD      BIT_ULL(35)
#define CD0_TBI0      BIT_ULL(38)
#define CD0_AA64      BIT_ULL(41)
#define CD0_HD	      BIT_ULL(42)
#define CD0_HA	      BIT_ULL(43)
#define CD0_S	      BIT_ULL(44) /* stall on fault */
#define CD0_R	      BIT_ULL(45) /* record faults */
#define CD0_A	      BIT_ULL(46) /* abort (not RAZ/WI) on fault */
#define CD0_ASET      BIT_ULL(47)
#define CD0_ASID      GENMASK_ULL(63, 48)
#define CD1_TTB0      GENMASK_ULL(51, 4)
#define CD_TG0_4K     0
#define CD_TG1_4K     2

/* ---- commands (4.1-4.7), 2 dwords ---- */
#define SMMU_CMD_BYTES	   16
#define CMD0_OP		   GENMASK_ULL(7, 0)
#define CMD0_SSV	   BIT_ULL(11)
#define CMD_CFGI_STE	   0x03
#define CMD_CFGI_STE_RANGE 0x04
#define CMD_CFGI_CD	   0x05
#define CMD_CFGI_CD_ALL	   0x06
#define CMD_TLBI_NH_ALL	   0x10
#define CMD_TLBI_NH_ASID   0x11
#define CMD_TLBI_NH_VA	   0x12
#define CMD_TLBI_EL2_ALL   0x20
#define CMD_TLBI_S12_VMALL 0x28
#define CMD_TLBI_S2_IPA	   0x2a
#define CMD_TLBI_NSNH_ALL  0x30
#define CMD_SYNC	   0x46
#define CMD_CFGI0_SSID	   GENMASK_ULL(31, 12)
#define CMD_CFGI0_SID	   GENMASK_ULL(63, 32)
#define CMD_CFGI1_LEAF	   BIT_ULL(0)
#define CMD_CFGI1_RANGE	   GENMASK_ULL(4, 0)
#define CMD_TLBI0_VMID	   GENMASK_ULL(47, 32)
#define CMD_TLBI0_ASID	   GENMASK_ULL(63, 48)
#define CMD_TLBI1_LEAF	   BIT_ULL(0)
#define CMD_TLBI1_VA	   GENMASK_ULL(63, 12)
#define CMD_TLBI1_IPA	   GENMASK_ULL(51, 12)
#define CMD_SYNC0_CS	   GENMASK_ULL(13, 12)
#define CMD_SYNC_CS_NONE   0
#define CMD_SYNC0_MSH	   GENMASK_ULL(23, 22)
#define CMD_SYNC0_MSIATTR  GENMASK_ULL(27, 24)

/* ---- event records (7.3), 4 dwords ---- */
#define SMMU_EVT_BYTES	32
#define EVT0_ID		GENMASK_ULL(7, 0)
#define EVT0_SSV	BIT_ULL(11)
#define EVT0_SSID	GENMASK_ULL(31, 12)
#define EVT0_SID	GENMASK_ULL(63, 32)
#define EVT1_STAG	GENMASK_ULL(15, 0)
#define EVT1_STALL	BIT_ULL(31)
#define EVT1_PNU	BIT_ULL(33)
#define EVT1_IND	BIT_ULL(34)
#define EVT1_RNW	BIT_ULL(35)
#define EVT1_S2		BIT_ULL(39)
#define EVT1_CLASS	GENMASK_ULL(41, 40)
#define EVT3_IPA	GENMASK_ULL(51, 12)
#define EVT3_FETCH_ADDR GENMASK_ULL(51, 3)

#define EVT_F_UUT	       0x01
#define EVT_C_BAD_STREAMID     0x02
#define EVT_F_STE_FETCH	       0x03
#define EVT_C_BAD_STE	       0x04
#define EVT_F_BAD_ATS_TREQ     0x05
#define EVT_F_STREAM_DISABLED  0x06
#define EVT_F_TRANSL_FORBIDDEN 0x07
#define EVT_C_BAD_SUBSTREAMID  0x08
#define EVT_F_CD_FETCH	       0x09
#define EVT_C_BAD_CD	       0x0a
#define EVT_F_WALK_EABT	       0x0b
#define EVT_F_TRANSLATION      0x10
#define EVT_F_ADDR_SIZE	       0x11
#define EVT_F_ACCESS	       0x12
#define EVT_F_PERMISSION       0x13
#define EVT_F_TLB_CONFLICT     0x20
#define EVT_F_CFG_CONFLICT     0x21
#define EVT_E_PAGE_REQUEST     0x24
#define EVT_F_VMS_FETCH	       0x25

#endif
