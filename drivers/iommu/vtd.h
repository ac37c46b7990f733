// SPDX-License-Identifier: MIT
/*
 * Intel VT-d remapping unit: registers (VT-d 4.x, chapter 11, "Register
 * Descriptions" 11.4), root/context entries (9.1-9.4) and driver state.
 */
#ifndef DRIVERS_IOMMU_VTD_H
#define DRIVERS_IOMMU_VTD_H

#include <vmplat/iommu.h>
#include <vmplat/spinlock.h>
#include "dmar.h"

/* ---- registers (11.4) ---- */
#define VTD_VER	    0x00
#define VTD_CAP	    0x08
#define VTD_ECAP    0x10
#define VTD_GCMD    0x18
#define VTD_GSTS    0x1c
#define VTD_RTADDR  0x20
#define VTD_CCMD    0x28
#define VTD_FSTS    0x34
#define VTD_FECTL   0x38
#define VTD_FEDATA  0x3c
#define VTD_FEADDR  0x40
#define VTD_FEUADDR 0x44
#define VTD_PMEN    0x64
#define VTD_IQH	    0x80 /* invalidation queue head (11.4.9.1) */
#define VTD_IQT	    0x88 /* invalidation queue tail (11.4.9.2) */
#define VTD_IQA	    0x90 /* invalidation queue address (11.4.9.3) */
#define VTD_ICS	    0x9c /* invalidation completion status (11.4.9.4) */

#define VTD_CAP_ND    GENMASK_ULL(2, 0)	  /* domains: 2^(4 + 2 * ND) */
#define VTD_CAP_RWBF  BIT_ULL(4)	  /* write-buffer flush required */
#define VTD_CAP_CM    BIT_ULL(7)	  /* caching mode */
#define VTD_CAP_SAGAW GENMASK_ULL(12, 8)  /* bit 1: 39-bit 3-level, bit 2: 48-bit 4-level */
#define VTD_CAP_MGAW  GENMASK_ULL(21, 16) /* max guest address width - 1 */
#define VTD_CAP_FRO   GENMASK_ULL(33, 24) /* fault recording offset / 16 */
#define VTD_CAP_SLLPS GENMASK_ULL(37, 34) /* bit 0: 2 MiB, bit 1: 1 GiB */
#define VTD_CAP_PSI   BIT_ULL(39)	  /* page-selective invalidation */
#define VTD_CAP_NFR   GENMASK_ULL(47, 40) /* fault recording registers - 1 */
#define VTD_CAP_MAMV  GENMASK_ULL(53, 48) /* max address mask value for PSI */

#define VTD_ECAP_C   BIT_ULL(0) /* page walks snoop the CPU caches */
#define VTD_ECAP_QI  BIT_ULL(1)
#define VTD_ECAP_PT  BIT_ULL(6)
#define VTD_ECAP_IRO GENMASK_ULL(17, 8) /* IOTLB register offset / 16 */

#define VTD_GCMD_TE	 BIT(31)
#define VTD_GCMD_SRTP	 BIT(30)
#define VTD_GCMD_WBF	 BIT(27)
#define VTD_GCMD_QIE	 BIT(26)
#define VTD_GCMD_IRE	 BIT(25)
/* One-shot command bits: never written back from GSTS (11.4.4.2). */
#define VTD_GCMD_ONESHOT (BIT(30) | BIT(29) | BIT(27) | BIT(24))

#define VTD_GSTS_TES  BIT(31)
#define VTD_GSTS_RTPS BIT(30)
#define VTD_GSTS_WBFS BIT(27)
#define VTD_GSTS_QIES BIT(26)

#define VTD_RTADDR_TTM GENMASK_ULL(11, 10) /* 00: legacy root/context tables */

#define VTD_CCMD_ICC  BIT_ULL(63)
#define VTD_CCMD_CIRG GENMASK_ULL(62, 61) /* 1 global, 2 domain, 3 device */
#define VTD_CCMD_CAIG GENMASK_ULL(60, 59)
#define VTD_CCMD_FM   GENMASK_ULL(33, 32)
#define VTD_CCMD_SID  GENMASK_ULL(31, 16)
#define VTD_CCMD_DID  GENMASK_ULL(15, 0)

/* IOTLB registers at ECAP.IRO * 16: IVA, then IOTLB (11.4.8). */
#define VTD_IVA_OFF    0
#define VTD_IOTLB_OFF  8
#define VTD_IOTLB_IVT  BIT_ULL(63)
#define VTD_IOTLB_IIRG GENMASK_ULL(61, 60) /* 1 global, 2 domain, 3 page */
#define VTD_IOTLB_IAIG GENMASK_ULL(58, 57)
#define VTD_IOTLB_DR   BIT_ULL(49)
#define VTD_IOTLB_DW   BIT_ULL(48)
#define VTD_IOTLB_DID  GENMASK_ULL(47, 32)
#define VTD_IVA_ADDR   GENMASK_ULL(63, 12)
#define VTD_IVA_AM     GENMASK_ULL(5, 0)
#define VTD_INV_GLOBAL 1
#define VTD_INV_DOMAIN 2
#define VTD_INV_PAGE   3 /* IOTLB; context cache: device */

#define VTD_FSTS_PFO	 BIT(0)
#define VTD_FSTS_PPF	 BIT(1)
#define VTD_FSTS_IQE	 BIT(4) /* invalidation queue error: IQH at the bad descriptor */
#define VTD_FSTS_ICE	 BIT(5) /* invalidation completion error (device-TLB) */
#define VTD_FSTS_ITE	 BIT(6) /* invalidation time-out error (device-TLB) */
#define VTD_FSTS_FRI	 GENMASK(15, 8)
#define VTD_FSTS_W1C	 (BIT(0) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6))
#define VTD_FECTL_IM	 BIT(31)
#define VTD_FECTL_IP	 BIT(30)
/* Fault event MSI (7.3, 11.4.9.4-11.4.9.6): x86 compatibility-format address. */
#define VTD_FEADDR_BASE	 0xfee00000u
#define VTD_FEADDR_DEST	 GENMASK(19, 12) /* destination APIC id */
#define VTD_FAULT_VECTOR 0x50		 /* + unit index: free LAPIC vectors */

/* ---- queued invalidation (6.5.2) ---- */
#define VTD_IQA_IQA	 GENMASK_ULL(63, 12) /* queue base, 4 KiB aligned */
#define VTD_IQA_DW	 BIT_ULL(11)	     /* 0: 128-bit descriptors */
#define VTD_IQA_QS	 GENMASK_ULL(2, 0)   /* 2^QS pages */
#define VTD_IQ_QT	 GENMASK_ULL(18, 4)  /* IQH/IQT index of a 128-bit descriptor */
#define VTD_ICS_IWC	 BIT(0)
#define VTD_QI_DESC_SIZE 16
#define VTD_QI_ENTRIES	 (PAGE_SIZE / VTD_QI_DESC_SIZE) /* QS = 0: one page */

/* Descriptor types (6.5.2.1-6.5.2.8), bits 3:0 of the low qword. */
#define VTD_QI_TYPE	  GENMASK_ULL(3, 0)
#define VTD_QI_TYPE_CC	  0x1 /* context-cache invalidate */
#define VTD_QI_TYPE_IOTLB 0x2
#define VTD_QI_TYPE_WAIT  0x5
#define VTD_QI_GRAN	  GENMASK_ULL(5, 4) /* CC: G; IOTLB: G */
#define VTD_QI_DID	  GENMASK_ULL(31, 16)
#define VTD_QI_CC_SID	  GENMASK_ULL(47, 32)
#define VTD_QI_CC_FM	  GENMASK_ULL(49, 48)
#define VTD_QI_IOTLB_DW	  BIT_ULL(6)	    /* drain writes */
#define VTD_QI_IOTLB_DR	  BIT_ULL(7)	    /* drain reads */
#define VTD_QI_IOTLB_AM	  GENMASK_ULL(5, 0) /* high qword */
#define VTD_QI_IOTLB_IH	  BIT_ULL(6)
#define VTD_QI_IOTLB_ADDR GENMASK_ULL(63, 12)
#define VTD_QI_WAIT_IF	  BIT_ULL(4) /* interrupt (ICS.IWC) */
#define VTD_QI_WAIT_SW	  BIT_ULL(5) /* status write */
#define VTD_QI_WAIT_FN	  BIT_ULL(6) /* fence */
#define VTD_QI_WAIT_SDATA GENMASK_ULL(63, 32)
#define VTD_QI_WAIT_SADDR GENMASK_ULL(63, 2) /* high qword, dword aligned */

struct vtd_qi_desc {
	uint64_t lo, hi;
};

/* vtd_qi_desc.c: portable encoders (host-tested, tests/unit/vtd). */
struct vtd_qi_desc vtd_qi_cc(unsigned gran, uint16_t did, uint16_t sid);
struct vtd_qi_desc vtd_qi_iotlb(unsigned gran, uint16_t did, uint64_t addr, unsigned am);
struct vtd_qi_desc vtd_qi_wait(uint32_t data, paddr_t status);
/* 128-bit descriptor into queue memory: low qword at +0, high at +8. */
void vtd_qi_put(uint8_t *slot, struct vtd_qi_desc d);

/* Fault recording register: 128 bits, low qword then high (11.4.14). */
#define VTD_FRCD_LO_FI	GENMASK_ULL(63, 12)
#define VTD_FRCD_HI_SID GENMASK_ULL(15, 0)
#define VTD_FRCD_HI_FR	GENMASK_ULL(39, 32)
#define VTD_FRCD_HI_AT	GENMASK_ULL(61, 60)
#define VTD_FRCD_HI_T	BIT_ULL(62) /* 1: read request, 0: write */
#define VTD_FRCD_HI_F	BIT_ULL(63) /* fault recorded; write 1 to clear */

/* ---- root and context entries, legacy mode (9.1, 9.3) ---- */
#define VTD_ENTRY_SIZE	   16
#define VTD_ROOT_P	   BIT_ULL(0)
#define VTD_ROOT_CTP	   GENMASK_ULL(63, 12)
#define VTD_CTX_LO_P	   BIT_ULL(0)
#define VTD_CTX_LO_FPD	   BIT_ULL(1)
#define VTD_CTX_LO_T	   GENMASK_ULL(3, 2) /* 00: untranslated via second level */
#define VTD_CTX_LO_SLPTPTR GENMASK_ULL(63, 12)
#define VTD_CTX_HI_AW	   GENMASK_ULL(2, 0) /* 1: 39-bit, 2: 48-bit */
#define VTD_CTX_HI_DID	   GENMASK_ULL(23, 8)

#define VTD_TIMEOUT_NS (100 * NSEC_PER_MSEC)
#define VTD_MAX_DIDS   256 /* domain ids this driver hands out (CAP.ND permitting) */

struct vtd {
	struct iommu_unit unit;
	volatile uint8_t *regs;
	const struct dmar_drhd *drhd;
	uint64_t cap, ecap;
	unsigned frcd_off, nfr, iotlb_off;
	unsigned ndids;
	struct pt_format fmt; /* sl3/sl4 with the superpages CAP.SLLPS allows */
	paddr_t root;	      /* root table page */
	uint32_t did_used[VTD_MAX_DIDS / 32];
	uint64_t inv_ctx, inv_iotlb_psi, inv_iotlb_dsi, wbf;
	/* queued invalidation (vtd_qi.c): on when ECAP.QI and not vtd=noqi */
	bool qi;
	paddr_t iq;	     /* queue page */
	unsigned iq_tail;    /* next free slot */
	uint32_t *iq_status; /* wait descriptor status word */
	uint32_t iq_seq;
	uint64_t qi_waits, qi_errors;
	/* fault event interrupt (vtd_fault.c): vector, 0 when polled */
	unsigned fault_vec;
	uint64_t fault_irqs;
	struct spinlock fault_lock;
};

static inline struct vtd *to_vtd(struct iommu_unit *u)
{
	return container_of(u, struct vtd, unit);
}

/* vtd_inv.c */
int vtd_gcmd(struct vtd *v, uint32_t cmd, uint32_t status, bool set);
void vtd_flush_write_buffer(struct vtd *v);
int vtd_inv_context(struct vtd *v, unsigned gran, uint16_t did, uint16_t sid);
int vtd_inv_iotlb(struct vtd *v, unsigned gran, uint16_t did, uint64_t iova, uint64_t size);
/* vtd_qi.c: queue set-up/enable (QIE + QIES wait), submit + wait descriptor. */
int vtd_qi_enable(struct vtd *v);
int vtd_qi_disable(struct vtd *v);
int vtd_qi_submit(struct vtd *v, const struct vtd_qi_desc *d, unsigned n);
/* vtd_fault.c */
int vtd_fault_poll(struct iommu_unit *u);
/* Fault event MSI to the boot CPU's LAPIC (7.3); polling stays the fallback. */
int vtd_fault_irq_enable(struct vtd *v, unsigned vec);
void vtd_fault_irq_disable(struct vtd *v);
/* Fault interrupts taken by unit u (0 if it is not VT-d or polls). */
uint64_t vtd_fault_irq_count(struct iommu_unit *u);
const char *vtd_fault_reason(uint32_t fr);
/* vtd.c: does a DMAR scope list hold requester id rid (endpoint or below a bridge)? */
bool vtd_scope_has(const struct dmar_scope *sc, unsigned n, uint16_t rid);
/* vtd_ctx.c */
int vtd_attach(struct iommu_unit *u, struct iommu_domain *dom, const struct pci_dev *d,
	       uint16_t rid);
void vtd_detach(struct iommu_unit *u, struct iommu_domain *dom, const struct pci_dev *d,
		uint16_t rid);

#endif
